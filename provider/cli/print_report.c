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
