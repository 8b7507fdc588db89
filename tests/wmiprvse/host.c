/* Provider activation, Initialize and the unload check. */
#include "host.h"
#include "services.h"
#include "sinks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* PROCESS_MEMORY_COUNTERS_EX, looked up in kernel32 at run time (K32
 * GetProcessMemoryInfo, Windows 7 and later) so the stand-in links no psapi. */
void print_memory(unsigned long calls)
{
    typedef struct {
        DWORD cb, PageFaultCount;
        SIZE_T PeakWorkingSetSize, WorkingSetSize, QuotaPeakPagedPoolUsage, QuotaPagedPoolUsage,
            QuotaPeakNonPagedPoolUsage, QuotaNonPagedPoolUsage, PagefileUsage, PeakPagefileUsage, PrivateUsage;
    } counters;
    typedef BOOL(WINAPI * info_fn)(HANDLE, void *, DWORD);
    info_fn info = (info_fn)(void (*)(void))GetProcAddress(GetModuleHandleW(L"kernel32.dll"), "K32GetProcessMemoryInfo");
    counters c;

    memset(&c, 0, sizeof(c));
    c.cb = sizeof(c);
    if (!info || !info(GetCurrentProcess(), &c, sizeof(c))) {
        fprintf(stderr, "memory: calls=%lu unavailable\n", calls);
        return;
    }
    fprintf(stderr, "memory: calls=%lu private_kb=%lu working_set_kb=%lu\n", calls,
            (unsigned long)(c.PrivateUsage / 1024), (unsigned long)(c.WorkingSetSize / 1024));
}

double now_ms(void)
{
    static LARGE_INTEGER frequency;
    LARGE_INTEGER counter;

    if (!frequency.QuadPart)
        QueryPerformanceFrequency(&frequency);
    QueryPerformanceCounter(&counter);
    return (double)counter.QuadPart * 1000.0 / (double)frequency.QuadPart;
}

int host_start(provider_host *host, const CLSID *clsid, const mof_schema *schema, const char *namespace_path,
               const WCHAR *locale, DWORD timeout_ms, int quiet)
{
    WCHAR *wide_namespace = wide_from_utf8(namespace_path);
    WCHAR *wide_locale = _wcsdup(locale);
    init_sink *sink = NULL;
    double started;
    HRESULT hr;
    int result = -1;
    LONG status;

    ZeroMemory(host, sizeof(*host));
    if (!wide_namespace || !wide_locale)
        goto done;
    hr = namespace_create(schema, namespace_path, &host->ns);
    if (FAILED(hr))
        goto done;

    started = now_ms();
    hr = CoCreateInstance(clsid, NULL, CLSCTX_INPROC_SERVER, &IID_IWbemProviderInit, (void **)&host->init);
    host->activate_ms = now_ms() - started;
    if (FAILED(hr)) {
        finding(FINDING_PROVIDER, "CoCreateInstance(IWbemProviderInit) failed: 0x%08lx %s%s", (unsigned long)hr,
                hresult_name(hr),
                hr == REGDB_E_CLASSNOTREG ? " (not registered for this bitness: run regsvr32 on the DLL first)" : "");
        goto done;
    }
    /* The vtable lives in the provider's image: it names the module that COM loaded. */
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCWSTR)(const void *)host->init->lpVtbl,
                            &host->module)) {
        finding(FINDING_UNLOAD, "cannot find the module of the provider's IWbemProviderInit (error %lu)",
                GetLastError());
        host->module = NULL;
    } else if (!quiet) {
        WCHAR path[MAX_PATH];
        if (GetModuleFileNameW(host->module, path, MAX_PATH)) {
            char *utf8 = utf8_from_wide(path);
            fprintf(stderr, "wmiprvse: provider loaded from %s\n", utf8 ? utf8 : "?");
            free(utf8);
        }
    }
    hr = IWbemProviderInit_QueryInterface(host->init, &IID_IWbemServices, (void **)&host->provider);
    if (FAILED(hr)) {
        finding(FINDING_PROVIDER, "the provider does not implement IWbemServices: 0x%08lx %s", (unsigned long)hr,
                hresult_name(hr));
        host->provider = NULL;
        goto done;
    }

    hr = init_sink_create(&sink);
    if (FAILED(hr))
        goto done;
    started = now_ms();
    hr = IWbemProviderInit_Initialize(host->init, NULL, 0, wide_namespace, wide_locale, host->ns, NULL,
                                      init_sink_iface(sink));
    if (FAILED(hr)) {
        host->initialize_ms = now_ms() - started;
        finding(FINDING_PROVIDER, "IWbemProviderInit::Initialize returned 0x%08lx %s", (unsigned long)hr,
                hresult_name(hr));
        goto done;
    }
    if (!init_sink_wait(sink, timeout_ms)) {
        finding(FINDING_HANG, "Initialize never called IWbemProviderInitSink::SetStatus within %lu s",
                (unsigned long)(timeout_ms / 1000));
        goto done;
    }
    host->initialize_ms = now_ms() - started;
    status = init_sink_status(sink);
    if (status != WBEM_S_INITIALIZED) {
        finding(FINDING_PROVIDER, "Initialize reported status 0x%08lx %s instead of WBEM_S_INITIALIZED",
                (unsigned long)status, hresult_name((HRESULT)status));
        goto done;
    }
    result = 0;
done:
    if (sink)
        init_sink_release(sink);
    free(wide_namespace);
    free(wide_locale);
    return result;
}

void host_stop(provider_host *host)
{
    typedef HRESULT(STDAPICALLTYPE * can_unload_fn)(void);
    can_unload_fn can_unload;
    LONG live;

    if (host->provider)
        IWbemServices_Release(host->provider);
    if (host->init)
        IWbemProviderInit_Release(host->init);
    if (host->ns)
        IWbemServices_Release(host->ns);
    host->provider = NULL;
    host->init = NULL;
    host->ns = NULL;

    live = live_objects();
    if (live)
        finding(FINDING_UNLOAD, "%ld stand-in object(s) (namespace, classes, instances or sinks) still referenced "
                "after the provider's last Release: the provider leaks references", (long)live);
    if (!host->module)
        return;
    can_unload = (can_unload_fn)(void (*)(void))GetProcAddress(host->module, "DllCanUnloadNow");
    if (!can_unload) {
        finding(FINDING_UNLOAD, "the provider DLL does not export DllCanUnloadNow");
    } else {
        HRESULT hr = can_unload();
        if (hr != S_OK)
            finding(FINDING_UNLOAD, "DllCanUnloadNow returned 0x%08lx after every reference was released: "
                    "the provider leaks objects or server locks", (unsigned long)hr);
    }
    FreeLibrary(host->module);
    host->module = NULL;
}
