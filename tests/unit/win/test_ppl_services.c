/* The protected-service collector against the fake seam: one pass over the
 * service keys, SCM state and process protection, signatures classified by
 * thumbprint (root present, root absent, legacy root, nested, unsigned,
 * broken), Code Integrity events tied to modules (device paths, 8.3 names,
 * since the last boot or before, 3089 details), unreadable logs, and the
 * caches. Wine cannot give process protection or the event log: these tests
 * are where those answers are proven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fake_seam.h"

#define SERVICES L"SYSTEM\\CurrentControlSet\\Services"

static const uint8_t acs_root_sha1[20] = { 0xF4, 0x00, 0x42, 0xE2, 0xE5, 0xF7, 0xE8, 0xEF, 0x81, 0x89,
                                           0xFE, 0xD1, 0x55, 0x19, 0xAE, 0xCE, 0x42, 0xC3, 0xBF, 0xA2 };
static const uint8_t leaf[20] = { 0x11 }, acs_pca[20] = { 0x22 }, legacy_root[20] = { 0x33 }, legacy_ca[20] = { 0x44 };
#define ROOT_NAME "Microsoft Identity Verification Root Certificate Authority 2020"

static acs_root_rule root = {
    ROOT_NAME, { 0 }, { 0 }, "F40042E2E5F7E8EF8189FED15519AECE42C3BFA2", "", 1627776000, NULL, NULL,
};

static int setup(void **state)
{
    memcpy(root.sha1, acs_root_sha1, 20);
    *state = fake_windows_new();
    return 0;
}

static int teardown(void **state)
{
    fake_windows *fake = *state;
    assert_int_equal(fake_open_keys(fake), 0);
    fake_windows_free(fake);
    return 0;
}

static acs_ppl_facts *collect(fake_windows *fake, acs_ppl_cache *cache)
{
    static acs_host_facts facts;
    acs_facts_init(&facts);
    acs_collect_ppl(&fake->seam, &root, cache, &facts.ppl);
    return &facts.ppl;
}

static const acs_ppl_module *module_named(const acs_ppl_facts *ppl, const char *name)
{
    for (size_t i = 0; i < ppl->module_count; i++)
        if (strcmp(ppl->list[i].service_name, name) == 0)
            return &ppl->list[i];
    fail_msg("no module %s", name);
    return NULL;
}

static void sign_acs(fake_file *f, bool root_here)
{
    const uint8_t *with_root[] = { leaf, acs_pca, acs_root_sha1 };
    const uint8_t *without_root[] = { leaf, acs_pca };
    if (root_here)
        fake_file_sign(f, "Contoso AV", with_root, 3, true, ROOT_NAME);
    else
        fake_file_sign(f, "Contoso AV", without_root, 2, false, ROOT_NAME);
}

static void sign_legacy(fake_file *f)
{
    const uint8_t *chain[] = { leaf, legacy_ca, legacy_root };
    fake_file_sign(f, "Legacy Vendor", chain, 3, true, "Legacy Vendor Root");
}

static void test_one_pass_over_services(void **state)
{
    fake_windows *fake = *state;
    wchar_t name[32];
    acs_ppl_facts *ppl;

    for (int i = 0; i < 50; i++) {
        wchar_t path[96];
        swprintf(name, 32, L"plain%02d", i);
        swprintf(path, 96, L"%ls\\%ls", SERVICES, name);
        fake_reg_dword(fake, path, L"Start", 3);
        fake_reg_sz(fake, path, L"ImagePath", L"C:\\plain.exe");
    }
    fake_service_add(fake, L"ContosoAV", 3, L"\"C:\\Program Files\\Contoso\\av.exe\" -svc");
    fake_service_add(fake, L"Off", 0, L"C:\\off.exe");
    fake_service_add(fake, L"Odd", 4, L"C:\\odd.exe");
    sign_acs(fake_file_add(fake, L"C:\\Program Files\\Contoso\\av.exe", 1000), true);

    ppl = collect(fake, NULL);
    assert_true(ppl->modules.known);
    assert_int_equal(ppl->module_count, 2); /* LaunchProtected 3 and 4; 0 asks for nothing */
    assert_string_equal(module_named(ppl, "ContosoAV")->image_path, "C:\\Program Files\\Contoso\\av.exe");
    assert_int_equal(module_named(ppl, "ContosoAV")->start_type, 2);
    assert_int_equal(module_named(ppl, "Odd")->launch_protected, 4); /* reported as read */
    assert_int_equal(fake->status_calls, 1);                         /* one SCM round trip */
}

