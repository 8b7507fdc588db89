/* wmiprvse.exe: hosts a WMI instance provider the way WmiPrvSE does, with
 * classes from the shipped MOF, and fails loudly on anything WMI would
 * refuse or a client would notice. See options.c for the command line. */
#include "standin.h"
#include "options.h"
#include "mof.h"
#include "host.h"
#include "runner.h"

#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int clsid_equal_text(const CLSID *clsid, const char *text)
{
    WCHAR *wide = wide_from_utf8(text);
    CLSID parsed;
    int equal = wide && SUCCEEDED(CLSIDFromString(wide, &parsed)) && IsEqualCLSID(clsid, &parsed);
    free(wide);
    return equal;
}

/* Without --clsid, the MOF's own registration names the provider. */
static int pick_clsid(options *opts, const mof_schema *schema)
{
    const mof_provider *found = NULL;
    size_t i;
    WCHAR *wide;
    HRESULT hr;

    if (opts->has_clsid)
        return 0;
    for (i = 0; i < schema->provider_count; i++) {
        if (_stricmp(schema->providers[i].namespace_path, opts->namespace_path))
            continue;
        if (found) {
            fprintf(stderr, "wmiprvse: the MOF registers several providers in %s: give --clsid\n",
                    opts->namespace_path);
            return -1;
        }
        found = &schema->providers[i];
    }
    if (!found) {
        fprintf(stderr, "wmiprvse: no --clsid and the MOF registers no __Win32Provider in %s\n", opts->namespace_path);
        return -1;
    }
    wide = wide_from_utf8(found->clsid);
    hr = wide ? CLSIDFromString(wide, &opts->clsid) : E_OUTOFMEMORY;
    free(wide);
    if (FAILED(hr)) {
        fprintf(stderr, "wmiprvse: the MOF's __Win32Provider %s has a malformed CLSID %s\n", found->name,
                found->clsid);
        return -1;
    }
    opts->has_clsid = 1;
    return 0;
}

/* WMI routes a class to the provider its MOF names; so must the MOF we test with. */
static void check_routing(const options *opts, const mof_schema *schema)
{
    size_t i, served = 0;

    for (i = 0; i < schema->class_count; i++) {
        const mof_class *cls = &schema->classes[i];
        const mof_provider *provider;

        if (cls->is_amendment || _stricmp(cls->namespace_path, opts->namespace_path))
            continue;
        served++;
        if (!schema->provider_count)
            continue;
        if (!cls->is_dynamic || !cls->provider) {
            finding(FINDING_CHECK, "%s:%d: class %s lacks [dynamic, provider(...)]: WMI would not ask the provider",
                    cls->file, cls->line, cls->name);
            continue;
        }
        provider = mof_find_provider(schema, cls->provider);
        if (!provider)
            finding(FINDING_CHECK, "%s:%d: class %s names provider \"%s\", which no __Win32Provider registers",
                    cls->file, cls->line, cls->name, cls->provider);
        else if (!clsid_equal_text(&opts->clsid, provider->clsid))
            finding(FINDING_CHECK, "%s:%d: class %s is served by %s %s, not by the CLSID being tested", cls->file,
                    cls->line, cls->name, provider->name, provider->clsid);
    }
    if (!served)
        finding(FINDING_CHECK, "the MOF declares no class in namespace %s", opts->namespace_path);
}

int main(void)
{
    options opts;
    mof_schema schema;
    provider_host host;
    char error[600];
    size_t i;
    int code;
    HRESULT hr;

    findings_init();
    memset(&schema, 0, sizeof(schema));
    if (options_parse(&opts))
        return EXIT_USAGE;
    _setmode(_fileno(stdout), _O_BINARY);

    for (i = 0; i < opts.mof_count; i++) {
        if (mof_parse_file(&schema, opts.mof_files[i], error, sizeof(error))) {
            fprintf(stderr, "wmiprvse: MOF error: %s\n", error);
            code = FINDING_CHECK;
            goto done;
        }
    }
    if (pick_clsid(&opts, &schema)) {
        code = EXIT_USAGE;
        goto done;
    }
    check_routing(&opts, &schema);

    hr = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    if (FAILED(hr)) {
        fprintf(stderr, "wmiprvse: CoInitializeEx failed: 0x%08lx\n", (unsigned long)hr);
        code = FINDING_PROVIDER;
        goto done;
    }
    /* --reload N: the whole life of the provider N times in one process
     * (load, Initialize, the operations, Release, DllCanUnloadNow, FreeLibrary):
     * memory must not grow with the count, and every unload check must hold. */
    for (i = 0; i < opts.reload && (i == 0 || !findings_exit_code()); i++) {
        if (!host_start(&host, &opts.clsid, &schema, opts.namespace_path, opts.locale, opts.timeout_ms, opts.quiet))
            run_operations(&opts, &host, &schema);
        else if (findings_exit_code() == FINDING_HANG) {
            /* Initialize is still running in the provider: releasing it now could crash. */
            findings_print();
            TerminateProcess(GetCurrentProcess(), FINDING_HANG);
        }
        host_stop(&host);
        if (opts.reload > 1 && opts.memory && (i == 0 || i + 1 == opts.reload)) {
            fprintf(stderr, "memory: after load/unload %lu of %u\n", (unsigned long)(i + 1), opts.reload);
            print_memory((unsigned long)(i + 1) * opts.threads * opts.repeat * opts.op_count);
        }
        if (opts.reload > 1)
            opts.quiet = 1; /* the answers were printed by the first load */
    }
    CoUninitialize();

    findings_print();
    code = findings_exit_code();
done:
    mof_schema_free(&schema);
    options_free(&opts);
    return code;
}
