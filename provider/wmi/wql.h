/* The one WQL shape the provider answers itself:
 *   SELECT * FROM <class> [WHERE <property> = <constant>]
 * (constant: 'x', "x", an integer, TRUE/FALSE; keywords in any case).
 * Everything else is left to WMI, which enumerates and filters when the
 * provider says WBEM_E_PROVIDER_NOT_CAPABLE, so refusing is always correct and
 * answering a shape we only half understand never is. Portable (no windows.h). */
#ifndef ACSREADY_WMI_WQL_H
#define ACSREADY_WMI_WQL_H

#include <stdbool.h>
#include <stddef.h>

#include "wmi/objpath.h"

typedef struct acs_wql_query {
    acs_span class_name;
    bool has_condition;
    acs_objpath_key condition; /* name = property; value as in objpath (strings still escaped) */
} acs_wql_query;

typedef enum acs_wql_status {
    ACS_WQL_OK = 0,
    ACS_WQL_NOT_CAPABLE /* not the shape above: let WMI do it */
} acs_wql_status;

acs_wql_status acs_wql_parse(const char *text, size_t length, acs_wql_query *out);

#endif
