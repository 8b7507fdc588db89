/* The instance provider WMI loads: Initialize keeps the namespace and loads
 * the catalog once; the three read methods answer from a look at the machine
 * at most FactsCacheMilliseconds old (wmi/facts_cache.h); everything else is
 * WBEM_E_NOT_SUPPORTED.
 *
 * Completion: a method that got a sink reports its final status through
 * SetStatus(WBEM_STATUS_COMPLETE, hr) and also returns hr, as Microsoft's
 * instance provider sample does, so a host that reads either sees the same
 * answer. */
#include "wmi/provider.h"

#include <stdio.h>
#include <string.h>

#include "core/report.h"
#include "wmi/config.h"
#include "wmi/module.h"
#include "wmi/objpath.h"
#include "wmi/request.h"
#include "wmi/text.h"
#include "wmi/wql.h"

typedef struct provider {
    IWbemServices IWbemServices_iface;
    IWbemProviderInit IWbemProviderInit_iface;
    LONG refs;
    LONG init_started;
    LONG initialized; /* set last, after state is complete */
    acs_provider_state state;
    acs_catalog *catalog;
    acs_catalog_origin origin;
    acs_facts_cache facts_cache; /* this instance's facts of a moment ago */
} provider;

static inline provider *impl_from_IWbemServices(IWbemServices *iface)
{
    return CONTAINING_RECORD(iface, provider, IWbemServices_iface);
}

static inline provider *impl_from_IWbemProviderInit(IWbemProviderInit *iface)
{
    return CONTAINING_RECORD(iface, provider, IWbemProviderInit_iface);
}

static HRESULT finish(IWbemObjectSink *sink, HRESULT hr)
{
    IWbemObjectSink_SetStatus(sink, WBEM_STATUS_COMPLETE, hr, NULL, NULL);
    return hr;
}

/* ---- IUnknown (shared) ------------------------------------------------ */

static HRESULT provider_query_interface(provider *p, REFIID riid, void **out)
{
    if (out == NULL)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IWbemServices))
        *out = &p->IWbemServices_iface;
    else if (IsEqualGUID(riid, &IID_IWbemProviderInit))
        *out = &p->IWbemProviderInit_iface;
    else {
        *out = NULL;
        return E_NOINTERFACE;
    }
    InterlockedIncrement(&p->refs);
    return S_OK;
}

static ULONG provider_release(provider *p)
{
    LONG refs = InterlockedDecrement(&p->refs);
    if (refs == 0) {
        if (p->state.ns != NULL)
            IWbemServices_Release(p->state.ns);
        acs_facts_cache_free(&p->facts_cache);
        if (p->catalog != NULL)
            acs_catalog_free(p->catalog);
        HeapFree(GetProcessHeap(), 0, p);
        acs_module_object_destroyed();
    }
    return (ULONG)refs;
}

/* ---- IWbemProviderInit ------------------------------------------------ */

static HRESULT WINAPI provider_init_QueryInterface(IWbemProviderInit *iface, REFIID riid, void **out)
{
    return provider_query_interface(impl_from_IWbemProviderInit(iface), riid, out);
}

static ULONG WINAPI provider_init_AddRef(IWbemProviderInit *iface)
{
    return (ULONG)InterlockedIncrement(&impl_from_IWbemProviderInit(iface)->refs);
}

static ULONG WINAPI provider_init_Release(IWbemProviderInit *iface)
{
    return provider_release(impl_from_IWbemProviderInit(iface));
}

static acs_lang lang_from_locale(const wchar_t *locale)
{
    acs_lang lang = ACS_LANG_EN;
    char *text = acs_utf8_from_wide(locale);
    if (text != NULL && !acs_lang_parse(text, &lang))
        lang = ACS_LANG_EN;
    acs_text_free(text);
    return lang;
}

/* Loads the catalog and picks the profile. A Profile setting that names no
 * profile of the catalog falls back to the default one, and a CatalogPath
 * that cannot be used to the built-in copy; CatalogSource says so, and the
 * instance's Profile property says which profile was used. */
