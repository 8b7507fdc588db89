/* The WQL recogniser (provider/wmi/wql.c, portable C): spans stay inside the input. */
#include <stdlib.h>

#include "wmi/wql.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    const char *text = (const char *)data;
    acs_wql_query query;
    char buf[64];
    if (acs_wql_parse(text, size, &query) != ACS_WQL_OK)
        return 0;
    if (query.class_name.text < text || query.class_name.text + query.class_name.length > text + size)
        abort();
    if (query.has_condition) {
        const acs_span v = query.condition.value;
        if (v.length && (v.text < text || v.text + v.length > text + size))
            abort();
        (void)acs_objpath_unescape(v, buf, sizeof buf);
    }
    return 0;
}
