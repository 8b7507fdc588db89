/* The request pipeline; see request.h. */
#include "wmi/request.h"

#include <string.h>
#include <time.h>

#include "collect/collect.h"
#include "core/ascii.h"
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

/* Who the facts are read as: the bytes that decide what this thread's token
 * may read (its user and groups with their enabled and deny-only bits, its
 * restricted SIDs, its logon session), so a snapshot is shared only between
 * requests with the same rights (facts_cache.h). A thread without a token
 * reads as the host process, whose token does not change: a constant key.
 * Returns the key's size, 0 when the token cannot be read (nothing shared). */
#define IDENTITY_KEY_MAX 32768 /* ~1,000 groups; a larger token shares with nobody */

static size_t key_append(unsigned char *key, size_t used, const void *data, size_t size)
{
    if (used == 0 || size > IDENTITY_KEY_MAX - used)
        return 0; /* too large to compare: not shared */
    memcpy(key + used, data, size);
    return used + size;
}

static size_t key_append_sids(unsigned char *key, size_t used, const SID_AND_ATTRIBUTES *sids, DWORD count)
{
    const DWORD rights = SE_GROUP_ENABLED | SE_GROUP_USE_FOR_DENY_ONLY;
    DWORD i;

    used = key_append(key, used, &count, sizeof(count));
    for (i = 0; i < count && used > 0; i++) {
        DWORD attributes = sids[i].Attributes & rights;
        used = key_append(key, used, &attributes, sizeof(attributes));
        used = key_append(key, used, sids[i].Sid, GetLengthSid(sids[i].Sid));
    }
    return used;
}

/* One token query into buffer when it fits (the usual case: one call), else
 * into the heap (*allocated, freed by the caller). NULL when not answered. */
static void *token_information(HANDLE token, TOKEN_INFORMATION_CLASS what, void *buffer, DWORD buffer_size,
                               void **allocated)
{
    DWORD size = 0;

    *allocated = NULL;
    if (GetTokenInformation(token, what, buffer, buffer_size, &size))
        return buffer;
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || size == 0 || size > 64 * 1024)
        return NULL;
    *allocated = HeapAlloc(GetProcessHeap(), 0, size);
    if (*allocated == NULL || !GetTokenInformation(token, what, *allocated, size, &size))
        return NULL;
    return *allocated;
}

static size_t identity_key(unsigned char *key)
{
    static const unsigned char tag[4] = { 'a', 'c', 's', 't' }, host[4] = { 'h', 'o', 's', 't' };
    union {
        TOKEN_GROUPS_AND_PRIVILEGES all;
        unsigned char bytes[4096];
    } buffer;
    void *allocated = NULL;
    const TOKEN_GROUPS_AND_PRIVILEGES *all;
    HANDLE token = NULL;
    size_t used;

    /* OpenAsSelf: the host's right to look at the client's token, not the client's own. */
    if (!OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &token)) {
        if (GetLastError() != ERROR_NO_TOKEN)
            return 0;
        memcpy(key, host, sizeof(host));
        return sizeof(host);
    }
    memcpy(key, tag, sizeof(tag));
    used = sizeof(tag);
    /* One query: the user (first) and groups, the restricted SIDs and the logon session. */
    all = token_information(token, TokenGroupsAndPrivileges, &buffer, sizeof(buffer), &allocated);
    if (all != NULL) {
        used = key_append(key, used, &all->AuthenticationId, sizeof(all->AuthenticationId));
        used = key_append_sids(key, used, all->Sids, all->SidCount);
        used = key_append_sids(key, used, all->RestrictedSids, all->RestrictedSidCount);
    } else {
        used = 0; /* not answered (Wine does not): not shared */
    }
    if (allocated != NULL)
        HeapFree(GetProcessHeap(), 0, allocated);
    CloseHandle(token);
    return used;
}

static void collect_every_fact(void *catalog, acs_host_facts *facts)
{
    acs_collect_host(facts, catalog);
}

