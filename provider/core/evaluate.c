/* The verdict: which requirements of the matched catalog rule hold on this
 * host. Decisions follow KB5022661 and the sources each catalog rule names
 * (docs/catalog.md, "How a verdict is decided"):
 *  - Windows 10+: UBR >= the UBR of the KB5022661 update; LCUs are cumulative.
 *  - 6.x: the October 2021 monthly rollup, any later rollup (cumulative), or the
 *    October 2021 security-only update (not cumulative, so a later month's
 *    kernel proves nothing by itself: a security-only chain may skip October;
 *    and a later security-only update leaves it Unknown, though it proves the
 *    SHA-2 prerequisites).
 *  - The root CA in any physical store behind LocalMachine\Root, or provably
 *    obtainable: auto root update on and a root list synced after the CTL that
 *    added it (docs/catalog.md explains the inference).
 * A fact that could not be read never yields Ready.
 * Evidence beats inference: a Code Integrity refusal of an ACS-signed
 * protected image since the last boot makes the verdict NotReady even when
 * every inferred requirement holds (docs/catalog.md, "Protected services"). */
#include "core/evaluate.h"
#include "core/ppl.h"
#include "core/plausible.h"

#include <stddef.h>
#include <string.h>

const char *acs_state_name(acs_state state)
{
    switch (state) {
    case ACS_STATE_READY: return "Ready";
    case ACS_STATE_NOT_READY: return "NotReady";
    case ACS_STATE_UNSUPPORTED: return "Unsupported";
    case ACS_STATE_UNKNOWN: break;
    }
    return "Unknown";
}

int acs_state_exit_code(acs_state state)
{
    return (int)state;
}

const char *acs_requirement_kind_name(acs_requirement_kind kind)
{
    switch (kind) {
    case ACS_REQ_OS: return "OperatingSystem";
    case ACS_REQ_UPDATE: return "Update";
    case ACS_REQ_PREREQUISITE: return "Prerequisite";
    case ACS_REQ_ROOT: return "RootCertificate";
    case ACS_REQ_PPL: break;
    }
    return "ProtectedServices";
}

static acs_requirement_result *add_requirement(acs_verdict *v, const char *id, acs_requirement_kind kind,
                                               const acs_source *source)
{
    acs_requirement_result *r;
    size_t n = strlen(id);
    /* The table is sized for the largest rule (os, update, two prerequisites, root). */
    if (v->requirement_count == ACS_MAX_REQUIREMENTS)
        return NULL;
    r = &v->requirements[v->requirement_count++];
    memset(r, 0, sizeof *r);
    if (n >= sizeof r->id)
        n = sizeof r->id - 1;
    memcpy(r->id, id, n);
    r->id[n] = '\0';
    r->kind = kind;
    r->source = source;
    r->remedy = ACS_TEXT_RM_NONE;
    return r;
}

static void set_result(acs_requirement_result *r, acs_tristate satisfied, acs_text_id evidence, acs_text_id remedy)
{
    r->satisfied = satisfied;
    r->evidence = evidence;
    r->remedy = satisfied == ACS_YES ? ACS_TEXT_RM_NONE : remedy;
}

static bool counts_as_installed(acs_package_state state)
{
    return acs_package_counts_as_installed(state);
}

static void set_os_version_args(acs_text_args *args, const acs_host_facts *facts, uint32_t revision, bool with_rev)
{
    args->version[0] = facts->os.major;
    args->version[1] = facts->os.minor;
    args->version[2] = facts->os.build;
    args->version[3] = revision;
    args->version_parts = with_rev ? 4 : 3;
}

static int compare_kernel(const uint16_t a[4], const uint16_t b[4])
{
    return acs_kernel_compare(a, b);
}

/* A package that exists but does not count yet decides the remedy. */
static bool explain_package_state(acs_requirement_result *r, uint32_t kb, acs_package_state state,
                                  acs_text_id not_installed_remedy)
{
    acs_text_id evidence, remedy;
    switch (state) {
    case ACS_PKG_INSTALL_PENDING:
        evidence = ACS_TEXT_EV_KB_PENDING, remedy = ACS_TEXT_RM_RESTART;
        break;
    case ACS_PKG_BROKEN:
        evidence = ACS_TEXT_EV_KB_BROKEN, remedy = ACS_TEXT_RM_REPAIR;
        break;
    case ACS_PKG_STAGED:
    case ACS_PKG_UNINSTALL_PENDING:
        evidence = ACS_TEXT_EV_KB_STAGED, remedy = not_installed_remedy;
        break;
    default:
        return false; /* leave args alone: the caller's evidence names its own KB */
    }
    r->args.kb = kb;
    r->args.package_state = state;
    set_result(r, ACS_NO, evidence, remedy);
    /* A restart finishes a pending install; anything else needs the KB again. */
    r->missing_kb = state == ACS_PKG_INSTALL_PENDING ? 0 : kb;
    return true;
}

