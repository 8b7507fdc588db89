/* Writes the C source of the built-in catalog: the catalog XML and its XSD as
 * byte arrays, so every binary carries a catalog to fall back on and the
 * schema a user's catalog is validated against.
 *
 *   gen-catalog CATALOG.xml CATALOG.xsd OUTPUT.c
 *
 * Built and run by the build (core.mk; provider/gencatalog.vcxproj and the
 * custom build step of provider/acscore.vcxproj), never committed: editing the
 * XML and rebuilding ships the new catalog.
 *
 * The XML is validated against the XSD here, with libxml2 and the loader's
 * safe parse (no network, no DTD), and nothing is written unless it is valid:
 * an invalid catalog fails the build. The bytes validated are the bytes
 * written, read once. That is what lets the loader skip the XSD for the
 * built-in copy at run time (provider/core/catalog_load.c,
 * acs_catalog_parse_builtin); a catalog from a file or from memory is still
 * validated there on every load.
 *
 * Output depends only on the two input files (no dates, no paths), and a final
 * 0 byte after each array (not counted in its size) lets a debugger print it
 * as a string. */
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../provider/core/catalog_parse_options.h"

#define BYTES_PER_LINE 16
#define MAX_INPUT_BYTES (16L * 1024 * 1024)

/* libxml2 2.12 made the structured handler take a const error. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *gen_xml_error;
#else
typedef xmlErrorPtr gen_xml_error;
#endif

typedef struct input {
    const char *path;
    unsigned char *bytes;
    long size;
} input;

/* Reads a whole file; returns 0, or 1 after printing why not. */
static int read_input(input *in)
{
    FILE *file = fopen(in->path, "rb");
    long capacity = 64 * 1024;
    size_t got;

    in->bytes = NULL;
    in->size = 0;
    if (file == NULL) {
        fprintf(stderr, "gen-catalog: cannot read %s\n", in->path);
        return 1;
    }
    for (;;) {
        if (in->bytes == NULL || in->size == capacity) {
            unsigned char *grown;
            if (in->bytes != NULL)
                capacity *= 2;
            if (capacity > MAX_INPUT_BYTES) {
                fprintf(stderr, "gen-catalog: %s is larger than %ld bytes\n", in->path, MAX_INPUT_BYTES);
                fclose(file);
                return 1;
            }
            grown = realloc(in->bytes, (size_t)capacity);
            if (grown == NULL) {
                fprintf(stderr, "gen-catalog: out of memory reading %s\n", in->path);
                fclose(file);
                return 1;
            }
            in->bytes = grown;
        }
        got = fread(in->bytes + in->size, 1, (size_t)(capacity - in->size), file);
        in->size += (long)got;
        if (got == 0)
            break;
    }
    if (ferror(file)) {
        fprintf(stderr, "gen-catalog: error reading %s\n", in->path);
        fclose(file);
        return 1;
    }
    fclose(file);
    if (in->size == 0) {
        fprintf(stderr, "gen-catalog: %s is empty\n", in->path);
        return 1;
    }
    return 0;
}

/* Every libxml2 error as "path:line: message", the way the loader names them. */
static void print_xml_error(void *context, gen_xml_error error)
{
    const char *path = context;
    const char *message;
    size_t length;

    if (error == NULL || error->level < XML_ERR_ERROR)
        return;
    message = error->message ? error->message : "unknown libxml2 error";
    length = strlen(message);
    while (length > 0 && (message[length - 1] == '\n' || message[length - 1] == '\r'))
        length--;
    fprintf(stderr, "gen-catalog: %s:%d: %.*s\n", path, error->line, (int)length, message);
}

/* Returns 0 when the XML is well-formed, has no DTD and is valid against the
 * XSD; else 1 after printing every error. */
