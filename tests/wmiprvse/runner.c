/* Operation runs, cross-run comparison, timing and the hang watchdog. */
#include "runner.h"
#include "classobj.h"
#include "cimvalue.h"
#include "services.h"
#include "sinks.h"
#include "wql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct worker {
    const options *opts;
    provider_host *host;
    const mof_schema *schema;
    unsigned index;
    HANDLE thread;
    HANDLE start;
    volatile LONG busy;          /* 1 while inside a provider call or waiting for its SetStatus */
    volatile LONG call_started;  /* GetTickCount() of that call */
    volatile LONG hung;
    double call_host_ms;         /* this call's sink creation and final wait: the host's share */
    double *times;               /* [repeat][op] in ms */
    double *sink_times;          /* [repeat][op]: the part of times spent in the stand-in's sink */
    strbuf *first;               /* this worker's first run, per op, for comparison */
    HRESULT *first_status;
} worker;

typedef struct result_set {
    IWbemClassObject **items;
    size_t count;
} result_set;

/* "Class[key].Prop = value" lines; display keeps datetimes, compare masks them. */
static void render(const result_set *set, strbuf *display, strbuf *compare)
{
    size_t i, p;
    strbuf label;

    strbuf_init(&label);
    for (i = 0; i < set->count; i++) {
        IWbemClassObject *obj = set->items[i];
        const mof_class *cls = class_object_class(obj);
        label.len = 0;
        class_object_label(obj, &label);
        for (p = 0; p < cls->prop_count; p++) {
            if (display) {
                strbuf_printf(display, "%s.%s = ", label.data, cls->props[p].name);
                cim_render(display, cls->props[p].type, class_object_value(obj, p), 0);
                strbuf_puts(display, "\n");
            }
            strbuf_printf(compare, "%s.%s = ", label.data, cls->props[p].name);
            cim_render(compare, cls->props[p].type, class_object_value(obj, p), 1);
            strbuf_puts(compare, "\n");
        }
    }
    strbuf_free(&label);
}

static int class_is_or_derives(const mof_schema *schema, const mof_class *cls, const WCHAR *name)
{
    while (cls) {
        WCHAR *super;
        if (!_wcsicmp(cls->wname, name))
            return 1;
        if (!cls->superclass)
            return 0;
        super = wide_from_utf8(cls->superclass);
        cls = super ? mof_find_class(schema, cls->namespace_path, super) : NULL;
        free(super);
    }
    return 0;
}

/* The class an operation is about: the enum argument, the path's class, the query's FROM. */
static void operation_class(const operation *op, WCHAR *out, size_t size)
{
    wql_query query;
    char why[128];
    size_t n = 0;

    out[0] = 0;
    if (op->kind == OP_QUERY) {
        if (!wql_parse(op->wide_argument, &query, why, sizeof(why)))
            wcsncpy(out, query.class_name, size - 1);
        out[size - 1] = 0;
        return;
    }
    {
        /* An object path may start with \\server\namespace: or namespace:
         * (before any quoted key); the class follows the colon. */
        const WCHAR *path = op->wide_argument, *colon = NULL, *p;
        for (p = path; op->kind == OP_GET && *p && *p != '"' && *p != '\''; p++)
            if (*p == ':')
                colon = p;
        if (colon)
            path = colon + 1;
        while (path[n] && n + 1 < size && (op->kind == OP_ENUM || (path[n] != '.' && path[n] != '=')))
            out[n] = path[n], n++;
        while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t'))
            n--;
        out[n] = 0;
    }
}

