/* The facts of this machine, shared for a moment by the requests of one
 * provider instance. A client that enumerates the three classes (an admin's
 * three Get-CimInstance calls, SCCM hardware inventory) asks three times in a
 * row; each answer would read the same registry keys again. A snapshot of the
 * facts serves every request that arrives within max_age_ms of its collection
 * from a client with the same identity (the caller's key: whose rights read
 * the facts, so nobody is answered from what another token could read).
 *
 * Past that window the snapshot's watched facts (collect.h: those from the
 * registry) are still kept when the same identity asks, while a registry
 * watch armed before they were read has seen no change and for at most
 * ACS_FACTS_WATCHED_MAX_AGE_MS; only the unwatched facts (ntoskrnl.exe, the
 * protected services) are read again. A watched fact kept is the one a new
 * read would give, because Windows signals every change of the keys it
 * comes from; the age bound only limits how long a read that failed for a
 * passing reason (memory, a clock-dependent check) can last.
 *
 * Guarantee: a request is answered from facts whose collection began no
 * earlier than max_age_ms before the request arrived, except watched facts,
 * which were read after the last change of their keys and at most
 * ACS_FACTS_WATCHED_MAX_AGE_MS before. max_age_ms 0: every request reads
 * every fact. One collection at a time per cache: requests that arrive
 * meanwhile wait for it and use it when it is theirs.
 *
 * The cache belongs to one provider instance (one catalog, freed with it),
 * so a provider loaded again never sees an older instance's facts. Windows
 * only (SRW locks); no COM. */
#ifndef ACSREADY_WMI_FACTS_CACHE_H
#define ACSREADY_WMI_FACTS_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <windows.h>

#include "core/facts.h"

/* How long a snapshot serves by default, and the most a setting may ask
 * (docs/classes.md, "How fresh an answer is"). No answer relies on a read
 * older than ACS_FACTS_MAX_AGE_LIMIT_MS: the watched facts are read again
 * after it too. */
#define ACS_FACTS_MAX_AGE_DEFAULT_MS 2000u
#define ACS_FACTS_MAX_AGE_LIMIT_MS 60000u
#define ACS_FACTS_WATCHED_MAX_AGE_MS ACS_FACTS_MAX_AGE_LIMIT_MS

typedef struct acs_facts_snapshot {
    LONG refs;
    uint64_t taken_ms;   /* the tick count when its collection began */
    uint64_t watched_ms; /* when the collection that read its watched facts began */
    uint64_t vouched_by; /* the watch arming its watched facts were read after; 0: none */
    size_t key_size;
    const unsigned char *key; /* points just past the struct */
    acs_host_facts facts;
} acs_facts_snapshot;

/* Where the facts come from (the provider: the collectors and the registry
 * watch of collect.h; tests: fakes). */
typedef struct acs_facts_source {
    void *context;
    /* Reads every fact into facts (each unread on entry). */
    void (*collect)(void *context, acs_host_facts *facts);
    /* Reads the unwatched facts again into facts holding earlier watched ones. */
    void (*collect_unwatched)(void *context, acs_host_facts *facts);
    /* acs_registry_watch_arm, _unchanged, _free. watch_arm NULL: watched
     * facts are never kept past max_age_ms. */
    bool (*watch_arm)(void **watch);
    bool (*watch_unchanged)(void *watch);
    void (*watch_free)(void *watch);
} acs_facts_source;

typedef struct acs_facts_cache {
    SRWLOCK lock;       /* guards current */
    SRWLOCK collecting; /* held while one request collects; guards watch */
    acs_facts_snapshot *current; /* NULL, or the newest shareable snapshot (one reference) */
    void *watch;        /* the registry watch; NULL: none */
    uint64_t armings;   /* how many times it was armed: a snapshot read after the last one is vouched for */
    uint32_t max_age_ms;
    acs_facts_source source;
    volatile LONG collections;  /* how many times every fact was read (tests, benchmark) */
    volatile LONG refreshes;    /* how many times only the unwatched ones were */
} acs_facts_cache;

void acs_facts_cache_init(acs_facts_cache *cache, uint32_t max_age_ms, const acs_facts_source *source);
/* Drops the cache's reference and its watch; snapshots still held by
 * requests live on until released. */
void acs_facts_cache_free(acs_facts_cache *cache);

/* A snapshot to answer from (release it with acs_facts_snapshot_release).
 * key NULL or key_size 0: the identity is unknown, so this request collects
 * its own and shares it with nobody. now_ms: GetTickCount64() when the request
 * arrived. S_OK or E_OUTOFMEMORY. */
HRESULT acs_facts_cache_get(acs_facts_cache *cache, const void *key, size_t key_size, uint64_t now_ms,
                            acs_facts_snapshot **out);
void acs_facts_snapshot_release(acs_facts_snapshot *snapshot);

#endif
