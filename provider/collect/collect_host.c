/* Every fact of this machine, in the order the collectors depend on each
 * other: the OS first (its version and architecture pick the CBS names). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "collect/collect.h"

static int collect(const acs_seam *seam, acs_host_facts *facts, const acs_catalog *catalog, bool scan_packages)
{
    if (!seam || !facts || !catalog)
        return -1;
    acs_facts_init(facts);
    acs_collect_os(seam, &facts->os);
    if (scan_packages)
        acs_collect_updates_scan(seam, catalog, &facts->os, &facts->updates);
    else
        acs_collect_updates(seam, catalog, &facts->os, &facts->updates);
    acs_collect_kernel(seam, &facts->updates);
    acs_collect_root(seam, acs_catalog_root(catalog), &facts->root);
    acs_collect_ppl(seam, acs_catalog_root(catalog), seam == acs_seam_windows() ? acs_ppl_process_cache() : NULL,
                    &facts->ppl);
    return 0;
}

int acs_collect_host_with(const acs_seam *seam, acs_host_facts *facts, const acs_catalog *catalog)
{
    return collect(seam, facts, catalog, false);
}

int acs_collect_host(acs_host_facts *facts, const acs_catalog *catalog)
{
    /* ACSREADY_COLLECT=scan exists for make bench-provider's comparison row
     * only: the same answer computed by scanning every package key. */
    const char *mode = getenv("ACSREADY_COLLECT");
    return collect(acs_seam_windows(), facts, catalog, mode && strcmp(mode, "scan") == 0);
}
