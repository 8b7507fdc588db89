/* The collectors over the REAL seam, in Wine. A fresh prefix says Windows 7
 * SP1 (6.1.7601) on a 64-bit Wine, ships no ACS root, no CBS data and no root
 * policy. The test then writes CBS keys, a policy, a sync
 * time and the ACS root into the prefix through the ordinary APIs (64-bit
 * registry view, as Windows keeps them) and checks the collectors read them
 * back: from the x86 build this proves KEY_WOW64_64KEY and the file system
 * redirector handling. Everything written is removed again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "collect/collect.h"
#include "fake_seam.h" /* the shared catalog fixture; this test itself uses the real seam */
#include "../../bench/cbs_scan.h"
#include "real_registry.h"

#include <wincrypt.h>

extern const unsigned char acs_root_der[];
extern const size_t acs_root_der_size;

#define KB_ID L"Package_for_KB5006743~31bf3856ad364e35~amd64~~6.1.1.3"
#define PART_ID L"Package_1_for_KB5006728~31bf3856ad364e35~amd64~~6.1.1.1"
/* September 2021: below October, so the KBs must be looked up too. */
#define ROLLUP_ID L"Package_for_RollupFix~31bf3856ad364e35~amd64~~7601.25704.1.4"

static acs_host_facts facts;

static int group_setup(void **state)
{
    int rc = real_registry_wine_only(state); /* it writes under HKLM and into System32 */
    return rc != 0 ? rc : fake_catalog_setup(state);
}

/* What a fresh Wine prefix is, as the collectors see it. */
static void test_wine_prefix_as_found(void **state)
{
    assert_int_equal(acs_collect_host(&facts, fake_builtin_catalog), 0);

    assert_true(facts.os.version.known);
    assert_int_equal(facts.os.major, 6);
    assert_int_equal(facts.os.minor, 1);
    assert_int_equal(facts.os.build, 7601);
    assert_int_equal(facts.os.service_pack, 1);
    assert_true(facts.os.product.known);
    assert_int_equal(facts.os.product_type, ACS_PRODUCT_WORKSTATION);
    /* the native architecture, also from the 32-bit build under WoW64 */
    assert_string_equal(facts.os.architecture, "amd64");
    assert_false(facts.os.ubr.known); /* Wine writes no UBR; 6.1 has none */

    /* Wine's own ntoskrnl.exe carries 6.1.7601.x; from the x86 build this is
     * the native System32's file, reached with redirection off. */
    assert_true(facts.updates.kernel.known);
    assert_int_equal(facts.updates.kernel_version[0], 6);
    assert_int_equal(facts.updates.kernel_version[1], 1);
    assert_int_equal(facts.updates.kernel_version[2], 7601);

    /* No Component Based Servicing key in a Wine prefix: unknown, with why. */
    assert_false(facts.updates.packages.known);
    assert_non_null(strstr(facts.updates.packages.why, "Component Based Servicing"));
    assert_non_null(strstr(facts.updates.packages.why, "(2)"));

    assert_true(facts.root.presence.known);
    assert_int_equal(facts.root.stores, 0);
    assert_true(facts.root.policy.known);
    assert_false(facts.root.auto_update_disabled);
    assert_true(facts.root.last_sync.known);
    assert_true(facts.root.never_synced);
    /* Wine's services ask for no protection: read, and none found. */
    assert_true(facts.ppl.modules.known);
    assert_int_equal(facts.ppl.module_count, 0);
}

/* A file that exists only in the native System32: the x86 build reaches it
 * only if the seam turns the WOW64 file system redirector off (servicing-evidence.md,
 * "Kernel file version"). (Wine
 * ships an ntoskrnl.exe in both System32 and SysWOW64, so the kernel check
 * above cannot tell.) */
static void test_file_version_bypasses_redirector(void **state)
{
    wchar_t windir[MAX_PATH], from[MAX_PATH + 64], to[MAX_PATH + 64];
    uint16_t version[4] = {0, 0, 0, 0};
    PVOID redirection = NULL;
    BOOL wow64 = FALSE;
    LONG rc;

    assert_true(GetSystemWindowsDirectoryW(windir, MAX_PATH) > 0);
    swprintf(from, MAX_PATH + 64, L"%ls\\System32\\ntoskrnl.exe", windir);
    swprintf(to, MAX_PATH + 64, L"%ls\\System32\\acsready-probe-native.exe", windir);
    IsWow64Process(GetCurrentProcess(), &wow64);
    if (wow64)
        assert_true(Wow64DisableWow64FsRedirection(&redirection));
    assert_true(CopyFileW(from, to, FALSE));
    if (wow64)
        assert_true(Wow64RevertWow64FsRedirection(redirection));

    rc = acs_seam_windows()->file_version(NULL, L"System32\\acsready-probe-native.exe", version);

    if (wow64)
        assert_true(Wow64DisableWow64FsRedirection(&redirection));
    DeleteFileW(to);
    if (wow64)
        assert_true(Wow64RevertWow64FsRedirection(redirection));
    assert_int_equal(rc, ERROR_SUCCESS);
    assert_int_equal(version[0], 6);
    assert_int_equal(version[2], 7601);
}

