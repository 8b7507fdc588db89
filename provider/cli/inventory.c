/* acsready evaluate --inventory FILE.csv: streams the export, one verdict row
 * out per machine row in. Memory is flat in the row count (one read buffer,
 * one write buffer, one facts struct reused); per row it parses, evaluates
 * with acs_evaluate and renders only the sentences it prints. */
#include "cli/inventory.h"
#include "cli/encoding.h"
#include "cli/html_report.h"
#include "cli/labels.h"
#include "cli/sniff.h"
#include "core/fileio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <windows.h>
#else
#include <time.h>
#include <unistd.h>
#endif

#define PROGRESS_EVERY 65536u

/* Wall-clock time and terminal detection, the two things the progress line
 * needs from the OS. */
#ifdef _WIN32

static double clock_seconds(void)
{
    LARGE_INTEGER frequency, counter;
    QueryPerformanceFrequency(&frequency);
    QueryPerformanceCounter(&counter);
    return (double)counter.QuadPart / (double)frequency.QuadPart;
}

static bool stderr_is_terminal(void)
{
    return _isatty(_fileno(stderr)) != 0;
}

#else

static double clock_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static bool stderr_is_terminal(void)
{
    return isatty(fileno(stderr)) != 0;
}

#endif

typedef struct inventory_run {
    const char *path;
    const acs_catalog *catalog;
    const acs_profile *profile;
    acs_lang lang;
    cli_format format;
    cli_writer *out, *err;
    unsigned long long rows, bad, counts[4];
    unsigned long long not_windows, preamble, repeated, replaced;
    const char *root_assumed; /* NULL: the export has a root column */
    cli_html_report *html;
    int worst;
    bool progress;
    double started, last_progress;
} inventory_run;

static void write_json_key(cli_writer *w, const char *key)
{
    cli_write_json_string(w, key, strlen(key));
    cli_write_char(w, ':');
}

/* Name, then the singleton's State, MissingUpdates and Reasons, named as the
 * class table names them, and RootCa. */
static void write_csv_header(cli_writer *w)
{
    const char *const names[] = { cli_inventory_column_name(CLI_COL_NAME), acs_readiness_state->name,
                                  acs_readiness_missing_updates->name, acs_readiness_reasons->name, CLI_ROOT_COLUMN };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (i > 0)
            cli_write_char(w, ',');
        cli_write_str(w, names[i]);
    }
    cli_write_char(w, '\n');
}

static void write_missing(cli_writer *w, const acs_verdict *v, const char *separator, bool json)
{
    char kb[16];
    for (size_t i = 0; i < v->missing_count; i++) {
        size_t len = acs_format_kb(v->missing_kbs[i], kb, sizeof kb);
        if (i > 0)
            cli_write_str(w, separator);
        if (json)
            cli_write_json_string(w, kb, len);
        else
            cli_write_bytes(w, kb, len);
    }
}

