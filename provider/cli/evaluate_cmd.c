/* acsready evaluate --os ...: the verdict for one machine described by flags. */
#include "cli/cli.h"

int cli_run_evaluate(const cli_options *options)
{
    static acs_host_facts facts;
    static acs_report report;
    acs_catalog *catalog;
    acs_catalog_origin origin;
    const acs_profile *profile;

    if (options->inventory)
        return cli_run_inventory(options);
    int status = cli_open_catalog(options, &catalog, &origin, &profile);
    if (status != 0)
        return status;
    cli_facts_from_options(options, &facts);
    acs_report_build(&report, catalog, &origin, profile, &facts, options->lang, cli_now());
    status = cli_print_report(&report, options->format);
    if (status == 0)
        status = acs_state_exit_code(report.verdict.state);
    acs_catalog_free(catalog);
    return status;
}
