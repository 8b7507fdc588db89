/* argv -> cli_options. Accepts "--name value" and "--name=value"; every
 * mistake is a usage error (exit 64) that says what was wrong. */
#include "cli/cli.h"
#include "cli/columns.h"
#include "cli/encoding.h"
#include "cli/sniff.h"

#include <stdarg.h>
#include <string.h>

void cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("acsready: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'acsready --help' for more information.\n", stderr);
}

/* Options each subcommand accepts; a flag given to the wrong one is an error
 * rather than silently ignored. */
enum {
    FOR_EVALUATE = 1u << 0,
    FOR_INVENTORY = 1u << 1,
    FOR_CHECK = 1u << 2,
    FOR_CATALOG = 1u << 3,
    FOR_SCHEMA = 1u << 4
};

typedef bool (*option_fn)(cli_options *options, const char *value);

typedef struct option_def {
    const char *name;
    unsigned applies;
    option_fn parse;
} option_def;

typedef struct kb_ctx {
    cli_options *options;
} kb_ctx;

static bool parse_kb_state(const char *text, size_t len, acs_package_state *out)
{
    if (acs_ascii_equal_nocase(text, len, "installed"))
        *out = ACS_PKG_INSTALLED;
    else if (acs_ascii_equal_nocase(text, len, "pending") || acs_ascii_equal_nocase(text, len, "install-pending"))
        *out = ACS_PKG_INSTALL_PENDING;
    else if (acs_ascii_equal_nocase(text, len, "staged"))
        *out = ACS_PKG_STAGED;
    else if (acs_ascii_equal_nocase(text, len, "superseded"))
        *out = ACS_PKG_SUPERSEDED;
    else if (acs_ascii_equal_nocase(text, len, "uninstall-pending"))
        *out = ACS_PKG_UNINSTALL_PENDING;
    else if (acs_ascii_equal_nocase(text, len, "broken"))
        *out = ACS_PKG_BROKEN;
    else
        return false;
    return true;
}

static bool add_kb_token(void *ctx, const char *token, size_t len)
{
    kb_ctx *kbs = ctx;
    acs_package_state state = ACS_PKG_INSTALLED;
    const char *colon = memchr(token, ':', len);
    size_t kb_len = colon ? (size_t)(colon - token) : len;
    uint32_t kb = acs_parse_kb(token, kb_len);

    if (kb == 0) {
        cli_usage_error("--kb: '%.*s' is not a KB number (write KB5006743 or 5006743)", (int)kb_len, token);
        return false;
    }
    if (colon && !parse_kb_state(colon + 1, len - kb_len - 1, &state)) {
        cli_usage_error("--kb: unknown package state '%.*s' (installed, pending, staged, superseded, "
                        "uninstall-pending, broken)",
                        (int)(len - kb_len - 1), colon + 1);
        return false;
    }
    cli_options *options = kbs->options;
    for (size_t i = 0; i < options->kb_count; i++)
        if (options->kbs[i].kb == kb) {
            cli_usage_error("--kb: KB%u is given twice", (unsigned)kb);
            return false;
        }
    if (options->kb_count == ACS_MAX_KB_FACTS) {
        cli_usage_error("--kb: more than %d KBs", ACS_MAX_KB_FACTS);
        return false;
    }
    options->kbs[options->kb_count].kb = kb;
    options->kbs[options->kb_count].state = state;
    options->kb_count++;
    return true;
}

static bool opt_os(cli_options *o, const char *value)
{
    if (!cli_parse_os_version(value, strlen(value), &o->os)) {
        cli_usage_error("--os: '%s' is not MAJOR.MINOR.BUILD[.REV] (e.g. 10.0.17763.2114 or 6.1.7601.25740)", value);
        return false;
    }
    o->os_given = true;
    return true;
}