/* A newer cumulative package is in place and only needs the restart. */
static bool explain_pending_rollup(acs_requirement_result *r, const acs_os_rule *rule, const acs_update_facts *u)
{
    /* The pending revision comes from the same RollupFix list: unread with it. */
    if (!u->rollup.known || u->rollup_pending_revision < rule->required.revision)
        return false;
    r->args.kb = rule->required.kb;
    r->args.have = u->rollup_pending_revision;
    set_result(r, ACS_NO, ACS_TEXT_EV_ROLLUP_PENDING, ACS_TEXT_RM_RESTART);
    return true;
}

static void evaluate_cumulative(acs_requirement_result *r, const acs_os_rule *rule, const acs_host_facts *facts)
{
    const acs_update_facts *u = &facts->updates;
    acs_package_state required = acs_facts_kb_state(u, rule->required.kb);
    acs_package_state first_b = acs_facts_kb_state(u, rule->first_patch_tuesday.kb);

    r->args.kb = rule->required.kb;
    r->args.need = rule->required.revision;
    r->args.date = rule->required.date;
    r->args.kb2 = rule->first_patch_tuesday.kb;
    r->args.date2 = rule->first_patch_tuesday.date;

    if (facts->os.ubr.known) {
        r->args.have = facts->os.ubr_value;
        if (acs_rule_met_by_revision(rule, &facts->os, 0)) {
            set_result(r, ACS_YES, ACS_TEXT_EV_UBR_MEETS, ACS_TEXT_RM_NONE);
            return;
        }
        /* The running build is older; a package on its way explains why. */
        if (explain_pending_rollup(r, rule, u) ||
            explain_package_state(r, rule->required.kb, required, ACS_TEXT_RM_CUMULATIVE) ||
            explain_package_state(r, rule->first_patch_tuesday.kb, first_b, ACS_TEXT_RM_CUMULATIVE)) {
            r->args.kb2 = rule->first_patch_tuesday.kb;
            return;
        }
        r->args.kb = rule->required.kb;
        set_result(r, ACS_NO, ACS_TEXT_EV_UBR_BELOW, ACS_TEXT_RM_CUMULATIVE);
        r->missing_kb = rule->required.kb;
        return;
    }
    /* Without a UBR, only the named KBs can prove it (LCU package names rarely
     * carry a KB, so absence proves nothing). */
    if (counts_as_installed(required) || counts_as_installed(first_b)) {
        r->args.kb = counts_as_installed(required) ? rule->required.kb : rule->first_patch_tuesday.kb;
        set_result(r, ACS_YES, ACS_TEXT_EV_KB_INSTALLED, ACS_TEXT_RM_NONE);
        return;
    }
    r->args.why = facts->os.ubr.why;
    set_result(r, ACS_UNSURE, ACS_TEXT_EV_UBR_UNREAD, ACS_TEXT_RM_COLLECT);
}

/* The newest of a list of updates (oldest first) present in a state that
 * counts, or NULL. */
static const acs_update_ref *newest_installed(const acs_update_ref *updates, size_t count, const acs_update_facts *u)
{
    for (size_t i = count; i-- > 0;)
        if (counts_as_installed(acs_facts_kb_state(u, updates[i].kb)))
            return &updates[i];
    return NULL;
}

static const acs_update_ref *installed_later_rollup(const acs_os_rule *rule, const acs_update_facts *u)
{
    return newest_installed(rule->later, rule->later_count, u);
}

static const acs_update_ref *installed_later_security_only(const acs_os_rule *rule, const acs_update_facts *u)
{
    return newest_installed(rule->later_security_only, rule->later_security_only_count, u);
}

