/* Verdicts for every catalog row and every kind of evidence.
 * Row-driven checks walk the real built-in catalog so a new row is tested the
 * day it is added; literal checks pin values from the catalog's sources
 * (KB titles and build numbers: provider/catalog/acsready-catalog.xml). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "builtin_catalog.h"

#include "core/ascii.h"
#include "core/report.h"


/* A machine that has read everything: no packages, root present in Root,
 * auto root update on and synced recently. Tests change what they need. */
static void machine(acs_host_facts *f, uint32_t major, uint32_t minor, uint32_t build, acs_product_type type)
{
    acs_facts_init(f);
    acs_known_ok(&f->os.version);
    f->os.major = major;
    f->os.minor = minor;
    f->os.build = build;
    acs_known_ok(&f->os.product);
    f->os.product_type = type;
    if (major >= 10) {
        acs_known_ok(&f->os.ubr);
        f->os.ubr_value = 1;
    } else {
        acs_known_fail(&f->os.ubr, "UBR value is missing");
    }
    acs_known_ok(&f->updates.packages);
    acs_known_ok(&f->updates.rollup);
    f->updates.rollup_revision = 0;
    acs_known_ok(&f->root.presence);
    f->root.stores = ACS_STORE_ROOT;
    acs_known_ok(&f->root.policy);
    acs_known_ok(&f->root.last_sync);
    f->root.last_sync_unix = 1767225600; /* 2026-01-01 */
}

/* The requirement with this id; the test fails (rather than crashing on
 * NULL) when the verdict has none. */
static const acs_requirement_result *find_req(const acs_verdict *v, const char *id)
{
    for (size_t i = 0; i < v->requirement_count; i++)
        if (strcmp(v->requirements[i].id, id) == 0)
            return &v->requirements[i];
    fail_msg("the verdict has no requirement '%s' (state %s, %lu requirements)", id, acs_state_name(v->state),
             (unsigned long)v->requirement_count);
    return NULL;
}

/* A check inside a loop over catalog rules: a failure names the rule and the
 * line, as Wine's check_property names its row. */
#define check_rule(rule, condition)                                                                 \
    do {                                                                                            \
        if (!(condition))                                                                           \
            fail_msg("rule %s (line %d): %s", (rule)->id, __LINE__, #condition);                    \
    } while (0)

static acs_state verdict_of(const acs_host_facts *f, const char *profile, acs_verdict *v)
{
    const acs_profile *p = acs_catalog_find_profile(catalog, profile);
    assert_non_null(p);
    acs_evaluate(catalog, p, f, v);
    return v->state;
}

static bool missing_has(const acs_verdict *v, uint32_t kb)
{
    for (size_t i = 0; i < v->missing_count; i++)
        if (v->missing_kbs[i] == kb)
            return true;
    return false;
}

static void evidence_en(const acs_verdict *v, const char *id, char *buf, size_t size)
{
    const acs_requirement_result *r = find_req(v, id);
    assert_non_null(r);
    acs_render(catalog, ACS_LANG_EN, r->evidence, &r->args, buf, size);
}

/* A product type the rule covers. */
static acs_product_type product_of(const acs_os_rule *rule)
{
    if (rule->product_mask & ACS_PRODUCT_MASK_SERVER)
        return ACS_PRODUCT_SERVER;
    if (rule->product_mask & ACS_PRODUCT_MASK_WORKSTATION)
        return ACS_PRODUCT_WORKSTATION;
    return ACS_PRODUCT_DC;
}

/* Every rule of the base catalog: below, at and above its threshold. */
static void test_every_row_thresholds(void **state)
{
    size_t n = acs_catalog_rule_count(catalog);
    size_t cumulative = 0, rollup = 0, never = 0, native = 0;
    assert_true(n >= 20);
    for (size_t i = 0; i < n; i++) {
        const acs_os_rule *rule = acs_catalog_rule_at(catalog, i);
        acs_host_facts f;
        acs_verdict v;
        machine(&f, rule->major, rule->minor, rule->build_min, product_of(rule));
        /* Later rows (profiles, narrower product types) may win a match; test
         * only rows that are what this OS resolves to under the default profile. */
        if (acs_catalog_match(acs_catalog_default_profile(catalog), rule->major, rule->minor, rule->build_min,
                              1u << product_of(rule)) != rule)
            continue;
        switch (rule->kind) {
        case ACS_RULE_CUMULATIVE:
            cumulative++;
            f.os.ubr_value = rule->required.revision - 1;
            check_rule(rule, verdict_of(&f, NULL, &v) == ACS_STATE_NOT_READY);
            check_rule(rule, missing_has(&v, rule->required.kb));
            f.os.ubr_value = rule->required.revision;
            check_rule(rule, verdict_of(&f, NULL, &v) == ACS_STATE_READY);
            f.os.ubr_value = rule->required.revision + 1;
            check_rule(rule, verdict_of(&f, NULL, &v) == ACS_STATE_READY);
            check_rule(rule, v.missing_count == 0);
            break;
        case ACS_RULE_ROLLUP:
            rollup++;
            /* Prerequisites present so the update alone decides. */
            for (size_t p = 0; p < rule->prerequisite_count; p++)
                acs_facts_add_kb(&f.updates, rule->prerequisites[p].kb, ACS_PKG_INSTALLED);
            f.updates.rollup_revision = rule->required.revision - 1;
            check_rule(rule, verdict_of(&f, NULL, &v) == ACS_STATE_NOT_READY);
            check_rule(rule, missing_has(&v, rule->required.kb));
            f.updates.rollup_revision = rule->required.revision;
            check_rule(rule, verdict_of(&f, NULL, &v) == ACS_STATE_READY);
            f.updates.rollup_revision = rule->required.revision + 1;
            check_rule(rule, verdict_of(&f, NULL, &v) == ACS_STATE_READY);
            /* KB present, absent, pending, staged, superseded, security-only. */
            f.updates.rollup_revision = 0;
            acs_facts_add_kb(&f.updates, rule->required.kb, ACS_PKG_INSTALLED);
            check_rule(rule, verdict_of(&f, NULL, &v) == ACS_STATE_READY);
            f.updates.kb_count = 0;
            acs_facts_add_kb(&f.updates, rule->required.kb, ACS_PKG_INSTALL_PENDING);
            check_rule(rule, verdict_of(&f, NULL, &v) == ACS_STATE_NOT_READY);
            check_rule(rule, find_req(&v, "update")->remedy == ACS_TEXT_RM_RESTART);
            f.updates.kb_count = 0;
            acs_facts_add_kb(&f.updates, rule->required.kb, ACS_PKG_STAGED);
            check_rule(rule, verdict_of(&f, NULL, &v) == ACS_STATE_NOT_READY);
            check_rule(rule, find_req(&v, "update")->evidence == ACS_TEXT_EV_KB_STAGED);
            f.updates.kb_count = 0;
            acs_facts_add_kb(&f.updates, rule->required.kb, ACS_PKG_SUPERSEDED);
            check_rule(rule, verdict_of(&f, NULL, &v) == ACS_STATE_READY);
            f.updates.kb_count = 0;
            acs_facts_add_kb(&f.updates, rule->security_only.kb, ACS_PKG_INSTALLED);
            check_rule(rule, verdict_of(&f, NULL, &v) == ACS_STATE_READY);
            check_rule(rule, find_req(&v, "update")->evidence == ACS_TEXT_EV_SECURITY_ONLY);
            check_rule(rule, rule->later_count > 0);
            f.updates.kb_count = 0;
            acs_facts_add_kb(&f.updates, rule->later[rule->later_count - 1].kb, ACS_PKG_INSTALLED);
            check_rule(rule, verdict_of(&f, NULL, &v) == ACS_STATE_READY);
            check_rule(rule, find_req(&v, "update")->evidence == ACS_TEXT_EV_ROLLUP_LATER_KB);
            f.updates.kb_count = 0;
            check_rule(rule, verdict_of(&f, NULL, &v) == ACS_STATE_NOT_READY);
            break;
        case ACS_RULE_NEVER:
            never++;
            check_rule(rule, verdict_of(&f, NULL, &v) == ACS_STATE_UNSUPPORTED);
            check_rule(rule, rule->upgrade_to != NULL);
            check_rule(rule, find_req(&v, "os")->remedy == ACS_TEXT_RM_UPGRADE);
            break;
        case ACS_RULE_NATIVE:
            native++;
            check_rule(rule, verdict_of(&f, NULL, &v) == ACS_STATE_READY);
            break;
        }
    }
    assert_true(cumulative >= 6);
    assert_int_equal(rollup, 4);
    assert_true(never >= 10);
    assert_true(native >= 2);
}

static void test_server_2019_literal(void **state)
{
    acs_host_facts f;
    acs_verdict v;
    char text[256];
    machine(&f, 10, 0, 17763, ACS_PRODUCT_SERVER);
    f.os.ubr_value = 2114;
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_NOT_READY);
    evidence_en(&v, "update", text, sizeof text);
    assert_string_equal(text, "UBR 2114 < 2210 required by KB5005625");
    assert_int_equal(v.missing_count, 1);
    assert_int_equal(v.missing_kbs[0], 5005625);
    assert_int_equal(find_req(&v, "update")->args.kb2, 5006672); /* first Patch Tuesday LCU, 17763.2237 */
    f.os.ubr_value = 2210;
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_READY);
    f.os.ubr_value = 6054;
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_READY);
}

