/* Turning catalog bytes into a libxml2 document, safely: no network, no DTD
 * (so no entity can expand or fetch anything), the shape limits checked before
 * libxml2 sees the bytes, and, for every catalog but the built-in one,
 * validation against the schema compiled into the binary (never one the
 * document names). Errors are collected through structured handlers that are
 * per thread and per validation context, so concurrent loads never see each
 * other's messages. */
#include "catalog_parse_options.h"
#include "catalog_internal.h"

#include <libxml/parser.h>
#include <libxml/threads.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* libxml2 2.12 made the structured handler take a const error. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *acs_xml_error;
#else
typedef xmlErrorPtr acs_xml_error;
#endif

/* The schema is compiled the first time a catalog needs validating (a file,
 * or bytes from memory), not at init: the built-in catalog never needs it, and
 * compiling it costs about 2 ms that a process loading only the built-in copy
 * would pay for nothing. schema_lock, made by acs_catalog_library_init, makes
 * the first compile happen once however many threads load at the same time;
 * afterwards the schema is only read (libxml2 lets one compiled schema serve
 * many validation contexts at once). Both are freed by
 * acs_catalog_library_cleanup. */
static xmlSchemaPtr builtin_schema;
static xmlMutexPtr schema_lock;

void acs_load_error(acs_load_errors *errors, long line, const char *fmt, ...)
{
    va_list ap;
    int prefix;

    errors->count++;
    if (errors->count > 1 || !errors->buf || errors->size == 0)
        return; /* the first error explains the file; later ones are usually its echoes */
    if (line > 0)
        prefix = snprintf(errors->buf, errors->size, "%s:%ld: ", errors->name, line);
    else
        prefix = snprintf(errors->buf, errors->size, "%s: ", errors->name);
    if (prefix < 0 || (size_t)prefix >= errors->size)
        return;
    va_start(ap, fmt);
    vsnprintf(errors->buf + prefix, errors->size - (size_t)prefix, fmt, ap);
    va_end(ap);
}

static void collect_xml_error(void *context, acs_xml_error error)
{
    acs_load_errors *errors = context;
    char what[600];
    size_t len;

    if (!error || error->level < XML_ERR_ERROR)
        return;
    snprintf(what, sizeof what, "%s", error->message ? error->message : "unknown libxml2 error");
    len = strlen(what);
    while (len > 0 && (what[len - 1] == '\n' || what[len - 1] == ' ' || what[len - 1] == '\r'))
        what[--len] = '\0';
    acs_load_error(errors, error->line, "%s", what);
}

/* Parser state reachable from the SAX callbacks through ctxt->_private. */
typedef struct parse_guard {
    long doctype_line;
} parse_guard;

/* Called as soon as "<!DOCTYPE name ...>" is read and before any internal
 * subset is parsed: stopping here means no entity declaration is ever seen. */
static void reject_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
    xmlParserCtxtPtr ctxt = ctx;
    parse_guard *guard = ctxt->_private;
    guard->doctype_line = (ctxt->input && ctxt->input->line > 0) ? ctxt->input->line : 1;
    xmlStopParser(ctxt);
}

static xmlSchemaPtr compile_schema(acs_load_errors *errors)
{
    xmlSchemaParserCtxtPtr parser;
    xmlSchemaPtr schema;

    parser = xmlSchemaNewMemParserCtxt((const char *)acs_builtin_catalog_xsd, (int)acs_builtin_catalog_xsd_size);
    if (!parser) {
        acs_load_error(errors, 0, "cannot create a schema parser (out of memory)");
        return NULL;
    }
    xmlSchemaSetParserStructuredErrors(parser, collect_xml_error, errors);
    schema = xmlSchemaParse(parser);
    xmlSchemaFreeParserCtxt(parser);
    if (!schema && errors->count == 0)
        acs_load_error(errors, 0, "the built-in schema does not compile");
    return schema;
}

void acs_catalog_library_init(void)
{
    xmlInitParser();
    if (!schema_lock)
        schema_lock = xmlNewMutex();
}

void acs_catalog_library_cleanup(void)
{
    if (builtin_schema) {
        xmlSchemaFree(builtin_schema);
        builtin_schema = NULL;
    }
    if (schema_lock) {
        xmlFreeMutex(schema_lock);
        schema_lock = NULL;
    }
    xmlCleanupParser();
}

/* The shared schema, compiled now if no load needed it before; NULL (the
 * reason in errors) when it cannot be compiled, or when
 * acs_catalog_library_init was not called (then the caller compiles a copy for
 * its own load, so nothing shared is ever written without the lock). */
