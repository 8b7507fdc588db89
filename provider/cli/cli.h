/* The acsready command line: options shared by its subcommands, exit
 * statuses, and the entry point of each subcommand. */
#ifndef ACSREADY_CLI_CLI_H
#define ACSREADY_CLI_CLI_H

#include "core/ascii.h"
#include "core/report.h"
#include "cli/writer.h"

/* 0..3 are the verdict (acs_state_exit_code); the rest follow sysexits.h so
 * scripts can tell "the machine is not ready" from "you called me wrong". */
enum {
    CLI_EXIT_USAGE = 64,   /* bad command line */
    CLI_EXIT_DATAERR = 65, /* an inventory with no usable row */
    CLI_EXIT_NOINPUT = 66, /* an input file that cannot be opened */
    CLI_EXIT_SOFTWARE = 70, /* even the built-in catalog failed */
    CLI_EXIT_IOERR = 74    /* output could not be written */
};

typedef enum cli_format {
    CLI_FORMAT_DEFAULT = 0,
    CLI_FORMAT_TEXT,
    CLI_FORMAT_JSON,
    CLI_FORMAT_CSV,
    CLI_FORMAT_HTML /* --inventory only: the fleet report page */
} cli_format;

typedef enum cli_tri { CLI_NOT_GIVEN = 0, CLI_GIVEN_YES, CLI_GIVEN_NO, CLI_GIVEN_UNKNOWN } cli_tri;

typedef struct cli_os_version {
    uint32_t major, minor, build, revision;
    bool has_revision;
} cli_os_version;

typedef struct cli_options {
    const char *command; /* "evaluate", "check", "catalog", "schema" */
    bool help, version;

    bool os_given;
    cli_os_version os;
    bool product_given;
    acs_product_type product_type;
    size_t kb_count;
    acs_kb_fact kbs[ACS_MAX_KB_FACTS];
    bool kb_given;

    cli_tri root;             /* YES present, NO absent, UNKNOWN */
    unsigned root_stores;     /* ACS_STORE_*; 0 = not given */
    cli_tri auto_update;      /* YES enabled, NO disabled */
    cli_tri last_sync;        /* YES date, NO never */
    int64_t last_sync_unix;

    bool modules_given;       /* --module: the protected services, as given (or "none") */
    acs_ppl_facts modules;

    const char *inventory;    /* path, or "-" for stdin */
    const char *encoding;     /* --encoding NAME; NULL = detect */
    char delimiter;           /* --delimiter; 0 = sniff from the header */
    const char *columns;      /* --columns FACT=COLUMN,...; NULL = aliases only */
    cli_tri assume_root;      /* --assume-root: the root when the export has no root column */
    const char *profile;
    bool lang_given;
    acs_lang lang;
    const char *catalog;
    cli_format format;
} cli_options;

/* Parses argv; on a usage error prints it (and the --help hint) to stderr and
 * returns false. */
bool cli_parse_args(int argc, char **argv, cli_options *options);
void cli_usage_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Splits a --kb value or an inventory cell into KB numbers: separators are
 * space, tab, comma, semicolon and '|'. The callback gets each token. */
typedef bool (*cli_token_fn)(void *ctx, const char *token, size_t len);
bool cli_split_list(const char *text, size_t len, cli_token_fn fn, void *ctx);

/* The one reader of a dotted version, "major.minor.build[.ubr]" as typed or
 * exported, and its shorter forms ("19045.6456", "17763"): spaces and tabs
 * around are ignored; each part is decimal digits that fit 32 bits. Returns
 * how many parts (1-4), 0 for anything else (letters, empty parts, five
 * parts). Both --os and an export's version cells (version_cell.c) use it. */
size_t cli_parse_dotted(const char *text, size_t len, uint32_t parts[4]);
/* Three or four parts of cli_parse_dotted (count 3 or 4) as a version. */
void cli_os_version_from_parts(const uint32_t parts[4], size_t count, cli_os_version *out);
/* "10.0.17763.2114", "6.1.7601" -> parts; false when not three or four dotted numbers. */
bool cli_parse_os_version(const char *text, size_t len, cli_os_version *out);
/* "workstation"/"server"/"dc"/"DomainController" or 1/2/3. */
bool cli_parse_product_type(const char *text, size_t len, acs_product_type *out);
/* "Root", "AuthRoot", ... lists -> ACS_STORE_* mask. */
bool cli_parse_stores(const char *text, size_t len, unsigned *out);

/* Protected-service facts (ppl_args.c): one "name=X,launch=3,acs=yes,..."
 * spec, and a list of them separated by ';' or '|' ("none": read, none). */
bool cli_parse_module(const char *text, size_t len, acs_ppl_module *out, char *err, size_t err_size);
bool cli_parse_module_list(const char *text, size_t len, acs_ppl_facts *ppl, char *err, size_t err_size);

/* Version, UBR (10+) or rollup revision (6.x) from a dotted version; a
 * missing revision becomes missing_revision. */
void cli_set_os_version(acs_host_facts *facts, const cli_os_version *os, const acs_known *missing_revision);
void cli_facts_from_options(const cli_options *options, acs_host_facts *facts);

/* Opens the catalog asked for (warning on stderr when it fell back) and the
 * profile; returns an exit status, 0 when both are ready. */
typedef struct cli_catalog {
    acs_catalog *catalog;
    acs_catalog_origin origin; /* where it came from, and why a --catalog fell back */
    const acs_profile *profile;
} cli_catalog;
int cli_open_catalog(const cli_options *options, cli_catalog *out);
int64_t cli_now(void);

/* Whether the root certificate was checked, or what was taken without it:
 * the RootCa member/column every output of evaluate has (the class has no
 * such property). root_assumed is NULL when the input said (a --root flag,
 * an export's root column, this machine's stores), else "present", "absent"
 * or "unknown"; the token is Checked, AssumedPresent, AssumedAbsent or
 * NotChecked. */
#define CLI_ROOT_COLUMN "RootCa"
const char *cli_root_token(const char *root_assumed);

/* One report to stdout as text, json or csv, with its RootCa; 0 or CLI_EXIT_IOERR. */
int cli_print_report(const acs_report *report, cli_format format, const char *root_assumed);

/* Where one machine's facts come from: the command line, or this machine's
 * collectors. Sets *root_assumed (see cli_root_token). Returns 0, or an exit
 * status after saying why on stderr. */
typedef int (*cli_fact_source)(const cli_options *options, const acs_catalog *catalog, acs_host_facts *facts,
                               const char **root_assumed);
/* Catalog -> facts -> report -> output; the exit status is the verdict's. */
int cli_report_one(const cli_options *options, cli_fact_source source);

int cli_run_evaluate(const cli_options *options);
int cli_run_inventory(const cli_options *options);
int cli_run_check(const cli_options *options);
int cli_run_catalog(const cli_options *options);
int cli_run_schema(const cli_options *options);
void cli_print_help(FILE *out);
void cli_print_version(FILE *out);

#endif
