/* Facts must be plausible before they count (core/plausible.h): each row is a
 * machine with one implausible fact or one pair of facts that disagree, and
 * the verdict it must get: Unknown with the evidence that says why, never
 * Ready nor a confident NotReady. Rows on the edge of a range (65535) prove
 * the ranges do not reject what Windows can produce. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "builtin_catalog.h"

#include "core/catalog.h"
#include "core/evaluate.h"
#include "core/plausible.h"
#include "core/report.h"


/* Everything read; root present. */
static void machine(acs_host_facts *f, uint32_t major, uint32_t minor, uint32_t build, acs_product_type type)
{
    acs_facts_init(f);
    acs_known_ok(&f->os.version);
    f->os.major = major, f->os.minor = minor, f->os.build = build;
    acs_known_ok(&f->os.product);
    f->os.product_type = type;
    if (major >= 10)
        acs_known_ok(&f->os.ubr);
    else
        acs_known_fail(&f->os.ubr, "UBR value is missing");
    acs_known_ok(&f->updates.packages);
    acs_known_ok(&f->updates.rollup);
    acs_known_ok(&f->root.presence);
    f->root.stores = ACS_STORE_ROOT;
    acs_known_ok(&f->root.policy);
    acs_known_ok(&f->root.last_sync);
    f->root.last_sync_unix = 1767225600;
}

static void kernel(acs_host_facts *f, uint16_t a, uint16_t b, uint16_t c, uint16_t d)
{
    acs_known_ok(&f->updates.kernel);
    f->updates.kernel_version[0] = a, f->updates.kernel_version[1] = b;
    f->updates.kernel_version[2] = c, f->updates.kernel_version[3] = d;
}

/* Windows 7 SP1 with the October 2021 rollup (7601.25740) and its kernel. */
static void win7_ready(acs_host_facts *f)
{
    machine(f, 6, 1, 7601, ACS_PRODUCT_WORKSTATION);
    f->updates.rollup_revision = 25740;
    kernel(f, 6, 1, 7601, 25740);
    acs_facts_add_kb(&f->updates, 4474419, ACS_PKG_INSTALLED); /* SHA-2 */
    acs_facts_add_kb(&f->updates, 4490628, ACS_PKG_INSTALLED); /* SSU */
}

static void ws2019(acs_host_facts *f, uint32_t ubr)
{
    machine(f, 10, 0, 17763, ACS_PRODUCT_SERVER);
    f->os.ubr_value = ubr;
}

static void row_ubr_saturated(acs_host_facts *f) { ws2019(f, 0xFFFFFFFFu); }
static void row_ubr_max(acs_host_facts *f) { ws2019(f, 65535); }
static void row_ubr_above_max(acs_host_facts *f) { ws2019(f, 65536); }
static void row_build_saturated(acs_host_facts *f) { ws2019(f, 2210), f->os.build = 4294967295u; }
static void row_registry_build_disagrees(acs_host_facts *f)
{
    ws2019(f, 2210);
    acs_known_ok(&f->os.registry_build);
    f->os.registry_build_value = 20348;
}
static void row_registry_build_agrees(acs_host_facts *f)
{
    row_registry_build_disagrees(f);
    f->os.registry_build_value = 17763;
}
/* The property test's seed 20261201 case 83: Server 2022 at UBR 28 with the
 * required LCU listed Installed. */
static void row_ubr_contradicts_kb(acs_host_facts *f)
{
    machine(f, 10, 0, 20348, ACS_PRODUCT_SERVER);
    f->os.ubr_value = 28;
    acs_facts_add_kb(&f->updates, 5005619, ACS_PKG_INSTALLED);
}
static void row_rollup_saturated(acs_host_facts *f) { win7_ready(f), f->updates.rollup_revision = 4294967295u; }
static void row_rollup_pending_saturated(acs_host_facts *f)
{
    win7_ready(f);
    f->updates.rollup_pending_revision = 4294967295u;
}
static void row_win7_ready(acs_host_facts *f) { win7_ready(f); }
static void row_kernel_below_rollup(acs_host_facts *f) { win7_ready(f), kernel(f, 6, 1, 7601, 24499); }
/* The prerequisites' own packages unseen: the rollup would imply them, the
 * kernel says it is not there; neither side proves them missing. */
static void row_kernel_below_rollup_no_prereqs(acs_host_facts *f)
{
    row_kernel_below_rollup(f);
    f->updates.kb_count = 0;
}
static void row_kernel_below_security_only(acs_host_facts *f)
{
    win7_ready(f);
    f->updates.rollup_revision = 0;
    acs_facts_add_kb(&f->updates, 5006728, ACS_PKG_INSTALLED);
    kernel(f, 6, 1, 7601, 24499);
}
/* Wine's own ntoskrnl (6.1) on an emulated 8.1: not this OS's kernel, so it
 * proves nothing (neither "kernel below" nor a disagreement). */