static HRESULT provider_prepare(provider *p, const wchar_t *locale)
{
    acs_provider_config config;
    acs_facts_source source;
    HRESULT hr;

    if (!acs_module_xml_ready())
        return WBEM_E_FAILED;
    hr = acs_config_read(&config);
    if (FAILED(hr))
        return WBEM_E_OUT_OF_MEMORY;
    p->catalog = acs_catalog_open(config.catalog_path, &p->origin);
    if (p->catalog == NULL) {
        hr = WBEM_E_FAILED;
        goto done;
    }
    if (config.catalog_problem[0]) {
        p->origin.fell_back = true;
        snprintf(p->origin.reason, sizeof(p->origin.reason), "%s", config.catalog_problem);
    }
    p->state.catalog = p->catalog;
    p->state.origin = &p->origin;
    p->state.profile = acs_catalog_find_profile(p->catalog, config.profile);
    if (p->state.profile == NULL) {
        p->state.profile = acs_catalog_default_profile(p->catalog);
        snprintf(p->origin.notes, sizeof(p->origin.notes), "Profile '%.64s' is not in this catalog: '%s' is used",
                 config.profile ? config.profile : "", p->state.profile->id);
    }
    if (config.profile_problem[0] && !p->origin.notes[0])
        snprintf(p->origin.notes, sizeof(p->origin.notes), "%s", config.profile_problem);
    if (config.facts_problem[0] && !p->origin.notes[0])
        snprintf(p->origin.notes, sizeof(p->origin.notes), "%s", config.facts_problem);
    acs_request_facts_source(p->catalog, &source);
    acs_facts_cache_init(&p->facts_cache, config.facts_max_age_ms, &source);
    p->state.facts_cache = &p->facts_cache;
    p->state.lang = lang_from_locale(locale);
    hr = WBEM_S_NO_ERROR;

done:
    acs_config_free(&config);
    return hr;
}

static HRESULT WINAPI provider_init_Initialize(IWbemProviderInit *iface, LPWSTR user, LONG flags, LPWSTR ns_name,
                                               LPWSTR locale, IWbemServices *ns, IWbemContext *context,
                                               IWbemProviderInitSink *sink)
{
    provider *p = impl_from_IWbemProviderInit(iface);
    HRESULT hr;

    if (ns == NULL || sink == NULL)
        return WBEM_E_INVALID_PARAMETER;
    if (InterlockedCompareExchange(&p->init_started, 1, 0) != 0) {
        IWbemProviderInitSink_SetStatus(sink, WBEM_E_UNEXPECTED, 0);
        return WBEM_S_NO_ERROR;
    }
    hr = provider_prepare(p, locale);
    if (SUCCEEDED(hr)) {
        IWbemServices_AddRef(ns);
        p->state.ns = ns;
        InterlockedExchange(&p->initialized, 1);
    }
    IWbemProviderInitSink_SetStatus(sink, SUCCEEDED(hr) ? WBEM_S_INITIALIZED : hr, 0);
    return WBEM_S_NO_ERROR;
}

static const IWbemProviderInitVtbl provider_init_vtbl = {
    provider_init_QueryInterface,
    provider_init_AddRef,
    provider_init_Release,
    provider_init_Initialize,
};

/* ---- IWbemServices: what we serve ------------------------------------- */

static HRESULT WINAPI provider_QueryInterface(IWbemServices *iface, REFIID riid, void **out)
{
    return provider_query_interface(impl_from_IWbemServices(iface), riid, out);
}

static ULONG WINAPI provider_AddRef(IWbemServices *iface)
{
    return (ULONG)InterlockedIncrement(&impl_from_IWbemServices(iface)->refs);
}

static ULONG WINAPI provider_Release(IWbemServices *iface)
{
    return provider_release(impl_from_IWbemServices(iface));
}

static BOOL provider_ready(provider *p)
{
    return InterlockedCompareExchange(&p->initialized, 1, 1) == 1;
}

/* A class of ours by a UTF-16 name; NULL when not ours. */
static const acs_class *find_class_wide(const wchar_t *name)
{
    const acs_class *cls;
    char *text = acs_utf8_from_wide(name);
    if (text == NULL)
        return NULL;
    cls = acs_find_class(text);
    acs_text_free(text);
    return cls;
}