/* Starts one provider call and waits for its final status. FALSE: it hung. */
static BOOL call_provider(worker *w, const operation *op, const WCHAR *enum_class, object_sink **out_sink,
                          HRESULT *status)
{
    IWbemServices *provider = w->host->provider;
    BSTR argument = SysAllocString(enum_class ? enum_class : op->wide_argument);
    BSTR language = SysAllocString(L"WQL");
    object_sink *sink = NULL;
    HRESULT hr;
    BOOL finished = TRUE;
    double started;

    *out_sink = NULL;
    if (!argument || !language) {
        *status = WBEM_E_OUT_OF_MEMORY;
        goto done;
    }
    started = now_ms();
    hr = object_sink_create(op->label, &sink);
    w->call_host_ms += now_ms() - started;
    if (FAILED(hr)) {
        *status = hr;
        goto done;
    }
    InterlockedExchange(&w->call_started, (LONG)GetTickCount());
    InterlockedExchange(&w->busy, 1);
    if (enum_class || op->kind == OP_ENUM)
        hr = IWbemServices_CreateInstanceEnumAsync(provider, argument, 0, NULL, object_sink_iface(sink));
    else if (op->kind == OP_GET)
        hr = IWbemServices_GetObjectAsync(provider, argument, 0, NULL, object_sink_iface(sink));
    else
        hr = IWbemServices_ExecQueryAsync(provider, language, argument, 0, NULL, object_sink_iface(sink));
    if (SUCCEEDED(hr)) {
        BOOL completed;
        started = now_ms();
        completed = object_sink_wait(sink, w->opts->timeout_ms);
        w->call_host_ms += now_ms() - started;
        if (!completed) {
            finding(FINDING_HANG, "%s: the provider returned 0x%08lx but never called SetStatus(WBEM_STATUS_COMPLETE) "
                    "within %lu s", op->label, (unsigned long)hr, (unsigned long)(w->opts->timeout_ms / 1000));
            InterlockedExchange(&w->hung, 1);
            finished = FALSE;
            sink = NULL;   /* the provider may still write to it: never freed */
            goto done;
        }
        *status = object_sink_status(sink);
    } else {
        /* WMI reports a failed call's HRESULT; a SetStatus made before failing wins. */
        *status = object_sink_wait(sink, 0) ? object_sink_status(sink) : hr;
    }
    InterlockedExchange(&w->busy, 0);
done:
    SysFreeString(argument);
    SysFreeString(language);
    *out_sink = sink;
    return finished;
}

static void check_result(worker *w, const operation *op, HRESULT status, const result_set *set)
{
    WCHAR cls_name[128];
    size_t i;

    if (op->has_expected && status != op->expected)
        finding(FINDING_PROVIDER, "%s: expected status 0x%08lx %s, got 0x%08lx %s", op->label,
                (unsigned long)op->expected, hresult_name(op->expected), (unsigned long)status, hresult_name(status));
    else if (!op->has_expected && FAILED(status))
        finding(FINDING_PROVIDER, "%s: the provider reported 0x%08lx %s", op->label, (unsigned long)status,
                hresult_name(status));
    if (op->kind == OP_GET && SUCCEEDED(status) && set->count != 1)
        finding(FINDING_CHECK, "%s: GetObjectAsync succeeded with %lu instances instead of exactly one", op->label,
                (unsigned long)set->count);
    operation_class(op, cls_name, sizeof(cls_name) / sizeof(cls_name[0]));
    for (i = 0; i < set->count && cls_name[0]; i++) {
        const mof_class *cls = class_object_class(set->items[i]);
        if (!class_is_or_derives(w->schema, cls, cls_name)) {
            char *wanted = utf8_from_wide(cls_name);
            finding(FINDING_CHECK, "%s: indicated an instance of %s, which is not %s", op->label, cls->name,
                    wanted ? wanted : "?");
            free(wanted);
        }
    }
}

static void first_difference(const char *a, const char *b, char *out, size_t size)
{
    while (*a && *a == *b) {
        const char *na = strchr(a, '\n'), *nb = strchr(b, '\n');
        if (!na || !nb || na - a != nb - b || strncmp(a, b, (size_t)(na - a)))
            break;
        a = na + 1;
        b = nb + 1;
    }
    snprintf(out, size, "'%.*s' instead of '%.*s'", (int)(strcspn(b, "\n")), b, (int)(strcspn(a, "\n")), a);
}

