/* Private to the catalog files (catalog*.c): the model behind the opaque
 * acs_catalog, the arena that owns it, and the steps of a load. */
#ifndef ACSREADY_CORE_CATALOG_INTERNAL_H
#define ACSREADY_CORE_CATALOG_INTERNAL_H

#include "catalog.h"

#include <libxml/tree.h>

/* One owner for every byte of a catalog: freeing the arena frees the model. */
typedef struct acs_arena_block acs_arena_block;
typedef struct acs_arena {
    acs_arena_block *head;
} acs_arena;

void *acs_arena_alloc(acs_arena *arena, size_t size); /* zeroed; NULL when out of memory */
void *acs_arena_array(acs_arena *arena, size_t count, size_t elem_size);
char *acs_arena_strdup(acs_arena *arena, const char *text);
void acs_arena_release(acs_arena *arena);

struct acs_catalog {
    acs_arena arena;
    const char *version;
    const char *published;
    acs_source *sources;
    size_t source_count;
    acs_root_rule root;
    acs_prerequisite *prerequisites;
    size_t prerequisite_count;
    acs_profile *profiles;
    size_t profile_count;
    const acs_profile *default_profile;
    const char *texts[ACS_LANG_COUNT][ACS_TEXT_COUNT];
    uint32_t *relevant_kbs; /* sorted, unique */
    size_t relevant_kb_count;
};

/* First error of a load, as "<name>:<line>: <what>". */
typedef struct acs_load_errors {
    const char *name;
    char *buf;
    size_t size;
    unsigned count;
} acs_load_errors;

void acs_load_error(acs_load_errors *errors, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* The shape a catalog document may have, checked by one linear scan of its
 * bytes before libxml2 sees them: libxml2 2.9's check for duplicate attributes
 * is quadratic in the attributes of one element (85,000 attributes in 0.9 MB
 * stalled it 8-28 s), and the model build compares ids pairwise. The built-in
 * catalog has 493 elements, at most 9 attributes on one, depth 6 and no text
 * over 320 bytes; the limits leave a vendor catalog room to grow 4x while a
 * catalog at the limits still loads in well under 100 ms. */
#define ACS_CATALOG_MAX_ELEMENTS 2048u
#define ACS_CATALOG_MAX_ATTRIBUTES 32u /* on one element */
#define ACS_CATALOG_MAX_DEPTH 32u
#define ACS_CATALOG_MAX_TEXT 16384u /* characters in one text, CDATA section or attribute value */

/* Parses without network, DTDs or entity expansion and validates against the
 * built-in schema. NULL on failure, with the reason in errors. Every catalog
 * that does not come from the binary itself (a file, bytes from memory) goes
 * through here. */
xmlDocPtr acs_catalog_parse_and_validate(const char *data, size_t size, acs_load_errors *errors);

/* The built-in catalog (acs_builtin_catalog_xml), parsed the same way but not
 * validated against the XSD again: the build did that (see catalog_load.c).
 * Takes no bytes on purpose: it cannot parse anything else. */
xmlDocPtr acs_catalog_parse_builtin(acs_load_errors *errors);

/* The validated document -> model, with the checks a schema cannot make. */
acs_catalog *acs_catalog_build(xmlDocPtr doc, acs_load_errors *errors);

/* Generated at build time by scripts/gen-catalog.c (build/gen/catalog_builtin.c). */
extern const unsigned char acs_builtin_catalog_xml[];
extern const size_t acs_builtin_catalog_xml_size;
extern const unsigned char acs_builtin_catalog_xsd[];
extern const size_t acs_builtin_catalog_xsd_size;

#endif