static HRESULT WINAPI provider_CreateInstanceEnumAsync(IWbemServices *iface, const BSTR class_name, LONG flags,
                                                       IWbemContext *context, IWbemObjectSink *sink)
{
    provider *p = impl_from_IWbemServices(iface);
    acs_request request;

    if (sink == NULL)
        return WBEM_E_INVALID_PARAMETER;
    if (!provider_ready(p))
        return finish(sink, WBEM_E_CRITICAL_ERROR);
    if (class_name == NULL)
        return finish(sink, WBEM_E_INVALID_PARAMETER);
    memset(&request, 0, sizeof(request));
    request.cls = find_class_wide(class_name);
    if (request.cls == NULL)
        return finish(sink, WBEM_E_INVALID_CLASS);
    return finish(sink, acs_request_run(&p->state, &request, context, sink));
}

/* A class of ours by the name a path or query holds; NULL when not ours. */
static const acs_class *find_class_span(acs_span name)
{
    size_t i;
    for (i = 0; i < acs_class_count; i++)
        if (acs_span_equals(name, acs_classes[i]->name))
            return acs_classes[i];
    return NULL;
}

/* The request for one key value ("Name = 'x'" of a path or a WHERE): the
 * class's string key, unescaped into *key (heap, acs_text_free). Anything
 * else is `unsupported`, which the path and the query answer differently. */
static HRESULT request_key(acs_request *request, const acs_objpath_key *given, HRESULT unsupported, char **key)
{
    const acs_property *key_prop = acs_class_key_property(request->cls);
    size_t length = given->value.length;

    if (key_prop == NULL || key_prop->type != ACS_CIM_STRING || given->kind != ACS_OBJPATH_STRING)
        return unsupported;
    *key = HeapAlloc(GetProcessHeap(), 0, length + 1);
    if (*key == NULL)
        return WBEM_E_OUT_OF_MEMORY;
    if (acs_objpath_unescape(given->value, *key, length + 1) == (size_t)-1) {
        acs_text_free(*key);
        *key = NULL;
        return unsupported;
    }
    request->key_value = *key;
    return WBEM_S_NO_ERROR;
}

/* Object path -> request. The key's unescaped value is returned in *key
 * (heap, acs_text_free) for keyed classes. */
static HRESULT request_from_path(const char *path, acs_request *request, char **key)
{
    acs_objpath parsed;
    const acs_property *key_prop;

    *key = NULL;
    if (acs_objpath_parse(path, strlen(path), &parsed) != ACS_OBJPATH_OK)
        return WBEM_E_INVALID_OBJECT_PATH;
    if (parsed.namespace_path.length > 0 && !acs_namespace_equals(parsed.namespace_path, ACS_NAMESPACE))
        return WBEM_E_INVALID_OBJECT_PATH;
    request->cls = find_class_span(parsed.class_name);
    if (request->cls == NULL)
        return WBEM_E_INVALID_CLASS;
    request->missing_is_error = true;

    if (request->cls->singleton)
        return parsed.form == ACS_OBJPATH_SINGLETON ? WBEM_S_NO_ERROR : WBEM_E_INVALID_OBJECT_PATH;

    key_prop = acs_class_key_property(request->cls);
    if (parsed.form != ACS_OBJPATH_KEYED || parsed.key_count != 1 || key_prop == NULL)
        return WBEM_E_INVALID_OBJECT_PATH;
    /* A path may leave out the key's name when the class has one key. */
    if (parsed.keys[0].name.length > 0 && !acs_span_equals(parsed.keys[0].name, key_prop->name))
        return WBEM_E_INVALID_OBJECT_PATH;
    return request_key(request, &parsed.keys[0], WBEM_E_INVALID_OBJECT_PATH, key);
}

/* GetObject and ExecQuery differ only in how their text becomes a request. */
typedef HRESULT (*request_parser)(const char *text, acs_request *request, char **key);

