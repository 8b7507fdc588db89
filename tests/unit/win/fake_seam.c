/* The in-memory Windows behind fake_seam.h, and the cmocka fixtures the
 * collector tests share. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
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
