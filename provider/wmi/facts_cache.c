/* The short-lived facts snapshot; see facts_cache.h. */
#include "wmi/facts_cache.h"

#include <string.h>

void acs_facts_cache_init(acs_facts_cache *cache, uint32_t max_age_ms, const acs_facts_source *source)
{
    memset(cache, 0, sizeof(*cache));
    InitializeSRWLock(&cache->lock);
    InitializeSRWLock(&cache->collecting);
    cache->max_age_ms = max_age_ms > ACS_FACTS_MAX_AGE_LIMIT_MS ? ACS_FACTS_MAX_AGE_LIMIT_MS : max_age_ms;
    cache->source = *source;
}

void acs_facts_snapshot_release(acs_facts_snapshot *snapshot)
{
    if (snapshot != NULL && InterlockedDecrement(&snapshot->refs) == 0)
        HeapFree(GetProcessHeap(), 0, snapshot);
}

void acs_facts_cache_free(acs_facts_cache *cache)
{
    acs_facts_snapshot *old;

    AcquireSRWLockExclusive(&cache->lock);
    old = cache->current;
    cache->current = NULL;
    ReleaseSRWLockExclusive(&cache->lock);
    acs_facts_snapshot_release(old);
    if (cache->watch != NULL && cache->source.watch_free != NULL)
        cache->source.watch_free(cache->watch);
    cache->watch = NULL;
}

/* begun after the request arrived, or less than age_ms before */
static bool younger_than(uint64_t begun_ms, uint64_t now_ms, uint64_t age_ms)
{
    return begun_ms >= now_ms || now_ms - begun_ms < age_ms;
}

static bool same_identity(const acs_facts_snapshot *snapshot, const void *key, size_t key_size)
{
    return snapshot->key_size == key_size && memcmp(snapshot->key, key, key_size) == 0;
}

/* The current snapshot, referenced, when it may answer this request whole. */
static acs_facts_snapshot *shared_snapshot(acs_facts_cache *cache, const void *key, size_t key_size, uint64_t now_ms)
{
    acs_facts_snapshot *found = NULL;

    AcquireSRWLockShared(&cache->lock);
    if (cache->current != NULL && same_identity(cache->current, key, key_size) &&
        younger_than(cache->current->taken_ms, now_ms, cache->max_age_ms)) {
        found = cache->current;
        InterlockedIncrement(&found->refs);
    }
    ReleaseSRWLockShared(&cache->lock);
    return found;
}

/* Whether the current snapshot's watched facts may serve this request
 * (facts_cache.h); called with cache->collecting held, which alone replaces
 * current and touches the watch. */
static bool watched_facts_kept(acs_facts_cache *cache, const void *key, size_t key_size, uint64_t now_ms)
{
    const acs_facts_snapshot *current = cache->current;

    return current != NULL && cache->watch != NULL && current->vouched_by == cache->armings &&
           current->vouched_by != 0 && same_identity(current, key, key_size) &&
           younger_than(current->watched_ms, now_ms, ACS_FACTS_WATCHED_MAX_AGE_MS) &&
           cache->source.watch_unchanged(cache->watch);
}

/* A new snapshot: every fact read, or kept's watched facts with the
 * unwatched ones read again. */
static acs_facts_snapshot *collect_snapshot(acs_facts_cache *cache, const void *key, size_t key_size,
                                            const acs_facts_snapshot *kept, uint64_t vouched_by)
{
    acs_facts_snapshot *snapshot = HeapAlloc(GetProcessHeap(), 0, sizeof(*snapshot) + key_size);

    if (snapshot == NULL)
        return NULL;
    snapshot->refs = 1;
    snapshot->taken_ms = GetTickCount64();
    snapshot->key_size = key_size;
    snapshot->key = (const unsigned char *)(snapshot + 1);
    if (key_size > 0)
        memcpy(snapshot + 1, key, key_size);
    if (kept != NULL) {
        snapshot->watched_ms = kept->watched_ms;
        snapshot->vouched_by = kept->vouched_by;
        memcpy(&snapshot->facts, &kept->facts, sizeof(snapshot->facts));
        cache->source.collect_unwatched(cache->source.context, &snapshot->facts);
        InterlockedIncrement(&cache->refreshes);
    } else {
        snapshot->watched_ms = snapshot->taken_ms;
        snapshot->vouched_by = vouched_by;
        acs_facts_init(&snapshot->facts);
        cache->source.collect(cache->source.context, &snapshot->facts);
        InterlockedIncrement(&cache->collections);
    }
    return snapshot;
}

HRESULT acs_facts_cache_get(acs_facts_cache *cache, const void *key, size_t key_size, uint64_t now_ms,
                            acs_facts_snapshot **out)
{
    acs_facts_snapshot *snapshot, *old = NULL;

    *out = NULL;
    if (key == NULL || key_size == 0 || cache->max_age_ms == 0) {
        /* Nobody else may use these facts: not kept. */
        *out = collect_snapshot(cache, NULL, 0, NULL, 0);
        return *out != NULL ? S_OK : E_OUTOFMEMORY;
    }
    snapshot = shared_snapshot(cache, key, key_size, now_ms);
    if (snapshot != NULL) {
        *out = snapshot;
        return S_OK;
    }
    /* One collection at a time: a request that waited here finds the one
     * made meanwhile, when it was made for the same identity. */
    AcquireSRWLockExclusive(&cache->collecting);
    snapshot = shared_snapshot(cache, key, key_size, now_ms);
    if (snapshot == NULL) {
        if (watched_facts_kept(cache, key, key_size, now_ms)) {
            snapshot = collect_snapshot(cache, key, key_size, cache->current, 0);
        } else {
            /* Armed before the read, so a change during it is seen. An
             * arming vouches only for what is read after it: whatever the
             * snapshots of earlier armings hold is never kept again. */
            uint64_t vouched_by = 0;
            if (cache->source.watch_arm != NULL) {
                if (cache->source.watch_arm(&cache->watch))
                    vouched_by = ++cache->armings;
                else
                    cache->watch = NULL;
            }
            snapshot = collect_snapshot(cache, key, key_size, NULL, vouched_by);
        }
        if (snapshot != NULL) {
            InterlockedIncrement(&snapshot->refs); /* the cache's reference */
            AcquireSRWLockExclusive(&cache->lock);
            old = cache->current;
            cache->current = snapshot;
            ReleaseSRWLockExclusive(&cache->lock);
        }
    }
    ReleaseSRWLockExclusive(&cache->collecting);
    acs_facts_snapshot_release(old);
    *out = snapshot;
    return snapshot != NULL ? S_OK : E_OUTOFMEMORY;
}
