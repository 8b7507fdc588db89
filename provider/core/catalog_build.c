/* A schema-valid catalog document -> the read-only model, plus the checks a
 * schema cannot express: unique ids, references that resolve, rules that do
 * not overlap, one default profile, bases that exist and do not loop, later
 * rollups after the required one, every text in every language with known
 * placeholders. Each failure names the line of the element at fault. */
#include "calendar.h"
#include "catalog_internal.h"
#include "facts.h"

#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct builder {
    acs_catalog *catalog;
    acs_load_errors *errors;
    long *source_lines;
    long *prerequisite_lines;
    long *profile_lines;
    const char **profile_bases;
} builder;

/* ---- reading the tree ---------------------------------------------------- */

static long line_of(const xmlNode *node)
{
    return node ? xmlGetLineNo((xmlNodePtr)node) : 0;
}

static bool named(const xmlNode *node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0;
}

static xmlNode *first_element(const xmlNode *parent)
{
    xmlNode *child = parent ? parent->children : NULL;
    while (child && child->type != XML_ELEMENT_NODE)
        child = child->next;
    return child;
}

static xmlNode *next_element(const xmlNode *node)
{
    xmlNode *next = node->next;
    while (next && next->type != XML_ELEMENT_NODE)
        next = next->next;
    return next;
}

static size_t count_named(const xmlNode *parent, const char *name)
{
    size_t count = 0;
    const xmlNode *child;
    for (child = first_element(parent); child; child = next_element(child))
        count += named(child, name);
    return count;
}

/* The attribute's text without allocating; "" when the element has none. The
 * schema already decided which attributes must exist. */
static const char *attr(const xmlNode *node, const char *name)
{
    const xmlAttr *a;
    for (a = node->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, name) == 0 && a->ns == NULL)
            return (a->children && a->children->content) ? (const char *)a->children->content : "";
    }
    return "";
}

