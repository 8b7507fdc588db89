/* OS-name and product-type cells -> family and product type; see os_names.h.
 * Words are matched as whole ASCII words, ignoring case, so "iOS" is not
 * found in "BIOS" and "Win 2019" is not found in "Winchester". */
#include "cli/os_names.h"

#include <string.h>

static char lower(char c)
{
    return (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

static bool is_alpha(char c)
{
    c = lower(c);
    return c >= 'a' && c <= 'z';
}

/* word (lower case ASCII, may hold spaces) at a word boundary in text. */
static const char *find_word(const char *text, size_t len, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i + n <= len; i++) {
        size_t k = 1;
        if (lower(text[i]) != word[0])
            continue; /* the common case, cheaply: this runs for every row */
        while (k < n && lower(text[i + k]) == word[k])
            k++;
        if (k < n)
            continue;
        if (i > 0 && is_alpha(text[i - 1]))
            continue;
        if (i + n < len && is_alpha(text[i + n]))
            continue;
        return text + i;
    }
    return NULL;
}

static bool contains_bytes(const char *text, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(text + i, needle, n) == 0)
            return true;
    return false;
}

static bool any_word(const char *text, size_t len, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (find_word(text, len, words[i]))
            return true;
    return false;
}

/* "Win 2019", "Win 2012 R2", "Win2016": Lansweeper's short server names. */
static bool win_year(const char *text, size_t len)
{
    for (size_t i = 0; i + 3 <= len; i++) {
        if (lower(text[i]) != 'w' || lower(text[i + 1]) != 'i' || lower(text[i + 2]) != 'n' ||
            (i > 0 && is_alpha(text[i - 1])))
            continue;
        size_t k = i + 3;
        if (k < len && text[k] == ' ')
            k++;
        if (k + 4 <= len && text[k] == '2' && text[k + 1] == '0' && text[k + 2] >= '0' && text[k + 2] <= '9' &&
            text[k + 3] >= '0' && text[k + 3] <= '9')
            return true;
    }
    return false;
}

cli_os_name_facts cli_os_name_classify(const char *text, size_t len)
{
    static const char *const not_windows[] = {"ios", "ipados", "ios/ipados", "android", "macos", "mac os", "os x",
                                              "osx", "darwin", "linux", "ubuntu", "debian", "red hat", "rhel",
                                              "centos", "suse", "fedora", "chrome os", "chromeos", "tvos",
                                              "watchos", NULL};
    static const char *const windows[] = {"windows", "win", "hyper-v server", "azure stack hci", NULL};
    static const char *const server[] = {"server", "azure stack hci", "datacenter", NULL};
    static const char *const client[] = {"workstation", "windows 7", "windows 8", "windows 8.1", "windows 10",
                                         "windows 11", "win 7", "win 8", "win 8.1", "win 10", "win 11", "win7",
                                         "win8", "win10", "win11", "vista", "xp", "embedded", "iot", "ltsc",
                                         "ltsb", "professional", "pro", "home", "education", "enterprise",
                                         NULL};
    cli_os_name_facts r = {CLI_OS_FAMILY_UNKNOWN, false, ACS_PRODUCT_UNKNOWN};
    bool is_windows = any_word(text, len, windows) || win_year(text, len) ||
                      contains_bytes(text, len, "\xE3\x82\xA6\xE3\x82\xA3\xE3\x83\xB3\xE3\x83\x89\xE3\x82\xA6\xE3\x82\xBA"); /* ウィンドウズ */

    if (!is_windows) {
        if (any_word(text, len, not_windows))
            r.family = CLI_OS_FAMILY_NOT_WINDOWS;
        return r;
    }
    r.family = CLI_OS_FAMILY_WINDOWS;
    if (any_word(text, len, server) || win_year(text, len) ||
        contains_bytes(text, len, "\xE3\x82\xB5\xE3\x83\xBC\xE3\x83\x90") || /* サーバ(ー) */
        contains_bytes(text, len, "\xE4\xBC\xBA\xE6\x9C\x8D\xE5\x99\xA8")) { /* 伺服器 */
        r.product_known = true;
        r.product_type = ACS_PRODUCT_SERVER;
    } else if (any_word(text, len, client) ||
               contains_bytes(text, len, "\xE5\xB0\x88\xE6\xA5\xAD\xE7\x89\x88") || /* 專業版 */
               contains_bytes(text, len, "\xE4\xBC\x81\xE6\xA5\xAD\xE7\x89\x88")) { /* 企業版 */
        r.product_known = true;
        r.product_type = ACS_PRODUCT_WORKSTATION;
    }
    return r;
}

