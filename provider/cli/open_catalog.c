/* The catalog and profile every verdict needs. A --catalog file that cannot
 * be used is not fatal: the built-in copy answers, stderr says why, and the
 * output's CatalogSource says which catalog was used. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

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

int cli_open_catalog(const cli_options *options, acs_catalog **catalog, acs_catalog_origin *origin,
                     const acs_profile **profile)
{
    memset(origin, 0, sizeof *origin);
    *profile = NULL;
    *catalog = acs_catalog_open(options->catalog, origin);
    if (!*catalog) {
        fprintf(stderr, "acsready: the built-in catalog cannot be loaded: %s\n", origin->reason);
        return CLI_EXIT_SOFTWARE;
    }
    /* The reason normally names the file and line already. */
    if (origin->fell_back && options->catalog && strstr(origin->reason, options->catalog))
        fprintf(stderr, "acsready: warning: catalog not used: %s; the built-in catalog answers\n", origin->reason);
    else if (origin->fell_back)
        fprintf(stderr, "acsready: warning: catalog %s not used: %s; the built-in catalog answers\n",
                options->catalog ? options->catalog : "(none)", origin->reason);

    *profile = acs_catalog_find_profile(*catalog, options->profile);
    if (!*profile) {
        char names[256];
        list_profiles(*catalog, names, sizeof names);
        cli_usage_error("--profile: the catalog has no profile '%s' (it has: %s)", options->profile, names);
        acs_catalog_free(*catalog);
        *catalog = NULL;
        return CLI_EXIT_USAGE;
    }
    return 0;
}