static void row_kernel_of_other_os(acs_host_facts *f)
{
    machine(f, 6, 3, 9600, ACS_PRODUCT_SERVER);
    kernel(f, 6, 1, 7601, 21863);
}

typedef struct plausible_row {
    const char *name;
    void (*build)(acs_host_facts *f);
    acs_state state;
    const char *requirement; /* whose evidence is checked; NULL: none */
    acs_text_id evidence;
    const char *evidence_has; /* in the English evidence */
} plausible_row;

static const plausible_row rows[] = {
    { "UBR 0xFFFFFFFF", row_ubr_saturated, ACS_STATE_UNKNOWN, "update", ACS_TEXT_EV_UBR_UNREAD, "UBR 4294967295" },
    { "UBR 65535 (the largest a version holds)", row_ubr_max, ACS_STATE_READY, "update", ACS_TEXT_EV_UBR_MEETS,
      NULL },
    { "UBR 65536", row_ubr_above_max, ACS_STATE_UNKNOWN, "update", ACS_TEXT_EV_UBR_UNREAD, "at most 65535" },
    { "build 4294967295", row_build_saturated, ACS_STATE_UNKNOWN, "os", ACS_TEXT_EV_OS_IMPLAUSIBLE,
      "10.0.4294967295" },
    { "RtlGetVersion 17763, CurrentBuildNumber 20348", row_registry_build_disagrees, ACS_STATE_UNKNOWN, "os",
      ACS_TEXT_EV_OS_IMPLAUSIBLE, "CurrentBuildNumber says 20348" },
    { "RtlGetVersion and CurrentBuildNumber agree", row_registry_build_agrees, ACS_STATE_READY, "os",
      ACS_TEXT_EV_OS_SERVICED, NULL },
    { "UBR 28 with KB5005619 Installed (seed 20261201 case 83)", row_ubr_contradicts_kb, ACS_STATE_UNKNOWN,
      "update", ACS_TEXT_EV_UBR_DISAGREES, "KB5005619 is listed as installed" },
    { "Windows 7 with the October rollup and its kernel", row_win7_ready, ACS_STATE_READY, "update",
      ACS_TEXT_EV_ROLLUP_MEETS, NULL },
    { "RollupFix revision 4294967295", row_rollup_saturated, ACS_STATE_UNKNOWN, "update",
      ACS_TEXT_EV_UPDATES_UNREAD, "RollupFix revision 4294967295" },
    { "pending RollupFix revision 4294967295", row_rollup_pending_saturated, ACS_STATE_UNKNOWN, "update",
      ACS_TEXT_EV_UPDATES_UNREAD, "RollupFix revision 4294967295" },
    { "rollup 25740 with a kernel of 24499", row_kernel_below_rollup, ACS_STATE_UNKNOWN, "update",
      ACS_TEXT_EV_KERNEL_DISAGREES, "ntoskrnl.exe 6.1.7601.24499 is older than the 6.1.7601.25740" },
    { "rollup 25740, kernel 24499, prerequisites unseen", row_kernel_below_rollup_no_prereqs, ACS_STATE_UNKNOWN,
      "prereq-sha2", ACS_TEXT_EV_KERNEL_DISAGREES, NULL },
    { "security-only update with a kernel of 24499", row_kernel_below_security_only, ACS_STATE_UNKNOWN, "update",
      ACS_TEXT_EV_KERNEL_DISAGREES, "KB5006728 is recorded as installed" },
    { "a 6.1 kernel on 6.3", row_kernel_of_other_os, ACS_STATE_NOT_READY, "update", ACS_TEXT_EV_ROLLUP_MISSING,
      NULL },
};

static const acs_requirement_result *find_req(const acs_verdict *v, const char *id)
{
    for (size_t i = 0; i < v->requirement_count; i++)
        if (strcmp(v->requirements[i].id, id) == 0)
            return &v->requirements[i];
    return NULL;
}

