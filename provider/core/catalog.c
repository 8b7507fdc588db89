/* The catalog's public face: loading (file, memory, built-in, with fallback)
 * and look-ups on the read-only model. A loaded catalog
 * is never written again, so any number of threads may read it at once. */
#include "catalog_internal.h"
#include "fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- loading --------------------------------------------------------------- */

static void clear_error(char *err, size_t err_size)
{
    if (err && err_size)
        err[0] = '\0';
}

static void start_errors(acs_load_errors *errors, const char *name, char *err, size_t err_size)
{
    errors->name = name;
    errors->buf = err;
    errors->size = err_size;
    errors->count = 0;
    clear_error(err, err_size);
}

/* The parsed document -> the model (acs_catalog_build's semantic checks);
 * frees the document. */
static int build_model(xmlDocPtr doc, acs_load_errors *errors, acs_catalog **out)
{
    acs_catalog *catalog;

    if (!doc)
        return -1;
    catalog = acs_catalog_build(doc, errors);
    xmlFreeDoc(doc);
    if (!catalog)
        return -1;
    *out = catalog;
    return 0;
}

int acs_catalog_load_memory(const char *data, size_t size, const char *name, acs_catalog **out, char *err,
                            size_t err_size)
{
    acs_load_errors errors;

    start_errors(&errors, name ? name : "catalog", err, err_size);
    if (!out)
        return -1;
    *out = NULL;
    return build_model(acs_catalog_parse_and_validate(data, size, &errors), &errors, out);
}

