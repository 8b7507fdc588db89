/* Recognises SELECT * FROM <class> [WHERE <property> = <constant>]; see wql.h. */
#include "wmi/wql.h"

#include <string.h>

typedef struct cursor {
    const char *at;
    const char *end;
} cursor;

static bool is_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static bool is_word_char(char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
}

static void skip_blanks(cursor *c)
{
    while (c->at < c->end && is_blank(*c->at))
        c->at++;
}

static char peek(const cursor *c)
{
    return c->at < c->end ? *c->at : '\0';
}

/* A keyword or identifier: a run of word characters. */
static bool take_word(cursor *c, acs_span *out)
{
    const char *start;
    skip_blanks(c);
    start = c->at;
    while (c->at < c->end && is_word_char(*c->at))
        c->at++;
    out->text = start;
    out->length = (size_t)(c->at - start);
    return out->length > 0;
}

static bool take_keyword(cursor *c, const char *keyword)
{
    cursor save = *c;
    acs_span word;
    if (take_word(c, &word) && acs_span_equals(word, keyword))
        return true;
    *c = save;
    return false;
}

static bool take_identifier(cursor *c, acs_span *out)
{
    return take_word(c, out) && !(out->text[0] >= '0' && out->text[0] <= '9');
}

static bool take_constant(cursor *c, acs_objpath_key *key)
{
    const char *start;
    char quote;

    skip_blanks(c);
    start = c->at;
    quote = peek(c);
    if (quote == '\'' || quote == '"') {
        c->at++;
        key->kind = ACS_OBJPATH_STRING;
        key->value.text = c->at;
        while (c->at < c->end && *c->at != quote) {
            if (*c->at == '\\' && c->at + 1 < c->end)
                c->at++;
            c->at++;
        }
        if (c->at >= c->end)
            return false;
        key->value.length = (size_t)(c->at - key->value.text);
        c->at++;
        return true;
    }
    if (take_keyword(c, "true") || take_keyword(c, "false")) {
        key->kind = ACS_OBJPATH_BOOLEAN;
        key->value.text = start;
        key->value.length = (size_t)(c->at - start);
        return true;
    }
    if (peek(c) == '-' || peek(c) == '+')
        c->at++;
    if (!(peek(c) >= '0' && peek(c) <= '9'))
        return false;
    while (peek(c) >= '0' && peek(c) <= '9')
        c->at++;
    key->kind = ACS_OBJPATH_INTEGER;
    key->value.text = start;
    key->value.length = (size_t)(c->at - start);
    return true;
}

acs_wql_status acs_wql_parse(const char *text, size_t length, acs_wql_query *out)
{
    cursor c;

    memset(out, 0, sizeof(*out));
    if (text == NULL)
        return ACS_WQL_NOT_CAPABLE;
    c.at = text;
    c.end = text + length;

    if (!take_keyword(&c, "select"))
        return ACS_WQL_NOT_CAPABLE;
    skip_blanks(&c);
    if (peek(&c) != '*')
        return ACS_WQL_NOT_CAPABLE;
    c.at++;
    if (!take_keyword(&c, "from") || !take_identifier(&c, &out->class_name))
        return ACS_WQL_NOT_CAPABLE;
    skip_blanks(&c);
    if (c.at == c.end)
        return ACS_WQL_OK;

    if (!take_keyword(&c, "where") || !take_identifier(&c, &out->condition.name))
        return ACS_WQL_NOT_CAPABLE;
    skip_blanks(&c);
    if (peek(&c) != '=')
        return ACS_WQL_NOT_CAPABLE;
    c.at++;
    if (!take_constant(&c, &out->condition))
        return ACS_WQL_NOT_CAPABLE;
    skip_blanks(&c);
    if (c.at != c.end)
        return ACS_WQL_NOT_CAPABLE; /* AND, OR, ORDER ... */
    out->has_condition = true;
    return ACS_WQL_OK;
}