bool cli_os_name_is_not_windows(const char *text, size_t len)
{
    if (find_word(text, len, "windows"))
        return false;
    return cli_os_name_classify(text, len).family == CLI_OS_FAMILY_NOT_WINDOWS;
}

/* Equal ignoring ASCII case and spaces. */
static bool same_word(const char *text, size_t len, const char *word)
{
    size_t i = 0;
    for (; *word; word++) {
        if (*word == ' ')
            continue;
        while (i < len && text[i] == ' ')
            i++;
        if (i == len || lower(text[i]) != *word)
            return false;
        i++;
    }
    while (i < len && text[i] == ' ')
        i++;
    return i == len;
}

bool cli_product_type_word(const char *text, size_t len, acs_product_type *out)
{
    static const struct {
        const char *word;
        acs_product_type type;
    } words[] = {
        {"1", ACS_PRODUCT_WORKSTATION},
        {"workstation", ACS_PRODUCT_WORKSTATION},
        {"client", ACS_PRODUCT_WORKSTATION},
        {"2", ACS_PRODUCT_DC},
        {"dc", ACS_PRODUCT_DC},
        {"domain controller", ACS_PRODUCT_DC},
        {"3", ACS_PRODUCT_SERVER},
        {"server", ACS_PRODUCT_SERVER},
        {"member server", ACS_PRODUCT_SERVER},
        {"\xE3\x83\xAF\xE3\x83\xBC\xE3\x82\xAF\xE3\x82\xB9\xE3\x83\x86\xE3\x83\xBC\xE3\x82\xB7\xE3\x83\xA7\xE3\x83\xB3",
         ACS_PRODUCT_WORKSTATION}, /* ワークステーション */
        {"\xE3\x82\xAF\xE3\x83\xA9\xE3\x82\xA4\xE3\x82\xA2\xE3\x83\xB3\xE3\x83\x88", ACS_PRODUCT_WORKSTATION}, /* クライアント */
        {"\xE3\x82\xB5\xE3\x83\xBC\xE3\x83\x90\xE3\x83\xBC", ACS_PRODUCT_SERVER},                           /* サーバー */
        {"\xE3\x82\xB5\xE3\x83\xBC\xE3\x83\x90", ACS_PRODUCT_SERVER},                                       /* サーバ */
        {"\xE3\x83\x89\xE3\x83\xA1\xE3\x82\xA4\xE3\x83\xB3 \xE3\x82\xB3\xE3\x83\xB3\xE3\x83\x88\xE3\x83\xAD"
         "\xE3\x83\xBC\xE3\x83\xA9\xE3\x83\xBC",
         ACS_PRODUCT_DC}, /* ドメイン コントローラー */
        {"\xE5\xB7\xA5\xE4\xBD\x9C\xE7\xAB\x99", ACS_PRODUCT_WORKSTATION},                                  /* 工作站 */
        {"\xE7\x94\xA8\xE6\x88\xB6\xE7\xAB\xAF", ACS_PRODUCT_WORKSTATION},                                  /* 用戶端 */
        {"\xE4\xBC\xBA\xE6\x9C\x8D\xE5\x99\xA8", ACS_PRODUCT_SERVER},                                       /* 伺服器 */
        {"\xE7\xB6\xB2\xE5\x9F\x9F\xE6\x8E\xA7\xE5\x88\xB6\xE7\xAB\x99", ACS_PRODUCT_DC},                   /* 網域控制站 */
        {"\xE7\xB6\xB2\xE5\x9F\x9F\xE6\x8E\xA7\xE5\x88\xB6\xE5\x99\xA8", ACS_PRODUCT_DC},                   /* 網域控制器 */
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (same_word(text, len, words[i].word)) {
            *out = words[i].type;
            return true;
        }
    return false;
}
