/* One machine's report to stdout in the format asked for. */
#include "cli/cli.h"

#include <stdlib.h>
#include <time.h>

int cli_print_report(const acs_report *report, cli_format format)
{
    static cli_writer out;
    cli_writer_init(&out, stdout);
    switch (format) {
    case CLI_FORMAT_JSON:
        cli_print_report_json(&out, report);
        break;
    case CLI_FORMAT_CSV:
        cli_print_report_csv(&out, report);
        break;
    case CLI_FORMAT_DEFAULT:
    case CLI_FORMAT_TEXT:
    case CLI_FORMAT_HTML: /* refused for one machine by the argument check */
        cli_print_report_text(&out, report);
        break;
    }
    if (!cli_writer_flush(&out)) {
        fprintf(stderr, "acsready: cannot write the output\n");
        return CLI_EXIT_IOERR;
    }
    return 0;
}

/* SOURCE_DATE_EPOCH (the reproducible-builds convention) pins EvaluatedAt,
 * so a test or a diff of two runs can compare whole outputs. */
int64_t cli_now(void)
{
    const char *fixed = getenv("SOURCE_DATE_EPOCH");
    if (fixed && *fixed) {
        char *end;
        long long value = strtoll(fixed, &end, 10);
        if (*end == '\0' && value >= 0)
            return (int64_t)value;
    }
    return (int64_t)time(NULL);
}

int cli_report_one(const cli_options *options, cli_fact_source source)
{
    /* Static: a report carries every rendered text and is too big for a small stack. */
    static acs_host_facts facts;
    static acs_report report;
    acs_catalog *catalog;
    acs_catalog_origin origin;
    const acs_profile *profile;
    int status = cli_open_catalog(options, &catalog, &origin, &profile);

    if (status != 0)
        return status;
    status = source(options, catalog, &facts);
    if (status == 0) {
        acs_report_build(&report, catalog, &origin, profile, &facts, options->lang, cli_now());
        status = cli_print_report(&report, options->format);
        if (status == 0)
            status = acs_state_exit_code(report.verdict.state);
    }
    acs_catalog_free(catalog);
    return status;
}
