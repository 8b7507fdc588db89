/* Plausibility of facts (plausible.h): one place that knows what Windows can
 * produce and which readings must agree. */
#include "core/plausible.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

static bool reject(acs_known *fact, size_t *rejected)
{
    (*rejected)++;
    fact->known = false;
    return true;
}

static void check_os(acs_os_facts *os, size_t *rejected)
{
    if (os->version.known && os->build > ACS_PLAUSIBLE_BUILD_MAX) {
        reject(&os->version, rejected);
        snprintf(os->version.why, sizeof os->version.why,
                 "build %lu is not one Windows can have (a build is a 16-bit part of the version, at most %u)",
                 (unsigned long)os->build, ACS_PLAUSIBLE_BUILD_MAX);
    }
    /* RtlGetVersion and CurrentBuildNumber are written by the same servicing
     * operation; a machine where they differ has a registry that does not
     * describe the running system (or a shim that lies), and neither is trusted. */
    if (os->version.known && os->registry_build.known && os->registry_build_value != os->build) {
        reject(&os->version, rejected);
        snprintf(os->version.why, sizeof os->version.why,
                 "RtlGetVersion says build %lu but the registry's CurrentBuildNumber says %lu: they disagree",
                 (unsigned long)os->build, (unsigned long)os->registry_build_value);
    }
    if (os->ubr.known && os->ubr_value > ACS_PLAUSIBLE_REVISION_MAX) {
        reject(&os->ubr, rejected);
        snprintf(os->ubr.why, sizeof os->ubr.why,
                 "UBR %lu is not one Windows can have (a revision is a 16-bit part of the version, at most %u)",
                 (unsigned long)os->ubr_value, ACS_PLAUSIBLE_REVISION_MAX);
    }
}

static void check_updates(const acs_os_facts *os, acs_update_facts *u, size_t *rejected)
{
    uint32_t worst = u->rollup_revision > u->rollup_pending_revision ? u->rollup_revision : u->rollup_pending_revision;

    /* The pending revision only explains a gap, but an absurd one would
     * still name a restart as the remedy: it discredits the RollupFix list. */
    if (u->rollup.known && worst > ACS_PLAUSIBLE_REVISION_MAX) {
        reject(&u->rollup, rejected);
        snprintf(u->rollup.why, sizeof u->rollup.why,
                 "RollupFix revision %lu is not one Windows can have (a revision is a 16-bit part of the version, "
                 "at most %u)",
                 (unsigned long)worst, ACS_PLAUSIBLE_REVISION_MAX);
    }
    /* ntoskrnl.exe carries the OS's own major.minor (the build may move
     * within a family: 6.0 went from 6002 to 6003 by an update). */
    if (u->kernel.known && os->version.known &&
        (u->kernel_version[0] != os->major || u->kernel_version[1] != os->minor)) {
        reject(&u->kernel, rejected);
        snprintf(u->kernel.why, sizeof u->kernel.why, "ntoskrnl.exe %u.%u.%u.%u is not a kernel of Windows %lu.%lu",
                 u->kernel_version[0], u->kernel_version[1], u->kernel_version[2], u->kernel_version[3],
                 (unsigned long)os->major, (unsigned long)os->minor);
    }
}

size_t acs_facts_check_plausible(const acs_host_facts *in, acs_host_facts *out)
{
    size_t rejected = 0;

    /* The module list is used up to module_count (facts.h); its unused tail
     * (most of the struct's 33 KB) is not copied: an inventory evaluates a
     * million machines with this copy each. */
    if (out != in) {
        size_t modules = in->ppl.module_count < ACS_MAX_PPL_MODULES ? in->ppl.module_count : ACS_MAX_PPL_MODULES;
        memcpy(out, in, offsetof(acs_host_facts, ppl) + offsetof(acs_ppl_facts, list));
        memcpy(out->ppl.list, in->ppl.list, modules * sizeof in->ppl.list[0]);
    }
    check_os(&out->os, &rejected);
    check_updates(&out->os, &out->updates, &rejected);
    return rejected;
}

static bool installed(const acs_update_facts *u, uint32_t kb)
{
    return kb && acs_package_counts_as_installed(acs_facts_kb_state(u, kb));
}

/* The KB whose installed state proves the October update on 6.x, or 0. */
static uint32_t rollup_proof(const acs_os_rule *rule, const acs_update_facts *u)
{
    if (u->rollup.known && u->rollup_revision && u->rollup_revision >= rule->required.revision)
        return rule->required.kb;
    if (installed(u, rule->required.kb))
        return rule->required.kb;
    if (installed(u, rule->security_only.kb))
        return rule->security_only.kb;
    for (size_t i = 0; i < rule->later_count; i++)
        if (installed(u, rule->later[i].kb))
            return rule->later[i].kb;
    return 0;
}

bool acs_update_facts_disagree(const acs_os_rule *rule, const acs_host_facts *facts, acs_text_args *args,
                               acs_text_id *evidence)
{
    const acs_update_facts *u = &facts->updates;
    uint32_t proof;

    switch (rule->kind) {
    case ACS_RULE_CUMULATIVE:
        if (!facts->os.ubr.known || facts->os.ubr_value >= rule->required.revision)
            return false;
        if (installed(u, rule->required.kb))
            args->kb = rule->required.kb;
        else if (installed(u, rule->first_patch_tuesday.kb))
            args->kb = rule->first_patch_tuesday.kb;
        else
            return false;
        args->have = facts->os.ubr_value;
        args->need = rule->required.revision;
        *evidence = ACS_TEXT_EV_UBR_DISAGREES;
        return true;
    case ACS_RULE_ROLLUP:
        if (!u->kernel.known || acs_kernel_compare(u->kernel_version, rule->kernel_min) >= 0)
            return false;
        proof = rollup_proof(rule, u);
        if (!proof)
            return false;
        args->kb = proof;
        memcpy(args->kernel, u->kernel_version, sizeof args->kernel);
        memcpy(args->need_kernel, rule->kernel_min, sizeof args->need_kernel);
        *evidence = ACS_TEXT_EV_KERNEL_DISAGREES;
        return true;
    case ACS_RULE_NATIVE:
    case ACS_RULE_NEVER:
        break;
    }
    return false;
}

bool acs_fact_rejected(const acs_host_facts *reported, const acs_host_facts *checked, const char *why)
{
    const acs_known *pairs[][2] = {
        { &reported->os.version, &checked->os.version },
        { &reported->os.ubr, &checked->os.ubr },
        { &reported->updates.rollup, &checked->updates.rollup },
        { &reported->updates.kernel, &checked->updates.kernel },
    };

    for (size_t i = 0; why && i < sizeof pairs / sizeof pairs[0]; i++)
        if (why == pairs[i][1]->why && pairs[i][0]->known && !pairs[i][1]->known)
            return true;
    return false;
}
