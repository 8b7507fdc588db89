/* Parsers for the values admins type or export: OS versions, dates, product
 * types, store names and lists. Shared by the flags and the inventory reader,
 * so "--os 10.0.17763.2114" and an OSVersion cell mean the same thing. */
#include "cli/cli.h"

#include <ctype.h>
#include <string.h>

bool cli_equals_nocase(const char *text, size_t len, const char *word)
{
    size_t n = strlen(word);
    if (n != len)
        return false;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)text[i]) != tolower((unsigned char)word[i]))
            return false;
    return true;
}

static bool is_separator(char c)
{
    return c == ' ' || c == '\t' || c == ',' || c == ';' || c == '|' || c == '\r' || c == '\n';
}

bool cli_split_list(const char *text, size_t len, cli_token_fn fn, void *ctx)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && is_separator(text[i]))
            i++;
        size_t start = i;
        while (i < len && !is_separator(text[i]))
            i++;
        if (i > start && !fn(ctx, text + start, i - start))
            return false;
    }
    return true;
}

/* Digits only, no sign, fits in 32 bits. */
static bool parse_u32(const char *text, size_t len, uint32_t *out)
{
    uint64_t value = 0;
    if (len == 0 || len > 10)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        value = value * 10 + (uint64_t)(text[i] - '0');
    }
    if (value > UINT32_MAX)
        return false;
    *out = (uint32_t)value;
    return true;
}

bool cli_parse_os_version(const char *text, size_t len, cli_os_version *out)
{
    uint32_t parts[4];
    size_t count = 0, start = 0;

    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    while (start < len && (text[start] == ' ' || text[start] == '\t'))
        start++;
    for (size_t i = start; i <= len; i++) {
        if (i < len && text[i] != '.')
            continue;
        if (count == 4 || !parse_u32(text + start, i - start, &parts[count]))
            return false;
        count++;
        start = i + 1;
    }
    if (count < 3)
        return false;
    out->major = parts[0];
    out->minor = parts[1];
    out->build = parts[2];
    out->has_revision = count == 4;
    out->revision = count == 4 ? parts[3] : 0;
    return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil), so no timegm()/_mkgmtime() portability question arises. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static bool fixed_digits(const char *text, size_t n, unsigned *out)
{
    unsigned value = 0;
    for (size_t i = 0; i < n; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        value = value * 10 + (unsigned)(text[i] - '0');
    }
    *out = value;
    return true;
}

bool cli_parse_date(const char *text, size_t len, int64_t *out)
{
    static const unsigned month_days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned y, m, d, hh = 0, mm = 0, ss = 0;

    if (len < 10 || text[4] != '-' || text[7] != '-' || !fixed_digits(text, 4, &y) ||
        !fixed_digits(text + 5, 2, &m) || !fixed_digits(text + 8, 2, &d))
        return false;
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > month_days[m - 1])
        return false;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return false;
    if (len > 10) {
        /* Time of day as ISO 8601 or a SQL export writes it; UTC assumed. */
        if ((text[10] != 'T' && text[10] != ' ') || len < 19 || text[13] != ':' || text[16] != ':' ||
            !fixed_digits(text + 11, 2, &hh) || !fixed_digits(text + 14, 2, &mm) ||
            !fixed_digits(text + 17, 2, &ss) || hh > 23 || mm > 59 || ss > 60)
            return false;
        size_t i = 19;
        if (i < len && text[i] == '.')
            for (i++; i < len && text[i] >= '0' && text[i] <= '9'; i++)
                ;
        if (i < len && text[i] == 'Z')
            i++;
        if (i != len)
            return false;
    }
    *out = days_from_civil((int64_t)y, m, d) * 86400 + (int64_t)(hh * 3600 + mm * 60 + ss);
    return true;
}

bool cli_parse_product_type(const char *text, size_t len, acs_product_type *out)
{
    if (cli_equals_nocase(text, len, "workstation") || cli_equals_nocase(text, len, "1") ||
        cli_equals_nocase(text, len, "client"))
        *out = ACS_PRODUCT_WORKSTATION;
    else if (cli_equals_nocase(text, len, "dc") || cli_equals_nocase(text, len, "domaincontroller") ||
             cli_equals_nocase(text, len, "domain controller") || cli_equals_nocase(text, len, "2"))
        *out = ACS_PRODUCT_DC;
    else if (cli_equals_nocase(text, len, "server") || cli_equals_nocase(text, len, "3"))
        *out = ACS_PRODUCT_SERVER;
    else
        return false;
    return true;
}

typedef struct store_ctx {
    unsigned mask;
} store_ctx;

static bool add_store(void *ctx, const char *token, size_t len)
{
    store_ctx *stores_found = ctx;
    for (size_t i = 0; i < ACS_STORE_COUNT; i++) {
        const acs_physical_store *store = &acs_physical_stores[i];
        if (cli_equals_nocase(token, len, store->name) || cli_equals_nocase(token, len, store->physical_name)) {
            stores_found->mask |= store->bit;
            return true;
        }
    }
    return false;
}

bool cli_parse_stores(const char *text, size_t len, unsigned *out)
{
    store_ctx ctx = {0};
    if (!cli_split_list(text, len, add_store, &ctx) || ctx.mask == 0)
        return false;
    *out = ctx.mask;
    return true;
}
