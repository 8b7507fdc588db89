/* A deliberately configurable instance provider that exists only to prove the
 * WmiPrvSE stand-in catches provider mistakes. WMIPRVSE_SELFTEST_MODE picks
 * the mistake (see mode_is calls); "good" is a correct provider. */
#define COBJMACROS
#define CONST_VTABLE
#include <windows.h>
#include <ole2.h>
#include <wbemcli.h>
#include <wbemprov.h>
#include <stdlib.h>
#include <string.h>

/* {D3B5E0F4-7A61-4C4B-9E7D-2A1F5C3B9A10}, registered only in throwaway prefixes. */
static const CLSID CLSID_SelfTestProvider = { 0xd3b5e0f4, 0x7a61, 0x4c4b,
                                              { 0x9e, 0x7d, 0x2a, 0x1f, 0x5c, 0x3b, 0x9a, 0x10 } };
static const WCHAR clsid_text[] = L"{D3B5E0F4-7A61-4C4B-9E7D-2A1F5C3B9A10}";

static HINSTANCE module_instance;
static volatile LONG object_count, lock_count, call_count;

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved);
HRESULT WINAPI DllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv);
HRESULT WINAPI DllCanUnloadNow(void);
HRESULT WINAPI DllRegisterServer(void);
HRESULT WINAPI DllUnregisterServer(void);

static int mode_is(const char *mode)
{
    char value[64];
    DWORD got = GetEnvironmentVariableA("WMIPRVSE_SELFTEST_MODE", value, sizeof(value));
    if (!got || got >= sizeof(value))
        strcpy(value, "good");
    return !strcmp(value, mode);
}

struct provider {
    IWbemProviderInit IWbemProviderInit_iface;
    IWbemServices IWbemServices_iface;
    LONG refs;
    IWbemServices *ns;
};

static inline struct provider *impl_from_IWbemProviderInit(IWbemProviderInit *iface)
{
    return CONTAINING_RECORD(iface, struct provider, IWbemProviderInit_iface);
}

static inline struct provider *impl_from_IWbemServices(IWbemServices *iface)
{
    return CONTAINING_RECORD(iface, struct provider, IWbemServices_iface);
}

/* ---- building instances the WMI way ---- */

static HRESULT put_string(IWbemClassObject *obj, const WCHAR *name, const WCHAR *text)
{
    VARIANT v;
    HRESULT hr;
    V_VT(&v) = VT_BSTR;
    V_BSTR(&v) = SysAllocString(text);
    if (!V_BSTR(&v))
        return WBEM_E_OUT_OF_MEMORY;
    hr = IWbemClassObject_Put(obj, name, 0, &v, 0);
    VariantClear(&v);
    return hr;
}

static HRESULT put_uint32(IWbemClassObject *obj, const WCHAR *name, ULONG value)
{
    VARIANT v;
    V_VT(&v) = VT_I4;
    V_I4(&v) = (LONG)value;
    /* typed-put: the CIMTYPE a class definition takes, which an instance refuses. */
    return IWbemClassObject_Put(obj, name, 0, &v, mode_is("typed-put") ? CIM_UINT32 : 0);
}

static HRESULT put_bool(IWbemClassObject *obj, const WCHAR *name, BOOL value)
{
    VARIANT v;
    V_VT(&v) = VT_BOOL;
    V_BOOL(&v) = mode_is("bool-one") ? 1 : value ? VARIANT_TRUE : VARIANT_FALSE;
    return IWbemClassObject_Put(obj, name, 0, &v, 0);
}

static HRESULT put_strings(IWbemClassObject *obj, const WCHAR *name, const WCHAR *const *items, LONG count)
{
    VARIANT v;
    LONG i;
    HRESULT hr = S_OK;
    SAFEARRAY *array = SafeArrayCreateVector(VT_BSTR, 0, (ULONG)count);

    if (!array)
        return WBEM_E_OUT_OF_MEMORY;
    for (i = 0; i < count && SUCCEEDED(hr); i++) {
        BSTR item = SysAllocString(items[i]);
        hr = item ? SafeArrayPutElement(array, &i, item) : E_OUTOFMEMORY;
        SysFreeString(item);
    }
    if (SUCCEEDED(hr)) {
        V_VT(&v) = VT_ARRAY | VT_BSTR;
        V_ARRAY(&v) = array;
        hr = IWbemClassObject_Put(obj, name, 0, &v, 0);
    }
    SafeArrayDestroy(array);
    return hr;
}