static bool has_attr(const xmlNode *node, const char *name)
{
    const xmlAttr *a;
    for (a = node->properties; a; a = a->next)
        if (strcmp((const char *)a->name, name) == 0 && a->ns == NULL)
            return true;
    return false;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Token types (ids, KBs, lists) were validated after whitespace collapsing,
 * but the tree keeps the raw text: read them word by word. Returns the next
 * word's start and length, or NULL at the end. */
static const char *next_word(const char **cursor, size_t *len)
{
    const char *p = *cursor, *start;
    while (*p && is_space(*p))
        p++;
    if (!*p)
        return NULL;
    start = p;
    while (*p && !is_space(*p))
        p++;
    *len = (size_t)(p - start);
    *cursor = p;
    return start;
}

static bool out_of_memory(builder *b, const xmlNode *node)
{
    acs_load_error(b->errors, line_of(node), "out of memory");
    return false;
}

static const char *token_dup(builder *b, const char *raw)
{
    const char *cursor = raw, *word;
    size_t len = 0;
    char *copy;
    word = next_word(&cursor, &len);
    if (!word)
        return acs_arena_strdup(&b->catalog->arena, "");
    copy = acs_arena_alloc(&b->catalog->arena, len + 1);
    if (copy)
        memcpy(copy, word, len);
    return copy;
}

static const char *text_dup(builder *b, const char *raw)
{
    return acs_arena_strdup(&b->catalog->arena, raw);
}

/* The English attribute and its optional translations (attribute-zh-TW,
 * attribute-ja): a language without one falls back to the English text. */
static bool read_localized(builder *b, const xmlNode *node, const char *attribute, const char *english,
                           const char *out[ACS_LANG_COUNT])
{
    acs_lang lang;
    out[ACS_LANG_EN] = english;
    for (lang = (acs_lang)(ACS_LANG_EN + 1); lang < ACS_LANG_COUNT; lang = (acs_lang)(lang + 1)) {
        char name[48];
        snprintf(name, sizeof name, "%s-%s", attribute, acs_lang_code(lang));
        out[lang] = has_attr(node, name) ? text_dup(b, attr(node, name)) : english;
        if (!out[lang])
            return out_of_memory(b, node);
    }
    return true;
}

/* xs:unsignedInt allows surrounding spaces, a '+' and leading zeros. */
static bool parse_u32(const char *text, uint32_t *out)
{
    uint64_t value = 0;
    const char *p = text;
    bool digits = false;
    while (is_space(*p))
        p++;
    if (*p == '+')
        p++;
    for (; *p >= '0' && *p <= '9'; p++) {
        value = value * 10u + (uint64_t)(*p - '0');
        if (value > UINT32_MAX)
            return false;
        digits = true;
    }
    while (is_space(*p))
        p++;
    if (!digits || *p)
        return false;
    *out = (uint32_t)value;
    return true;
}

static bool read_u32(builder *b, const xmlNode *node, const char *name, uint32_t *out)
{
    if (parse_u32(attr(node, name), out))
        return true;
    acs_load_error(b->errors, line_of(node), "attribute %s='%s' is not a 32-bit number", name, attr(node, name));
    return false;
}

static uint32_t read_kb(const xmlNode *node, const char *name)
{
    const char *cursor = attr(node, name), *word;
    size_t len = 0;
    word = next_word(&cursor, &len);
    return word ? acs_parse_kb(word, len) : 0; /* the schema checked the pattern KB[0-9]+ */
}

static bool read_update(builder *b, const xmlNode *node, bool monthly, acs_update_ref *out)
{
    out->kb = read_kb(node, "kb");
    out->date = text_dup(b, attr(node, monthly ? "month" : "date"));
    if (!out->date)
        return out_of_memory(b, node);
    return read_u32(b, node, "revision", &out->revision);
}

/* ---- sources -------------------------------------------------------------- */

static const acs_source *find_source(const acs_catalog *catalog, const char *id, size_t len)
{
    size_t i;
    for (i = 0; i < catalog->source_count; i++) {
        const char *have = catalog->sources[i].id;
        if (strlen(have) == len && memcmp(have, id, len) == 0)
            return &catalog->sources[i];
    }
    return NULL;
}

/* Every id in the list must name a source; the first is the one the model keeps. */
static bool resolve_sources(builder *b, const xmlNode *node, const char *what, const acs_source **out)
{
    const char *cursor = attr(node, "sources"), *word;
    size_t len = 0;
    *out = NULL;
    while ((word = next_word(&cursor, &len)) != NULL) {
        const acs_source *source = find_source(b->catalog, word, len);
        if (!source) {
            acs_load_error(b->errors, line_of(node), "%s cites source '%.*s', which is not defined in <sources>", what,
                           (int)len, word);
            return false;
        }
        if (!*out)
            *out = source;
    }
    if (!*out) {
        acs_load_error(b->errors, line_of(node), "%s cites no source", what);
        return false;
    }
    return true;
}

static bool build_sources(builder *b, const xmlNode *sources)
{
    acs_catalog *c = b->catalog;
    const xmlNode *node;
    size_t n = count_named(sources, "source");

    c->sources = acs_arena_array(&c->arena, n, sizeof *c->sources);
    b->source_lines = acs_arena_array(&c->arena, n, sizeof *b->source_lines);
    if (!c->sources || !b->source_lines)
        return out_of_memory(b, sources);
    for (node = first_element(sources); node; node = next_element(node)) {
        acs_source *s = &c->sources[c->source_count];
        const acs_source *twin;
        s->id = token_dup(b, attr(node, "id"));
        s->url = token_dup(b, attr(node, "url"));
        s->title = text_dup(b, attr(node, "title"));
        if (!s->id || !s->url || !s->title)
            return out_of_memory(b, node);
        twin = find_source(c, s->id, strlen(s->id));
        if (twin) {
            acs_load_error(b->errors, line_of(node), "duplicate source id '%s' (first at line %ld)", s->id,
                           b->source_lines[twin - c->sources]);
            return false;
        }
        b->source_lines[c->source_count++] = line_of(node);
    }
    return true;
}

/* ---- root ----------------------------------------------------------------- */

static bool hex_bytes(const char *hex, uint8_t *out, size_t count)
{
    size_t i;
    for (i = 0; i < count; i++) {
        unsigned value = 0;
        int k;
        for (k = 0; k < 2; k++) {
            char ch = hex[2 * i + (size_t)k];
            value <<= 4;
            if (ch >= '0' && ch <= '9')
                value |= (unsigned)(ch - '0');
            else if (ch >= 'A' && ch <= 'F')
                value |= (unsigned)(ch - 'A' + 10);
            else if (ch >= 'a' && ch <= 'f')
                value |= (unsigned)(ch - 'a' + 10);
            else
                return false;
        }
        out[i] = (uint8_t)value;
    }
    return hex[2 * count] == '\0';
}

static bool build_root(builder *b, const xmlNode *node)
{
    acs_root_rule *r = &b->catalog->root;
    const char *sha1 = token_dup(b, attr(node, "sha1"));
    const char *sha256 = token_dup(b, attr(node, "sha256"));
    const char *since = token_dup(b, attr(node, "ctl-since"));

    r->name = text_dup(b, attr(node, "name"));
    r->download_url = token_dup(b, attr(node, "download"));
    if (!sha1 || !sha256 || !since || !r->name || !r->download_url)
        return out_of_memory(b, node);
    r->sha1_hex = sha1;
    r->sha256_hex = sha256;
    if (!hex_bytes(sha1, r->sha1, sizeof r->sha1) || !hex_bytes(sha256, r->sha256, sizeof r->sha256)) {
        acs_load_error(b->errors, line_of(node), "root thumbprints must be hexadecimal");
        return false;
    }
    if (!acs_parse_date(since, strlen(since), &r->ctl_since_unix)) {
        acs_load_error(b->errors, line_of(node), "ctl-since='%s' is not a date", since);
        return false;
    }
    return resolve_sources(b, node, "the root", &r->source);
}

/* ---- prerequisites -------------------------------------------------------- */

static const acs_prerequisite *find_prerequisite(const acs_catalog *c, const char *id)
{
    size_t i;
    for (i = 0; i < c->prerequisite_count; i++)
        if (strcmp(c->prerequisites[i].id, id) == 0)
            return &c->prerequisites[i];
    return NULL;
}

static bool build_prerequisites(builder *b, const xmlNode *list)
{
    acs_catalog *c = b->catalog;
    const xmlNode *node;
    size_t n = count_named(list, "prerequisite");

    c->prerequisites = acs_arena_array(&c->arena, n ? n : 1, sizeof *c->prerequisites);
    b->prerequisite_lines = acs_arena_array(&c->arena, n ? n : 1, sizeof *b->prerequisite_lines);
    if (!c->prerequisites || !b->prerequisite_lines)
        return out_of_memory(b, list);
    for (node = first_element(list); node; node = next_element(node)) {
        acs_prerequisite *p = &c->prerequisites[c->prerequisite_count];
        const acs_prerequisite *twin;
        const char *cursor = attr(node, "superseded-by"), *word;
        size_t len = 0, count = 0;
        uint32_t *kbs;

        p->id = token_dup(b, attr(node, "id"));
        p->name = text_dup(b, attr(node, "name"));
        if (!p->id || !p->name)
            return out_of_memory(b, node);
        if (!read_localized(b, node, "name", p->name, p->localized_name))
            return false;
        p->kb = read_kb(node, "kb");
        twin = find_prerequisite(c, p->id);
        if (twin) {
            acs_load_error(b->errors, line_of(node), "duplicate prerequisite id '%s' (first at line %ld)", p->id,
                           b->prerequisite_lines[twin - c->prerequisites]);
            return false;
        }
        while (next_word(&cursor, &len))
            count++;
        kbs = acs_arena_array(&c->arena, count ? count : 1, sizeof *kbs);
        if (!kbs)
            return out_of_memory(b, node);
        cursor = attr(node, "superseded-by");
        while ((word = next_word(&cursor, &len)) != NULL) {
            uint32_t kb = acs_parse_kb(word, len);
            if (kb == p->kb) {
                acs_load_error(b->errors, line_of(node), "prerequisite '%s' cannot be superseded by itself (KB%lu)",
                               p->id, (unsigned long)kb);
                return false;
            }
            kbs[p->superseded_by_count++] = kb;
        }
        p->superseded_by = kbs;
        {
            char what[64];
            snprintf(what, sizeof what, "prerequisite '%s'", p->id);
            if (!resolve_sources(b, node, what, &p->source))
                return false;
        }
        b->prerequisite_lines[c->prerequisite_count++] = line_of(node);
    }
    return true;
}

/* ---- OS rules ------------------------------------------------------------- */

static unsigned product_mask(const char *list)
{
    const char *cursor = list, *word;
    size_t len = 0;
    unsigned mask = 0;
    while ((word = next_word(&cursor, &len)) != NULL) {
        if (len == 11 && memcmp(word, "workstation", 11) == 0)
            mask |= ACS_PRODUCT_MASK_WORKSTATION;
        else if (len == 6 && memcmp(word, "server", 6) == 0)
            mask |= ACS_PRODUCT_MASK_SERVER;
        else if (len == 2 && memcmp(word, "dc", 2) == 0)
            mask |= ACS_PRODUCT_MASK_DC;
    }
    return mask;
}

static bool parse_file_version(const char *text, uint16_t out[4])
{
    unsigned v[4];
    char tail;
    int i;
    if (sscanf(text, "%u.%u.%u.%u%c", &v[0], &v[1], &v[2], &v[3], &tail) != 4)
        return false;
    for (i = 0; i < 4; i++) {
        if (v[i] > 65535u)
            return false;
        out[i] = (uint16_t)v[i];
    }
    return true;
}

static bool build_cumulative(builder *b, const xmlNode *node, acs_os_rule *rule)
{
    const xmlNode *required = first_element(node);
    const xmlNode *first_b = next_element(required);
    if (!read_update(b, required, false, &rule->required) || !read_update(b, first_b, false, &rule->first_patch_tuesday))
        return false;
    if (rule->first_patch_tuesday.revision < rule->required.revision ||
        strcmp(rule->first_patch_tuesday.date, rule->required.date) < 0) {
        acs_load_error(b->errors, line_of(first_b),
                       "rule '%s': the first Patch Tuesday update must not be older than the required one", rule->id);
        return false;
    }
    return true;
}

/* The <later> or <later-security-only> children of a rollup: each after
 * October 2021's month, oldest first, none of them October's own KBs. */
static bool read_later_updates(builder *b, const xmlNode *node, const char *element, acs_os_rule *rule,
                               const acs_update_ref **out, size_t *out_count)
{
    size_t n = count_named(node, element), count = 0;
    acs_update_ref *refs = acs_arena_array(&b->catalog->arena, n ? n : 1, sizeof *refs);
    const xmlNode *child;

    if (!refs)
        return out_of_memory(b, node);
    for (child = first_element(node); child; child = next_element(child)) {
        acs_update_ref *ref = &refs[count];
        if (!named(child, element))
            continue;
        if (!read_update(b, child, true, ref))
            return false;
        /* required.date is "YYYY-MM-DD": its month is the first 7 characters. */
        if (strncmp(ref->date, rule->required.date, 7) <= 0) {
            acs_load_error(b->errors, line_of(child), "rule '%s': <%s> KB%lu (%s) is not after the required %s",
                           rule->id, element, (unsigned long)ref->kb, ref->date, rule->required.date);
            return false;
        }
        if (count && strcmp(ref->date, refs[count - 1].date) < 0) {
            acs_load_error(b->errors, line_of(child), "rule '%s': <%s> updates must be listed oldest first (%s after %s)",
                           rule->id, element, ref->date, refs[count - 1].date);
            return false;
        }
        if (ref->kb == rule->required.kb || ref->kb == rule->security_only.kb) {
            acs_load_error(b->errors, line_of(child), "rule '%s': KB%lu is listed in <%s> and as the October one",
                           rule->id, (unsigned long)ref->kb, element);
            return false;
        }
        count++;
    }
    *out = refs;
    *out_count = count;
    return true;
}

static bool names_later_rollup(const acs_os_rule *rule, uint32_t kb)
{
    for (size_t i = 0; i < rule->later_count; i++)
        if (rule->later[i].kb == kb)
            return true;
    return false;
}

static bool build_rollup(builder *b, const xmlNode *node, acs_os_rule *rule)
{
    const xmlNode *required = first_element(node);
    const xmlNode *security = next_element(required);
    const char *kernel = attr(node, "kernel-min");

    if (!parse_file_version(kernel, rule->kernel_min)) {
        acs_load_error(b->errors, line_of(node), "rule '%s': kernel-min='%s' is not a file version a.b.c.d of 16-bit parts",
                       rule->id, kernel);
        return false;
    }
    if (rule->kernel_min[0] != rule->major || rule->kernel_min[1] != rule->minor) {
        acs_load_error(b->errors, line_of(node), "rule '%s': kernel-min %s is not a %lu.%lu kernel", rule->id, kernel,
                       (unsigned long)rule->major, (unsigned long)rule->minor);
        return false;
    }
    if (!read_update(b, required, false, &rule->required) || !read_update(b, security, false, &rule->security_only))
        return false;
    if (!read_later_updates(b, node, "later", rule, &rule->later, &rule->later_count) ||
        !read_later_updates(b, node, "later-security-only", rule, &rule->later_security_only,
                            &rule->later_security_only_count))
        return false;
    /* A KB is a rollup (cumulative) or a security-only update, never both:
     * the verdict differs. */
    for (size_t i = 0; i < rule->later_security_only_count; i++) {
        if (names_later_rollup(rule, rule->later_security_only[i].kb)) {
            acs_load_error(b->errors, line_of(node), "rule '%s': KB%lu is listed as a later rollup and as a later security-only update",
                           rule->id, (unsigned long)rule->later_security_only[i].kb);
            return false;
        }
    }
    return true;
}

typedef struct family_info {
    const char *name;
    uint32_t major;
    uint32_t minor_max;
    unsigned kinds; /* bit (1u << acs_os_rule_kind) */
} family_info;

static const family_info families[] = {
    {"windows-10", 10, 0, (1u << ACS_RULE_NATIVE) | (1u << ACS_RULE_CUMULATIVE) | (1u << ACS_RULE_NEVER)},
    {"windows-6x", 6, 3, (1u << ACS_RULE_ROLLUP) | (1u << ACS_RULE_NEVER)},
    {"windows-legacy", 5, 2, (1u << ACS_RULE_NEVER)},
};

static const char *kind_element(acs_os_rule_kind kind)
{
    switch (kind) {
    case ACS_RULE_NATIVE: return "native";
    case ACS_RULE_CUMULATIVE: return "cumulative";
    case ACS_RULE_ROLLUP: return "rollup";
    case ACS_RULE_NEVER: return "never";
    }
    return "?";
}

static bool check_family(builder *b, const xmlNode *node, const acs_os_rule *rule)
{
    const char *cursor = attr(node, "family"), *word;
    size_t len = 0, i;
    word = next_word(&cursor, &len);
    for (i = 0; word && i < sizeof families / sizeof families[0]; i++) {
        const family_info *f = &families[i];
        if (strlen(f->name) != len || memcmp(f->name, word, len) != 0)
            continue;
        if (rule->major != f->major || rule->minor > f->minor_max) {
            acs_load_error(b->errors, line_of(node), "rule '%s': Windows %lu.%lu does not belong to family %s", rule->id,
                           (unsigned long)rule->major, (unsigned long)rule->minor, f->name);
            return false;
        }
        if (!(f->kinds & (1u << rule->kind))) {
            acs_load_error(b->errors, line_of(node), "rule '%s': family %s has no <%s> rules", rule->id, f->name,
                           kind_element(rule->kind));
            return false;
        }
        return true;
    }
    acs_load_error(b->errors, line_of(node), "rule '%s': unknown family", rule->id);
    return false;
}

/* Rule ids are unique across the catalog: earlier profiles, then the rules
 * already built in the current one. */
static bool rule_id_taken(const acs_catalog *c, const acs_profile *current, const char *id)
{
    size_t p, r;
    for (p = 0; p < c->profile_count; p++)
        for (r = 0; r < c->profiles[p].rule_count; r++)
            if (strcmp(c->profiles[p].rules[r].id, id) == 0)
                return true;
    for (r = 0; r < current->rule_count; r++)
        if (strcmp(current->rules[r].id, id) == 0)
            return true;
    return false;
}

static bool build_rule(builder *b, const xmlNode *node, acs_os_rule *rule)
{
    acs_catalog *c = b->catalog;
    const xmlNode *kind = first_element(node);
    const xmlNode *child;
    size_t n_prereq = count_named(node, "prerequisite");
    acs_prerequisite *prereqs;

    rule->id = token_dup(b, attr(node, "id"));
    rule->name = text_dup(b, attr(node, "name"));
    if (!rule->id || !rule->name)
        return out_of_memory(b, node);
    if (!read_localized(b, node, "name", rule->name, rule->localized_name))
        return false;
    if (!read_u32(b, node, "major", &rule->major) || !read_u32(b, node, "minor", &rule->minor) ||
        !read_u32(b, node, "build-min", &rule->build_min))
        return false;
    rule->build_max = UINT32_MAX;
    if (has_attr(node, "build-max") && !read_u32(b, node, "build-max", &rule->build_max))
        return false;
    if (rule->build_max < rule->build_min) {
        acs_load_error(b->errors, line_of(node), "rule '%s': build-max %lu is below build-min %lu", rule->id,
                       (unsigned long)rule->build_max, (unsigned long)rule->build_min);
        return false;
    }
    rule->product_mask = product_mask(attr(node, "products"));
    {
        char what[64];
        snprintf(what, sizeof what, "rule '%s'", rule->id);
        if (!resolve_sources(b, node, what, &rule->source))
            return false;
    }

    if (named(kind, "native")) {
        rule->kind = ACS_RULE_NATIVE;
    } else if (named(kind, "cumulative")) {
        rule->kind = ACS_RULE_CUMULATIVE;
    } else if (named(kind, "rollup")) {
        rule->kind = ACS_RULE_ROLLUP;
    } else {
        rule->kind = ACS_RULE_NEVER;
        rule->upgrade_to = text_dup(b, attr(kind, "upgrade"));
        if (!rule->upgrade_to)
            return out_of_memory(b, kind);
        if (!read_localized(b, kind, "upgrade", rule->upgrade_to, rule->localized_upgrade_to))
            return false;
    }
    if (!check_family(b, node, rule))
        return false;
    if (rule->kind == ACS_RULE_CUMULATIVE && !build_cumulative(b, kind, rule))
        return false;
    if (rule->kind == ACS_RULE_ROLLUP && !build_rollup(b, kind, rule))
        return false;

    if (n_prereq > ACS_MAX_RULE_PREREQUISITES) {
        acs_load_error(b->errors, line_of(node), "rule '%s': %lu prerequisites, more than the %d a verdict holds",
                       rule->id, (unsigned long)n_prereq, ACS_MAX_RULE_PREREQUISITES);
        return false;
    }
    prereqs = acs_arena_array(&c->arena, n_prereq ? n_prereq : 1, sizeof *prereqs);
    if (!prereqs)
        return out_of_memory(b, node);
    for (child = next_element(kind); child; child = next_element(child)) {
        const char *ref = token_dup(b, attr(child, "ref"));
        const acs_prerequisite *p;
        size_t i;
        if (!ref)
            return out_of_memory(b, child);
        p = find_prerequisite(c, ref);
        if (!p) {
            acs_load_error(b->errors, line_of(child), "rule '%s' names prerequisite '%s', which is not defined", rule->id,
                           ref);
            return false;
        }
        for (i = 0; i < rule->prerequisite_count; i++) {
            if (prereqs[i].id == p->id) {
                acs_load_error(b->errors, line_of(child), "rule '%s' names prerequisite '%s' twice", rule->id, ref);
                return false;
            }
        }
        prereqs[rule->prerequisite_count++] = *p;
    }
    rule->prerequisites = prereqs;
    return true;
}

static void describe_products(unsigned mask, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s%s", (mask & ACS_PRODUCT_MASK_WORKSTATION) ? "workstation " : "",
             (mask & ACS_PRODUCT_MASK_SERVER) ? "server " : "", (mask & ACS_PRODUCT_MASK_DC) ? "dc " : "");
    if (buf[0])
        buf[strlen(buf) - 1] = '\0';
}

