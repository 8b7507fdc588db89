/* acsready-autorecover.exe: takes acsready's files out of
 * HKLM\SOFTWARE\Microsoft\Wbem\CIMOM "Autorecover MOFs" at removal.
 *
 *   acsready-autorecover.exe remove FILE [FILE...]
 *
 * mofcomp adds every file it compiles with `#pragma autorecover` (or
 * -autorecover) to that REG_MULTI_SZ, and WMI recompiles the list when it
 * rebuilds its repository: left there, our paths would bring the namespace back
 * after an uninstall, or make WMI log errors for files that are gone. The
 * uninstall MOF deletes the classes, not the list entries, and Windows
 * Installer has no action that removes some strings from a multi-string value
 * it did not write, so the MSI runs this (a deferred, non-impersonated custom
 * action before RemoveFiles; packaging/acsready.wxs).
 *
 * Only the strings equal to a FILE (case-insensitively, as Windows compares
 * paths) go; every other product's entries stay, in order. The 64-bit view is
 * used on 64-bit Windows (where WMI keeps it); the flag is ignored on 32-bit.
 * Exit 0 when done or when there is nothing to remove; 1 on a registry error;
 * 64 on a usage error. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <shellapi.h>

#define CIMOM_KEY L"SOFTWARE\\Microsoft\\Wbem\\CIMOM"
#define AUTORECOVER L"Autorecover MOFs"

static int listed(const wchar_t *entry, wchar_t **files, int count)
{
    for (int i = 0; i < count; i++)
        if (_wcsicmp(entry, files[i]) == 0)
            return 1;
    return 0;
}

static int remove_entries(wchar_t **files, int count)
{
    HKEY key;
    DWORD type = 0, size = 0, kept = 0;
    wchar_t *data, *out, *p;
    LONG err;
    int removed = 0;

    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, CIMOM_KEY, 0, KEY_QUERY_VALUE | KEY_SET_VALUE | KEY_WOW64_64KEY, &key);
    if (err == ERROR_FILE_NOT_FOUND)
        return 0;
    if (err != ERROR_SUCCESS) {
        fprintf(stderr, "acsready-autorecover: cannot open HKLM\\%ls: error %ld\n", CIMOM_KEY, err);
        return 1;
    }
    err = RegQueryValueExW(key, AUTORECOVER, NULL, &type, NULL, &size);
    if (err == ERROR_FILE_NOT_FOUND || (err == ERROR_SUCCESS && type != REG_MULTI_SZ)) {
        RegCloseKey(key);
        return 0;
    }
    /* Two extra NULs: a value stored without its terminators still ends. */
    data = calloc(size / sizeof(wchar_t) + 2, sizeof(wchar_t));
    out = calloc(size / sizeof(wchar_t) + 2, sizeof(wchar_t));
    if (!data || !out || (err == ERROR_SUCCESS &&
                          (err = RegQueryValueExW(key, AUTORECOVER, NULL, &type, (BYTE *)data, &size)) != ERROR_SUCCESS)) {
        fprintf(stderr, "acsready-autorecover: cannot read %ls: error %ld\n", AUTORECOVER, err);
        free(data);
        free(out);
        RegCloseKey(key);
        return 1;
    }
    for (p = data; *p; p += wcslen(p) + 1) {
        size_t len = wcslen(p);
        if (listed(p, files, count)) {
            removed++;
            continue;
        }
        memcpy(out + kept, p, (len + 1) * sizeof(wchar_t));
        kept += (DWORD)len + 1;
    }
    out[kept] = L'\0';
    err = ERROR_SUCCESS;
    if (removed)
        err = RegSetValueExW(key, AUTORECOVER, 0, REG_MULTI_SZ, (const BYTE *)out, (kept + 1) * sizeof(wchar_t));
    free(data);
    free(out);
    RegCloseKey(key);
    if (err != ERROR_SUCCESS) {
        fprintf(stderr, "acsready-autorecover: cannot write %ls: error %ld\n", AUTORECOVER, err);
        return 1;
    }
    printf("acsready-autorecover: removed %d entr%s\n", removed, removed == 1 ? "y" : "ies");
    return 0;
}

int main(void)
{
    int argc = 0, rc;
    wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);

    if (!argv || argc < 3 || wcscmp(argv[1], L"remove") != 0) {
        fputs("usage: acsready-autorecover.exe remove FILE [FILE...]\n", stderr);
        return 64;
    }
    rc = remove_entries(argv + 2, argc - 2);
    LocalFree(argv);
    return rc;
}