static void test_cumulative_pending_lcu(void **state)
{
    acs_host_facts f;
    acs_verdict v;
    machine(&f, 10, 0, 17763, ACS_PRODUCT_SERVER);
    f.os.ubr_value = 2114;
    acs_facts_add_kb(&f.updates, 5006672, ACS_PKG_INSTALL_PENDING);
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_NOT_READY);
    assert_int_equal(find_req(&v, "update")->evidence, ACS_TEXT_EV_KB_PENDING);
    assert_int_equal(find_req(&v, "update")->remedy, ACS_TEXT_RM_RESTART);
}

static void test_ubr_unreadable_is_unknown(void **state)
{
    acs_host_facts f;
    acs_verdict v;
    machine(&f, 10, 0, 17763, ACS_PRODUCT_SERVER);
    acs_known_fail(&f.os.ubr, "UBR value is missing");
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_UNKNOWN);
    assert_int_equal(find_req(&v, "update")->satisfied, ACS_UNSURE);
    /* ...unless the named KB proves it. */
    acs_facts_add_kb(&f.updates, 5006672, ACS_PKG_INSTALLED);
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_READY);
}

static void test_os_unreadable_and_unknown_build(void **state)
{
    acs_host_facts f;
    acs_verdict v;
    machine(&f, 10, 0, 17763, ACS_PRODUCT_SERVER);
    acs_known_fail(&f.os.version, "RtlGetVersion failed");
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_UNKNOWN);
    assert_int_equal(find_req(&v, "os")->evidence, ACS_TEXT_EV_OS_UNREAD);
    machine(&f, 10, 0, 20999, ACS_PRODUCT_WORKSTATION); /* an insider build no row names */
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_UNKNOWN);
    assert_int_equal(find_req(&v, "os")->evidence, ACS_TEXT_EV_OS_UNKNOWN);
}

static void test_workstation_vs_server(void **state)
{
    acs_host_facts f;
    acs_verdict v;
    machine(&f, 6, 2, 9200, ACS_PRODUCT_WORKSTATION); /* Windows 8 */
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_UNSUPPORTED);
    machine(&f, 6, 2, 9200, ACS_PRODUCT_SERVER); /* Server 2012 */
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_NOT_READY);
    assert_true(missing_has(&v, 5006739));
    machine(&f, 6, 2, 9200, ACS_PRODUCT_DC);
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_NOT_READY);
    machine(&f, 6, 0, 6002, ACS_PRODUCT_WORKSTATION); /* Vista SP2 */
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_UNSUPPORTED);
    machine(&f, 6, 0, 6003, ACS_PRODUCT_SERVER); /* Server 2008 SP2 */
    f.updates.rollup_revision = 21251;
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_READY);
    /* Product type unread: 6.2 client and server differ, so no guess. */
    machine(&f, 6, 2, 9200, ACS_PRODUCT_SERVER);
    acs_known_fail(&f.os.product, "ProductType unreadable");
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_UNKNOWN);
    /* ...but 6.3 client and server share a rule. */
    machine(&f, 6, 3, 9600, ACS_PRODUCT_SERVER);
    acs_known_fail(&f.os.product, "ProductType unreadable");
    f.updates.rollup_revision = 20144;
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_READY);
}

