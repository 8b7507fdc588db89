/* The registry watch (provider/collect/registry_watch.c) that lets the
 * provider keep the watched facts:
 *  - it covers every key and folder the watched collectors read: they run
 *    over fake machines behind a seam that records each registry path,
 *    folder and certificate store they ask for, and fails on any read no
 *    watch could see (a file's version, the SCM, the event log);
 *  - it sees each kind of change, and no change elsewhere, in the real (Wine)
 *    registry and file system of the test prefix, which make test-collect
 *    copies for every run. What a row creates it deletes again, parents
 *    included, so the collectors' tests after it find the prefix as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fake_seam.h"
#include "real_registry.h"

/* ---- coverage: what the watched collectors read -------------------------- */

#define PATH_CHARS 600
#define MAX_HANDLES 256
#define MAX_READS 2048

typedef struct recorder {
    const acs_seam *inner;
    size_t handle_count;
    HKEY handles[MAX_HANDLES];
    wchar_t handle_paths[MAX_HANDLES][PATH_CHARS];
    size_t read_count;
    wchar_t reads[MAX_READS][PATH_CHARS]; /* registry paths under HKLM, opened or not */
    size_t folder_count;
    wchar_t folders[8][PATH_CHARS];        /* under %windir% */
    unsigned stores;                       /* ACS_STORE_* asked for */
    const char *unwatched_read;            /* the first read no watch covers */
} recorder;

static recorder *rec; /* the seam's functions get the fake's context, not this */

static const wchar_t *handle_path(HKEY key)
{
    if (key == HKEY_LOCAL_MACHINE)
        return NULL;
    for (size_t i = 0; i < rec->handle_count; i++)
        if (rec->handles[i] == key)
            return rec->handle_paths[i];
    fail_msg("a key opened outside the seam was used");
    return NULL;
}

static LONG recording_open(void *ctx, HKEY parent, const wchar_t *path, HKEY *out)
{
    const wchar_t *base = handle_path(parent);
    wchar_t full[PATH_CHARS];
    LONG rc;

    swprintf(full, PATH_CHARS, L"%ls%ls%ls", base ? base : L"", base ? L"\\" : L"", path);
    assert_true(rec->read_count < MAX_READS);
    wcscpy(rec->reads[rec->read_count++], full);
    rc = rec->inner->reg_open(ctx, parent, path, out);
    if (rc == ERROR_SUCCESS) {
        assert_true(rec->handle_count < MAX_HANDLES);
        rec->handles[rec->handle_count] = *out;
        wcscpy(rec->handle_paths[rec->handle_count++], full);
    }
    return rc;
}

static LONG recording_list_files(void *ctx, const wchar_t *dir, const wchar_t *pattern,
                                 void (*each)(void *user, const wchar_t *name), void *user)
{
    assert_true(rec->folder_count < 8);
    wcscpy(rec->folders[rec->folder_count++], dir);
    return rec->inner->list_files(ctx, dir, pattern, each, user);
}

static LONG recording_cert_find(void *ctx, acs_store_index store, const uint8_t sha1[20], uint8_t sha256[32],
                                bool *sha256_known)
{
    rec->stores |= acs_physical_stores[store].bit;
    return rec->inner->cert_find(ctx, store, sha1, sha256, sha256_known);
}

static void unwatched(const char *what)
{
    if (rec->unwatched_read == NULL)
        rec->unwatched_read = what;
}

static LONG unwatched_file_version(void *ctx, const wchar_t *relative, uint16_t version[4])
{
    unwatched("file_version");
    return ERROR_FILE_NOT_FOUND;
}

static LONG unwatched_file_identity(void *ctx, const wchar_t *path, uint64_t *size, uint64_t *last_write)
{
    unwatched("file_identity");
    return ERROR_FILE_NOT_FOUND;
}

static LONG unwatched_key_info(void *ctx, HKEY key, DWORD *subkeys, uint64_t *last_write)
{
    unwatched("reg_key_info");
    return ERROR_FILE_NOT_FOUND;
}

static LONG unwatched_service_states(void *ctx, void (*each)(void *user, const wchar_t *name, DWORD state, DWORD pid),
                                     void *user)
{
    unwatched("service_states");
    return ERROR_ACCESS_DENIED;
}

static LONG unwatched_events(void *ctx, int64_t since_unix, unsigned max,
                             void (*each)(void *user, const acs_ci_event *event), void *user)
{
    unwatched("code_integrity_events");
    return ERROR_ACCESS_DENIED;
}

static LONG unwatched_signatures(void *ctx, const wchar_t *path, acs_signature_list *out)
{
    unwatched("file_signatures");
    return ERROR_FILE_NOT_FOUND;
}

