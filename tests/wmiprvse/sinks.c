/* Object and init sinks. Indicate keeps a snapshot (Clone) of each instance,
 * as WMI copies what it is handed: a provider may reuse or change an instance
 * after Indicate returns. */
#include "sinks.h"
#include "classobj.h"
#include "host.h"

#include <stdlib.h>
#include <string.h>

struct object_sink {
    IWbemObjectSink IWbemObjectSink_iface;
    LONG refs;
    CRITICAL_SECTION lock;
    /* Signalled with complete under lock. A condition variable, not an
     * event: waiting for a status that already arrived (the usual case, a
     * provider that calls SetStatus before returning) costs no kernel object
     * and, under Wine, no server round trip, so the host's share of a call
     * is the host's work. */
    CONDITION_VARIABLE completed;
    char operation[256];
    BOOL complete;
    HRESULT status;
    IWbemClassObject **items;
    size_t count, cap;
    double callback_ms; /* time spent inside Indicate and SetStatus: the host's share of a call */
};

static const IWbemObjectSinkVtbl object_sink_vtbl;

static inline object_sink *impl_from_IWbemObjectSink(IWbemObjectSink *iface)
{
    return CONTAINING_RECORD(iface, object_sink, IWbemObjectSink_iface);
}

HRESULT object_sink_create(const char *operation, object_sink **out)
{
    object_sink *sink = calloc(1, sizeof(*sink));

    *out = NULL;
    if (!sink)
        return E_OUTOFMEMORY;
    InitializeCriticalSection(&sink->lock);
    InitializeConditionVariable(&sink->completed);
    sink->IWbemObjectSink_iface.lpVtbl = &object_sink_vtbl;
    sink->refs = 1;
    sink->status = S_OK;
    strncpy(sink->operation, operation, sizeof(sink->operation) - 1);
    live_object_created();
    *out = sink;
    return S_OK;
}

IWbemObjectSink *object_sink_iface(object_sink *sink)
{
    return &sink->IWbemObjectSink_iface;
}

BOOL object_sink_wait(object_sink *sink, DWORD timeout_ms)
{
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    BOOL complete;

    EnterCriticalSection(&sink->lock);
    while (!sink->complete) {
        ULONGLONG now = GetTickCount64();
        /* A wake may come early or spuriously: the deadline decides. */
        if (now >= deadline ||
            (!SleepConditionVariableCS(&sink->completed, &sink->lock, (DWORD)(deadline - now)) &&
             GetLastError() != ERROR_TIMEOUT))
            break;
    }
    complete = sink->complete;
    LeaveCriticalSection(&sink->lock);
    return complete;
}

HRESULT object_sink_status(object_sink *sink)
{
    HRESULT hr;
    EnterCriticalSection(&sink->lock);
    hr = sink->status;
    LeaveCriticalSection(&sink->lock);
    return hr;
}

size_t object_sink_count(object_sink *sink)
{
    return sink->count;
}

IWbemClassObject *object_sink_item(object_sink *sink, size_t index)
{
    return sink->items[index];
}

void object_sink_release(object_sink *sink)
{
    IWbemObjectSink_Release(&sink->IWbemObjectSink_iface);
}

