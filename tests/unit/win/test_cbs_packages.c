/* CBS update evidence against the fake seam: package states, PackageIndex
 * look-ups, multi-part packages, RollupFix, the 6.0 layout, failures, and the
 * scan giving the same answer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fake_seam.h"
#include "../../bench/cbs_scan.h"

#define ID(name, arch, version) name L"~31bf3856ad364e35~" arch L"~~" version
#define CBS ACS_CBS_KEY

typedef struct run {
    acs_host_facts facts;
} run;

static run g_run; /* big: off the stack */

static acs_update_facts *collect_kbs(fake_windows *fake, const uint32_t *kbs, size_t count)
{
    acs_facts_init(&g_run.facts);
    acs_collect_os(&fake->seam, &g_run.facts.os);
    acs_collect_updates_kbs(&fake->seam, kbs, count, &g_run.facts.os, &g_run.facts.updates);
    return &g_run.facts.updates;
}

static acs_update_facts *collect_one(fake_windows *fake, uint32_t kb)
{
    return collect_kbs(fake, &kb, 1);
}

/* Each CurrentState of the CBS chart (docs/reference/servicing-evidence.md) as the evaluator sees it. */
static void test_package_states(void **state)
{
    static const struct {
        DWORD current_state;
        acs_package_state expected;
    } cases[] = {
        {0x70, ACS_PKG_INSTALLED},         {0x80, ACS_PKG_INSTALLED},  {0x40, ACS_PKG_STAGED},
        {0x20, ACS_PKG_STAGED},            {0x60, ACS_PKG_INSTALL_PENDING}, {0x65, ACS_PKG_INSTALL_PENDING},
        {0x50, ACS_PKG_SUPERSEDED},        {0x05, ACS_PKG_UNINSTALL_PENDING}, {0xFFFFFF90u, ACS_PKG_BROKEN},
        {0xFFFFFF80u, ACS_PKG_BROKEN},
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fake_windows *fake = fake_windows_new();
        acs_update_facts *updates;

        fake_cbs_package(fake, ID(L"Package_for_KB5006743", L"amd64", L"6.1.1.3"), cases[i].current_state, true);
        updates = collect_one(fake, 5006743);
        if (!updates->packages.known || acs_facts_kb_state(updates, 5006743) != cases[i].expected)
            fail_msg("CurrentState 0x%lx: %s, want %s", (unsigned long)cases[i].current_state,
                     updates->packages.known ? acs_package_state_name(acs_facts_kb_state(updates, 5006743))
                                             : updates->packages.why,
                     acs_package_state_name(cases[i].expected));
        assert_int_equal(fake->enum_keys, 0); /* direct look-up, no scan */
        assert_int_equal(fake_open_keys(fake), 0);
        fake_windows_free(fake);
    }
    (void)state;
}

static void test_absent_kb_costs_two_index_probes(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates;
    unsigned opens_before;

    fake_cbs_package(fake, ID(L"Package_for_KB4474419", L"amd64", L"6.1.3.2"), 0x70, true);
    updates = collect_one(fake, 4474419);
    assert_int_equal(acs_facts_kb_state(updates, 4474419), ACS_PKG_INSTALLED);

    opens_before = fake->open_attempts;
    updates = collect_one(fake, 5006728);
    assert_true(updates->packages.known);
    assert_int_equal(updates->kb_count, 0);
    assert_int_equal(acs_facts_kb_state(updates, 5006728), ACS_PKG_ABSENT);
    assert_int_equal(fake->enum_keys, 0);
    /* CurrentVersion (OS identity), CBS, Packages, PackageIndex, then only
     * Package_for_KB and Package_1_for_KB (both missing), then the RollupFix
     * index key (missing). */
    assert_int_equal(fake->open_attempts - opens_before, 7);
}

static void test_multi_part_without_parent(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates;

    fake_cbs_package(fake, ID(L"Package_1_for_KB5006728", L"amd64", L"6.1.1.1"), 0x40, true);
    fake_cbs_package(fake, ID(L"Package_2_for_KB5006728", L"amd64", L"6.1.1.1"), 0x70, true);
    fake_cbs_package(fake, ID(L"Package_3_for_KB5006728", L"amd64", L"6.1.1.1"), 0x70, true);
    updates = collect_one(fake, 5006728);
    assert_true(updates->packages.known);
    assert_int_equal(updates->kb_count, 1);
    assert_int_equal(acs_facts_kb_state(updates, 5006728), ACS_PKG_INSTALLED);
}

