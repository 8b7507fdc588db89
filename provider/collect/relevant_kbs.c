/* Which KBs the CBS collector looks up: only those the catalog could ask
 * about on this OS, so the look-up cost stays a handful of key opens whatever
 * the number of installed packages. */
#include "collect/collect.h"
#include "core/evaluate.h"

typedef struct kb_set {
    uint32_t *kbs;
    size_t count, max; /* count goes past max: the caller learns the list did not fit */
} kb_set;

static void set_add(void *context, uint32_t kb)
{
    kb_set *set = context;
    size_t i;

    for (i = 0; i < set->count && i < set->max; i++)
        if (set->kbs[i] == kb)
            return;
    if (set->count < set->max)
        set->kbs[set->count] = kb;
    set->count++;
}

static void add_rule(kb_set *set, const acs_os_rule *rule)
{
    acs_rule_for_each_kb(rule, set_add, set);
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
            /* A rule the running build already satisfies needs no package
             * evidence: the evaluator decides on the same revision first, so
             * no KB state can change its verdict. On a patched 6.x machine
             * this skips ~55 look-ups (make bench-collect). */
            if (rule && !acs_rule_met_by_revision(rule, os, installed_rollup))
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