/* The fake's seam with the recording and refusing functions in place. */
static acs_seam recording_seam(fake_windows *fake, recorder *r)
{
    acs_seam seam = fake->seam;

    memset(r, 0, sizeof(*r));
    r->inner = &fake->seam;
    rec = r;
    seam.reg_open = recording_open;
    seam.list_files = recording_list_files;
    seam.cert_find = recording_cert_find;
    seam.file_version = unwatched_file_version;
    seam.file_identity = unwatched_file_identity;
    seam.reg_key_info = unwatched_key_info;
    seam.service_states = unwatched_service_states;
    seam.code_integrity_events = unwatched_events;
    seam.file_signatures = unwatched_signatures;
    return seam;
}

static bool covered_key(const wchar_t *path, const acs_watched_source *sources, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        size_t len = wcslen(sources[i].path);
        if (sources[i].folder || _wcsnicmp(path, sources[i].path, len) != 0)
            continue;
        if (path[len] == L'\0' || (sources[i].subtree && path[len] == L'\\'))
            return true;
    }
    return false;
}

static bool covered_folder(const wchar_t *dir, const acs_watched_source *sources, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (sources[i].folder && _wcsicmp(dir, sources[i].path) == 0)
            return true;
    return false;
}

/* Every read of the watched collectors on one machine lies under a watched source. */
static void assert_watched(fake_windows *fake, const char *machine)
{
    acs_watched_source sources[ACS_MAX_WATCHED_SOURCES];
    size_t count = acs_watched_sources(sources, ACS_MAX_WATCHED_SOURCES);
    static recorder r; /* 2.7 MB: not on the stack */
    acs_seam seam = recording_seam(fake, &r);
    acs_host_facts facts;

    assert_true(count <= ACS_MAX_WATCHED_SOURCES);
    acs_facts_init(&facts);
    acs_collect_watched_by(&seam, acs_collect_updates, &facts, fake_builtin_catalog);
    if (r.unwatched_read != NULL)
        fail_msg("%s: the watched collectors called %s, which no watch sees", machine, r.unwatched_read);
    if (r.read_count == 0)
        fail_msg("%s: nothing was read: the recorder is not in the seam", machine);
    for (size_t i = 0; i < r.read_count; i++)
        if (!covered_key(r.reads[i], sources, count))
            fail_msg("%s: HKLM\\%ls is read but not watched", machine, r.reads[i]);
    for (size_t i = 0; i < r.folder_count; i++)
        if (!covered_folder(r.folders[i], sources, count))
            fail_msg("%s: %%windir%%\\%ls is listed but not watched", machine, r.folders[i]);
    for (size_t s = 0; s < ACS_STORE_COUNT; s++) {
        wchar_t key[PATH_CHARS];
        swprintf(key, PATH_CHARS, L"%hs\\0123456789ABCDEF0123456789ABCDEF01234567",
                 acs_physical_stores[s].registry_key);
        if ((r.stores & acs_physical_stores[s].bit) && !covered_key(key, sources, count))
            fail_msg("%s: the %s store's certificates are read but not watched", machine, acs_physical_stores[s].name);
    }
}

/* Rows: machines that take every path of the watched collectors. */
static void test_watch_covers_every_read(void **state)
{
    fake_windows *fake = *state;
    const wchar_t *cv = L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
    const wchar_t *policy = L"SOFTWARE\\Policies\\Microsoft\\SystemCertificates\\AuthRoot";
    const wchar_t *sync = L"SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\AutoUpdate";
    const BYTE never[8] = { 0 };

    /* Windows 7: PackageIndex look-ups (an old rollup: every KB is looked
     * up), names, a root policy and a last sync. */
    fake_reg_sz(fake, cv, L"ProductName", L"Windows 7 Professional");
    fake_reg_sz(fake, cv, L"CSDVersion", L"Service Pack 1");
    fake_reg_sz(fake, cv, L"CurrentBuildNumber", L"7601");
    fake_cbs_package(fake, L"Package_for_RollupFix~31bf3856ad364e35~amd64~~7601.24000.1.4", 0x70, true);
    fake_cbs_package(fake, L"Package_for_KB4474419~31bf3856ad364e35~amd64~~6.1.3.1", 0x70, true);
    fake_cbs_package(fake, L"Package_1_for_KB5006743~31bf3856ad364e35~amd64~~6.1.1.3", 0x70, true);
    fake_reg_dword(fake, policy, L"DisableRootAutoUpdate", 1);
    fake_reg_raw(fake, sync, L"LastSyncTime", REG_BINARY, never, sizeof(never));
    for (size_t s = 0; s < ACS_STORE_COUNT; s++)
        fake->certs[s].rc = CRYPT_E_NOT_FOUND;
    assert_watched(fake, "Windows 7 SP1");

    /* Server 2008 SP2 (6.0): the .mum files, then the Packages keys when the
     * folder cannot be listed. */
    fake_set_version(fake, 6, 0, 6002, 2, VER_NT_SERVER);
    fake_mum_file(fake, L"Package_for_RollupFix~31bf3856ad364e35~amd64~~6002.21000.1.4.mum");
    fake_cbs_package(fake, L"Package_for_RollupFix~31bf3856ad364e35~amd64~~6002.21000.1.4", 0x70, false);
    assert_watched(fake, "Server 2008 SP2");
    fake->list_files_rc = ERROR_ACCESS_DENIED;
    assert_watched(fake, "Server 2008 SP2, servicing folder unreadable");
    fake->list_files_rc = ERROR_SUCCESS;

    /* Windows 10: the UBR. */
    fake_set_version(fake, 10, 0, 19045, 0, VER_NT_WORKSTATION);
    fake_reg_dword(fake, cv, L"UBR", 5011);
    fake_reg_sz(fake, cv, L"CurrentBuildNumber", L"19045");
    assert_watched(fake, "Windows 10 22H2");
}

