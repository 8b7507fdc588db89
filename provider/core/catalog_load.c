/* Turning catalog bytes into a validated libxml2 document, safely: no network,
 * no DTD (so no entity can expand or fetch anything), the schema compiled into
 * the binary and never one the document names. Errors are collected through
 * structured handlers that are per thread and per validation context, so
 * concurrent loads never see each other's messages. */
#include "catalog_internal.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* libxml2 2.12 made the structured handler take a const error. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *acs_xml_error;
#else
typedef xmlErrorPtr acs_xml_error;
#endif

/* Compiled once by acs_catalog_library_init and only read afterwards: libxml2
 * allows one compiled schema to serve many validation contexts at once. */
static xmlSchemaPtr builtin_schema;

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
    if (!builtin_schema) {
        acs_load_errors ignored = {"built-in catalog.xsd", NULL, 0, 0};
        builtin_schema = compile_schema(&ignored);
    }
}

void acs_catalog_library_cleanup(void)
{
    if (builtin_schema) {
        xmlSchemaFree(builtin_schema);
        builtin_schema = NULL;
    }
    xmlCleanupParser();
}

static xmlDocPtr parse_document(const char *data, size_t size, acs_load_errors *errors)
{
    /* No XML_PARSE_NOENT (entities stay references), no DTDLOAD/DTDATTR/DTDVALID,
     * no XINCLUDE (never processed), no HUGE (libxml2's own depth and size caps
     * stay on). BIG_LINES: line numbers past 65535 stay right. */
    const int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
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
    xmlSchemaPtr schema = builtin_schema;
    xmlSchemaPtr private_schema = NULL;
    xmlSchemaValidCtxtPtr validator = NULL;
    bool valid = false;
    int rc;

    if (!schema) {
        /* acs_catalog_library_init was not called: compile a copy for this load
         * only, so nothing shared is ever written outside init. */
        acs_load_errors schema_errors = {"built-in catalog.xsd", errors->buf, errors->size, 0};
        private_schema = schema = compile_schema(&schema_errors);
        if (!schema) {
            errors->count++;
            goto done;
        }
    }
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

xmlDocPtr acs_catalog_parse_and_validate(const char *data, size_t size, acs_load_errors *errors)
{
    xmlDocPtr doc;

    if (size > ACS_CATALOG_MAX_BYTES) {
        acs_load_error(errors, 0, "%lu bytes is more than the catalog limit of %lu bytes", (unsigned long)size,
                       (unsigned long)ACS_CATALOG_MAX_BYTES);
        return NULL;
    }
    if (!data || size == 0) {
        acs_load_error(errors, 0, "the catalog is empty");
        return NULL;
    }
    doc = parse_document(data, size, errors);
    if (!doc)
        return NULL;
    if (!validate_document(doc, errors)) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}
