/* A strict reader for the subset of MOF that WMI class and provider
 * registration files use: pragmas, qualifier lists with flavors, class
 * declarations (properties, arrays, references, defaults; methods are read and
 * dropped) and `instance of` blocks. */
#include "mof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum token_kind { T_EOF, T_IDENT, T_STRING, T_NUMBER, T_CHAR, T_ALIAS, T_PUNCT } token_kind;

typedef enum value_kind { V_STRING, V_NUMBER, V_CHAR, V_BOOL, V_NULL, V_ARRAY, V_ALIAS } value_kind;

typedef struct qualifiers {
    int key;
    int singleton;
    int dynamic;
    int amendment;
    char *provider;
} qualifiers;

typedef struct parser {
    mof_schema *schema;
    const char *file;
    const char *pos;
    int line;
    token_kind kind;
    char punct;
    strbuf text;
    int token_line;
    char *namespace_path;
    char *error;
    size_t error_size;
    int failed;
} parser;

static char *dup_string(const char *text)
{
    size_t len = strlen(text) + 1;
    char *copy = malloc(len);
    if (copy)
        memcpy(copy, text, len);
    return copy;
}

static void fail(parser *p, const char *fmt, ...)
{
    char message[400];
    va_list args;

    if (p->failed)
        return;
    va_start(args, fmt);
    vsnprintf(message, sizeof(message), fmt, args);
    va_end(args);
    snprintf(p->error, p->error_size, "%s:%d: %s", p->file, p->token_line, message);
    p->failed = 1;
}

static int is_ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (unsigned char)c >= 0x80;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void put_utf8(strbuf *buf, unsigned int code)
{
    char bytes[4];
    size_t len;

    if (code < 0x80) {
        bytes[0] = (char)code; len = 1;
    } else if (code < 0x800) {
        bytes[0] = (char)(0xC0 | (code >> 6)); bytes[1] = (char)(0x80 | (code & 0x3F)); len = 2;
    } else {
        bytes[0] = (char)(0xE0 | (code >> 12)); bytes[1] = (char)(0x80 | ((code >> 6) & 0x3F));
        bytes[2] = (char)(0x80 | (code & 0x3F)); len = 3;
    }
    strbuf_append(buf, bytes, len);
}

static void skip_space_and_comments(parser *p)
{
    for (;;) {
        char c = *p->pos;
        if (c == '\n') {
            p->line++;
            p->pos++;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            p->pos++;
        } else if (c == '/' && p->pos[1] == '/') {
            while (*p->pos && *p->pos != '\n')
                p->pos++;
        } else if (c == '/' && p->pos[1] == '*') {
            int start = p->line;
            p->pos += 2;
            while (*p->pos && !(p->pos[0] == '*' && p->pos[1] == '/')) {
                if (*p->pos == '\n')
                    p->line++;
                p->pos++;
            }
            if (!*p->pos) {
                p->token_line = start;
                fail(p, "unterminated comment");
                return;
            }
            p->pos += 2;
        } else {
            return;
        }
    }
}

/* Reads a quoted literal (string or char) with MOF escapes into p->text. */
static void lex_quoted(parser *p, char quote)
{
    p->pos++;
    while (*p->pos != quote) {
        char c = *p->pos;
        if (!c || c == '\n') {
            fail(p, "unterminated %s literal", quote == '"' ? "string" : "char");
            return;
        }
        if (c == '\\') {
            char e = p->pos[1];
            p->pos += 2;
            switch (e) {
            case 'b': strbuf_append(&p->text, "\b", 1); break;
            case 't': strbuf_append(&p->text, "\t", 1); break;
            case 'n': strbuf_append(&p->text, "\n", 1); break;
            case 'f': strbuf_append(&p->text, "\f", 1); break;
            case 'r': strbuf_append(&p->text, "\r", 1); break;
            case '"': strbuf_append(&p->text, "\"", 1); break;
            case '\'': strbuf_append(&p->text, "'", 1); break;
            case '\\': strbuf_append(&p->text, "\\", 1); break;
            case 'x': case 'X': {
                unsigned int code = 0;
                int digits = 0, v;
                while (digits < 4 && (v = hex_value(*p->pos)) >= 0) {
                    code = code * 16 + (unsigned int)v;
                    p->pos++;
                    digits++;
                }
                if (!digits) {
                    fail(p, "\\x escape without hex digits");
                    return;
                }
                put_utf8(&p->text, code);
                break;
            }
            default:
                fail(p, "unknown escape \\%c", e ? e : '0');
                return;
            }
        } else {
            strbuf_append(&p->text, p->pos, 1);
            p->pos++;
        }
    }
    p->pos++;
}