static HRESULT spawn(struct provider *prov, const WCHAR *class_name, IWbemClassObject **instance)
{
    IWbemClassObject *cls = NULL;
    BSTR name = SysAllocString(class_name);
    HRESULT hr = name ? IWbemServices_GetObject(prov->ns, name, 0, NULL, &cls, NULL) : WBEM_E_OUT_OF_MEMORY;

    *instance = NULL;
    SysFreeString(name);
    if (FAILED(hr))
        return hr;
    hr = IWbemClassObject_SpawnInstance(cls, 0, instance);
    IWbemClassObject_Release(cls);
    return hr;
}

static HRESULT indicate_singleton(struct provider *prov, IWbemObjectSink *sink)
{
    static const WCHAR *const items[] = { L"KB5005625", L"\x5c31\x7dd2" /* 就緒 */ };
    IWbemClassObject *obj = NULL;
    HRESULT hr = spawn(prov, L"SelfTest", &obj);

    if (FAILED(hr))
        return hr;
    if (SUCCEEDED(hr))
        hr = put_string(obj, L"State", mode_is("flaky") && (InterlockedIncrement(&call_count) % 2) ? L"NotReady" : L"Ready");
    if (SUCCEEDED(hr))
        hr = put_bool(obj, L"Ready", TRUE);
    if (SUCCEEDED(hr) && mode_is("wrong-type"))
        hr = put_string(obj, L"Count", L"2");
    else if (SUCCEEDED(hr))
        hr = put_uint32(obj, L"Count", 4000000000u);
    if (SUCCEEDED(hr))
        hr = put_strings(obj, L"Items", items, 2);
    if (SUCCEEDED(hr))
        hr = put_string(obj, L"When", mode_is("bad-datetime") ? L"2024-01-01" : L"20240101120000.000000+000");
    if (SUCCEEDED(hr) && mode_is("unknown-property"))
        hr = put_string(obj, L"Bogus", L"x");
    if (SUCCEEDED(hr))
        hr = IWbemObjectSink_Indicate(sink, 1, &obj);
    IWbemClassObject_Release(obj);
    return hr;
}

static HRESULT indicate_item(struct provider *prov, IWbemObjectSink *sink, const WCHAR *id, ULONG value)
{
    IWbemClassObject *obj = NULL;
    HRESULT hr = spawn(prov, L"SelfTest_Item", &obj);

    if (FAILED(hr))
        return hr;
    if (!mode_is("no-key"))
        hr = put_string(obj, L"Id", id);
    if (SUCCEEDED(hr))
        hr = put_uint32(obj, L"Value", value);
    if (SUCCEEDED(hr))
        hr = put_string(obj, L"Text", L"a \"quoted\" \x65e5\x672c\x8a9e text"); /* 日本語 */
    if (SUCCEEDED(hr))
        hr = IWbemObjectSink_Indicate(sink, 1, &obj);
    IWbemClassObject_Release(obj);
    return hr;
}

static HRESULT finish(IWbemObjectSink *sink, HRESULT hr)
{
    if (mode_is("no-status"))
        return WBEM_S_NO_ERROR;
    if (mode_is("fail-status"))
        hr = WBEM_E_FAILED;
    IWbemObjectSink_SetStatus(sink, WBEM_STATUS_COMPLETE, hr, NULL, NULL);
    return WBEM_S_NO_ERROR;
}

/* ---- IWbemProviderInit ---- */

static HRESULT WINAPI init_QueryInterface(IWbemProviderInit *iface, REFIID riid, void **ppv)
{
    struct provider *prov = impl_from_IWbemProviderInit(iface);
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IWbemProviderInit))
        *ppv = &prov->IWbemProviderInit_iface;
    else if (IsEqualGUID(riid, &IID_IWbemServices))
        *ppv = &prov->IWbemServices_iface;
    else {
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    InterlockedIncrement(&prov->refs);
    return S_OK;
}