static bool opt_product_type(cli_options *o, const char *value)
{
    if (!cli_parse_product_type(value, strlen(value), &o->product_type)) {
        cli_usage_error("--product-type: '%s' is not workstation, server or dc", value);
        return false;
    }
    o->product_given = true;
    return true;
}

static bool opt_kb(cli_options *o, const char *value)
{
    kb_ctx ctx = {o};
    o->kb_given = true;
    return cli_split_list(value, strlen(value), add_kb_token, &ctx);
}

static bool opt_root(cli_options *o, const char *value)
{
    if (strcmp(value, "present") == 0)
        o->root = CLI_GIVEN_YES;
    else if (strcmp(value, "absent") == 0)
        o->root = CLI_GIVEN_NO;
    else if (strcmp(value, "unknown") == 0)
        o->root = CLI_GIVEN_UNKNOWN;
    else {
        cli_usage_error("--root: '%s' is not present, absent or unknown", value);
        return false;
    }
    return true;
}

static bool opt_root_store(cli_options *o, const char *value)
{
    if (!cli_parse_stores(value, strlen(value), &o->root_stores)) {
        cli_usage_error("--root-store: '%s' is not one of " ACS_STORE_NAMES, value);
        return false;
    }
    return true;
}

static bool opt_root_auto_update(cli_options *o, const char *value)
{
    if (strcmp(value, "enabled") == 0)
        o->auto_update = CLI_GIVEN_YES;
    else if (strcmp(value, "disabled") == 0)
        o->auto_update = CLI_GIVEN_NO;
    else {
        cli_usage_error("--root-auto-update: '%s' is not enabled or disabled", value);
        return false;
    }
    return true;
}

static bool opt_root_last_sync(cli_options *o, const char *value)
{
    if (strcmp(value, "never") == 0) {
        o->last_sync = CLI_GIVEN_NO;
        return true;
    }
    if (!acs_parse_date(value, strlen(value), &o->last_sync_unix)) {
        cli_usage_error("--root-last-sync: '%s' is not a date YYYY-MM-DD (or 'never')", value);
        return false;
    }
    o->last_sync = CLI_GIVEN_YES;
    return true;
}

static bool opt_module(cli_options *o, const char *value)
{
    char err[256];
    if (strcmp(value, "none") == 0) {
        if (o->modules.module_count) {
            cli_usage_error("--module none contradicts the modules given");
            return false;
        }
        o->modules_given = true;
        return true;
    }
    if (o->modules.module_count == ACS_MAX_PPL_MODULES) {
        cli_usage_error("--module: more than %d modules", ACS_MAX_PPL_MODULES);
        return false;
    }
    if (!cli_parse_module(value, strlen(value), &o->modules.list[o->modules.module_count], err, sizeof err)) {
        cli_usage_error("--module: %s", err);
        return false;
    }
    o->modules.module_count++;
    o->modules_given = true;
    return true;
}

static bool opt_inventory(cli_options *o, const char *value)
{
    o->inventory = value;
    return true;
}

static bool opt_encoding(cli_options *o, const char *value)
{
    cli_encoding encoding;
    if (!cli_encoding_parse(value, &encoding)) {
        cli_usage_error("--encoding: '%s' is not one of %s", value, CLI_ENCODING_NAMES);
        return false;
    }
    o->encoding = value;
    return true;
}

static bool opt_delimiter(cli_options *o, const char *value)
{
    if (!cli_parse_delimiter(value, &o->delimiter)) {
        cli_usage_error("--delimiter: '%s' is not , ; tab or |", value);
        return false;
    }
    return true;
}

static bool opt_columns(cli_options *o, const char *value)
{
    cli_column_override override;
    char err[256];
    if (!cli_columns_parse(value, &override, err, sizeof err)) {
        cli_usage_error("%s", err);
        return false;
    }
    o->columns = value;
    return true;
}

