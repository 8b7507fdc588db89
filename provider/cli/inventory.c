/* acsready evaluate --inventory FILE.csv: streams the export, one verdict row
 * out per machine row in. Memory is flat in the row count (one read buffer,
 * one write buffer, one facts struct reused); per row it parses, evaluates
 * with acs_evaluate and renders only the sentences it prints. */
#include "cli/inventory.h"
#include "core/fileio.h"

#include <errno.h>
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
 * class table names them. */
static void write_csv_header(cli_writer *w)
{
    const char *const names[] = { cli_inventory_column_name(CLI_COL_NAME), acs_readiness_state->name,
                                  acs_readiness_missing_updates->name, acs_readiness_reasons->name };
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

static void write_verdict(inventory_run *run, const char *name, size_t name_len, const acs_verdict *v)
{
    char reasons[ACS_MAX_REQUIREMENTS][ACS_REPORT_TEXT_MAX];
    char joined[ACS_MAX_REQUIREMENTS * (ACS_REPORT_TEXT_MAX + 3)];
    size_t lengths[ACS_MAX_REQUIREMENTS];
    size_t reason_count = acs_render_reasons(run->catalog, run->lang, v, reasons, lengths);
    const char *state = acs_state_name(v->state);
    cli_writer *w = run->out;

    switch (run->format) {
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
        cli_write_str(w, "]}");
        break;
    case CLI_FORMAT_TEXT:
        cli_write_text_cell(w, name, name_len);
        cli_write_str(w, " : ");
        cli_write_str(w, state);
        if (v->missing_count) {
            cli_write_str(w, "; install ");
            write_missing(w, v, " ", false);
        }
        for (size_t i = 0; i < reason_count; i++) {
            cli_write_str(w, "; ");
            cli_write_bytes(w, reasons[i], lengths[i]);
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
    unsigned long long total = run->rows + run->bad;
    fprintf(stderr,
            "acsready: %s: %llu machines: Ready %llu, NotReady %llu, Unsupported %llu, Unknown %llu; "
            "%llu bad rows skipped; %.3f s, %.0f rows/s\n",
            run->path, run->rows, run->counts[ACS_STATE_READY], run->counts[ACS_STATE_NOT_READY],
            run->counts[ACS_STATE_UNSUPPORTED], run->counts[ACS_STATE_UNKNOWN], run->bad, seconds,
            seconds > 0 ? (double)total / seconds : 0.0);
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

static int stream_rows(inventory_run *run, cli_csv_reader *reader)
{
    static cli_csv_record record;
    static acs_host_facts facts;
    static acs_verdict verdict;
    static cli_row_defaults defaults;
    cli_inventory_columns columns;
    cli_kb_filter filter;
    char problem[256];
    int got;

    /* The first well-formed record is the header. */
    for (;;) {
        got = cli_csv_next(reader, &record);
        if (got != 1 || !record.error)
            break;
        report_bad_row(run, record.line, record.error);
    }
    if (got <= 0) {
        fprintf(stderr, "acsready: %s: %s\n", run->path, got < 0 ? "read error" : "empty: no header row");
        return got < 0 ? CLI_EXIT_IOERR : CLI_EXIT_DATAERR;
    }
    if (!cli_inventory_map_header(&record, &columns, problem, sizeof problem)) {
        fprintf(stderr, "acsready: %s:%lu: %s\n", run->path, record.line, problem);
        return CLI_EXIT_DATAERR;
    }
    if (!cli_kb_filter_init(&filter, run->catalog)) {
        fprintf(stderr, "acsready: out of memory\n");
        return CLI_EXIT_SOFTWARE;
    }
    cli_row_defaults_init(&defaults, &columns);

    if (run->format == CLI_FORMAT_JSON)
        cli_write_str(run->out, "[\n");
    else if (run->format != CLI_FORMAT_TEXT)
        write_csv_header(run->out);

    while ((got = cli_csv_next(reader, &record)) == 1) {
        if (record.error) {
            report_bad_row(run, record.line, record.error);
        } else if (!cli_inventory_row_facts(&columns, &defaults, &filter, &record, &facts, problem, sizeof problem)) {
            report_bad_row(run, record.line, problem);
        } else {
            size_t name_len;
            int name_index = columns.index[CLI_COL_NAME];
            const char *name = record.field[name_index];
            name_len = record.length[name_index];
            while (name_len > 0 && (*name == ' ' || *name == '\t')) {
                name++;
                name_len--;
            }
            while (name_len > 0 && (name[name_len - 1] == ' ' || name[name_len - 1] == '\t'))
                name_len--;
            acs_evaluate(run->catalog, run->profile, &facts, &verdict);
            run->rows++;
            run->counts[verdict.state]++;
            if ((int)verdict.state > run->worst)
                run->worst = (int)verdict.state;
            write_verdict(run, name, name_len, &verdict);
        }
        if (run->progress && (run->rows + run->bad) % PROGRESS_EVERY == 0)
            show_progress(run, false);
    }
    cli_kb_filter_free(&filter);
    if (run->format == CLI_FORMAT_JSON)
        cli_write_str(run->out, run->rows ? "\n]\n" : "]\n");
    if (got < 0) {
        fprintf(stderr, "acsready: %s: read error\n", run->path);
        return CLI_EXIT_IOERR;
    }
    return 0;
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
    if (!cli_csv_open(&reader, fp)) {
        fprintf(stderr, "acsready: out of memory\n");
        if (!from_stdin)
            fclose(fp);
        acs_catalog_free(opened.catalog);
        return CLI_EXIT_SOFTWARE;
    }

    memset(&run, 0, sizeof run);
    run.path = from_stdin ? "(stdin)" : options->inventory;
    run.catalog = opened.catalog;
    run.profile = opened.profile;
    run.lang = options->lang;
    run.format = options->format;
    run.out = &out;
    run.err = &err;
    run.progress = stderr_is_terminal();
    run.started = run.last_progress = clock_seconds();
    cli_writer_init(&out, stdout);
    cli_writer_init(&err, stderr);

    status = stream_rows(&run, &reader);
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
    if (!from_stdin)
        fclose(fp);
    acs_catalog_free(opened.catalog);
    return status;
}