static HRESULT WINAPI object_sink_QueryInterface(IWbemObjectSink *iface, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IWbemObjectSink)) {
        *ppv = iface;
        IWbemObjectSink_AddRef(iface);
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI object_sink_AddRef(IWbemObjectSink *iface)
{
    return (ULONG)InterlockedIncrement(&impl_from_IWbemObjectSink(iface)->refs);
}

static ULONG WINAPI object_sink_Release(IWbemObjectSink *iface)
{
    object_sink *sink = impl_from_IWbemObjectSink(iface);
    LONG refs = InterlockedDecrement(&sink->refs);
    size_t i;

    if (refs == 0) {
        for (i = 0; i < sink->count; i++)
            IWbemClassObject_Release(sink->items[i]);
        free(sink->items);
        DeleteCriticalSection(&sink->lock);
        free(sink);
        live_object_destroyed();
    }
    return (ULONG)(refs < 0 ? 0 : refs);
}

/* What WMI would refuse or what would make the instance unusable to a client. */
static BOOL check_indicated(object_sink *sink, IWbemClassObject *obj)
{
    const mof_class *cls = class_object_class(obj);
    size_t i, keys = 0;
    BOOL ok = TRUE;

    if (!obj) {
        finding(FINDING_CHECK, "%s: Indicate with a NULL object", sink->operation);
        return FALSE;
    }
    if (!cls) {
        finding(FINDING_CHECK, "%s: Indicate with an object the stand-in did not create "
                "(instances must come from the namespace's class via SpawnInstance)", sink->operation);
        return FALSE;
    }
    if (!class_object_is_instance(obj)) {
        finding(FINDING_CHECK, "%s: Indicate with the class object %s instead of an instance", sink->operation,
                cls->name);
        return FALSE;
    }
    for (i = 0; i < cls->prop_count; i++) {
        if (!cls->props[i].is_key)
            continue;
        keys++;
        if (!class_object_is_instance(obj) || V_VT(class_object_value(obj, i)) == VT_EMPTY ||
            V_VT(class_object_value(obj, i)) == VT_NULL) {
            finding(FINDING_CHECK, "%s: instance of %s indicated without its key %s", sink->operation, cls->name,
                    cls->props[i].name);
            ok = FALSE;
        }
    }
    if (!keys && !cls->is_singleton) {
        finding(FINDING_CHECK, "%s: class %s has neither a [key] property nor [singleton]: its instances have no path",
                sink->operation, cls->name);
        ok = FALSE;
    }
    return ok;
}

static HRESULT indicate_body(IWbemObjectSink *iface, LONG count, IWbemClassObject **objects)
{
    object_sink *sink = impl_from_IWbemObjectSink(iface);
    HRESULT hr = WBEM_S_NO_ERROR;
    LONG i;

    if (count < 0 || (count > 0 && !objects)) {
        finding(FINDING_CHECK, "%s: Indicate(%ld, %p)", sink->operation, (long)count, (void *)objects);
        return WBEM_E_INVALID_PARAMETER;
    }
    EnterCriticalSection(&sink->lock);
    if (sink->complete) {
        finding(FINDING_CHECK, "%s: Indicate after the final SetStatus", sink->operation);
        hr = WBEM_E_INVALID_OPERATION;
        goto done;
    }
    for (i = 0; i < count; i++) {
        IWbemClassObject *copy;
        if (!check_indicated(sink, objects[i])) {
            if (!class_object_class(objects[i]))
                continue;
        }
        if (sink->count == sink->cap) {
            size_t cap = sink->cap ? sink->cap * 2 : 8;
            IWbemClassObject **grown = realloc(sink->items, cap * sizeof(*grown));
            if (!grown) {
                hr = WBEM_E_OUT_OF_MEMORY;
                goto done;
            }
            sink->items = grown;
            sink->cap = cap;
        }
        hr = IWbemClassObject_Clone(objects[i], &copy);
        if (FAILED(hr))
            goto done;
        sink->items[sink->count++] = copy;
    }
done:
    LeaveCriticalSection(&sink->lock);
    return hr;
}

static HRESULT WINAPI object_sink_Indicate(IWbemObjectSink *iface, LONG count, IWbemClassObject **objects)
{
    object_sink *sink = impl_from_IWbemObjectSink(iface);
    double started = now_ms();
    HRESULT hr = indicate_body(iface, count, objects);
    double spent = now_ms() - started;

    EnterCriticalSection(&sink->lock);
    sink->callback_ms += spent;
    LeaveCriticalSection(&sink->lock);
    return hr;
}

double object_sink_callback_ms(object_sink *sink)
{
    double ms;
    EnterCriticalSection(&sink->lock);
    ms = sink->callback_ms;
    LeaveCriticalSection(&sink->lock);
    return ms;
}

static HRESULT WINAPI object_sink_SetStatus(IWbemObjectSink *iface, LONG flags, HRESULT result, BSTR param,
                                            IWbemClassObject *error_object)
{
    object_sink *sink = impl_from_IWbemObjectSink(iface);
    double started = now_ms();

    if (flags != WBEM_STATUS_COMPLETE)
        return WBEM_S_NO_ERROR;
    EnterCriticalSection(&sink->lock);
    if (sink->complete)
        finding(FINDING_CHECK, "%s: SetStatus(WBEM_STATUS_COMPLETE) called twice (0x%08lx, then 0x%08lx)",
                sink->operation, (unsigned long)sink->status, (unsigned long)result);
    else
        sink->status = result;
    sink->complete = TRUE;
    WakeAllConditionVariable(&sink->completed);
    sink->callback_ms += now_ms() - started;
    LeaveCriticalSection(&sink->lock);
    return WBEM_S_NO_ERROR;
}

static const IWbemObjectSinkVtbl object_sink_vtbl = {
    object_sink_QueryInterface,
    object_sink_AddRef,
    object_sink_Release,
    object_sink_Indicate,
    object_sink_SetStatus,
};

/* ---- IWbemProviderInitSink ---- */

struct init_sink {
    IWbemProviderInitSink IWbemProviderInitSink_iface;
    LONG refs;
    HANDLE done;
    volatile LONG status;
    volatile LONG calls;
};

static const IWbemProviderInitSinkVtbl init_sink_vtbl;

static inline init_sink *impl_from_IWbemProviderInitSink(IWbemProviderInitSink *iface)
{
    return CONTAINING_RECORD(iface, init_sink, IWbemProviderInitSink_iface);
}

HRESULT init_sink_create(init_sink **out)
{
    init_sink *sink = calloc(1, sizeof(*sink));

    *out = NULL;
    if (!sink)
        return E_OUTOFMEMORY;
    sink->done = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!sink->done) {
        free(sink);
        return HRESULT_FROM_WIN32(GetLastError());
    }
    sink->IWbemProviderInitSink_iface.lpVtbl = &init_sink_vtbl;
    sink->refs = 1;
    sink->status = WBEM_E_FAILED;
    live_object_created();
    *out = sink;
    return S_OK;
}

