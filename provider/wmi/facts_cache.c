/* The short-lived facts snapshot; see facts_cache.h. */
#include "wmi/facts_cache.h"

#include <string.h>

void acs_facts_cache_init(acs_facts_cache *cache, uint32_t max_age_ms)
{
    memset(cache, 0, sizeof(*cache));
    InitializeSRWLock(&cache->lock);
    InitializeSRWLock(&cache->collecting);
    cache->max_age_ms = max_age_ms > ACS_FACTS_MAX_AGE_LIMIT_MS ? ACS_FACTS_MAX_AGE_LIMIT_MS : max_age_ms;
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
}

/* The current snapshot, referenced, when it may answer this request. */
static acs_facts_snapshot *shared_snapshot(acs_facts_cache *cache, const void *key, size_t key_size, uint64_t now_ms)
{
    acs_facts_snapshot *found = NULL;

    AcquireSRWLockShared(&cache->lock);
    if (cache->current != NULL && cache->current->key_size == key_size &&
        memcmp(cache->current->key, key, key_size) == 0 &&
        /* begun after the request arrived, or less than max_age before */
        (cache->current->taken_ms >= now_ms || now_ms - cache->current->taken_ms < cache->max_age_ms)) {
        found = cache->current;
        InterlockedIncrement(&found->refs);
    }
    ReleaseSRWLockShared(&cache->lock);
    return found;
}

static acs_facts_snapshot *collect_snapshot(acs_facts_cache *cache, const void *key, size_t key_size,
                                            acs_facts_collector collect, void *context)
{
    acs_facts_snapshot *snapshot = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*snapshot) + key_size);

    if (snapshot == NULL)
        return NULL;
    snapshot->refs = 1;
    snapshot->taken_ms = GetTickCount64();
    snapshot->key_size = key_size;
    snapshot->key = (const unsigned char *)(snapshot + 1);
    if (key_size > 0)
        memcpy(snapshot + 1, key, key_size);
    acs_facts_init(&snapshot->facts);
    collect(context, &snapshot->facts);
    InterlockedIncrement(&cache->collections);
    return snapshot;
}

HRESULT acs_facts_cache_get(acs_facts_cache *cache, const void *key, size_t key_size, uint64_t now_ms,
                            acs_facts_collector collect, void *context, acs_facts_snapshot **out)
{
    acs_facts_snapshot *snapshot, *old = NULL;

    *out = NULL;
    if (key == NULL || key_size == 0 || cache->max_age_ms == 0) {
        /* Nobody else may use these facts: not kept. */
        *out = collect_snapshot(cache, NULL, 0, collect, context);
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
        snapshot = collect_snapshot(cache, key, key_size, collect, context);
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
