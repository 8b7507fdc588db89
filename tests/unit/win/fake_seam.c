/* The in-memory Windows behind fake_seam.h, and the cmocka fixtures the
 * collector tests share. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include <cmocka.h>

#include "fake_seam.h"

typedef struct fake_value {
    wchar_t name[256];
    DWORD type;
    DWORD size;
    BYTE *data;
    struct fake_value *next;
} fake_value;

struct fake_key {
    wchar_t name[256];
    LONG open_rc;
    fake_key *children, *next;
    fake_value *values;
};

static fake_key *key_new(const wchar_t *name, size_t len)
{
    fake_key *key = calloc(1, sizeof(*key));
    if (!key)
        abort();
    wcsncpy(key->name, name, len < 255 ? len : 255);
    return key;
}

static void key_free(fake_key *key)
{
    while (key) {
        fake_key *next = key->next;
        fake_value *value = key->values;
        while (value) {
            fake_value *next_value = value->next;
            free(value->data);
            free(value);
            value = next_value;
        }
        key_free(key->children);
        free(key);
        key = next;
    }
}

static fake_key *child(fake_key *parent, const wchar_t *name, size_t len, bool create)
{
    fake_key *key, **tail = &parent->children;

    for (key = parent->children; key; key = key->next) {
        if (wcslen(key->name) == len && _wcsnicmp(key->name, name, len) == 0)
            return key;
        tail = &key->next;
    }
    if (!create)
        return NULL;
    *tail = key_new(name, len);
    return *tail;
}

/* Walks a backslash path; NULL when a part is missing (and !create). *denied
 * gets the open_rc of the first key on the way that refuses to open. */
static fake_key *walk(fake_key *from, const wchar_t *path, bool create, LONG *denied)
{
    fake_key *key = from;

    while (key && *path) {
        const wchar_t *end = wcschr(path, L'\\');
        size_t len = end ? (size_t)(end - path) : wcslen(path);
        key = child(key, path, len, create);
        if (key && denied && key->open_rc != ERROR_SUCCESS && *denied == ERROR_SUCCESS)
            *denied = key->open_rc;
        path += len;
        if (*path == L'\\')
            path++;
    }
    return key;
}

static fake_windows *fake_of(void *ctx)
{
    return ctx;
}

static fake_key *key_of(fake_windows *fake, HKEY handle)
{
    return handle == HKEY_LOCAL_MACHINE ? fake->root : (fake_key *)handle;
}

static LONG fake_open(void *ctx, HKEY parent, const wchar_t *path, HKEY *out)
{
    fake_windows *fake = fake_of(ctx);
    LONG denied = ERROR_SUCCESS;
    fake_key *key = walk(key_of(fake, parent), path, false, &denied);

    fake->open_attempts++;
    if (denied != ERROR_SUCCESS)
        return denied;
    if (!key)
        return ERROR_FILE_NOT_FOUND;
    fake->opens++;
    *out = (HKEY)key;
    return ERROR_SUCCESS;
}

static fake_value *find_value(fake_key *key, const wchar_t *name)
{
    fake_value *value;
    for (value = key->values; value; value = value->next)
        if (_wcsicmp(value->name, name ? name : L"") == 0)
            return value;
    return NULL;
}

/* RegQueryValueEx's contract: type and needed size always; ERROR_MORE_DATA when data is too small. */
static LONG fake_query(void *ctx, HKEY handle, const wchar_t *name, DWORD *type, BYTE *data, DWORD *size)
{
    fake_windows *fake = fake_of(ctx);
    fake_value *value = find_value(key_of(fake, handle), name);

    fake->queries++;
    if (!value)
        return ERROR_FILE_NOT_FOUND;
    if (type)
        *type = value->type;
    if (data && *size < value->size) {
        *size = value->size;
        return ERROR_MORE_DATA;
    }
    if (data)
        memcpy(data, value->data, value->size);
    *size = value->size;
    return ERROR_SUCCESS;
}

static LONG copy_name(const wchar_t *from, wchar_t *name, DWORD *chars)
{
    DWORD len = (DWORD)wcslen(from);
    if (len + 1 > *chars)
        return ERROR_MORE_DATA;
    wcscpy(name, from);
    *chars = len;
    return ERROR_SUCCESS;
}