static void next(parser *p)
{
    char c;

    p->text.len = 0;
    strbuf_append(&p->text, "", 0);
    skip_space_and_comments(p);
    p->token_line = p->line;
    if (p->failed) {
        p->kind = T_EOF;
        return;
    }
    c = *p->pos;
    if (!c) {
        p->kind = T_EOF;
    } else if (is_ident_start(c)) {
        const char *start = p->pos;
        while (is_ident_start(*p->pos) || is_digit(*p->pos))
            p->pos++;
        strbuf_append(&p->text, start, (size_t)(p->pos - start));
        p->kind = T_IDENT;
    } else if (is_digit(c) || ((c == '-' || c == '+' || c == '.') && is_digit(p->pos[1]))) {
        const char *start = p->pos;
        p->pos++;
        while (is_digit(*p->pos) || *p->pos == '.' || *p->pos == 'x' || *p->pos == 'X' ||
               hex_value(*p->pos) >= 0 ||
               ((*p->pos == '-' || *p->pos == '+') && (p->pos[-1] == 'e' || p->pos[-1] == 'E')))
            p->pos++;
        strbuf_append(&p->text, start, (size_t)(p->pos - start));
        p->kind = T_NUMBER;
    } else if (c == '"') {
        p->kind = T_STRING;
        lex_quoted(p, '"');
    } else if (c == '\'') {
        p->kind = T_CHAR;
        lex_quoted(p, '\'');
    } else if (c == '$' && is_ident_start(p->pos[1])) {
        const char *start = ++p->pos;
        while (is_ident_start(*p->pos) || is_digit(*p->pos))
            p->pos++;
        strbuf_append(&p->text, start, (size_t)(p->pos - start));
        p->kind = T_ALIAS;
    } else if (strchr("[](){};:,=#", c)) {
        p->kind = T_PUNCT;
        p->punct = c;
        strbuf_append(&p->text, p->pos, 1);
        p->pos++;
    } else {
        fail(p, "unexpected character '%c'", c);
        p->kind = T_EOF;
    }
}

static int at_punct(const parser *p, char c)
{
    return p->kind == T_PUNCT && p->punct == c;
}

static int at_word(const parser *p, const char *word)
{
    return p->kind == T_IDENT && !_stricmp(p->text.data, word);
}

static const char *token_desc(const parser *p)
{
    static const char *const names[] = { "end of file", "identifier", "string", "number", "char", "alias", "punctuation" };
    return names[p->kind];
}

static void expect_punct(parser *p, char c, const char *where)
{
    if (p->failed)
        return;
    if (!at_punct(p, c)) {
        fail(p, "expected '%c' %s, found %s '%s'", c, where, token_desc(p), p->text.data);
        return;
    }
    next(p);
}

/* value := string+ | number | char | true | false | null | $alias | { value, ... }
 * The first string (concatenated) is left in out when out is not NULL. */