static void write_verdict(inventory_run *run, const char *name, size_t name_len, const char *version,
                          size_t version_len, const acs_verdict *v)
{
    char reasons[ACS_MAX_REQUIREMENTS][ACS_REPORT_TEXT_MAX];
    char joined[ACS_MAX_REQUIREMENTS * (ACS_REPORT_TEXT_MAX + 3)];
    size_t lengths[ACS_MAX_REQUIREMENTS];
    size_t reason_count = acs_render_reasons(run->catalog, run->lang, v, reasons, lengths);
    const char *state = acs_state_name(v->state);
    cli_writer *w = run->out;

    switch (run->format) {
    case CLI_FORMAT_HTML: {
        const char *list[ACS_MAX_REQUIREMENTS];
        for (size_t i = 0; i < reason_count; i++)
            list[i] = reasons[i];
        cli_html_machine(run->html, name, name_len, version, version_len, v, list, lengths, reason_count);
        break;
    }
    case CLI_FORMAT_JSON:
        cli_write_str(w, run->rows > 1 ? ",\n{" : "{");
        write_json_key(w, cli_inventory_column_name(CLI_COL_NAME));
        cli_write_json_string(w, name, name_len);
        cli_write_char(w, ',');
        write_json_key(w, acs_readiness_state->name);
        cli_write_json_string(w, state, strlen(state));
        cli_write_char(w, ',');
        write_json_key(w, acs_readiness_missing_updates->name);
        cli_write_char(w, '[');
        write_missing(w, v, ",", true);
        cli_write_str(w, "],");
        write_json_key(w, acs_readiness_reasons->name);
        cli_write_char(w, '[');
        for (size_t i = 0; i < reason_count; i++) {
            if (i > 0)
                cli_write_char(w, ',');
            cli_write_json_string(w, reasons[i], lengths[i]);
        }
        cli_write_str(w, "],");
        write_json_key(w, CLI_ROOT_COLUMN);
        cli_write_json_string(w, cli_root_token(run->root_assumed), strlen(cli_root_token(run->root_assumed)));
        cli_write_char(w, '}');
        break;
    case CLI_FORMAT_TEXT:
        cli_write_text_cell(w, name, name_len);
        cli_write_str(w, " : ");
        cli_write_str(w, state);
        if (run->lang != ACS_LANG_EN) {
            static const acs_text_id state_texts[4] = {ACS_TEXT_STATE_READY, ACS_TEXT_STATE_NOT_READY,
                                                       ACS_TEXT_STATE_UNSUPPORTED, ACS_TEXT_STATE_UNKNOWN};
            const char *local = acs_catalog_text(run->catalog, run->lang, state_texts[v->state]);
            cli_write_str(w, " (");
            cli_write_str(w, local ? local : state);
            cli_write_char(w, ')');
        }
        if (v->missing_count) {
            cli_write_str(w, "; install ");
            write_missing(w, v, " ", false);
        }
        for (size_t i = 0; i < reason_count; i++) {
            cli_write_str(w, "; ");
            cli_write_bytes(w, reasons[i], lengths[i]);
        }
        if (run->root_assumed) {
            cli_write_str(w, "; ");
            cli_write_str(w, cli_label_text(run->lang, L_ROOT_NOT_CHECKED));
            cli_write_char(w, ' ');
            cli_write_str(w, cli_label_root_value(run->lang, run->root_assumed));
        }
        cli_write_char(w, '\n');
        break;
    case CLI_FORMAT_DEFAULT:
    case CLI_FORMAT_CSV: {
        size_t len = 0;
        cli_write_csv_field(w, name, name_len);
        cli_write_char(w, ',');
        cli_write_str(w, state);
        cli_write_char(w, ',');
        write_missing(w, v, " ", false);
        cli_write_char(w, ',');
        for (size_t i = 0; i < reason_count; i++) {
            size_t n = lengths[i];
            if (i > 0) {
                memcpy(joined + len, " | ", 3);
                len += 3;
            }
            memcpy(joined + len, reasons[i], n);
            len += n;
        }
        cli_write_csv_field(w, joined, len);
        cli_write_char(w, ',');
        cli_write_str(w, cli_root_token(run->root_assumed));
        cli_write_char(w, '\n');
        break;
    }
    }
}

static void show_progress(inventory_run *run, bool final)
{
    double now = clock_seconds();
    if (!final && now - run->last_progress < 0.5)
        return;
    run->last_progress = now;
    cli_writer_flush(run->err);
    if (final)
        fputs("\r                                                  \r", stderr);
    else
        fprintf(stderr, "\racsready: %llu rows, %.0f rows/s ", run->rows + run->bad,
                (double)(run->rows + run->bad) / (now - run->started));
    fflush(stderr);
}

static void print_summary(const inventory_run *run)
{
    double seconds = clock_seconds() - run->started;
    unsigned long long total = run->rows + run->bad + run->not_windows;
    fprintf(stderr,
            "acsready: %s: %llu machines: Ready %llu, NotReady %llu, Unsupported %llu, Unknown %llu; "
            "%llu bad rows skipped; %llu devices not Windows skipped; %.3f s, %.0f rows/s\n",
            run->path, run->rows, run->counts[ACS_STATE_READY], run->counts[ACS_STATE_NOT_READY],
            run->counts[ACS_STATE_UNSUPPORTED], run->counts[ACS_STATE_UNKNOWN], run->bad, run->not_windows, seconds,
            seconds > 0 ? (double)total / seconds : 0.0);
    if (run->root_assumed)
        fprintf(stderr,
                "acsready: %s: no root certificate column: the root was not checked and was assumed %s "
                "(--assume-root present|absent|unknown)\n",
                run->path, run->root_assumed);
    if (run->preamble)
        fprintf(stderr, "acsready: %s: %llu line%s above the header skipped (a title or #TYPE line)\n", run->path,
                run->preamble, run->preamble == 1 ? "" : "s");
    if (run->replaced)
        fprintf(stderr, "acsready: %s: %llu bytes were not valid in the file's encoding and became U+FFFD\n",
                run->path, run->replaced);
    if (run->repeated)
        fprintf(stderr,
                "acsready: %s: %llu machines appeared again after other machines' rows: rows of one machine must "
                "be next to each other (sort the export by machine name); their verdicts are reported separately\n",
                run->path, run->repeated);
}