static void test_signatures_by_thumbprint(void **state)
{
    fake_windows *fake = *state;
    fake_file *f;
    acs_ppl_facts *ppl;
    const uint8_t *legacy_chain[] = { leaf, legacy_ca, legacy_root };

    fake_service_add(fake, L"AcsRootHere", 3, L"C:\\a\\a.exe");
    sign_acs(fake_file_add(fake, L"C:\\a\\a.exe", 10), true);
    fake_service_add(fake, L"AcsRootAbsent", 3, L"C:\\b\\b.exe");
    sign_acs(fake_file_add(fake, L"C:\\b\\b.exe", 10), false);
    fake_service_add(fake, L"Legacy", 3, L"C:\\c\\c.exe");
    sign_legacy(fake_file_add(fake, L"C:\\c\\c.exe", 10));
    fake_service_add(fake, L"Nested", 3, L"C:\\d\\d.exe");
    f = fake_file_add(fake, L"C:\\d\\d.exe", 10);
    sign_legacy(f);
    sign_acs(f, true); /* the nested signature is the ACS one */
    fake_service_add(fake, L"Unsigned", 3, L"C:\\e\\e.exe");
    fake_file_add(fake, L"C:\\e\\e.exe", 10);
    fake_service_add(fake, L"Tampered", 3, L"C:\\f\\f.exe");
    f = fake_file_add(fake, L"C:\\f\\f.exe", 10);
    sign_acs(f, true);
    f->signatures.trust = (LONG)TRUST_E_BAD_DIGEST;
    fake_service_add(fake, L"TrustedButOtherRoot", 3, L"C:\\g\\g.exe");
    f = fake_file_add(fake, L"C:\\g\\g.exe", 10);
    /* WinVerifyTrust says 0, the self-signed top is not ACS: the return code does not decide. */
    fake_file_sign(f, "Impostor", legacy_chain, 3, true, ROOT_NAME);
    fake_service_add(fake, L"Missing", 3, L"C:\\h\\gone.exe");

    ppl = collect(fake, NULL);
    assert_int_equal(module_named(ppl, "AcsRootHere")->signature_status, ACS_SIGNATURE_ACS);
    assert_string_equal(module_named(ppl, "AcsRootHere")->root_thumbprint, "F40042E2E5F7E8EF8189FED15519AECE42C3BFA2");
    assert_string_equal(module_named(ppl, "AcsRootHere")->signer, "Contoso AV");
    assert_int_equal(module_named(ppl, "AcsRootAbsent")->signature_status, ACS_SIGNATURE_ACS);
    assert_int_equal(module_named(ppl, "Legacy")->signature_status, ACS_SIGNATURE_OTHER_ROOT);
    assert_string_equal(module_named(ppl, "Legacy")->signer, "Legacy Vendor");
    assert_int_equal(module_named(ppl, "Nested")->signature_status, ACS_SIGNATURE_ACS);
    assert_int_equal(module_named(ppl, "Unsigned")->signature_status, ACS_SIGNATURE_NOT_SIGNED);
    assert_int_equal(module_named(ppl, "Tampered")->signature_status, ACS_SIGNATURE_INVALID);
    assert_true(module_named(ppl, "Tampered")->signature.why[0] != '\0');
    assert_int_equal(module_named(ppl, "TrustedButOtherRoot")->signature_status, ACS_SIGNATURE_OTHER_ROOT);
    assert_false(module_named(ppl, "Missing")->signature.known);
    assert_non_null(strstr(module_named(ppl, "Missing")->signature.why, "C:\\h\\gone.exe"));
}