static LONG fake_enum_value(void *ctx, HKEY handle, DWORD index, wchar_t *name, DWORD *chars)
{
    fake_windows *fake = fake_of(ctx);
    fake_value *value = key_of(fake, handle)->values;

    fake->enum_values++;
    while (value && index--)
        value = value->next;
    return value ? copy_name(value->name, name, chars) : ERROR_NO_MORE_ITEMS;
}

static LONG fake_enum_key(void *ctx, HKEY handle, DWORD index, wchar_t *name, DWORD *chars)
{
    fake_windows *fake = fake_of(ctx);
    fake_key *key = key_of(fake, handle)->children;

    fake->enum_keys++;
    if (fake->enum_key_rc != ERROR_SUCCESS)
        return fake->enum_key_rc;
    while (key && index--)
        key = key->next;
    return key ? copy_name(key->name, name, chars) : ERROR_NO_MORE_ITEMS;
}

static void fake_close(void *ctx, HKEY handle)
{
    fake_of(ctx)->closes++;
}

static LONG fake_os_version(void *ctx, OSVERSIONINFOEXW *out)
{
    fake_windows *fake = fake_of(ctx);
    if (fake->version_rc == ERROR_SUCCESS)
        *out = fake->version;
    return fake->version_rc;
}

static LONG fake_native_arch(void *ctx, WORD *arch)
{
    fake_windows *fake = fake_of(ctx);
    *arch = fake->arch;
    return fake->arch_rc;
}

static LONG fake_file_version(void *ctx, const wchar_t *relative, uint16_t version[4])
{
    fake_windows *fake = fake_of(ctx);
    fake->file_version_calls++;
    wcsncpy(fake->file_version_path, relative, 127);
    if (fake->file_version_rc == ERROR_SUCCESS)
        memcpy(version, fake->file_version, sizeof(fake->file_version));
    return fake->file_version_rc;
}

/* FindFirstFile's wildcard: '*' any run, '?' one character, case-insensitive. */
static bool glob(const wchar_t *pattern, const wchar_t *name)
{
    if (!*pattern)
        return !*name;
    if (*pattern == L'*')
        return glob(pattern + 1, name) || (*name && glob(pattern, name + 1));
    if (!*name)
        return false;
    if (*pattern != L'?' && towlower(*pattern) != towlower(*name))
        return false;
    return glob(pattern + 1, name + 1);
}

static LONG fake_list_files(void *ctx, const wchar_t *dir, const wchar_t *pattern,
                            void (*each)(void *user, const wchar_t *name), void *user)
{
    fake_windows *fake = fake_of(ctx);
    size_t i;

    fake->list_calls++;
    if (fake->list_files_rc != ERROR_SUCCESS)
        return fake->list_files_rc;
    if (_wcsicmp(dir, L"servicing\\Packages") != 0)
        return ERROR_PATH_NOT_FOUND;
    for (i = 0; i < fake->mum_count; i++)
        if (glob(pattern, fake->mums[i]))
            each(user, fake->mums[i]);
    return ERROR_SUCCESS;
}

static LONG fake_cert_find(void *ctx, acs_store_index store, const uint8_t sha1[20], uint8_t sha256[32],
                           bool *sha256_known)
{
    fake_windows *fake = fake_of(ctx);
    const fake_cert_place *place = &fake->certs[store];

    fake->cert_calls++;
    memcpy(fake->last_sha1, sha1, 20);
    *sha256_known = false;
    if (place->rc == ERROR_SUCCESS) {
        *sha256_known = place->sha256_known;
        memcpy(sha256, place->sha256, 32);
    }
    return place->rc;
}

static int64_t fake_now(void *ctx)
{
    return fake_of(ctx)->now;
}

/* --- protected services --------------------------------------------------- */

static LONG fake_key_info(void *ctx, HKEY handle, DWORD *subkeys, uint64_t *last_write)
{
    fake_windows *fake = fake_of(ctx);
    fake_key *key = key_of(fake, handle)->children;
    *subkeys = 0;
    for (; key; key = key->next)
        (*subkeys)++;
    *last_write = fake->services_last_write;
    return ERROR_SUCCESS;
}

static LONG fake_system_root(void *ctx, wchar_t *out, DWORD chars)
{
    wcsncpy(out, L"C:\\Windows", chars);
    return ERROR_SUCCESS;
}

