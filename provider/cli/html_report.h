/* acsready evaluate --inventory FILE --format html: one self-contained page
 * (no network, no external script: a Content-Security-Policy forbids both)
 * with the fleet's states as an inline SVG chart, machines by OS release and
 * state, the missing updates ranked by machines affected, and a sortable,
 * filterable table of machines with their reasons, in the chosen language.
 *
 * Streaming: each machine's row is written as it comes; the aggregates need
 * only counters bounded by the catalog (states, OS rules, KBs), so memory is
 * flat however many machines there are. They are written after the table
 * and shown above it by CSS (flex order). */
#ifndef ACSREADY_CLI_HTML_REPORT_H
#define ACSREADY_CLI_HTML_REPORT_H

#include "core/evaluate.h"
#include "cli/writer.h"

#define CLI_HTML_MAX_RELEASES 128 /* catalog OS rules; more are counted under "other" */
#define CLI_HTML_MAX_KBS 256      /* distinct missing KBs; more are counted under "other" */

typedef struct cli_html_release {
    const acs_os_rule *rule; /* NULL: no catalog rule matched */
    unsigned long long counts[4];
} cli_html_release;

typedef struct cli_html_kb {
    uint32_t kb;
    unsigned long long machines;
} cli_html_kb;

typedef struct cli_html_report {
    cli_writer *out;
    const acs_catalog *catalog;
    acs_lang lang;
    unsigned long long machines;
    unsigned long long counts[4];
    cli_html_release releases[CLI_HTML_MAX_RELEASES];
    size_t release_count;
    unsigned long long other_release_counts[4];
    cli_html_kb kbs[CLI_HTML_MAX_KBS];
    size_t kb_count;
    unsigned long long other_kb_machines;
} cli_html_report;

/* What the page says about the run besides the verdicts. */
typedef struct cli_html_notes {
    const char *source;                 /* the export's file name */
    const char *profile;                /* the rule set's id */
    unsigned long long bad_rows;        /* reported on stderr and skipped */
    unsigned long long not_windows;     /* iOS, Android, macOS, Linux rows skipped */
    const char *root_assumed;           /* NULL when the export had the root; else "present", "absent" or "unknown" */
} cli_html_notes;

/* Writes the head, style and the table's header. */
void cli_html_begin(cli_html_report *report, cli_writer *out, const acs_catalog *catalog, acs_lang lang,
                    const char *source);
/* One machine: its name and version as the export had them, its verdict and
 * the rendered reasons (evidence and remedy of each requirement not met). */
void cli_html_machine(cli_html_report *report, const char *name, size_t name_len, const char *version,
                      size_t version_len, const acs_verdict *verdict, const char *const *reasons,
                      const size_t *reason_lengths, size_t reason_count);
/* Closes the table, writes the aggregates and the script. */
void cli_html_end(cli_html_report *report, const cli_html_notes *notes);

#endif
