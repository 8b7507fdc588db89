/* acsready evaluate --os ...: the verdict for one machine described by flags. */
#include "cli/cli.h"

static int facts_from_flags(const cli_options *options, const acs_catalog *catalog, acs_host_facts *facts)
{
    (void)catalog;
    cli_facts_from_options(options, facts);
    /* As with an export without a root column: what was assumed is said,
     * on stderr so the JSON and CSV on stdout stay the class's properties. */
    if (options->root == CLI_NOT_GIVEN)
        fputs("acsready: the root certificate was not checked: taken as present, as --root defaults "
              "(--root present|absent|unknown)\n",
              stderr);
    return 0;
}

int cli_run_evaluate(const cli_options *options)
{
    if (options->inventory)
        return cli_run_inventory(options);
    return cli_report_one(options, facts_from_flags);
}