static void test_multi_part_only_staged(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates;

    fake_cbs_package(fake, ID(L"Package_1_for_KB5006728", L"amd64", L"6.1.1.1"), 0x40, true);
    fake_cbs_package(fake, ID(L"Package_2_for_KB5006728", L"amd64", L"6.1.1.1"), 0x20, true);
    updates = collect_one(fake, 5006728);
    assert_int_equal(acs_facts_kb_state(updates, 5006728), ACS_PKG_STAGED);
}

static void test_parent_answers_for_parts(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates;

    fake_cbs_package(fake, ID(L"Package_for_KB5006728", L"amd64", L"6.1.1.1"), 0x60, true);
    fake_cbs_package(fake, ID(L"Package_1_for_KB5006728", L"amd64", L"6.1.1.1"), 0x60, true);
    updates = collect_one(fake, 5006728);
    assert_int_equal(acs_facts_kb_state(updates, 5006728), ACS_PKG_INSTALL_PENDING);
}

static void test_index_lists_two_versions(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates;

    fake_cbs_package(fake, ID(L"Package_for_KB4490628", L"amd64", L"6.1.1.1"), 0x50, true);
    fake_cbs_package(fake, ID(L"Package_for_KB4490628", L"amd64", L"6.1.1.2"), 0x70, true);
    updates = collect_one(fake, 4490628);
    assert_int_equal(acs_facts_kb_state(updates, 4490628), ACS_PKG_INSTALLED);
}

static void test_indexed_identity_without_package_key(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates;

    fake_reg_raw(fake, CBS L"\\PackageIndex\\" ID(L"Package_for_KB5006743", L"amd64", L"0.0.0.0"),
                 ID(L"Package_for_KB5006743", L"amd64", L"6.1.1.3"), REG_SZ, L"", 2);
    fake_reg_key(fake, CBS L"\\Packages");
    updates = collect_one(fake, 5006743);
    assert_true(updates->packages.known);
    assert_int_equal(updates->kb_count, 0);
}

static void test_other_architecture_ignored(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates;

    fake->arch = PROCESSOR_ARCHITECTURE_INTEL;
    fake_cbs_package(fake, ID(L"Package_for_KB5006743", L"amd64", L"6.1.1.3"), 0x70, true);
    fake_cbs_package(fake, ID(L"Package_for_KB5006728", L"x86", L"6.1.1.3"), 0x70, true);
    updates = collect_kbs(fake, (const uint32_t[]){5006743, 5006728}, 2);
    assert_int_equal(acs_facts_kb_state(updates, 5006743), ACS_PKG_ABSENT);
    assert_int_equal(acs_facts_kb_state(updates, 5006728), ACS_PKG_INSTALLED);
}

static void test_rollupfix_newest_installed(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates;

    fake_cbs_package(fake, ID(L"Package_for_RollupFix", L"amd64", L"7601.25740.1.5"), 0x50, true);
    fake_cbs_package(fake, ID(L"Package_for_RollupFix", L"amd64", L"7601.25767.1.4"), 0x70, true);
    fake_cbs_package(fake, ID(L"Package_for_RollupFix", L"amd64", L"7601.25792.1.3"), 0x60, true);
    fake_cbs_package(fake, ID(L"Package_for_RollupFix", L"amd64", L"7601.25704.1.2"), 0x80, true);
    updates = collect_kbs(fake, NULL, 0);
    assert_true(updates->rollup.known);
    assert_int_equal(updates->rollup_revision, 25767);
}

/* A RollupFix index with a thousand versions (more than any fixed table the
 * collector ever had: it kept 256 and silently ignored the rest), the one
 * installed among them listed past the 600th, whichever way the values are
 * enumerated: it is still found. */
static void test_rollupfix_thousand_versions(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates;
    wchar_t identity[128];

    for (unsigned i = 0; i < 1000; i++) {
        swprintf(identity, 128, ID(L"Package_for_RollupFix", L"amd64", L"7601.%u.1.1"), 20000u + i);
        fake_cbs_package(fake, identity, i == 600 ? 0x70 : 0x50, true);
    }
    updates = collect_kbs(fake, NULL, 0);
    assert_true(updates->rollup.known);
    assert_int_equal(updates->rollup_revision, 20600);
}

