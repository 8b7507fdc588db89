/* UTF-8 (the core's strings) <-> UTF-16 (COM's). Heap results; NULL when
 * out of memory. */
#ifndef ACSREADY_WMI_TEXT_H
#define ACSREADY_WMI_TEXT_H

#include "wmi/com.h"

/* NUL-terminated UTF-8 of a NUL-terminated UTF-16 string; free with acs_text_free. */
char *acs_utf8_from_wide(const wchar_t *text);
/* NUL-terminated UTF-16; free with acs_text_free. */
wchar_t *acs_wide_from_utf8(const char *text);
/* A BSTR; free with SysFreeString. */
BSTR acs_bstr_from_utf8(const char *text);
void acs_text_free(void *text);

#endif