static void test_windows7_prerequisites_and_order(void **state)
{
    acs_host_facts f;
    acs_verdict v;
    char text[512];
    machine(&f, 6, 1, 7601, ACS_PRODUCT_WORKSTATION);
    f.os.service_pack = 1;
    f.updates.rollup_revision = 24002; /* January 2018 rollup: no ESU */
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_NOT_READY);
    assert_int_equal(v.missing_count, 3);
    assert_int_equal(v.missing_kbs[0], 4474419);
    assert_int_equal(v.missing_kbs[1], 4490628);
    assert_int_equal(v.missing_kbs[2], 5006743);
    /* The evidence names the October rollup, not a later one it looked at. */
    evidence_en(&v, "update", text, sizeof text);
    assert_non_null(strstr(text, "KB5006743"));
    assert_null(strstr(text, "KB5007236"));
    /* With the October rollup in place the prerequisites are implied. */
    f.updates.rollup_revision = 25740;
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_READY);
    assert_int_equal(find_req(&v, "prereq-sha2")->evidence, ACS_TEXT_EV_PREREQ_IMPLIED);
    /* Its own package, when seen, is the better evidence. */
    acs_facts_add_kb(&f.updates, 4474419, ACS_PKG_INSTALLED);
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_READY);
    assert_int_equal(find_req(&v, "prereq-sha2")->evidence, ACS_TEXT_EV_PREREQ_INSTALLED);
}

static void test_security_only_chain_gap(void **state)
{
    acs_host_facts f;
    acs_verdict v;
    char text[512];
    machine(&f, 6, 3, 9600, ACS_PRODUCT_WORKSTATION);
    acs_known_ok(&f.updates.kernel);
    f.updates.kernel_version[0] = 6, f.updates.kernel_version[1] = 3;
    f.updates.kernel_version[2] = 9600, f.updates.kernel_version[3] = 20173; /* November 2021 */
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_NOT_READY);
    assert_int_equal(find_req(&v, "update")->evidence, ACS_TEXT_EV_ROLLUP_GAP);
    f.updates.kernel_version[3] = 20118; /* September 2021 */
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_NOT_READY);
    evidence_en(&v, "update", text, sizeof text);
    assert_non_null(strstr(text, "6.3.9600.20118"));
    assert_non_null(strstr(text, "6.3.9600.20144"));
    acs_facts_add_kb(&f.updates, 5006729, ACS_PKG_INSTALLED); /* the October security-only */
    f.updates.kernel_version[3] = 20173;
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_READY);
}

/* A later security-only update is not October's (security-only updates are
 * not cumulative), nor proof of its absence: Unknown, with nothing named
 * missing; but it proves the SHA-2 prerequisites, which every update since
 * August 2019 needs (KB4472027). Every 6.x rollup rule, at the first and the
 * last later security-only update it lists, with a complete KB list. */
static void test_later_security_only(void **state)
{
    enum { NONE, FIRST, LAST };
    static const struct {
        const char *name;
        int later;             /* which later security-only update is listed */
        bool october_security; /* the October security-only update is listed too */
        bool old_kernel;       /* ntoskrnl.exe older than October's */
        acs_tristate update;
        acs_state want;
    } rows[] = {
        {"no update at all", NONE, false, false, ACS_NO, ACS_STATE_NOT_READY},
        {"the first later security-only update", FIRST, false, false, ACS_UNSURE, ACS_STATE_UNKNOWN},
        {"the last later security-only update", LAST, false, false, ACS_UNSURE, ACS_STATE_UNKNOWN},
        {"a later one and October's", LAST, true, false, ACS_YES, ACS_STATE_READY},
        {"a later one, yet a kernel older than October's", FIRST, false, true, ACS_NO, ACS_STATE_NOT_READY},
    };
    size_t rules = 0;
    (void)state;
    for (size_t r = 0; r < acs_catalog_rule_count(catalog); r++) {
        const acs_os_rule *rule = acs_catalog_rule_at(catalog, r);
        if (rule->kind != ACS_RULE_ROLLUP)
            continue;
        rules++;
        check_rule(rule, rule->later_security_only_count > 0);
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
            acs_host_facts f;
            acs_verdict v;
            const acs_requirement_result *update;
            machine(&f, rule->major, rule->minor, rule->build_min, product_of(rule));
            acs_known_fail(&f.updates.rollup, "no revision in the export");
            if (rows[i].later != NONE) {
                size_t at = rows[i].later == FIRST ? 0 : rule->later_security_only_count - 1;
                acs_facts_add_kb(&f.updates, rule->later_security_only[at].kb, ACS_PKG_INSTALLED);
            }
            if (rows[i].october_security)
                acs_facts_add_kb(&f.updates, rule->security_only.kb, ACS_PKG_INSTALLED);
            if (rows[i].old_kernel) {
                acs_known_ok(&f.updates.kernel);
                memcpy(f.updates.kernel_version, rule->kernel_min, sizeof f.updates.kernel_version);
                f.updates.kernel_version[3]--;
            }
            acs_state got = verdict_of(&f, NULL, &v);
            update = find_req(&v, "update");
            if (got != rows[i].want || update->satisfied != rows[i].update)
                fail_msg("rule %s, row '%s': %s, update %d", rule->id, rows[i].name, acs_state_name(got),
                         update->satisfied);
            if (rows[i].want == ACS_STATE_UNKNOWN) {
                if (update->evidence != ACS_TEXT_EV_LATER_SECURITY_ONLY || v.missing_count != 0)
                    fail_msg("rule %s, row '%s': evidence %s, %u missing", rule->id, rows[i].name,
                             acs_text_key(update->evidence), (unsigned)v.missing_count);
                for (size_t p = 0; p < rule->prerequisite_count; p++)
                    if (find_req(&v, rule->prerequisites[p].id)->satisfied != ACS_YES)
                        fail_msg("rule %s, row '%s': prerequisite %s not implied", rule->id, rows[i].name,
                                 rule->prerequisites[p].id);
            }
        }
    }
    assert_int_equal(rules, 4);
}

