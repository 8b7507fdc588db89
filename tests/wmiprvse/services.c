/* IWbemServices of the stand-in's namespace. */
#include "services.h"
#include "classobj.h"
#include "host.h"

#include <stdlib.h>
#include <string.h>

#ifdef _MSC_VER
#define THREAD_LOCAL __declspec(thread)
#else
#define THREAD_LOCAL _Thread_local
#endif

/* The provider calls GetObject on the thread of its request. */
static THREAD_LOCAL double host_ms;

double namespace_take_host_ms(void)
{
    double ms = host_ms;
    host_ms = 0;
    return ms;
}

struct wbem_namespace {
    IWbemServices IWbemServices_iface;
    LONG refs;
    const mof_schema *schema;
    char *namespace_path;
};

static const IWbemServicesVtbl namespace_vtbl;

static inline struct wbem_namespace *impl_from_IWbemServices(IWbemServices *iface)
{
    return CONTAINING_RECORD(iface, struct wbem_namespace, IWbemServices_iface);
}

HRESULT namespace_create(const mof_schema *schema, const char *namespace_path, IWbemServices **out)
{
    struct wbem_namespace *ns = calloc(1, sizeof(*ns));

    *out = NULL;
    if (!ns)
        return E_OUTOFMEMORY;
    ns->namespace_path = _strdup(namespace_path);
    if (!ns->namespace_path) {
        free(ns);
        return E_OUTOFMEMORY;
    }
    ns->IWbemServices_iface.lpVtbl = &namespace_vtbl;
    ns->refs = 1;
    ns->schema = schema;
    live_object_created();
    *out = &ns->IWbemServices_iface;
    return S_OK;
}

