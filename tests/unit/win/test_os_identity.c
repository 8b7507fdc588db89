/* OS identity collector against the fake seam. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "fake_seam.h"

#define CV L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"

static void collect(fake_windows *fake, acs_host_facts *facts)
{
    acs_facts_init(facts);
    acs_collect_os(&fake->seam, &facts->os);
}

static void server_2019(fake_windows *fake)
{
    fake_set_version(fake, 10, 0, 17763, 0, VER_NT_SERVER);
    /* A real Windows 10 keeps "6.3" here (servicing-evidence.md, "OS identity"): it must not leak into the version. */
    fake_reg_sz(fake, CV, L"CurrentVersion", L"6.3");
    fake_reg_sz(fake, CV, L"ProductName", L"Windows Server 2019 Standard");
    fake_reg_sz(fake, CV, L"EditionID", L"ServerStandard");
    fake_reg_sz(fake, CV, L"InstallationType", L"Server");
}

static void test_windows10_with_ubr(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;

    server_2019(fake);
    fake_reg_dword(fake, CV, L"UBR", 2114);
    collect(fake, &facts);
    assert_true(facts.os.version.known);
    assert_int_equal(facts.os.major, 10);
    assert_int_equal(facts.os.minor, 0);
    assert_int_equal(facts.os.build, 17763);
    assert_true(facts.os.ubr.known);
    assert_int_equal(facts.os.ubr_value, 2114);
    assert_true(facts.os.product.known);
    assert_int_equal(facts.os.product_type, ACS_PRODUCT_SERVER);
    assert_string_equal(facts.os.caption, "Windows Server 2019 Standard");
    assert_string_equal(facts.os.edition, "ServerStandard");
    assert_string_equal(facts.os.installation_type, "Server");
    assert_string_equal(facts.os.architecture, "amd64");
}

static void test_ubr_missing(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;

    server_2019(fake);
    collect(fake, &facts);
    assert_true(facts.os.version.known);
    assert_false(facts.os.ubr.known);
    assert_string_equal(facts.os.ubr.why, "UBR value is missing");
}

static void test_ubr_wrong_type(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;

    server_2019(fake);
    fake_reg_sz(fake, CV, L"UBR", L"2114");
    collect(fake, &facts);
    assert_false(facts.os.ubr.known);
    assert_non_null(strstr(facts.os.ubr.why, "REG_DWORD"));
    assert_non_null(strstr(facts.os.ubr.why, "type 1"));
}

static void test_ubr_wrong_size(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;
    const uint64_t wide = 2114;

    server_2019(fake);
    fake_reg_raw(fake, CV, L"UBR", REG_DWORD, &wide, sizeof(wide));
    collect(fake, &facts);
    assert_false(facts.os.ubr.known);
}

static void test_windows7_caption_and_service_pack(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;

    fake_reg_sz(fake, CV, L"ProductName", L"Windows 7 Enterprise");
    fake_reg_sz(fake, CV, L"CSDVersion", L"Service Pack 1");
    collect(fake, &facts);
    assert_int_equal(facts.os.major, 6);
    assert_int_equal(facts.os.minor, 1);
    assert_int_equal(facts.os.build, 7601);
    assert_int_equal(facts.os.service_pack, 1);
    assert_int_equal(facts.os.product_type, ACS_PRODUCT_WORKSTATION);
    assert_string_equal(facts.os.caption, "Windows 7 Enterprise Service Pack 1");
    assert_false(facts.os.ubr.known);
    assert_non_null(strstr(facts.os.ubr.why, "before 10"));
}

static void test_windows11_caption(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;

    fake_set_version(fake, 10, 0, 22631, 0, VER_NT_WORKSTATION);
    fake_reg_sz(fake, CV, L"ProductName", L"Windows 10 Pro");
    collect(fake, &facts);
    assert_string_equal(facts.os.caption, "Windows 11 Pro");
    fake_set_version(fake, 10, 0, 19045, 0, VER_NT_WORKSTATION);
    collect(fake, &facts);
    assert_string_equal(facts.os.caption, "Windows 10 Pro");
}

