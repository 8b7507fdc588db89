/* Every fact of this machine, in the order the collectors depend on each
 * other: the OS first (its version and architecture pick the CBS names). */
#include "collect/collect.h"

int acs_collect_host_by(const acs_seam *seam, acs_updates_collector collect_updates, acs_host_facts *facts,
                        const acs_catalog *catalog)
{
    if (!seam || !collect_updates || !facts || !catalog)
        return -1;
    acs_facts_init(facts);
    acs_collect_os(seam, &facts->os);
    collect_updates(seam, catalog, &facts->os, &facts->updates);
    acs_collect_kernel(seam, &facts->updates);
    acs_collect_root(seam, acs_catalog_root(catalog), &facts->root);
    /* PPL modules are the subject of a later issue; never a made-up answer. */
    acs_known_fail(&facts->ppl.modules, "not collected by this version");
    return 0;
}

int acs_collect_host_with(const acs_seam *seam, acs_host_facts *facts, const acs_catalog *catalog)
{
    return acs_collect_host_by(seam, acs_collect_updates, facts, catalog);
}
