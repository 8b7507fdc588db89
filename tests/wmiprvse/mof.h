/* The stand-in's own MOF reader: enough of the MOF grammar (DMTF DSP0004 as
 * mofcomp accepts it) to learn the classes a provider must fill and the
 * providers that claim them. It is deliberately strict: anything it does not
 * understand is an error with file:line, so a MOF the stand-in accepts has no
 * part it silently skipped. */
#ifndef WMIPRVSE_MOF_H
#define WMIPRVSE_MOF_H

#include "standin.h"

typedef struct mof_property {
    char *name;
    WCHAR *wname;
    CIMTYPE type;            /* CIM_STRING, ..., | CIM_FLAG_ARRAY */
    int is_key;
} mof_property;

typedef struct mof_class {
    char *name;
    WCHAR *wname;
    char *superclass;        /* NULL when none */
    char *namespace_path;    /* "root\AcsReadiness" (no "\\.\" prefix) */
    char *provider;          /* provider("...") qualifier, NULL when none */
    int is_singleton;
    int is_dynamic;
    int is_amendment;
    mof_property *props;     /* inherited ones first, then own, in MOF order */
    size_t prop_count;
    char *file;
    int line;
} mof_class;

typedef struct mof_provider {
    char *name;
    char *clsid;             /* "{...}" as written */
    char *namespace_path;
} mof_provider;

typedef struct mof_schema {
    mof_class *classes;
    size_t class_count;
    mof_provider *providers;
    size_t provider_count;
    size_t instance_count;   /* every `instance of`, registrations included */
} mof_schema;

/* Adds the file's classes and providers to schema. A class declared again
 * with the amendment qualifier (a localized MOF) must carry the same
 * properties and types; any other redeclaration is an error. Returns 0, or
 * -1 with "file:line: what" in error. */
int mof_parse_file(mof_schema *schema, const char *path, char *error, size_t error_size);
/* Same, for text already in memory (UTF-8). */
int mof_parse_text(mof_schema *schema, const char *file, const char *text, char *error, size_t error_size);

void mof_schema_free(mof_schema *schema);

/* Case-insensitive, as WMI names are. */
const mof_class *mof_find_class(const mof_schema *schema, const char *namespace_path, const WCHAR *name);
int mof_find_property(const mof_class *cls, const WCHAR *name);
const mof_provider *mof_find_provider(const mof_schema *schema, const char *name);

/* "uint32", "string[]" ... */
const char *mof_type_name(CIMTYPE type);

#endif