static void test_pending_rollup_needs_a_restart(void **state)
{
    acs_host_facts f;
    acs_verdict v;
    char text[512];
    /* 8.1 at September's kernel with the October RollupFix in Install Pending. */
    machine(&f, 6, 3, 9600, ACS_PRODUCT_SERVER);
    f.updates.rollup_revision = 20118;
    f.updates.rollup_pending_revision = 20144;
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_NOT_READY);
    assert_int_equal(find_req(&v, "update")->evidence, ACS_TEXT_EV_ROLLUP_PENDING);
    assert_int_equal(find_req(&v, "update")->remedy, ACS_TEXT_RM_RESTART);
    assert_int_equal(v.missing_count, 0); /* nothing to install: restart */
    evidence_en(&v, "update", text, sizeof text);
    assert_non_null(strstr(text, "KB5006714"));
    assert_non_null(strstr(text, "20144"));
    /* An older pending rollup explains nothing. */
    f.updates.rollup_pending_revision = 20118;
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_NOT_READY);
    assert_true(missing_has(&v, 5006714));
    /* Windows 10+: a pending LCU above the threshold while the UBR is below. */
    machine(&f, 10, 0, 17763, ACS_PRODUCT_SERVER);
    f.os.ubr_value = 2114;
    f.updates.rollup_pending_revision = 2237;
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_NOT_READY);
    assert_int_equal(find_req(&v, "update")->evidence, ACS_TEXT_EV_ROLLUP_PENDING);
    assert_int_equal(v.missing_count, 0);
}

static void test_rollup_unknown_without_packages(void **state)
{
    acs_host_facts f;
    acs_verdict v;
    machine(&f, 6, 1, 7601, ACS_PRODUCT_SERVER);
    acs_known_fail(&f.updates.packages, "CBS key: access denied (5)");
    f.updates.rollup_revision = 25704; /* September: the October security-only may sit on top */
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_UNKNOWN);
    assert_int_equal(find_req(&v, "update")->satisfied, ACS_UNSURE);
}

/* A complete KB list (an inventory's KB column, --kb) whose rollup revision
 * is unknown: none of October's updates listed proves the update missing;
 * a KB newer than every update the catalog names for the OS may be a later
 * rollup, so the answer is Unknown. Rows at, below and above that newest KB
 * (Windows 7: the newest later rollup in the catalog). */
static void test_complete_kb_list(void **state)
{
    const acs_profile *p = acs_catalog_find_profile(catalog, NULL);
    const acs_os_rule *rule = acs_catalog_match(p, 6, 1, 7601, 1u << ACS_PRODUCT_WORKSTATION);
    uint32_t newest = 0;
    assert_non_null(rule);
    assert_true(rule->later_count > 0);
    for (size_t i = 0; i < rule->later_count; i++)
        if (rule->later[i].kb > newest)
            newest = rule->later[i].kb;
    /* The newest KB the rule names may be a security-only update (May 2025:
     * KB5058454 after the rollup KB5058430). */
    uint32_t newest_named = newest;
    for (size_t i = 0; i < rule->later_security_only_count; i++)
        if (rule->later_security_only[i].kb > newest_named)
            newest_named = rule->later_security_only[i].kb;
    const struct {
        const char *name;
        uint32_t listed; /* besides the two prerequisites; 0 = none */
        acs_state state;
        acs_tristate update;
    } rows[] = {
        {"prerequisites only", 0, ACS_STATE_NOT_READY, ACS_NO},
        {"an older KB below the catalog's newest", 4534310, ACS_STATE_NOT_READY, ACS_NO},
        {"the catalog's newest later rollup itself", newest, ACS_STATE_READY, ACS_YES},
        {"a KB above every KB the catalog names", newest_named + 1, ACS_STATE_UNKNOWN, ACS_UNSURE},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        acs_host_facts f;
        acs_verdict v;
        machine(&f, 6, 1, 7601, ACS_PRODUCT_WORKSTATION);
        acs_known_fail(&f.updates.rollup, "no revision in the export");
        acs_facts_add_kb(&f.updates, 4474419, ACS_PKG_INSTALLED);
        acs_facts_add_kb(&f.updates, 4490628, ACS_PKG_INSTALLED);
        f.updates.newest_kb = 4490628;
        if (rows[i].listed) {
            acs_facts_add_kb(&f.updates, rows[i].listed, ACS_PKG_INSTALLED);
            f.updates.newest_kb = rows[i].listed;
        }
        acs_state got = verdict_of(&f, NULL, &v);
        if (got != rows[i].state || find_req(&v, "update")->satisfied != rows[i].update)
            fail_msg("row '%s': state %s, update %d", rows[i].name, acs_state_name(got),
                     find_req(&v, "update")->satisfied);
    }
    /* No list at all: unknown, never guessed absent (and no prerequisite named missing). */
    {
        acs_host_facts f;
        acs_verdict v;
        machine(&f, 6, 1, 7601, ACS_PRODUCT_WORKSTATION);
        acs_known_fail(&f.updates.rollup, "not given");
        acs_known_fail(&f.updates.packages, "not given (--kb)");
        assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_UNKNOWN);
        assert_int_equal(v.missing_count, 0);
    }
}

/* Issue 11's rule edges, each at, below and above its threshold, with the
 * catalog row that decides it (docs/catalog.md names the sources). */
typedef struct edge_row {
    const char *name;
    const char *profile;
    uint32_t major, minor, build, ubr;
    acs_product_type type;
    acs_state want;
    const char *rule_id; /* NULL: no rule may match */
} edge_row;

