/* One client request, end to end: impersonate, collect this machine's facts
 * (or take the instance's snapshot of a moment ago: facts_cache.h), revert,
 * evaluate, render in the client's language, and Indicate the instances of
 * one class that match. */
#ifndef ACSREADY_WMI_REQUEST_H
#define ACSREADY_WMI_REQUEST_H

#include <stdbool.h>
#include "wmi/com.h"

#include "core/report.h"
#include "wmi/facts_cache.h"

/* What Initialize prepared; read-only afterwards, so requests on many
 * threads share it without a lock (the facts cache has its own locks). */
typedef struct acs_provider_state {
    IWbemServices *ns;
    acs_facts_cache *facts_cache; /* the instance's snapshot of the facts */
    const acs_catalog *catalog;
    const acs_catalog_origin *origin;
    const acs_profile *profile;
    acs_lang lang; /* from the locale Initialize was given */
} acs_provider_state;

typedef struct acs_request {
    const acs_class *cls;
    const char *key_value;  /* NULL: every instance; else the key to match (case-insensitive) */
    bool missing_is_error;  /* GetObject: no match is WBEM_E_NOT_FOUND; a query: an empty answer */
} acs_request;

/* The context value a client may set to ask for another language on one call
 * (VT_BSTR: "MS_411", "ja", "zh-TW", ...). Provider-specific: WMI itself
 * carries the locale only through Initialize (see mof/README.md). */
#define ACS_CONTEXT_LOCALE L"AcsReadinessLocale"

/* Where a provider instance's facts come from: this machine's collectors
 * and the registry watch (collect/collect.h), with catalog. */
void acs_request_facts_source(const acs_catalog *catalog, acs_facts_source *source);

/* The final status for SetStatus. Never leaves the thread impersonating. */
HRESULT acs_request_run(const acs_provider_state *state, const acs_request *request, IWbemContext *context,
                        IWbemObjectSink *sink);

#endif
