/* Code Integrity refusals from Microsoft-Windows-CodeIntegrity/Operational:
 * 3004 (invalid signature or hash), 3033/3034 (signing level not met, audit
 * twin), 3104 (not good enough for a PPL process) and 3089 (the signature
 * details of one of them, tied by its ActivityID). docs/catalog.md lists the
 * sources. The query is bounded three ways: an XPath filter on the IDs and a
 * time window, at most `max` events, and a timeout on every EvtNext.
 *
 * wevtapi.dll is loaded at run time from System32 by full path (it does not
 * exist before Vista, and a bare name could be planted), and stays loaded for
 * the life of the process. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "collect/ppl_win.h"

typedef HANDLE evt_handle;
typedef evt_handle(WINAPI *evt_query_fn)(evt_handle, LPCWSTR, LPCWSTR, DWORD);
typedef BOOL(WINAPI *evt_next_fn)(evt_handle, DWORD, evt_handle *, DWORD, DWORD, PDWORD);
typedef BOOL(WINAPI *evt_render_fn)(evt_handle, evt_handle, DWORD, DWORD, PVOID, PDWORD, PDWORD);
typedef BOOL(WINAPI *evt_close_fn)(evt_handle);

#define EVT_QUERY_CHANNEL_PATH 0x1
#define EVT_QUERY_REVERSE_DIRECTION 0x200
#define EVT_RENDER_EVENT_XML 1
#define EVT_NEXT_TIMEOUT_MS 2000
#define EVT_BATCH 16
#define FILETIME_UNIX_EPOCH 116444736000000000LL

static const wchar_t channel[] = L"Microsoft-Windows-CodeIntegrity/Operational";

typedef struct wevtapi {
    evt_query_fn query;
    evt_next_fn next;
    evt_render_fn render;
    evt_close_fn close;
} wevtapi;

static HMODULE load_wevtapi(void)
{
    static HMODULE loaded; /* process lifetime: never freed */
    wchar_t path[MAX_PATH + 16];
    HMODULE module, previous;
    UINT len;

    module = (HMODULE)InterlockedCompareExchangePointer((PVOID *)&loaded, NULL, NULL);
    if (module)
        return module;
    len = GetSystemDirectoryW(path, MAX_PATH);
    if (!len || len >= MAX_PATH)
        return NULL;
    wcscpy(path + len, L"\\wevtapi.dll");
    module = LoadLibraryW(path);
    if (!module)
        return NULL;
    previous = (HMODULE)InterlockedCompareExchangePointer((PVOID *)&loaded, module, NULL);
    if (previous) {
        FreeLibrary(module); /* another thread won */
        return previous;
    }
    return module;
}

static bool bind_wevtapi(wevtapi *api)
{
    HMODULE module = load_wevtapi();
    if (!module)
        return false;
    api->query = (evt_query_fn)(void *)(INT_PTR)GetProcAddress(module, "EvtQuery");
    api->next = (evt_next_fn)(void *)(INT_PTR)GetProcAddress(module, "EvtNext");
    api->render = (evt_render_fn)(void *)(INT_PTR)GetProcAddress(module, "EvtRender");
    api->close = (evt_close_fn)(void *)(INT_PTR)GetProcAddress(module, "EvtClose");
    return api->query && api->next && api->render && api->close;
}

/* --- the event's XML ------------------------------------------------------ */