static void test_issue11_edges(void **state)
{
    static const edge_row rows[] = {
        /* Windows Server, version 1909 left servicing before KB5005624: Unsupported at any UBR. */
        {"Server 1909 below", NULL, 10, 0, 18363, 1829, ACS_PRODUCT_SERVER, ACS_STATE_UNSUPPORTED, "ws-1909"},
        {"Server 1909 at", NULL, 10, 0, 18363, 1830, ACS_PRODUCT_SERVER, ACS_STATE_UNSUPPORTED, "ws-1909"},
        {"Server 1909 above", NULL, 10, 0, 18363, 1854, ACS_PRODUCT_DC, ACS_STATE_UNSUPPORTED, "ws-1909"},
        {"Windows 10 1909 below", NULL, 10, 0, 18363, 1829, ACS_PRODUCT_WORKSTATION, ACS_STATE_NOT_READY, "win10-1909"},
        {"Windows 10 1909 at", NULL, 10, 0, 18363, 1830, ACS_PRODUCT_WORKSTATION, ACS_STATE_READY, "win10-1909"},
        /* Azure Stack HCI: 20349 every build; 17784 UNCONFIRMED, so no rule and Unknown. */
        {"HCI 20349 first build", NULL, 10, 0, 20349, 1, ACS_PRODUCT_SERVER, ACS_STATE_READY, "azure-stack-hci-20349"},
        {"HCI 20349 later", NULL, 10, 0, 20349, 2762, ACS_PRODUCT_SERVER, ACS_STATE_READY, "azure-stack-hci-20349"},
        {"HCI 17784", NULL, 10, 0, 17784, 2000, ACS_PRODUCT_SERVER, ACS_STATE_UNKNOWN, NULL},
        {"20348 below 20349 is Server 2022", NULL, 10, 0, 20348, 288, ACS_PRODUCT_SERVER, ACS_STATE_READY, "ws2022"},
        {"22000 is the open Windows 11 row", NULL, 10, 0, 22000, 1, ACS_PRODUCT_SERVER, ACS_STATE_READY, "win11"},
        /* withsecure: the October 12, 2021 B releases. */
        {"withsecure 17763 below", "withsecure", 10, 0, 17763, 2236, ACS_PRODUCT_SERVER, ACS_STATE_NOT_READY, "withsecure-win10-1809"},
        {"withsecure 17763 preview", "withsecure", 10, 0, 17763, 2210, ACS_PRODUCT_SERVER, ACS_STATE_NOT_READY, "withsecure-win10-1809"},
        {"withsecure 17763 at", "withsecure", 10, 0, 17763, 2237, ACS_PRODUCT_SERVER, ACS_STATE_READY, "withsecure-win10-1809"},
        {"withsecure 17763 above", "withsecure", 10, 0, 17763, 2238, ACS_PRODUCT_WORKSTATION, ACS_STATE_READY, "withsecure-win10-1809"},
        {"withsecure 18363 below", "withsecure", 10, 0, 18363, 1853, ACS_PRODUCT_WORKSTATION, ACS_STATE_NOT_READY, "withsecure-win10-1909"},
        {"withsecure 18363 at", "withsecure", 10, 0, 18363, 1854, ACS_PRODUCT_WORKSTATION, ACS_STATE_READY, "withsecure-win10-1909"},
        {"withsecure Server 1909 stays never", "withsecure", 10, 0, 18363, 1854, ACS_PRODUCT_SERVER, ACS_STATE_UNSUPPORTED, "ws-1909"},
        {"withsecure 19042 below", "withsecure", 10, 0, 19042, 1287, ACS_PRODUCT_WORKSTATION, ACS_STATE_NOT_READY, "withsecure-win10-2004-21h1"},
        {"withsecure 19042 at", "withsecure", 10, 0, 19042, 1288, ACS_PRODUCT_WORKSTATION, ACS_STATE_READY, "withsecure-win10-2004-21h1"},
        {"withsecure 19043 above", "withsecure", 10, 0, 19043, 1289, ACS_PRODUCT_WORKSTATION, ACS_STATE_READY, "withsecure-win10-2004-21h1"},
        {"withsecure 20348 below", "withsecure", 10, 0, 20348, 287, ACS_PRODUCT_SERVER, ACS_STATE_NOT_READY, "withsecure-ws2022"},
        {"withsecure 20348 at", "withsecure", 10, 0, 20348, 288, ACS_PRODUCT_SERVER, ACS_STATE_READY, "withsecure-ws2022"},
        {"withsecure 14393 as Microsoft", "withsecure", 10, 0, 14393, 4704, ACS_PRODUCT_SERVER, ACS_STATE_READY, "win10-1607"},
        {"microsoft 17763 preview still", NULL, 10, 0, 17763, 2210, ACS_PRODUCT_SERVER, ACS_STATE_READY, "win10-1809"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const edge_row *r = &rows[i];
        acs_host_facts f;
        acs_verdict v;
        machine(&f, r->major, r->minor, r->build, r->type);
        f.os.ubr_value = r->ubr;
        acs_state got = verdict_of(&f, r->profile, &v);
        const char *rule = v.rule ? v.rule->id : NULL;
        if (got != r->want || (r->rule_id ? !rule || strcmp(rule, r->rule_id) != 0 : rule != NULL))
            fail_msg("row '%s': %s by rule %s, want %s by %s", r->name, acs_state_name(got), rule ? rule : "(none)",
                     acs_state_name(r->want), r->rule_id ? r->rule_id : "(none)");
    }
}

/* A 6.2.9200 workstation is Windows 8 (never serviced) unless it shows a
 * Server 2012 family rollup: then it is Windows Embedded 8 Standard, judged
 * by the ws2012 rule. Revisions below, at and above October 2021's. */
static void test_embedded8(void **state)
{
    static const struct {
        const char *name;
        bool revision_known;
        uint32_t revision, kb;
        acs_state want;
        const char *rule_id;
    } rows[] = {
        {"no rollup evidence: Windows 8", false, 0, 0, ACS_STATE_UNSUPPORTED, "win8"},
        {"rollup revision 0 (none installed): Windows 8", true, 0, 0, ACS_STATE_UNSUPPORTED, "win8"},
        {"a 2012 rollup below October", true, 23488, 0, ACS_STATE_NOT_READY, "ws2012"},
        {"the October rollup's revision", true, 23489, 0, ACS_STATE_READY, "ws2012"},
        {"a later revision", true, 23490, 0, ACS_STATE_READY, "ws2012"},
        {"the October rollup's KB", false, 0, 5006739, ACS_STATE_READY, "ws2012"},
        {"a 2012 security-only update after October", false, 0, 5007245, ACS_STATE_UNKNOWN, "ws2012"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        acs_host_facts f;
        acs_verdict v;
        machine(&f, 6, 2, 9200, ACS_PRODUCT_WORKSTATION);
        if (rows[i].revision_known)
            f.updates.rollup_revision = rows[i].revision;
        else
            acs_known_fail(&f.updates.rollup, "not given");
        if (rows[i].kb)
            acs_facts_add_kb(&f.updates, rows[i].kb, ACS_PKG_INSTALLED);
        acs_state got = verdict_of(&f, NULL, &v);
        if (got != rows[i].want || !v.rule || strcmp(v.rule->id, rows[i].rule_id) != 0)
            fail_msg("row '%s': %s by %s", rows[i].name, acs_state_name(got), v.rule ? v.rule->id : "(none)");
    }
}

/* Server 2008 SP2 needs its servicing stack update KB4493730 as well as
 * SHA-2 (KB4474419); the October update, once installed, proves both. */
static void test_server2008_ssu(void **state)
{
    static const struct {
        const char *name;
        uint32_t kbs[3];
        acs_state want;
        size_t missing;
        uint32_t first_missing;
    } rows[] = {
        {"neither prerequisite", {0}, ACS_STATE_NOT_READY, 3, 4474419},
        {"SHA-2 only", {4474419}, ACS_STATE_NOT_READY, 2, 4493730},
        {"both, no rollup", {4474419, 4493730}, ACS_STATE_NOT_READY, 1, 5006736},
        {"the October rollup proves both", {5006736}, ACS_STATE_READY, 0, 0},
        {"a later security-only update proves both, not October's", {5007246}, ACS_STATE_UNKNOWN, 0, 0},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        acs_host_facts f;
        acs_verdict v;
        machine(&f, 6, 0, 6003, ACS_PRODUCT_SERVER);
        acs_known_fail(&f.updates.rollup, "no revision given");
        for (size_t k = 0; k < 3 && rows[i].kbs[k]; k++) {
            acs_facts_add_kb(&f.updates, rows[i].kbs[k], ACS_PKG_INSTALLED);
            f.updates.newest_kb = rows[i].kbs[k] > f.updates.newest_kb ? rows[i].kbs[k] : f.updates.newest_kb;
        }
        acs_state got = verdict_of(&f, NULL, &v);
        if (got != rows[i].want || v.missing_count != rows[i].missing ||
            (rows[i].missing && v.missing_kbs[0] != rows[i].first_missing))
            fail_msg("row '%s': %s, %u missing (first KB%u)", rows[i].name, acs_state_name(got),
                     (unsigned)v.missing_count, v.missing_count ? (unsigned)v.missing_kbs[0] : 0u);
    }
}

static void test_root_cases(void **state)
{
    acs_host_facts f;
    acs_verdict v;
    char text[512];
    for (size_t i = 0; i < ACS_STORE_COUNT; i++) {
        const acs_physical_store *store = &acs_physical_stores[i];
        machine(&f, 10, 0, 22631, ACS_PRODUCT_WORKSTATION);
        f.root.stores = store->bit;
        if (verdict_of(&f, NULL, &v) != ACS_STATE_READY)
            fail_msg("store %s: the root there is not Ready", store->name);
        evidence_en(&v, "root-ca", text, sizeof text);
        if (!strstr(text, acs_store_name(store->bit)))
            fail_msg("store %s: evidence '%s' does not name it", store->name, text);
    }
    machine(&f, 10, 0, 22631, ACS_PRODUCT_WORKSTATION);
    f.root.stores = 0;
    f.root.auto_update_disabled = true;
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_NOT_READY);
    assert_int_equal(find_req(&v, "root-ca")->evidence, ACS_TEXT_EV_ROOT_ABSENT_POLICY);
    assert_int_equal(v.missing_count, 0); /* a root is not an update */
    f.root.auto_update_disabled = false;
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_READY); /* synced 2026: the root arrives on first use */
    assert_int_equal(find_req(&v, "root-ca")->evidence, ACS_TEXT_EV_ROOT_ABSENT_SYNCED);
    f.root.last_sync_unix = 1609459200; /* 2021-01-01: before the CTL that added it */
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_NOT_READY);
    evidence_en(&v, "root-ca", text, sizeof text);
    assert_non_null(strstr(text, "2021-01-01"));
    f.root.never_synced = true;
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_NOT_READY);
    assert_int_equal(find_req(&v, "root-ca")->evidence, ACS_TEXT_EV_ROOT_ABSENT_NEVER_SYNCED);
    acs_known_fail(&f.root.policy, "DisableRootAutoUpdate is not a REG_DWORD");
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_UNKNOWN);
    assert_int_equal(find_req(&v, "root-ca")->evidence, ACS_TEXT_EV_ROOT_POLICY_UNREAD);
    acs_known_ok(&f.root.policy);
    acs_known_fail(&f.root.last_sync, "LastSyncTime has type 1, not REG_BINARY");
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_UNKNOWN);
    acs_known_fail(&f.root.presence, "CertOpenStore failed");
    assert_int_equal(verdict_of(&f, NULL, &v), ACS_STATE_UNKNOWN);
}

