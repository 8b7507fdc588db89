/* The provider's facts snapshot (provider/wmi/facts_cache.c): who may share
 * it, for how long, one collection at a time, snapshots that outlive their
 * replacement, and the watched facts kept past the window while a registry
 * watch holds. The source here counts its calls and stamps each full
 * collection into facts.os.build (a watched fact) and each read of the
 * unwatched facts into facts.updates.kernel_version[3] (an unwatched one),
 * so a test can tell what was read again. Its watch is a flag the test
 * flips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "wmi/facts_cache.h"

typedef struct counting_collector {
    volatile LONG calls;       /* full collections */
    volatile LONG unwatched;   /* reads of the unwatched facts alone */
    DWORD sleep_ms; /* widens the window in which a second collection could start */
    /* The fake watch. */
    bool can_watch;            /* arming succeeds */
    bool changed;              /* a key changed since the last arming */
    LONG armings, frees;
    int watch_token;           /* what *watch points to while armed */
} counting_collector;

static counting_collector *the_collector; /* the watch callbacks have no context */

static void count_collection(void *context, acs_host_facts *facts)
{
    counting_collector *c = context;
    LONG n = InterlockedIncrement(&c->calls);
    if (c->sleep_ms)
        Sleep(c->sleep_ms);
    facts->os.build = (uint32_t)n;
    facts->updates.kernel_version[3] = (uint16_t)(n + c->unwatched);
}

static void count_unwatched(void *context, acs_host_facts *facts)
{
    counting_collector *c = context;
    LONG n = InterlockedIncrement(&c->unwatched);
    facts->updates.kernel_version[3] = (uint16_t)(n + c->calls);
}

static bool fake_arm(void **watch)
{
    counting_collector *c = the_collector;
    if (!c->can_watch) {
        if (*watch != NULL)
            c->frees++;
        *watch = NULL;
        return false;
    }
    c->armings++;
    c->changed = false;
    *watch = &c->watch_token;
    return true;
}

static bool fake_unchanged(void *watch)
{
    assert_ptr_equal(watch, &the_collector->watch_token);
    return !the_collector->changed;
}

static void fake_free(void *watch)
{
    assert_ptr_equal(watch, &the_collector->watch_token);
    the_collector->frees++;
}

/* A cache over c; watching false: a source without a watch. */
static void cache_init(acs_facts_cache *cache, uint32_t max_age_ms, counting_collector *c, bool watching)
{
    acs_facts_source source = { c, count_collection, count_unwatched, NULL, NULL, NULL };
    if (watching) {
        source.watch_arm = fake_arm;
        source.watch_unchanged = fake_unchanged;
        source.watch_free = fake_free;
    }
    the_collector = c;
    acs_facts_cache_init(cache, max_age_ms, &source);
}

static const char alice[] = "alice", bob[] = "bob";

/* One request after another: which of them collect. Table: the second
 * request's key, how much later it arrives, the window; whether it collects. */