static value_kind parse_value(parser *p, strbuf *out)
{
    value_kind kind = V_NULL;

    if (p->kind == T_STRING) {
        kind = V_STRING;
        while (p->kind == T_STRING && !p->failed) {
            if (out)
                strbuf_append(out, p->text.data, p->text.len);
            next(p);
        }
    } else if (p->kind == T_NUMBER) {
        kind = V_NUMBER;
        if (out)
            strbuf_append(out, p->text.data, p->text.len);
        next(p);
    } else if (p->kind == T_CHAR) {
        kind = V_CHAR;
        next(p);
    } else if (p->kind == T_ALIAS) {
        kind = V_ALIAS;
        if (out)
            strbuf_append(out, p->text.data, p->text.len);
        next(p);
    } else if (at_word(p, "true") || at_word(p, "false")) {
        kind = V_BOOL;
        if (out)
            strbuf_append(out, p->text.data, p->text.len);
        next(p);
    } else if (at_word(p, "null")) {
        next(p);
    } else if (at_punct(p, '{')) {
        kind = V_ARRAY;
        next(p);
        if (!at_punct(p, '}')) {
            for (;;) {
                parse_value(p, NULL);
                if (p->failed || !at_punct(p, ','))
                    break;
                next(p);
            }
        }
        expect_punct(p, '}', "to close the array value");
    } else if (at_word(p, "instance")) {
        fail(p, "embedded instances are not supported by the stand-in");
    } else {
        fail(p, "expected a value, found %s '%s'", token_desc(p), p->text.data);
    }
    return kind;
}

static int is_flavor(const char *word)
{
    static const char *const flavors[] = { "ToInstance", "ToSubclass", "Restricted", "DisableOverride", "EnableOverride",
                                           "Amended", "Translatable", "NotToInstance", "NotToSubclass" };
    size_t i;
    for (i = 0; i < sizeof(flavors) / sizeof(flavors[0]); i++)
        if (!_stricmp(word, flavors[i]))
            return 1;
    return 0;
}

/* [name(value):flavor flavor, ...] */
static void parse_qualifiers(parser *p, qualifiers *q)
{
    strbuf name, value;

    memset(q, 0, sizeof(*q));
    if (!at_punct(p, '['))
        return;
    strbuf_init(&name);
    strbuf_init(&value);
    next(p);
    for (;;) {
        value_kind kind = V_BOOL;
        int has_value = 0;

        if (p->kind != T_IDENT) {
            fail(p, "expected a qualifier name");
            break;
        }
        name.len = 0;
        strbuf_append(&name, p->text.data, p->text.len);
        next(p);
        value.len = 0;
        strbuf_append(&value, "", 0);
        if (at_punct(p, '(')) {
            next(p);
            kind = parse_value(p, &value);
            has_value = 1;
            expect_punct(p, ')', "after the qualifier value");
        } else if (at_punct(p, '{')) {
            kind = parse_value(p, &value);
            has_value = 1;
        }
        if (p->failed)
            break;
        if (at_punct(p, ':')) {
            next(p);
            while (p->kind == T_IDENT && !p->failed) {
                if (!is_flavor(p->text.data)) {
                    fail(p, "unknown qualifier flavor '%s'", p->text.data);
                    break;
                }
                next(p);
            }
        }
        {
            int enabled = !has_value || (kind == V_BOOL && !_stricmp(value.data, "true"));
            if (!_stricmp(name.data, "key"))
                q->key = enabled;
            else if (!_stricmp(name.data, "singleton"))
                q->singleton = enabled;
            else if (!_stricmp(name.data, "dynamic"))
                q->dynamic = enabled;
            else if (!_stricmp(name.data, "amendment"))
                q->amendment = enabled;
            else if (!_stricmp(name.data, "provider")) {
                if (kind != V_STRING) {
                    fail(p, "provider qualifier needs a string value");
                    break;
                }
                free(q->provider);
                q->provider = dup_string(value.data);
            }
        }
        if (at_punct(p, ',')) {
            next(p);
            continue;
        }
        expect_punct(p, ']', "to close the qualifier list");
        break;
    }
    strbuf_free(&name);
    strbuf_free(&value);
}