static LONG fake_service_states(void *ctx, void (*each)(void *user, const wchar_t *name, DWORD state, DWORD pid),
                                void *user)
{
    fake_windows *fake = fake_of(ctx);
    fake->status_calls++;
    if (fake->states_rc != ERROR_SUCCESS)
        return fake->states_rc;
    for (size_t i = 0; i < fake->service_count; i++)
        if (fake->services[i].rc == ERROR_SUCCESS) /* rc != 0: the SCM does not list it */
            each(user, fake->services[i].name, fake->services[i].state, fake->services[i].pid);
    return ERROR_SUCCESS;
}

static LONG fake_process_protection(void *ctx, DWORD pid, DWORD *level)
{
    fake_windows *fake = fake_of(ctx);
    for (size_t i = 0; i < fake->service_count; i++)
        if (fake->services[i].pid == pid && pid) {
            *level = fake->services[i].level;
            return fake->services[i].protection_rc;
        }
    return ERROR_INVALID_PARAMETER;
}

static fake_file *find_file(fake_windows *fake, const wchar_t *path)
{
    for (size_t i = 0; i < fake->file_count; i++)
        if (_wcsicmp(fake->files[i].path, path) == 0)
            return &fake->files[i];
    return NULL;
}

static LONG fake_file_identity(void *ctx, const wchar_t *path, uint64_t *size, uint64_t *last_write)
{
    fake_file *file = find_file(fake_of(ctx), path);
    if (!file)
        return ERROR_FILE_NOT_FOUND;
    *size = file->size;
    *last_write = file->last_write;
    return file->rc;
}

static LONG fake_file_signatures(void *ctx, const wchar_t *path, acs_signature_list *out)
{
    fake_windows *fake = fake_of(ctx);
    fake_file *file = find_file(fake, path);
    fake->signature_calls++;
    if (!file)
        return ERROR_FILE_NOT_FOUND;
    *out = file->signatures;
    return file->rc;
}

static LONG fake_path_variant(void *ctx, const wchar_t *path, bool want_short, wchar_t *out, DWORD chars)
{
    fake_windows *fake = fake_of(ctx);
    out[0] = L'\0';
    for (size_t i = 0; i < fake->file_count; i++) {
        const wchar_t *slash = wcsrchr(fake->files[i].path, L'\\');
        size_t n = slash ? (size_t)(slash - fake->files[i].path) : 0;
        if (n && wcslen(path) == n && _wcsnicmp(path, fake->files[i].path, n) == 0) {
            wcsncpy(out, want_short ? fake->files[i].short_folder : path, chars);
            return ERROR_SUCCESS;
        }
    }
    return ERROR_FILE_NOT_FOUND;
}

static LONG fake_dos_devices(void *ctx, acs_dos_device *out, size_t max, size_t *count)
{
    fake_windows *fake = fake_of(ctx);
    *count = 0;
    for (size_t i = 0; i < fake->device_count && i < max; i++)
        out[(*count)++] = fake->devices[i];
    return ERROR_SUCCESS;
}

static LONG fake_code_integrity_events(void *ctx, int64_t since_unix, unsigned max,
                                       void (*each)(void *user, const acs_ci_event *event), void *user)
{
    fake_windows *fake = fake_of(ctx);
    unsigned given = 0;
    fake->event_calls++;
    fake->event_max_asked = max;
    fake->event_since_asked = since_unix;
    if (fake->events_rc != ERROR_SUCCESS)
        return fake->events_rc;
    for (size_t i = 0; i < fake->event_count && given < max; i++)
        if (fake->events[i].time_unix >= since_unix) {
            each(user, &fake->events[i]);
            given++;
        }
    return ERROR_SUCCESS;
}

static LONG fake_boot_time(void *ctx, int64_t *unix_seconds)
{
    fake_windows *fake = fake_of(ctx);
    *unix_seconds = fake->boot;
    return fake->boot_rc;
}

