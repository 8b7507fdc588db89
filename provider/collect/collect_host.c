/* Every fact of this machine, in the order the collectors depend on each
 * other: the OS first (its version and architecture pick the CBS names). */
#include "collect/collect.h"

int acs_collect_host_by(const acs_seam *seam, acs_updates_collector collect_updates, acs_host_facts *facts,
                        const acs_catalog *catalog)
{
    bool real = seam == acs_seam_windows();

    if (!seam || !collect_updates || !facts || !catalog)
        return -1;
    acs_facts_init(facts);
    acs_collect_os(seam, &facts->os);
    collect_updates(seam, catalog, &facts->os, &facts->updates);
    /* The process-wide caches serve the real machine only: a test's seam is
     * another machine every time. */
    acs_collect_kernel_cached(seam, real ? acs_kernel_process_cache() : NULL, &facts->updates);
    acs_collect_root(seam, acs_catalog_root(catalog), &facts->root);
    acs_collect_ppl(seam, acs_catalog_root(catalog), real ? acs_ppl_process_cache() : NULL, &facts->ppl);
    return 0;
}

int acs_collect_host_with(const acs_seam *seam, acs_host_facts *facts, const acs_catalog *catalog)
{
    return acs_collect_host_by(seam, acs_collect_updates, facts, catalog);
}