/* One operation, one run. Returns FALSE when the provider hung. */
static BOOL run_one(worker *w, size_t op_index, unsigned run)
{
    const operation *op = &w->opts->ops[op_index];
    int is_first = w->index == 0 && run == 0;
    object_sink *sink = NULL, *fallback = NULL;
    result_set set = { NULL, 0 };
    HRESULT status = S_OK;
    strbuf display, compare;
    double started = now_ms();
    size_t i;

    strbuf_init(&display);
    strbuf_init(&compare);
    namespace_take_host_ms(); /* from here on, this call's */
    w->call_host_ms = 0;
    if (!call_provider(w, op, NULL, &sink, &status))
        return FALSE;
    if (sink) {
        set.items = malloc((object_sink_count(sink) + 1) * sizeof(*set.items));
        for (i = 0; set.items && i < object_sink_count(sink); i++)
            set.items[set.count++] = object_sink_item(sink, i);
    }
    if (op->kind == OP_QUERY && status == (HRESULT)WBEM_E_PROVIDER_NOT_CAPABLE) {
        wql_query query;
        char why[128];
        if (wql_parse(op->wide_argument, &query, why, sizeof(why))) {
            finding(FINDING_CHECK, "%s: the provider is not capable and the stand-in cannot filter this query "
                    "for it (%s)", op->label, why);
        } else {
            HRESULT enum_status;
            if (!call_provider(w, op, query.class_name, &fallback, &enum_status))
                return FALSE;
            status = enum_status;
            set.count = 0;
            free(set.items);
            set.items = fallback ? malloc((object_sink_count(fallback) + 1) * sizeof(*set.items)) : NULL;
            for (i = 0; set.items && i < object_sink_count(fallback); i++)
                if (wql_matches(&query, object_sink_item(fallback, i)))
                    set.items[set.count++] = object_sink_item(fallback, i);
        }
    }
    w->times[(size_t)run * w->opts->op_count + op_index] = now_ms() - started;
    /* The host's share: its sink (creation, Indicate, SetStatus, the final
     * wait) and its namespace's GetObject. */
    w->sink_times[(size_t)run * w->opts->op_count + op_index] =
        (sink ? object_sink_callback_ms(sink) : 0) + (fallback ? object_sink_callback_ms(fallback) : 0) +
        namespace_take_host_ms() + w->call_host_ms;
    check_result(w, op, status, &set);
    if (w->opts->memory && is_first && op_index == 0)
        print_memory(1);
    render(&set, is_first ? &display : NULL, &compare);
    strbuf_printf(&compare, "status 0x%08lx\n", (unsigned long)status);

    if (is_first && !w->opts->quiet) {
        if (display.len)
            fwrite(display.data, 1, display.len, stdout);
        fflush(stdout);
        fprintf(stderr, "wmiprvse: %s: 0x%08lx %s, %lu instance(s), %.3f ms\n", op->label, (unsigned long)status,
                hresult_name(status), (unsigned long)set.count, w->times[op_index]);
        fflush(stderr);
    }
    if (run == 0) {
        w->first[op_index] = compare;
        w->first_status[op_index] = status;
        strbuf_init(&compare);
    } else if (strcmp(compare.data ? compare.data : "", w->first[op_index].data ? w->first[op_index].data : "")) {
        char diff[600];
        first_difference(w->first[op_index].data ? w->first[op_index].data : "", compare.data ? compare.data : "",
                         diff, sizeof(diff));
        finding(FINDING_CHECK, "%s: a repeated run answered differently from the first: %s", op->label, diff);
    }
    free(set.items);
    if (sink)
        object_sink_release(sink);
    if (fallback)
        object_sink_release(fallback);
    strbuf_free(&display);
    strbuf_free(&compare);
    return TRUE;
}

/* A host action between two provider calls (options.h): a change of the
 * machine, or a wait. A failure is the test's own (exit 2), never the
 * provider's. */
