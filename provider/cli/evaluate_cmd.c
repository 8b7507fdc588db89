/* One machine's verdict: acsready evaluate --os ... (facts from flags) and
 * acsready check (facts from this machine's collectors, the ones the WMI
 * provider uses; only Windows has them, elsewhere check says so). Both open
 * the catalog and profile the same way, which evaluate --inventory shares. */
#include "cli/cli.h"
#ifdef _WIN32
#include "collect/collect.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the catalog and profile ----------------------------------------------- */

static void list_profiles(const acs_catalog *catalog, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < acs_catalog_profile_count(catalog); i++) {
        int n = snprintf(buf + len, size - len, "%s%s", i ? ", " : "", acs_catalog_profile_at(catalog, i)->id);
        if (n < 0 || (size_t)n >= size - len)
            return;
        len += (size_t)n;
    }
}

/* A --catalog file that cannot be used is not fatal: the built-in copy
 * answers, stderr says why, and the output's CatalogSource says which
 * catalog was used. */
int cli_open_catalog(const cli_options *options, cli_catalog *out)
{
    acs_catalog_origin *origin = &out->origin;

    memset(origin, 0, sizeof *origin);
    out->profile = NULL;
    out->catalog = acs_catalog_open(options->catalog, origin);
    if (!out->catalog) {
        fprintf(stderr, "acsready: the built-in catalog cannot be loaded: %s\n", origin->reason);
        return CLI_EXIT_SOFTWARE;
    }
    /* The reason normally names the file and line already. */
    if (origin->fell_back && options->catalog && strstr(origin->reason, options->catalog))
        fprintf(stderr, "acsready: warning: catalog not used: %s; the built-in catalog answers\n", origin->reason);
    else if (origin->fell_back)
        fprintf(stderr, "acsready: warning: catalog %s not used: %s; the built-in catalog answers\n",
                options->catalog ? options->catalog : "(none)", origin->reason);

    out->profile = acs_catalog_find_profile(out->catalog, options->profile);
    if (!out->profile) {
        char names[256];
        list_profiles(out->catalog, names, sizeof names);
        cli_usage_error("--profile: the catalog has no profile '%s' (it has: %s)", options->profile, names);
        acs_catalog_free(out->catalog);
        out->catalog = NULL;
        return CLI_EXIT_USAGE;
    }
    return 0;
}

/* ---- catalog -> facts -> report -> output ---------------------------------- */

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
    cli_catalog opened;
    const char *root_assumed = NULL;
    int status = cli_open_catalog(options, &opened);

    if (status != 0)
        return status;
    status = source(options, opened.catalog, &facts, &root_assumed);
    if (status == 0) {
        acs_report_build(&report, opened.catalog, &opened.origin, opened.profile, &facts, options->lang, cli_now());
        status = cli_print_report(&report, options->format, root_assumed);
        if (status == 0)
            status = acs_state_exit_code(report.verdict.state);
    }
    acs_catalog_free(opened.catalog);
    return status;
}

/* ---- evaluate --------------------------------------------------------------- */

static int facts_from_flags(const cli_options *options, const acs_catalog *catalog, acs_host_facts *facts,
                            const char **root_assumed)
{
    (void)catalog;
    cli_facts_from_options(options, facts);
    /* As with an export without a root column: what was assumed is said, in
     * every output (RootCa) and on stderr. --root unknown is not checked
     * either, and says so the way --assume-root unknown does. */
    if (options->root == CLI_NOT_GIVEN) {
        *root_assumed = "present";
        fputs("acsready: the root certificate was not checked: taken as present, as --root defaults "
              "(--root present|absent|unknown)\n",
              stderr);
    } else if (options->root == CLI_GIVEN_UNKNOWN) {
        *root_assumed = "unknown";
    }
    return 0;
}

int cli_run_evaluate(const cli_options *options)
{
    if (options->inventory)
        return cli_run_inventory(options);
    return cli_report_one(options, facts_from_flags);
}

/* ---- check ------------------------------------------------------------------ */

#ifdef _WIN32

static int facts_from_this_machine(const cli_options *options, const acs_catalog *catalog, acs_host_facts *facts,
                                   const char **root_assumed)
{
    (void)options;
    *root_assumed = NULL; /* the collectors read the stores */
    /* What a collector could not read is in the facts with its reason (the
     * verdict is then Unknown); a nonzero status is a programming error. */
    if (acs_collect_host(facts, catalog) != 0) {
        fprintf(stderr, "acsready: internal error: the collectors refused their arguments\n");
        return CLI_EXIT_SOFTWARE;
    }
    return 0;
}

int cli_run_check(const cli_options *options)
{
    return cli_report_one(options, facts_from_this_machine);
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