/* Two rules of one list must never both match a machine. */
static bool check_overlaps(builder *b, const xmlNode *node, const acs_profile *profile, size_t index)
{
    const acs_os_rule *rule = &profile->rules[index];
    size_t i;
    for (i = 0; i < index; i++) {
        const acs_os_rule *other = &profile->rules[i];
        char products[40];
        if (other->major != rule->major || other->minor != rule->minor)
            continue;
        if (other->build_max < rule->build_min || rule->build_max < other->build_min)
            continue;
        if (!(other->product_mask & rule->product_mask))
            continue;
        describe_products(other->product_mask & rule->product_mask, products, sizeof products);
        acs_load_error(b->errors, line_of(node),
                       "rule '%s' overlaps rule '%s' in profile '%s': both match Windows %lu.%lu build %lu (%s)",
                       rule->id, other->id, profile->id, (unsigned long)rule->major, (unsigned long)rule->minor,
                       (unsigned long)(rule->build_min > other->build_min ? rule->build_min : other->build_min),
                       products);
        return false;
    }
    return true;
}

/* ---- profiles ------------------------------------------------------------- */

static const acs_profile *find_profile_in(const acs_catalog *c, const char *id)
{
    size_t i;
    for (i = 0; i < c->profile_count; i++)
        if (strcmp(c->profiles[i].id, id) == 0)
            return &c->profiles[i];
    return NULL;
}

