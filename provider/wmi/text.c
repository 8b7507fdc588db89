/* Text conversions for the COM boundary. */
#include "wmi/text.h"

#include <string.h>

/* Invalid sequences become U+FFFD rather than failing: a verdict with one
 * odd character beats no verdict. */
static int wide_length(const char *text, int bytes)
{
    return MultiByteToWideChar(CP_UTF8, 0, text, bytes, NULL, 0);
}

char *acs_utf8_from_wide(const wchar_t *text)
{
    int bytes;
    char *out;
    if (text == NULL)
        return NULL;
    bytes = WideCharToMultiByte(CP_UTF8, 0, text, -1, NULL, 0, NULL, NULL);
    if (bytes <= 0)
        return NULL;
    out = HeapAlloc(GetProcessHeap(), 0, (SIZE_T)bytes);
    if (out == NULL)
        return NULL;
    if (WideCharToMultiByte(CP_UTF8, 0, text, -1, out, bytes, NULL, NULL) != bytes) {
        HeapFree(GetProcessHeap(), 0, out);
        return NULL;
    }
    return out;
}

wchar_t *acs_wide_from_utf8(const char *text)
{
    int chars;
    wchar_t *out;
    if (text == NULL)
        return NULL;
    chars = wide_length(text, -1);
    if (chars <= 0)
        return NULL;
    out = HeapAlloc(GetProcessHeap(), 0, (SIZE_T)chars * sizeof(wchar_t));
    if (out == NULL)
        return NULL;
    if (MultiByteToWideChar(CP_UTF8, 0, text, -1, out, chars) != chars) {
        HeapFree(GetProcessHeap(), 0, out);
        return NULL;
    }
    return out;
}

BSTR acs_bstr_from_utf8(const char *text)
{
    int bytes, chars;
    BSTR out;
    if (text == NULL)
        return NULL;
    bytes = (int)strlen(text);
    if (bytes == 0)
        return SysAllocStringLen(NULL, 0);
    chars = wide_length(text, bytes);
    if (chars <= 0)
        return NULL;
    out = SysAllocStringLen(NULL, (UINT)chars); /* adds the terminator */
    if (out == NULL)
        return NULL;
    if (MultiByteToWideChar(CP_UTF8, 0, text, bytes, out, chars) != chars) {
        SysFreeString(out);
        return NULL;
    }
    return out;
}

void acs_text_free(void *text)
{
    if (text != NULL)
        HeapFree(GetProcessHeap(), 0, text);
}
