/* The provider's facts snapshot (provider/wmi/facts_cache.c): who may share
 * it, for how long, one collection at a time, and snapshots that outlive
 * their replacement. The collector here counts its calls and stamps each
 * collection into facts.os.build, so a test can tell snapshots apart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "wmi/facts_cache.h"

typedef struct counting_collector {
    volatile LONG calls;
    DWORD sleep_ms; /* widens the window in which a second collection could start */
} counting_collector;

static int count_collection(void *context, acs_host_facts *facts)
{
    counting_collector *c = context;
    LONG n = InterlockedIncrement(&c->calls);
    if (c->sleep_ms)
        Sleep(c->sleep_ms);
    facts->os.build = (uint32_t)n;
    return 0;
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
        counting_collector c = { 0, 0 };
        acs_facts_cache cache;
        acs_facts_snapshot *first = NULL, *second = NULL;
        uint64_t now = GetTickCount64();
        size_t second_size = rows[i].second_key ? strlen(rows[i].second_key) : 0;

        acs_facts_cache_init(&cache, rows[i].max_age_ms);
        assert_int_equal(acs_facts_cache_get(&cache, alice, strlen(alice), now, count_collection, &c, &first), S_OK);
        /* The snapshot's clock starts when its collection began: "later"
         * counts from there, as a request arriving that much after it. */
        assert_int_equal(acs_facts_cache_get(&cache, rows[i].second_key, second_size,
                                             first->taken_ms + rows[i].later_ms, count_collection, &c, &second),
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
    counting_collector c = { 0, 0 };
    acs_facts_cache cache;
    acs_facts_snapshot *held = NULL, *newer = NULL, *newest = NULL;
    uint64_t now = GetTickCount64();

    acs_facts_cache_init(&cache, 2000);
    assert_int_equal(acs_facts_cache_get(&cache, alice, strlen(alice), now, count_collection, &c, &held), S_OK);
    assert_int_equal(acs_facts_cache_get(&cache, bob, strlen(bob), now, count_collection, &c, &newer), S_OK);
    assert_ptr_not_equal(held, newer);
    assert_int_equal(held->facts.os.build, 1);
    assert_int_equal(newer->facts.os.build, 2);
    assert_int_equal(held->refs, 1); /* only the request's: the cache let go of it */
    /* Alice again: hers was replaced by Bob's, so she collects anew. */
    assert_int_equal(acs_facts_cache_get(&cache, alice, strlen(alice), now, count_collection, &c, &newest), S_OK);
    assert_int_equal(newest->facts.os.build, 3);
    acs_facts_cache_free(&cache);
    assert_null(cache.current);
    assert_int_equal(newest->refs, 1);
    assert_int_equal(held->facts.os.build, 1);
    acs_facts_snapshot_release(held);
    acs_facts_snapshot_release(newer);
    acs_facts_snapshot_release(newest);
}

static void test_window_limit(void **state)
{
    acs_facts_cache cache;
    acs_facts_cache_init(&cache, 10u * ACS_FACTS_MAX_AGE_LIMIT_MS);
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
        if (acs_facts_cache_get(b->cache, alice, strlen(alice), GetTickCount64(), count_collection, b->collector,
                                &s) != S_OK ||
            s == NULL || s->facts.os.build != 1)
            InterlockedIncrement(&b->wrong);
        acs_facts_snapshot_release(s);
    }
    return 0;
}

static void test_threads_share_one_collection(void **state)
{
    counting_collector c = { 0, 50 };
    acs_facts_cache cache;
    burst b;
    HANDLE threads[16];

    /* A window far longer than the test: any second collection is a bug. */
    acs_facts_cache_init(&cache, ACS_FACTS_MAX_AGE_LIMIT_MS);
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
        cmocka_unit_test(test_window_limit),
        cmocka_unit_test(test_threads_share_one_collection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