static void host_action(const operation *op)
{
    if (op->kind == OP_SLEEP) {
        Sleep((DWORD)strtoul(op->argument, NULL, 10));
    } else {
        WCHAR *key = _wcsdup(op->wide_argument), *name, *text;
        HKEY handle;
        LONG rc = ERROR_OUTOFMEMORY;

        if (key) {
            text = wcschr(key, L'=');
            *text++ = 0;
            name = wcsrchr(key, L'\\');
            *name++ = 0;
            rc = RegCreateKeyExW(HKEY_LOCAL_MACHINE, key, 0, NULL, 0, KEY_SET_VALUE | KEY_WOW64_64KEY, NULL, &handle,
                                 NULL);
            if (rc == ERROR_SUCCESS) {
                rc = RegSetValueExW(handle, name, 0, REG_SZ, (const BYTE *)text,
                                    (DWORD)((wcslen(text) + 1) * sizeof(WCHAR)));
                RegCloseKey(handle);
            }
            free(key);
        }
        if (rc != ERROR_SUCCESS)
            finding(FINDING_CHECK, "%s: the stand-in could not write the value (error %ld)", op->label, (long)rc);
    }
}

static DWORD WINAPI worker_main(void *arg)
{
    worker *w = arg;
    unsigned run;
    size_t op;
    HRESULT hr = CoInitializeEx(NULL, COINIT_MULTITHREADED);

    if (FAILED(hr)) {
        finding(FINDING_PROVIDER, "thread %u: CoInitializeEx(MTA) failed: 0x%08lx", w->index, (unsigned long)hr);
        return 1;
    }
    WaitForSingleObject(w->start, INFINITE);
    for (run = 0; run < w->opts->repeat; run++) {
        if (run > 0 && w->opts->pause_ms)
            Sleep(w->opts->pause_ms);
        for (op = 0; op < w->opts->op_count; op++) {
            if (!OPERATION_CALLS_PROVIDER(&w->opts->ops[op]))
                host_action(&w->opts->ops[op]);
            else if (!run_one(w, op, run))
                return 1;   /* hung: leave COM initialized, the process ends with exit 3 */
        }
    }
    CoUninitialize();
    return 0;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void print_timing(const options *opts, const provider_host *host, worker *workers)
{
    size_t total = (size_t)opts->threads * opts->repeat, op, t, r, n;
    double *warm = malloc(total * sizeof(*warm));

    fprintf(stderr, "timing: activate_ms=%.3f initialize_ms=%.3f threads=%u repeat=%u\n", host->activate_ms,
            host->initialize_ms, opts->threads, opts->repeat);
    if (!warm)
        return;
    for (op = 0; op < opts->op_count; op++) {
        if (!OPERATION_CALLS_PROVIDER(&opts->ops[op]))
            continue;
        /* One line per call too: a benchmark pools samples across processes. */
        for (t = 0; t < opts->threads; t++)
            for (r = 0; r < opts->repeat; r++)
            {
                fprintf(stderr, "timing: sample op=\"%s\" thread=%lu run=%lu ms=%.3f\n", opts->ops[op].label,
                        (unsigned long)t, (unsigned long)r, workers[t].times[r * opts->op_count + op]);
                /* The same call split: the stand-in's sink (cloning what was
                 * indicated) against the rest, the provider's own share. */
                fprintf(stderr, "timing: share op=\"%s\" thread=%lu run=%lu provider_ms=%.3f sink_ms=%.3f\n",
                        opts->ops[op].label, (unsigned long)t, (unsigned long)r,
                        workers[t].times[r * opts->op_count + op] - workers[t].sink_times[r * opts->op_count + op],
                        workers[t].sink_times[r * opts->op_count + op]);
            }
        n = 0;
        for (t = 0; t < opts->threads; t++)
            for (r = 0; r < opts->repeat; r++)
                if (t || r)
                    warm[n++] = workers[t].times[r * opts->op_count + op];
        qsort(warm, n, sizeof(*warm), compare_doubles);
        if (n)
            fprintf(stderr, "timing: op=\"%s\" runs=%lu cold_ms=%.3f warm_n=%lu warm_p50_ms=%.3f warm_p95_ms=%.3f "
                    "warm_max_ms=%.3f\n", opts->ops[op].label, (unsigned long)total, workers[0].times[op],
                    (unsigned long)n, warm[(n - 1) / 2], warm[(n * 95 + 99) / 100 - 1], warm[n - 1]);
        else
            fprintf(stderr, "timing: op=\"%s\" runs=1 cold_ms=%.3f warm_n=0\n", opts->ops[op].label,
                    workers[0].times[op]);
    }
    free(warm);
}

static void die_hung(void)
{
    fflush(stdout);
    findings_print();
    /* The provider still owns a thread or a sink: no orderly shutdown is possible. */
    TerminateProcess(GetCurrentProcess(), FINDING_HANG);
}

void run_operations(const options *opts, provider_host *host, const mof_schema *schema)
{
    worker *workers = calloc(opts->threads, sizeof(*workers));
    HANDLE *threads = calloc(opts->threads, sizeof(*threads));
    HANDLE start = CreateEventW(NULL, TRUE, FALSE, NULL);
    unsigned t, started = 0;
    size_t op;

    if (!workers || !threads || !start) {
        finding(FINDING_PROVIDER, "out of memory or handles for %u threads", opts->threads);
        goto done;
    }
    for (t = 0; t < opts->threads; t++) {
        worker *w = &workers[t];
        w->opts = opts;
        w->host = host;
        w->schema = schema;
        w->index = t;
        w->start = start;
        w->times = calloc((size_t)opts->repeat * opts->op_count, sizeof(*w->times));
        w->sink_times = calloc((size_t)opts->repeat * opts->op_count, sizeof(*w->sink_times));
        w->first = calloc(opts->op_count, sizeof(*w->first));
        w->first_status = calloc(opts->op_count, sizeof(*w->first_status));
        if (!w->times || !w->sink_times || !w->first || !w->first_status)
            goto done;
        w->thread = CreateThread(NULL, 0, worker_main, w, 0, NULL);
        if (!w->thread) {
            finding(FINDING_PROVIDER, "CreateThread failed: %lu", GetLastError());
            goto done;
        }
        threads[started++] = w->thread;
    }
    SetEvent(start);
    for (;;) {
        DWORD waited = WaitForMultipleObjects(started, threads, TRUE, 250);
        if (waited != WAIT_TIMEOUT)
            break;
        for (t = 0; t < started; t++) {
            if (workers[t].hung)
                die_hung();
            if (workers[t].busy &&
                GetTickCount() - (DWORD)workers[t].call_started > opts->timeout_ms + 2000) {
                finding(FINDING_HANG, "thread %u: a provider call neither returned nor completed within %lu s", t,
                        (unsigned long)(opts->timeout_ms / 1000));
                die_hung();
            }
        }
    }
    for (t = 0; t < started; t++)
        if (workers[t].hung)
            die_hung();

    /* Every thread's first run must equal thread 0's (its later runs were compared as they ran). */
    for (t = 1; t < started; t++) {
        for (op = 0; op < opts->op_count; op++) {
            const char *a = workers[0].first[op].data ? workers[0].first[op].data : "";
            const char *b = workers[t].first[op].data ? workers[t].first[op].data : "";
            if (strcmp(a, b)) {
                char diff[600];
                first_difference(a, b, diff, sizeof(diff));
                finding(FINDING_CHECK, "%s: thread %u answered differently from thread 0: %s", opts->ops[op].label,
                        t, diff);
            }
        }
    }
    if (opts->timing && started == opts->threads)
        print_timing(opts, host, workers);
    if (opts->memory && started == opts->threads)
        print_memory((unsigned long)opts->threads * opts->repeat * opts->op_count);
done:
    for (t = 0; workers && t < opts->threads; t++) {
        if (workers[t].thread)
            CloseHandle(workers[t].thread);
        for (op = 0; workers[t].first && op < opts->op_count; op++)
            strbuf_free(&workers[t].first[op]);
        free(workers[t].first);
        free(workers[t].first_status);
        free(workers[t].times);
        free(workers[t].sink_times);
    }
    free(workers);
    free(threads);
    if (start)
        CloseHandle(start);
}
