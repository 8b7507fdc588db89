/* Shared plumbing of the WmiPrvSE stand-in: growable UTF-8 text, wide/UTF-8
 * conversion, and the record of everything the stand-in found wrong.
 *
 * Findings are collected, not printed at once, because N threads x N repeats
 * would otherwise print the same faulty Put thousands of times; each distinct
 * message is printed once with its count. */
#ifndef WMIPRVSE_STANDIN_H
#define WMIPRVSE_STANDIN_H

#define COBJMACROS
#define CONST_VTABLE
#include <windows.h>
#include <ole2.h>
#include <wbemcli.h>
#include <wbemprov.h>
#include <stddef.h>
#include <stdarg.h>

typedef struct strbuf {
    char *data;
    size_t len;
    size_t cap;
} strbuf;

void strbuf_init(strbuf *buf);
void strbuf_free(strbuf *buf);
void strbuf_append(strbuf *buf, const char *text, size_t len);
void strbuf_puts(strbuf *buf, const char *text);
void strbuf_printf(strbuf *buf, const char *fmt, ...);
void strbuf_put_wide(strbuf *buf, const WCHAR *text, size_t len);

/* Heap copies; both return NULL only when memory runs out. */
char *utf8_from_wide(const WCHAR *text);
WCHAR *wide_from_utf8(const char *text);

/* What went wrong decides the exit status; the most severe kind recorded wins,
 * in the order HANG > CHECK > PROVIDER > UNLOAD. */
typedef enum finding_kind {
    FINDING_PROVIDER = 1, /* the provider reported or returned a failure */
    FINDING_CHECK = 2,    /* MOF, Put, key, Indicate or cross-run check failed */
    FINDING_HANG = 3,     /* no final SetStatus within the timeout */
    FINDING_UNLOAD = 4    /* DllCanUnloadNow refused or stand-in objects leaked */
} finding_kind;

enum { EXIT_OK = 0, EXIT_USAGE = 64 };

void findings_init(void);
void finding(finding_kind kind, const char *fmt, ...);
int findings_exit_code(void);
void findings_print(void);

/* Every COM object the stand-in hands out counts itself here, so a provider
 * that keeps a namespace, class or sink reference after its last Release is
 * caught even when its own DllCanUnloadNow says S_OK. */
void live_object_created(void);
void live_object_destroyed(void);
LONG live_objects(void);

const char *hresult_name(HRESULT hr);

#endif
