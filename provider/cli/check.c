/* acsready check: this machine's verdict, from the same collectors the WMI
 * provider uses. Only Windows has them; elsewhere it says so. */
#include "cli/cli.h"

#ifdef _WIN32
#include "collect/collect.h"

int cli_run_check(const cli_options *options)
{
    static acs_host_facts facts;
    static acs_report report;
    acs_catalog *catalog;
    acs_catalog_origin origin;
    const acs_profile *profile;

    int status = cli_open_catalog(options, &catalog, &origin, &profile);
    if (status != 0)
        return status;
    acs_facts_init(&facts);
    /* What a collector could not read is in the facts with its reason (the
     * verdict is then Unknown); a nonzero status is a programming error. */
    if (acs_collect_host(&facts, catalog) != 0) {
        fprintf(stderr, "acsready: internal error: the collectors refused their arguments\n");
        acs_catalog_free(catalog);
        return CLI_EXIT_SOFTWARE;
    }
    acs_report_build(&report, catalog, &origin, profile, &facts, options->lang, cli_now());
    status = cli_print_report(&report, options->format);
    if (status == 0)
        status = acs_state_exit_code(report.verdict.state);
    acs_catalog_free(catalog);
    return status;
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
