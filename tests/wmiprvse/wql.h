/* The part of WQL that WMI evaluates itself when a provider answers
 * ExecQueryAsync with WBEM_E_PROVIDER_NOT_CAPABLE: WMI then enumerates the
 * class and filters. The stand-in does the same for
 *   SELECT * | props FROM Class [WHERE cond [AND cond]...]
 *   cond: Prop = | <> | != literal, Prop IS [NOT] NULL; literal: 'text', "text", integer, TRUE, FALSE
 * The select list is not projected: every property prints. */
#ifndef WMIPRVSE_WQL_H
#define WMIPRVSE_WQL_H

#include "standin.h"

#define WQL_MAX_TERMS 16

typedef enum wql_op { WQL_EQ, WQL_NE, WQL_IS_NULL, WQL_IS_NOT_NULL } wql_op;

typedef struct wql_term {
    WCHAR property[128];
    wql_op op;
    int literal_kind;            /* 0 string, 1 integer, 2 boolean */
    WCHAR text[256];
    LONGLONG number;
} wql_term;

typedef struct wql_query {
    WCHAR class_name[128];
    wql_term terms[WQL_MAX_TERMS];
    size_t term_count;
} wql_query;

/* 0, or -1 with the reason (the query needs more than the subset above). */
int wql_parse(const WCHAR *text, wql_query *query, char *why, size_t why_size);
BOOL wql_matches(const wql_query *query, IWbemClassObject *instance);

#endif