static ULONG WINAPI init_AddRef(IWbemProviderInit *iface)
{
    return (ULONG)InterlockedIncrement(&impl_from_IWbemProviderInit(iface)->refs);
}

static ULONG WINAPI init_Release(IWbemProviderInit *iface)
{
    struct provider *prov = impl_from_IWbemProviderInit(iface);
    LONG refs = InterlockedDecrement(&prov->refs);
    if (!refs) {
        if (prov->ns)
            IWbemServices_Release(prov->ns);
        free(prov);
        InterlockedDecrement(&object_count);
    }
    return (ULONG)refs;
}

static HRESULT WINAPI init_Initialize(IWbemProviderInit *iface, LPWSTR user, LONG flags, LPWSTR ns, LPWSTR locale,
                                      IWbemServices *services, IWbemContext *ctx, IWbemProviderInitSink *sink)
{
    struct provider *prov = impl_from_IWbemProviderInit(iface);
    if (!services || !sink)
        return WBEM_E_INVALID_PARAMETER;
    IWbemServices_AddRef(services);
    if (mode_is("leak"))
        IWbemServices_AddRef(services);
    prov->ns = services;
    return IWbemProviderInitSink_SetStatus(sink, mode_is("init-fail") ? WBEM_E_FAILED : WBEM_S_INITIALIZED, 0);
}

static const IWbemProviderInitVtbl init_vtbl = {
    init_QueryInterface, init_AddRef, init_Release, init_Initialize,
};

/* ---- IWbemServices ---- */

static HRESULT WINAPI svc_QueryInterface(IWbemServices *iface, REFIID riid, void **ppv)
{
    return init_QueryInterface(&impl_from_IWbemServices(iface)->IWbemProviderInit_iface, riid, ppv);
}

static ULONG WINAPI svc_AddRef(IWbemServices *iface)
{
    return init_AddRef(&impl_from_IWbemServices(iface)->IWbemProviderInit_iface);
}

static ULONG WINAPI svc_Release(IWbemServices *iface)
{
    return init_Release(&impl_from_IWbemServices(iface)->IWbemProviderInit_iface);
}

