/* The real seam: each function is one Windows API call (or a few), with the
 * APIs an old system may lack looked up at run time so the same binary loads
 * on Server 2008 SP2 and says what it could not read. */
#include <string.h>
#include <wchar.h>

#include "collect/collect.h"
#include "collect/ppl_win.h"

#include <wincrypt.h> /* after windows.h, which collect.h brings */

#ifndef CALG_SHA_256
#define CALG_SHA_256 (ALG_CLASS_HASH | ALG_TYPE_ANY | 12)
#endif
#ifndef CERT_SHA256_HASH_PROP_ID
#define CERT_SHA256_HASH_PROP_ID 107
#endif
#ifndef CERT_SYSTEM_STORE_LOCAL_MACHINE_GROUP_POLICY
#define CERT_SYSTEM_STORE_LOCAL_MACHINE_GROUP_POLICY (8u << 16)
#endif
#ifndef CERT_SYSTEM_STORE_LOCAL_MACHINE_ENTERPRISE
#define CERT_SYSTEM_STORE_LOCAL_MACHINE_ENTERPRISE (9u << 16)
#endif

#define FILETIME_UNIX_EPOCH 116444736000000000LL

typedef LONG(WINAPI *rtl_get_version_fn)(OSVERSIONINFOEXW *);
typedef void(WINAPI *get_native_system_info_fn)(SYSTEM_INFO *);
typedef BOOL(WINAPI *is_wow64_process_fn)(HANDLE, BOOL *);
typedef BOOL(WINAPI *wow64_disable_fn)(PVOID *);
typedef BOOL(WINAPI *wow64_revert_fn)(PVOID);
typedef BOOL(WINAPI *crypt_hash_certificate2_fn)(LPCWSTR, DWORD, void *, const BYTE *, DWORD, BYTE *, DWORD *);

/* Casting FARPROC to a typed pointer goes through void* to keep -Wcast-function-type quiet. */
static void *system_proc(const wchar_t *module, const char *name)
{
    HMODULE handle = GetModuleHandleW(module);
    return handle ? (void *)(INT_PTR)GetProcAddress(handle, name) : NULL;
}

static LONG win_reg_open(void *ctx, HKEY parent, const wchar_t *path, HKEY *out)
{
    /* KEY_WOW64_64KEY: a 32-bit provider on 64-bit Windows must read the
     * 64-bit SOFTWARE hive, not Wow6432Node
     * (https://learn.microsoft.com/windows/win32/winprog64/registry-redirector). */
    return RegOpenKeyExW(parent, path, 0, KEY_READ | KEY_WOW64_64KEY, out);
}

static LONG win_reg_query(void *ctx, HKEY key, const wchar_t *value, DWORD *type, BYTE *data, DWORD *size)
{
    return RegQueryValueExW(key, value, NULL, type, data, size);
}

static LONG win_reg_enum_value(void *ctx, HKEY key, DWORD index, wchar_t *name, DWORD *name_chars)
{
    return RegEnumValueW(key, index, name, name_chars, NULL, NULL, NULL, NULL);
}

static LONG win_reg_enum_key(void *ctx, HKEY key, DWORD index, wchar_t *name, DWORD *name_chars)
{
    return RegEnumKeyExW(key, index, name, name_chars, NULL, NULL, NULL, NULL);
}

static void win_reg_close(void *ctx, HKEY key)
{
    RegCloseKey(key);
}

/* RtlGetVersion, not GetVersionEx: without a supportedOS manifest the latter
 * clamps to 6.2.9200, in Wine as on Windows (servicing-evidence.md, "Wine"). */
static LONG win_os_version(void *ctx, OSVERSIONINFOEXW *out)
{
    rtl_get_version_fn rtl_get_version = (rtl_get_version_fn)system_proc(L"ntdll.dll", "RtlGetVersion");
    LONG status;

    if (!rtl_get_version)
        return ERROR_PROC_NOT_FOUND;
    out->dwOSVersionInfoSize = sizeof(*out);
    status = rtl_get_version(out);
    return status == 0 ? ERROR_SUCCESS : status;
}