/* First candidate (rollup, security-only, later rollups) that exists but does not count. */
static bool explain_rollup_packages(acs_requirement_result *r, const acs_os_rule *rule, const acs_update_facts *u)
{
    if (explain_package_state(r, rule->required.kb, acs_facts_kb_state(u, rule->required.kb), ACS_TEXT_RM_ROLLUP))
        return true;
    if (explain_package_state(r, rule->security_only.kb, acs_facts_kb_state(u, rule->security_only.kb),
                              ACS_TEXT_RM_ROLLUP))
        return true;
    for (size_t i = rule->later_count; i-- > 0;)
        if (explain_package_state(r, rule->later[i].kb, acs_facts_kb_state(u, rule->later[i].kb),
                                  ACS_TEXT_RM_ROLLUP))
            return true;
    return false;
}

/* The highest of kb and the KBs of a list of updates. */
static uint32_t highest_kb(const acs_update_ref *updates, size_t count, uint32_t kb)
{
    for (size_t i = 0; i < count; i++)
        if (updates[i].kb > kb)
            kb = updates[i].kb;
    return kb;
}

/* The highest KB number the rule names (October's, its security-only
 * update, every later rollup and security-only update). */
static uint32_t newest_rule_kb(const acs_os_rule *rule)
{
    uint32_t kb = rule->required.kb > rule->security_only.kb ? rule->required.kb : rule->security_only.kb;
    kb = highest_kb(rule->later, rule->later_count, kb);
    return highest_kb(rule->later_security_only, rule->later_security_only_count, kb);
}

/* rollup_rejected: a RollupFix revision was read but not believed (plausible.h).
 * A complete KB list then cannot prove the update missing: the installed
 * rollup it stands for is unknown, not absent. */
static void evaluate_rollup(acs_requirement_result *r, const acs_os_rule *rule, const acs_host_facts *facts,
                            bool rollup_rejected)
{
    const acs_update_facts *u = &facts->updates;
    const acs_update_ref *later;

    r->args.kb = rule->required.kb;
    r->args.need = rule->required.revision;
    r->args.date = rule->required.date;
    r->args.kb2 = rule->security_only.kb;
    memcpy(r->args.need_kernel, rule->kernel_min, sizeof r->args.need_kernel);

    if (u->rollup.known && acs_rule_met_by_revision(rule, &facts->os, u->rollup_revision)) {
        r->args.have = u->rollup_revision;
        set_result(r, ACS_YES, ACS_TEXT_EV_ROLLUP_MEETS, ACS_TEXT_RM_NONE);
        return;
    }
    if (counts_as_installed(acs_facts_kb_state(u, rule->required.kb))) {
        set_result(r, ACS_YES,
                   acs_facts_kb_state(u, rule->required.kb) == ACS_PKG_SUPERSEDED ? ACS_TEXT_EV_KB_SUPERSEDED
                                                                                   : ACS_TEXT_EV_KB_INSTALLED,
                   ACS_TEXT_RM_NONE);
        return;
    }
    later = installed_later_rollup(rule, u);
    if (later) {
        r->args.kb2 = later->kb;
        r->args.date2 = later->date;
        set_result(r, ACS_YES, ACS_TEXT_EV_ROLLUP_LATER_KB, ACS_TEXT_RM_NONE);
        return;
    }
    if (counts_as_installed(acs_facts_kb_state(u, rule->security_only.kb))) {
        set_result(r, ACS_YES, ACS_TEXT_EV_SECURITY_ONLY, ACS_TEXT_RM_NONE);
        return;
    }
    if (explain_pending_rollup(r, rule, u))
        return;
    if (explain_rollup_packages(r, rule, u)) {
        r->args.kb2 = rule->security_only.kb;
        return;
    }
    r->missing_kb = rule->required.kb;
    /* The October update (either branch) replaces ntoskrnl.exe: an older
     * kernel proves it is missing whatever else is unknown. */
    if (u->kernel.known && compare_kernel(u->kernel_version, rule->kernel_min) < 0) {
        memcpy(r->args.kernel, u->kernel_version, sizeof r->args.kernel);
        set_result(r, ACS_NO, ACS_TEXT_EV_KERNEL_BELOW, ACS_TEXT_RM_ROLLUP);
        return;
    }
    /* Security-only updates are not cumulative: a later one carries only its
     * own month's fixes, and no source says which file carries October's
     * change (docs/catalog.md). It is not October's update and not its
     * absence either. */
    later = installed_later_security_only(rule, u);
    if (later) {
        r->missing_kb = 0;
        r->args.later_kb = later->kb;
        r->args.date2 = later->date;
        set_result(r, ACS_UNSURE, ACS_TEXT_EV_LATER_SECURITY_ONLY, ACS_TEXT_RM_ROLLUP);
        return;
    }
    /* A complete KB list (inventory, --kb) without any of them proves the
     * update missing - unless it holds a KB newer than every update the
     * catalog knows for this OS, which may be a later monthly rollup. */
    if (u->packages.known && u->newest_kb > newest_rule_kb(rule)) {
        r->missing_kb = 0;
        r->args.why = "a KB newer than every update the catalog names for this OS is listed; it may be a later "
                      "monthly rollup (give the rollup revision, or update the catalog)";
        set_result(r, ACS_UNSURE, ACS_TEXT_EV_UPDATES_UNREAD, ACS_TEXT_RM_COLLECT);
        return;
    }
    if (u->packages.known && !rollup_rejected) {
        r->args.have = u->rollup_revision;
        if (u->kernel.known) {
            memcpy(r->args.kernel, u->kernel_version, sizeof r->args.kernel);
            set_result(r, ACS_NO, ACS_TEXT_EV_ROLLUP_GAP, ACS_TEXT_RM_ROLLUP);
        } else {
            set_result(r, ACS_NO, ACS_TEXT_EV_ROLLUP_MISSING, ACS_TEXT_RM_ROLLUP);
        }
        return;
    }
    /* A rollup newer than the catalog, or a security-only update we could not
     * see, may still carry it: say what is missing rather than guess. */
    r->missing_kb = 0;
    r->args.why = !u->packages.known ? u->packages.why : u->rollup.why;
    set_result(r, ACS_UNSURE, ACS_TEXT_EV_UPDATES_UNREAD, ACS_TEXT_RM_COLLECT);
}