static bool opt_assume_root(cli_options *o, const char *value)
{
    if (strcmp(value, "present") == 0)
        o->assume_root = CLI_GIVEN_YES;
    else if (strcmp(value, "absent") == 0)
        o->assume_root = CLI_GIVEN_NO;
    else if (strcmp(value, "unknown") == 0)
        o->assume_root = CLI_GIVEN_UNKNOWN;
    else {
        cli_usage_error("--assume-root: '%s' is not present, absent or unknown", value);
        return false;
    }
    return true;
}

static bool opt_profile(cli_options *o, const char *value)
{
    o->profile = value;
    return true;
}

static bool opt_lang(cli_options *o, const char *value)
{
    if (!acs_lang_parse(value, &o->lang)) {
        cli_usage_error("--lang: '%s' is not en, zh-TW or ja", value);
        return false;
    }
    o->lang_given = true;
    return true;
}

static bool opt_catalog(cli_options *o, const char *value)
{
    o->catalog = value;
    return true;
}

static bool opt_format(cli_options *o, const char *value)
{
    if (strcmp(value, "text") == 0)
        o->format = CLI_FORMAT_TEXT;
    else if (strcmp(value, "json") == 0)
        o->format = CLI_FORMAT_JSON;
    else if (strcmp(value, "csv") == 0)
        o->format = CLI_FORMAT_CSV;
    else if (strcmp(value, "html") == 0)
        o->format = CLI_FORMAT_HTML;
    else {
        cli_usage_error("--format: '%s' is not text, json, csv or html", value);
        return false;
    }
    return true;
}

#define MACHINE_FACT FOR_EVALUATE
#define VERDICT_OPTIONS (FOR_EVALUATE | FOR_INVENTORY | FOR_CHECK)

static const option_def option_defs[] = {
    {"os", MACHINE_FACT, opt_os},
    {"product-type", MACHINE_FACT, opt_product_type},
    {"kb", MACHINE_FACT, opt_kb},
    {"root", MACHINE_FACT, opt_root},
    {"root-store", MACHINE_FACT, opt_root_store},
    {"root-auto-update", MACHINE_FACT, opt_root_auto_update},
    {"root-last-sync", MACHINE_FACT, opt_root_last_sync},
    {"module", MACHINE_FACT, opt_module},
    {"inventory", FOR_INVENTORY, opt_inventory},
    {"encoding", FOR_INVENTORY, opt_encoding},
    {"delimiter", FOR_INVENTORY, opt_delimiter},
    {"columns", FOR_INVENTORY, opt_columns},
    {"assume-root", FOR_INVENTORY, opt_assume_root},
    {"profile", VERDICT_OPTIONS, opt_profile},
    {"lang", VERDICT_OPTIONS | FOR_CATALOG, opt_lang},
    {"catalog", VERDICT_OPTIONS | FOR_CATALOG, opt_catalog},
    {"format", VERDICT_OPTIONS | FOR_SCHEMA, opt_format},
};

static const option_def *find_option(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof option_defs / sizeof option_defs[0]; i++)
        if (strlen(option_defs[i].name) == len && memcmp(option_defs[i].name, name, len) == 0)
            return &option_defs[i];
    return NULL;
}

/* After "--kb X", further words that look like KBs belong to it too, so
 * "--kb KB5006743 KB4474419" works as the synopsis promises. */
static bool looks_like_kb(const char *arg)
{
    return (arg[0] == 'K' || arg[0] == 'k') ? (arg[1] == 'B' || arg[1] == 'b') : (arg[0] >= '0' && arg[0] <= '9');
}

static unsigned command_bit(const cli_options *o)
{
    if (strcmp(o->command, "evaluate") == 0)
        return o->inventory ? FOR_INVENTORY : FOR_EVALUATE;
    if (strcmp(o->command, "check") == 0)
        return FOR_CHECK;
    if (strcmp(o->command, "catalog") == 0)
        return FOR_CATALOG;
    return FOR_SCHEMA;
}

