/* Writes the C source of the built-in catalog: the catalog XML and its XSD as
 * byte arrays, so every binary carries a catalog to fall back on and the
 * schema it validates against.
 *
 *   gen-catalog CATALOG.xml CATALOG.xsd OUTPUT.c
 *
 * Built and run by the build (core.mk; the custom build step of
 * provider/acscore.vcxproj), never committed: editing the XML and rebuilding
 * ships the new catalog. Output depends only on the two input files (no dates,
 * no paths), and a final 0 byte after each array (not counted in its size)
 * lets a debugger print it as a string. Plain C, no libxml2: the loader
 * validates the bytes when a binary starts using them, and `make test`
 * validates the XML against the XSD with xmllint. */
#include <stdio.h>
#include <stdlib.h>

#define BYTES_PER_LINE 16

/* One array and its size; returns 0, or 1 after printing why not. */
static int emit(FILE *out, const char *name, const char *path)
{
    FILE *in = fopen(path, "rb");
    unsigned long size = 0;
    int c;

    if (in == NULL) {
        fprintf(stderr, "gen-catalog: cannot read %s\n", path);
        return 1;
    }
    fprintf(out, "const unsigned char %s[] = {\n", name);
    while ((c = fgetc(in)) != EOF) {
        fprintf(out, "%s%u,", size % BYTES_PER_LINE == 0 ? "    " : " ", (unsigned)c);
        size++;
        if (size % BYTES_PER_LINE == 0)
            fputc('\n', out);
    }
    if (ferror(in)) {
        fprintf(stderr, "gen-catalog: error reading %s\n", path);
        fclose(in);
        return 1;
    }
    fclose(in);
    if (size == 0) {
        fprintf(stderr, "gen-catalog: %s is empty\n", path);
        return 1;
    }
    fprintf(out, "%s0\n};\nconst size_t %s_size = %luu;\n\n", size % BYTES_PER_LINE == 0 ? "    " : "\n    ", name,
            size);
    return 0;
}

int main(int argc, char **argv)
{
    FILE *out;
    int failed;

    if (argc != 4) {
        fprintf(stderr, "usage: gen-catalog CATALOG.xml CATALOG.xsd OUTPUT.c\n");
        return 64;
    }
    out = fopen(argv[3], "wb");
    if (out == NULL) {
        fprintf(stderr, "gen-catalog: cannot write %s\n", argv[3]);
        return 73;
    }
    fputs("/* GENERATED at build time by scripts/gen-catalog.c from provider/catalog/acsready-catalog.xml\n"
          " * and provider/catalog/catalog.xsd: edit those, not this. */\n"
          "#include \"core/catalog_internal.h\"\n\n",
          out);
    failed = emit(out, "acs_builtin_catalog_xml", argv[1]) || emit(out, "acs_builtin_catalog_xsd", argv[2]);
    if (fclose(out) != 0 || failed) {
        if (!failed)
            fprintf(stderr, "gen-catalog: cannot write %s\n", argv[3]);
        remove(argv[3]);
        return 1;
    }
    return 0;
}