int acs_catalog_load_file(const char *path, acs_catalog **out, char *err, size_t err_size)
{
    FILE *file;
    char *data = NULL;
    size_t size = 0, capacity = 64 * 1024;
    int rc = -1;

    clear_error(err, err_size);
    if (!out)
        return -1;
    *out = NULL;
    if (!path) {
        snprintf(err, err_size, "catalog: no path given");
        return -1;
    }
    file = acs_fopen(path, "rb");
    if (!file) {
        if (err && err_size)
            snprintf(err, err_size, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    /* Read at most one byte past the limit: the size is judged on what was
     * read, not on what the file system claims, and nothing larger is parsed. */
    for (;;) {
        size_t got;
        if (size == capacity || !data) {
            char *grown;
            if (data)
                capacity *= 2;
            if (capacity > ACS_CATALOG_MAX_BYTES + 1)
                capacity = ACS_CATALOG_MAX_BYTES + 1;
            grown = realloc(data, capacity);
            if (!grown) {
                snprintf(err, err_size, "%s: out of memory", path);
                goto done;
            }
            data = grown;
        }
        got = fread(data + size, 1, capacity - size, file);
        size += got;
        if (got == 0 || size > ACS_CATALOG_MAX_BYTES)
            break;
    }
    if (ferror(file)) {
        if (err && err_size)
            snprintf(err, err_size, "%s: read error", path);
        goto done;
    }
    rc = acs_catalog_load_memory(data, size, path, out, err, err_size);
done:
    free(data);
    fclose(file);
    return rc;
}

/* The one caller of acs_catalog_parse_builtin: the bytes the build validated
 * skip the XSD, never anything a user gives (catalog_load.c says why). */
int acs_catalog_load_builtin(acs_catalog **out, char *err, size_t err_size)
{
    acs_load_errors errors;

    start_errors(&errors, "built-in catalog", err, err_size);
    if (!out)
        return -1;
    *out = NULL;
    return build_model(acs_catalog_parse_builtin(&errors), &errors, out);
}

acs_catalog *acs_catalog_open(const char *path, acs_catalog_origin *origin)
{
    acs_catalog *catalog = NULL;
    acs_catalog_origin scratch;
    char err[sizeof scratch.reason];

    if (!origin)
        origin = &scratch;
    memset(origin, 0, sizeof *origin);
    if (path && acs_catalog_load_file(path, &catalog, origin->reason, sizeof origin->reason) == 0) {
        snprintf(origin->source, sizeof origin->source, "%s", path);
        return catalog;
    }
    if (path)
        origin->fell_back = true;
    snprintf(origin->source, sizeof origin->source, "built-in");
    if (acs_catalog_load_builtin(&catalog, err, sizeof err) != 0) {
        /* Keep the file's reason first: it is what the admin can fix. */
        size_t used = strlen(origin->reason);
        snprintf(origin->reason + used, sizeof origin->reason - used, "%s%s", used ? "; " : "", err);
        return NULL;
    }
    return catalog;
}

/* ---- look-ups ---------------------------------------------------------------- */

const char *acs_catalog_version(const acs_catalog *catalog)
{
    return catalog ? catalog->version : NULL;
}

const acs_root_rule *acs_catalog_root(const acs_catalog *catalog)
{
    return catalog ? &catalog->root : NULL;
}

const acs_profile *acs_catalog_default_profile(const acs_catalog *catalog)
{
    return catalog ? catalog->default_profile : NULL;
}

const acs_profile *acs_catalog_find_profile(const acs_catalog *catalog, const char *id)
{
    size_t i;
    if (!catalog)
        return NULL;
    if (!id)
        return catalog->default_profile;
    for (i = 0; i < catalog->profile_count; i++)
        if (strcmp(catalog->profiles[i].id, id) == 0)
            return &catalog->profiles[i];
    return NULL;
}

size_t acs_catalog_profile_count(const acs_catalog *catalog)
{
    return catalog ? catalog->profile_count : 0;
}

const acs_profile *acs_catalog_profile_at(const acs_catalog *catalog, size_t index)
{
    return catalog && index < catalog->profile_count ? &catalog->profiles[index] : NULL;
}

const acs_source *acs_catalog_find_source(const acs_catalog *catalog, const char *id)
{
    size_t i;
    if (!catalog || !id)
        return NULL;
    for (i = 0; i < catalog->source_count; i++)
        if (strcmp(catalog->sources[i].id, id) == 0)
            return &catalog->sources[i];
    return NULL;
}

const char *acs_catalog_text(const acs_catalog *catalog, acs_lang lang, acs_text_id id)
{
    if (!catalog || (unsigned)id >= ACS_TEXT_COUNT)
        return "";
    if ((unsigned)lang >= ACS_LANG_COUNT)
        lang = ACS_LANG_EN;
    return catalog->texts[lang][id];
}

static bool rule_matches(const acs_os_rule *rule, uint32_t major, uint32_t minor, uint32_t build,
                         unsigned product_mask)
{
    return rule->major == major && rule->minor == minor && build >= rule->build_min && build <= rule->build_max &&
           (rule->product_mask & product_mask) != 0;
}

const acs_os_rule *acs_catalog_match(const acs_profile *profile, uint32_t major, uint32_t minor, uint32_t build,
                                     unsigned product_mask)
{
    /* Bases were checked for loops at load time. */
    for (; profile; profile = profile->base) {
        size_t i;
        for (i = 0; i < profile->rule_count; i++)
            if (rule_matches(&profile->rules[i], major, minor, build, product_mask))
                return &profile->rules[i];
    }
    return NULL;
}

/* The default profile's own rules: the base catalog every profile refines. */
size_t acs_catalog_rule_count(const acs_catalog *catalog)
{
    return catalog && catalog->default_profile ? catalog->default_profile->rule_count : 0;
}

const acs_os_rule *acs_catalog_rule_at(const acs_catalog *catalog, size_t index)
{
    if (!catalog || !catalog->default_profile || index >= catalog->default_profile->rule_count)
        return NULL;
    return &catalog->default_profile->rules[index];
}

bool acs_catalog_kb_relevant(const acs_catalog *catalog, uint32_t kb)
{
    size_t low = 0, high;
    if (!catalog)
        return false;
    high = catalog->relevant_kb_count;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        uint32_t have = catalog->relevant_kbs[mid];
        if (have == kb)
            return true;
        if (have < kb)
            low = mid + 1;
        else
            high = mid;
    }
    return false;
}
