/* The WMI object path parser (provider/wmi/objpath.c, portable C): every span
 * it returns lies inside the input, and unescaping never writes past its buffer. */
#include <stdlib.h>

#include "wmi/objpath.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void check_span(acs_span s, const char *text, size_t size)
{
    if (s.length && (s.text < text || s.text + s.length > text + size))
        abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    const char *text = (const char *)data;
    acs_objpath path;
    char buf[64];
    if (acs_objpath_parse(text, size, &path) != ACS_OBJPATH_OK)
        return 0;
    check_span(path.machine, text, size);
    check_span(path.namespace_path, text, size);
    check_span(path.class_name, text, size);
    if (path.key_count > ACS_OBJPATH_MAX_KEYS)
        abort();
    for (size_t i = 0; i < path.key_count; i++) {
        check_span(path.keys[i].name, text, size);
        check_span(path.keys[i].value, text, size);
        size_t n = acs_objpath_unescape(path.keys[i].value, buf, sizeof buf);
        (void)n;
        (void)acs_span_equals(path.keys[i].name, "Id");
    }
    (void)acs_namespace_equals(path.namespace_path, "root\\AcsReadiness");
    return 0;
}
