/* A stand-in for %windir%\System32\wbem\mofcomp.exe in a Wine prefix, where
 * the real one is a stub that does nothing (tests/packaging/msi.test).
 *
 * Each run appends one line to mofcomp.log beside this exe:
 *     <arguments as given> | present     (or "| absent": the file was not there)
 * and, like the real mofcomp with -autorecover or `#pragma autorecover`, adds
 * the file's full path to HKLM\SOFTWARE\Microsoft\Wbem\CIMOM "Autorecover MOFs"
 * (64-bit view), so the test can see that removal takes those entries out.
 * Exit 0, or 1 when the file is missing (the real mofcomp fails then too, and
 * the MSI's Return="check" must notice). */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define CIMOM_KEY L"SOFTWARE\\Microsoft\\Wbem\\CIMOM"
#define AUTORECOVER L"Autorecover MOFs"

static void log_line(const wchar_t *args, int present)
{
    wchar_t path[MAX_PATH];
    DWORD n = GetModuleFileNameW(NULL, path, MAX_PATH);
    wchar_t *slash;
    char utf8[8192];
    FILE *f;

    if (n == 0 || n >= MAX_PATH)
        return;
    slash = wcsrchr(path, L'\\');
    if (!slash || (size_t)(slash - path) + 13 >= MAX_PATH)
        return;
    wcscpy(slash + 1, L"mofcomp.log");
    if (!WideCharToMultiByte(CP_UTF8, 0, args, -1, utf8, (int)sizeof(utf8), NULL, NULL))
        strcpy(utf8, "(arguments too long)");
    f = _wfopen(path, L"ab");
    if (!f)
        return;
    fprintf(f, "%s | %s\r\n", utf8, present ? "present" : "absent");
    fclose(f);
}

/* Appends `file` to the multi-string unless it is already there. */
static void record_autorecover(const wchar_t *file)
{
    HKEY key;
    DWORD type = 0, size = 0;
    wchar_t *data, *p;
    size_t len = wcslen(file);

    if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, CIMOM_KEY, 0, NULL, 0, KEY_QUERY_VALUE | KEY_SET_VALUE | KEY_WOW64_64KEY,
                        NULL, &key, NULL) != ERROR_SUCCESS)
        return;
    if (RegQueryValueExW(key, AUTORECOVER, NULL, &type, NULL, &size) != ERROR_SUCCESS || type != REG_MULTI_SZ)
        size = 0;
    data = calloc(size / sizeof(wchar_t) + len + 3, sizeof(wchar_t));
    if (!data) {
        RegCloseKey(key);
        return;
    }
    if (size && RegQueryValueExW(key, AUTORECOVER, NULL, &type, (BYTE *)data, &size) != ERROR_SUCCESS)
        size = 0;
    for (p = data; *p; p += wcslen(p) + 1)
        if (_wcsicmp(p, file) == 0)
            goto done;
    wcscpy(p, file);
    p[len + 1] = L'\0';
    RegSetValueExW(key, AUTORECOVER, 0, REG_MULTI_SZ, (const BYTE *)data,
                   (DWORD)(((p - data) + len + 2) * sizeof(wchar_t)));
done:
    free(data);
    RegCloseKey(key);
}

static int has_autorecover_pragma(const wchar_t *file)
{
    char buf[4096];
    size_t got;
    FILE *f = _wfopen(file, L"rb");
    if (!f)
        return 0;
    got = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[got] = '\0';
    return strstr(buf, "#pragma autorecover") != NULL;
}

int main(void)
{
    int argc = 0, i, autorecover = 0, present;
    wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    const wchar_t *file = NULL;
    wchar_t args[4096] = L"", full[MAX_PATH];

    if (!argv)
        return 2;
    for (i = 1; i < argc; i++) {
        if (wcslen(args) + wcslen(argv[i]) + 2 >= sizeof(args) / sizeof(args[0]))
            break;
        if (i > 1)
            wcscat(args, L" ");
        wcscat(args, argv[i]);
        if (argv[i][0] == L'-' || argv[i][0] == L'/')
            autorecover |= _wcsicmp(argv[i] + 1, L"autorecover") == 0;
        else
            file = argv[i];
    }
    present = file && GetFileAttributesW(file) != INVALID_FILE_ATTRIBUTES;
    log_line(args, present);
    if (!present)
        return 1;
    if ((autorecover || has_autorecover_pragma(file)) && GetFullPathNameW(file, MAX_PATH, full, NULL))
        record_autorecover(full);
    return 0;
}
