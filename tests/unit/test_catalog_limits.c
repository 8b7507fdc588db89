/* A pathological catalog is refused quickly, before libxml2 builds anything:
 * limits on elements, depth, attributes per element and text length, checked
 * by one linear scan (catalog_load.c). Every document is generated here, up to
 * the 1 MiB size limit, and must be accepted or refused within a CPU-time
 * bound: before the scan, 85,000 attributes took libxml2 8-28 s. Encodings the
 * scan cannot follow are refused by name; UTF-16 (Notepad) still loads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/catalog.h"
#include "core/catalog_internal.h"

/* Generous for ASan, Wine and a loaded machine; the -O2 numbers are in
 * docs/security.md. Failing it means a superlinear path is back. */
#define CPU_BOUND_SECONDS 1.5

typedef struct text_buf {
    char *data;
    size_t len, cap;
} text_buf;

static void put(text_buf *t, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(t->data + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        assert_true(n >= 0);
        if ((size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        t->cap = t->cap * 2 + (size_t)n + 1;
        t->data = realloc(t->data, t->cap);
        assert_non_null(t->data);
    }
}

static const char *builtin_xml(void)
{
    return (const char *)acs_builtin_catalog_xml;
}

/* The built-in catalog with `extra` inserted right after the first `anchor`. */
static void builtin_with(text_buf *t, const char *anchor, const char *extra_fmt, unsigned count)
{
    const char *xml = builtin_xml();
    const char *at = strstr(xml, anchor);
    assert_non_null(at);
    at += strlen(anchor);
    put(t, "%.*s", (int)(at - xml), xml);
    for (unsigned k = 0; k < count; k++)
        put(t, extra_fmt, k, k);
    put(t, "%s", at);
}

static int load_timed(const char *data, size_t size, char *err, size_t err_size, double *cpu)
{
    acs_catalog *catalog = NULL;
    clock_t started = clock();
    int rc = acs_catalog_load_memory(data, size, "limits.xml", &catalog, err, err_size);
    *cpu = (double)(clock() - started) / CLOCKS_PER_SEC;
    acs_catalog_free(catalog);
    return rc;
}

typedef enum shape {
    SHAPE_ATTRIBUTES_85000,
    SHAPE_NAMESPACES_60000,
    SHAPE_ATTRIBUTES_SPREAD,
    SHAPE_ELEMENTS_240000,
    SHAPE_SOURCES_18000,
    SHAPE_DEPTH_200000,
    SHAPE_TEXT_1MB,
    SHAPE_ATTRIBUTE_VALUE_1MB,
    SHAPE_CDATA_1MB,
    SHAPE_SOURCES_AT_LIMIT,
    SHAPE_LONG_IDS_AT_LIMIT,
    SHAPE_COUNT
} shape;

typedef struct shape_case {
    shape which;
    const char *name;
    const char *expected; /* substring of the error, or NULL: accepted */
    long line;            /* the line the error names; 0: not checked */
} shape_case;

static const shape_case shape_cases[] = {
    {SHAPE_ATTRIBUTES_85000, "85,000 attributes on the root (0.9 MB)", "more than 32 attributes", 2},
    {SHAPE_NAMESPACES_60000, "60,000 namespace declarations", "more than 32 attributes", 2},
    {SHAPE_ATTRIBUTES_SPREAD, "400 elements x 200 attributes", "more than 32 attributes", 2},
    {SHAPE_ELEMENTS_240000, "240,000 empty elements", "more than 2048 elements", 2},
    {SHAPE_SOURCES_18000, "18,000 valid <source> elements", "more than 2048 elements", 0},
    {SHAPE_DEPTH_200000, "200,000 nested elements", "nested deeper than 32", 2},
    {SHAPE_TEXT_1MB, "one text of 1 MB", "text longer than 16384", 2},
    {SHAPE_ATTRIBUTE_VALUE_1MB, "one attribute value of 1 MB", "attribute value longer than 16384", 2},
    {SHAPE_CDATA_1MB, "one CDATA section of 1 MB", "CDATA section longer than 16384", 2},
    {SHAPE_SOURCES_AT_LIMIT, "a valid catalog of 2,048 elements", NULL, 0},
    {SHAPE_LONG_IDS_AT_LIMIT, "2,048 elements with 500-character ids (0.9 MB)", "source", 0},
};

/* count attributes (fmt takes the index) on one element: <name attrs/> */
static void element_with_attributes(text_buf *t, const char *open, const char *fmt, unsigned count)
{
    put(t, "%s", open);
    for (unsigned k = 0; k < count; k++)
        put(t, fmt, k);
    put(t, "/>");
}

static void generate(shape which, text_buf *t)
{
    static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalog xmlns=\"urn:acsready:catalog:1\"";
    const size_t limit = ACS_CATALOG_MAX_BYTES - 256;
    switch (which) {
    case SHAPE_ATTRIBUTES_85000:
        element_with_attributes(t, head, " a%u=\"\"", 85000);
        break;
    case SHAPE_NAMESPACES_60000:
        element_with_attributes(t, head, " xmlns:p%u=\"u\"", 60000);
        break;
    case SHAPE_ATTRIBUTES_SPREAD:
        put(t, "%s>", head);
        for (unsigned e = 0; e < 400; e++)
            element_with_attributes(t, "<a", " a%u=\"\"", 200);
        put(t, "</catalog>");
        break;
    case SHAPE_ELEMENTS_240000:
        put(t, "%s>", head);
        for (unsigned k = 0; k < 240000; k++)
            put(t, "<a/>");
        put(t, "</catalog>");
        break;
    case SHAPE_SOURCES_18000:
        builtin_with(t, "<sources>", "<source id=\"s%u\" url=\"https://e/%u\" title=\"t\"/>", 18000);
        break;
    case SHAPE_DEPTH_200000:
        put(t, "%s>", head);
        for (unsigned k = 0; k < 200000; k++)
            put(t, "<a>");
        break;
    case SHAPE_TEXT_1MB:
    case SHAPE_ATTRIBUTE_VALUE_1MB:
    case SHAPE_CDATA_1MB:
        put(t, "%s%s", head,
            which == SHAPE_TEXT_1MB ? ">" : which == SHAPE_CDATA_1MB ? "><![CDATA[" : " version=\"");
        while (t->len < limit)
            put(t, "%s", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        put(t, "%s", which == SHAPE_TEXT_1MB ? "</catalog>" : which == SHAPE_CDATA_1MB ? "]]></catalog>" : "\"/>");
        break;
    case SHAPE_SOURCES_AT_LIMIT:
    case SHAPE_LONG_IDS_AT_LIMIT: {
        /* Fill up to the element limit with sources: the model build compares
         * source ids pairwise, so this is its worst case. */
        unsigned builtin_elements = 0;
        for (const char *p = builtin_xml(); (p = strchr(p, '<')) != NULL; p++)
            if (p[1] != '/' && p[1] != '!' && p[1] != '?')
                builtin_elements++;
        assert_true(builtin_elements < ACS_CATALOG_MAX_ELEMENTS);
        builtin_with(t, "<sources>",
                     which == SHAPE_SOURCES_AT_LIMIT
                         ? "<source id=\"s%u\" url=\"https://e/%u\" title=\"t\"/>"
                         : "<source id=\"sxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                           "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                           "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                           "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                           "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                           "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx%u\" url=\"https://e/%u\" title=\"t\"/>",
                     ACS_CATALOG_MAX_ELEMENTS - builtin_elements);
        break;
    }
    case SHAPE_COUNT:
        break;
    }
}

static void test_pathological_shapes(void **state)
{
    for (size_t i = 0; i < sizeof shape_cases / sizeof shape_cases[0]; i++) {
        const shape_case *c = &shape_cases[i];
        text_buf t = {NULL, 0, 0};
        char err[512], want_line[32];
        double cpu;
        generate(c->which, &t);
        if (t.len > ACS_CATALOG_MAX_BYTES)
            fail_msg("%s: generated %lu bytes, over the size limit", c->name, (unsigned long)t.len);
        int rc = load_timed(t.data, t.len, err, sizeof err, &cpu);
        print_message("%-50s %7lu bytes  %6.1f ms CPU  %.100s\n", c->name, (unsigned long)t.len, cpu * 1e3, rc ? err : "accepted");
        if (cpu > CPU_BOUND_SECONDS)
            fail_msg("%s: %.2f s of CPU (bound %.1f s)", c->name, cpu, CPU_BOUND_SECONDS);
        if (!c->expected && rc != 0)
            fail_msg("%s: refused: %s", c->name, err);
        if (c->expected && (rc == 0 || !strstr(err, c->expected)))
            fail_msg("%s: %s, expected an error with '%s'", c->name, rc ? err : "accepted", c->expected);
        snprintf(want_line, sizeof want_line, "limits.xml:%ld:", c->line);
        if (c->line && strncmp(err, want_line, strlen(want_line)) != 0)
            fail_msg("%s: '%s' does not start with '%s'", c->name, err, want_line);
        free(t.data);
    }
}

/* UTF-8 -> UTF-16LE with a BOM, as Notepad's "Unicode" saves it. */
static size_t to_utf16le(const char *s, unsigned char *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    out[n++] = 0xFF;
    out[n++] = 0xFE;
    while (*p) {
        unsigned long cp;
        if (*p < 0x80)
            cp = *p++;
        else if ((*p & 0xE0) == 0xC0)
            cp = (unsigned long)(p[0] & 0x1F) << 6 | (p[1] & 0x3F), p += 2;
        else if ((*p & 0xF0) == 0xE0)
            cp = (unsigned long)(p[0] & 0x0F) << 12 | (unsigned long)(p[1] & 0x3F) << 6 | (p[2] & 0x3F), p += 3;
        else
            cp = (unsigned long)(p[0] & 0x07) << 18 | (unsigned long)(p[1] & 0x3F) << 12 |
                 (unsigned long)(p[2] & 0x3F) << 6 | (p[3] & 0x3F),
            p += 4;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            unsigned long hi = 0xD800 + (cp >> 10), lo = 0xDC00 + (cp & 0x3FF);
            out[n++] = (unsigned char)hi, out[n++] = (unsigned char)(hi >> 8);
            out[n++] = (unsigned char)lo, out[n++] = (unsigned char)(lo >> 8);
        } else {
            out[n++] = (unsigned char)cp, out[n++] = (unsigned char)(cp >> 8);
        }
    }
    return n;
}

static void test_utf16_catalogs(void **state)
{
    const char *xml = builtin_xml();
    unsigned char *wide = malloc(strlen(xml) * 2 + 16);
    char err[512];
    double cpu;
    assert_non_null(wide);

    /* The built-in catalog saved by Notepad as "Unicode" still loads. */
    size_t n = to_utf16le(xml, wide);
    if (load_timed((const char *)wide, n, err, sizeof err, &cpu) != 0)
        fail_msg("the built-in catalog in UTF-16LE: %s", err);
    free(wide);

    /* In UTF-16 the scan counts code units, not bytes: still refused. */
    text_buf t = {NULL, 0, 0};
    element_with_attributes(&t, "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<catalog xmlns=\"urn:acsready:catalog:1\"",
                            " a%u=\"\"", 50000);
    wide = malloc(t.len * 2 + 16);
    assert_non_null(wide);
    n = to_utf16le(t.data, wide);
    if (load_timed((const char *)wide, n, err, sizeof err, &cpu) == 0 || !strstr(err, "more than 32 attributes"))
        fail_msg("50,000 attributes in UTF-16LE: '%s'", err);
    assert_true(cpu < CPU_BOUND_SECONDS);
    free(wide);
    free(t.data);
}

static void test_unsupported_encodings_are_named(void **state)
{
    static const struct {
        const char *name;
        const char *data;
        size_t size;
        const char *expected;
    } cases[] = {
        {"UTF-32LE BOM", "\xFF\xFE\0\0<\0\0\0", 8, "UTF-32"},
        {"UTF-32BE without BOM", "\0\0\0<\0\0\0?", 8, "UTF-32"},
        {"EBCDIC", "\x4C\x6F\xA7\x94\x93", 5, "EBCDIC"},
        {"ISO-2022-JP declared", "<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><catalog/>", 0, "ISO-2022-JP"},
        {"UTF-7 declared", "<?xml version='1.0' encoding='UTF-7'?><catalog/>", 0, "UTF-7"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[512];
        double cpu;
        size_t size = cases[i].size ? cases[i].size : strlen(cases[i].data);
        if (load_timed(cases[i].data, size, err, sizeof err, &cpu) == 0 || !strstr(err, cases[i].expected) ||
            !strstr(err, "supported"))
            fail_msg("%s: '%s', expected the encoding named", cases[i].name, err);
    }
}

/* Markup characters inside comments, CDATA, processing instructions and
 * attribute values are not markup: the scan must not miscount them. */
static void test_markup_lookalikes_accepted(void **state)
{
    text_buf t = {NULL, 0, 0};
    char err[512];
    double cpu;
    builtin_with(&t, "<sources>",
                 "<!-- <a b=\"c\" d='e' f=g> --><?pi <x y=\"z\"?>"
                 "<source id=\"q%u\" url=\"https://e/%u?a=1&amp;b=2\" title=\"a &lt;b&gt; 'c' = d > e\"/>",
                 40);
    if (load_timed(t.data, t.len, err, sizeof err, &cpu) != 0)
        fail_msg("look-alikes: %s", err);
    free(t.data);
}

/* A rule with more prerequisites than a verdict holds would lose its last
 * requirements (the root CA among them) in the evaluator: the loader refuses
 * it, and accepts one with exactly as many as fit. */
static void test_prerequisites_per_rule(void **state)
{
    static const struct {
        unsigned extra; /* added to the two prerequisites of win7-sp1 */
        bool accepted;
    } rows[] = { { ACS_MAX_RULE_PREREQUISITES - 2, true }, { ACS_MAX_RULE_PREREQUISITES - 1, false } };
    const char *xml = builtin_xml();
    const char *defs = strstr(xml, "<prerequisites>");
    const char *refs = strstr(xml, "<prerequisite ref=\"prereq-ssu\"/>");
    (void)state;
    assert_non_null(defs);
    assert_non_null(refs);
    defs += strlen("<prerequisites>");
    refs += strlen("<prerequisite ref=\"prereq-ssu\"/>");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        text_buf t = { NULL, 0, 0 };
        char err[512] = "";
        double cpu;
        int rc;

        put(&t, "%.*s", (int)(defs - xml), xml);
        for (unsigned k = 0; k < rows[i].extra; k++)
            put(&t, "<prerequisite id=\"prereq-extra%u\" kb=\"KB99990%u\" name=\"extra\" sources=\"kb5022661\"/>", k, k);
        put(&t, "%.*s", (int)(refs - defs), defs);
        for (unsigned k = 0; k < rows[i].extra; k++)
            put(&t, "<prerequisite ref=\"prereq-extra%u\"/>", k);
        put(&t, "%s", refs);
        rc = load_timed(t.data, t.len, err, sizeof err, &cpu);
        if (rows[i].accepted ? rc != 0 : (rc == 0 || !strstr(err, "prerequisites, more than")))
            fail_msg("%u prerequisites on win7-sp1: rc %d, \"%s\"", rows[i].extra + 2, rc, err);
        free(t.data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pathological_shapes),
        cmocka_unit_test(test_utf16_catalogs),
        cmocka_unit_test(test_unsupported_encodings_are_named),
        cmocka_unit_test(test_markup_lookalikes_accepted),
        cmocka_unit_test(test_prerequisites_per_rule),
    };
    acs_catalog_library_init();
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    acs_catalog_library_cleanup();
    return failed;
}