static void test_windows10_ignores_csdversion(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;

    server_2019(fake);
    fake_reg_sz(fake, CV, L"CSDVersion", L"Service Pack 9");
    collect(fake, &facts);
    assert_string_equal(facts.os.caption, "Windows Server 2019 Standard");
}

static void test_rtlgetversion_missing(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;

    fake->version_rc = ERROR_PROC_NOT_FOUND;
    collect(fake, &facts);
    assert_false(facts.os.version.known);
    assert_false(facts.os.product.known);
    assert_non_null(strstr(facts.os.version.why, "RtlGetVersion"));
    assert_non_null(strstr(facts.os.product.why, "RtlGetVersion"));
}

static void test_domain_controller_and_x86(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;

    fake_set_version(fake, 6, 3, 9600, 0, VER_NT_DOMAIN_CONTROLLER);
    fake->arch = PROCESSOR_ARCHITECTURE_INTEL;
    collect(fake, &facts);
    assert_int_equal(facts.os.product_type, ACS_PRODUCT_DC);
    assert_string_equal(facts.os.architecture, "x86");
}

static void test_unknown_product_type(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;

    fake_set_version(fake, 6, 1, 7601, 1, 7);
    collect(fake, &facts);
    assert_true(facts.os.version.known);
    assert_false(facts.os.product.known);
    assert_non_null(strstr(facts.os.product.why, "7"));
}

static void test_native_arch_unavailable(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;

    fake->arch_rc = ERROR_PROC_NOT_FOUND;
    collect(fake, &facts);
    assert_string_equal(facts.os.architecture, "");
}

static void test_current_version_key_denied(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;

    fake_reg_dword(fake, CV, L"UBR", 5);
    fake_reg_fail_open(fake, CV, ERROR_ACCESS_DENIED);
    collect(fake, &facts);
    assert_true(facts.os.version.known); /* RtlGetVersion does not need the key */
    assert_false(facts.os.ubr.known);
    assert_non_null(strstr(facts.os.ubr.why, "(5)"));
}

/* CurrentBuildNumber as written (REG_SZ) or mangled: only a plain decimal
 * string is a reading to cross-check RtlGetVersion with (core/plausible.h). */
static void test_registry_build(void **state)
{
    static const struct {
        const char *name;
        DWORD type;
        const wchar_t *text; /* NULL: value absent */
        bool known;
        uint32_t value;
    } rows[] = {
        { "17763", REG_SZ, L"17763", true, 17763 },
        { "a different build", REG_SZ, L"20348", true, 20348 },
        { "absent", REG_SZ, NULL, false, 0 },
        { "empty", REG_SZ, L"", false, 0 },
        { "not a number", REG_SZ, L"17763a", false, 0 },
        { "above 2^32", REG_SZ, L"99999999999", false, 0 },
        { "REG_BINARY", REG_BINARY, L"17763", false, 0 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        fake_windows *fake = fake_windows_new();
        acs_host_facts facts;

        server_2019(fake);
        if (rows[i].text)
            fake_reg_raw(fake, CV, L"CurrentBuildNumber", rows[i].type, rows[i].text,
                         (DWORD)((wcslen(rows[i].text) + 1) * sizeof(wchar_t)));
        collect(fake, &facts);
        if (facts.os.registry_build.known != rows[i].known ||
            (rows[i].known && facts.os.registry_build_value != rows[i].value))
            fail_msg("row '%s': known %d value %lu", rows[i].name, facts.os.registry_build.known,
                     (unsigned long)facts.os.registry_build_value);
        assert_int_equal(fake_open_keys(fake), 0);
        fake_windows_free(fake);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_windows10_with_ubr, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_ubr_missing, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_ubr_wrong_type, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_ubr_wrong_size, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_windows7_caption_and_service_pack, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_windows11_caption, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_windows10_ignores_csdversion, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_rtlgetversion_missing, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_domain_controller_and_x86, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_product_type, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_native_arch_unavailable, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_current_version_key_denied, fake_setup, fake_teardown),
        cmocka_unit_test(test_registry_build),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