/* True when an update the rule names is installed: each of them shipped in
 * October 2021 or later, long after the SHA-2 cut-over of August 2019, from
 * which no update installs without SHA-2 support and its servicing stack
 * (KB4472027). A later security-only update proves that much, though not
 * October's change itself. */
static bool shows_update_after_sha2_cutover(const acs_os_rule *rule, const acs_update_facts *u)
{
    if (rule->kind != ACS_RULE_ROLLUP)
        return false;
    if (counts_as_installed(acs_facts_kb_state(u, rule->required.kb)) ||
        counts_as_installed(acs_facts_kb_state(u, rule->security_only.kb)))
        return true;
    return installed_later_rollup(rule, u) != NULL || installed_later_security_only(rule, u) != NULL;
}

static void evaluate_prerequisite(acs_requirement_result *r, const acs_prerequisite *p, const acs_os_rule *rule,
                                  const acs_host_facts *facts, const acs_requirement_result *update)
{
    acs_tristate update_satisfied = update->satisfied;
    const acs_update_facts *u = &facts->updates;
    r->args.kb = p->kb;
    r->args.name = p->name;
    r->args.localized_name = p->localized_name;
    if (counts_as_installed(acs_facts_kb_state(u, p->kb))) {
        set_result(r, ACS_YES, ACS_TEXT_EV_PREREQ_INSTALLED, ACS_TEXT_RM_NONE);
        return;
    }
    for (size_t i = 0; i < p->superseded_by_count; i++) {
        if (counts_as_installed(acs_facts_kb_state(u, p->superseded_by[i]))) {
            r->args.kb2 = p->superseded_by[i];
            set_result(r, ACS_YES, ACS_TEXT_EV_PREREQ_INSTALLED, ACS_TEXT_RM_NONE);
            return;
        }
    }
    if (update_satisfied == ACS_YES || shows_update_after_sha2_cutover(rule, u)) {
        /* Its own package was not seen, but the update would not have
         * installed without it. */
        set_result(r, ACS_YES, ACS_TEXT_EV_PREREQ_IMPLIED, ACS_TEXT_RM_NONE);
        return;
    }
    if (!u->packages.known) {
        r->args.why = u->packages.why;
        set_result(r, ACS_UNSURE, ACS_TEXT_EV_UPDATES_UNREAD, ACS_TEXT_RM_COLLECT);
        return;
    }
    /* The facts about the update disagree (plausible.h); one side says it is
     * installed, which would imply this prerequisite: not provably missing. */
    if (update_satisfied == ACS_UNSURE && update->remedy == ACS_TEXT_RM_RECHECK) {
        r->args = update->args;
        set_result(r, ACS_UNSURE, update->evidence, ACS_TEXT_RM_RECHECK);
        return;
    }
    set_result(r, ACS_NO, ACS_TEXT_EV_PREREQ_MISSING, ACS_TEXT_RM_PREREQ);
    r->missing_kb = p->kb;
}