static void test_state_and_protection(void **state)
{
    fake_windows *fake = *state;
    fake_service *s;
    acs_ppl_facts *ppl;

    s = fake_service_add(fake, L"Protected", 3, L"C:\\p\\p.exe");
    s->state = SERVICE_RUNNING, s->pid = 100, s->protection_rc = ERROR_SUCCESS, s->level = 3;
    s = fake_service_add(fake, L"Unprotected", 3, L"C:\\u\\u.exe");
    s->state = SERVICE_RUNNING, s->pid = 200, s->protection_rc = ERROR_SUCCESS, s->level = ACS_PROTECTION_LEVEL_NONE;
    s = fake_service_add(fake, L"OldWindows", 3, L"C:\\o\\o.exe");
    s->state = SERVICE_RUNNING, s->pid = 300, s->protection_rc = ERROR_NOT_SUPPORTED;
    s = fake_service_add(fake, L"Unlisted", 3, L"C:\\d\\d.exe");
    s->rc = ERROR_SERVICE_DOES_NOT_EXIST; /* a key the SCM has not read yet */
    fake_service_add(fake, L"Stopped", 3, L"C:\\s\\s.exe");

    ppl = collect(fake, NULL);
    assert_true(module_named(ppl, "Protected")->protection.known);
    assert_int_equal(module_named(ppl, "Protected")->protection_level, 3);
    assert_int_equal(module_named(ppl, "Protected")->process_id, 100);
    assert_int_equal(module_named(ppl, "Unprotected")->protection_level, ACS_PROTECTION_LEVEL_NONE);
    assert_false(module_named(ppl, "OldWindows")->protection.known);
    assert_non_null(strstr(module_named(ppl, "OldWindows")->protection.why, "GetProcessInformation"));
    assert_false(module_named(ppl, "Unlisted")->state.known);
    assert_non_null(strstr(module_named(ppl, "Unlisted")->state.why, "does not list"));
    assert_true(module_named(ppl, "Stopped")->state.known);
    assert_false(module_named(ppl, "Stopped")->running);
}

static void test_scm_unreadable(void **state)
{
    fake_windows *fake = *state;
    acs_ppl_facts *ppl;
    fake_service_add(fake, L"Svc", 3, L"C:\\s\\s.exe");
    fake->states_rc = ERROR_ACCESS_DENIED;
    ppl = collect(fake, NULL);
    assert_false(ppl->list[0].state.known);
    assert_non_null(strstr(ppl->list[0].state.why, "service control manager"));
    assert_false(ppl->list[0].protection.known);
}

static void test_code_integrity_events(void **state)
{
    fake_windows *fake = *state;
    fake_file *f;
    acs_ci_event *e;
    acs_ppl_facts *ppl;
    const acs_ppl_module *m;

    fake->devices[fake->device_count++] = (acs_dos_device){ "C:", "\\Device\\HarddiskVolume1" };
    fake->devices[fake->device_count++] = (acs_dos_device){ "D:", "\\Device\\HarddiskVolume10" };
    fake_service_add(fake, L"fshoster", 3, L"C:\\Program Files\\Vendor Security\\fshoster64.exe");
    f = fake_file_add(fake, L"C:\\Program Files\\Vendor Security\\fshoster64.exe", 10);
    sign_acs(f, false);
    wcscpy(f->short_folder, L"C:\\PROGRA~1\\VENDOR~1");
    fake_service_add(fake, L"Other", 3, L"D:\\Other\\o.exe");
    sign_legacy(fake_file_add(fake, L"D:\\Other\\o.exe", 10));

    /* since boot: the image through its device path; a DLL through the 8.3 folder */
    e = fake_event_add(fake, 3033, fake->boot + 60,
                       "\\Device\\HarddiskVolume1\\Program Files\\Vendor Security\\fshoster64.exe",
                       "\\Device\\HarddiskVolume1\\Windows\\System32\\services.exe");
    snprintf(e->activity, sizeof e->activity, "%s", "{A1}");
    e = fake_event_add(fake, 3089, fake->boot + 60, "", "");
    snprintf(e->activity, sizeof e->activity, "%s", "{A1}");
    snprintf(e->issuer, sizeof e->issuer, "%s", "Microsoft ID Verified CS EOC CA 01");
    e->verification_error = 7;
    fake_event_add(fake, 3104, fake->boot + 30, "\\Device\\HarddiskVolume1\\PROGRA~1\\VENDOR~1\\fsamsi.dll", "");
    /* before the boot: history */
    fake_event_add(fake, 3004, fake->boot - 3600, "C:\\Program Files\\Vendor Security\\old.dll", "");
    /* volume 10 is D:, not C:; the same name on another drive is another file */
    fake_event_add(fake, 3033, fake->boot + 10, "\\Device\\HarddiskVolume10\\Program Files\\Vendor Security\\x.dll",
                   "");
    /* older than the 30-day window: never asked for */
    fake_event_add(fake, 3033, fake->now - 40 * 86400, "C:\\Program Files\\Vendor Security\\fshoster64.exe", "");

    ppl = collect(fake, NULL);
    assert_int_equal(fake->event_max_asked, ACS_CI_MAX_EVENTS);
    assert_true(fake->event_since_asked == fake->now - ACS_CI_WINDOW_DAYS * 86400);
    m = module_named(ppl, "fshoster");
    assert_true(m->code_integrity.known);
    assert_int_equal(m->ci_failures, 3);
    assert_int_equal(m->ci_failures_since_boot, 2);
    assert_true(m->last_failure_unix == fake->boot + 60);
    assert_non_null(strstr(m->last_failure_message, "Event 3033: C:\\Program Files\\Vendor Security\\fshoster64.exe"));
    assert_non_null(strstr(m->last_failure_message, "issuer Microsoft ID Verified CS EOC CA 01"));
    assert_non_null(strstr(m->last_failure_message, "verification error 7"));
    m = module_named(ppl, "Other");
    assert_int_equal(m->ci_failures, 0);
    assert_true(m->code_integrity.known);
}

