/* Text buffers, conversions and the findings record of the stand-in. */
#include "standin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void strbuf_init(strbuf *buf)
{
    buf->data = NULL;
    buf->len = 0;
    buf->cap = 0;
}

void strbuf_free(strbuf *buf)
{
    free(buf->data);
    strbuf_init(buf);
}

static void strbuf_reserve(strbuf *buf, size_t extra)
{
    size_t need = buf->len + extra + 1;
    char *grown;
    size_t cap = buf->cap ? buf->cap : 256;

    if (need <= buf->cap)
        return;
    while (cap < need)
        cap *= 2;
    grown = realloc(buf->data, cap);
    if (!grown) {
        fputs("wmiprvse: out of memory\n", stderr);
        ExitProcess(EXIT_USAGE);
    }
    buf->data = grown;
    buf->cap = cap;
}

void strbuf_append(strbuf *buf, const char *text, size_t len)
{
    strbuf_reserve(buf, len);
    memcpy(buf->data + buf->len, text, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

void strbuf_puts(strbuf *buf, const char *text)
{
    strbuf_append(buf, text, strlen(text));
}

void strbuf_printf(strbuf *buf, const char *fmt, ...)
{
    va_list args;
    int needed;

    va_start(args, fmt);
    needed = vsnprintf(NULL, 0, fmt, args);
    va_end(args);
    if (needed <= 0)
        return;
    strbuf_reserve(buf, (size_t)needed);
    va_start(args, fmt);
    vsnprintf(buf->data + buf->len, (size_t)needed + 1, fmt, args);
    va_end(args);
    buf->len += (size_t)needed;
}

void strbuf_put_wide(strbuf *buf, const WCHAR *text, size_t len)
{
    int bytes;

    if (!len)
        return;
    bytes = WideCharToMultiByte(CP_UTF8, 0, text, (int)len, NULL, 0, NULL, NULL);
    if (bytes <= 0)
        return;
    strbuf_reserve(buf, (size_t)bytes);
    WideCharToMultiByte(CP_UTF8, 0, text, (int)len, buf->data + buf->len, bytes, NULL, NULL);
    buf->len += (size_t)bytes;
    buf->data[buf->len] = '\0';
}

char *utf8_from_wide(const WCHAR *text)
{
    strbuf buf;

    strbuf_init(&buf);
    strbuf_put_wide(&buf, text, wcslen(text));
    strbuf_append(&buf, "", 0);
    return buf.data;
}

WCHAR *wide_from_utf8(const char *text)
{
    int chars = MultiByteToWideChar(CP_UTF8, 0, text, -1, NULL, 0);
    WCHAR *wide;

    if (chars <= 0)
        return NULL;
    wide = malloc((size_t)chars * sizeof(WCHAR));
    if (wide)
        MultiByteToWideChar(CP_UTF8, 0, text, -1, wide, chars);
    return wide;
}

/* ---- findings ---- */

typedef struct finding_entry {
    finding_kind kind;
    char *message;
    unsigned long count;
} finding_entry;

static CRITICAL_SECTION findings_lock;
static finding_entry *findings_list;
static size_t findings_count, findings_cap;
static volatile LONG live_count;

void findings_init(void)
{
    InitializeCriticalSection(&findings_lock);
}

void finding(finding_kind kind, const char *fmt, ...)
{
    char message[1024];
    va_list args;
    size_t i;

    va_start(args, fmt);
    vsnprintf(message, sizeof(message), fmt, args);
    va_end(args);

    EnterCriticalSection(&findings_lock);
    for (i = 0; i < findings_count; i++) {
        if (findings_list[i].kind == kind && !strcmp(findings_list[i].message, message)) {
            findings_list[i].count++;
            goto done;
        }
    }
    if (findings_count == findings_cap) {
        size_t cap = findings_cap ? findings_cap * 2 : 16;
        finding_entry *grown = realloc(findings_list, cap * sizeof(*grown));
        if (!grown)
            goto done;
        findings_list = grown;
        findings_cap = cap;
    }
    findings_list[findings_count].kind = kind;
    findings_list[findings_count].message = _strdup(message);
    findings_list[findings_count].count = 1;
    if (findings_list[findings_count].message)
        findings_count++;
done:
    LeaveCriticalSection(&findings_lock);
}

int findings_exit_code(void)
{
    static const finding_kind severity[] = { FINDING_HANG, FINDING_CHECK, FINDING_PROVIDER, FINDING_UNLOAD };
    size_t s, i;
    int code = EXIT_OK;

    EnterCriticalSection(&findings_lock);
    for (s = 0; s < sizeof(severity) / sizeof(severity[0]) && code == EXIT_OK; s++)
        for (i = 0; i < findings_count; i++)
            if (findings_list[i].kind == severity[s])
                code = (int)severity[s];
    LeaveCriticalSection(&findings_lock);
    return code;
}

static const char *finding_label(finding_kind kind)
{
    switch (kind) {
    case FINDING_PROVIDER: return "provider failure";
    case FINDING_CHECK: return "check failed";
    case FINDING_HANG: return "hang";
    case FINDING_UNLOAD: return "unload check failed";
    }
    return "?";
}

void findings_print(void)
{
    size_t i;

    EnterCriticalSection(&findings_lock);
    for (i = 0; i < findings_count; i++) {
        if (findings_list[i].count > 1)
            fprintf(stderr, "wmiprvse: %s: %s (x%lu)\n", finding_label(findings_list[i].kind),
                    findings_list[i].message, findings_list[i].count);
        else
            fprintf(stderr, "wmiprvse: %s: %s\n", finding_label(findings_list[i].kind),
                    findings_list[i].message);
    }
    LeaveCriticalSection(&findings_lock);
    fflush(stderr);
}

void live_object_created(void)
{
    InterlockedIncrement(&live_count);
}

void live_object_destroyed(void)
{
    InterlockedDecrement(&live_count);
}

LONG live_objects(void)
{
    return InterlockedCompareExchange(&live_count, 0, 0);
}

const char *hresult_name(HRESULT hr)
{
    switch ((unsigned long)hr) {
    case 0x00000000: return "WBEM_S_NO_ERROR";
    case 0x00000001: return "WBEM_S_FALSE";
    case 0x80041001: return "WBEM_E_FAILED";
    case 0x80041002: return "WBEM_E_NOT_FOUND";
    case 0x80041003: return "WBEM_E_ACCESS_DENIED";
    case 0x80041005: return "WBEM_E_TYPE_MISMATCH";
    case 0x80041006: return "WBEM_E_OUT_OF_MEMORY";
    case 0x80041008: return "WBEM_E_INVALID_PARAMETER";
    case 0x8004100c: return "WBEM_E_NOT_SUPPORTED";
    case 0x8004100e: return "WBEM_E_INVALID_NAMESPACE";
    case 0x80041010: return "WBEM_E_INVALID_CLASS";
    case 0x80041013: return "WBEM_E_PROVIDER_LOAD_FAILURE";
    case 0x80041017: return "WBEM_E_INVALID_QUERY";
    case 0x80041018: return "WBEM_E_INVALID_QUERY_TYPE";
    case 0x80041024: return "WBEM_E_PROVIDER_NOT_CAPABLE";
    case 0x8004103a: return "WBEM_E_INVALID_OBJECT_PATH";
    case 0x80040154: return "REGDB_E_CLASSNOTREG";
    case 0x80004001: return "E_NOTIMPL";
    case 0x80004002: return "E_NOINTERFACE";
    case 0x80004005: return "E_FAIL";
    case 0x80070057: return "E_INVALIDARG";
    case 0x8007000e: return "E_OUTOFMEMORY";
    }
    return "";
}