static void test_cbs_through_the_registry(void **state)
{
    acs_update_facts scanned;
    bool had_cbs = real_key_exists(ACS_CBS_KEY);

    real_reg_raw(ACS_CBS_KEY L"\\PackageIndex\\Package_for_KB5006743~31bf3856ad364e35~amd64~~0.0.0.0", KB_ID,
                 REG_SZ, L"", 2);
    real_reg_dword(ACS_CBS_KEY L"\\Packages\\" KB_ID, L"CurrentState", 0x50);
    real_reg_raw(ACS_CBS_KEY L"\\PackageIndex\\Package_1_for_KB5006728~31bf3856ad364e35~amd64~~0.0.0.0", PART_ID,
                 REG_SZ, L"", 2);
    real_reg_dword(ACS_CBS_KEY L"\\Packages\\" PART_ID, L"CurrentState", 0x70);
    real_reg_raw(ACS_CBS_KEY L"\\PackageIndex\\Package_for_RollupFix~31bf3856ad364e35~amd64~~0.0.0.0", ROLLUP_ID,
                 REG_SZ, L"", 2);
    real_reg_dword(ACS_CBS_KEY L"\\Packages\\" ROLLUP_ID, L"CurrentState", 0x70);

    acs_facts_init(&facts);
    acs_collect_os(acs_seam_windows(), &facts.os);
    acs_collect_updates(acs_seam_windows(), fake_builtin_catalog, &facts.os, &facts.updates);
    scanned = facts.updates;
    bench_collect_updates_scan(acs_seam_windows(), fake_builtin_catalog, &facts.os, &scanned);
    if (had_cbs) {
        real_delete_tree(ACS_CBS_KEY L"\\PackageIndex\\Package_for_KB5006743~31bf3856ad364e35~amd64~~0.0.0.0");
        real_delete_tree(ACS_CBS_KEY L"\\PackageIndex\\Package_1_for_KB5006728~31bf3856ad364e35~amd64~~0.0.0.0");
        real_delete_tree(ACS_CBS_KEY L"\\PackageIndex\\Package_for_RollupFix~31bf3856ad364e35~amd64~~0.0.0.0");
        real_delete_tree(ACS_CBS_KEY L"\\Packages\\" KB_ID);
        real_delete_tree(ACS_CBS_KEY L"\\Packages\\" PART_ID);
        real_delete_tree(ACS_CBS_KEY L"\\Packages\\" ROLLUP_ID);
    } else {
        real_delete_tree(ACS_CBS_KEY);
    }

    assert_true(facts.updates.packages.known);
    assert_int_equal(acs_facts_kb_state(&facts.updates, 5006743), ACS_PKG_SUPERSEDED);
    assert_int_equal(acs_facts_kb_state(&facts.updates, 5006728), ACS_PKG_INSTALLED);
    assert_true(facts.updates.rollup.known);
    assert_int_equal(facts.updates.rollup_revision, 25704);
    assert_true(scanned.packages.known);
    assert_int_equal(acs_facts_kb_state(&scanned, 5006743), ACS_PKG_SUPERSEDED);
    assert_int_equal(acs_facts_kb_state(&scanned, 5006728), ACS_PKG_INSTALLED);
    assert_int_equal(scanned.rollup_revision, 25704);
}

