/* The COM in-process server, as Wine's wbemprox main.c has it: the class
 * factory and the DLL entry points (DllMain, DllGetClassObject,
 * DllCanUnloadNow, DllRegisterServer, DllUnregisterServer). */
#include "wmi/module.h"

#include "core/catalog.h"
#include "wmi/provider.h"

static HMODULE module_handle;
static LONG object_count;
static LONG lock_count;
static INIT_ONCE xml_once = INIT_ONCE_STATIC_INIT;

#define CLSID_KEY L"CLSID\\" ACS_WIDE(ACS_PROVIDER_CLSID)
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

static void module_lock(void)
{
    InterlockedIncrement(&lock_count);
}

static void module_unlock(void)
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

/* ---- The class factory: one static object that lives as long as the
 * module; its references count as module locks, so DllCanUnloadNow stays
 * truthful while a client holds it. */

typedef struct class_factory {
    IClassFactory IClassFactory_iface;
} class_factory;

static HRESULT WINAPI class_factory_QueryInterface(IClassFactory *iface, REFIID riid, void **out)
{
    if (out == NULL)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IClassFactory)) {
        *out = iface;
        IClassFactory_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI class_factory_AddRef(IClassFactory *iface)
{
    module_lock();
    return 2;
}

static ULONG WINAPI class_factory_Release(IClassFactory *iface)
{
    module_unlock();
    return 1;
}

static HRESULT WINAPI class_factory_CreateInstance(IClassFactory *iface, IUnknown *outer, REFIID riid, void **out)
{
    IUnknown *provider = NULL;
    HRESULT hr;

    if (out == NULL)
        return E_POINTER;
    *out = NULL;
    if (outer != NULL)
        return CLASS_E_NOAGGREGATION;
    hr = acs_provider_create(&provider);
    if (FAILED(hr))
        return hr;
    hr = IUnknown_QueryInterface(provider, riid, out);
    IUnknown_Release(provider);
    return hr;
}

static HRESULT WINAPI class_factory_LockServer(IClassFactory *iface, BOOL lock)
{
    if (lock)
        module_lock();
    else
        module_unlock();
    return S_OK;
}

static const IClassFactoryVtbl class_factory_vtbl = {
    class_factory_QueryInterface,
    class_factory_AddRef,
    class_factory_Release,
    class_factory_CreateInstance,
    class_factory_LockServer,
};

static class_factory provider_factory = { { &class_factory_vtbl } };

/* The CLSID from its one spelling (identity.h), so no second copy as numbers. */
static BOOL is_provider_clsid(REFCLSID clsid)
{
    CLSID ours;
    return SUCCEEDED(CLSIDFromString(ACS_WIDE(ACS_PROVIDER_CLSID), &ours)) && IsEqualCLSID(clsid, &ours);
}

STDAPI DllGetClassObject(REFCLSID clsid, REFIID riid, LPVOID *out)
{
    if (out == NULL)
        return E_POINTER;
    *out = NULL;
    if (!is_provider_clsid(clsid))
        return CLASS_E_CLASSNOTAVAILABLE;
    return IClassFactory_QueryInterface(&provider_factory.IClassFactory_iface, riid, out);
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
    err = set_string_value(clsid_key, NULL, ACS_WIDE(ACS_PROVIDER_NAME));
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
