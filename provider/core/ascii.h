/* ASCII case folding, the one way acsready compares names without case:
 * WMI class and property names, language tags, store names and the words
 * admins type. Unlike tolower it ignores the C locale, so a Turkish or any
 * other locale cannot make "ROOT" differ from "root". */
#ifndef ACSREADY_CORE_ASCII_H
#define ACSREADY_CORE_ASCII_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

static inline char acs_ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* text[0..len) equals the NUL-terminated word, ignoring ASCII case. */
static inline bool acs_ascii_equal_nocase(const char *text, size_t len, const char *word)
{
    size_t i;
    if (strlen(word) != len)
        return false;
    for (i = 0; i < len; i++)
        if (acs_ascii_lower(text[i]) != acs_ascii_lower(word[i]))
            return false;
    return true;
}

#endif