/* The OS's architecture cannot change while a process runs, and asking costs
 * a Wine server round trip (~90 us, docs/performance.md): asked once. */
static LONG win_native_arch(void *ctx, WORD *arch)
{
    static volatile LONG known_arch = -1; /* -1: not asked yet */
    get_native_system_info_fn get_native;
    SYSTEM_INFO info;
    LONG seen = InterlockedCompareExchange(&known_arch, -1, -1);

    if (seen >= 0) {
        *arch = (WORD)seen;
        return ERROR_SUCCESS;
    }
    get_native = (get_native_system_info_fn)system_proc(L"kernel32.dll", "GetNativeSystemInfo");
    if (!get_native)
        return ERROR_PROC_NOT_FOUND;
    memset(&info, 0, sizeof(info));
    get_native(&info);
    *arch = info.wProcessorArchitecture;
    InterlockedExchange(&known_arch, (LONG)info.wProcessorArchitecture);
    return ERROR_SUCCESS;
}

static bool process_is_wow64(void)
{
    is_wow64_process_fn is_wow64 = (is_wow64_process_fn)system_proc(L"kernel32.dll", "IsWow64Process");
    BOOL wow64 = FALSE;

    return is_wow64 && is_wow64(GetCurrentProcess(), &wow64) && wow64;
}

static LONG windir_path(const wchar_t *relative, wchar_t *out, size_t chars)
{
    UINT len = GetSystemWindowsDirectoryW(out, (UINT)chars);

    if (!len || len >= chars)
        return len ? ERROR_BUFFER_OVERFLOW : (LONG)GetLastError();
    if (len + 1 + wcslen(relative) + 1 > chars)
        return ERROR_BUFFER_OVERFLOW;
    if (out[len - 1] != L'\\')
        out[len++] = L'\\';
    wcscpy(out + len, relative);
    return ERROR_SUCCESS;
}

static LONG read_version_resource(const wchar_t *path, uint16_t version[4])
{
    DWORD handle = 0, size;
    void *block = NULL;
    VS_FIXEDFILEINFO *fixed = NULL;
    UINT fixed_len = 0;
    LONG rc = ERROR_SUCCESS;

    size = GetFileVersionInfoSizeW(path, &handle);
    if (!size)
        return (LONG)GetLastError();
    block = HeapAlloc(GetProcessHeap(), 0, size);
    if (!block)
        return ERROR_NOT_ENOUGH_MEMORY;
    if (!GetFileVersionInfoW(path, 0, size, block)) {
        rc = (LONG)GetLastError();
        goto done;
    }
    if (!VerQueryValueW(block, L"\\", (void **)&fixed, &fixed_len) || fixed_len < sizeof(*fixed) ||
        fixed->dwSignature != 0xFEEF04BDu) {
        rc = ERROR_RESOURCE_TYPE_NOT_FOUND;
        goto done;
    }
    version[0] = HIWORD(fixed->dwFileVersionMS);
    version[1] = LOWORD(fixed->dwFileVersionMS);
    version[2] = HIWORD(fixed->dwFileVersionLS);
    version[3] = LOWORD(fixed->dwFileVersionLS);
done:
    HeapFree(GetProcessHeap(), 0, block);
    return rc;
}

/* ntoskrnl.exe lives only in the native System32; a 32-bit process sees
 * SysWOW64 there unless redirection is off for this thread
 * (https://learn.microsoft.com/windows/win32/winprog64/file-system-redirector). */
static LONG win_file_version(void *ctx, const wchar_t *relative, uint16_t version[4])
{
    wchar_t path[MAX_PATH + 64];
    wow64_disable_fn disable = NULL;
    wow64_revert_fn revert = NULL;
    PVOID old_state = NULL;
    bool redirection_off = false;
    LONG rc;

    if (process_is_wow64()) {
        disable = (wow64_disable_fn)system_proc(L"kernel32.dll", "Wow64DisableWow64FsRedirection");
        revert = (wow64_revert_fn)system_proc(L"kernel32.dll", "Wow64RevertWow64FsRedirection");
        if (disable && revert) {
            redirection_off = disable(&old_state) != FALSE;
        } else if (_wcsnicmp(relative, L"System32\\", 9) == 0) {
            /* Sysnative: the alias of the native System32 for WOW64 processes */
            rc = windir_path(L"Sysnative\\", path, sizeof(path) / sizeof(path[0]));
            if (rc != ERROR_SUCCESS)
                return rc;
            wcscat(path, relative + 9);
            return read_version_resource(path, version);
        }
    }
    rc = windir_path(relative, path, sizeof(path) / sizeof(path[0]));
    if (rc == ERROR_SUCCESS)
        rc = read_version_resource(path, version);
    if (redirection_off)
        revert(old_state);
    return rc;
}