static CIMTYPE type_from_name(const char *name)
{
    static const struct { const char *name; CIMTYPE type; } types[] = {
        { "string", CIM_STRING }, { "boolean", CIM_BOOLEAN }, { "datetime", CIM_DATETIME },
        { "uint8", CIM_UINT8 }, { "sint8", CIM_SINT8 }, { "uint16", CIM_UINT16 }, { "sint16", CIM_SINT16 },
        { "uint32", CIM_UINT32 }, { "sint32", CIM_SINT32 }, { "uint64", CIM_UINT64 }, { "sint64", CIM_SINT64 },
        { "real32", CIM_REAL32 }, { "real64", CIM_REAL64 }, { "char16", CIM_CHAR16 }, { "object", CIM_OBJECT },
    };
    size_t i;
    for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (!_stricmp(name, types[i].name))
            return types[i].type;
    return CIM_EMPTY;
}

const char *mof_type_name(CIMTYPE type)
{
    switch (type) {
    case CIM_STRING: return "string";
    case CIM_BOOLEAN: return "boolean";
    case CIM_DATETIME: return "datetime";
    case CIM_UINT8: return "uint8";
    case CIM_SINT8: return "sint8";
    case CIM_UINT16: return "uint16";
    case CIM_SINT16: return "sint16";
    case CIM_UINT32: return "uint32";
    case CIM_SINT32: return "sint32";
    case CIM_UINT64: return "uint64";
    case CIM_SINT64: return "sint64";
    case CIM_REAL32: return "real32";
    case CIM_REAL64: return "real64";
    case CIM_CHAR16: return "char16";
    case CIM_OBJECT: return "object";
    case CIM_REFERENCE: return "ref";
    case CIM_STRING | CIM_FLAG_ARRAY: return "string[]";
    case CIM_BOOLEAN | CIM_FLAG_ARRAY: return "boolean[]";
    case CIM_DATETIME | CIM_FLAG_ARRAY: return "datetime[]";
    case CIM_UINT8 | CIM_FLAG_ARRAY: return "uint8[]";
    case CIM_UINT16 | CIM_FLAG_ARRAY: return "uint16[]";
    case CIM_UINT32 | CIM_FLAG_ARRAY: return "uint32[]";
    case CIM_SINT32 | CIM_FLAG_ARRAY: return "sint32[]";
    case CIM_UINT64 | CIM_FLAG_ARRAY: return "uint64[]";
    case CIM_SINT64 | CIM_FLAG_ARRAY: return "sint64[]";
    }
    return (type & CIM_FLAG_ARRAY) ? "array" : "?";
}

static int push_property(mof_class *cls, const char *name, CIMTYPE type, int is_key)
{
    mof_property *grown = realloc(cls->props, (cls->prop_count + 1) * sizeof(*grown));
    if (!grown)
        return -1;
    cls->props = grown;
    grown[cls->prop_count].name = dup_string(name);
    grown[cls->prop_count].wname = wide_from_utf8(name);
    grown[cls->prop_count].type = type;
    grown[cls->prop_count].is_key = is_key;
    if (!grown[cls->prop_count].name || !grown[cls->prop_count].wname)
        return -1;
    cls->prop_count++;
    return 0;
}

static int find_property_utf8(const mof_class *cls, const char *name)
{
    size_t i;
    for (i = 0; i < cls->prop_count; i++)
        if (!_stricmp(cls->props[i].name, name))
            return (int)i;
    return -1;
}

static const mof_class *find_class_utf8(const mof_schema *schema, const char *namespace_path, const char *name)
{
    size_t i;
    for (i = 0; i < schema->class_count; i++)
        if (!_stricmp(schema->classes[i].name, name) && !_stricmp(schema->classes[i].namespace_path, namespace_path))
            return &schema->classes[i];
    return NULL;
}

/* Skips a method's parameter list; its parameters are not the stand-in's business. */
static void skip_parameters(parser *p)
{
    int depth = 0;
    do {
        if (at_punct(p, '('))
            depth++;
        else if (at_punct(p, ')'))
            depth--;
        else if (p->kind == T_EOF) {
            fail(p, "unterminated method parameter list");
            return;
        }
        next(p);
    } while (depth > 0 && !p->failed);
}