/* ---- changes: the real registry and file system (Wine) -------------------- */

#define UNWATCHED_KEY L"SOFTWARE\\AcsReadyWatchTest"
#define CV_SUBKEY ACS_CURRENT_VERSION_KEY L"\\AcsReadyWatchTest"
#define TEST_PACKAGE ACS_CBS_KEY L"\\Packages\\AcsReadyWatchTest"
#define TEST_CERT                                                                                              \
    L"SOFTWARE\\Microsoft\\SystemCertificates\\ROOT\\Certificates\\00AC5EAD00AC5EAD00AC5EAD00AC5EAD00AC5EAD"
#define ENTERPRISE_ROOT L"SOFTWARE\\Microsoft\\EnterpriseCertificates\\Root\\Certificates"
#define TEST_MUM ACS_CBS_MUM_FOLDER L"\\AcsReadyWatchTest.mum"
#define TEST_VALUE L"AcsReadyWatchTest"

static void windows_path(wchar_t *out, const wchar_t *relative)
{
    UINT n = GetSystemWindowsDirectoryW(out, MAX_PATH);
    assert_true(n > 0 && n < MAX_PATH);
    swprintf(out + n, MAX_PATH, L"%ls%ls", out[n - 1] == L'\\' ? L"" : L"\\", relative);
}

/* Notifications are asynchronous in Wine (the server queues them): a change
 * is waited for up to 2 s, its absence for 200 ms. */
static bool changed_within(acs_registry_watch *watch, DWORD ms)
{
    DWORD waited = 0;
    while (acs_registry_watch_unchanged(watch)) {
        if (waited >= ms)
            return false;
        Sleep(10);
        waited += 10;
    }
    return true;
}

/* Each row writes TEST_VALUE (or a file) under key; whatever part of key
 * did not exist before the row is deleted after it, else only the value. */
typedef struct change_row {
    const char *name;
    void (*before)(void); /* the machine before the watch is armed (NULL: as it is) */
    void (*change)(void); /* after */
    bool seen;
    const wchar_t *key;   /* NULL: the row writes the .mum file */
} change_row;

static void cv_value(void) { real_reg_dword(ACS_CURRENT_VERSION_KEY, TEST_VALUE, 1); }
static void cv_subkey_make(void) { real_reg_dword(CV_SUBKEY, TEST_VALUE, 1); }
static void cv_subkey_value(void) { real_reg_dword(CV_SUBKEY, TEST_VALUE, 2); }
static void package_state(void) { real_reg_dword(TEST_PACKAGE, TEST_VALUE, 0x70); }
static void policy_absent(void) { real_delete_tree(ACS_ROOT_POLICY_KEY); }
static void policy_value(void) { real_reg_dword(ACS_ROOT_POLICY_KEY, TEST_VALUE, 1); }
static void sync_value(void) { real_reg_dword(ACS_ROOT_AUTOUPDATE_KEY, TEST_VALUE, 1); }
static void cert_added(void) { real_reg_dword(TEST_CERT, TEST_VALUE, 1); }
static void enterprise_absent(void) { real_delete_tree(L"SOFTWARE\\Microsoft\\EnterpriseCertificates"); }
static void enterprise_created(void) { real_reg_dword(ENTERPRISE_ROOT, TEST_VALUE, 1); }
static void unwatched_value(void) { real_reg_dword(UNWATCHED_KEY, TEST_VALUE, 1); }
static void mum_added(void)
{
    wchar_t path[MAX_PATH * 2];
    HANDLE file;
    windows_path(path, TEST_MUM);
    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    assert_true(file != INVALID_HANDLE_VALUE);
    CloseHandle(file);
}

/* servicing and servicing\Packages, created when missing; cleanup removes
 * the file and what was created, deepest first. */
