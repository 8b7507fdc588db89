/* acsready check: this machine's verdict, from the same collectors the WMI
 * provider uses. Only Windows has them; elsewhere it says so. */
#include "cli/cli.h"

#ifdef _WIN32
#include "collect/collect.h"

static int facts_from_this_machine(const cli_options *options, const acs_catalog *catalog, acs_host_facts *facts)
{
    (void)options;
    /* What a collector could not read is in the facts with its reason (the
     * verdict is then Unknown); a nonzero status is a programming error. */
    if (acs_collect_host(facts, catalog) != 0) {
        fprintf(stderr, "acsready: internal error: the collectors refused their arguments\n");
        return CLI_EXIT_SOFTWARE;
    }
    return 0;
}

int cli_run_check(const cli_options *options)
{
    return cli_report_one(options, facts_from_this_machine);
}

#else

int cli_run_check(const cli_options *options)
{
    (void)options;
    fputs("acsready: 'check' reads this machine through Windows APIs (registry, servicing, certificate stores); "
          "it needs Windows: run acsready.exe check there, or describe a machine here with "
          "'acsready evaluate --os ...'\n",
          stderr);
    return CLI_EXIT_USAGE;
}

#endif