static HRESULT WINAPI svc_OpenNamespace(IWbemServices *iface, const BSTR ns, LONG flags, IWbemContext *ctx,
                                        IWbemServices **out, IWbemCallResult **result)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI svc_CancelAsyncCall(IWbemServices *iface, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI svc_QueryObjectSink(IWbemServices *iface, LONG flags, IWbemObjectSink **sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI svc_GetObject(IWbemServices *iface, const BSTR path, LONG flags, IWbemContext *ctx,
                                    IWbemClassObject **out, IWbemCallResult **result)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI svc_GetObjectAsync(IWbemServices *iface, const BSTR path, LONG flags, IWbemContext *ctx,
                                         IWbemObjectSink *sink)
{
    struct provider *prov = impl_from_IWbemServices(iface);
    HRESULT hr;

    if (!path || !sink)
        return WBEM_E_INVALID_PARAMETER;
    if (!_wcsicmp(path, L"SelfTest=@"))
        hr = indicate_singleton(prov, sink);
    else if (!_wcsicmp(path, L"SelfTest_Item.Id=\"a\""))
        hr = indicate_item(prov, sink, L"a", 1);
    else if (!wcschr(path, '.') && !wcschr(path, '='))
        hr = WBEM_E_INVALID_OBJECT_PATH;
    else
        hr = WBEM_E_NOT_FOUND;
    return finish(sink, hr);
}

static HRESULT WINAPI svc_PutClass(IWbemServices *iface, IWbemClassObject *obj, LONG flags, IWbemContext *ctx,
                                   IWbemCallResult **result)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI svc_PutClassAsync(IWbemServices *iface, IWbemClassObject *obj, LONG flags, IWbemContext *ctx,
                                        IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI svc_DeleteClass(IWbemServices *iface, const BSTR name, LONG flags, IWbemContext *ctx,
                                      IWbemCallResult **result)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI svc_DeleteClassAsync(IWbemServices *iface, const BSTR name, LONG flags, IWbemContext *ctx,
                                           IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI svc_CreateClassEnum(IWbemServices *iface, const BSTR super, LONG flags, IWbemContext *ctx,
                                          IEnumWbemClassObject **out)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI svc_CreateClassEnumAsync(IWbemServices *iface, const BSTR super, LONG flags,
                                               IWbemContext *ctx, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI svc_PutInstance(IWbemServices *iface, IWbemClassObject *obj, LONG flags, IWbemContext *ctx,
                                      IWbemCallResult **result)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI svc_PutInstanceAsync(IWbemServices *iface, IWbemClassObject *obj, LONG flags,
                                           IWbemContext *ctx, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI svc_DeleteInstance(IWbemServices *iface, const BSTR path, LONG flags, IWbemContext *ctx,
                                         IWbemCallResult **result)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI svc_DeleteInstanceAsync(IWbemServices *iface, const BSTR path, LONG flags, IWbemContext *ctx,
                                              IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI svc_CreateInstanceEnum(IWbemServices *iface, const BSTR cls, LONG flags, IWbemContext *ctx,
                                             IEnumWbemClassObject **out)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI svc_CreateInstanceEnumAsync(IWbemServices *iface, const BSTR cls, LONG flags,
                                                  IWbemContext *ctx, IWbemObjectSink *sink)
{
    struct provider *prov = impl_from_IWbemServices(iface);
    HRESULT hr;

    if (!cls || !sink)
        return WBEM_E_INVALID_PARAMETER;
    if (!_wcsicmp(cls, L"SelfTest")) {
        hr = indicate_singleton(prov, sink);
    } else if (!_wcsicmp(cls, L"SelfTest_Item")) {
        hr = indicate_item(prov, sink, L"a", 1);
        if (SUCCEEDED(hr))
            hr = indicate_item(prov, sink, L"b", 2);
    } else {
        hr = WBEM_E_INVALID_CLASS;
    }
    return finish(sink, hr);
}

static HRESULT WINAPI svc_ExecQuery(IWbemServices *iface, const BSTR lang, const BSTR query, LONG flags,
                                    IWbemContext *ctx, IEnumWbemClassObject **out)
{
    return WBEM_E_NOT_SUPPORTED;
}

/* Leaves filtering to WMI, as a provider may. */
static HRESULT WINAPI svc_ExecQueryAsync(IWbemServices *iface, const BSTR lang, const BSTR query, LONG flags,
                                         IWbemContext *ctx, IWbemObjectSink *sink)
{
    if (!sink)
        return WBEM_E_INVALID_PARAMETER;
    return finish(sink, WBEM_E_PROVIDER_NOT_CAPABLE);
}

static HRESULT WINAPI svc_ExecNotificationQuery(IWbemServices *iface, const BSTR lang, const BSTR query, LONG flags,
                                                IWbemContext *ctx, IEnumWbemClassObject **out)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI svc_ExecNotificationQueryAsync(IWbemServices *iface, const BSTR lang, const BSTR query,
                                                     LONG flags, IWbemContext *ctx, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI svc_ExecMethod(IWbemServices *iface, const BSTR path, const BSTR method, LONG flags,
                                     IWbemContext *ctx, IWbemClassObject *in, IWbemClassObject **out,
                                     IWbemCallResult **result)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI svc_ExecMethodAsync(IWbemServices *iface, const BSTR path, const BSTR method, LONG flags,
                                          IWbemContext *ctx, IWbemClassObject *in, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static const IWbemServicesVtbl services_vtbl = {
    svc_QueryInterface, svc_AddRef, svc_Release, svc_OpenNamespace, svc_CancelAsyncCall, svc_QueryObjectSink,
    svc_GetObject, svc_GetObjectAsync, svc_PutClass, svc_PutClassAsync, svc_DeleteClass, svc_DeleteClassAsync,
    svc_CreateClassEnum, svc_CreateClassEnumAsync, svc_PutInstance, svc_PutInstanceAsync, svc_DeleteInstance,
    svc_DeleteInstanceAsync, svc_CreateInstanceEnum, svc_CreateInstanceEnumAsync, svc_ExecQuery,
    svc_ExecQueryAsync, svc_ExecNotificationQuery, svc_ExecNotificationQueryAsync, svc_ExecMethod,
    svc_ExecMethodAsync,
};

/* ---- class factory and exports ---- */

static HRESULT WINAPI factory_QueryInterface(IClassFactory *iface, REFIID riid, void **ppv)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IClassFactory)) {
        *ppv = iface;
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI factory_AddRef(IClassFactory *iface)
{
    return 2;
}

static ULONG WINAPI factory_Release(IClassFactory *iface)
{
    return 1;
}

static HRESULT WINAPI factory_CreateInstance(IClassFactory *iface, IUnknown *outer, REFIID riid, void **ppv)
{
    struct provider *prov;
    HRESULT hr;

    *ppv = NULL;
    if (outer)
        return CLASS_E_NOAGGREGATION;
    prov = calloc(1, sizeof(*prov));
    if (!prov)
        return E_OUTOFMEMORY;
    prov->IWbemProviderInit_iface.lpVtbl = &init_vtbl;
    prov->IWbemServices_iface.lpVtbl = &services_vtbl;
    prov->refs = 1;
    InterlockedIncrement(&object_count);
    hr = init_QueryInterface(&prov->IWbemProviderInit_iface, riid, ppv);
    init_Release(&prov->IWbemProviderInit_iface);
    return hr;
}

static HRESULT WINAPI factory_LockServer(IClassFactory *iface, BOOL lock)
{
    if (lock)
        InterlockedIncrement(&lock_count);
    else
        InterlockedDecrement(&lock_count);
    return S_OK;
}

static const IClassFactoryVtbl factory_vtbl = {
    factory_QueryInterface, factory_AddRef, factory_Release, factory_CreateInstance, factory_LockServer,
};
static IClassFactory factory = { &factory_vtbl };

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    if (reason == DLL_PROCESS_ATTACH) {
        module_instance = instance;
        DisableThreadLibraryCalls(instance);
    }
    return TRUE;
}

HRESULT WINAPI DllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv)
{
    if (!IsEqualCLSID(clsid, &CLSID_SelfTestProvider))
        return CLASS_E_CLASSNOTAVAILABLE;
    return factory_QueryInterface(&factory, riid, ppv);
}

HRESULT WINAPI DllCanUnloadNow(void)
{
    if (mode_is("no-unload"))
        return S_FALSE;
    return object_count == 0 && lock_count == 0 ? S_OK : S_FALSE;
}

HRESULT WINAPI DllRegisterServer(void)
{
    WCHAR key_path[128], dll_path[MAX_PATH];
    HKEY key;
    LONG err;
    DWORD len = GetModuleFileNameW(module_instance, dll_path, MAX_PATH);

    if (!len || len >= MAX_PATH)
        return E_FAIL;
    wcscpy(key_path, L"CLSID\\");
    wcscat(key_path, clsid_text);
    wcscat(key_path, L"\\InprocServer32");
    err = RegCreateKeyExW(HKEY_CLASSES_ROOT, key_path, 0, NULL, 0, KEY_WRITE, NULL, &key, NULL);
    if (err)
        return HRESULT_FROM_WIN32(err);
    err = RegSetValueExW(key, NULL, 0, REG_SZ, (const BYTE *)dll_path, (len + 1) * sizeof(WCHAR));
    if (!err)
        err = RegSetValueExW(key, L"ThreadingModel", 0, REG_SZ, (const BYTE *)L"Both", sizeof(L"Both"));
    RegCloseKey(key);
    return HRESULT_FROM_WIN32(err);
}

HRESULT WINAPI DllUnregisterServer(void)
{
    WCHAR key_path[128];
    LONG err;

    wcscpy(key_path, L"CLSID\\");
    wcscat(key_path, clsid_text);
    err = RegDeleteTreeW(HKEY_CLASSES_ROOT, key_path);
    return err && err != ERROR_FILE_NOT_FOUND ? HRESULT_FROM_WIN32(err) : S_OK;
}