/* More present KBs than acs_update_facts holds: the package list is not
 * answered from its first ACS_MAX_KB_FACTS entries but called incomplete. */
static void test_kb_table_full(void **state)
{
    fake_windows *fake = *state;
    static uint32_t kbs[ACS_MAX_KB_FACTS + 1];
    acs_update_facts *updates;
    wchar_t identity[128];

    for (unsigned i = 0; i <= ACS_MAX_KB_FACTS; i++) {
        kbs[i] = 5000000u + i;
        swprintf(identity, 128, ID(L"Package_for_KB%u", L"amd64", L"6.1.1.1"), kbs[i]);
        fake_cbs_package(fake, identity, 0x70, true);
    }
    updates = collect_kbs(fake, kbs, ACS_MAX_KB_FACTS);
    assert_true(updates->packages.known);
    updates = collect_kbs(fake, kbs, ACS_MAX_KB_FACTS + 1);
    assert_false(updates->packages.known);
    assert_non_null(strstr(updates->packages.why, "more than 128 KBs"));
    assert_true(updates->rollup.known); /* the RollupFix look-up is whole */
}

/* A KB whose parts go on past the probe limit: not answered from the first 512. */
static void test_parts_past_probe_limit(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates;
    wchar_t identity[128];

    for (unsigned part = 1; part <= 513; part++) {
        swprintf(identity, 128, ID(L"Package_%u_for_KB5006728", L"amd64", L"6.1.1.1"), part);
        fake_cbs_package(fake, identity, part == 513 ? 0x70 : 0x40, true);
    }
    updates = collect_one(fake, 5006728);
    assert_false(updates->packages.known);
    assert_non_null(strstr(updates->packages.why, "more than 512 parts"));
}

static void test_rollupfix_none(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates;

    fake_reg_key(fake, CBS L"\\PackageIndex");
    fake_reg_key(fake, CBS L"\\Packages");
    updates = collect_kbs(fake, NULL, 0);
    assert_true(updates->rollup.known);
    assert_int_equal(updates->rollup_revision, 0);
    assert_true(updates->packages.known);
}

static void test_rollupfix_malformed_version(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates;

    fake_cbs_package(fake, ID(L"Package_for_RollupFix", L"amd64", L"garbage"), 0x70, true);
    updates = collect_kbs(fake, NULL, 0);
    assert_true(updates->rollup.known);
    assert_int_equal(updates->rollup_revision, 0);
}

/* Server 2008 SP2: no PackageIndex; .mum files name the packages, CurrentState
 * may be the low nibble (docs/reference/servicing-evidence.md). */
static void vista_machine(fake_windows *fake)
{
    fake_set_version(fake, 6, 0, 6003, 2, VER_NT_SERVER);
    fake_reg_key(fake, CBS L"\\Packages");
}

static void test_vista_layout(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates;

    vista_machine(fake);
    fake_mum_file(fake, ID(L"Package_for_KB5006715", L"amd64", L"6.0.1.2") L".mum");
    fake_cbs_package(fake, ID(L"Package_for_KB5006715", L"amd64", L"6.0.1.2"), 7, false);
    fake_mum_file(fake, ID(L"Package_3_for_KB4493730", L"amd64", L"6.0.1.0") L".mum");
    fake_cbs_package(fake, ID(L"Package_3_for_KB4493730", L"amd64", L"6.0.1.0"), 0x70, false);
    /* a .mum that outlived its package */
    fake_mum_file(fake, ID(L"Package_for_KB5006736", L"amd64", L"6.0.1.9") L".mum");
    fake_mum_file(fake, ID(L"Package_for_RollupFix", L"amd64", L"6003.21251.1.4") L".mum");
    fake_cbs_package(fake, ID(L"Package_for_RollupFix", L"amd64", L"6003.21251.1.4"), 8, false);
    fake_mum_file(fake, ID(L"Package_for_RollupFix", L"amd64", L"6003.21280.1.2") L".mum");
    fake_cbs_package(fake, ID(L"Package_for_RollupFix", L"amd64", L"6003.21280.1.2"), 6, false);
    fake_mum_file(fake, ID(L"Package_for_RollupFix", L"x86", L"6003.21300.1.1") L".mum");
    fake_cbs_package(fake, ID(L"Package_for_RollupFix", L"x86", L"6003.21300.1.1"), 7, false);

    updates = collect_kbs(fake, (const uint32_t[]){5006715, 4493730, 5006736}, 3);
    assert_true(updates->packages.known);
    assert_int_equal(acs_facts_kb_state(updates, 5006715), ACS_PKG_INSTALLED);
    assert_int_equal(acs_facts_kb_state(updates, 4493730), ACS_PKG_INSTALLED);
    assert_int_equal(acs_facts_kb_state(updates, 5006736), ACS_PKG_ABSENT);
    assert_true(updates->rollup.known);
    assert_int_equal(updates->rollup_revision, 21251); /* 21280 is pending, 21300 another arch */
    assert_true(fake->list_calls > 0);
}