static HRESULT run_text_request(provider *p, const BSTR wide, HRESULT when_empty, request_parser parse,
                                IWbemContext *context, IWbemObjectSink *sink)
{
    acs_request request;
    char *text, *key = NULL;
    HRESULT hr;

    memset(&request, 0, sizeof(request));
    text = acs_utf8_from_wide(wide);
    if (text == NULL) {
        hr = wide[0] == L'\0' ? when_empty : (HRESULT)WBEM_E_OUT_OF_MEMORY;
        goto done;
    }
    hr = parse(text, &request, &key);
    if (FAILED(hr))
        goto done;
    hr = acs_request_run(&p->state, &request, context, sink);

done:
    acs_text_free(key);
    acs_text_free(text);
    return finish(sink, hr);
}

static HRESULT WINAPI provider_GetObjectAsync(IWbemServices *iface, const BSTR object_path, LONG flags,
                                              IWbemContext *context, IWbemObjectSink *sink)
{
    provider *p = impl_from_IWbemServices(iface);

    if (sink == NULL)
        return WBEM_E_INVALID_PARAMETER;
    if (!provider_ready(p))
        return finish(sink, WBEM_E_CRITICAL_ERROR);
    if (object_path == NULL)
        return finish(sink, WBEM_E_INVALID_OBJECT_PATH);
    return run_text_request(p, object_path, WBEM_E_INVALID_OBJECT_PATH, request_from_path, context, sink);
}

/* A WHERE we answer ourselves: the key, compared with a string. Anything
 * else is WMI's to filter. */
static HRESULT request_from_query(const char *query, acs_request *request, char **key)
{
    acs_wql_query parsed;
    const acs_property *key_prop;

    *key = NULL;
    if (acs_wql_parse(query, strlen(query), &parsed) != ACS_WQL_OK)
        return WBEM_E_PROVIDER_NOT_CAPABLE;
    request->cls = find_class_span(parsed.class_name);
    if (request->cls == NULL)
        return WBEM_E_INVALID_CLASS;
    if (!parsed.has_condition)
        return WBEM_S_NO_ERROR;
    key_prop = acs_class_key_property(request->cls);
    if (key_prop == NULL || !acs_span_equals(parsed.condition.name, key_prop->name))
        return WBEM_E_PROVIDER_NOT_CAPABLE;
    return request_key(request, &parsed.condition, WBEM_E_PROVIDER_NOT_CAPABLE, key);
}

static HRESULT WINAPI provider_ExecQueryAsync(IWbemServices *iface, const BSTR language, const BSTR query,
                                              LONG flags, IWbemContext *context, IWbemObjectSink *sink)
{
    provider *p = impl_from_IWbemServices(iface);

    if (sink == NULL)
        return WBEM_E_INVALID_PARAMETER;
    if (!provider_ready(p))
        return finish(sink, WBEM_E_CRITICAL_ERROR);
    if (language == NULL || _wcsicmp(language, L"WQL") != 0)
        return finish(sink, WBEM_E_INVALID_QUERY_TYPE);
    if (query == NULL)
        return finish(sink, WBEM_E_INVALID_QUERY);
    return run_text_request(p, query, WBEM_E_PROVIDER_NOT_CAPABLE, request_from_query, context, sink);
}

/* ---- IWbemServices: what we do not serve ------------------------------ */

