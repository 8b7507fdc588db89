/* The facts of this machine, shared for a moment by the requests of one
 * provider instance. A client that enumerates the three classes (an admin's
 * three Get-CimInstance calls, SCCM hardware inventory) asks three times in a
 * row; each answer would read the same registry keys again. A snapshot of the
 * facts serves every request that arrives within max_age_ms of its collection
 * from a client with the same identity (the caller's key: whose rights read
 * the facts, so nobody is answered from what another token could read).
 *
 * Guarantee: a request is answered from facts whose collection began no
 * earlier than max_age_ms before the request arrived. max_age_ms 0: every
 * request collects its own. One collection at a time per cache: requests
 * that arrive meanwhile wait for it and use it when it is theirs.
 *
 * The cache belongs to one provider instance (one catalog, freed with it),
 * so a provider loaded again never sees an older instance's facts. Windows
 * only (SRW locks); no COM. */
#ifndef ACSREADY_WMI_FACTS_CACHE_H
#define ACSREADY_WMI_FACTS_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include <windows.h>

#include "core/facts.h"

/* How long a snapshot serves by default, and the most a setting may ask
 * (docs/classes.md, "How fresh an answer is"). */
#define ACS_FACTS_MAX_AGE_DEFAULT_MS 2000u
#define ACS_FACTS_MAX_AGE_LIMIT_MS 60000u

typedef struct acs_facts_snapshot {
    LONG refs;
    uint64_t taken_ms;  /* the tick count when its collection began */
    size_t key_size;
    const unsigned char *key; /* points just past the struct */
    acs_host_facts facts;
} acs_facts_snapshot;

typedef struct acs_facts_cache {
    SRWLOCK lock;       /* guards current */
    SRWLOCK collecting; /* held while one request collects */
    acs_facts_snapshot *current; /* NULL, or the newest shareable snapshot (one reference) */
    uint32_t max_age_ms;
    volatile LONG collections; /* how many times the collector ran (tests, benchmark) */
} acs_facts_cache;

/* Fills *facts; nonzero only for a programming error (facts carry their own
 * "could not read"). */
typedef int (*acs_facts_collector)(void *context, acs_host_facts *facts);

void acs_facts_cache_init(acs_facts_cache *cache, uint32_t max_age_ms);
/* Drops the cache's reference; snapshots still held by requests live on until released. */
void acs_facts_cache_free(acs_facts_cache *cache);

/* A snapshot to answer from (release it with acs_facts_snapshot_release).
 * key NULL or key_size 0: the identity is unknown, so this request collects
 * its own and shares it with nobody. now_ms: GetTickCount64() when the request
 * arrived. S_OK or E_OUTOFMEMORY. */
HRESULT acs_facts_cache_get(acs_facts_cache *cache, const void *key, size_t key_size, uint64_t now_ms,
                            acs_facts_collector collect, void *context, acs_facts_snapshot **out);
void acs_facts_snapshot_release(acs_facts_snapshot *snapshot);

#endif