/* Text after `key` up to `end`, XML entities decoded; false when absent. */
static bool extract(const char *xml, const char *key, const char *end, char *out, size_t size)
{
    const char *start = strstr(xml, key), *stop;
    size_t n = 0;
    if (!start || !size)
        return false;
    start += strlen(key);
    stop = strstr(start, end);
    if (!stop)
        return false;
    while (start < stop && n + 1 < size) {
        static const struct {
            const char *entity;
            char c;
        } entities[] = { { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&apos;", '\'' } };
        bool decoded = false;
        for (size_t i = 0; i < sizeof entities / sizeof entities[0] && *start == '&'; i++) {
            size_t len = strlen(entities[i].entity);
            if ((size_t)(stop - start) >= len && memcmp(start, entities[i].entity, len) == 0) {
                out[n++] = entities[i].c;
                start += len;
                decoded = true;
                break;
            }
        }
        if (!decoded)
            out[n++] = *start++;
    }
    out[n] = '\0';
    return true;
}

static bool data_value(const char *xml, const char *name, char *out, size_t size)
{
    char key[64];
    snprintf(key, sizeof key, "<Data Name='%s'>", name);
    if (extract(xml, key, "</Data>", out, size))
        return true;
    snprintf(key, sizeof key, "<Data Name=\"%s\">", name);
    return extract(xml, key, "</Data>", out, size);
}

static bool attribute(const char *xml, const char *name, char *out, size_t size)
{
    char key[64];
    snprintf(key, sizeof key, "%s='", name);
    if (extract(xml, key, "'", out, size))
        return true;
    snprintf(key, sizeof key, "%s=\"", name);
    return extract(xml, key, "\"", out, size);
}

/* "2026-11-30T10:11:12.1234567Z" -> seconds since 1970 (UTC). */
static bool parse_system_time(const char *text, int64_t *out)
{
    SYSTEMTIME st;
    FILETIME ft;
    ULARGE_INTEGER t;
    unsigned y, mo, d, h, mi, s;
    if (sscanf(text, "%4u-%2u-%2uT%2u:%2u:%2u", &y, &mo, &d, &h, &mi, &s) != 6)
        return false;
    memset(&st, 0, sizeof st);
    st.wYear = (WORD)y, st.wMonth = (WORD)mo, st.wDay = (WORD)d;
    st.wHour = (WORD)h, st.wMinute = (WORD)mi, st.wSecond = (WORD)s;
    if (!SystemTimeToFileTime(&st, &ft))
        return false;
    t.LowPart = ft.dwLowDateTime;
    t.HighPart = ft.dwHighDateTime;
    *out = ((int64_t)t.QuadPart - FILETIME_UNIX_EPOCH) / 10000000;
    return true;
}

bool acs_ci_event_from_xml(const char *xml, acs_ci_event *e)
{
    char number[24], time[64];
    memset(e, 0, sizeof *e);
    e->verification_error = -1;
    if (!extract(xml, "<EventID>", "</EventID>", number, sizeof number) &&
        !extract(xml, "Qualifiers='0'>", "</EventID>", number, sizeof number))
        return false;
    e->id = (uint32_t)strtoul(number, NULL, 10);
    if (!attribute(xml, "SystemTime", time, sizeof time) || !parse_system_time(time, &e->time_unix))
        return false;
    attribute(xml, "ActivityID", e->activity, sizeof e->activity);
    if (!data_value(xml, "FileNameBuffer", e->file, sizeof e->file))
        data_value(xml, "File Name", e->file, sizeof e->file);
    if (!data_value(xml, "ProcessNameBuffer", e->process, sizeof e->process))
        data_value(xml, "Process Name", e->process, sizeof e->process);
    data_value(xml, "IssuerName", e->issuer, sizeof e->issuer);
    if (data_value(xml, "VerificationError", number, sizeof number))
        e->verification_error = (int32_t)strtol(number, NULL, 10);
    if (data_value(xml, "RequestedPolicy", number, sizeof number))
        e->signing_level = (uint32_t)strtoul(number, NULL, 0);
    return true;
}

static bool render(const wevtapi *api, evt_handle event, acs_ci_event *out)
{
    DWORD used = 0, properties = 0;
    wchar_t *wide = NULL;
    char *xml = NULL;
    bool ok = false;
    int bytes;

    api->render(NULL, event, EVT_RENDER_EVENT_XML, 0, NULL, &used, &properties);
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || used == 0 || used > 256 * 1024)
        return false;
    wide = malloc(used + sizeof(wchar_t));
    if (!wide || !api->render(NULL, event, EVT_RENDER_EVENT_XML, used, wide, &used, &properties))
        goto done;
    wide[used / sizeof(wchar_t)] = L'\0';
    bytes = WideCharToMultiByte(CP_UTF8, 0, wide, -1, NULL, 0, NULL, NULL);
    xml = bytes > 0 ? malloc((size_t)bytes) : NULL;
    if (!xml || !WideCharToMultiByte(CP_UTF8, 0, wide, -1, xml, bytes, NULL, NULL))
        goto done;
    ok = acs_ci_event_from_xml(xml, out);
done:
    free(xml);
    free(wide);
    return ok;
}

LONG acs_win_code_integrity_events(void *ctx, int64_t since_unix, unsigned max,
                                   void (*each)(void *user, const acs_ci_event *event), void *user)
{
    wevtapi api;
    wchar_t xpath[320];
    evt_handle query, events[EVT_BATCH];
    FILETIME now;
    ULARGE_INTEGER t;
    int64_t now_unix, window_ms;
    unsigned seen = 0;
    LONG rc = ERROR_SUCCESS;
    acs_ci_event *event = malloc(sizeof *event);

    if (!event)
        return ERROR_NOT_ENOUGH_MEMORY;
    if (!bind_wevtapi(&api)) {
        free(event);
        return ERROR_PROC_NOT_FOUND; /* no wevtapi: before Vista */
    }
    GetSystemTimeAsFileTime(&now);
    t.LowPart = now.dwLowDateTime;
    t.HighPart = now.dwHighDateTime;
    now_unix = ((int64_t)t.QuadPart - FILETIME_UNIX_EPOCH) / 10000000;
    window_ms = (now_unix - since_unix) * 1000;
    if (window_ms < 0)
        window_ms = 0;
    swprintf(xpath, sizeof xpath / sizeof xpath[0],
             L"*[System[(EventID=3004 or EventID=3033 or EventID=3034 or EventID=3104 or EventID=3089) and "
             L"TimeCreated[timediff(@SystemTime) <= %lld]]]",
             (long long)window_ms);
    SetLastError(ERROR_SUCCESS);
    query = api.query(NULL, channel, xpath, EVT_QUERY_CHANNEL_PATH | EVT_QUERY_REVERSE_DIRECTION);
    if (!query) {
        rc = (LONG)GetLastError();
        free(event);
        /* Wine's stub fails without a reason; so would a broken service. */
        return rc != ERROR_SUCCESS ? rc : ERROR_CALL_NOT_IMPLEMENTED;
    }
    while (seen < max) {
        DWORD returned = 0;
        DWORD want = max - seen < EVT_BATCH ? max - seen : EVT_BATCH;
        if (!api.next(query, want, events, EVT_NEXT_TIMEOUT_MS, 0, &returned)) {
            DWORD error = GetLastError();
            if (error != ERROR_NO_MORE_ITEMS)
                rc = error == ERROR_SUCCESS ? ERROR_TIMEOUT : (LONG)error;
            break;
        }
        for (DWORD i = 0; i < returned; i++) {
            if (render(&api, events[i], event))
                each(user, event);
            seen++; /* an event we cannot read still counts against the bound */
            api.close(events[i]);
        }
        if (returned == 0)
            break;
    }
    api.close(query);
    free(event);
    return rc;
}