static void report_bad_row(inventory_run *run, unsigned long line, const char *problem)
{
    char number[24];
    run->bad++;
    snprintf(number, sizeof number, ":%lu: ", line);
    cli_write_str(run->err, run->path);
    cli_write_str(run->err, number);
    cli_write_str(run->err, problem);
    cli_write_char(run->err, '\n');
}

/* Names seen, as 64-bit hashes in a fixed table, to tell when a machine's
 * rows are not next to each other. The table never grows (memory stays
 * flat); once it is 3/4 full it stops learning names. It is made when the
 * file first lists a machine on several rows, so a repeat is noticed from
 * there on (best effort: the requirement is that rows are grouped). */
#define SEEN_SLOTS (1u << 20)
typedef struct seen_names {
    uint64_t *slots;
    size_t used;
    bool unavailable;
} seen_names;

static uint64_t name_hash(const char *name, size_t len)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a, ASCII case folded: Windows names ignore case */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        h ^= (uint64_t)(c >= 'a' && c <= 'z' ? c - 32 : c);
        h *= 1099511628211ull;
    }
    return h | 1u; /* 0 marks an empty slot */
}

/* True when the name was seen before (and remembers it). */
static bool seen_before(seen_names *seen, const char *name, size_t len)
{
    if (!seen->slots)
        return false;
    uint64_t h = name_hash(name, len);
    for (size_t i = (size_t)(h % SEEN_SLOTS);; i = (i + 1) % SEEN_SLOTS) {
        if (seen->slots[i] == h)
            return true;
        if (seen->slots[i] == 0) {
            if (seen->used < SEEN_SLOTS / 4 * 3) {
                seen->slots[i] = h;
                seen->used++;
            }
            return false;
        }
    }
}

static bool same_name(const char *a, size_t a_len, const char *b, size_t b_len)
{
    if (a_len != b_len)
        return false;
    for (size_t i = 0; i < a_len; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if ((x >= 'a' && x <= 'z' ? x - 32 : x) != (y >= 'a' && y <= 'z' ? y - 32 : y))
            return false;
    }
    return true;
}

/* The machine whose rows are being read: exports with one row per hotfix
 * (ConfigMgr's hotfix view, osquery's patches, Get-HotFix) list a machine
 * on consecutive rows; they become one machine and one verdict. */
typedef struct pending_machine {
    bool active;
    char name[512];
    size_t name_len;
    char version[64];
    size_t version_len;
    acs_host_facts facts;
} pending_machine;

static void finish_machine(inventory_run *run, pending_machine *m)
{
    static acs_verdict verdict;
    if (!m->active)
        return;
    acs_evaluate(run->catalog, run->profile, &m->facts, &verdict);
    run->rows++;
    run->counts[verdict.state]++;
    if ((int)verdict.state > run->worst)
        run->worst = (int)verdict.state;
    write_verdict(run, m->name, m->name_len, m->version, m->version_len, &verdict);
    m->active = false;
}

/* The header is the first record in which the columns map; up to this many
 * records above it (a report title, PowerShell's #TYPE line) are skipped. */
#define MAX_PREAMBLE 10

