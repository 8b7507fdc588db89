/* Every fact of this machine, in the order the collectors depend on each
 * other: the OS first (its version and architecture pick the CBS names),
 * the registry's facts before the rest (collect.h: watched and unwatched). */
#include <string.h>

#include "collect/collect.h"

void acs_collect_watched_by(const acs_seam *seam, acs_updates_collector collect_updates, acs_host_facts *facts,
                            const acs_catalog *catalog)
{
    acs_collect_os(seam, &facts->os);
    collect_updates(seam, catalog, &facts->os, &facts->updates);
    acs_collect_root(seam, acs_catalog_root(catalog), &facts->root);
}

void acs_collect_unwatched(const acs_seam *seam, acs_host_facts *facts, const acs_catalog *catalog)
{
    bool real = seam == acs_seam_windows();

    /* facts may hold an earlier collection's (the provider's kept facts):
     * nothing of that kernel may outlive a failed read. */
    memset(facts->updates.kernel_version, 0, sizeof(facts->updates.kernel_version));
    /* The process-wide caches serve the real machine only: a test's seam is
     * another machine every time. */
    acs_collect_kernel_cached(seam, real ? acs_kernel_process_cache() : NULL, &facts->updates);
    acs_collect_ppl(seam, acs_catalog_root(catalog), real ? acs_ppl_process_cache() : NULL, &facts->ppl);
}

int acs_collect_host_by(const acs_seam *seam, acs_updates_collector collect_updates, acs_host_facts *facts,
                        const acs_catalog *catalog)
{
    if (!seam || !collect_updates || !facts || !catalog)
        return -1;
    acs_facts_init(facts);
    acs_collect_watched_by(seam, collect_updates, facts, catalog);
    acs_collect_unwatched(seam, facts, catalog);
    return 0;
}

int acs_collect_host_with(const acs_seam *seam, acs_host_facts *facts, const acs_catalog *catalog)
{
    return acs_collect_host_by(seam, acs_collect_updates, facts, catalog);
}

void acs_collect_host_unwatched(acs_host_facts *facts, const acs_catalog *catalog)
{
    acs_collect_unwatched(acs_seam_windows(), facts, catalog);
}
