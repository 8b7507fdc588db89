/* The facts of the machine this code runs on: the collectors with the real
 * Windows seam and the direct CBS look-ups. Its own file so the benchmark's
 * provider build can link its scan in its place (tests/bench/collect_machine_scan.c). */
#include "collect/collect.h"

int acs_collect_host(acs_host_facts *facts, const acs_catalog *catalog)
{
    return acs_collect_host_with(acs_seam_windows(), facts, catalog);
}
