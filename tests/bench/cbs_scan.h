/* The benchmark's comparison for the CBS collector (provider/collect/cbs_packages.c):
 * the same evidence found by enumerating every Packages subkey, the way a
 * naive collector would. Benchmarks only; nothing that ships links it. */
#ifndef ACSREADY_BENCH_CBS_SCAN_H
#define ACSREADY_BENCH_CBS_SCAN_H

#include "collect/collect.h"

/* Every KB of kbs found by scanning, and the newest RollupFix. */
void bench_collect_updates_scan_kbs(const acs_seam *seam, const uint32_t *kbs, size_t kb_count,
                                    const acs_os_facts *os, acs_update_facts *updates);
/* The same for every KB the catalog names for this OS (an acs_updates_collector). */
void bench_collect_updates_scan(const acs_seam *seam, const acs_catalog *catalog, const acs_os_facts *os,
                                acs_update_facts *updates);

#endif