/* 6.0 whose servicing folder cannot be listed: the Packages keys answer. */
static void test_vista_servicing_folder_unreadable(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates;

    vista_machine(fake);
    fake->list_files_rc = ERROR_PATH_NOT_FOUND;
    fake_cbs_package(fake, ID(L"Package_for_KB5006715", L"amd64", L"6.0.1.2"), 0x70, false);
    fake_cbs_package(fake, ID(L"Package_3_for_KB4493730", L"amd64", L"6.0.1.0"), 0x60, false);
    fake_cbs_package(fake, ID(L"Package_for_KB50067150", L"amd64", L"6.0.1.2"), 0x70, false); /* another KB */
    fake_cbs_package(fake, ID(L"Package_for_RollupFix", L"amd64", L"6003.21251.1.4"), 0x70, false);
    fake_cbs_package(fake, ID(L"Package_for_RollupFix", L"x86", L"6003.21300.1.1"), 0x70, false);
    updates = collect_kbs(fake, (const uint32_t[]){5006715, 4493730, 5006736}, 3);
    assert_true(updates->packages.known);
    assert_int_equal(acs_facts_kb_state(updates, 5006715), ACS_PKG_INSTALLED);
    assert_int_equal(acs_facts_kb_state(updates, 4493730), ACS_PKG_INSTALL_PENDING);
    assert_int_equal(acs_facts_kb_state(updates, 5006736), ACS_PKG_ABSENT);
    assert_int_equal(updates->kb_count, 2);
    assert_true(updates->rollup.known);
    assert_int_equal(updates->rollup_revision, 21251);
    assert_true(fake->enum_keys > 0);
}

/* Neither the folder nor the Packages keys can be listed: unknown, naming both. */
static void test_vista_folder_and_keys_unreadable(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates;

    vista_machine(fake);
    fake->list_files_rc = ERROR_PATH_NOT_FOUND;
    fake->enum_key_rc = ERROR_ACCESS_DENIED;
    updates = collect_one(fake, 5006715);
    assert_false(updates->packages.known);
    assert_false(updates->rollup.known);
    assert_non_null(strstr(updates->packages.why, "servicing"));
    assert_non_null(strstr(updates->packages.why, "(5)"));
}

static void test_cbs_key_denied(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates;

    fake_cbs_package(fake, ID(L"Package_for_KB5006743", L"amd64", L"6.1.1.3"), 0x70, true);
    fake_reg_fail_open(fake, CBS, ERROR_ACCESS_DENIED);
    updates = collect_one(fake, 5006743);
    assert_false(updates->packages.known);
    assert_false(updates->rollup.known);
    assert_non_null(strstr(updates->packages.why, "Component Based Servicing"));
    assert_non_null(strstr(updates->packages.why, "(5)"));
    assert_int_equal(updates->kb_count, 0);
}

static void test_cbs_key_missing(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates = collect_one(fake, 5006743);

    assert_false(updates->packages.known);
    assert_non_null(strstr(updates->packages.why, "(2)"));
}

static void test_package_key_denied(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates;

    fake_cbs_package(fake, ID(L"Package_for_KB5006743", L"amd64", L"6.1.1.3"), 0x70, true);
    fake_reg_fail_open(fake, CBS L"\\Packages\\" ID(L"Package_for_KB5006743", L"amd64", L"6.1.1.3"),
                       ERROR_ACCESS_DENIED);
    updates = collect_one(fake, 5006743);
    assert_false(updates->packages.known);
    assert_non_null(strstr(updates->packages.why, "Package_for_KB5006743"));
}

static void test_current_state_wrong_type(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates;

    fake_cbs_package(fake, ID(L"Package_for_KB5006743", L"amd64", L"6.1.1.3"), 0x70, true);
    fake_reg_sz(fake, CBS L"\\Packages\\" ID(L"Package_for_KB5006743", L"amd64", L"6.1.1.3"), L"CurrentState",
                L"112");
    updates = collect_one(fake, 5006743);
    assert_false(updates->packages.known);
    assert_non_null(strstr(updates->packages.why, "CurrentState"));
}