static bool build_profile(builder *b, const xmlNode *node, acs_profile *profile)
{
    acs_catalog *c = b->catalog;
    const xmlNode *description = first_element(node);
    const xmlNode *child;
    acs_os_rule *rules;
    size_t n = count_named(node, "os");
    xmlChar *text;

    profile->id = token_dup(b, attr(node, "id"));
    if (!profile->id)
        return out_of_memory(b, node);
    {
        const char *flag = token_dup(b, attr(node, "default"));
        if (!flag)
            return out_of_memory(b, node);
        profile->is_default = strcmp(flag, "true") == 0 || strcmp(flag, "1") == 0;
    }
    text = xmlNodeGetContent(description);
    profile->description = text_dup(b, text ? (const char *)text : "");
    xmlFree(text);
    if (!profile->description)
        return out_of_memory(b, description);
    {
        char what[64];
        snprintf(what, sizeof what, "profile '%s'", profile->id);
        if (!resolve_sources(b, node, what, &profile->source))
            return false;
    }

    rules = acs_arena_array(&c->arena, n ? n : 1, sizeof *rules);
    if (!rules)
        return out_of_memory(b, node);
    profile->rules = rules;
    for (child = next_element(description); child; child = next_element(child)) {
        acs_os_rule *rule = &rules[profile->rule_count];
        if (!build_rule(b, child, rule))
            return false;
        if (rule_id_taken(c, profile, rule->id)) {
            acs_load_error(b->errors, line_of(child), "duplicate rule id '%s'", rule->id);
            return false;
        }
        if (!check_overlaps(b, child, profile, profile->rule_count))
            return false;
        profile->rule_count++;
    }
    return true;
}

