/* The kernel version collector, the KB list taken from the built-in catalog,
 * and the whole host collection over the fake seam. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "fake_seam.h"
#include "../../bench/cbs_scan.h"

static bool has_kb(const uint32_t *kbs, size_t count, uint32_t kb)
{
    size_t i;
    for (i = 0; i < count; i++)
        if (kbs[i] == kb)
            return true;
    return false;
}

static void assert_unique(const uint32_t *kbs, size_t count)
{
    size_t i, j;
    for (i = 0; i < count; i++) {
        assert_int_not_equal(kbs[i], 0);
        for (j = i + 1; j < count; j++)
            assert_int_not_equal(kbs[i], kbs[j]);
    }
}

static void test_kernel_version(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;
    const uint16_t version[4] = {6, 1, 7601, 25740};

    fake->file_version_rc = ERROR_SUCCESS;
    memcpy(fake->file_version, version, sizeof(version));
    acs_facts_init(&facts);
    acs_collect_kernel(&fake->seam, &facts.updates);
    assert_true(facts.updates.kernel.known);
    assert_memory_equal(facts.updates.kernel_version, version, sizeof(version));
    assert_true(wcscmp(fake->file_version_path, L"System32\\ntoskrnl.exe") == 0);
}

static void test_kernel_file_missing(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;

    fake->file_version_rc = ERROR_FILE_NOT_FOUND;
    acs_facts_init(&facts);
    acs_collect_kernel(&fake->seam, &facts.updates);
    assert_false(facts.updates.kernel.known);
    assert_non_null(strstr(facts.updates.kernel.why, "ntoskrnl.exe"));
    assert_non_null(strstr(facts.updates.kernel.why, "(2)"));
}

static void test_kernel_api_missing(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;

    fake->file_version_rc = ERROR_PROC_NOT_FOUND;
    acs_facts_init(&facts);
    acs_collect_kernel(&fake->seam, &facts.updates);
    assert_false(facts.updates.kernel.known);
    assert_non_null(strstr(facts.updates.kernel.why, "GetFileVersionInfoW"));
}

/* The kept version answers while ntoskrnl.exe keeps its size and last-write
 * time; a replaced file (another identity) is read again; a file whose
 * identity cannot be read is read every time. Table: what changes before the
 * second collection, and how many version reads the two collections make. */