static void test_plausible_rows(void **state)
{
    static acs_host_facts facts;
    static acs_verdict v;
    char text[ACS_REPORT_TEXT_MAX];
    (void)state;

    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const plausible_row *row = &rows[i];
        const acs_requirement_result *r;

        row->build(&facts);
        acs_evaluate(catalog, NULL, &facts, &v);
        r = find_req(&v, row->requirement);
        if (!r)
            fail_msg("row '%s': no requirement %s (state %s)", row->name, row->requirement, acs_state_name(v.state));
        acs_render(catalog, ACS_LANG_EN, r->evidence, &r->args, text, sizeof text);
        if (v.state != row->state || r->evidence != row->evidence ||
            (row->evidence_has && !strstr(text, row->evidence_has)))
            fail_msg("row '%s': got %s, %s \"%s\"; want %s, %s containing \"%s\"", row->name,
                     acs_state_name(v.state), acs_text_key(r->evidence), text, acs_state_name(row->state),
                     acs_text_key(row->evidence), row->evidence_has ? row->evidence_has : "");
        /* Read but not believed: recheck the machine, not "provide the missing evidence". */
        if (row->state == ACS_STATE_UNKNOWN && r->remedy != ACS_TEXT_RM_RECHECK)
            fail_msg("row '%s': remedy %s, want remedy.recheck", row->name, acs_text_key(r->remedy));
    }
}

/* The reported facts are left alone: the caller still shows what was read. */
static void test_reported_facts_untouched(void **state)
{
    static acs_host_facts facts, before;
    static acs_verdict v;
    (void)state;

    row_ubr_saturated(&facts);
    before = facts;
    acs_evaluate(catalog, NULL, &facts, &v);
    assert_memory_equal(&facts, &before, sizeof facts);
    assert_true(facts.os.ubr.known);
    assert_false(v.facts.os.ubr.known);
    assert_int_equal(acs_facts_check_plausible(&facts, &before), 1);
}

/* The copy the verdict judges holds every fact and the modules up to
 * module_count (facts.h: entries past it are unused), and verdicts of
 * machines with and without modules do not leak into each other when one
 * verdict is reused, as the inventory does for a million rows. */
static void test_copy_keeps_used_modules(void **state)
{
    static acs_host_facts with_modules, without, copy;
    static acs_verdict v;
    (void)state;

    acs_facts_init(&with_modules);
    acs_facts_init(&without);
    with_modules.ppl.module_count = 2;
    snprintf(with_modules.ppl.list[0].service_name, sizeof with_modules.ppl.list[0].service_name, "ContosoAV");
    snprintf(with_modules.ppl.list[1].service_name, sizeof with_modules.ppl.list[1].service_name, "FabrikamEDR");
    acs_known_ok(&with_modules.ppl.modules);
    memset(&copy, 0xAB, sizeof copy);
    acs_facts_check_plausible(&with_modules, &copy);
    assert_memory_equal(&copy, &with_modules, offsetof(acs_host_facts, ppl) + offsetof(acs_ppl_facts, list));
    assert_memory_equal(copy.ppl.list, with_modules.ppl.list, 2 * sizeof copy.ppl.list[0]);

    acs_evaluate(catalog, NULL, &with_modules, &v);
    assert_int_equal(v.facts.ppl.module_count, 2);
    assert_string_equal(v.facts.ppl.list[1].service_name, "FabrikamEDR");
    /* Entries past module_count are unused (facts.h) and left as they were:
     * the count alone says the list is empty. */
    acs_evaluate(catalog, NULL, &without, &v);
    assert_int_equal(v.facts.ppl.module_count, 0);
}

/* The collectors skip package look-ups for a rule the running revision
 * already meets: an implausible revision must not count as meeting it. */
static void test_implausible_revision_meets_no_rule(void **state)
{
    static acs_host_facts facts;
    const acs_os_rule *rule = acs_catalog_match(acs_catalog_default_profile(catalog), 6, 1, 7601,
                                                ACS_PRODUCT_MASK_WORKSTATION);
    const acs_os_rule *cumulative = acs_catalog_match(acs_catalog_default_profile(catalog), 10, 0, 17763,
                                                      ACS_PRODUCT_MASK_SERVER);
    (void)state;
    assert_non_null(rule);
    assert_non_null(cumulative);
    win7_ready(&facts);
    assert_true(acs_rule_met_by_revision(rule, &facts.os, 25740));
    assert_false(acs_rule_met_by_revision(rule, &facts.os, 4294967295u));
    ws2019(&facts, 2210);
    assert_true(acs_rule_met_by_revision(cumulative, &facts.os, 0));
    facts.os.ubr_value = 0xFFFFFFFFu;
    assert_false(acs_rule_met_by_revision(cumulative, &facts.os, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plausible_rows),
        cmocka_unit_test(test_reported_facts_untouched),
        cmocka_unit_test(test_copy_keeps_used_modules),
        cmocka_unit_test(test_implausible_revision_meets_no_rule),
    };
    return cmocka_run_group_tests(tests, builtin_catalog_setup, builtin_catalog_teardown);
}