static const wchar_t *const mum_folders[] = { L"servicing", ACS_CBS_MUM_FOLDER };
static bool mum_folders_made[2];
static void mum_folders_make(void)
{
    for (size_t i = 0; i < 2; i++) {
        wchar_t path[MAX_PATH * 2];
        windows_path(path, mum_folders[i]);
        mum_folders_made[i] = CreateDirectoryW(path, NULL) != 0;
    }
}
static void mum_cleanup(void)
{
    wchar_t path[MAX_PATH * 2];
    windows_path(path, TEST_MUM);
    DeleteFileW(path);
    for (size_t i = 2; i-- > 0;) {
        windows_path(path, mum_folders[i]);
        if (mum_folders_made[i])
            RemoveDirectoryW(path);
    }
}

static void test_watch_sees_changes(void **state)
{
    static const change_row rows[] = {
        { "a CurrentVersion value", NULL, cv_value, true, ACS_CURRENT_VERSION_KEY },
        { "a value in a subkey of CurrentVersion (not watched: values only)", cv_subkey_make, cv_subkey_value, false,
          CV_SUBKEY },
        { "a package's value (CBS, whole subtree)", NULL, package_state, true, TEST_PACKAGE },
        { "the AuthRoot policy key created where it was missing", policy_absent, policy_value, true,
          ACS_ROOT_POLICY_KEY },
        { "a value of AuthRoot\\AutoUpdate", NULL, sync_value, true, ACS_ROOT_AUTOUPDATE_KEY },
        { "a certificate added to the Root store", NULL, cert_added, true, TEST_CERT },
        { "the Enterprise root store created from nothing", enterprise_absent, enterprise_created, true,
          ENTERPRISE_ROOT },
        { "a .mum file in servicing\\Packages", mum_folders_make, mum_added, true, NULL },
        { "a key no fact comes from", NULL, unwatched_value, false, UNWATCHED_KEY },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        acs_registry_watch *watch = NULL;
        wchar_t created[512];
        bool seen, missing = rows[i].key && real_first_missing(rows[i].key, created, 512);

        if (rows[i].before)
            rows[i].before();
        Sleep(50); /* let the setup's own notifications (none yet armed) pass */
        if (!acs_registry_watch_arm(&watch))
            fail_msg("row '%s': the watch could not be armed", rows[i].name);
        if (!acs_registry_watch_unchanged(watch))
            fail_msg("row '%s': changed before anything changed", rows[i].name);
        rows[i].change();
        seen = changed_within(watch, rows[i].seen ? 2000 : 200);
        acs_registry_watch_free(watch);
        if (!rows[i].key)
            mum_cleanup();
        else if (missing)
            real_delete_tree(created);
        else
            real_delete_value(rows[i].key, TEST_VALUE);
        if (seen != rows[i].seen)
            fail_msg("row '%s': change %s", rows[i].name, seen ? "seen, though nothing watched changed" : "not seen");
    }
}

/* Arming again renews what fired and keeps the rest: unchanged until the next
 * change, which it sees too, also one level deeper than before (the policy
 * key now exists, so its value is watched). */
static void test_watch_renews(void **state)
{
    acs_registry_watch *watch = NULL;
    wchar_t created[512];

    real_delete_tree(ACS_ROOT_POLICY_KEY);
    assert_true(real_first_missing(ACS_ROOT_POLICY_KEY, created, 512));
    assert_true(acs_registry_watch_arm(&watch));
    real_reg_dword(ACS_ROOT_POLICY_KEY, L"Other", 1); /* creates the key */
    assert_true(changed_within(watch, 2000));
    assert_true(acs_registry_watch_arm(&watch));
    assert_non_null(watch);
    assert_true(acs_registry_watch_unchanged(watch));
    assert_false(changed_within(watch, 200));
    real_reg_dword(ACS_ROOT_POLICY_KEY, L"DisableRootAutoUpdate", 1);
    assert_true(changed_within(watch, 2000));
    assert_true(acs_registry_watch_arm(&watch));
    assert_false(changed_within(watch, 200));
    /* A watched key deleted. */
    real_delete_tree(ACS_ROOT_POLICY_KEY);
    assert_false(real_key_exists(ACS_ROOT_POLICY_KEY));
    assert_true(changed_within(watch, 2000));
    acs_registry_watch_free(watch);
    real_delete_tree(created);
    assert_false(acs_registry_watch_unchanged(NULL));
}

static int group_setup(void **state)
{
    int rc = real_registry_wine_only(state); /* it writes under HKLM and into %windir% */
    return rc != 0 ? rc : fake_catalog_setup(state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_watch_covers_every_read, fake_setup, fake_teardown),
        cmocka_unit_test(test_watch_sees_changes),
        cmocka_unit_test(test_watch_renews),
    };
    return cmocka_run_group_tests(tests, group_setup, fake_catalog_teardown);
}