fake_service *fake_service_add(fake_windows *fake, const wchar_t *name, DWORD launch_protected, const wchar_t *image)
{
    wchar_t path[512];
    fake_service *s;
    swprintf(path, 512, L"SYSTEM\\CurrentControlSet\\Services\\%ls", name);
    fake_reg_dword(fake, path, L"Start", 2);
    if (launch_protected)
        fake_reg_dword(fake, path, L"LaunchProtected", launch_protected);
    if (image)
        fake_reg_raw(fake, path, L"ImagePath", REG_EXPAND_SZ, image, (DWORD)((wcslen(image) + 1) * sizeof(wchar_t)));
    if (fake->service_count == sizeof fake->services / sizeof fake->services[0])
        abort();
    s = &fake->services[fake->service_count++];
    memset(s, 0, sizeof *s);
    wcsncpy(s->name, name, 63);
    s->state = SERVICE_STOPPED;
    s->protection_rc = ERROR_NOT_SUPPORTED;
    return s;
}

fake_file *fake_file_add(fake_windows *fake, const wchar_t *path, uint64_t size)
{
    fake_file *f;
    if (fake->file_count == sizeof fake->files / sizeof fake->files[0])
        abort();
    f = &fake->files[fake->file_count++];
    memset(f, 0, sizeof *f);
    wcsncpy(f->path, path, 259);
    f->size = size;
    f->last_write = 133000000000000000ull;
    f->signatures.trust = (LONG)TRUST_E_NOSIGNATURE;
    return f;
}

void fake_file_sign(fake_file *file, const char *signer, const uint8_t *const *chain, size_t chain_count,
                    bool top_self_signed, const char *top_issuer)
{
    acs_signature_info *sig = &file->signatures.signatures[file->signatures.count++];
    memset(sig, 0, sizeof *sig);
    snprintf(sig->signer, sizeof sig->signer, "%s", signer);
    for (size_t i = 0; i < chain_count && i < ACS_MAX_CHAIN; i++)
        memcpy(sig->chain_sha1[sig->chain_count++], chain[i], 20);
    sig->top_self_signed = top_self_signed;
    snprintf(sig->top_issuer, sizeof sig->top_issuer, "%s", top_issuer ? top_issuer : "");
    file->signatures.trust = 0;
}

acs_ci_event *fake_event_add(fake_windows *fake, uint32_t id, int64_t when, const char *file, const char *process)
{
    acs_ci_event *e;
    if (fake->event_count == sizeof fake->events / sizeof fake->events[0])
        abort();
    e = &fake->events[fake->event_count++];
    memset(e, 0, sizeof *e);
    e->id = id;
    e->time_unix = when;
    e->verification_error = -1;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    snprintf(e->process, sizeof e->process, "%s", process ? process : "");
    return e;
}

fake_windows *fake_windows_new(void)
{
    fake_windows *fake = calloc(1, sizeof(*fake));
    size_t i;

    if (!fake)
        abort();
    fake->root = key_new(L"HKLM", 4);
    fake->seam.ctx = fake;
    fake->seam.reg_open = fake_open;
    fake->seam.reg_query = fake_query;
    fake->seam.reg_enum_value = fake_enum_value;
    fake->seam.reg_enum_key = fake_enum_key;
    fake->seam.reg_close = fake_close;
    fake->seam.os_version = fake_os_version;
    fake->seam.native_arch = fake_native_arch;
    fake->seam.file_version = fake_file_version;
    fake->seam.list_files = fake_list_files;
    fake->seam.cert_find = fake_cert_find;
    fake->seam.now_unix = fake_now;
    fake->seam.reg_key_info = fake_key_info;
    fake->seam.system_root = fake_system_root;
    fake->seam.service_states = fake_service_states;
    fake->seam.process_protection = fake_process_protection;
    fake->seam.file_identity = fake_file_identity;
    fake->seam.file_signatures = fake_file_signatures;
    fake->seam.path_variant = fake_path_variant;
    fake->seam.dos_devices = fake_dos_devices;
    fake->seam.code_integrity_events = fake_code_integrity_events;
    fake->seam.boot_time = fake_boot_time;
    fake->boot = 1699990000; /* ~3 hours before now */
    fake_set_version(fake, 6, 1, 7601, 1, VER_NT_WORKSTATION);
    fake->arch = PROCESSOR_ARCHITECTURE_AMD64;
    fake->file_version_rc = ERROR_FILE_NOT_FOUND;
    for (i = 0; i < ACS_STORE_COUNT; i++)
        fake->certs[i].rc = CRYPT_E_NOT_FOUND;
    fake->now = 1700000000; /* 2023-11-14 */
    return fake;
}

void fake_windows_free(fake_windows *fake)
{
    if (!fake)
        return;
    key_free(fake->root);
    free(fake);
}

