/* The real seam for protected services: small Windows calls (see ppl_win.h).
 * APIs newer than Server 2008 SP2 / Windows 7 are looked up at run time, so
 * the DLL loads there and says what it could not read. */
#include <string.h>
#include <wchar.h>

#include "collect/ppl_win.h"

#define FILETIME_UNIX_EPOCH 116444736000000000LL

/* PROCESS_INFORMATION_CLASS ProcessProtectionLevelInfo; PROCESSINFOCLASS
 * ProcessProtectionInformation (docs/classes.md cites both). */
#define PROCESS_PROTECTION_LEVEL_INFO_CLASS 7
#define NT_PROCESS_PROTECTION_INFORMATION 61

typedef BOOL(WINAPI *get_process_information_fn)(HANDLE, int, LPVOID, DWORD);
typedef LONG(WINAPI *nt_query_information_process_fn)(HANDLE, int, PVOID, ULONG, PULONG);
typedef ULONGLONG(WINAPI *get_tick_count64_fn)(void);
typedef BOOL(WINAPI *wow64_disable_fn)(PVOID *);
typedef BOOL(WINAPI *wow64_revert_fn)(PVOID);
typedef BOOL(WINAPI *is_wow64_process_fn)(HANDLE, BOOL *);

void *acs_win_system_proc(const wchar_t *module, const char *name)
{
    HMODULE handle = GetModuleHandleW(module);
    return handle ? (void *)(INT_PTR)GetProcAddress(handle, name) : NULL;
}

LONG acs_win_reg_key_info(void *ctx, HKEY key, DWORD *subkeys, uint64_t *last_write)
{
    FILETIME written;
    LONG rc = RegQueryInfoKeyW(key, NULL, NULL, NULL, subkeys, NULL, NULL, NULL, NULL, NULL, NULL, &written);
    if (rc == ERROR_SUCCESS)
        *last_write = ((uint64_t)written.dwHighDateTime << 32) | written.dwLowDateTime;
    return rc;
}

LONG acs_win_system_root(void *ctx, wchar_t *out, DWORD chars)
{
    UINT len = GetSystemWindowsDirectoryW(out, chars);
    if (!len)
        return (LONG)GetLastError();
    return len < chars ? ERROR_SUCCESS : ERROR_BUFFER_OVERFLOW;
}

LONG acs_win_service_states(void *ctx, void (*each)(void *user, const wchar_t *name, DWORD state, DWORD pid),
                            void *user)
{
    SC_HANDLE manager;
    BYTE *buffer = NULL;
    DWORD needed = 0, returned = 0, resume = 0, size = 0;
    LONG rc = ERROR_SUCCESS;

    manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT | SC_MANAGER_ENUMERATE_SERVICE);
    if (!manager)
        return (LONG)GetLastError();
    for (;;) {
        BOOL ok = EnumServicesStatusExW(manager, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_STATE_ALL, buffer, size,
                                        &needed, &returned, &resume, NULL);
        DWORD error = ok ? ERROR_SUCCESS : GetLastError();
        if (!ok && error != ERROR_MORE_DATA) {
            rc = (LONG)error;
            break;
        }
        if (buffer) {
            const ENUM_SERVICE_STATUS_PROCESSW *services = (const ENUM_SERVICE_STATUS_PROCESSW *)buffer;
            for (DWORD i = 0; i < returned; i++)
                each(user, services[i].lpServiceName, services[i].ServiceStatusProcess.dwCurrentState,
                     services[i].ServiceStatusProcess.dwProcessId);
        }
        if (ok)
            break;
        /* More than fits: grow to what it asked for (plus room for services added meanwhile). */
        if (needed > size) {
            HeapFree(GetProcessHeap(), 0, buffer);
            size = needed + 4096;
            buffer = HeapAlloc(GetProcessHeap(), 0, size);
            if (!buffer) {
                rc = ERROR_NOT_ENOUGH_MEMORY;
                break;
            }
        }
    }
    HeapFree(GetProcessHeap(), 0, buffer);
    CloseServiceHandle(manager);
    return rc;
}

/* PS_PROTECTION (Type bits 0-2, Signer bits 4-7) -> PROTECTION_LEVEL_*. */
static bool level_from_ps_protection(BYTE protection, DWORD *level)
{
    static const struct {
        BYTE type, signer;
        DWORD level;
    } map[] = {
        { 1, 6, 0 }, /* WinTcb light */
        { 2, 5, 1 }, /* Windows */
        { 1, 5, 2 }, /* Windows light */
        { 1, 3, 3 }, /* Antimalware light */
        { 1, 4, 4 }, /* Lsa light */
        { 2, 6, 5 }, /* WinTcb */
        { 1, 2, 6 }, /* CodeGen light */
        { 2, 1, 7 }, /* Authenticode */
        { 1, 8, 8 }, /* PPL app */
    };
    BYTE type = protection & 7, signer = (BYTE)(protection >> 4);
    if (type == 0) {
        *level = ACS_PROTECTION_LEVEL_NONE;
        return true;
    }
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].type == type && map[i].signer == signer) {
            *level = map[i].level;
            return true;
        }
    return false;
}