static HRESULT WINAPI provider_OpenNamespace(IWbemServices *iface, const BSTR ns, LONG flags, IWbemContext *context,
                                             IWbemServices **out, IWbemCallResult **result)
{
    if (out != NULL)
        *out = NULL;
    if (result != NULL)
        *result = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI provider_CancelAsyncCall(IWbemServices *iface, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI provider_QueryObjectSink(IWbemServices *iface, LONG flags, IWbemObjectSink **out)
{
    if (out != NULL)
        *out = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI provider_GetObject(IWbemServices *iface, const BSTR path, LONG flags, IWbemContext *context,
                                         IWbemClassObject **out, IWbemCallResult **result)
{
    if (out != NULL)
        *out = NULL;
    if (result != NULL)
        *result = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI provider_PutClass(IWbemServices *iface, IWbemClassObject *object, LONG flags,
                                       IWbemContext *context, IWbemCallResult **result)
{
    if (result != NULL)
        *result = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI provider_PutClassAsync(IWbemServices *iface, IWbemClassObject *object, LONG flags,
                                            IWbemContext *context, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI provider_DeleteClass(IWbemServices *iface, const BSTR name, LONG flags, IWbemContext *context,
                                           IWbemCallResult **result)
{
    if (result != NULL)
        *result = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI provider_DeleteClassAsync(IWbemServices *iface, const BSTR name, LONG flags,
                                                IWbemContext *context, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI provider_CreateClassEnum(IWbemServices *iface, const BSTR superclass, LONG flags,
                                               IWbemContext *context, IEnumWbemClassObject **out)
{
    if (out != NULL)
        *out = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI provider_CreateClassEnumAsync(IWbemServices *iface, const BSTR superclass, LONG flags,
                                                    IWbemContext *context, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI provider_PutInstance(IWbemServices *iface, IWbemClassObject *instance, LONG flags,
                                           IWbemContext *context, IWbemCallResult **result)
{
    if (result != NULL)
        *result = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI provider_PutInstanceAsync(IWbemServices *iface, IWbemClassObject *instance, LONG flags,
                                               IWbemContext *context, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI provider_DeleteInstance(IWbemServices *iface, const BSTR path, LONG flags,
                                              IWbemContext *context, IWbemCallResult **result)
{
    if (result != NULL)
        *result = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI provider_DeleteInstanceAsync(IWbemServices *iface, const BSTR path, LONG flags,
                                                   IWbemContext *context, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI provider_CreateInstanceEnum(IWbemServices *iface, const BSTR class_name, LONG flags,
                                                  IWbemContext *context, IEnumWbemClassObject **out)
{
    if (out != NULL)
        *out = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI provider_ExecQuery(IWbemServices *iface, const BSTR language, const BSTR query, LONG flags,
                                         IWbemContext *context, IEnumWbemClassObject **out)
{
    if (out != NULL)
        *out = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI provider_ExecNotificationQuery(IWbemServices *iface, const BSTR language, const BSTR query,
                                                     LONG flags, IWbemContext *context, IEnumWbemClassObject **out)
{
    if (out != NULL)
        *out = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI provider_ExecNotificationQueryAsync(IWbemServices *iface, const BSTR language,
                                                          const BSTR query, LONG flags, IWbemContext *context,
                                                          IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI provider_ExecMethod(IWbemServices *iface, const BSTR path, const BSTR method, LONG flags,
                                          IWbemContext *context, IWbemClassObject *in, IWbemClassObject **out,
                                          IWbemCallResult **result)
{
    if (out != NULL)
        *out = NULL;
    if (result != NULL)
        *result = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI provider_ExecMethodAsync(IWbemServices *iface, const BSTR path, const BSTR method, LONG flags,
                                               IWbemContext *context, IWbemClassObject *in, IWbemObjectSink *sink)
{
    return WBEM_E_NOT_SUPPORTED;
}

static const IWbemServicesVtbl provider_vtbl = {
    provider_QueryInterface,
    provider_AddRef,
    provider_Release,
    provider_OpenNamespace,
    provider_CancelAsyncCall,
    provider_QueryObjectSink,
    provider_GetObject,
    provider_GetObjectAsync,
    provider_PutClass,
    provider_PutClassAsync,
    provider_DeleteClass,
    provider_DeleteClassAsync,
    provider_CreateClassEnum,
    provider_CreateClassEnumAsync,
    provider_PutInstance,
    provider_PutInstanceAsync,
    provider_DeleteInstance,
    provider_DeleteInstanceAsync,
    provider_CreateInstanceEnum,
    provider_CreateInstanceEnumAsync,
    provider_ExecQuery,
    provider_ExecQueryAsync,
    provider_ExecNotificationQuery,
    provider_ExecNotificationQueryAsync,
    provider_ExecMethod,
    provider_ExecMethodAsync,
};

HRESULT acs_provider_create(IUnknown **out)
{
    provider *p;

    *out = NULL;
    p = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*p));
    if (p == NULL)
        return E_OUTOFMEMORY;
    p->IWbemServices_iface.lpVtbl = &provider_vtbl;
    p->IWbemProviderInit_iface.lpVtbl = &provider_init_vtbl;
    p->refs = 1;
    acs_module_object_created();
    *out = (IUnknown *)&p->IWbemServices_iface;
    return S_OK;
}