static bool build_profiles(builder *b, const xmlNode *list)
{
    acs_catalog *c = b->catalog;
    const xmlNode *node;
    size_t n = count_named(list, "profile"), i;
    long default_line = 0;

    c->profiles = acs_arena_array(&c->arena, n, sizeof *c->profiles);
    b->profile_lines = acs_arena_array(&c->arena, n, sizeof *b->profile_lines);
    b->profile_bases = acs_arena_array(&c->arena, n, sizeof *b->profile_bases);
    if (!c->profiles || !b->profile_lines || !b->profile_bases)
        return out_of_memory(b, list);
    for (node = first_element(list); node; node = next_element(node)) {
        acs_profile *profile = &c->profiles[c->profile_count];
        const acs_profile *twin;
        if (!build_profile(b, node, profile))
            return false;
        c->profile_count++; /* counted before the twin check so rule ids stay visible */
        twin = NULL;
        for (i = 0; i + 1 < c->profile_count; i++)
            if (strcmp(c->profiles[i].id, profile->id) == 0)
                twin = &c->profiles[i];
        if (twin) {
            acs_load_error(b->errors, line_of(node), "duplicate profile id '%s' (first at line %ld)", profile->id,
                           b->profile_lines[twin - c->profiles]);
            return false;
        }
        b->profile_lines[c->profile_count - 1] = line_of(node);
        b->profile_bases[c->profile_count - 1] = has_attr(node, "base") ? token_dup(b, attr(node, "base")) : NULL;
        if (profile->is_default) {
            if (c->default_profile) {
                acs_load_error(b->errors, line_of(node),
                               "profile '%s' is a second default profile ('%s' at line %ld is the first)", profile->id,
                               c->default_profile->id, default_line);
                return false;
            }
            c->default_profile = profile;
            default_line = line_of(node);
        }
    }
    if (!c->default_profile) {
        acs_load_error(b->errors, line_of(list), "no profile has default=\"true\"");
        return false;
    }
    for (i = 0; i < c->profile_count; i++) {
        const char *base = b->profile_bases[i];
        if (!base)
            continue;
        c->profiles[i].base = find_profile_in(c, base);
        if (!c->profiles[i].base) {
            acs_load_error(b->errors, b->profile_lines[i], "profile '%s': base '%s' is not a profile", c->profiles[i].id,
                           base);
            return false;
        }
    }
    for (i = 0; i < c->profile_count; i++) {
        const acs_profile *p = c->profiles[i].base;
        size_t steps = 0;
        while (p && steps <= c->profile_count) {
            if (p == &c->profiles[i]) {
                acs_load_error(b->errors, b->profile_lines[i], "profile '%s': its chain of bases leads back to itself",
                               c->profiles[i].id);
                return false;
            }
            p = p->base;
            steps++;
        }
    }
    return true;
}