static bool check_combination(cli_options *o, const option_def **given, size_t given_count)
{
    unsigned bit = command_bit(o);
    for (size_t i = 0; i < given_count; i++)
        if (!(given[i]->applies & bit)) {
            if (bit == FOR_INVENTORY)
                cli_usage_error("--%s describes one machine; with --inventory the facts come from the file",
                                given[i]->name);
            else
                cli_usage_error("--%s does not apply to '%s'", given[i]->name, o->command);
            return false;
        }
    if (bit == FOR_EVALUATE && !o->os_given) {
        cli_usage_error("evaluate needs --os MAJOR.MINOR.BUILD[.REV] or --inventory FILE.csv");
        return false;
    }
    if (bit == FOR_EVALUATE && o->root_stores != 0 && (o->root == CLI_GIVEN_NO || o->root == CLI_GIVEN_UNKNOWN)) {
        cli_usage_error("--root-store says where the root is; it contradicts --root %s",
                        o->root == CLI_GIVEN_NO ? "absent" : "unknown");
        return false;
    }
    if (bit != FOR_INVENTORY && o->format == CLI_FORMAT_HTML) {
        cli_usage_error("--format html is the report of an inventory (evaluate --inventory FILE)");
        return false;
    }
    if (bit == FOR_SCHEMA && o->format == CLI_FORMAT_CSV) {
        cli_usage_error("schema prints text or json");
        return false;
    }
    return true;
}

bool cli_parse_args(int argc, char **argv, cli_options *o)
{
    const option_def *given[64];
    size_t given_count = 0;

    memset(o, 0, sizeof *o);
    o->lang = ACS_LANG_EN;
    if (argc < 2) {
        cli_usage_error("no command given (evaluate, check, catalog)");
        return false;
    }
    int i = 1;
    if (strncmp(argv[1], "-", 1) != 0) {
        o->command = argv[1];
        if (strcmp(o->command, "evaluate") != 0 && strcmp(o->command, "check") != 0 &&
            strcmp(o->command, "catalog") != 0 && strcmp(o->command, "schema") != 0) {
            cli_usage_error("unknown command '%s' (evaluate, check, catalog)", o->command);
            return false;
        }
        i = 2;
    }
    for (; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            o->help = true;
            return true;
        }
        if (strcmp(arg, "--version") == 0 || strcmp(arg, "-V") == 0) {
            o->version = true;
            continue;
        }
        if (strncmp(arg, "--", 2) != 0) {
            cli_usage_error("unexpected argument '%s'", arg);
            return false;
        }
        const char *name = arg + 2;
        const char *eq = strchr(name, '=');
        size_t name_len = eq ? (size_t)(eq - name) : strlen(name);
        const option_def *def = find_option(name, name_len);
        if (!def) {
            cli_usage_error("unknown option '--%.*s'", (int)name_len, name);
            return false;
        }
        const char *value = eq ? eq + 1 : NULL;
        if (!value) {
            if (i + 1 >= argc) {
                cli_usage_error("--%s needs a value", def->name);
                return false;
            }
            value = argv[++i];
        }
        if (!def->parse(o, value))
            return false;
        if (def->parse == opt_kb)
            while (i + 1 < argc && looks_like_kb(argv[i + 1]))
                if (!opt_kb(o, argv[++i]))
                    return false;
        bool seen = false;
        for (size_t k = 0; k < given_count; k++)
            seen = seen || given[k] == def;
        if (seen && def->parse != opt_kb && def->parse != opt_module) {
            cli_usage_error("--%s is given twice", def->name);
            return false;
        }
        if (!seen && given_count < sizeof given / sizeof given[0])
            given[given_count++] = def;
    }
    if (!o->command) {
        if (o->version)
            return true;
        cli_usage_error("no command given (evaluate, check, catalog)");
        return false;
    }
    return o->version || check_combination(o, given, given_count);
}
