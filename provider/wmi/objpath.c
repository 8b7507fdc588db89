/* WMI object path parser: see objpath.h for the grammar. A cursor walks the
 * input once; every read is checked against the end, so a path of any length
 * (or a hostile one) is parsed without a fixed buffer. */
#include "wmi/objpath.h"

#include <string.h>

typedef struct cursor {
    const char *at;
    const char *end;
} cursor;

static bool at_end(const cursor *c)
{
    return c->at >= c->end;
}

static char peek(const cursor *c)
{
    return at_end(c) ? '\0' : *c->at;
}

static void skip_blanks(cursor *c)
{
    while (!at_end(c) && (*c->at == ' ' || *c->at == '\t'))
        c->at++;
}

static bool is_alpha(char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '_';
}

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static bool is_separator(char ch)
{
    return ch == '\\' || ch == '/';
}

static char fold(char ch)
{
    return (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
}

/* Class, property and namespace names: a letter or underscore, then letters,
 * digits and underscores. */
static bool take_identifier(cursor *c, acs_span *out)
{
    const char *start = c->at;
    if (at_end(c) || !is_alpha(*c->at))
        return false;
    while (!at_end(c) && (is_alpha(*c->at) || is_digit(*c->at)))
        c->at++;
    out->text = start;
    out->length = (size_t)(c->at - start);
    return true;
}

/* Machine names are looser than identifiers: "." for this machine, DNS names
 * with dots and hyphens, NetBIOS names. Anything up to the next separator. */
static bool take_machine(cursor *c, acs_span *out)
{
    const char *start = c->at;
    while (!at_end(c) && !is_separator(*c->at) && *c->at != ':' && *c->at != '"' && *c->at != '\'')
        c->at++;
    out->text = start;
    out->length = (size_t)(c->at - start);
    return out->length > 0;
}

/* root\AcsReadiness: identifiers joined by single separators. */
static bool valid_namespace(acs_span ns)
{
    cursor c = { ns.text, ns.text + ns.length };
    acs_span segment;
    for (;;) {
        if (!take_identifier(&c, &segment))
            return false;
        if (at_end(&c))
            return true;
        if (!is_separator(*c.at))
            return false;
        c.at++;
    }
}

/* Where the namespace ends: the first ':' met before anything that can only
 * belong to the object part. A ':' inside a quoted key ("C:") is not it. */
static const char *find_namespace_colon(const cursor *c)
{
    const char *p;
    for (p = c->at; p < c->end; p++) {
        if (*p == ':')
            return p;
        if (*p == '.' || *p == '=' || *p == '"' || *p == '\'')
            return NULL;
    }
    return NULL;
}

static bool take_quoted(cursor *c, acs_span *out)
{
    char quote = *c->at++;
    const char *start = c->at;
    while (!at_end(c)) {
        if (*c->at == '\\') {
            c->at++;
            if (at_end(c))
                return false; /* a dangling escape */
            c->at++;
            continue;
        }
        if (*c->at == quote) {
            out->text = start;
            out->length = (size_t)(c->at - start);
            c->at++;
            return true;
        }
        c->at++;
    }
    return false; /* unterminated */
}

static bool take_word(cursor *c, const char *word)
{
    size_t i, n = strlen(word);
    if ((size_t)(c->end - c->at) < n)
        return false;
    for (i = 0; i < n; i++)
        if (fold(c->at[i]) != word[i])
            return false;
    /* TRUEX is not TRUE */
    if ((size_t)(c->end - c->at) > n && (is_alpha(c->at[n]) || is_digit(c->at[n])))
        return false;
    c->at += n;
    return true;
}

static bool take_constant(cursor *c, acs_objpath_key *key)
{
    const char *start = c->at;
    char ch = peek(c);

    if (ch == '"' || ch == '\'') {
        key->kind = ACS_OBJPATH_STRING;
        return take_quoted(c, &key->value);
    }
    if (take_word(c, "true") || take_word(c, "false")) {
        key->kind = ACS_OBJPATH_BOOLEAN;
        key->value.text = start;
        key->value.length = (size_t)(c->at - start);
        return true;
    }
    if (ch == '-' || ch == '+')
        c->at++;
    if (!is_digit(peek(c)))
        return false;
    while (is_digit(peek(c)))
        c->at++;
    key->kind = ACS_OBJPATH_INTEGER;
    key->value.text = start;
    key->value.length = (size_t)(c->at - start);
    return true;
}

static acs_objpath_status parse_keys(cursor *c, acs_objpath *out)
{
    for (;;) {
        acs_objpath_key *key;
        if (out->key_count == ACS_OBJPATH_MAX_KEYS)
            return ACS_OBJPATH_TOO_MANY_KEYS;
        key = &out->keys[out->key_count];
        skip_blanks(c);
        if (!take_identifier(c, &key->name))
            return ACS_OBJPATH_BAD_SYNTAX;
        skip_blanks(c);
        if (peek(c) != '=')
            return ACS_OBJPATH_BAD_SYNTAX;
        c->at++;
        skip_blanks(c);
        if (!take_constant(c, key))
            return ACS_OBJPATH_BAD_SYNTAX;
        out->key_count++;
        skip_blanks(c);
        if (at_end(c))
            return ACS_OBJPATH_OK;
        if (peek(c) != ',')
            return ACS_OBJPATH_BAD_SYNTAX;
        c->at++;
    }
}

acs_objpath_status acs_objpath_parse(const char *text, size_t length, acs_objpath *out)
{
    cursor c;
    const char *colon;

    memset(out, 0, sizeof(*out));
    if (text == NULL || length == 0)
        return ACS_OBJPATH_EMPTY;
    c.at = text;
    c.end = text + length;
    skip_blanks(&c);
    if (at_end(&c))
        return ACS_OBJPATH_EMPTY;

    if (c.end - c.at >= 2 && is_separator(c.at[0]) && is_separator(c.at[1])) {
        c.at += 2;
        if (!take_machine(&c, &out->machine) || !is_separator(peek(&c)))
            return ACS_OBJPATH_BAD_SYNTAX;
        c.at++;
        /* \\server\ must name a namespace: a bare machine is not an object. */
        if (find_namespace_colon(&c) == NULL)
            return ACS_OBJPATH_BAD_SYNTAX;
    }

    colon = find_namespace_colon(&c);
    if (colon != NULL) {
        out->namespace_path.text = c.at;
        out->namespace_path.length = (size_t)(colon - c.at);
        if (!valid_namespace(out->namespace_path))
            return ACS_OBJPATH_BAD_SYNTAX;
        c.at = colon + 1;
    }

    if (!take_identifier(&c, &out->class_name))
        return ACS_OBJPATH_BAD_SYNTAX;
    skip_blanks(&c);
    if (at_end(&c)) {
        out->form = ACS_OBJPATH_CLASS;
        return ACS_OBJPATH_OK;
    }

    if (peek(&c) == '.') {
        acs_objpath_status status;
        c.at++;
        out->form = ACS_OBJPATH_KEYED;
        status = parse_keys(&c, out);
        if (status != ACS_OBJPATH_OK)
            out->key_count = 0;
        return status;
    }

    if (peek(&c) != '=')
        return ACS_OBJPATH_BAD_SYNTAX;
    c.at++;
    skip_blanks(&c);
    if (peek(&c) == '@') {
        c.at++;
        out->form = ACS_OBJPATH_SINGLETON;
    } else {
        if (!take_constant(&c, &out->keys[0]))
            return ACS_OBJPATH_BAD_SYNTAX;
        out->key_count = 1;
        out->form = ACS_OBJPATH_KEYED;
    }
    skip_blanks(&c);
    if (!at_end(&c)) {
        out->key_count = 0;
        return ACS_OBJPATH_BAD_SYNTAX;
    }
    return ACS_OBJPATH_OK;
}

size_t acs_objpath_unescape(acs_span value, char *buf, size_t size)
{
    size_t in = 0, out = 0;
    if (buf == NULL || size == 0)
        return (size_t)-1;
    while (in < value.length) {
        char ch = value.text[in++];
        if (ch == '\\' && in < value.length)
            ch = value.text[in++];
        if (out + 1 >= size)
            return (size_t)-1;
        buf[out++] = ch;
    }
    buf[out] = '\0';
    return out;
}

bool acs_span_equals(acs_span span, const char *text)
{
    size_t i, n = strlen(text);
    if (span.length != n)
        return false;
    for (i = 0; i < n; i++)
        if (fold(span.text[i]) != fold(text[i]))
            return false;
    return true;
}

bool acs_namespace_equals(acs_span span, const char *text)
{
    size_t i, n = strlen(text);
    if (span.length != n)
        return false;
    for (i = 0; i < n; i++) {
        char a = span.text[i], b = text[i];
        if (is_separator(a) && is_separator(b))
            continue;
        if (fold(a) != fold(b))
            return false;
    }
    return true;
}