static xmlSchemaPtr shared_schema(acs_load_errors *errors, bool *no_library)
{
    xmlSchemaPtr schema;

    *no_library = !schema_lock;
    if (!schema_lock)
        return NULL;
    xmlMutexLock(schema_lock);
    if (!builtin_schema) {
        acs_load_errors schema_errors = {"built-in catalog.xsd", errors->buf, errors->size, 0};
        builtin_schema = compile_schema(&schema_errors);
        if (!builtin_schema)
            errors->count++;
    }
    schema = builtin_schema;
    xmlMutexUnlock(schema_lock);
    return schema;
}

/* ---- the shape scan: limits enforced before libxml2 parses --------------- */

/* The document as code units: 1 byte (UTF-8 and ASCII) or 2 (UTF-16), the
 * way libxml2 itself detects it from the first bytes. Markup characters are
 * ASCII, so the scan only needs to tell them from everything else. */
typedef struct xml_units {
    const unsigned char *bytes;
    size_t count;    /* code units */
    unsigned width;  /* 1 or 2 */
    bool big_endian; /* for width 2 */
} xml_units;

static unsigned unit_at(const xml_units *u, size_t i)
{
    if (u->width == 1)
        return u->bytes[i];
    const unsigned char *p = u->bytes + 2 * i;
    return u->big_endian ? (unsigned)(p[0] << 8 | p[1]) : (unsigned)(p[1] << 8 | p[0]);
}

static bool units_match(const xml_units *u, size_t i, const char *ascii)
{
    for (; *ascii; ascii++, i++)
        if (i >= u->count || unit_at(u, i) != (unsigned char)*ascii)
            return false;
    return true;
}

/* Index just past the next `terminator` from i (counting lines), or count. */
static size_t skip_past(const xml_units *u, size_t i, const char *terminator, long *line)
{
    for (; i < u->count; i++) {
        if (units_match(u, i, terminator))
            return i + strlen(terminator);
        if (unit_at(u, i) == '\n')
            (*line)++;
    }
    return u->count;
}

static bool ascii_equal_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char ca = (*a >= 'a' && *a <= 'z') ? (char)(*a - 32) : *a;
        char cb = (*b >= 'a' && *b <= 'z') ? (char)(*b - 32) : *b;
        if (ca != cb)
            return false;
    }
    return *a == *b;
}

/* The encoding named by "<?xml ... encoding='X'?>", or "" when there is none. */
static void declared_encoding(const xml_units *u, size_t i, char *name, size_t size)
{
    size_t end;
    long ignored = 0;
    name[0] = '\0';
    if (!units_match(u, i, "<?xml"))
        return;
    end = skip_past(u, i, "?>", &ignored);
    for (; i + 8 < end; i++) {
        if (!units_match(u, i, "encoding"))
            continue;
        i += 8;
        while (i < end && (unit_at(u, i) == ' ' || unit_at(u, i) == '=' || unit_at(u, i) == '\t'))
            i++;
        if (i >= end || (unit_at(u, i) != '"' && unit_at(u, i) != '\''))
            return;
        unsigned quote = unit_at(u, i++);
        size_t n = 0;
        while (i < end && unit_at(u, i) != quote && n + 1 < size) {
            unsigned c = unit_at(u, i++);
            name[n++] = c < 0x80 ? (char)c : '?';
        }
        name[n] = '\0';
        return;
    }
}

/* Finds the code unit width the way libxml2 does (a byte order mark or the
 * first characters) and refuses what the scan cannot follow: UTF-32, EBCDIC,
 * or a declared encoding other than UTF-8/UTF-16 (ISO-2022-JP, UTF-7 and the
 * like could hide markup from the scan). */
static bool detect_units(const char *data, size_t size, xml_units *u, size_t *start, acs_load_errors *errors)
{
    const unsigned char *b = (const unsigned char *)data;
    char encoding[64];
    static const char *const single[] = {"UTF-8", "UTF8", "US-ASCII"};
    static const char *const dual[] = {"UTF-16", "UTF16", "UTF-8", "UTF8"};
    const char *const *allowed = single;
    size_t allowed_count = sizeof single / sizeof single[0];

    u->bytes = b;
    u->width = 1;
    u->big_endian = false;
    *start = 0;
    if (size >= 4 && ((b[0] == 0 && b[1] == 0) || (b[2] == 0 && b[3] == 0 && b[0] != 0 && b[1] == 0 && b[0] != 0xFF) ||
                      (b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0))) {
        acs_load_error(errors, 1, "UTF-32 is not a supported encoding: save the catalog as UTF-8");
        return false;
    }
    if (size >= 4 && b[0] == 0x4C && b[1] == 0x6F && b[2] == 0xA7 && b[3] == 0x94) {
        acs_load_error(errors, 1, "EBCDIC is not a supported encoding: save the catalog as UTF-8");
        return false;
    }
    if (size >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
        u->width = 2;
        u->big_endian = b[0] == 0xFE;
        *start = 1;
    } else if (size >= 4 && ((b[0] == '<' && b[1] == 0 && b[2] == '?' && b[3] == 0) ||
                             (b[0] == 0 && b[1] == '<' && b[2] == 0 && b[3] == '?'))) {
        u->width = 2;
        u->big_endian = b[0] == 0;
    } else if (size >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
        *start = 3;
    }
    u->count = size / u->width;
    if (u->width == 2) {
        allowed = dual;
        allowed_count = sizeof dual / sizeof dual[0];
    }
    declared_encoding(u, *start, encoding, sizeof encoding);
    if (encoding[0]) {
        for (size_t k = 0; k < allowed_count; k++)
            if (ascii_equal_nocase(encoding, allowed[k]))
                return true;
        acs_load_error(errors, 1, "encoding \"%s\" is not supported%s: save the catalog as UTF-8", encoding,
                       u->width == 2 ? " in a UTF-16 file" : "");
        return false;
    }
    return true;
}