/* type [ref] name [ '[' [n] ']' ] [= value] ;   or a method: type name(...) ; */
static void parse_property(parser *p, mof_class *cls, const qualifiers *q)
{
    CIMTYPE type;
    strbuf name;
    int name_line;

    if (p->kind != T_IDENT) {
        fail(p, "expected a property type");
        return;
    }
    type = type_from_name(p->text.data);
    strbuf_init(&name);
    strbuf_append(&name, p->text.data, p->text.len);
    next(p);
    if (at_word(p, "ref")) {
        type = CIM_REFERENCE;
        next(p);
    } else if (type == CIM_EMPTY) {
        fail(p, "unknown type '%s'", name.data);
        goto done;
    }
    if (p->kind != T_IDENT) {
        fail(p, "expected a property name after '%s'", mof_type_name(type));
        goto done;
    }
    name.len = 0;
    strbuf_append(&name, p->text.data, p->text.len);
    name_line = p->token_line;
    next(p);
    if (at_punct(p, '(')) {
        skip_parameters(p);
        expect_punct(p, ';', "after the method declaration");
        goto done;
    }
    if (at_punct(p, '[')) {
        next(p);
        if (p->kind == T_NUMBER)
            next(p);
        expect_punct(p, ']', "to close the array declaration");
        type |= CIM_FLAG_ARRAY;
    }
    if (at_punct(p, '=')) {
        next(p);
        parse_value(p, NULL);
    }
    expect_punct(p, ';', "after the property declaration");
    if (p->failed)
        goto done;
    p->token_line = name_line;
    if (find_property_utf8(cls, name.data) >= 0) {
        fail(p, "property '%s' declared twice in class %s", name.data, cls->name);
        goto done;
    }
    if (q->key && (type & CIM_FLAG_ARRAY)) {
        fail(p, "key property '%s' cannot be an array", name.data);
        goto done;
    }
    if (push_property(cls, name.data, type, q->key))
        fail(p, "out of memory");
done:
    strbuf_free(&name);
}

static void free_class(mof_class *cls)
{
    size_t j;

    for (j = 0; j < cls->prop_count; j++) {
        free(cls->props[j].name);
        free(cls->props[j].wname);
    }
    free(cls->props);
    free(cls->name);
    free(cls->wname);
    free(cls->superclass);
    free(cls->namespace_path);
    free(cls->provider);
    free(cls->file);
}

static void check_amendment(parser *p, const mof_class *cls)
{
    char *parent = dup_string(cls->namespace_path);
    char *cut;
    const mof_class *base;
    size_t i;

    if (!parent)
        return;
    cut = strrchr(parent, '\\');
    base = cut ? (*cut = '\0', find_class_utf8(p->schema, parent, cls->name)) : NULL;
    if (!base)
        base = find_class_utf8(p->schema, cls->namespace_path, cls->name);
    if (!base || base == cls) {
        fail(p, "amendment of class %s, which no earlier MOF declares", cls->name);
        goto done;
    }
    for (i = 0; i < cls->prop_count; i++) {
        int at = find_property_utf8(base, cls->props[i].name);
        if (at < 0) {
            fail(p, "amendment of %s names property %s, which the class lacks", cls->name, cls->props[i].name);
            goto done;
        }
        if (base->props[at].type != cls->props[i].type) {
            fail(p, "amendment of %s declares %s as %s, the class as %s", cls->name, cls->props[i].name,
                 mof_type_name(cls->props[i].type), mof_type_name(base->props[at].type));
            goto done;
        }
    }
done:
    free(parent);
}