/* ---- texts ---------------------------------------------------------------- */

static const char *const placeholders[] = {"os",     "version", "kb",     "kb2",   "have",       "need",
                                           "date",   "date2",   "name",   "why",   "stores",     "kernel",
                                           "needkernel", "upgrade", "root", "state",
                                           "path", "signer", "message", "laterkb"};

/* The placeholders a sentence uses, as a bit set; false on an unknown or
 * unterminated one (described in problem). */
static bool scan_placeholders(const char *text, unsigned *used, char *problem, size_t size)
{
    const char *p = text;
    *used = 0;
    while ((p = strpbrk(p, "{}")) != NULL) {
        const char *end;
        size_t len, i;
        bool known = false;
        if (*p == '}') {
            snprintf(problem, size, "a '}' without '{'");
            return false;
        }
        end = strchr(p, '}');
        if (!end) {
            snprintf(problem, size, "an unterminated placeholder");
            return false;
        }
        len = (size_t)(end - p - 1);
        for (i = 0; i < sizeof placeholders / sizeof placeholders[0]; i++) {
            if (strlen(placeholders[i]) == len && memcmp(placeholders[i], p + 1, len) == 0) {
                *used |= 1u << i;
                known = true;
            }
        }
        if (!known) {
            snprintf(problem, size, "unknown placeholder {%.*s}", (int)(len > 40 ? 40 : len), p + 1);
            return false;
        }
        p = end + 1;
    }
    return true;
}

