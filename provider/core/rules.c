/* What a catalog rule names and what meets it, decided once for the
 * evaluator, the collectors (which KBs to look up) and the catalog's index
 * (which KBs an inventory keeps). */
#include "core/evaluate.h"
#include "core/plausible.h"

bool acs_os_has_ubr(uint32_t major)
{
    return major >= 10;
}

static void visit_updates(const acs_update_ref *updates, size_t count, void (*visit)(void *context, uint32_t kb),
                          void *context)
{
    for (size_t i = 0; i < count; i++)
        if (updates[i].kb)
            visit(context, updates[i].kb);
}

void acs_rule_for_each_kb(const acs_os_rule *rule, void (*visit)(void *context, uint32_t kb), void *context)
{
    const acs_update_ref *updates[] = { &rule->required, &rule->first_patch_tuesday, &rule->security_only };

    for (size_t i = 0; i < sizeof updates / sizeof updates[0]; i++)
        if (updates[i]->kb)
            visit(context, updates[i]->kb);
    visit_updates(rule->later, rule->later_count, visit, context);
    visit_updates(rule->later_security_only, rule->later_security_only_count, visit, context);
    for (size_t i = 0; i < rule->prerequisite_count; i++) {
        const acs_prerequisite *prerequisite = &rule->prerequisites[i];
        if (prerequisite->kb)
            visit(context, prerequisite->kb);
        for (size_t j = 0; j < prerequisite->superseded_by_count; j++)
            if (prerequisite->superseded_by[j])
                visit(context, prerequisite->superseded_by[j]);
    }
}

bool acs_rule_met_by_revision(const acs_os_rule *rule, const acs_os_facts *os, uint32_t rollup_revision)
{
    switch (rule->kind) {
    /* An implausible revision proves nothing (plausible.h): a collector must
     * not skip the package look-ups on its strength. */
    case ACS_RULE_CUMULATIVE:
        return os->ubr.known && os->ubr_value <= ACS_PLAUSIBLE_REVISION_MAX && os->ubr_value >= rule->required.revision;
    case ACS_RULE_ROLLUP:
        return rollup_revision != 0 && rollup_revision <= ACS_PLAUSIBLE_REVISION_MAX &&
               rollup_revision >= rule->required.revision;
    case ACS_RULE_NATIVE:
    case ACS_RULE_NEVER:
        break;
    }
    return true; /* no update to prove */
}
