/* Root store evidence against the fake seam: the ACS root in each physical
 * store, absent, SHA-256 mismatch, unreadable stores, the policy and the last
 * sync of the root list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "fake_seam.h"

#define POLICY L"SOFTWARE\\Policies\\Microsoft\\SystemCertificates\\AuthRoot"
#define AUTOUPDATE L"SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\AutoUpdate"

/* Thumbprints of Microsoft Identity Verification Root Certificate Authority 2020 (the catalog's <root>, from the Microsoft PKI repository). */
static acs_root_rule acs_root = {
    "Microsoft Identity Verification Root Certificate Authority 2020",
    {0xF4, 0x00, 0x42, 0xE2, 0xE5, 0xF7, 0xE8, 0xEF, 0x81, 0x89, 0xFE, 0xD1, 0x55, 0x19, 0xAE, 0xCE, 0x42, 0xC3,
     0xBF, 0xA2},
    {0x53, 0x67, 0xF2, 0x0C, 0x7A, 0xDE, 0x0E, 0x2B, 0xCA, 0x79, 0x09, 0x15, 0x05, 0x6D, 0x08, 0x6B,
     0x72, 0x0C, 0x33, 0xC1, 0xFA, 0x2A, 0x26, 0x61, 0xAC, 0xF7, 0x87, 0xE3, 0x29, 0x2E, 0x12, 0x70},
    "F40042E2E5F7E8EF8189FED15519AECE42C3BFA2",
    "5367F20C7ADE0E2BCA790915056D086B720C33C1FA2A2661ACF787E3292E1270",
    1627776000,
    NULL,
    NULL,
};

static void put_root(fake_windows *fake, acs_store_index place)
{
    fake->certs[place].rc = ERROR_SUCCESS;
    fake->certs[place].sha256_known = true;
    memcpy(fake->certs[place].sha256, acs_root.sha256, 32);
}

static acs_root_facts collect(fake_windows *fake)
{
    acs_host_facts facts;
    acs_facts_init(&facts);
    acs_collect_root(&fake->seam, &acs_root, &facts.root);
    return facts.root;
}

static void test_absent_everywhere(void **state)
{
    fake_windows *fake = *state;
    acs_root_facts root = collect(fake);

    assert_true(root.presence.known);
    assert_int_equal(root.stores, 0);
    assert_memory_equal(fake->last_sha1, acs_root.sha1, 20);
    assert_int_equal(fake->cert_calls, ACS_STORE_COUNT);
}

static void test_each_physical_store(void **state)
{
    size_t i;

    for (i = 0; i < ACS_STORE_COUNT; i++) {
        const acs_physical_store *store = &acs_physical_stores[i];
        fake_windows *fake = fake_windows_new();
        acs_root_facts root;

        put_root(fake, (acs_store_index)i);
        root = collect(fake);
        if (!root.presence.known || root.stores != store->bit)
            fail_msg("store %s: presence %s, stores 0x%x, want 0x%x", store->name,
                     root.presence.known ? "known" : root.presence.why, root.stores, store->bit);
        fake_windows_free(fake);
    }
    (void)state;
}

static void test_two_stores(void **state)
{
    fake_windows *fake = *state;
    acs_root_facts root;

    put_root(fake, ACS_STORE_AT_ROOT);
    put_root(fake, ACS_STORE_AT_GROUPPOLICY);
    root = collect(fake);
    assert_int_equal(root.stores, ACS_STORE_ROOT | ACS_STORE_GROUPPOLICY);
}

static void test_sha256_mismatch_is_not_the_root(void **state)
{
    fake_windows *fake = *state;
    acs_root_facts root;

    put_root(fake, ACS_STORE_AT_AUTHROOT);
    fake->certs[ACS_STORE_AT_AUTHROOT].sha256[0] ^= 0xFF;
    root = collect(fake);
    assert_true(root.presence.known);
    assert_int_equal(root.stores, 0);
}