static void evaluate_root(acs_requirement_result *r, const acs_root_rule *root, const acs_root_facts *facts)
{
    r->args.name = root->name;
    if (!facts->presence.known) {
        r->args.why = facts->presence.why;
        set_result(r, ACS_UNSURE, ACS_TEXT_EV_ROOT_UNREAD, ACS_TEXT_RM_COLLECT);
        return;
    }
    if (facts->stores) {
        r->args.stores = facts->stores;
        set_result(r, ACS_YES, ACS_TEXT_EV_ROOT_PRESENT, ACS_TEXT_RM_NONE);
        return;
    }
    if (!facts->policy.known) {
        r->args.why = facts->policy.why;
        set_result(r, ACS_UNSURE, ACS_TEXT_EV_ROOT_POLICY_UNREAD, ACS_TEXT_RM_ROOT_IMPORT);
        return;
    }
    if (facts->auto_update_disabled) {
        set_result(r, ACS_NO, ACS_TEXT_EV_ROOT_ABSENT_POLICY, ACS_TEXT_RM_ROOT_IMPORT);
        return;
    }
    /* Auto root update is on: the root arrives on first use only if this
     * machine's root list (CTL) already names it. */
    if (!facts->last_sync.known) {
        r->args.why = facts->last_sync.why;
        set_result(r, ACS_UNSURE, ACS_TEXT_EV_ROOT_SYNC_UNREAD, ACS_TEXT_RM_ROOT_IMPORT);
        return;
    }
    if (facts->never_synced) {
        set_result(r, ACS_NO, ACS_TEXT_EV_ROOT_ABSENT_NEVER_SYNCED, ACS_TEXT_RM_ROOT_IMPORT);
        return;
    }
    r->args.when = facts->last_sync_unix;
    if (facts->last_sync_unix >= root->ctl_since_unix)
        set_result(r, ACS_YES, ACS_TEXT_EV_ROOT_ABSENT_SYNCED, ACS_TEXT_RM_NONE);
    else
        set_result(r, ACS_NO, ACS_TEXT_EV_ROOT_ABSENT_STALE, ACS_TEXT_RM_ROOT_SYNC);
}

/* Protected services: only evidence decides here. A refusal since the last
 * boot is a gap; an unread log is never one (Satisfied NULL, not counted by
 * combine), and the modules' own health is judged per module (core/ppl.c). */
static void evaluate_ppl(acs_requirement_result *r, const acs_ppl_facts *ppl)
{
    const acs_ppl_module *first = NULL;
    size_t refusals = acs_ppl_acs_refusals(ppl, &first);

    if (refusals) {
        r->args.name = first->service_name;
        r->args.path = first->image_path;
        r->args.have = first->ci_failures_since_boot;
        r->args.when = first->last_failure_unix;
        set_result(r, ACS_NO, ACS_TEXT_EV_PPL_REFUSED, ACS_TEXT_RM_PPL_REFUSED);
        return;
    }
    if (ppl->module_count == 0) {
        set_result(r, ACS_YES, ACS_TEXT_EV_PPL_NONE, ACS_TEXT_RM_NONE);
        return;
    }
    r->args.have = (uint32_t)(ppl->module_count + ppl->modules_not_kept);
    for (size_t i = 0; i < ppl->module_count && i < ACS_MAX_PPL_MODULES; i++)
        if (!ppl->list[i].code_integrity.known) {
            r->args.why = ppl->list[i].code_integrity.why;
            set_result(r, ACS_UNSURE, ACS_TEXT_EV_PPL_LOG_UNREAD, ACS_TEXT_RM_NONE);
            return;
        }
    set_result(r, ACS_YES, ACS_TEXT_EV_PPL_NO_REFUSAL, ACS_TEXT_RM_NONE);
}

/* With the product type unread, a rule still applies when every product
 * type leads to the same one (not so for 6.0/6.2, where client and server differ). */
