/* See real_registry.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <wchar.h>
#include <cmocka.h>

#include "real_registry.h"

int real_registry_wine_only(void **state)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    if (ntdll && GetProcAddress(ntdll, "wine_get_version") != NULL)
        return 0;
    print_error("this test changes HKLM and the Windows folder and runs only in Wine\n");
    return -1;
}

void real_reg_raw(const wchar_t *path, const wchar_t *name, DWORD type, const void *data, DWORD size)
{
    HKEY key;
    assert_int_equal(RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_WRITE | KEY_WOW64_64KEY, NULL, &key,
                                     NULL),
                     ERROR_SUCCESS);
    assert_int_equal(RegSetValueExW(key, name, 0, type, data, size), ERROR_SUCCESS);
    RegCloseKey(key);
}

void real_reg_dword(const wchar_t *path, const wchar_t *name, DWORD value)
{
    real_reg_raw(path, name, REG_DWORD, &value, sizeof(value));
}

bool real_key_exists(const wchar_t *path)
{
    HKEY key;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_READ | KEY_WOW64_64KEY, &key) != ERROR_SUCCESS)
        return false;
    RegCloseKey(key);
    return true;
}

void real_delete_tree(const wchar_t *path)
{
    HKEY key;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_ALL_ACCESS | KEY_WOW64_64KEY, &key) != ERROR_SUCCESS)
        return;
    RegDeleteTreeW(key, NULL);
    RegCloseKey(key);
    RegDeleteKeyExW(HKEY_LOCAL_MACHINE, path, KEY_WOW64_64KEY, 0);
}

void real_delete_value(const wchar_t *path, const wchar_t *name)
{
    HKEY key;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_SET_VALUE | KEY_WOW64_64KEY, &key) == ERROR_SUCCESS) {
        RegDeleteValueW(key, name);
        RegCloseKey(key);
    }
}

bool real_first_missing(const wchar_t *path, wchar_t *out, size_t chars)
{
    size_t len = wcslen(path);

    assert_true(len < chars);
    out[0] = L'\0';
    if (real_key_exists(path))
        return false;
    /* Grow from the first part until a prefix is missing. */
    for (size_t end = 0; end <= len; end++) {
        if (path[end] != L'\\' && path[end] != L'\0')
            continue;
        wmemcpy(out, path, end);
        out[end] = L'\0';
        if (!real_key_exists(out))
            return true;
    }
    wcscpy(out, path);
    return true;
}