static void test_sharing_rules(void **state)
{
    static const struct {
        const char *name;
        uint32_t max_age_ms;
        const char *second_key; /* NULL: identity unknown */
        uint64_t later_ms;
        LONG collections;       /* over both requests */
    } rows[] = {
        { "same client within the window: shared", 2000, alice, 0, 1 },
        { "same client just inside the window: shared", 2000, alice, 1999, 1 },
        { "same client after the window: collects", 2000, alice, 2000, 2 },
        { "another client: collects", 2000, bob, 0, 2 },
        { "identity unknown: collects", 2000, NULL, 0, 2 },
        { "window 0: every request collects", 0, alice, 0, 2 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        counting_collector c = { 0 };
        acs_facts_cache cache;
        acs_facts_snapshot *first = NULL, *second = NULL;
        uint64_t now = GetTickCount64();
        size_t second_size = rows[i].second_key ? strlen(rows[i].second_key) : 0;

        cache_init(&cache, rows[i].max_age_ms, &c, false);
        assert_int_equal(acs_facts_cache_get(&cache, alice, strlen(alice), now, &first), S_OK);
        /* The snapshot's clock starts when its collection began: "later"
         * counts from there, as a request arriving that much after it. */
        assert_int_equal(acs_facts_cache_get(&cache, rows[i].second_key, second_size,
                                             first->taken_ms + rows[i].later_ms, &second),
                         S_OK);
        if (c.calls != rows[i].collections || (c.calls == 1) != (first == second) ||
            second->facts.os.build != (uint32_t)c.calls)
            fail_msg("row '%s': %ld collections (want %ld), same snapshot %d, build %u", rows[i].name,
                     (long)c.calls, (long)rows[i].collections, first == second, second->facts.os.build);
        acs_facts_snapshot_release(first);
        acs_facts_snapshot_release(second);
        acs_facts_cache_free(&cache);
    }
}

/* A snapshot a request holds stays whole when a newer one replaces it, and
 * when the cache itself is freed (the provider released mid-request). */
static void test_snapshot_outlives_replacement(void **state)
{
    counting_collector c = { 0 };
    acs_facts_cache cache;
    acs_facts_snapshot *held = NULL, *newer = NULL, *newest = NULL;
    uint64_t now = GetTickCount64();

    cache_init(&cache, 2000, &c, false);
    assert_int_equal(acs_facts_cache_get(&cache, alice, strlen(alice), now, &held), S_OK);
    assert_int_equal(acs_facts_cache_get(&cache, bob, strlen(bob), now, &newer), S_OK);
    assert_ptr_not_equal(held, newer);
    assert_int_equal(held->facts.os.build, 1);
    assert_int_equal(newer->facts.os.build, 2);
    assert_int_equal(held->refs, 1); /* only the request's: the cache let go of it */
    /* Alice again: hers was replaced by Bob's, so she collects anew. */
    assert_int_equal(acs_facts_cache_get(&cache, alice, strlen(alice), now, &newest), S_OK);
    assert_int_equal(newest->facts.os.build, 3);
    acs_facts_cache_free(&cache);
    assert_null(cache.current);
    assert_int_equal(newest->refs, 1);
    assert_int_equal(held->facts.os.build, 1);
    acs_facts_snapshot_release(held);
    acs_facts_snapshot_release(newer);
    acs_facts_snapshot_release(newest);
}

/* Past the window: when the watched facts are kept and only the unwatched
 * ones read again. Table: the watch before the first request and after it,
 * the second request's key and how much later it arrives; the reads over
 * both requests. */
static void test_watched_facts_kept(void **state)
{
    static const struct {
        const char *name;
        uint32_t max_age_ms;
        bool watching;         /* the source has a watch */
        bool first_can_watch;  /* arming succeeds for the first request */
        bool changed;          /* a watched key changes between the requests */
        const char *second_key;
        uint64_t later_ms;
        LONG collections, unwatched;
    } rows[] = {
        { "past the window, nothing changed: watched facts kept, the rest read again", 2000, true, true, false, alice,
          2000, 1, 1 },
        { "a watched key changed: every fact read", 2000, true, true, true, alice, 2000, 2, 0 },
        { "inside the window, a key changed: the snapshot answers whole", 2000, true, true, true, alice, 1999, 1, 0 },
        { "no watch could be armed: every fact read", 2000, true, false, false, alice, 2000, 2, 0 },
        { "a source without a watch: every fact read", 2000, false, true, false, alice, 2000, 2, 0 },
        { "another client: every fact read", 2000, true, true, false, bob, 2000, 2, 0 },
        { "identity unknown: every fact read", 2000, true, true, false, NULL, 2000, 2, 0 },
        { "just inside the watched facts' age limit: kept", 2000, true, true, false, alice,
          ACS_FACTS_WATCHED_MAX_AGE_MS - 1, 1, 1 },
        { "at the watched facts' age limit: every fact read", 2000, true, true, false, alice,
          ACS_FACTS_WATCHED_MAX_AGE_MS, 2, 0 },
        { "window 0: every fact read, no watch", 0, true, true, false, alice, 2000, 2, 0 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        counting_collector c = { 0 };
        acs_facts_cache cache;
        acs_facts_snapshot *first = NULL, *second = NULL;
        size_t second_size = rows[i].second_key ? strlen(rows[i].second_key) : 0;
        bool kept;

        c.can_watch = rows[i].first_can_watch;
        cache_init(&cache, rows[i].max_age_ms, &c, rows[i].watching);
        assert_int_equal(acs_facts_cache_get(&cache, alice, strlen(alice), GetTickCount64(), &first), S_OK);
        c.can_watch = true;
        c.changed = rows[i].changed;
        assert_int_equal(acs_facts_cache_get(&cache, rows[i].second_key, second_size,
                                             first->taken_ms + rows[i].later_ms, &second),
                         S_OK);
        kept = rows[i].unwatched > 0;
        if (c.calls != rows[i].collections || c.unwatched != rows[i].unwatched ||
            /* kept: the first read's watched facts, a new read of the rest */
            second->facts.os.build != (uint32_t)(kept ? 1 : c.calls) ||
            (kept && (second == first || second->facts.updates.kernel_version[3] != 2)) ||
            (kept && second->watched_ms != first->watched_ms) ||
            (rows[i].max_age_ms == 0 && c.armings != 0))
            fail_msg("row '%s': %ld collections (want %ld), %ld unwatched reads (want %ld), build %u, kernel %u, "
                     "%ld armings",
                     rows[i].name, (long)c.calls, (long)rows[i].collections, (long)c.unwatched,
                     (long)rows[i].unwatched, second->facts.os.build, second->facts.updates.kernel_version[3],
                     (long)c.armings);
        acs_facts_snapshot_release(first);
        acs_facts_snapshot_release(second);
        acs_facts_cache_free(&cache);
        /* The cache gives its watch back, once. */
        if (c.frees != (rows[i].watching && c.armings > 0 ? 1 : 0))
            fail_msg("row '%s': watch freed %ld times after %ld armings", rows[i].name, (long)c.frees,
                     (long)c.armings);
    }
}

/* Watched facts kept once are as old as their read, not as the refresh
 * that kept them; and facts read before the last arming (another client's
 * collection re-armed the watch) are never kept, whoever asks again. */
static void test_watched_facts_age_and_arming(void **state)
{
    counting_collector c = { 0 };
    acs_facts_cache cache;
    acs_facts_snapshot *s1 = NULL, *s2 = NULL, *s3 = NULL, *s4 = NULL, *s5 = NULL, *s6 = NULL;
    uint64_t t0;

    c.can_watch = true;
    cache_init(&cache, 2000, &c, true);
    assert_int_equal(acs_facts_cache_get(&cache, alice, strlen(alice), GetTickCount64(), &s1), S_OK);
    t0 = s1->taken_ms;
    assert_int_equal(acs_facts_cache_get(&cache, alice, strlen(alice), t0 + 3000, &s2), S_OK);
    assert_int_equal(c.calls, 1);
    assert_int_equal(c.unwatched, 1);
    assert_int_equal(s2->watched_ms, t0);
    /* 60 s after the read, though only 57 s after the refresh: read again. */
    assert_int_equal(acs_facts_cache_get(&cache, alice, strlen(alice), t0 + ACS_FACTS_WATCHED_MAX_AGE_MS, &s3),
                     S_OK);
    assert_int_equal(c.calls, 2);
    assert_int_equal(c.armings, 2);
    /* Bob's collection arms the watch again; Alice's later request finds his
     * snapshot, not hers, and reads everything. */
    assert_int_equal(acs_facts_cache_get(&cache, bob, strlen(bob), GetTickCount64(), &s4), S_OK);
    assert_int_equal(c.calls, 3);
    assert_int_equal(c.armings, 3);
    assert_int_equal(acs_facts_cache_get(&cache, alice, strlen(alice), s4->taken_ms + 3000, &s5), S_OK);
    assert_int_equal(c.calls, 4);
    /* And hers is kept again once read after the last arming. */
    assert_int_equal(acs_facts_cache_get(&cache, alice, strlen(alice), s5->taken_ms + 3000, &s6), S_OK);
    assert_int_equal(c.calls, 4);
    assert_int_equal(c.unwatched, 2);
    assert_int_equal(cache.collections, 4);
    assert_int_equal(cache.refreshes, 2);
    acs_facts_snapshot_release(s1);
    acs_facts_snapshot_release(s2);
    acs_facts_snapshot_release(s3);
    acs_facts_snapshot_release(s4);
    acs_facts_snapshot_release(s5);
    acs_facts_snapshot_release(s6);
    acs_facts_cache_free(&cache);
}

static void test_window_limit(void **state)
{
    acs_facts_cache cache;
    counting_collector c = { 0 };
    cache_init(&cache, 10u * ACS_FACTS_MAX_AGE_LIMIT_MS, &c, true);
    assert_int_equal(cache.max_age_ms, ACS_FACTS_MAX_AGE_LIMIT_MS);
    acs_facts_cache_free(&cache);
}

/* 16 threads x 200 requests of one client at once: one collection serves
 * them all (a slow collector gives every thread the chance to start a
 * second one, which a broken single-flight would take), every snapshot is
 * the same, and every reference is given back. */
typedef struct burst {
    acs_facts_cache *cache;
    counting_collector *collector;
    HANDLE start;
    volatile LONG wrong;
} burst;

static DWORD WINAPI burst_thread(void *arg)
{
    burst *b = arg;
    WaitForSingleObject(b->start, INFINITE);
    for (int i = 0; i < 200; i++) {
        acs_facts_snapshot *s = NULL;
        if (acs_facts_cache_get(b->cache, alice, strlen(alice), GetTickCount64(), &s) != S_OK ||
            s == NULL || s->facts.os.build != 1)
            InterlockedIncrement(&b->wrong);
        acs_facts_snapshot_release(s);
    }
    return 0;
}

static void test_threads_share_one_collection(void **state)
{
    counting_collector c = { 0 };
    c.sleep_ms = 50;
    acs_facts_cache cache;
    burst b;
    HANDLE threads[16];

    /* A window far longer than the test: any second collection is a bug. */
    cache_init(&cache, ACS_FACTS_MAX_AGE_LIMIT_MS, &c, true);
    b.cache = &cache;
    b.collector = &c;
    b.wrong = 0;
    b.start = CreateEventW(NULL, TRUE, FALSE, NULL);
    assert_non_null(b.start);
    for (int t = 0; t < 16; t++) {
        threads[t] = CreateThread(NULL, 0, burst_thread, &b, 0, NULL);
        assert_non_null(threads[t]);
    }
    SetEvent(b.start);
    assert_int_equal(WaitForMultipleObjects(16, threads, TRUE, 60000), WAIT_OBJECT_0);
    for (int t = 0; t < 16; t++)
        CloseHandle(threads[t]);
    CloseHandle(b.start);
    assert_int_equal(b.wrong, 0);
    assert_int_equal(c.calls, 1);
    assert_int_equal(cache.collections, 1);
    assert_non_null(cache.current);
    assert_int_equal(cache.current->refs, 1); /* the cache's own: every request released its */
    acs_facts_cache_free(&cache);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sharing_rules),
        cmocka_unit_test(test_snapshot_outlives_replacement),
        cmocka_unit_test(test_watched_facts_kept),
        cmocka_unit_test(test_watched_facts_age_and_arming),
        cmocka_unit_test(test_window_limit),
        cmocka_unit_test(test_threads_share_one_collection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
