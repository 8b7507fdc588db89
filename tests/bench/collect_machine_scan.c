/* The benchmark's provider build (make bench-provider, its "scan" row) links
 * this instead of provider/collect/collect_machine.c: the same collectors,
 * with the CBS evidence found by scanning every package key. */
#include "cbs_scan.h"

int acs_collect_host(acs_host_facts *facts, const acs_catalog *catalog)
{
    return acs_collect_host_by(acs_seam_windows(), bench_collect_updates_scan, facts, catalog);
}