static void test_sha256_unavailable_accepts_sha1(void **state)
{
    fake_windows *fake = *state;
    acs_root_facts root;

    put_root(fake, ACS_STORE_AT_ROOT);
    fake->certs[ACS_STORE_AT_ROOT].sha256_known = false;
    root = collect(fake);
    assert_true(root.presence.known);
    assert_int_equal(root.stores, ACS_STORE_ROOT);
    assert_non_null(strstr(root.presence.why, "SHA-1 only"));
}

static void test_missing_store_is_not_an_error(void **state)
{
    fake_windows *fake = *state;
    acs_root_facts root;

    fake->certs[ACS_STORE_AT_GROUPPOLICY].rc = ERROR_FILE_NOT_FOUND;
    fake->certs[ACS_STORE_AT_ENTERPRISE].rc = ERROR_FILE_NOT_FOUND;
    put_root(fake, ACS_STORE_AT_AUTHROOT);
    root = collect(fake);
    assert_true(root.presence.known);
    assert_int_equal(root.stores, ACS_STORE_AUTHROOT);
}

static void test_root_store_unreadable(void **state)
{
    fake_windows *fake = *state;
    acs_root_facts root;

    fake->certs[ACS_STORE_AT_ROOT].rc = ERROR_ACCESS_DENIED;
    root = collect(fake);
    assert_false(root.presence.known);
    assert_non_null(strstr(root.presence.why, "Root store"));
    assert_non_null(strstr(root.presence.why, "(5)"));
}

static void test_physical_store_unreadable_root_absent(void **state)
{
    fake_windows *fake = *state;
    acs_root_facts root;

    fake->certs[ACS_STORE_AT_ENTERPRISE].rc = ERROR_ACCESS_DENIED;
    root = collect(fake);
    assert_false(root.presence.known);
    assert_non_null(strstr(root.presence.why, "Enterprise"));
}

static void test_physical_store_unreadable_root_trusted(void **state)
{
    fake_windows *fake = *state;
    acs_root_facts root;

    put_root(fake, ACS_STORE_AT_AUTHROOT);
    fake->certs[ACS_STORE_AT_ENTERPRISE].rc = ERROR_ACCESS_DENIED;
    root = collect(fake);
    assert_true(root.presence.known);
    assert_int_equal(root.stores, ACS_STORE_AUTHROOT);
}

static void test_no_rule(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;

    acs_facts_init(&facts);
    acs_collect_root(&fake->seam, NULL, &facts.root);
    assert_false(facts.root.presence.known);
    assert_true(facts.root.policy.known);
}

static void test_policy(void **state)
{
    static const struct {
        int line;
        bool set;
        DWORD value;
        bool disabled;
    } cases[] = {{__LINE__, false, 0, false}, {__LINE__, true, 1, true}, {__LINE__, true, 0, false},
                 {__LINE__, true, 2, true}};
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fake_windows *fake = fake_windows_new();
        acs_root_facts root;

        if (cases[i].set)
            fake_reg_dword(fake, POLICY, L"DisableRootAutoUpdate", cases[i].value);
        root = collect(fake);
        if (!root.policy.known || root.auto_update_disabled != cases[i].disabled)
            fail_msg("line %d: policy %s, disabled %d", cases[i].line, root.policy.known ? "known" : root.policy.why,
                     root.auto_update_disabled);
        assert_int_equal(fake_open_keys(fake), 0);
        fake_windows_free(fake);
    }
    (void)state;
}

static void test_policy_key_without_value(void **state)
{
    fake_windows *fake = *state;
    acs_root_facts root;

    fake_reg_dword(fake, POLICY, L"EnableDisallowedCertAutoUpdate", 1);
    root = collect(fake);
    assert_true(root.policy.known);
    assert_false(root.auto_update_disabled);
}

static void test_policy_wrong_type(void **state)
{
    fake_windows *fake = *state;
    acs_root_facts root;

    fake_reg_sz(fake, POLICY, L"DisableRootAutoUpdate", L"1");
    root = collect(fake);
    assert_false(root.policy.known);
    assert_non_null(strstr(root.policy.why, "REG_DWORD"));
}