static void test_unreadable_log_is_unknown(void **state)
{
    static const struct {
        const char *name;
        LONG rc;
    } rows[] = {
        { "channel missing", 15007 /* ERROR_EVT_CHANNEL_NOT_FOUND */ },
        { "access denied", ERROR_ACCESS_DENIED },
        { "Wine's stub", ERROR_CALL_NOT_IMPLEMENTED },
        { "EvtNext timeout", ERROR_TIMEOUT },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        fake_windows *fake = fake_windows_new();
        acs_ppl_facts *ppl;
        fake_service_add(fake, L"Svc", 3, L"C:\\s\\s.exe");
        fake->events_rc = rows[i].rc;
        ppl = collect(fake, NULL);
        if (!ppl->modules.known || ppl->list[0].code_integrity.known ||
            !strstr(ppl->list[0].code_integrity.why, "Microsoft-Windows-CodeIntegrity/Operational"))
            fail_msg("row '%s': log %s (%s)", rows[i].name, ppl->list[0].code_integrity.known ? "known" : "unknown",
                     ppl->list[0].code_integrity.why);
        fake_windows_free(fake);
    }
}

static void test_boot_time_unknown(void **state)
{
    fake_windows *fake = *state;
    acs_ppl_facts *ppl;
    fake_service_add(fake, L"Svc", 3, L"C:\\s\\s.exe");
    fake->boot_rc = ERROR_PROC_NOT_FOUND;
    fake_event_add(fake, 3033, fake->now - 10, "C:\\s\\s.exe", "");
    ppl = collect(fake, NULL);
    /* Without the boot time nothing can be "since the last boot": unknown, never counted. */
    assert_false(ppl->list[0].code_integrity.known);
    assert_int_equal(ppl->list[0].ci_failures_since_boot, 0);
}

static void test_services_key_unreadable(void **state)
{
    fake_windows *fake = *state;
    acs_ppl_facts *ppl;
    fake_reg_fail_open(fake, SERVICES, ERROR_ACCESS_DENIED);
    ppl = collect(fake, NULL);
    assert_false(ppl->modules.known);
    assert_non_null(strstr(ppl->modules.why, "Services"));
    assert_int_equal(ppl->module_count, 0);
}

static void test_no_protected_service(void **state)
{
    fake_windows *fake = *state;
    acs_ppl_facts *ppl;
    fake_service_add(fake, L"Plain", 0, L"C:\\p.exe");
    ppl = collect(fake, NULL);
    assert_true(ppl->modules.known);
    assert_int_equal(ppl->module_count, 0);
    assert_int_equal(fake->event_calls, 0); /* nothing to look for */
}