static const acs_os_rule *match_rule(const acs_profile *profile, const acs_host_facts *facts)
{
    const acs_os_facts *os = &facts->os;
    const acs_os_rule *workstation, *server;
    if (os->product.known && os->product_type != ACS_PRODUCT_UNKNOWN)
        return acs_catalog_match(profile, os->major, os->minor, os->build, 1u << os->product_type);
    workstation = acs_catalog_match(profile, os->major, os->minor, os->build, ACS_PRODUCT_MASK_WORKSTATION);
    server = acs_catalog_match(profile, os->major, os->minor, os->build, ACS_PRODUCT_MASK_SERVER);
    return workstation == server ? workstation : NULL;
}

/* True when the host shows one of a rollup rule's updates: a RollupFix
 * revision (monthly rollups began in October 2016) or one of its KBs,
 * monthly rollup or security-only. */
static bool shows_rollup_of(const acs_os_rule *rule, const acs_update_facts *u)
{
    return (u->rollup.known && u->rollup_revision > 0) || shows_update_after_sha2_cutover(rule, u);
}

/* Windows Embedded 8 Standard reports 6.2.9200 as a workstation, as Windows 8
 * does, but was serviced with the Server 2012 family's monthly rollups until
 * 2023 (Microsoft lifecycle). Windows 8 left support in January 2016, before
 * monthly rollups existed: a workstation of a "never" build that shows a
 * rollup of the same build's server rule is that family, not Windows 8. */
static const acs_os_rule *serviced_sibling(const acs_profile *profile, const acs_host_facts *facts,
                                           const acs_os_rule *rule)
{
    const acs_os_facts *os = &facts->os;
    const acs_os_rule *server;
    if (!rule || rule->kind != ACS_RULE_NEVER || !os->product.known || os->product_type != ACS_PRODUCT_WORKSTATION)
        return rule;
    server = acs_catalog_match(profile, os->major, os->minor, os->build, ACS_PRODUCT_MASK_SERVER);
    if (server && server->kind == ACS_RULE_ROLLUP && shows_rollup_of(server, &facts->updates))
        return server;
    return rule;
}

static acs_state combine(const acs_verdict *v)
{
    bool unsure = false, missing = false;
    for (size_t i = 0; i < v->requirement_count; i++) {
        const acs_requirement_result *r = &v->requirements[i];
        if (r->kind == ACS_REQ_OS && r->satisfied == ACS_NO)
            return ACS_STATE_UNSUPPORTED;
        if (r->satisfied == ACS_NO)
            missing = true;
        else if (r->satisfied == ACS_UNSURE && r->kind != ACS_REQ_PPL)
            unsure = true; /* missing evidence of a refusal is not a gap in readiness */
    }
    /* A proven gap is actionable even when another fact is unread. */
    if (missing)
        return ACS_STATE_NOT_READY;
    return unsure ? ACS_STATE_UNKNOWN : ACS_STATE_READY;
}

static void collect_missing(acs_verdict *v)
{
    /* Install order: prerequisites before the update that needs them. */
    static const acs_requirement_kind order[] = { ACS_REQ_PREREQUISITE, ACS_REQ_UPDATE };
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
        for (size_t i = 0; i < v->requirement_count; i++) {
            const acs_requirement_result *r = &v->requirements[i];
            if (r->kind == order[k] && r->satisfied == ACS_NO && r->missing_kb && v->missing_count < ACS_MAX_MISSING)
                v->missing_kbs[v->missing_count++] = r->missing_kb;
        }
}