static void parse_class(parser *p, qualifiers *q, int line)
{
    mof_class cls;
    memset(&cls, 0, sizeof(cls));

    next(p);
    if (p->kind != T_IDENT) {
        fail(p, "expected a class name");
        goto fail;
    }
    cls.name = dup_string(p->text.data);
    cls.wname = wide_from_utf8(p->text.data);
    cls.namespace_path = dup_string(p->namespace_path);
    cls.file = dup_string(p->file);
    cls.line = line;
    cls.is_singleton = q->singleton;
    cls.is_dynamic = q->dynamic;
    cls.is_amendment = q->amendment;
    cls.provider = q->provider;
    q->provider = NULL;
    next(p);
    if (at_punct(p, ':')) {
        const mof_class *super;
        size_t i;
        next(p);
        if (p->kind != T_IDENT) {
            fail(p, "expected a superclass name");
            goto fail;
        }
        super = find_class_utf8(p->schema, cls.namespace_path, p->text.data);
        if (!super) {
            fail(p, "superclass %s is not declared in %s", p->text.data, cls.namespace_path);
            goto fail;
        }
        cls.superclass = dup_string(super->name);
        for (i = 0; i < super->prop_count; i++)
            if (push_property(&cls, super->props[i].name, super->props[i].type, super->props[i].is_key))
                goto fail;
        next(p);
    }
    expect_punct(p, '{', "to open the class body");
    while (!p->failed && !at_punct(p, '}')) {
        qualifiers pq;
        if (p->kind == T_EOF) {
            fail(p, "class %s is not closed", cls.name);
            break;
        }
        parse_qualifiers(p, &pq);
        free(pq.provider);
        parse_property(p, &cls, &pq);
    }
    expect_punct(p, '}', "to close the class body");
    expect_punct(p, ';', "after the class declaration");
    if (p->failed)
        goto fail;
    if (!cls.is_amendment && find_class_utf8(p->schema, cls.namespace_path, cls.name)) {
        p->token_line = line;
        fail(p, "class %s declared twice in %s", cls.name, cls.namespace_path);
        goto fail;
    }
    {
        mof_class *grown = realloc(p->schema->classes, (p->schema->class_count + 1) * sizeof(*grown));
        if (!grown)
            goto fail;
        p->schema->classes = grown;
        grown[p->schema->class_count++] = cls;
        if (cls.is_amendment) {
            p->token_line = line;
            check_amendment(p, &grown[p->schema->class_count - 1]);
        }
    }
    return;
fail:
    free_class(&cls);
}

/* instance of Class [as $alias] { [qualifiers] Name = value; ... }; */
static void parse_instance(parser *p)
{
    int is_provider;
    char *provider_name = NULL, *provider_clsid = NULL;
    strbuf value;

    strbuf_init(&value);
    next(p);
    if (!at_word(p, "of")) {
        fail(p, "expected 'of' after 'instance'");
        goto done;
    }
    next(p);
    if (p->kind != T_IDENT) {
        fail(p, "expected a class name after 'instance of'");
        goto done;
    }
    is_provider = !_stricmp(p->text.data, "__Win32Provider");
    next(p);
    if (at_word(p, "as")) {
        next(p);
        if (p->kind != T_ALIAS) {
            fail(p, "expected $alias after 'as'");
            goto done;
        }
        next(p);
    }
    expect_punct(p, '{', "to open the instance body");
    while (!p->failed && !at_punct(p, '}')) {
        qualifiers q;
        char name[128];
        value_kind kind;

        parse_qualifiers(p, &q);
        free(q.provider);
        if (p->kind != T_IDENT) {
            fail(p, "expected a property name in the instance body");
            break;
        }
        snprintf(name, sizeof(name), "%s", p->text.data);
        next(p);
        expect_punct(p, '=', "after the property name");
        value.len = 0;
        strbuf_append(&value, "", 0);
        kind = parse_value(p, &value);
        expect_punct(p, ';', "after the property value");
        if (is_provider && kind == V_STRING && !_stricmp(name, "Name")) {
            free(provider_name);
            provider_name = dup_string(value.data);
        } else if (is_provider && kind == V_STRING && !_stricmp(name, "CLSID")) {
            free(provider_clsid);
            provider_clsid = dup_string(value.data);
        }
    }
    expect_punct(p, '}', "to close the instance body");
    expect_punct(p, ';', "after the instance");
    if (p->failed)
        goto done;
    p->schema->instance_count++;
    if (is_provider) {
        mof_provider *grown;
        if (!provider_name || !provider_clsid) {
            fail(p, "__Win32Provider instance without Name or CLSID");
            goto done;
        }
        grown = realloc(p->schema->providers, (p->schema->provider_count + 1) * sizeof(*grown));
        if (!grown)
            goto done;
        p->schema->providers = grown;
        grown[p->schema->provider_count].name = provider_name;
        grown[p->schema->provider_count].clsid = provider_clsid;
        grown[p->schema->provider_count].namespace_path = dup_string(p->namespace_path);
        p->schema->provider_count++;
        provider_name = provider_clsid = NULL;
    }
done:
    free(provider_name);
    free(provider_clsid);
    strbuf_free(&value);
}