static void test_hostile_image_path(void **state)
{
    fake_windows *fake = *state;
    acs_ppl_facts *ppl;
    fake_service_add(fake, L"Quote", 3, L"\"C:\\Program Files\\never closed.exe");
    fake_service_add(fake, L"NoPath", 3, NULL);
    ppl = collect(fake, NULL);
    assert_false(module_named(ppl, "Quote")->signature.known);
    assert_non_null(strstr(module_named(ppl, "Quote")->signature.why, "quote"));
    assert_false(module_named(ppl, "NoPath")->signature.known);
    assert_non_null(strstr(module_named(ppl, "NoPath")->signature.why, "missing"));
    assert_int_equal(fake->signature_calls, 0);
}

static void test_caches(void **state)
{
    fake_windows *fake = *state;
    acs_ppl_cache *cache = acs_ppl_cache_new();
    fake_file *f;
    unsigned enums;
    assert_non_null(cache);

    fake_service_add(fake, L"Svc", 3, L"C:\\s\\s.exe");
    f = fake_file_add(fake, L"C:\\s\\s.exe", 10 * 1024 * 1024);
    sign_acs(f, true);
    collect(fake, cache);
    assert_int_equal(fake->signature_calls, 1);
    enums = fake->enum_keys;
    /* warm: neither the service keys nor the signature again; the evidence is read again */
    assert_int_equal(collect(fake, cache)->list[0].signature_status, ACS_SIGNATURE_ACS);
    assert_int_equal(fake->signature_calls, 1);
    assert_int_equal(fake->enum_keys, enums);
    assert_int_equal(fake->event_calls, 2);
    assert_int_equal(fake->status_calls, 1); /* the SCM's answer of a moment ago */
    fake->now += 5;
    collect(fake, cache);
    assert_int_equal(fake->status_calls, 2); /* and no older than 5 s */
    assert_int_equal(fake->event_calls, 3);
    /* a new file (another last-write time) is hashed again */
    f->last_write++;
    sign_legacy(f);
    f->signatures.signatures[0] = f->signatures.signatures[1];
    f->signatures.count = 1;
    assert_int_equal(collect(fake, cache)->list[0].signature_status, ACS_SIGNATURE_OTHER_ROOT);
    assert_int_equal(fake->signature_calls, 2);
    /* a changed Services key is seen at the next check (at most 5 s later), an old list is read again */
    fake->services_last_write++;
    collect(fake, cache);
    assert_int_equal(fake->enum_keys, enums);
    fake->now += 5;
    collect(fake, cache);
    assert_true(fake->enum_keys > enums);
    enums = fake->enum_keys;
    fake->now += 31;
    collect(fake, cache);
    assert_true(fake->enum_keys > enums);
    acs_ppl_cache_free(cache);
}

static void test_whole_host(void **state)
{
    fake_windows *fake = *state;
    static acs_host_facts facts;
    acs_catalog *catalog = NULL;
    char err[256];

    acs_catalog_library_init();
    assert_int_equal(acs_catalog_load_builtin(&catalog, err, sizeof err), 0);
    fake_service_add(fake, L"Svc", 3, L"C:\\s\\s.exe");
    sign_acs(fake_file_add(fake, L"C:\\s\\s.exe", 10), true);
    assert_int_equal(acs_collect_host_with(&fake->seam, &facts, catalog), 0);
    assert_true(facts.ppl.modules.known);
    assert_int_equal(facts.ppl.module_count, 1);
    assert_int_equal(facts.ppl.list[0].signature_status, ACS_SIGNATURE_ACS); /* the catalog's real root */
    acs_catalog_free(catalog);
    acs_catalog_library_cleanup();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_one_pass_over_services, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signatures_by_thumbprint, setup, teardown),
        cmocka_unit_test_setup_teardown(test_state_and_protection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scm_unreadable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_code_integrity_events, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unreadable_log_is_unknown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_boot_time_unknown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_services_key_unreadable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_protected_service, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_image_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_caches, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whole_host, setup, teardown),
    };
    return cmocka_run_group_tests_name("ppl_services", tests, NULL, NULL);
}