IWbemProviderInitSink *init_sink_iface(init_sink *sink)
{
    return &sink->IWbemProviderInitSink_iface;
}

BOOL init_sink_wait(init_sink *sink, DWORD timeout_ms)
{
    return WaitForSingleObject(sink->done, timeout_ms) == WAIT_OBJECT_0;
}

LONG init_sink_status(init_sink *sink)
{
    return InterlockedCompareExchange(&sink->status, 0, 0);
}

void init_sink_release(init_sink *sink)
{
    IWbemProviderInitSink_Release(&sink->IWbemProviderInitSink_iface);
}

static HRESULT WINAPI init_sink_QueryInterface(IWbemProviderInitSink *iface, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IWbemProviderInitSink)) {
        *ppv = iface;
        IWbemProviderInitSink_AddRef(iface);
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI init_sink_AddRef(IWbemProviderInitSink *iface)
{
    return (ULONG)InterlockedIncrement(&impl_from_IWbemProviderInitSink(iface)->refs);
}

static ULONG WINAPI init_sink_Release(IWbemProviderInitSink *iface)
{
    init_sink *sink = impl_from_IWbemProviderInitSink(iface);
    LONG refs = InterlockedDecrement(&sink->refs);

    if (refs == 0) {
        CloseHandle(sink->done);
        free(sink);
        live_object_destroyed();
    }
    return (ULONG)(refs < 0 ? 0 : refs);
}

static HRESULT WINAPI init_sink_SetStatus(IWbemProviderInitSink *iface, LONG status, LONG flags)
{
    init_sink *sink = impl_from_IWbemProviderInitSink(iface);

    if (InterlockedIncrement(&sink->calls) > 1)
        finding(FINDING_CHECK, "IWbemProviderInitSink::SetStatus called more than once");
    InterlockedExchange(&sink->status, status);
    SetEvent(sink->done);
    return WBEM_S_NO_ERROR;
}

static const IWbemProviderInitSinkVtbl init_sink_vtbl = {
    init_sink_QueryInterface,
    init_sink_AddRef,
    init_sink_Release,
    init_sink_SetStatus,
};
