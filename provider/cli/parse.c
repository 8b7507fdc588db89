/* Parsers for the values admins type or export: OS versions, dates, product
 * types, store names and lists. Shared by the flags and the inventory reader,
 * so "--os 10.0.17763.2114" and an OSVersion cell mean the same thing. */
#include "cli/cli.h"

#include <string.h>

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

size_t cli_parse_dotted(const char *text, size_t len, uint32_t parts[4])
{
    size_t count = 0, start = 0;

    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    while (start < len && (text[start] == ' ' || text[start] == '\t'))
        start++;
    for (size_t i = start; i <= len; i++) {
        if (i < len && text[i] != '.')
            continue;
        if (count == 4 || !parse_u32(text + start, i - start, &parts[count]))
            return 0;
        count++;
        start = i + 1;
    }
    return count;
}

void cli_os_version_from_parts(const uint32_t parts[4], size_t count, cli_os_version *out)
{
    out->major = parts[0];
    out->minor = parts[1];
    out->build = parts[2];
    out->has_revision = count == 4;
    out->revision = count == 4 ? parts[3] : 0;
}

bool cli_parse_os_version(const char *text, size_t len, cli_os_version *out)
{
    uint32_t parts[4];
    size_t count = cli_parse_dotted(text, len, parts);

    if (count < 3)
        return false;
    cli_os_version_from_parts(parts, count, out);
    return true;
}

bool cli_parse_product_type(const char *text, size_t len, acs_product_type *out)
{
    if (acs_ascii_equal_nocase(text, len, "workstation") || acs_ascii_equal_nocase(text, len, "1") ||
        acs_ascii_equal_nocase(text, len, "client"))
        *out = ACS_PRODUCT_WORKSTATION;
    else if (acs_ascii_equal_nocase(text, len, "dc") || acs_ascii_equal_nocase(text, len, "domaincontroller") ||
             acs_ascii_equal_nocase(text, len, "domain controller") || acs_ascii_equal_nocase(text, len, "2"))
        *out = ACS_PRODUCT_DC;
    else if (acs_ascii_equal_nocase(text, len, "server") || acs_ascii_equal_nocase(text, len, "3"))
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
        if (acs_ascii_equal_nocase(token, len, store->name) || acs_ascii_equal_nocase(token, len, store->physical_name)) {
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