LONG acs_win_process_protection(void *ctx, DWORD pid, DWORD *level)
{
    get_process_information_fn get_info =
        (get_process_information_fn)acs_win_system_proc(L"kernel32.dll", "GetProcessInformation");
    nt_query_information_process_fn nt_query =
        (nt_query_information_process_fn)acs_win_system_proc(L"ntdll.dll", "NtQueryInformationProcess");
    HANDLE process;
    LONG rc = ERROR_NOT_SUPPORTED;

    if (!get_info)
        get_info = (get_process_information_fn)acs_win_system_proc(L"kernelbase.dll", "GetProcessInformation");
    if (!get_info && !nt_query)
        return ERROR_NOT_SUPPORTED;
    /* PROCESS_QUERY_LIMITED_INFORMATION is granted even on protected processes. */
    process = OpenProcess(0x1000 /* PROCESS_QUERY_LIMITED_INFORMATION */, FALSE, pid);
    if (!process)
        return (LONG)GetLastError();
    if (get_info) {
        DWORD info = 0;
        if (get_info(process, PROCESS_PROTECTION_LEVEL_INFO_CLASS, &info, sizeof info)) {
            *level = info;
            rc = ERROR_SUCCESS;
            goto done;
        }
    }
    if (nt_query) {
        BYTE protection = 0;
        ULONG returned = 0;
        if (nt_query(process, NT_PROCESS_PROTECTION_INFORMATION, &protection, sizeof protection, &returned) == 0)
            rc = level_from_ps_protection(protection, level) ? ERROR_SUCCESS : ERROR_INVALID_DATA;
    }
done:
    CloseHandle(process);
    return rc;
}

void acs_win_redirection_disable(acs_redirection *r)
{
    is_wow64_process_fn is_wow64 = (is_wow64_process_fn)acs_win_system_proc(L"kernel32.dll", "IsWow64Process");
    wow64_disable_fn disable =
        (wow64_disable_fn)acs_win_system_proc(L"kernel32.dll", "Wow64DisableWow64FsRedirection");
    BOOL wow64 = FALSE;
    r->off = false;
    r->old = NULL;
    if (is_wow64 && disable && is_wow64(GetCurrentProcess(), &wow64) && wow64)
        r->off = disable(&r->old) != FALSE;
}

void acs_win_redirection_restore(acs_redirection *r)
{
    wow64_revert_fn revert = (wow64_revert_fn)acs_win_system_proc(L"kernel32.dll", "Wow64RevertWow64FsRedirection");
    if (r->off && revert)
        revert(r->old);
}

LONG acs_win_file_identity(void *ctx, const wchar_t *path, uint64_t *size, uint64_t *last_write)
{
    WIN32_FILE_ATTRIBUTE_DATA data;
    acs_redirection r;
    LONG rc = ERROR_SUCCESS;

    acs_win_redirection_disable(&r);
    if (!GetFileAttributesExW(path, GetFileExInfoStandard, &data))
        rc = (LONG)GetLastError();
    acs_win_redirection_restore(&r);
    if (rc != ERROR_SUCCESS)
        return rc;
    if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
        return ERROR_DIRECTORY;
    *size = ((uint64_t)data.nFileSizeHigh << 32) | data.nFileSizeLow;
    *last_write = ((uint64_t)data.ftLastWriteTime.dwHighDateTime << 32) | data.ftLastWriteTime.dwLowDateTime;
    return ERROR_SUCCESS;
}

LONG acs_win_path_variant(void *ctx, const wchar_t *path, bool want_short, wchar_t *out, DWORD chars)
{
    DWORD len = want_short ? GetShortPathNameW(path, out, chars) : GetLongPathNameW(path, out, chars);
    if (!len) {
        out[0] = L'\0';
        return (LONG)GetLastError();
    }
    if (len >= chars) {
        out[0] = L'\0';
        return ERROR_BUFFER_OVERFLOW;
    }
    return ERROR_SUCCESS;
}

LONG acs_win_dos_devices(void *ctx, acs_dos_device *out, size_t max, size_t *count)
{
    DWORD drives = GetLogicalDrives();
    *count = 0;
    for (int i = 0; i < 26 && *count < max; i++) {
        wchar_t drive[3] = { (wchar_t)(L'A' + i), L':', 0 };
        wchar_t target[200];
        if (!(drives & (1u << i)))
            continue;
        if (!QueryDosDeviceW(drive, target, sizeof target / sizeof target[0]))
            continue;
        out[*count].drive[0] = (char)('A' + i);
        out[*count].drive[1] = ':';
        out[*count].drive[2] = '\0';
        if (!WideCharToMultiByte(CP_UTF8, 0, target, -1, out[*count].device, (int)sizeof out[*count].device, NULL,
                                 NULL))
            continue;
        (*count)++;
    }
    return ERROR_SUCCESS;
}

LONG acs_win_boot_time(void *ctx, int64_t *unix_seconds)
{
    get_tick_count64_fn ticks64 = (get_tick_count64_fn)acs_win_system_proc(L"kernel32.dll", "GetTickCount64");
    FILETIME now;
    ULARGE_INTEGER t;

    /* GetTickCount wraps after 49.7 days: without the 64-bit one the boot time is unknown. */
    if (!ticks64)
        return ERROR_PROC_NOT_FOUND;
    GetSystemTimeAsFileTime(&now);
    t.LowPart = now.dwLowDateTime;
    t.HighPart = now.dwHighDateTime;
    *unix_seconds = ((int64_t)t.QuadPart - FILETIME_UNIX_EPOCH) / 10000000 - (int64_t)(ticks64() / 1000);
    return ERROR_SUCCESS;
}