static void test_architecture_unknown(void **state)
{
    fake_windows *fake = *state;
    acs_update_facts *updates;

    fake->arch_rc = ERROR_PROC_NOT_FOUND;
    fake_cbs_package(fake, ID(L"Package_for_KB5006743", L"amd64", L"6.1.1.3"), 0x70, true);
    updates = collect_one(fake, 5006743);
    assert_false(updates->packages.known);
    assert_non_null(strstr(updates->packages.why, "architecture"));
}

/* The benchmark's scan (tests/bench/cbs_scan.c) must give the same answer while touching every Packages key. */
static void test_scan_agrees_with_direct(void **state)
{
    fake_windows *fake = *state;
    const uint32_t kbs[] = {5006743, 5006728, 4474419, 4490628, 5017397};
    acs_update_facts direct;
    acs_update_facts *scanned;
    unsigned enum_before;
    size_t i;

    for (i = 0; i < 200; i++) {
        wchar_t identity[256];
        swprintf(identity, 256, L"Package_for_KB%u~31bf3856ad364e35~amd64~~6.1.1.%u", 3000000u + (unsigned)i,
                 (unsigned)i);
        fake_cbs_package(fake, identity, 0x70, true);
    }
    fake_cbs_package(fake, ID(L"Package_for_KB5006743", L"amd64", L"6.1.1.3"), 0x70, true);
    fake_cbs_package(fake, ID(L"Package_2_for_KB5006728", L"amd64", L"6.1.1.1"), 0x40, true);
    fake_cbs_package(fake, ID(L"Package_1_for_KB5006728", L"amd64", L"6.1.1.1"), 0x60, true);
    fake_cbs_package(fake, ID(L"Package_for_KB4474419", L"amd64", L"6.1.3.2"), 0xFFFFFF90u, true);
    fake_cbs_package(fake, ID(L"Package_for_KB5017397", L"x86", L"6.1.3.2"), 0x70, true);
    fake_cbs_package(fake, ID(L"Package_for_RollupFix", L"amd64", L"7601.25740.1.5"), 0x50, true);
    fake_cbs_package(fake, ID(L"Package_for_RollupFix", L"amd64", L"7601.25767.1.4"), 0x70, true);

    direct = *collect_kbs(fake, kbs, 5);
    assert_int_equal(fake->enum_keys, 0);
    enum_before = fake->enum_keys;
    bench_collect_updates_scan_kbs(&fake->seam, kbs, 5, &g_run.facts.os, &g_run.facts.updates);
    scanned = &g_run.facts.updates;
    assert_true(fake->enum_keys - enum_before > 200);

    assert_true(direct.packages.known);
    assert_true(scanned->packages.known);
    assert_int_equal(direct.rollup_revision, 25767);
    assert_int_equal(scanned->rollup_revision, direct.rollup_revision);
    assert_int_equal(scanned->kb_count, direct.kb_count);
    for (i = 0; i < 5; i++)
        assert_int_equal(acs_facts_kb_state(scanned, kbs[i]), acs_facts_kb_state(&direct, kbs[i]));
    assert_int_equal(acs_facts_kb_state(&direct, 5006728), ACS_PKG_INSTALL_PENDING);
    assert_int_equal(acs_facts_kb_state(&direct, 4474419), ACS_PKG_BROKEN);
    assert_int_equal(acs_facts_kb_state(&direct, 5017397), ACS_PKG_ABSENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_package_states),
        cmocka_unit_test_setup_teardown(test_absent_kb_costs_two_index_probes, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_multi_part_without_parent, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_multi_part_only_staged, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_parent_answers_for_parts, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_index_lists_two_versions, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_indexed_identity_without_package_key, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_other_architecture_ignored, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_rollupfix_newest_installed, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_rollupfix_none, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_rollupfix_thousand_versions, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_kb_table_full, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_parts_past_probe_limit, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_rollupfix_malformed_version, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_vista_layout, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_vista_servicing_folder_unreadable, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_vista_folder_and_keys_unreadable, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_cbs_key_denied, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_cbs_key_missing, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_package_key_denied, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_current_state_wrong_type, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_architecture_unknown, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_scan_agrees_with_direct, fake_setup, fake_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