static bool is_xml_space(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* One pass over the document: counts elements, depth, attributes per element
 * and the length of every text, CDATA section and attribute value, and stops
 * at the first limit passed. Well-formedness is libxml2's job: on anything
 * malformed the scan just ends and lets the parser say what is wrong. A
 * DOCTYPE ends the scan too: the parser refuses it before reading further. */
static bool check_shape(const char *data, size_t size, acs_load_errors *errors)
{
    xml_units u;
    size_t i, elements = 0, depth = 0, text = 0;
    long line = 1;

    if (!detect_units(data, size, &u, &i, errors))
        return false;
    while (i < u.count) {
        unsigned c = unit_at(&u, i);
        if (c != '<') {
            if (c == '\n')
                line++;
            if (++text > ACS_CATALOG_MAX_TEXT) {
                acs_load_error(errors, line, "a text longer than %u characters (the catalog's limit)",
                               ACS_CATALOG_MAX_TEXT);
                return false;
            }
            i++;
            continue;
        }
        text = 0;
        if (units_match(&u, i, "<!--")) {
            i = skip_past(&u, i + 4, "-->", &line);
        } else if (units_match(&u, i, "<![CDATA[")) {
            long start_line = line;
            size_t end = skip_past(&u, i + 9, "]]>", &line);
            if (end - i > ACS_CATALOG_MAX_TEXT + 12) {
                acs_load_error(errors, start_line, "a CDATA section longer than %u characters (the catalog's limit)",
                               ACS_CATALOG_MAX_TEXT);
                return false;
            }
            i = end;
        } else if (units_match(&u, i, "<?")) {
            i = skip_past(&u, i + 2, "?>", &line);
        } else if (units_match(&u, i, "<!")) {
            return true; /* <!DOCTYPE: the parser refuses it, naming its line */
        } else if (units_match(&u, i, "</")) {
            if (depth > 0)
                depth--;
            i = skip_past(&u, i + 2, ">", &line);
        } else {
            long tag_line = line;
            unsigned quote = 0, last = 0;
            size_t attributes = 0, value = 0;
            if (++elements > ACS_CATALOG_MAX_ELEMENTS) {
                acs_load_error(errors, line, "more than %u elements (the catalog's limit)", ACS_CATALOG_MAX_ELEMENTS);
                return false;
            }
            for (i++; i < u.count; i++) {
                c = unit_at(&u, i);
                if (c == '\n')
                    line++;
                if (quote) {
                    if (c == quote)
                        quote = 0;
                    else if (++value > ACS_CATALOG_MAX_TEXT) {
                        acs_load_error(errors, line, "an attribute value longer than %u characters (the catalog's "
                                       "limit)", ACS_CATALOG_MAX_TEXT);
                        return false;
                    }
                    continue;
                }
                if (c == '>')
                    break;
                if (c == '"' || c == '\'') {
                    quote = c;
                    value = 0;
                } else if (c == '=' && ++attributes > ACS_CATALOG_MAX_ATTRIBUTES) {
                    acs_load_error(errors, tag_line, "an element with more than %u attributes (the catalog's limit)",
                                   ACS_CATALOG_MAX_ATTRIBUTES);
                    return false;
                }
                if (!is_xml_space(c))
                    last = c;
            }
            if (i >= u.count)
                return true; /* an unclosed tag: the parser says so */
            i++;
            if (last != '/' && ++depth > ACS_CATALOG_MAX_DEPTH) {
                acs_load_error(errors, tag_line, "elements nested deeper than %u (the catalog's limit)",
                               ACS_CATALOG_MAX_DEPTH);
                return false;
            }
        }
    }
    return true;
}

static xmlDocPtr parse_document(const char *data, size_t size, acs_load_errors *errors)
{
    const int options = ACS_CATALOG_PARSE_OPTIONS; /* why these: catalog_parse_options.h */
    xmlParserCtxtPtr ctxt;
    xmlDocPtr doc;
    parse_guard guard = {0};
    xmlStructuredErrorFunc saved_handler = xmlStructuredError;
    void *saved_context = xmlStructuredErrorContext;

    ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        acs_load_error(errors, 0, "cannot create an XML parser (out of memory)");
        return NULL;
    }
    ctxt->_private = &guard;
    ctxt->sax->internalSubset = reject_doctype;
    ctxt->sax->externalSubset = NULL;
    ctxt->sax->resolveEntity = NULL;

    xmlSetStructuredErrorFunc(errors, collect_xml_error);
    /* No forced encoding: the declaration or a BOM decides (Notepad may save UTF-16). */
    doc = xmlCtxtReadMemory(ctxt, data, (int)size, NULL, NULL, options);
    xmlSetStructuredErrorFunc(saved_context, saved_handler);

    if (guard.doctype_line) {
        /* Whatever else the parser said is a consequence of stopping it. */
        errors->count = 0;
        acs_load_error(errors, guard.doctype_line, "DTDs are not allowed (<!DOCTYPE> found)");
    } else if (doc && (doc->intSubset || doc->extSubset)) {
        acs_load_error(errors, 1, "DTDs are not allowed");
    } else if (!doc || !ctxt->wellFormed) {
        if (errors->count == 0)
            acs_load_error(errors, 0, "not well-formed XML");
    }
    if (errors->count && doc) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

static bool validate_document(xmlDocPtr doc, acs_load_errors *errors)
{
    xmlSchemaPtr schema;
    xmlSchemaPtr private_schema = NULL;
    xmlSchemaValidCtxtPtr validator = NULL;
    bool valid = false, no_library;
    int rc;

    schema = shared_schema(errors, &no_library);
    if (no_library) {
        /* acs_catalog_library_init was not called: compile a copy for this load only. */
        acs_load_errors schema_errors = {"built-in catalog.xsd", errors->buf, errors->size, 0};
        private_schema = schema = compile_schema(&schema_errors);
        if (!schema)
            errors->count++;
    }
    if (!schema)
        goto done;
    validator = xmlSchemaNewValidCtxt(schema);
    if (!validator) {
        acs_load_error(errors, 0, "cannot create a schema validator (out of memory)");
        goto done;
    }
    xmlSchemaSetValidStructuredErrors(validator, collect_xml_error, errors);
    rc = xmlSchemaValidateDoc(validator, doc);
    if (rc != 0 && errors->count == 0)
        acs_load_error(errors, 0, "schema validation failed (libxml2 code %d)", rc);
    valid = rc == 0 && errors->count == 0;
done:
    if (validator)
        xmlSchemaFreeValidCtxt(validator);
    if (private_schema)
        xmlSchemaFree(private_schema);
    return valid;
}

/* The steps every catalog goes through: size, shape limits, safe parse. */
static xmlDocPtr parse_checked(const char *data, size_t size, acs_load_errors *errors)
{
    if (size > ACS_CATALOG_MAX_BYTES) {
        acs_load_error(errors, 0, "%lu bytes is more than the catalog limit of %lu bytes", (unsigned long)size,
                       (unsigned long)ACS_CATALOG_MAX_BYTES);
        return NULL;
    }
    if (!data || size == 0) {
        acs_load_error(errors, 0, "the catalog is empty");
        return NULL;
    }
    if (!check_shape(data, size, errors))
        return NULL;
    return parse_document(data, size, errors);
}

xmlDocPtr acs_catalog_parse_and_validate(const char *data, size_t size, acs_load_errors *errors)
{
    xmlDocPtr doc = parse_checked(data, size, errors);
    if (!doc)
        return NULL;
    if (!validate_document(doc, errors)) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

/* The built-in catalog skips only the XSD: the build validated these exact
 * bytes against these exact schema bytes with libxml2 (scripts/gen-catalog.c
 * writes the arrays only when the XML is valid, so an invalid catalog fails
 * the build; tests/project/catalog.test checks that), and bytes compiled into
 * the binary cannot change afterwards. Validating them again would only repeat
 * that result, at about half the cost of a load. Everything else still runs:
 * the size and shape limits, the safe parse, and every semantic check of
 * acs_catalog_build. No bytes come in, so no caller can route a user's catalog
 * through here. */
xmlDocPtr acs_catalog_parse_builtin(acs_load_errors *errors)
{
    return parse_checked((const char *)acs_builtin_catalog_xml, acs_builtin_catalog_xml_size, errors);
}
