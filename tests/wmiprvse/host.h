/* Activation and teardown of the provider, as WMI does them: CoCreateInstance
 * through the registry (the DLL must have been registered with regsvr32),
 * IWbemProviderInit::Initialize with the stand-in's namespace, and at the end
 * every reference released and DllCanUnloadNow asked. */
#ifndef WMIPRVSE_HOST_H
#define WMIPRVSE_HOST_H

#include "standin.h"
#include "mof.h"

typedef struct provider_host {
    IWbemProviderInit *init;
    IWbemServices *provider;    /* the provider's own IWbemServices */
    IWbemServices *ns;          /* the stand-in's namespace given to Initialize */
    HMODULE module;             /* the provider DLL, held until the unload check */
    double activate_ms;
    double initialize_ms;
} provider_host;

double now_ms(void);
/* "memory: calls=<calls> private_kb=<private bytes / 1024>" on stderr. */
void print_memory(unsigned long calls);

/* 0 when the provider is ready; otherwise findings say why (and -1). */
int host_start(provider_host *host, const CLSID *clsid, const mof_schema *schema, const char *namespace_path,
               const WCHAR *locale, DWORD timeout_ms, int quiet);
/* Releases everything, then checks the stand-in's live objects and DllCanUnloadNow. */
void host_stop(provider_host *host);

#endif