static void test_policy_key_denied(void **state)
{
    fake_windows *fake = *state;
    acs_root_facts root;

    fake_reg_fail_open(fake, POLICY, ERROR_ACCESS_DENIED);
    root = collect(fake);
    assert_false(root.policy.known);
}

static void set_last_sync(fake_windows *fake, int64_t unix_seconds)
{
    uint64_t filetime = (uint64_t)(unix_seconds * 10000000 + 116444736000000000LL);
    fake_reg_raw(fake, AUTOUPDATE, L"LastSyncTime", REG_BINARY, &filetime, 8);
}

static void test_last_sync_good(void **state)
{
    fake_windows *fake = *state;
    acs_root_facts root;

    set_last_sync(fake, 1672531200); /* 2023-01-01 */
    root = collect(fake);
    assert_true(root.last_sync.known);
    assert_false(root.never_synced);
    assert_int_equal(root.last_sync_unix, 1672531200);
}

static void test_last_sync_value_absent(void **state)
{
    fake_windows *fake = *state;
    acs_root_facts root;

    fake_reg_key(fake, AUTOUPDATE);
    root = collect(fake);
    assert_true(root.last_sync.known);
    assert_true(root.never_synced);
}

static void test_last_sync_key_absent(void **state)
{
    fake_windows *fake = *state;
    acs_root_facts root = collect(fake);

    assert_true(root.last_sync.known);
    assert_true(root.never_synced);
}

static void test_last_sync_wrong_size(void **state)
{
    fake_windows *fake = *state;
    acs_root_facts root;
    const DWORD four = 12345;

    fake_reg_raw(fake, AUTOUPDATE, L"LastSyncTime", REG_BINARY, &four, 4);
    root = collect(fake);
    assert_false(root.last_sync.known);
    assert_non_null(strstr(root.last_sync.why, "4 bytes"));
}

static void test_last_sync_too_long(void **state)
{
    fake_windows *fake = *state;
    acs_root_facts root;
    const uint8_t big[32] = {1};

    fake_reg_raw(fake, AUTOUPDATE, L"LastSyncTime", REG_BINARY, big, sizeof(big));
    root = collect(fake);
    assert_false(root.last_sync.known);
}

static void test_last_sync_wrong_type(void **state)
{
    fake_windows *fake = *state;
    acs_root_facts root;
    const uint64_t filetime = 133170048000000000ULL;

    fake_reg_raw(fake, AUTOUPDATE, L"LastSyncTime", REG_QWORD, &filetime, 8);
    root = collect(fake);
    assert_false(root.last_sync.known);
    assert_non_null(strstr(root.last_sync.why, "type 11"));
}

static void test_last_sync_in_future(void **state)
{
    fake_windows *fake = *state;
    acs_root_facts root;

    set_last_sync(fake, fake->now + 30 * 86400);
    root = collect(fake);
    assert_false(root.last_sync.known);
    assert_non_null(strstr(root.last_sync.why, "future"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_absent_everywhere, fake_setup, fake_teardown),
        cmocka_unit_test(test_each_physical_store),
        cmocka_unit_test_setup_teardown(test_two_stores, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_sha256_mismatch_is_not_the_root, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_sha256_unavailable_accepts_sha1, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_missing_store_is_not_an_error, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_root_store_unreadable, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_physical_store_unreadable_root_absent, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_physical_store_unreadable_root_trusted, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_no_rule, fake_setup, fake_teardown),
        cmocka_unit_test(test_policy),
        cmocka_unit_test_setup_teardown(test_policy_key_without_value, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_policy_wrong_type, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_policy_key_denied, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_last_sync_good, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_last_sync_value_absent, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_last_sync_key_absent, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_last_sync_wrong_size, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_last_sync_too_long, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_last_sync_wrong_type, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_last_sync_in_future, fake_setup, fake_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