static void test_profiles(void **state)
{
    acs_host_facts f;
    acs_verdict v;
    assert_non_null(acs_catalog_find_profile(catalog, "microsoft"));
    assert_non_null(acs_catalog_find_profile(catalog, "trendmicro"));
    assert_null(acs_catalog_find_profile(catalog, "nosuchvendor"));
    machine(&f, 10, 0, 19044, ACS_PRODUCT_WORKSTATION);
    f.os.ubr_value = 1288;
    assert_int_equal(verdict_of(&f, "microsoft", &v), ACS_STATE_READY);
    assert_int_equal(verdict_of(&f, "trendmicro", &v), ACS_STATE_NOT_READY);
    assert_true(missing_has(&v, 5011487));
    f.os.ubr_value = 1586;
    assert_int_equal(verdict_of(&f, "trendmicro", &v), ACS_STATE_READY);
    /* Rows the profile does not override come from its base. */
    machine(&f, 10, 0, 17763, ACS_PRODUCT_SERVER);
    f.os.ubr_value = 2114;
    assert_int_equal(verdict_of(&f, "trendmicro", &v), ACS_STATE_NOT_READY);
    assert_true(missing_has(&v, 5005625));
}

static void test_languages(void **state)
{
    acs_host_facts f;
    acs_verdict v;
    char en[512], zh[512], ja[512];
    const acs_requirement_result *r;
    machine(&f, 10, 0, 17763, ACS_PRODUCT_SERVER);
    f.os.ubr_value = 2114;
    verdict_of(&f, NULL, &v);
    r = find_req(&v, "update");
    acs_render(catalog, ACS_LANG_EN, r->remedy, &r->args, en, sizeof en);
    acs_render(catalog, ACS_LANG_ZH_TW, r->remedy, &r->args, zh, sizeof zh);
    acs_render(catalog, ACS_LANG_JA, r->remedy, &r->args, ja, sizeof ja);
    assert_non_null(strstr(en, "KB5006672"));
    assert_non_null(strstr(zh, "KB5006672"));
    assert_non_null(strstr(ja, "KB5006672"));
    assert_string_not_equal(en, zh);
    assert_string_not_equal(en, ja);
    assert_string_not_equal(zh, ja);
}

