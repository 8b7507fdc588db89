/* Small helpers the collectors share: error texts and typed registry reads. */
#include <stdio.h>
#include <string.h>

#include "collect/collect.h"

void acs_win32_error_text(LONG code, char *buf, size_t size)
{
    char text[128];
    DWORD len;
    DWORD flags = FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS | FORMAT_MESSAGE_MAX_WIDTH_MASK;

    if (!buf || !size)
        return;
    /* English first: the text lands in logs an admin may paste into a search
     * engine; any installed language is better than none. */
    len = FormatMessageA(flags, NULL, (DWORD)code, MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), text,
                         (DWORD)sizeof(text), NULL);
    if (!len)
        len = FormatMessageA(flags, NULL, (DWORD)code, 0, text, (DWORD)sizeof(text), NULL);
    while (len && (text[len - 1] == ' ' || text[len - 1] == '.' || text[len - 1] == '\r' || text[len - 1] == '\n'))
        len--;
    text[len] = '\0';
    if (code < 0 || (unsigned long)code > 0xFFFFul)
        snprintf(buf, size, "%s (0x%08lX)", len ? text : "error", (unsigned long)code);
    else
        snprintf(buf, size, "%s (%ld)", len ? text : "error", (long)code);
}

LONG acs_reg_read_string(const acs_seam *seam, HKEY key, const wchar_t *value, char *out, size_t size)
{
    wchar_t wide[512];
    DWORD type = 0;
    DWORD bytes = sizeof(wide) - sizeof(wchar_t);
    LONG rc;

    if (size)
        out[0] = '\0';
    rc = seam->reg_query(seam->ctx, key, value, &type, (BYTE *)wide, &bytes);
    if (rc != ERROR_SUCCESS)
        return rc;
    if (type != REG_SZ && type != REG_EXPAND_SZ)
        return ERROR_INVALID_DATATYPE;
    /* Registry strings need not be NUL-terminated. */
    wide[bytes / sizeof(wchar_t)] = L'\0';
    if (size && !WideCharToMultiByte(CP_UTF8, 0, wide, -1, out, (int)size, NULL, NULL)) {
        out[0] = '\0';
        return (LONG)GetLastError();
    }
    return ERROR_SUCCESS;
}

LONG acs_reg_read_dword(const acs_seam *seam, HKEY key, const wchar_t *value, DWORD *out, DWORD *type_seen)
{
    BYTE data[16];
    DWORD type = 0;
    DWORD bytes = sizeof(data);
    LONG rc = seam->reg_query(seam->ctx, key, value, &type, data, &bytes);

    if (type_seen)
        *type_seen = type;
    if (rc == ERROR_MORE_DATA)
        return ERROR_INVALID_DATATYPE;
    if (rc != ERROR_SUCCESS)
        return rc;
    if (type != REG_DWORD || bytes != sizeof(DWORD))
        return ERROR_INVALID_DATATYPE;
    memcpy(out, data, sizeof(DWORD));
    return ERROR_SUCCESS;
}

/* The wide spelling of each store's key, from the one list in core/facts.h
 * (L"" before a narrow literal makes the joined literal wide). */
#define STORE_KEY_WIDE_(id, name, physical, key) L"" key,
static const wchar_t *const store_keys[ACS_STORE_COUNT] = { ACS_PHYSICAL_STORES(STORE_KEY_WIDE_, ) };
#undef STORE_KEY_WIDE_

const wchar_t *acs_store_registry_key(acs_store_index store)
{
    return (unsigned)store < ACS_STORE_COUNT ? store_keys[store] : NULL;
}