static int text_index(const char *key)
{
    int i;
    for (i = 0; i < ACS_TEXT_COUNT; i++)
        if (strcmp(acs_text_key((acs_text_id)i), key) == 0)
            return i;
    return -1;
}

static bool build_texts(builder *b, const xmlNode *list)
{
    acs_catalog *c = b->catalog;
    const xmlNode *node;
    long lines[ACS_TEXT_COUNT] = {0};
    int i;

    for (node = first_element(list); node; node = next_element(node)) {
        const char *key = token_dup(b, attr(node, "id"));
        const xmlNode *translation;
        unsigned english = 0;
        int index;
        if (!key)
            return out_of_memory(b, node);
        index = text_index(key);
        if (index < 0) {
            acs_load_error(b->errors, line_of(node), "text id '%s' is not one acsready renders", key);
            return false;
        }
        if (lines[index]) {
            acs_load_error(b->errors, line_of(node), "duplicate text '%s' (first at line %ld)", key, lines[index]);
            return false;
        }
        lines[index] = line_of(node);
        for (translation = first_element(node); translation; translation = next_element(translation)) {
            acs_lang lang;
            xmlChar *content;
            unsigned used = 0;
            char problem[96];
            bool ok;
            if (!acs_lang_parse((const char *)translation->name, &lang)) {
                acs_load_error(b->errors, line_of(translation), "text '%s': unknown language <%s>", key,
                               (const char *)translation->name);
                return false;
            }
            content = xmlNodeGetContent(translation);
            c->texts[lang][index] = text_dup(b, content ? (const char *)content : "");
            xmlFree(content);
            if (!c->texts[lang][index])
                return out_of_memory(b, translation);
            ok = scan_placeholders(c->texts[lang][index], &used, problem, sizeof problem);
            if (!ok) {
                acs_load_error(b->errors, line_of(translation), "text '%s' (%s): %s", key, acs_lang_code(lang), problem);
                return false;
            }
            if (lang == ACS_LANG_EN) {
                english = used;
            } else if (used != english) {
                acs_load_error(b->errors, line_of(translation),
                               "text '%s' (%s) does not use the same placeholders as its English text", key,
                               acs_lang_code(lang));
                return false;
            }
        }
    }
    for (i = 0; i < ACS_TEXT_COUNT; i++) {
        acs_lang lang;
        if (!lines[i]) {
            acs_load_error(b->errors, line_of(list), "text '%s' is missing", acs_text_key((acs_text_id)i));
            return false;
        }
        for (lang = ACS_LANG_EN; lang < ACS_LANG_COUNT; lang = (acs_lang)(lang + 1)) {
            if (!c->texts[lang][i] || !c->texts[lang][i][0]) {
                acs_load_error(b->errors, lines[i], "text '%s' has no %s translation", acs_text_key((acs_text_id)i),
                               acs_lang_code(lang));
                return false;
            }
        }
    }
    return true;
}