static int stream_rows(inventory_run *run, cli_csv_reader *reader, const cli_options *options)
{
    static cli_csv_record record;
    static cli_row_defaults defaults;
    static pending_machine machine;
    cli_inventory_columns columns;
    cli_column_override override;
    static cli_kb_filter filter;
    seen_names seen = {NULL, 0, false};
    char problem[512], first_problem[512] = "";
    unsigned long first_line = 0;
    int got;

    if (options->columns && !cli_columns_parse(options->columns, &override, problem, sizeof problem)) {
        fprintf(stderr, "acsready: %s\n", problem);
        return CLI_EXIT_USAGE;
    }
    for (unsigned tries = 0;; tries++) {
        got = cli_csv_next(reader, &record);
        if (got <= 0) {
            if (got == 0 && first_line)
                fprintf(stderr, "acsready: %s:%lu: %s\n", run->path, first_line, first_problem);
            else
                fprintf(stderr, "acsready: %s: %s\n", run->path, got < 0 ? "read error" : "empty: no header row");
            return got < 0 ? CLI_EXIT_IOERR : CLI_EXIT_DATAERR;
        }
        if (record.error) {
            report_bad_row(run, record.line, record.error);
            continue;
        }
        if (cli_inventory_map_header(&record, options->columns ? &override : NULL, &columns, problem,
                                     sizeof problem))
            break;
        if (!first_line) {
            first_line = record.line;
            snprintf(first_problem, sizeof first_problem, "%s", problem);
        }
        if (tries + 1 == MAX_PREAMBLE || strncmp(problem, "--columns", 9) == 0) {
            fprintf(stderr, "acsready: %s:%lu: %s\n", run->path, first_line, first_problem);
            return CLI_EXIT_DATAERR;
        }
        run->preamble++;
    }
    cli_kb_filter_init(&filter, run->catalog);
    cli_row_defaults_init(&defaults, &columns, options->assume_root, run->lang);
    run->root_assumed = defaults.root_assumed;

    if (run->format == CLI_FORMAT_JSON)
        cli_write_str(run->out, "[\n");
    else if (run->format == CLI_FORMAT_CSV || run->format == CLI_FORMAT_DEFAULT)
        write_csv_header(run->out);

    machine.active = false;
    while ((got = cli_csv_next(reader, &record)) == 1) {
        size_t name_len;
        const char *name;
        if (record.error) {
            report_bad_row(run, record.line, record.error);
            continue;
        }
        name = cli_inventory_cell(&columns, &record, CLI_COL_NAME, &name_len);
        if (machine.active && same_name(machine.name, machine.name_len, name, name_len)) {
            /* The file lists a machine on several rows (one per hotfix):
             * from here on names are remembered, to tell when a machine's
             * rows are not next to each other. Files with one row per
             * machine never pay for the table (random access to 8 MB). */
            if (!seen.slots && !seen.unavailable) {
                seen.slots = calloc(SEEN_SLOTS, sizeof *seen.slots);
                seen.unavailable = seen.slots == NULL; /* then repeats go unnoticed, nothing else */
                seen_before(&seen, machine.name, machine.name_len);
            }
            if (!cli_inventory_row_more_kbs(&columns, &filter, &record, &machine.facts, problem, sizeof problem))
                report_bad_row(run, record.line, problem);
            continue;
        }
        finish_machine(run, &machine);
        switch (cli_inventory_row_facts(&columns, &defaults, &filter, &record, &machine.facts, problem,
                                        sizeof problem)) {
        case CLI_ROW_MACHINE: {
            size_t version_len;
            const char *version = cli_inventory_cell(&columns, &record, CLI_COL_VERSION, &version_len);
            if (name_len >= sizeof machine.name)
                name_len = sizeof machine.name - 1;
            memcpy(machine.name, name, name_len);
            machine.name_len = name_len;
            if (version_len >= sizeof machine.version)
                version_len = sizeof machine.version - 1;
            memcpy(machine.version, version, version_len);
            machine.version_len = version_len;
            machine.active = true;
            if (seen_before(&seen, name, name_len))
                run->repeated++;
            break;
        }
        case CLI_ROW_NOT_WINDOWS:
            run->not_windows++;
            break;
        case CLI_ROW_BAD:
            report_bad_row(run, record.line, problem);
            break;
        }
        if (run->progress && (run->rows + run->bad) % PROGRESS_EVERY == 0)
            show_progress(run, false);
    }
    finish_machine(run, &machine);
    free(seen.slots);
    if (run->format == CLI_FORMAT_JSON)
        cli_write_str(run->out, run->rows ? "\n]\n" : "]\n");
    if (got < 0) {
        fprintf(stderr, "acsready: %s: read error\n", run->path);
        return CLI_EXIT_IOERR;
    }
    return 0;
}