void acs_evaluate(const acs_catalog *catalog, const acs_profile *profile, const acs_host_facts *reported,
                  acs_verdict *out)
{
    const acs_os_rule *rule = NULL;
    acs_requirement_result *os_req, *r;
    const acs_root_rule *root = acs_catalog_root(catalog);
    const acs_host_facts *facts = &out->facts;
    acs_text_id disagreement;

    /* Everything but the facts, which the plausibility copy below fills (its
     * protected-service list only up to module_count, facts.h): clearing the
     * 33 KB copy first was a third of an inventory's time per machine. */
    memset(out, 0, offsetof(acs_verdict, facts));
    memset((char *)out + offsetof(acs_verdict, facts) + sizeof out->facts, 0,
           sizeof *out - offsetof(acs_verdict, facts) - sizeof out->facts);
    out->catalog = catalog;
    out->profile = profile ? profile : acs_catalog_default_profile(catalog);
    /* Only plausible facts count; the results' {why} point into this copy. */
    acs_facts_check_plausible(reported, &out->facts);

    os_req = add_requirement(out, "os", ACS_REQ_OS, NULL);
    if (!facts->os.version.known && reported->os.version.known) {
        /* Read, but not trusted: say what was read and why it is not believed. */
        set_os_version_args(&os_req->args, reported, 0, false);
        os_req->args.why = facts->os.version.why;
        set_result(os_req, ACS_UNSURE, ACS_TEXT_EV_OS_IMPLAUSIBLE, ACS_TEXT_RM_RECHECK);
    } else if (!facts->os.version.known) {
        os_req->args.why = facts->os.version.why;
        set_result(os_req, ACS_UNSURE, ACS_TEXT_EV_OS_UNREAD, ACS_TEXT_RM_COLLECT);
    } else {
        rule = serviced_sibling(out->profile, facts, match_rule(out->profile, facts));
        out->rule = rule;
        set_os_version_args(&os_req->args, facts, facts->os.ubr_value, facts->os.ubr.known && acs_os_has_ubr(facts->os.major));
        if (!rule) {
            os_req->args.why = facts->os.product.known ? "" : facts->os.product.why;
            set_result(os_req, ACS_UNSURE, ACS_TEXT_EV_OS_UNKNOWN, ACS_TEXT_RM_CATALOG);
        } else {
            os_req->source = rule->source;
            os_req->args.os_name = rule->name;
            os_req->args.localized_os_name = rule->localized_name;
            switch (rule->kind) {
            case ACS_RULE_NEVER:
                os_req->args.upgrade = rule->upgrade_to;
                os_req->args.localized_upgrade = rule->localized_upgrade_to;
                set_result(os_req, ACS_NO, ACS_TEXT_EV_OS_NEVER, ACS_TEXT_RM_UPGRADE);
                break;
            case ACS_RULE_NATIVE:
                set_result(os_req, ACS_YES, ACS_TEXT_EV_OS_NATIVE, ACS_TEXT_RM_NONE);
                break;
            case ACS_RULE_CUMULATIVE:
            case ACS_RULE_ROLLUP:
                set_result(os_req, ACS_YES, ACS_TEXT_EV_OS_SERVICED, ACS_TEXT_RM_NONE);
                break;
            }
        }
    }

    if (rule && (rule->kind == ACS_RULE_CUMULATIVE || rule->kind == ACS_RULE_ROLLUP)) {
        acs_requirement_result *update = add_requirement(out, "update", ACS_REQ_UPDATE, rule->source);
        update->args.os_name = rule->name;
        update->args.localized_os_name = rule->localized_name;
        if (acs_update_facts_disagree(rule, facts, &update->args, &disagreement))
            set_result(update, ACS_UNSURE, disagreement, ACS_TEXT_RM_RECHECK);
        else if (rule->kind == ACS_RULE_CUMULATIVE)
            evaluate_cumulative(update, rule, facts);
        else
            evaluate_rollup(update, rule, facts, reported->updates.rollup.known && !facts->updates.rollup.known);
        for (size_t i = 0; i < rule->prerequisite_count; i++) {
            const acs_prerequisite *p = &rule->prerequisites[i];
            r = add_requirement(out, p->id, ACS_REQ_PREREQUISITE, p->source);
            if (r)
                evaluate_prerequisite(r, p, rule, facts, update);
        }
    }

    r = add_requirement(out, "root-ca", ACS_REQ_ROOT, root ? root->source : NULL);
    if (r && root)
        evaluate_root(r, root, &facts->root);

    /* Only when the service list was read: the command line and inventories
     * without module facts keep their answer unchanged. */
    if (facts->ppl.modules.known) {
        r = add_requirement(out, "ppl-modules", ACS_REQ_PPL, NULL);
        if (r)
            evaluate_ppl(r, &facts->ppl);
    }
    for (size_t i = 0; i < out->requirement_count; i++)
        if (out->requirements[i].remedy == ACS_TEXT_RM_COLLECT &&
            acs_fact_rejected(reported, facts, out->requirements[i].args.why))
            out->requirements[i].remedy = ACS_TEXT_RM_RECHECK;

    out->state = combine(out);
    collect_missing(out);
}