static LONG win_list_files(void *ctx, const wchar_t *dir, const wchar_t *pattern,
                           void (*each)(void *user, const wchar_t *name), void *user)
{
    wchar_t path[MAX_PATH * 2];
    WIN32_FIND_DATAW found;
    HANDLE find;
    LONG rc = windir_path(dir, path, sizeof(path) / sizeof(path[0]));

    if (rc != ERROR_SUCCESS)
        return rc;
    if (wcslen(path) + 1 + wcslen(pattern) + 1 > sizeof(path) / sizeof(path[0]))
        return ERROR_BUFFER_OVERFLOW;
    wcscat(path, L"\\");
    wcscat(path, pattern);
    find = FindFirstFileW(path, &found);
    if (find == INVALID_HANDLE_VALUE) {
        rc = (LONG)GetLastError();
        return rc == ERROR_FILE_NOT_FOUND || rc == ERROR_NO_MORE_FILES ? ERROR_SUCCESS : rc;
    }
    do {
        if (!(found.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY))
            each(user, found.cFileName);
    } while (FindNextFileW(find, &found));
    rc = (LONG)GetLastError();
    FindClose(find);
    return rc == ERROR_NO_MORE_FILES ? ERROR_SUCCESS : rc;
}

/* SHA-256 of a certificate: the cached property (Vista+ computes it), else
 * CryptHashCertificate2 (Vista+, CNG), else the legacy CSP. False when this
 * system can do none of them (the caller then accepts the SHA-1 match). */
static bool certificate_sha256(PCCERT_CONTEXT cert, uint8_t sha256[32])
{
    crypt_hash_certificate2_fn hash2 =
        (crypt_hash_certificate2_fn)system_proc(L"crypt32.dll", "CryptHashCertificate2");
    DWORD size = 32;

    if (CertGetCertificateContextProperty(cert, CERT_SHA256_HASH_PROP_ID, sha256, &size) && size == 32)
        return true;
    size = 32;
    if (hash2 && hash2(L"SHA256", 0, NULL, cert->pbCertEncoded, cert->cbCertEncoded, sha256, &size) && size == 32)
        return true;
    size = 32;
    return CryptHashCertificate(0, CALG_SHA_256, 0, cert->pbCertEncoded, cert->cbCertEncoded, sha256, &size) &&
           size == 32;
}

/* A serialized element is a few KiB; anything far larger is not a root. */
#define MAX_CERT_BLOB (256u * 1024u)

static LONG read_blob(HKEY key, BYTE **out, DWORD *out_size)
{
    DWORD type = 0, size = 0;
    LONG rc = RegQueryValueExW(key, L"Blob", NULL, &type, NULL, &size);
    BYTE *data;
    if (rc != ERROR_SUCCESS)
        return rc;
    if (type != REG_BINARY || size == 0 || size > MAX_CERT_BLOB)
        return ERROR_INVALID_DATA;
    data = malloc(size);
    if (!data)
        return ERROR_NOT_ENOUGH_MEMORY;
    rc = RegQueryValueExW(key, L"Blob", NULL, &type, data, &size);
    if (rc != ERROR_SUCCESS) {
        free(data);
        return rc;
    }
    *out = data;
    *out_size = size;
    return ERROR_SUCCESS;
}

/* Opening a system store makes crypt32 load every certificate in it (one
 * registry key each: 23 ms warm, 110 ms cold for Wine's 149 roots), so the
 * look-up goes straight to the key named by the thumbprint. crypt32 still
 * decodes the element and proves its SHA-1 (a key name alone could lie) in a
 * memory store holding just that certificate. Nothing here touches the network. */