/* "\\.\root\X" and "//./root/X" are absolute; anything else is below the current namespace. */
static void set_namespace(parser *p, const char *path)
{
    strbuf ns;
    const char *rest = path;
    char *c;

    strbuf_init(&ns);
    if ((rest[0] == '\\' || rest[0] == '/') && (rest[1] == '\\' || rest[1] == '/')) {
        rest += 2;
        while (*rest && *rest != '\\' && *rest != '/')
            rest++;
        if (*rest)
            rest++;
        strbuf_puts(&ns, rest);
    } else if (!_strnicmp(rest, "root", 4) && (!rest[4] || rest[4] == '\\' || rest[4] == '/')) {
        strbuf_puts(&ns, rest);
    } else {
        strbuf_puts(&ns, p->namespace_path);
        strbuf_puts(&ns, "\\");
        strbuf_puts(&ns, rest);
    }
    for (c = ns.data; *c; c++)
        if (*c == '/')
            *c = '\\';
    free(p->namespace_path);
    p->namespace_path = ns.data;
}

static void parse_pragma(parser *p)
{
    static const char *const known[] = { "namespace", "autorecover", "classflags", "deleteclass", "deleteinstance",
                                         "locale", "instancelocale", "namespacesecurity", "amendment" };
    strbuf argument;
    size_t i;
    int is_known = 0;

    strbuf_init(&argument);
    next(p);
    if (!at_word(p, "pragma")) {
        fail(p, "expected 'pragma' after '#'");
        goto done;
    }
    next(p);
    if (p->kind != T_IDENT) {
        fail(p, "expected a pragma name");
        goto done;
    }
    for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (!_stricmp(p->text.data, known[i]))
            is_known = 1;
    if (!is_known) {
        fail(p, "pragma '%s' is not supported by the stand-in", p->text.data);
        goto done;
    }
    if (at_word(p, "namespace")) {
        next(p);
        expect_punct(p, '(', "after #pragma namespace");
        if (p->kind != T_STRING) {
            fail(p, "#pragma namespace needs a string");
            goto done;
        }
        parse_value(p, &argument);
        expect_punct(p, ')', "after the namespace");
        if (!p->failed)
            set_namespace(p, argument.data);
        goto done;
    }
    next(p);
    if (at_punct(p, '(')) {
        next(p);
        while (!p->failed && !at_punct(p, ')')) {
            if (p->kind == T_IDENT || p->kind == T_NUMBER || p->kind == T_STRING)
                next(p);
            else if (at_punct(p, ','))
                next(p);
            else
                fail(p, "unexpected %s in pragma arguments", token_desc(p));
        }
        expect_punct(p, ')', "after the pragma arguments");
    }
done:
    strbuf_free(&argument);
}