/* ---- KB index ------------------------------------------------------------- */

static int compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

typedef struct kb_list {
    uint32_t *kbs; /* NULL while counting */
    size_t count;
} kb_list;

static void add_kb(void *context, uint32_t kb)
{
    kb_list *list = context;
    if (list->kbs)
        list->kbs[list->count] = kb;
    list->count++;
}

/* Every KB a rule of any profile names, sorted and unique; counted in a first
 * pass so the arena holds exactly one array. */
static void list_profile_kbs(const acs_catalog *c, kb_list *list)
{
    for (size_t p = 0; p < c->profile_count; p++)
        for (size_t r = 0; r < c->profiles[p].rule_count; r++)
            acs_rule_for_each_kb(&c->profiles[p].rules[r], add_kb, list);
}

static bool index_kbs(builder *b)
{
    acs_catalog *c = b->catalog;
    kb_list list = { NULL, 0 };
    size_t i, unique;

    list_profile_kbs(c, &list);
    list.kbs = acs_arena_array(&c->arena, list.count ? list.count : 1, sizeof *list.kbs);
    if (!list.kbs)
        return out_of_memory(b, NULL);
    list.count = 0;
    list_profile_kbs(c, &list);
    qsort(list.kbs, list.count, sizeof *list.kbs, compare_u32);
    for (i = 0, unique = 0; i < list.count; i++)
        if (unique == 0 || list.kbs[unique - 1] != list.kbs[i])
            list.kbs[unique++] = list.kbs[i];
    c->relevant_kbs = list.kbs;
    c->relevant_kb_count = unique;
    return true;
}

/* ---- the document --------------------------------------------------------- */

acs_catalog *acs_catalog_build(xmlDocPtr doc, acs_load_errors *errors)
{
    acs_arena arena = {NULL};
    acs_catalog *c;
    builder b;
    const xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *sources, *root_rule, *prerequisites, *profiles, *texts;
    bool ok;

    c = acs_arena_alloc(&arena, sizeof *c);
    if (!c) {
        acs_load_error(errors, 0, "out of memory");
        return NULL;
    }
    c->arena = arena; /* from here on the catalog owns its own arena */
    memset(&b, 0, sizeof b);
    b.catalog = c;
    b.errors = errors;

    /* The schema fixed the order of the top-level elements. */
    sources = first_element(root);
    root_rule = next_element(sources);
    prerequisites = next_element(root_rule);
    profiles = next_element(prerequisites);
    texts = next_element(profiles);

    c->version = token_dup(&b, attr(root, "version"));
    c->published = token_dup(&b, attr(root, "published"));
    ok = c->version && c->published;
    if (!ok)
        out_of_memory(&b, root);
    ok = ok && build_sources(&b, sources);
    ok = ok && build_root(&b, root_rule);
    ok = ok && build_prerequisites(&b, prerequisites);
    ok = ok && build_profiles(&b, profiles);
    ok = ok && build_texts(&b, texts);
    ok = ok && index_kbs(&b);
    if (!ok || errors->count) {
        if (errors->count == 0)
            acs_load_error(errors, 0, "the catalog could not be built");
        acs_catalog_free(c);
        return NULL;
    }
    return c;
}