static void test_kernel_cache(void **state)
{
    static const struct {
        const char *name;
        bool file_known;      /* file_identity answers for the kernel */
        uint64_t size_after;  /* the kernel's size at the second collection */
        uint64_t write_after; /* its last-write time then (0: unchanged) */
        unsigned reads;       /* file_version calls over both collections */
        uint16_t second;      /* revision the second collection reports */
    } rows[] = {
        { "unchanged file: read once", true, 1000, 0, 1, 25740 },
        { "new size: read again", true, 2000, 0, 2, 25767 },
        { "new last-write time: read again", true, 1000, 133000000000000001ull, 2, 25767 },
        { "no identity: read every time", false, 1000, 0, 2, 25767 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        fake_windows *fake = fake_windows_new();
        acs_kernel_cache *cache = acs_kernel_cache_new();
        fake_file *kernel = NULL;
        acs_host_facts facts;
        const uint16_t first[4] = {6, 1, 7601, 25740}, later[4] = {6, 1, 7601, 25767};

        assert_non_null(fake);
        assert_non_null(cache);
        if (rows[i].file_known)
            kernel = fake_file_add(fake, L"C:\\Windows\\System32\\ntoskrnl.exe", 1000);
        fake->file_version_rc = ERROR_SUCCESS;
        memcpy(fake->file_version, first, sizeof(first));
        acs_facts_init(&facts);
        acs_collect_kernel_cached(&fake->seam, cache, &facts.updates);
        assert_true(facts.updates.kernel.known);
        assert_int_equal(facts.updates.kernel_version[3], 25740);

        memcpy(fake->file_version, later, sizeof(later));
        if (kernel) {
            kernel->size = rows[i].size_after;
            if (rows[i].write_after)
                kernel->last_write = rows[i].write_after;
        }
        acs_facts_init(&facts);
        acs_collect_kernel_cached(&fake->seam, cache, &facts.updates);
        if (!facts.updates.kernel.known || fake->file_version_calls != rows[i].reads ||
            facts.updates.kernel_version[3] != rows[i].second)
            fail_msg("row '%s': known %d, %u reads (want %u), revision %u (want %u)", rows[i].name,
                     facts.updates.kernel.known, fake->file_version_calls, rows[i].reads,
                     (unsigned)facts.updates.kernel_version[3], (unsigned)rows[i].second);
        acs_kernel_cache_free(cache);
        fake_windows_free(fake);
    }
}

/* A version that could not be read is not kept: the next query tries again. */
static void test_kernel_cache_keeps_no_failure(void **state)
{
    fake_windows *fake = *state;
    acs_kernel_cache *cache = acs_kernel_cache_new();
    acs_host_facts facts;

    assert_non_null(cache);
    fake_file_add(fake, L"C:\\Windows\\System32\\ntoskrnl.exe", 1000);
    fake->file_version_rc = ERROR_ACCESS_DENIED;
    acs_facts_init(&facts);
    acs_collect_kernel_cached(&fake->seam, cache, &facts.updates);
    assert_false(facts.updates.kernel.known);
    fake->file_version_rc = ERROR_SUCCESS;
    fake->file_version[3] = 25767;
    acs_facts_init(&facts);
    acs_collect_kernel_cached(&fake->seam, cache, &facts.updates);
    assert_true(facts.updates.kernel.known);
    assert_int_equal(facts.updates.kernel_version[3], 25767);
    assert_int_equal(fake->file_version_calls, 2);
    acs_kernel_cache_free(cache);
}

/* Windows 7 SP1 (the catalog's win7-sp1 rule): the October 2021 rollup and security-only update,
 * the later rollups, the prerequisites and the SSUs that replace KB4490628. */
static void test_relevant_kbs_windows7(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;
    uint32_t kbs[ACS_MAX_RELEVANT_KBS];
    size_t count;

    acs_facts_init(&facts);
    acs_collect_os(&fake->seam, &facts.os);
    count = acs_collect_relevant_kbs(fake_builtin_catalog, &facts.os, 0, kbs, ACS_MAX_RELEVANT_KBS);
    assert_true(has_kb(kbs, count, 5006743));
    assert_true(has_kb(kbs, count, 5006728));
    assert_true(has_kb(kbs, count, 5007236));
    assert_true(has_kb(kbs, count, 4474419));
    assert_true(has_kb(kbs, count, 4490628));
    assert_true(has_kb(kbs, count, 5017397));
    assert_false(has_kb(kbs, count, 5005625)); /* Server 2019's, not this OS's */
    assert_false(has_kb(kbs, count, 5006714)); /* 8.1's */
    assert_unique(kbs, count);
}

/* A patched machine needs no package evidence: the installed rollup already
 * decides every profile's rule, so no KB is looked up. An older rollup keeps
 * the look-ups (the October security-only update may still be there). */
static void test_patched_rollup_skips_kb_lookups(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;
    unsigned opens_patched;

    fake_cbs_package(fake, L"Package_for_RollupFix~31bf3856ad364e35~amd64~~7601.25767.1.4", 0x70, true);
    fake_cbs_package(fake, L"Package_for_KB5006728~31bf3856ad364e35~amd64~~6.1.1.2", 0x70, true);
    acs_facts_init(&facts);
    acs_collect_os(&fake->seam, &facts.os);
    fake->open_attempts = 0;
    acs_collect_updates(&fake->seam, fake_builtin_catalog, &facts.os, &facts.updates);
    opens_patched = fake->open_attempts;
    assert_true(facts.updates.packages.known);
    assert_int_equal(facts.updates.rollup_revision, 25767);
    assert_int_equal(facts.updates.kb_count, 0);
    assert_true(opens_patched < 10);
    assert_int_equal(fake_open_keys(fake), 0);

    fake_windows_free(fake);
    *state = fake = fake_windows_new();
    fake_cbs_package(fake, L"Package_for_RollupFix~31bf3856ad364e35~amd64~~7601.25704.1.4", 0x70, true);
    fake_cbs_package(fake, L"Package_for_KB5006728~31bf3856ad364e35~amd64~~6.1.1.2", 0x70, true);
    acs_facts_init(&facts);
    acs_collect_os(&fake->seam, &facts.os);
    fake->open_attempts = 0;
    acs_collect_updates(&fake->seam, fake_builtin_catalog, &facts.os, &facts.updates);
    assert_int_equal(facts.updates.rollup_revision, 25704);
    assert_int_equal(acs_facts_kb_state(&facts.updates, 5006728), ACS_PKG_INSTALLED);
    assert_true(fake->open_attempts > 5 * opens_patched);
}

/* A RollupFix waiting for a restart is recorded apart from the installed one. */
static void test_pending_rollup_recorded(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;

    fake_set_version(fake, 6, 3, 9600, 0, VER_NT_SERVER);
    fake_cbs_package(fake, L"Package_for_RollupFix~31bf3856ad364e35~amd64~~9600.20118.1.3", 0x70, true);
    fake_cbs_package(fake, L"Package_for_RollupFix~31bf3856ad364e35~amd64~~9600.20144.1.5", 0x60, true);
    acs_facts_init(&facts);
    acs_collect_os(&fake->seam, &facts.os);
    acs_collect_updates(&fake->seam, fake_builtin_catalog, &facts.os, &facts.updates);
    assert_int_equal(facts.updates.rollup_revision, 20118);
    assert_int_equal(facts.updates.rollup_pending_revision, 20144);
    bench_collect_updates_scan(&fake->seam, fake_builtin_catalog, &facts.os, &facts.updates);
    assert_int_equal(facts.updates.rollup_revision, 20118);
    assert_int_equal(facts.updates.rollup_pending_revision, 20144);
}

static void test_relevant_kbs_server2019(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;
    uint32_t kbs[ACS_MAX_RELEVANT_KBS];
    size_t count;

    fake_set_version(fake, 10, 0, 17763, 0, VER_NT_SERVER);
    acs_facts_init(&facts);
    acs_collect_os(&fake->seam, &facts.os);
    count = acs_collect_relevant_kbs(fake_builtin_catalog, &facts.os, 0, kbs, ACS_MAX_RELEVANT_KBS);
    assert_true(has_kb(kbs, count, 5005625));
    assert_false(has_kb(kbs, count, 5006743));
    assert_unique(kbs, count);
}

static void test_relevant_kbs_version_unknown(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;
    uint32_t kbs[ACS_MAX_RELEVANT_KBS];
    size_t count;

    fake->version_rc = ERROR_PROC_NOT_FOUND;
    acs_facts_init(&facts);
    acs_collect_os(&fake->seam, &facts.os);
    count = acs_collect_relevant_kbs(fake_builtin_catalog, &facts.os, 0, kbs, ACS_MAX_RELEVANT_KBS);
    assert_true(has_kb(kbs, count, 5006743));
    assert_true(has_kb(kbs, count, 5005625));
    assert_true(has_kb(kbs, count, 5006714));
    assert_true(count < ACS_MAX_RELEVANT_KBS); /* none left out */
    assert_unique(kbs, count);
}

static void test_relevant_kbs_bounded(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;
    uint32_t kbs[3];

    acs_facts_init(&facts);
    acs_collect_os(&fake->seam, &facts.os);
    /* Windows 7 names dozens of KBs: three are stored, the count says there are more. */
    assert_true(acs_collect_relevant_kbs(fake_builtin_catalog, &facts.os, 0, kbs, 3) > 3);
    assert_int_equal(acs_collect_relevant_kbs(NULL, &facts.os, 0, kbs, 3), 0);
}

static void test_host_windows7(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;
    const uint16_t version[4] = {6, 1, 7601, 25767};

    fake_reg_sz(fake, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", L"ProductName", L"Windows 7 Professional");
    fake_cbs_package(fake, L"Package_for_KB5006743~31bf3856ad364e35~amd64~~6.1.1.3", 0x50, true);
    fake_cbs_package(fake, L"Package_for_RollupFix~31bf3856ad364e35~amd64~~7601.25767.1.4", 0x70, true);
    fake->file_version_rc = ERROR_SUCCESS;
    memcpy(fake->file_version, version, sizeof(version));
    fake->certs[ACS_STORE_AT_AUTHROOT].rc = ERROR_SUCCESS;

    assert_int_equal(acs_collect_host_with(&fake->seam, &facts, fake_builtin_catalog), 0);
    assert_true(facts.os.version.known);
    assert_string_equal(facts.os.caption, "Windows 7 Professional");
    assert_true(facts.updates.packages.known);
    /* Rollup 25767 already decides every profile's rule: KBs are not looked up. */
    assert_int_equal(acs_facts_kb_state(&facts.updates, 5006743), ACS_PKG_ABSENT);
    assert_int_equal(facts.updates.rollup_revision, 25767);
    assert_true(facts.updates.kernel.known);
    assert_int_equal(facts.updates.kernel_version[3], 25767);
    assert_true(facts.root.presence.known);
    assert_int_equal(facts.root.stores, ACS_STORE_AUTHROOT);
    assert_true(facts.root.policy.known);
    assert_true(facts.root.last_sync.known);
    assert_true(facts.root.never_synced);
    /* No Services key in this fake: the protected services are unknown, with the reason. */
    assert_false(facts.ppl.modules.known);
    assert_non_null(strstr(facts.ppl.modules.why, "HKLM\\SYSTEM\\CurrentControlSet\\Services"));
    assert_int_equal(fake->enum_keys, 0); /* and CBS was not enumerated */
}

static void test_host_null_arguments(void **state)
{
    fake_windows *fake = *state;
    acs_host_facts facts;

    assert_int_not_equal(acs_collect_host_with(&fake->seam, NULL, fake_builtin_catalog), 0);
    assert_int_not_equal(acs_collect_host_with(&fake->seam, &facts, NULL), 0);
    assert_int_not_equal(acs_collect_host_with(NULL, &facts, fake_builtin_catalog), 0);
    assert_int_not_equal(acs_collect_host(&facts, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_kernel_version, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_kernel_file_missing, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_kernel_api_missing, fake_setup, fake_teardown),
        cmocka_unit_test(test_kernel_cache),
        cmocka_unit_test_setup_teardown(test_kernel_cache_keeps_no_failure, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_relevant_kbs_windows7, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_patched_rollup_skips_kb_lookups, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_pending_rollup_recorded, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_relevant_kbs_server2019, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_relevant_kbs_version_unknown, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_relevant_kbs_bounded, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_host_windows7, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_host_null_arguments, fake_setup, fake_teardown),
    };
    return cmocka_run_group_tests(tests, fake_catalog_setup, fake_catalog_teardown);
}
