/* acsready catalog: what the catalog in use says, for an admin deciding
 * whether to trust it: version, where it came from, the root, the profiles and
 * every OS rule with its source. */
#include "cli/cli.h"

#include <stdio.h>

static void print_builds(FILE *out, const acs_os_rule *rule)
{
    fprintf(out, "%u.%u.%u", (unsigned)rule->major, (unsigned)rule->minor, (unsigned)rule->build_min);
    if (rule->build_max == UINT32_MAX)
        fputs("+", out);
    else if (rule->build_max != rule->build_min)
        fprintf(out, "-%u", (unsigned)rule->build_max);
}

static void print_products(FILE *out, unsigned mask)
{
    const char *sep = "";
    fputs(" [", out);
    if (mask & ACS_PRODUCT_MASK_WORKSTATION) {
        fputs("workstation", out);
        sep = ", ";
    }
    if (mask & ACS_PRODUCT_MASK_SERVER) {
        fprintf(out, "%sserver", sep);
        sep = ", ";
    }
    if (mask & ACS_PRODUCT_MASK_DC)
        fprintf(out, "%sdc", sep);
    fputs("]", out);
}

static void print_rule(FILE *out, const acs_os_rule *rule)
{
    fprintf(out, "  %-16s %s\n", rule->id, rule->name);
    fputs("                   ", out);
    print_builds(out, rule);
    print_products(out, rule->product_mask);
    switch (rule->kind) {
    case ACS_RULE_NATIVE:
        fputs(": ready out of the box\n", out);
        break;
    case ACS_RULE_CUMULATIVE:
        fprintf(out, ": KB%u, UBR >= %u", (unsigned)rule->required.kb, (unsigned)rule->required.revision);
        if (rule->first_patch_tuesday.kb)
            fprintf(out, " (first Patch Tuesday update: KB%u, UBR %u)", (unsigned)rule->first_patch_tuesday.kb,
                    (unsigned)rule->first_patch_tuesday.revision);
        fputs("\n", out);
        break;
    case ACS_RULE_ROLLUP:
        fprintf(out, ": monthly rollup KB%u (revision >= %u) or security-only KB%u; %u later rollups\n",
                (unsigned)rule->required.kb, (unsigned)rule->required.revision, (unsigned)rule->security_only.kb,
                (unsigned)rule->later_count);
        break;
    case ACS_RULE_NEVER:
        fprintf(out, ": no fix; upgrade to %s\n", rule->upgrade_to ? rule->upgrade_to : "a supported release");
        break;
    }
    for (size_t i = 0; i < rule->prerequisite_count; i++)
        fprintf(out, "                   needs KB%u (%s) first\n", (unsigned)rule->prerequisites[i].kb,
                rule->prerequisites[i].name);
    if (rule->source && rule->source->url)
        fprintf(out, "                   source: %s\n", rule->source->url);
}

int cli_run_catalog(const cli_options *options)
{
    cli_catalog opened;
    int status = cli_open_catalog(options, &opened);
    if (status != 0)
        return status;

    const acs_root_rule *root = acs_catalog_root(opened.catalog);
    printf("Version   : %s\n", acs_catalog_version(opened.catalog));
    printf("Source    : %s\n", opened.origin.source);
    if (opened.origin.fell_back)
        printf("Fallback  : %s\n", opened.origin.reason);
    if (root) {
        printf("Root CA   : %s\n", root->name);
        printf("  SHA-1   : %s\n", root->sha1_hex);
        printf("  SHA-256 : %s\n", root->sha256_hex);
        if (root->download_url)
            printf("  Download: %s\n", root->download_url);
    }
    printf("\nProfiles:\n");
    for (size_t i = 0; i < acs_catalog_profile_count(opened.catalog); i++) {
        const acs_profile *p = acs_catalog_profile_at(opened.catalog, i);
        printf("  %-16s %s%s", p->id, p->description ? p->description : "", p->is_default ? " (default)" : "");
        if (p->base)
            printf(" (based on %s)", p->base->id);
        printf("\n");
        if (p->source && p->source->url)
            printf("                   source: %s\n", p->source->url);
        for (size_t r = 0; r < p->rule_count; r++)
            print_rule(stdout, &p->rules[r]);
    }
    printf("\nRules:\n");
    for (size_t i = 0; i < acs_catalog_rule_count(opened.catalog); i++)
        print_rule(stdout, acs_catalog_rule_at(opened.catalog, i));

    acs_catalog_free(opened.catalog);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "acsready: cannot write the output\n");
        return CLI_EXIT_IOERR;
    }
    return 0;
}