static size_t read_decoded(void *ctx, char *buf, size_t size, bool *error)
{
    cli_decoder *decoder = ctx;
    size_t n = cli_decoder_read(decoder, buf, size);
    *error = decoder->read_error;
    return n;
}

int cli_run_inventory(const cli_options *options)
{
    static cli_writer out, err;
    static cli_csv_reader reader;
    cli_catalog opened;
    inventory_run run;
    FILE *fp;
    bool from_stdin = strcmp(options->inventory, "-") == 0;

    int status = cli_open_catalog(options, &opened);
    if (status != 0)
        return status;
    fp = from_stdin ? acs_stdin_input() : acs_fopen(options->inventory, "rb");
    if (!fp) {
        fprintf(stderr, "acsready: cannot open %s: %s\n", options->inventory, strerror(errno));
        acs_catalog_free(opened.catalog);
        return CLI_EXIT_NOINPUT;
    }
#ifdef _WIN32
    if (from_stdin)
        _setmode(_fileno(stdin), _O_BINARY);
#endif
    static cli_decoder decoder;
    static cli_html_report html;
    char problem[256];
    cli_encoding encoding = CLI_ENCODING_AUTO;
    if (options->encoding)
        cli_encoding_parse(options->encoding, &encoding);
    if (!cli_decoder_open(&decoder, fp, encoding, problem, sizeof problem)) {
        fprintf(stderr, "acsready: %s: %s\n", from_stdin ? "(stdin)" : options->inventory, problem);
        if (!from_stdin)
            fclose(fp);
        acs_catalog_free(opened.catalog);
        return CLI_EXIT_DATAERR;
    }
    if (!cli_csv_open(&reader, fp)) {
        fprintf(stderr, "acsready: out of memory\n");
        cli_decoder_close(&decoder);
        if (!from_stdin)
            fclose(fp);
        acs_catalog_free(opened.catalog);
        return CLI_EXIT_SOFTWARE;
    }
    /* The delimiter: --delimiter, or the one the first lines use most. */
    cli_csv_set_input(&reader, read_decoded, &decoder,
                      options->delimiter ? options->delimiter
                                         : cli_sniff_delimiter_text(decoder.utf8 + decoder.utf8_pos,
                                                                    decoder.utf8_len - decoder.utf8_pos));

    memset(&run, 0, sizeof run);
    run.path = from_stdin ? "(stdin)" : options->inventory;
    run.catalog = opened.catalog;
    run.profile = opened.profile;
    run.lang = options->lang;
    run.format = options->format;
    run.out = &out;
    run.err = &err;
    run.html = &html;
    run.progress = stderr_is_terminal();
    run.started = run.last_progress = clock_seconds();
    cli_writer_init(&out, stdout);
    cli_writer_init(&err, stderr);
    if (run.format == CLI_FORMAT_HTML)
        cli_html_begin(&html, &out, opened.catalog, run.lang, run.path);

    status = stream_rows(&run, &reader, options);
    run.replaced = decoder.replaced;
    if (run.format == CLI_FORMAT_HTML && status == 0) {
        cli_html_notes notes = {run.path, opened.profile->id, run.bad, run.not_windows, run.root_assumed};
        cli_html_end(&html, &notes);
    }
    if (run.progress)
        show_progress(&run, true);
    bool written = cli_writer_flush(&out);
    cli_writer_flush(&err);
    if (status == 0 || status == CLI_EXIT_IOERR)
        print_summary(&run);
    if (status == 0 && !written) {
        fprintf(stderr, "acsready: cannot write the output\n");
        status = CLI_EXIT_IOERR;
    } else if (status == 0 && run.rows == 0) {
        fprintf(stderr, "acsready: %s: no usable row\n", run.path);
        status = CLI_EXIT_DATAERR;
    } else if (status == 0) {
        status = acs_state_exit_code((acs_state)run.worst);
    }

    cli_csv_close(&reader);
    cli_decoder_close(&decoder);
    if (!from_stdin)
        fclose(fp);
    acs_catalog_free(opened.catalog);
    return status;
}
