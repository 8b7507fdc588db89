/* acsready catalog: what the catalog in use says, for an admin deciding
 * whether to trust it: version, where it came from, the root, the profiles and
 * every OS rule with its source. --lang gives the rule, prerequisite and
 * upgrade names the catalog has in that language and the listing's own words
 * (labels.c); profile descriptions are English only in the catalog. */
#include "cli/cli.h"
#include "cli/labels.h"

#include <stdio.h>
#include <string.h>

/* Columns a UTF-8 label takes on a terminal: East Asian wide characters
 * (from U+1100 on, the scripts the labels use) take two. */
static size_t display_width(const char *text)
{
    size_t width = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue; /* a continuation byte: counted with its lead */
        width += (*p >= 0xE1) ? 2 : 1;
    }
    return width;
}

/* "Version   : " in English: the key padded to width columns, then ": ". */
static void print_key(FILE *out, const char *indent, acs_lang lang, cli_label key, size_t width)
{
    const char *text = cli_label_text(lang, key);
    fprintf(out, "%s%s", indent, text);
    for (size_t w = display_width(text); w < width; w++)
        fputc(' ', out);
    fputs(": ", out);
}

static void print_builds(FILE *out, const acs_os_rule *rule)
{
    fprintf(out, "%u.%u.%u", (unsigned)rule->major, (unsigned)rule->minor, (unsigned)rule->build_min);
    if (rule->build_max == UINT32_MAX)
        fputs("+", out);
    else if (rule->build_max != rule->build_min)
        fprintf(out, "-%u", (unsigned)rule->build_max);
}

static void print_products(FILE *out, acs_lang lang, unsigned mask)
{
    static const struct {
        unsigned bit;
        cli_label label;
    } products[] = {{ACS_PRODUCT_MASK_WORKSTATION, C_WORKSTATION},
                    {ACS_PRODUCT_MASK_SERVER, C_SERVER},
                    {ACS_PRODUCT_MASK_DC, C_DC}};
    const char *sep = "";
    fputs(" [", out);
    for (size_t i = 0; i < sizeof products / sizeof products[0]; i++)
        if (mask & products[i].bit) {
            fprintf(out, "%s%s", sep, cli_label_text(lang, products[i].label));
            sep = ", ";
        }
    fputs("]", out);
}

static void print_rule(FILE *out, acs_lang lang, const acs_os_rule *rule)
{
    const char *upgrade = rule->localized_upgrade_to[lang] ? rule->localized_upgrade_to[lang] : rule->upgrade_to;

    fprintf(out, "  %-16s %s\n", rule->id, rule->localized_name[lang] ? rule->localized_name[lang] : rule->name);
    fputs("                   ", out);
    print_builds(out, rule);
    print_products(out, lang, rule->product_mask);
    fputs(": ", out);
    switch (rule->kind) {
    case ACS_RULE_NATIVE:
        fputs(cli_label_text(lang, C_NATIVE), out);
        break;
    case ACS_RULE_CUMULATIVE:
        fprintf(out, "KB%u, UBR >= %u", (unsigned)rule->required.kb, (unsigned)rule->required.revision);
        if (rule->first_patch_tuesday.kb)
            fprintf(out, " (%s: KB%u, UBR %u)", cli_label_text(lang, C_FIRST_B_RELEASE),
                    (unsigned)rule->first_patch_tuesday.kb, (unsigned)rule->first_patch_tuesday.revision);
        break;
    case ACS_RULE_ROLLUP:
        fprintf(out, "%s KB%u (%s >= %u) %s %s KB%u; ", cli_label_text(lang, C_MONTHLY_ROLLUP),
                (unsigned)rule->required.kb, cli_label_text(lang, C_REVISION), (unsigned)rule->required.revision,
                cli_label_text(lang, C_OR), cli_label_text(lang, C_SECURITY_ONLY), (unsigned)rule->security_only.kb);
        fprintf(out, cli_label_text(lang, C_LATER_ROLLUPS), (unsigned)rule->later_count);
        break;
    case ACS_RULE_NEVER:
        fprintf(out, cli_label_text(lang, C_NO_FIX), upgrade ? upgrade : cli_label_text(lang, C_SUPPORTED_RELEASE));
        break;
    }
    fputc('\n', out);
    for (size_t i = 0; i < rule->prerequisite_count; i++) {
        const acs_prerequisite *prerequisite = &rule->prerequisites[i];
        const char *name = prerequisite->localized_name[lang] ? prerequisite->localized_name[lang] : prerequisite->name;
        fputs("                   ", out);
        fprintf(out, cli_label_text(lang, C_NEEDS_FIRST), (unsigned)prerequisite->kb, name);
        fputc('\n', out);
    }
    if (rule->source && rule->source->url)
        fprintf(out, "                   %s: %s\n", cli_label_text(lang, C_CITED), rule->source->url);
}

int cli_run_catalog(const cli_options *options)
{
    acs_lang lang = (unsigned)options->lang < ACS_LANG_COUNT ? options->lang : ACS_LANG_EN;
    cli_catalog opened;
    int status = cli_open_catalog(options, &opened);
    if (status != 0)
        return status;

    const acs_root_rule *root = acs_catalog_root(opened.catalog);
    print_key(stdout, "", lang, C_VERSION, 10);
    printf("%s\n", acs_catalog_version(opened.catalog));
    print_key(stdout, "", lang, C_SOURCE, 10);
    /* "built-in" is also CatalogSource's value; the listing says it in words. */
    printf("%s\n", strcmp(opened.origin.source, "built-in") == 0 ? cli_label_text(lang, C_BUILT_IN)
                                                                : opened.origin.source);
    if (opened.origin.fell_back) {
        print_key(stdout, "", lang, C_FALLBACK, 10);
        printf("%s\n", opened.origin.reason);
    }
    if (root) {
        print_key(stdout, "", lang, C_ROOT, 10);
        printf("%s\n", root->name);
        printf("  SHA-1   : %s\n", root->sha1_hex);
        printf("  SHA-256 : %s\n", root->sha256_hex);
        if (root->download_url) {
            print_key(stdout, "  ", lang, C_DOWNLOAD, 8);
            printf("%s\n", root->download_url);
        }
    }
    printf("\n%s:\n", cli_label_text(lang, C_PROFILES));
    for (size_t i = 0; i < acs_catalog_profile_count(opened.catalog); i++) {
        const acs_profile *p = acs_catalog_profile_at(opened.catalog, i);
        printf("  %-16s %s", p->id, p->description ? p->description : "");
        if (p->is_default)
            printf(" %s", cli_label_text(lang, C_DEFAULT));
        if (p->base) {
            fputc(' ', stdout);
            printf(cli_label_text(lang, C_BASED_ON), p->base->id);
        }
        printf("\n");
        if (p->source && p->source->url)
            printf("                   %s: %s\n", cli_label_text(lang, C_CITED), p->source->url);
        for (size_t r = 0; r < p->rule_count; r++)
            print_rule(stdout, lang, &p->rules[r]);
    }
    printf("\n%s:\n", cli_label_text(lang, C_RULES));
    for (size_t i = 0; i < acs_catalog_rule_count(opened.catalog); i++)
        print_rule(stdout, lang, acs_catalog_rule_at(opened.catalog, i));

    acs_catalog_free(opened.catalog);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "acsready: cannot write the output\n");
        return CLI_EXIT_IOERR;
    }
    return 0;
}