fake_key *fake_reg_key(fake_windows *fake, const wchar_t *path)
{
    return walk(fake->root, path, true, NULL);
}

void fake_reg_raw(fake_windows *fake, const wchar_t *path, const wchar_t *name, DWORD type, const void *data,
                  DWORD size)
{
    fake_key *key = fake_reg_key(fake, path);
    fake_value *value = find_value(key, name), **tail;

    if (!value) {
        value = calloc(1, sizeof(*value));
        if (!value)
            abort();
        wcsncpy(value->name, name ? name : L"", 255);
        for (tail = &key->values; *tail; tail = &(*tail)->next)
            ;
        *tail = value;
    }
    free(value->data);
    value->data = malloc(size ? size : 1);
    if (!value->data)
        abort();
    memcpy(value->data, data, size);
    value->type = type;
    value->size = size;
}

void fake_reg_dword(fake_windows *fake, const wchar_t *path, const wchar_t *name, DWORD value)
{
    fake_reg_raw(fake, path, name, REG_DWORD, &value, sizeof(value));
}

void fake_reg_sz(fake_windows *fake, const wchar_t *path, const wchar_t *name, const wchar_t *text)
{
    fake_reg_raw(fake, path, name, REG_SZ, text, (DWORD)((wcslen(text) + 1) * sizeof(wchar_t)));
}

void fake_reg_fail_open(fake_windows *fake, const wchar_t *path, LONG rc)
{
    fake_reg_key(fake, path)->open_rc = rc;
}

void fake_cbs_package(fake_windows *fake, const wchar_t *identity, DWORD current_state, bool indexed)
{
    wchar_t path[1024], index[512];
    const wchar_t *tilde;
    int fields = 0;
    size_t len;

    swprintf(path, 1024, L"%ls\\Packages\\%ls", ACS_CBS_KEY, identity);
    fake_reg_dword(fake, path, L"CurrentState", current_state);
    if (!indexed)
        return;
    /* PackageIndex key = identity with its version replaced by 0.0.0.0 */
    for (tilde = identity; *tilde && fields < 4; tilde++)
        if (*tilde == L'~')
            fields++;
    len = (size_t)(tilde - identity);
    wcsncpy(index, identity, len);
    index[len] = L'\0';
    swprintf(path, 1024, L"%ls\\PackageIndex\\%ls0.0.0.0", ACS_CBS_KEY, index);
    fake_reg_raw(fake, path, identity, REG_SZ, L"", sizeof(wchar_t));
}

void fake_mum_file(fake_windows *fake, const wchar_t *file_name)
{
    if (fake->mum_count < sizeof(fake->mums) / sizeof(fake->mums[0]))
        wcsncpy(fake->mums[fake->mum_count++], file_name, 255);
}

void fake_set_version(fake_windows *fake, DWORD major, DWORD minor, DWORD build, WORD sp, BYTE product_type)
{
    memset(&fake->version, 0, sizeof(fake->version));
    fake->version.dwOSVersionInfoSize = sizeof(fake->version);
    fake->version.dwMajorVersion = major;
    fake->version.dwMinorVersion = minor;
    fake->version.dwBuildNumber = build;
    fake->version.wServicePackMajor = sp;
    fake->version.wProductType = product_type;
    fake->version_rc = ERROR_SUCCESS;
}

unsigned fake_open_keys(const fake_windows *fake)
{
    return fake->opens - fake->closes;
}

int fake_setup(void **state)
{
    *state = fake_windows_new();
    return 0;
}

int fake_teardown(void **state)
{
    fake_windows *fake = *state;
    assert_int_equal(fake_open_keys(fake), 0); /* every key the collectors opened was closed */
    fake_windows_free(fake);
    return 0;
}

acs_catalog *fake_builtin_catalog;

int fake_catalog_setup(void **state)
{
    char err[512];
    acs_catalog_library_init();
    if (acs_catalog_load_builtin(&fake_builtin_catalog, err, sizeof(err)) != 0) {
        print_error("built-in catalog: %s\n", err);
        return -1;
    }
    return 0;
}

int fake_catalog_teardown(void **state)
{
    acs_catalog_free(fake_builtin_catalog);
    fake_builtin_catalog = NULL;
    acs_catalog_library_cleanup();
    return 0;
}