int mof_parse_text(mof_schema *schema, const char *file, const char *text, char *error, size_t error_size)
{
    parser p;

    memset(&p, 0, sizeof(p));
    p.schema = schema;
    p.file = file;
    p.pos = text;
    p.line = 1;
    p.error = error;
    p.error_size = error_size;
    p.namespace_path = dup_string("root\\default");
    strbuf_init(&p.text);
    if (!strncmp(p.pos, "\xEF\xBB\xBF", 3))
        p.pos += 3;
    next(&p);
    while (!p.failed && p.kind != T_EOF) {
        qualifiers q;
        int line;

        if (at_punct(&p, '#')) {
            parse_pragma(&p);
            continue;
        }
        line = p.token_line;
        parse_qualifiers(&p, &q);
        if (at_word(&p, "class"))
            parse_class(&p, &q, line);
        else if (at_word(&p, "instance"))
            parse_instance(&p);
        else if (!p.failed)
            fail(&p, "expected 'class', 'instance of' or '#pragma', found %s '%s'", token_desc(&p),
                 p.text.data);
        free(q.provider);
    }
    strbuf_free(&p.text);
    free(p.namespace_path);
    return p.failed ? -1 : 0;
}

/* mofcomp reads UTF-8 and UTF-16LE with a BOM; so does the stand-in. */
int mof_parse_file(mof_schema *schema, const char *path, char *error, size_t error_size)
{
    FILE *f = fopen(path, "rb");
    strbuf raw;
    char chunk[4096];
    size_t got;
    int result = -1;

    strbuf_init(&raw);
    if (!f) {
        snprintf(error, error_size, "%s: cannot open", path);
        return -1;
    }
    while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
        strbuf_append(&raw, chunk, got);
    fclose(f);
    strbuf_append(&raw, "\0", 1);
    if (raw.len >= 2 && (unsigned char)raw.data[0] == 0xFF && (unsigned char)raw.data[1] == 0xFE) {
        strbuf utf8;
        size_t chars = (raw.len - 2) / 2;
        WCHAR *wide = malloc((chars + 1) * sizeof(WCHAR));
        if (!wide)
            goto done;
        memcpy(wide, raw.data + 2, chars * sizeof(WCHAR));
        wide[chars] = 0;
        strbuf_init(&utf8);
        strbuf_put_wide(&utf8, wide, wcslen(wide));
        strbuf_append(&utf8, "", 0);
        free(wide);
        result = mof_parse_text(schema, path, utf8.data, error, error_size);
        strbuf_free(&utf8);
    } else if (memchr(raw.data, '\0', raw.len - 1)) {
        snprintf(error, error_size, "%s:1: NUL byte in a file without a UTF-16 byte order mark", path);
    } else {
        result = mof_parse_text(schema, path, raw.data, error, error_size);
    }
done:
    strbuf_free(&raw);
    return result;
}

void mof_schema_free(mof_schema *schema)
{
    size_t i;

    for (i = 0; i < schema->class_count; i++)
        free_class(&schema->classes[i]);
    for (i = 0; i < schema->provider_count; i++) {
        free(schema->providers[i].name);
        free(schema->providers[i].clsid);
        free(schema->providers[i].namespace_path);
    }
    free(schema->classes);
    free(schema->providers);
    memset(schema, 0, sizeof(*schema));
}

const mof_class *mof_find_class(const mof_schema *schema, const char *namespace_path, const WCHAR *name)
{
    size_t i;
    for (i = 0; i < schema->class_count; i++)
        if (!schema->classes[i].is_amendment && !_wcsicmp(schema->classes[i].wname, name) &&
            !_stricmp(schema->classes[i].namespace_path, namespace_path))
            return &schema->classes[i];
    return NULL;
}

int mof_find_property(const mof_class *cls, const WCHAR *name)
{
    size_t i;
    for (i = 0; i < cls->prop_count; i++)
        if (!_wcsicmp(cls->props[i].wname, name))
            return (int)i;
    return -1;
}

const mof_provider *mof_find_provider(const mof_schema *schema, const char *name)
{
    size_t i;
    for (i = 0; i < schema->provider_count; i++)
        if (!_stricmp(schema->providers[i].name, name))
            return &schema->providers[i];
    return NULL;
}