static HRESULT WINAPI namespace_QueryInterface(IWbemServices *iface, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IWbemServices)) {
        *ppv = iface;
        IWbemServices_AddRef(iface);
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI namespace_AddRef(IWbemServices *iface)
{
    return (ULONG)InterlockedIncrement(&impl_from_IWbemServices(iface)->refs);
}

static ULONG WINAPI namespace_Release(IWbemServices *iface)
{
    struct wbem_namespace *ns = impl_from_IWbemServices(iface);
    LONG refs = InterlockedDecrement(&ns->refs);

    if (refs == 0) {
        free(ns->namespace_path);
        free(ns);
        live_object_destroyed();
    }
    return (ULONG)(refs < 0 ? 0 : refs);
}

static HRESULT WINAPI namespace_OpenNamespace(IWbemServices *iface, const BSTR name, LONG flags, IWbemContext *ctx,
                                              IWbemServices **out, IWbemCallResult **result)
{
    if (out)
        *out = NULL;
    if (result)
        *result = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_CancelAsyncCall(IWbemServices *iface, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_QueryObjectSink(IWbemServices *iface, LONG flags, IWbemObjectSink **sink)
{
    if (sink)
        *sink = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

/* Only class names: a provider asks its namespace for the class it fills. */
static HRESULT WINAPI namespace_GetObject(IWbemServices *iface, const BSTR path, LONG flags, IWbemContext *ctx,
                                          IWbemClassObject **object, IWbemCallResult **result)
{
    struct wbem_namespace *ns = impl_from_IWbemServices(iface);
    const mof_class *cls;
    double started = now_ms();
    HRESULT hr;

    if (result)
        *result = NULL;
    if (!object)
        return WBEM_E_INVALID_PARAMETER;
    *object = NULL;
    if (!path || !*path)
        return WBEM_E_NOT_SUPPORTED;
    if (wcspbrk(path, L".=:\\"))
        return WBEM_E_NOT_SUPPORTED;
    cls = mof_find_class(ns->schema, ns->namespace_path, path);
    hr = cls ? class_object_create(cls, object) : (HRESULT)WBEM_E_NOT_FOUND;
    host_ms += now_ms() - started;
    return hr;
}

static HRESULT WINAPI namespace_GetObjectAsync(IWbemServices *iface, const BSTR path, LONG flags, IWbemContext *ctx,
                                               IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_PutClass(IWbemServices *iface, IWbemClassObject *object, LONG flags,
                                         IWbemContext *ctx, IWbemCallResult **result)
{
    if (result)
        *result = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_PutClassAsync(IWbemServices *iface, IWbemClassObject *object, LONG flags,
                                              IWbemContext *ctx, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_DeleteClass(IWbemServices *iface, const BSTR name, LONG flags, IWbemContext *ctx,
                                            IWbemCallResult **result)
{
    if (result)
        *result = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_DeleteClassAsync(IWbemServices *iface, const BSTR name, LONG flags,
                                                 IWbemContext *ctx, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_CreateClassEnum(IWbemServices *iface, const BSTR superclass, LONG flags,
                                                IWbemContext *ctx, IEnumWbemClassObject **out)
{
    if (out)
        *out = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_CreateClassEnumAsync(IWbemServices *iface, const BSTR superclass, LONG flags,
                                                     IWbemContext *ctx, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_PutInstance(IWbemServices *iface, IWbemClassObject *instance, LONG flags,
                                            IWbemContext *ctx, IWbemCallResult **result)
{
    if (result)
        *result = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_PutInstanceAsync(IWbemServices *iface, IWbemClassObject *instance, LONG flags,
                                                 IWbemContext *ctx, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_DeleteInstance(IWbemServices *iface, const BSTR path, LONG flags, IWbemContext *ctx,
                                               IWbemCallResult **result)
{
    if (result)
        *result = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_DeleteInstanceAsync(IWbemServices *iface, const BSTR path, LONG flags,
                                                    IWbemContext *ctx, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_CreateInstanceEnum(IWbemServices *iface, const BSTR filter, LONG flags,
                                                   IWbemContext *ctx, IEnumWbemClassObject **out)
{
    if (out)
        *out = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_CreateInstanceEnumAsync(IWbemServices *iface, const BSTR filter, LONG flags,
                                                        IWbemContext *ctx, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_ExecQuery(IWbemServices *iface, const BSTR language, const BSTR query, LONG flags,
                                          IWbemContext *ctx, IEnumWbemClassObject **out)
{
    if (out)
        *out = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_ExecQueryAsync(IWbemServices *iface, const BSTR language, const BSTR query,
                                               LONG flags, IWbemContext *ctx, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_ExecNotificationQuery(IWbemServices *iface, const BSTR language, const BSTR query,
                                                      LONG flags, IWbemContext *ctx, IEnumWbemClassObject **out)
{
    if (out)
        *out = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_ExecNotificationQueryAsync(IWbemServices *iface, const BSTR language,
                                                           const BSTR query, LONG flags, IWbemContext *ctx,
                                                           IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_ExecMethod(IWbemServices *iface, const BSTR path, const BSTR method, LONG flags,
                                           IWbemContext *ctx, IWbemClassObject *in, IWbemClassObject **out,
                                           IWbemCallResult **result)
{
    if (out)
        *out = NULL;
    if (result)
        *result = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI namespace_ExecMethodAsync(IWbemServices *iface, const BSTR path, const BSTR method,
                                                LONG flags, IWbemContext *ctx, IWbemClassObject *in,
                                                IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static const IWbemServicesVtbl namespace_vtbl = {
    namespace_QueryInterface,
    namespace_AddRef,
    namespace_Release,
    namespace_OpenNamespace,
    namespace_CancelAsyncCall,
    namespace_QueryObjectSink,
    namespace_GetObject,
    namespace_GetObjectAsync,
    namespace_PutClass,
    namespace_PutClassAsync,
    namespace_DeleteClass,
    namespace_DeleteClassAsync,
    namespace_CreateClassEnum,
    namespace_CreateClassEnumAsync,
    namespace_PutInstance,
    namespace_PutInstanceAsync,
    namespace_DeleteInstance,
    namespace_DeleteInstanceAsync,
    namespace_CreateInstanceEnum,
    namespace_CreateInstanceEnumAsync,
    namespace_ExecQuery,
    namespace_ExecQueryAsync,
    namespace_ExecNotificationQuery,
    namespace_ExecNotificationQueryAsync,
    namespace_ExecMethod,
    namespace_ExecMethodAsync,
};
