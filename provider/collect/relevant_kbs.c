/* Which KBs the CBS collector looks up: only those the catalog could ask
 * about on this OS, so the look-up cost stays a handful of key opens whatever
 * the number of installed packages. */
#include "collect/collect.h"

typedef struct kb_set {
    uint32_t *kbs;
    size_t count, max;
} kb_set;

static void set_add(kb_set *set, uint32_t kb)
{
    size_t i;

    if (!kb)
        return;
    for (i = 0; i < set->count; i++)
        if (set->kbs[i] == kb)
            return;
    if (set->count < set->max)
        set->kbs[set->count++] = kb;
}

static void add_rule(kb_set *set, const acs_os_rule *rule)
{
    size_t i, j;

    set_add(set, rule->required.kb);
    set_add(set, rule->first_patch_tuesday.kb);
    set_add(set, rule->security_only.kb);
    for (i = 0; i < rule->later_count; i++)
        set_add(set, rule->later[i].kb);
    for (i = 0; i < rule->prerequisite_count; i++) {
        const acs_prerequisite *prerequisite = &rule->prerequisites[i];
        set_add(set, prerequisite->kb);
        for (j = 0; j < prerequisite->superseded_by_count; j++)
            set_add(set, prerequisite->superseded_by[j]);
    }
}

/* A rule the running build already satisfies needs no package evidence: the
 * evaluator decides on the UBR or the installed rollup's revision first, so no
 * KB state can change its verdict. On a patched 6.x machine this skips ~55
 * look-ups (make bench-collect). */
static bool satisfied_by_revision(const acs_os_rule *rule, const acs_os_facts *os, uint32_t installed_rollup)
{
    switch (rule->kind) {
    case ACS_RULE_CUMULATIVE:
        return os->ubr.known && os->ubr_value >= rule->required.revision;
    case ACS_RULE_ROLLUP:
        return installed_rollup != 0 && installed_rollup >= rule->required.revision;
    case ACS_RULE_NATIVE:
    case ACS_RULE_NEVER:
        break;
    }
    return true; /* no update to prove */
}

size_t acs_collect_relevant_kbs(const acs_catalog *catalog, const acs_os_facts *os, uint32_t installed_rollup,
                                uint32_t *kbs, size_t max)
{
    kb_set set;
    size_t p, r;
    unsigned mask = ACS_PRODUCT_MASK_ANY;

    set.kbs = kbs;
    set.count = 0;
    set.max = max;
    if (!catalog)
        return 0;
    if (os->product.known && os->product_type != ACS_PRODUCT_UNKNOWN)
        mask = 1u << os->product_type;

    if (os->version.known) {
        for (p = 0; p < acs_catalog_profile_count(catalog); p++) {
            const acs_os_rule *rule =
                acs_catalog_match(acs_catalog_profile_at(catalog, p), os->major, os->minor, os->build, mask);
            if (rule && !satisfied_by_revision(rule, os, installed_rollup))
                add_rule(&set, rule);
        }
        return set.count;
    }
    /* Version unread: the verdict will be Unknown, but the evidence is still
     * worth reporting, so look up everything the catalog names. */
    for (r = 0; r < acs_catalog_rule_count(catalog); r++)
        add_rule(&set, acs_catalog_rule_at(catalog, r));
    for (p = 0; p < acs_catalog_profile_count(catalog); p++) {
        const acs_profile *profile = acs_catalog_profile_at(catalog, p);
        for (r = 0; r < profile->rule_count; r++)
            add_rule(&set, &profile->rules[r]);
    }
    return set.count;
}