static void collect_unwatched_facts(void *catalog, acs_host_facts *facts)
{
    acs_collect_host_unwatched(facts, catalog);
}

static bool watch_arm(void **watch)
{
    acs_registry_watch *typed = *watch;
    bool armed = acs_registry_watch_arm(&typed);
    *watch = typed;
    return armed;
}

static bool watch_unchanged(void *watch)
{
    return acs_registry_watch_unchanged(watch);
}

static void watch_free(void *watch)
{
    acs_registry_watch_free(watch);
}

void acs_request_facts_source(const acs_catalog *catalog, acs_facts_source *source)
{
    memset(source, 0, sizeof(*source));
    source->context = (void *)catalog;
    source->collect = collect_every_fact;
    source->collect_unwatched = collect_unwatched_facts;
    source->watch_arm = watch_arm;
    source->watch_unchanged = watch_unchanged;
    source->watch_free = watch_free;
}

/* The facts are read as the client, so a client sees only what its own
 * rights let it see
 * (https://learn.microsoft.com/windows/win32/api/combaseapi/nf-combaseapi-coimpersonateclient);
 * the provider's host account (LocalService) is used only when there is no
 * client to impersonate: a caller in this very process, where
 * CoImpersonateClient answers RPC_E_CALL_COMPLETE. One provider instance
 * serves every user (PerUserInitialization = FALSE in mof/acsready.mof:
 * https://learn.microsoft.com/windows/win32/wmisdk/--win32provider), so a
 * shared snapshot is keyed by the client's token. */
static HRESULT facts_as_client(const acs_provider_state *state, uint64_t arrived_ms, acs_facts_snapshot **out)
{
    HRESULT hr = CoImpersonateClient();
    BOOL impersonating = SUCCEEDED(hr);
    unsigned char *key;
    size_t key_size = 0;

    *out = NULL;
    if (FAILED(hr) && hr != RPC_E_CALL_COMPLETE)
        return WBEM_E_ACCESS_DENIED;
    key = state->facts_cache->max_age_ms > 0 ? HeapAlloc(GetProcessHeap(), 0, IDENTITY_KEY_MAX) : NULL;
    if (key != NULL)
        key_size = identity_key(key);
    hr = acs_facts_cache_get(state->facts_cache, key, key_size, arrived_ms, out);
    if (key != NULL)
        HeapFree(GetProcessHeap(), 0, key);
    if (impersonating) {
        HRESULT reverted = CoRevertToSelf();
        if (FAILED(reverted)) {
            acs_facts_snapshot_release(*out);
            *out = NULL;
            return reverted;
        }
    }
    return FAILED(hr) ? (HRESULT)WBEM_E_OUT_OF_MEMORY : S_OK;
}

static bool key_matches(const acs_class *cls, const acs_report *report, size_t row, const char *wanted)
{
    const acs_property *key = acs_class_key_property(cls);
    acs_value value;

    if (key == NULL)
        return false;
    acs_property_value(key, report, row, &value);
    /* WMI compares string keys without regard to case; ids and service names are ASCII. */
    return !value.is_null && value.string != NULL &&
           acs_ascii_equal_nocase(value.string, strlen(value.string), wanted);
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
    uint64_t arrived_ms = GetTickCount64();
    acs_facts_snapshot *snapshot = NULL;
    acs_report *report = NULL;
    HRESULT hr;

    report = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*report));
    if (report == NULL) {
        hr = WBEM_E_OUT_OF_MEMORY;
        goto done;
    }
    hr = facts_as_client(state, arrived_ms, &snapshot);
    if (FAILED(hr))
        goto done;
    acs_report_build(report, state->catalog, state->origin, state->profile, &snapshot->facts,
                     request_lang(state, context), (int64_t)time(NULL));
    hr = indicate_rows(state, request, report, context, sink);

done:
    acs_facts_snapshot_release(snapshot);
    if (report != NULL)
        HeapFree(GetProcessHeap(), 0, report);
    return hr;
}
