/* The request pipeline; see request.h. */
#include "wmi/request.h"

#include <time.h>

#include "collect/collect.h"
#include "wmi/instance.h"
#include "wmi/text.h"

static acs_lang request_lang(const acs_provider_state *state, IWbemContext *context)
{
    acs_lang lang = state->lang;
    VARIANT value;
    char *text;

    if (context == NULL)
        return lang;
    VariantInit(&value);
    if (SUCCEEDED(IWbemContext_GetValue(context, ACS_CONTEXT_LOCALE, 0, &value)) && V_VT(&value) == VT_BSTR &&
        V_BSTR(&value) != NULL) {
        text = acs_utf8_from_wide(V_BSTR(&value));
        if (text != NULL && !acs_lang_parse(text, &lang))
            lang = state->lang; /* unknown: keep the connection's */
        acs_text_free(text);
    }
    VariantClear(&value);
    return lang;
}

/* The facts are read as the client, so a client sees only what its own
 * rights let it see; the provider's host account (LocalService) is used only
 * when there is no client to impersonate: a caller in this very process,
 * where CoImpersonateClient answers RPC_E_CALL_COMPLETE. */
static HRESULT collect_as_client(const acs_provider_state *state, acs_host_facts *facts)
{
    HRESULT hr = CoImpersonateClient();
    BOOL impersonating = SUCCEEDED(hr);

    if (FAILED(hr) && hr != RPC_E_CALL_COMPLETE)
        return WBEM_E_ACCESS_DENIED;
    acs_collect_host(facts, state->catalog);
    if (impersonating) {
        hr = CoRevertToSelf();
        if (FAILED(hr))
            return hr;
    }
    return S_OK;
}

static bool key_matches(const acs_class *cls, const acs_report *report, size_t row, const char *wanted)
{
    const acs_property *key = acs_class_key_property(cls);
    acs_value value;

    if (key == NULL)
        return false;
    acs_property_value(key, report, row, &value);
    return !value.is_null && value.string != NULL && _stricmp(value.string, wanted) == 0;
}

static HRESULT indicate_rows(const acs_provider_state *state, const acs_request *request, const acs_report *report,
                             IWbemContext *context, IWbemObjectSink *sink)
{
    IWbemClassObject *class_object = NULL;
    BSTR class_name = NULL;
    size_t row, rows, matched = 0;
    HRESULT hr;

    class_name = acs_bstr_from_utf8(request->cls->name);
    if (class_name == NULL) {
        hr = WBEM_E_OUT_OF_MEMORY;
        goto done;
    }
    hr = IWbemServices_GetObject(state->ns, class_name, 0, context, &class_object, NULL);
    if (FAILED(hr))
        goto done;
    if (class_object == NULL) {
        hr = WBEM_E_FAILED;
        goto done;
    }

    rows = request->cls->row_count(report);
    for (row = 0; row < rows; row++) {
        IWbemClassObject *instance = NULL;
        if (request->key_value != NULL && !key_matches(request->cls, report, row, request->key_value))
            continue;
        hr = acs_instance_make(class_object, request->cls, report, row, &instance);
        if (FAILED(hr))
            goto done;
        hr = IWbemObjectSink_Indicate(sink, 1, &instance);
        IWbemClassObject_Release(instance);
        if (FAILED(hr))
            goto done; /* the client cancelled or went away */
        matched++;
    }
    hr = (matched == 0 && request->missing_is_error) ? WBEM_E_NOT_FOUND : WBEM_S_NO_ERROR;

done:
    if (class_object != NULL)
        IWbemClassObject_Release(class_object);
    SysFreeString(class_name);
    return hr;
}

HRESULT acs_request_run(const acs_provider_state *state, const acs_request *request, IWbemContext *context,
                        IWbemObjectSink *sink)
{
    acs_host_facts *facts = NULL;
    acs_report *report = NULL;
    HRESULT hr;

    facts = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*facts));
    report = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*report));
    if (facts == NULL || report == NULL) {
        hr = WBEM_E_OUT_OF_MEMORY;
        goto done;
    }
    acs_facts_init(facts);
    hr = collect_as_client(state, facts);
    if (FAILED(hr))
        goto done;
    acs_report_build(report, state->catalog, state->origin, state->profile, facts, request_lang(state, context),
                     (int64_t)time(NULL));
    hr = indicate_rows(state, request, report, context, sink);

done:
    if (report != NULL)
        HeapFree(GetProcessHeap(), 0, report);
    if (facts != NULL)
        HeapFree(GetProcessHeap(), 0, facts);
    return hr;
}