static int validate(const input *xml, const input *xsd)
{
    /* The loader's parse options: the same tree it builds. A DTD is refused outright. */
    const int options = ACS_CATALOG_PARSE_OPTIONS;
    xmlSchemaParserCtxtPtr schema_parser;
    xmlSchemaPtr schema = NULL;
    xmlSchemaValidCtxtPtr validator = NULL;
    xmlDocPtr doc = NULL;
    int failed = 1;

    schema_parser = xmlSchemaNewMemParserCtxt((const char *)xsd->bytes, (int)xsd->size);
    if (schema_parser == NULL) {
        fprintf(stderr, "gen-catalog: cannot create a schema parser\n");
        return 1;
    }
    xmlSchemaSetParserStructuredErrors(schema_parser, print_xml_error, (void *)xsd->path);
    schema = xmlSchemaParse(schema_parser);
    xmlSchemaFreeParserCtxt(schema_parser);
    if (schema == NULL) {
        fprintf(stderr, "gen-catalog: %s does not compile as a schema\n", xsd->path);
        return 1;
    }

    xmlSetStructuredErrorFunc((void *)xml->path, print_xml_error);
    doc = xmlReadMemory((const char *)xml->bytes, (int)xml->size, NULL, NULL, options);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (doc == NULL) {
        fprintf(stderr, "gen-catalog: %s is not well-formed XML\n", xml->path);
        goto done;
    }
    if (doc->intSubset != NULL || doc->extSubset != NULL) {
        fprintf(stderr, "gen-catalog: %s has a DTD; the loader refuses DTDs\n", xml->path);
        goto done;
    }
    validator = xmlSchemaNewValidCtxt(schema);
    if (validator == NULL) {
        fprintf(stderr, "gen-catalog: cannot create a schema validator\n");
        goto done;
    }
    xmlSchemaSetValidStructuredErrors(validator, print_xml_error, (void *)xml->path);
    if (xmlSchemaValidateDoc(validator, doc) != 0) {
        fprintf(stderr, "gen-catalog: %s is not valid against %s: the built-in catalog must be\n", xml->path,
                xsd->path);
        goto done;
    }
    failed = 0;
done:
    if (validator != NULL)
        xmlSchemaFreeValidCtxt(validator);
    if (doc != NULL)
        xmlFreeDoc(doc);
    xmlSchemaFree(schema);
    return failed;
}

/* One array and its size. */
static void emit(FILE *out, const char *name, const input *in)
{
    long i;

    fprintf(out, "const unsigned char %s[] = {\n", name);
    for (i = 0; i < in->size; i++) {
        fprintf(out, "%s%u,", i % BYTES_PER_LINE == 0 ? "    " : " ", (unsigned)in->bytes[i]);
        if ((i + 1) % BYTES_PER_LINE == 0)
            fputc('\n', out);
    }
    fprintf(out, "%s0\n};\nconst size_t %s_size = %luu;\n\n", in->size % BYTES_PER_LINE == 0 ? "    " : "\n    ", name,
            (unsigned long)in->size);
}

int main(int argc, char **argv)
{
    input xml, xsd;
    FILE *out;
    int failed;

    if (argc != 4) {
        fprintf(stderr, "usage: gen-catalog CATALOG.xml CATALOG.xsd OUTPUT.c\n");
        return 64;
    }
    xml.path = argv[1];
    xsd.path = argv[2];
    xmlInitParser();
    failed = read_input(&xml) || read_input(&xsd) || validate(&xml, &xsd);
    if (failed) {
        remove(argv[3]); /* never leave an older, valid output to be mistaken for this one */
        return 1;
    }
    out = fopen(argv[3], "wb");
    if (out == NULL) {
        fprintf(stderr, "gen-catalog: cannot write %s\n", argv[3]);
        return 73;
    }
    fputs("/* GENERATED at build time by scripts/gen-catalog.c from provider/catalog/acsready-catalog.xml\n"
          " * and provider/catalog/catalog.xsd: edit those, not this. The XML was valid against the XSD\n"
          " * when this was written (the generator refuses to write it otherwise). */\n"
          "#include \"core/catalog_internal.h\"\n\n",
          out);
    emit(out, "acs_builtin_catalog_xml", &xml);
    emit(out, "acs_builtin_catalog_xsd", &xsd);
    failed = ferror(out);
    if (fclose(out) != 0 || failed) {
        fprintf(stderr, "gen-catalog: cannot write %s\n", argv[3]);
        remove(argv[3]);
        return 1;
    }
    free(xml.bytes);
    free(xsd.bytes);
    xmlCleanupParser();
    return 0;
}
