/* WQL subset: parsing and filtering. */
#include "wql.h"

#include <stdio.h>
#include <wctype.h>

typedef struct lexer {
    const WCHAR *pos;
    WCHAR token[256];
    int kind;   /* 0 end, 1 word, 2 string, 3 number, 4 operator */
} lexer;

static void lex(lexer *l)
{
    size_t n = 0;

    while (iswspace(*l->pos))
        l->pos++;
    l->token[0] = 0;
    if (!*l->pos) {
        l->kind = 0;
        return;
    }
    if (*l->pos == '\'' || *l->pos == '"') {
        WCHAR quote = *l->pos++;
        while (*l->pos && *l->pos != quote && n < 255) {
            if (*l->pos == '\\' && l->pos[1])
                l->pos++;
            l->token[n++] = *l->pos++;
        }
        if (*l->pos == quote)
            l->pos++;
        else
            n = 0, l->pos = L"", l->kind = -1;
        l->token[n] = 0;
        if (l->kind != -1)
            l->kind = 2;
        return;
    }
    if (iswdigit(*l->pos) || (*l->pos == '-' && iswdigit(l->pos[1]))) {
        l->token[n++] = *l->pos++;
        while (iswdigit(*l->pos) && n < 255)
            l->token[n++] = *l->pos++;
        l->token[n] = 0;
        l->kind = 3;
        return;
    }
    if (iswalpha(*l->pos) || *l->pos == '_') {
        while ((iswalnum(*l->pos) || *l->pos == '_') && n < 127)
            l->token[n++] = *l->pos++;
        l->token[n] = 0;
        l->kind = 1;
        return;
    }
    if ((*l->pos == '<' && l->pos[1] == '>') || (*l->pos == '!' && l->pos[1] == '=') ||
        (*l->pos == '<' && l->pos[1] == '=') || (*l->pos == '>' && l->pos[1] == '=')) {
        l->token[0] = l->pos[0];
        l->token[1] = l->pos[1];
        l->token[2] = 0;
        l->pos += 2;
    } else {
        l->token[0] = *l->pos++;
        l->token[1] = 0;
    }
    l->kind = 4;
}

static int word_is(const lexer *l, const WCHAR *word)
{
    return l->kind == 1 && !_wcsicmp(l->token, word);
}

int wql_parse(const WCHAR *text, wql_query *query, char *why, size_t why_size)
{
    lexer l;

    ZeroMemory(query, sizeof(*query));
    l.pos = text;
    l.kind = 0;
    lex(&l);
    if (!word_is(&l, L"SELECT")) {
        snprintf(why, why_size, "not a SELECT query");
        return -1;
    }
    do {
        lex(&l);
    } while (l.kind > 0 && !word_is(&l, L"FROM"));
    if (!word_is(&l, L"FROM")) {
        snprintf(why, why_size, "no FROM");
        return -1;
    }
    lex(&l);
    if (l.kind != 1) {
        snprintf(why, why_size, "no class after FROM");
        return -1;
    }
    wcsncpy(query->class_name, l.token, 127);
    lex(&l);
    if (l.kind == 0)
        return 0;
    if (!word_is(&l, L"WHERE")) {
        snprintf(why, why_size, "only WHERE may follow the class");
        return -1;
    }
    for (;;) {
        wql_term *term;
        if (query->term_count == WQL_MAX_TERMS) {
            snprintf(why, why_size, "more than %d conditions", WQL_MAX_TERMS);
            return -1;
        }
        term = &query->terms[query->term_count];
        lex(&l);
        if (l.kind != 1) {
            snprintf(why, why_size, "expected a property name in WHERE");
            return -1;
        }
        wcsncpy(term->property, l.token, 127);
        lex(&l);
        if (word_is(&l, L"IS")) {
            lex(&l);
            term->op = WQL_IS_NULL;
            if (word_is(&l, L"NOT")) {
                term->op = WQL_IS_NOT_NULL;
                lex(&l);
            }
            if (!word_is(&l, L"NULL")) {
                snprintf(why, why_size, "expected NULL after IS");
                return -1;
            }
        } else if (l.kind == 4 && (!wcscmp(l.token, L"=") || !wcscmp(l.token, L"<>") || !wcscmp(l.token, L"!="))) {
            term->op = l.token[0] == '=' ? WQL_EQ : WQL_NE;
            lex(&l);
            if (l.kind == 2) {
                term->literal_kind = 0;
                wcsncpy(term->text, l.token, 255);
            } else if (l.kind == 3) {
                term->literal_kind = 1;
                term->number = _wtoi64(l.token);
            } else if (word_is(&l, L"TRUE") || word_is(&l, L"FALSE")) {
                term->literal_kind = 2;
                term->number = word_is(&l, L"TRUE");
            } else {
                snprintf(why, why_size, "expected a literal after the operator");
                return -1;
            }
        } else {
            snprintf(why, why_size, "only =, <>, != and IS [NOT] NULL are supported");
            return -1;
        }
        query->term_count++;
        lex(&l);
        if (l.kind == 0)
            return 0;
        if (!word_is(&l, L"AND")) {
            snprintf(why, why_size, "only AND may join conditions");
            return -1;
        }
    }
}

static BOOL term_matches(const wql_term *term, IWbemClassObject *instance)
{
    VARIANT value;
    BOOL equal = FALSE, is_null;

    VariantInit(&value);
    if (FAILED(IWbemClassObject_Get(instance, term->property, 0, &value, NULL, NULL)))
        return FALSE;
    is_null = V_VT(&value) == VT_NULL || V_VT(&value) == VT_EMPTY;
    if (term->op == WQL_IS_NULL || term->op == WQL_IS_NOT_NULL) {
        VariantClear(&value);
        return (term->op == WQL_IS_NULL) == is_null;
    }
    if (is_null)
        return FALSE;   /* NULL compares neither equal nor unequal */
    if (term->literal_kind == 0 && V_VT(&value) == VT_BSTR)
        equal = !_wcsicmp(V_BSTR(&value) ? V_BSTR(&value) : L"", term->text);
    else if (term->literal_kind == 2 && V_VT(&value) == VT_BOOL)
        equal = (V_BOOL(&value) != VARIANT_FALSE) == (term->number != 0);
    else if (term->literal_kind == 1 && V_VT(&value) == VT_I4)
        equal = (LONGLONG)V_I4(&value) == term->number || (LONGLONG)(ULONG)V_I4(&value) == term->number;
    else if (term->literal_kind == 1 && V_VT(&value) == VT_UI1)
        equal = (LONGLONG)V_UI1(&value) == term->number;
    else if (term->literal_kind == 1 && V_VT(&value) == VT_I2)
        equal = (LONGLONG)V_I2(&value) == term->number;
    else if (term->literal_kind == 1 && V_VT(&value) == VT_BSTR)
        equal = _wtoi64(V_BSTR(&value)) == term->number;
    VariantClear(&value);
    return term->op == WQL_EQ ? equal : !equal;
}

BOOL wql_matches(const wql_query *query, IWbemClassObject *instance)
{
    size_t i;
    for (i = 0; i < query->term_count; i++)
        if (!term_matches(&query->terms[i], instance))
            return FALSE;
    return TRUE;
}
