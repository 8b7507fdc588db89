/* DLL entry points: DllMain, DllGetClassObject, DllCanUnloadNow,
 * DllRegisterServer, DllUnregisterServer. */
#include "wmi/module.h"

#include <initguid.h>

#include "core/catalog.h"

DEFINE_GUID(CLSID_AcsReadinessProvider, 0x5bfdccc2, 0x618c, 0x4ada, 0x82, 0x90, 0xaf, 0x4d, 0x02, 0x82, 0x37, 0x8b);

static HMODULE module_handle;
static LONG object_count;
static LONG lock_count;
static INIT_ONCE xml_once = INIT_ONCE_STATIC_INIT;

#define CLSID_KEY L"CLSID\\" ACS_PROVIDER_CLSID_TEXT
#define INPROC_KEY CLSID_KEY L"\\InprocServer32"

/* Our own prototypes: the SDK declares these only for some targets, and
 * -Wmissing-prototypes wants one in scope. */
BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved);
STDAPI DllGetClassObject(REFCLSID clsid, REFIID riid, LPVOID *out);
STDAPI DllCanUnloadNow(void);
STDAPI DllRegisterServer(void);
STDAPI DllUnregisterServer(void);

void acs_module_object_created(void)
{
    InterlockedIncrement(&object_count);
}

void acs_module_object_destroyed(void)
{
    InterlockedDecrement(&object_count);
}

void acs_module_lock(void)
{
    InterlockedIncrement(&lock_count);
}

void acs_module_unlock(void)
{
    InterlockedDecrement(&lock_count);
}

HMODULE acs_module_handle(void)
{
    return module_handle;
}

wchar_t *acs_module_path(void)
{
    /* Long paths exist (\\?\ prefixes, deep install folders): grow until
     * the name fits instead of trusting MAX_PATH. */
    DWORD size = 260;
    for (;;) {
        wchar_t *path = HeapAlloc(GetProcessHeap(), 0, size * sizeof(wchar_t));
        DWORD length;
        if (path == NULL)
            return NULL;
        length = GetModuleFileNameW(module_handle, path, size);
        if (length > 0 && length < size)
            return path;
        HeapFree(GetProcessHeap(), 0, path);
        if (length == 0 || size >= 32768)
            return NULL;
        size *= 2;
    }
}

/* The static libxml2 starts, for every thread that touches its globals, a
 * helper thread that waits for that thread's end to free its state
 * (xmlGlobalStateCleanupHelper). That helper runs code in this module, so
 * once libxml2 has been used the module must stay mapped: pin it. The
 * counts still tell COM the truth; FreeLibrary just cannot unmap us. */
static BOOL CALLBACK xml_init_once(PINIT_ONCE once, PVOID param, PVOID *context)
{
    HMODULE pinned;
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_PIN,
                            (LPCWSTR)(void *)xml_init_once, &pinned))
        return FALSE;
    acs_catalog_library_init();
    return TRUE;
}

BOOL acs_module_xml_ready(void)
{
    return InitOnceExecuteOnce(&xml_once, xml_init_once, NULL, NULL);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_PROCESS_ATTACH) {
        module_handle = instance;
        DisableThreadLibraryCalls(instance);
    }
    return TRUE;
}

STDAPI DllGetClassObject(REFCLSID clsid, REFIID riid, LPVOID *out)
{
    if (out == NULL)
        return E_POINTER;
    *out = NULL;
    if (!IsEqualCLSID(clsid, &CLSID_AcsReadinessProvider))
        return CLASS_E_CLASSNOTAVAILABLE;
    return acs_class_factory_get(riid, out);
}

STDAPI DllCanUnloadNow(void)
{
    return (object_count == 0 && lock_count == 0) ? S_OK : S_FALSE;
}

static LONG set_string_value(HKEY key, const wchar_t *name, const wchar_t *value)
{
    DWORD bytes = (DWORD)((wcslen(value) + 1) * sizeof(wchar_t));
    return RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)value, bytes);
}

STDAPI DllRegisterServer(void)
{
    HKEY clsid_key = NULL, inproc_key = NULL;
    wchar_t *path = NULL;
    LONG err;

    path = acs_module_path();
    if (path == NULL) {
        err = GetLastError() ? (LONG)GetLastError() : ERROR_OUTOFMEMORY;
        goto done;
    }
    err = RegCreateKeyExW(HKEY_CLASSES_ROOT, CLSID_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL, &clsid_key, NULL);
    if (err != ERROR_SUCCESS)
        goto done;
    err = set_string_value(clsid_key, NULL, ACS_PROVIDER_NAME);
    if (err != ERROR_SUCCESS)
        goto done;
    err = RegCreateKeyExW(HKEY_CLASSES_ROOT, INPROC_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL, &inproc_key, NULL);
    if (err != ERROR_SUCCESS)
        goto done;
    err = set_string_value(inproc_key, NULL, path);
    if (err != ERROR_SUCCESS)
        goto done;
    /* WMI calls providers from free threads; Both lets any apartment load us directly. */
    err = set_string_value(inproc_key, L"ThreadingModel", L"Both");

done:
    if (inproc_key != NULL)
        RegCloseKey(inproc_key);
    if (clsid_key != NULL)
        RegCloseKey(clsid_key);
    if (path != NULL)
        HeapFree(GetProcessHeap(), 0, path);
    return err == ERROR_SUCCESS ? S_OK : HRESULT_FROM_WIN32(err);
}

STDAPI DllUnregisterServer(void)
{
    LONG err = RegDeleteKeyW(HKEY_CLASSES_ROOT, INPROC_KEY);
    if (err != ERROR_SUCCESS && err != ERROR_FILE_NOT_FOUND)
        return HRESULT_FROM_WIN32(err);
    err = RegDeleteKeyW(HKEY_CLASSES_ROOT, CLSID_KEY);
    if (err != ERROR_SUCCESS && err != ERROR_FILE_NOT_FOUND)
        return HRESULT_FROM_WIN32(err);
    return S_OK;
}