static LONG win_cert_find(void *ctx, acs_store_index physical_store, const uint8_t sha1[20], uint8_t sha256[32],
                          bool *sha256_known)
{
    static const wchar_t hex[] = L"0123456789ABCDEF";
    wchar_t path[160];
    const wchar_t *key_name;
    size_t base, i;
    HKEY key = NULL;
    BYTE *blob = NULL;
    DWORD blob_size = 0;
    HCERTSTORE store = NULL;
    PCCERT_CONTEXT cert = NULL;
    CRYPT_HASH_BLOB hash;
    LONG rc;

    *sha256_known = false;
    if ((unsigned)physical_store >= ACS_STORE_COUNT)
        return ERROR_INVALID_PARAMETER;
    /* The store's key (core/facts.h, ASCII) and the certificate's subkey, named
     * by its SHA-1 in upper-case hex: one registry key per certificate, the
     * serialized element in its value Blob. */
    key_name = acs_store_registry_key(physical_store);
    base = wcslen(key_name);
    if (base + 1 + 40 + 1 > sizeof(path) / sizeof(path[0]))
        return ERROR_BUFFER_OVERFLOW;
    wmemcpy(path, key_name, base);
    path[base++] = L'\\';
    for (i = 0; i < 20; i++) {
        path[base++] = hex[sha1[i] >> 4];
        path[base++] = hex[sha1[i] & 15];
    }
    path[base] = 0;

    rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &key);
    if (rc == ERROR_FILE_NOT_FOUND)
        return CRYPT_E_NOT_FOUND; /* neither the store nor the certificate: not there */
    if (rc != ERROR_SUCCESS)
        return rc;
    rc = read_blob(key, &blob, &blob_size);
    if (rc != ERROR_SUCCESS)
        goto done;
    store = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
    if (!store) {
        rc = (LONG)GetLastError();
        goto done;
    }
    if (!CertAddSerializedElementToStore(store, blob, blob_size, CERT_STORE_ADD_ALWAYS, 0,
                                         CERT_STORE_CERTIFICATE_CONTEXT_FLAG, NULL, NULL)) {
        rc = (LONG)GetLastError();
        if (rc == ERROR_SUCCESS)
            rc = ERROR_INVALID_DATA;
        goto done;
    }
    hash.cbData = 20;
    hash.pbData = (BYTE *)sha1;
    cert = CertFindCertificateInStore(store, X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, 0, CERT_FIND_SHA1_HASH, &hash,
                                      NULL);
    if (!cert) {
        rc = CRYPT_E_NOT_FOUND; /* the key is named for the root but holds another certificate */
        goto done;
    }
    *sha256_known = certificate_sha256(cert, sha256);
    rc = ERROR_SUCCESS;
done:
    if (cert)
        CertFreeCertificateContext(cert);
    if (store)
        CertCloseStore(store, 0);
    free(blob);
    RegCloseKey(key);
    return rc;
}

static int64_t win_now_unix(void *ctx)
{
    FILETIME now;
    ULARGE_INTEGER ticks;

    GetSystemTimeAsFileTime(&now);
    ticks.LowPart = now.dwLowDateTime;
    ticks.HighPart = now.dwHighDateTime;
    return ((int64_t)ticks.QuadPart - FILETIME_UNIX_EPOCH) / 10000000;
}

static const acs_seam windows_seam = {
    NULL,
    win_reg_open,
    win_reg_query,
    win_reg_enum_value,
    win_reg_enum_key,
    win_reg_close,
    win_os_version,
    win_native_arch,
    win_file_version,
    win_list_files,
    win_cert_find,
    win_now_unix,
    acs_win_reg_key_info,
    acs_win_system_root,
    acs_win_service_states,
    acs_win_process_protection,
    acs_win_file_identity,
    acs_win_file_signatures,
    acs_win_path_variant,
    acs_win_dos_devices,
    acs_win_code_integrity_events,
    acs_win_boot_time,
};

const acs_seam *acs_seam_windows(void)
{
    return &windows_seam;
}