static void test_report_properties(void **state)
{
    acs_host_facts f;
    acs_report *report = test_malloc(sizeof *report);
    acs_value value;
    machine(&f, 10, 0, 17763, ACS_PRODUCT_SERVER);
    f.os.ubr_value = 2114;
    acs_report_build(report, catalog, NULL, NULL, &f, ACS_LANG_EN, 1764000000);
    assert_string_equal(report->version, "10.0.17763.2114");
    assert_string_equal(report->evaluated_at, "20251124160000.000000+000");
    acs_property_value(acs_find_property(&acs_class_readiness, "MissingUpdates"), report, 0, &value);
    assert_int_equal(value.count, 1);
    assert_string_equal(value.strings[0], "KB5005625");
    acs_property_value(acs_find_property(&acs_class_readiness, "PplModulesHealthy"), report, 0, &value);
    assert_true(value.is_null); /* never a fake True */
    acs_property_value(acs_find_property(&acs_class_readiness, "state"), report, 0, &value);
    assert_string_equal(value.string, "NotReady");
    assert_int_equal(report->reason_count, 1);
    assert_non_null(strstr(report->reasons[0], "UBR 2114 < 2210"));
    test_free(report);
}

/* The decisions the collectors and the evaluator share (core/rules.c). */
static void test_os_has_ubr(void **state)
{
    static const struct { int line; uint32_t major; bool has_ubr; } rows[] = {
        { __LINE__, 5, false }, { __LINE__, 6, false }, { __LINE__, 9, false }, { __LINE__, 10, true },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (acs_os_has_ubr(rows[i].major) != rows[i].has_ubr)
            fail_msg("line %d: acs_os_has_ubr(%u) should be %d", rows[i].line, (unsigned)rows[i].major,
                     rows[i].has_ubr);
}

static void count_kb(void *context, uint32_t kb)
{
    size_t *seen = context;
    assert_true(kb != 0);
    if (!acs_catalog_kb_relevant(catalog, kb))
        fail_msg("KB%u is named by a rule but not in the catalog's KB index", (unsigned)kb);
    (*seen)++;
}

static void test_rule_decisions(void **state)
{
    size_t n = acs_catalog_rule_count(catalog);
    assert_true(n >= 20);
    for (size_t i = 0; i < n; i++) {
        const acs_os_rule *rule = acs_catalog_rule_at(catalog, i);
        acs_host_facts f;
        size_t seen = 0, named = 0;
        uint32_t need = rule->required.revision;

        acs_rule_for_each_kb(rule, count_kb, &seen);
        named += (rule->required.kb != 0) + (rule->first_patch_tuesday.kb != 0) + (rule->security_only.kb != 0);
        named += rule->later_count + rule->later_security_only_count;
        for (size_t p = 0; p < rule->prerequisite_count; p++)
            named += 1 + rule->prerequisites[p].superseded_by_count;
        if (seen != named)
            fail_msg("rule %s: %lu KBs visited, %lu named", rule->id, (unsigned long)seen, (unsigned long)named);

        machine(&f, rule->major, rule->minor, rule->build_min, product_of(rule));
        switch (rule->kind) {
        case ACS_RULE_CUMULATIVE:
            f.os.ubr_value = need - 1;
            if (acs_rule_met_by_revision(rule, &f.os, 0))
                fail_msg("rule %s: UBR %u meets %u", rule->id, (unsigned)(need - 1), (unsigned)need);
            f.os.ubr_value = need;
            if (!acs_rule_met_by_revision(rule, &f.os, 0))
                fail_msg("rule %s: UBR %u does not meet itself", rule->id, (unsigned)need);
            acs_known_fail(&f.os.ubr, "unread");
            if (acs_rule_met_by_revision(rule, &f.os, 0))
                fail_msg("rule %s: an unread UBR meets it", rule->id);
            break;
        case ACS_RULE_ROLLUP:
            if (acs_rule_met_by_revision(rule, &f.os, 0))
                fail_msg("rule %s: no rollup meets it", rule->id);
            if (acs_rule_met_by_revision(rule, &f.os, need - 1))
                fail_msg("rule %s: rollup %u meets %u", rule->id, (unsigned)(need - 1), (unsigned)need);
            if (!acs_rule_met_by_revision(rule, &f.os, need))
                fail_msg("rule %s: rollup %u does not meet itself", rule->id, (unsigned)need);
            break;
        case ACS_RULE_NATIVE:
        case ACS_RULE_NEVER:
            if (!acs_rule_met_by_revision(rule, &f.os, 0))
                fail_msg("rule %s: asks for no update, yet is not met", rule->id);
            break;
        }
    }
}

static void test_class_keys(void **state)
{
    (void)state;
    assert_null(acs_class_key_property(&acs_class_readiness)); /* a singleton has no key */
    assert_non_null(acs_class_key_property(&acs_class_requirement));
    assert_string_equal(acs_class_key_property(&acs_class_requirement)->name, "Id");
    assert_string_equal(acs_class_key_property(&acs_class_ppl_module)->name, "ServiceName");
}

static void test_report_reasons_said_once(void **state)
{
    acs_host_facts f;
    acs_report *report = test_malloc(sizeof *report);
    machine(&f, 6, 1, 7601, ACS_PRODUCT_WORKSTATION);
    acs_known_fail(&f.updates.packages, "Component Based Servicing key is missing");
    acs_known_fail(&f.updates.rollup, "Component Based Servicing key is missing");
    acs_report_build(report, catalog, NULL, NULL, &f, ACS_LANG_EN, 0);
    assert_int_equal(report->verdict.state, ACS_STATE_UNKNOWN);
    /* update and both prerequisites are unsure for one cause: one reason. */
    assert_int_equal(report->reason_count, 1);
    assert_non_null(strstr(report->reasons[0], "Component Based Servicing key is missing"));
    test_free(report);
}

static void test_cbs_states(void **state)
{
    assert_int_equal(acs_cbs_state_classify(0x70, false), ACS_PKG_INSTALLED);
    assert_int_equal(acs_cbs_state_classify(0x80, false), ACS_PKG_INSTALLED);
    assert_int_equal(acs_cbs_state_classify(0x50, false), ACS_PKG_SUPERSEDED);
    assert_int_equal(acs_cbs_state_classify(0x60, false), ACS_PKG_INSTALL_PENDING);
    assert_int_equal(acs_cbs_state_classify(0x40, false), ACS_PKG_STAGED);
    assert_int_equal(acs_cbs_state_classify(0xFFFFFF90u, false), ACS_PKG_BROKEN);
    assert_int_equal(acs_cbs_state_classify(0x7, true), ACS_PKG_INSTALLED);
    assert_int_equal(acs_cbs_state_classify(0x7, false), ACS_PKG_STAGED);
}

/* The one KB-number parser: --kb, the inventory's KB column and the catalog. */
static void test_parse_kb(void **state)
{
    static const struct { int line; const char *text; uint32_t kb; } rows[] = {
        { __LINE__, "KB5006743", 5006743 }, { __LINE__, "kb5006743", 5006743 }, { __LINE__, "5006743", 5006743 },
        { __LINE__, "kb12x", 0 },           { __LINE__, "KB", 0 },              { __LINE__, "", 0 },
        { __LINE__, "99999999999", 0 },     { __LINE__, "KB-1", 0 },            { __LINE__, "K5006743", 0 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        uint32_t got = acs_parse_kb(rows[i].text, strlen(rows[i].text));
        if (got != rows[i].kb)
            fail_msg("line %d: acs_parse_kb(\"%s\") = %u, want %u", rows[i].line, rows[i].text, (unsigned)got,
                     (unsigned)rows[i].kb);
    }
}

/* The one calendar: parsing, the inverse and the DMTF text agree. */
static void test_calendar(void **state)
{
    static const struct { int line; const char *text; bool ok; int64_t unix_seconds; } rows[] = {
        { __LINE__, "1970-01-01", true, 0 },
        { __LINE__, "2021-08-01", true, 1627776000 },
        { __LINE__, "2024-02-29", true, 1709164800 },
        { __LINE__, "2025-11-24T16:00:00Z", true, 1764000000 },
        { __LINE__, "2025-11-24 16:00:00.123", true, 1764000000 },
        { __LINE__, "2023-02-29", false, 0 },
        { __LINE__, "2100-02-29", false, 0 },
        { __LINE__, "2021-13-01", false, 0 },
        { __LINE__, "1969-12-31", false, 0 },
        { __LINE__, "2021-8-1", false, 0 },
        { __LINE__, "2021-08-01T25:00:00", false, 0 },
        { __LINE__, "2021-08-01x", false, 0 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t got = -1;
        bool ok = acs_parse_date(rows[i].text, strlen(rows[i].text), &got);
        if (ok != rows[i].ok || (ok && got != rows[i].unix_seconds))
            fail_msg("line %d: acs_parse_date(\"%s\") = %d, %lld", rows[i].line, rows[i].text, ok, (long long)got);
        if (ok) {
            acs_civil_time t;
            acs_civil_from_unix(got, &t);
            if (acs_days_from_civil(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60 + t.second != got)
                fail_msg("line %d: civil_from_unix and days_from_civil disagree on %s", rows[i].line, rows[i].text);
        }
    }
    char dmtf[32];
    acs_format_dmtf(1764000000, dmtf);
    assert_string_equal(dmtf, "20251124160000.000000+000");
    acs_format_dmtf(951782400, dmtf); /* 2000-02-29, a leap day of a century year */
    assert_string_equal(dmtf, "20000229000000.000000+000");
}

/* The one ASCII case-insensitive compare, whatever the C locale says. */
static void test_ascii_nocase(void **state)
{
    assert_true(acs_ascii_equal_nocase("AuthRoot", 8, "authroot"));
    assert_true(acs_ascii_equal_nocase("MS_409", 6, "ms_409"));
    assert_false(acs_ascii_equal_nocase("Root", 4, "Roots"));
    assert_true(acs_ascii_equal_nocase("Roots", 4, "Root")); /* only len bytes of the text count */
    assert_false(acs_ascii_equal_nocase("Root", 4, "Roo"));
    assert_false(acs_ascii_equal_nocase("I", 1, "\xC4\xB1")); /* dotless i is not ASCII */
    assert_non_null(acs_find_class("acsreadiness_requirement"));
    assert_null(acs_find_class("AcsReadiness_Requirements"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_row_thresholds),
        cmocka_unit_test(test_server_2019_literal),
        cmocka_unit_test(test_cumulative_pending_lcu),
        cmocka_unit_test(test_ubr_unreadable_is_unknown),
        cmocka_unit_test(test_os_unreadable_and_unknown_build),
        cmocka_unit_test(test_workstation_vs_server),
        cmocka_unit_test(test_windows7_prerequisites_and_order),
        cmocka_unit_test(test_security_only_chain_gap),
        cmocka_unit_test(test_later_security_only),
        cmocka_unit_test(test_pending_rollup_needs_a_restart),
        cmocka_unit_test(test_rollup_unknown_without_packages),
        cmocka_unit_test(test_complete_kb_list),
        cmocka_unit_test(test_issue11_edges),
        cmocka_unit_test(test_server2008_ssu),
        cmocka_unit_test(test_embedded8),
        cmocka_unit_test(test_root_cases),
        cmocka_unit_test(test_profiles),
        cmocka_unit_test(test_languages),
        cmocka_unit_test(test_report_properties),
        cmocka_unit_test(test_os_has_ubr),
        cmocka_unit_test(test_rule_decisions),
        cmocka_unit_test(test_class_keys),
        cmocka_unit_test(test_report_reasons_said_once),
        cmocka_unit_test(test_cbs_states),
        cmocka_unit_test(test_parse_kb),
        cmocka_unit_test(test_calendar),
        cmocka_unit_test(test_ascii_nocase),
    };
    return cmocka_run_group_tests_name("evaluate", tests, builtin_catalog_setup, builtin_catalog_teardown);
}