static void test_policy_and_last_sync(void **state)
{
    /* 2023-01-01T00:00:00Z as a FILETIME */
    const uint64_t filetime = 1672531200ULL * 10000000ULL + 116444736000000000ULL;
    bool had_autoupdate = real_key_exists(ACS_ROOT_AUTOUPDATE_KEY);
    bool had_policy = real_key_exists(ACS_ROOT_POLICY_KEY);

    real_reg_dword(ACS_ROOT_POLICY_KEY, L"DisableRootAutoUpdate", 1);
    real_reg_raw(ACS_ROOT_AUTOUPDATE_KEY, L"LastSyncTime", REG_BINARY, &filetime, 8);
    acs_facts_init(&facts);
    acs_collect_root(acs_seam_windows(), acs_catalog_root(fake_builtin_catalog), &facts.root);
    if (!had_policy)
        real_delete_tree(ACS_ROOT_POLICY_KEY);
    if (!had_autoupdate)
        real_delete_tree(ACS_ROOT_AUTOUPDATE_KEY);

    assert_true(facts.root.policy.known);
    assert_true(facts.root.auto_update_disabled);
    assert_true(facts.root.last_sync.known);
    assert_false(facts.root.never_synced);
    assert_int_equal(facts.root.last_sync_unix, 1672531200);
}

/* Adds the root to one registry store, collects, removes it. A registry
 * store writes its changes when it is closed, so the add and the delete each
 * get their own open. */
static unsigned stores_with_root_in(DWORD location, const wchar_t *store_name, acs_known *presence)
{
    HCERTSTORE store = CertOpenStore(CERT_STORE_PROV_SYSTEM_REGISTRY_W, 0, 0, location, store_name);
    PCCERT_CONTEXT found;
    CRYPT_HASH_BLOB sha1;

    assert_non_null(store);
    assert_true(CertAddEncodedCertificateToStore(store, X509_ASN_ENCODING, acs_root_der, (DWORD)acs_root_der_size,
                                                 CERT_STORE_ADD_REPLACE_EXISTING, NULL));
    assert_true(CertCloseStore(store, 0));

    acs_facts_init(&facts);
    acs_collect_root(acs_seam_windows(), acs_catalog_root(fake_builtin_catalog), &facts.root);

    store = CertOpenStore(CERT_STORE_PROV_SYSTEM_REGISTRY_W, 0, 0, location, store_name);
    assert_non_null(store);
    sha1.cbData = 20;
    sha1.pbData = (BYTE *)acs_catalog_root(fake_builtin_catalog)->sha1;
    found = CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_SHA1_HASH, &sha1, NULL);
    assert_non_null(found);
    assert_true(CertDeleteCertificateFromStore(found)); /* frees the context */
    assert_true(CertCloseStore(store, 0));
    *presence = facts.root.presence;
    return facts.root.stores;
}

static void test_root_in_each_registry_store(void **state)
{
    static const struct {
        DWORD location;
        const wchar_t *name;
        unsigned bit;
    } stores[] = {
        {CERT_SYSTEM_STORE_LOCAL_MACHINE, L"AuthRoot", ACS_STORE_AUTHROOT},
        {CERT_SYSTEM_STORE_LOCAL_MACHINE, L"Root", ACS_STORE_ROOT},
        {CERT_SYSTEM_STORE_LOCAL_MACHINE_GROUP_POLICY, L"Root", ACS_STORE_GROUPPOLICY},
    };
    size_t i;

    for (i = 0; i < sizeof(stores) / sizeof(stores[0]); i++) {
        acs_known presence;
        unsigned found = stores_with_root_in(stores[i].location, stores[i].name, &presence);
        /* A non-empty why: matched by SHA-1 only, or not read. */
        if (!presence.known || found != stores[i].bit || presence.why[0])
            fail_msg("store %ls at 0x%lx: found 0x%x, want 0x%x, presence %s %s", stores[i].name,
                     (unsigned long)stores[i].location, found, stores[i].bit, presence.known ? "known" : "unknown",
                     presence.why);
    }
    /* Wine 8 has no LocalMachine Enterprise location (CertOpenStore gives NULL
     * with last error 0): the collector must take that store as "not there"
     * and still answer. */
    assert_null(CertOpenStore(CERT_STORE_PROV_SYSTEM_REGISTRY_W, 0, 0, CERT_SYSTEM_STORE_LOCAL_MACHINE_ENTERPRISE,
                              L"Root"));
    /* and gone again */
    acs_facts_init(&facts);
    acs_collect_root(acs_seam_windows(), acs_catalog_root(fake_builtin_catalog), &facts.root);
    assert_true(facts.root.presence.known);
    assert_int_equal(facts.root.stores, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wine_prefix_as_found),
        cmocka_unit_test(test_file_version_bypasses_redirector),
        cmocka_unit_test(test_cbs_through_the_registry),
        cmocka_unit_test(test_policy_and_last_sync),
        cmocka_unit_test(test_root_in_each_registry_store),
    };
    return cmocka_run_group_tests(tests, group_setup, fake_catalog_teardown);
}
