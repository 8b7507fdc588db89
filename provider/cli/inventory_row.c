/* One inventory row -> host facts. A cell that cannot mean anything sensible
 * rejects the row (reported by line, skipped); an empty cell or a missing
 * column is an unknown fact with its reason, so the verdict says Unknown. */
#include "cli/inventory.h"
#include "cli/labels.h"
#include "cli/os_names.h"
#include "cli/version_cell.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_row_defaults_init(cli_row_defaults *d, const cli_inventory_columns *columns, cli_tri assume_root,
                           acs_lang lang)
{
    const int *col = columns->index;
    acs_host_facts *f = &d->facts;

    acs_facts_init(f);
    if (col[CLI_COL_VERSION] >= 0)
        acs_known_ok(&f->os.version);
    else
        acs_known_fail(&f->os.version, "%s", cli_label_text(lang, W_NO_VERSION_COLUMN));
    acs_known_fail(&d->missing_revision, "%s", cli_label_text(lang, W_NO_REVISION));

    if (col[CLI_COL_PRODUCT_TYPE] < 0 && col[CLI_COL_CAPTION] < 0)
        acs_known_fail(&f->os.product, "%s", cli_label_text(lang, W_NO_PRODUCT_COLUMN));
    acs_known_fail(&d->empty_product, "%s", cli_label_text(lang, W_EMPTY_PRODUCT));
    acs_known_fail(&d->vague_product, "%s", cli_label_text(lang, W_VAGUE_PRODUCT));

    if (col[CLI_COL_KBS] < 0) {
        acs_known_fail(&f->updates.packages, "%s", cli_label_text(lang, W_NO_KB_COLUMN));
    } else {
        acs_known_ok(&f->updates.packages);
    }
    acs_known_fail(&f->updates.kernel, "%s", cli_label_text(lang, W_NOT_IN_INVENTORY));

    /* Without a root column the root was not checked: it is what
     * --assume-root says (present by default, as --root is), and every
     * output says so. */
    d->root_assumed = NULL;
    f->root.stores = ACS_STORE_ROOT;
    acs_known_ok(&f->root.presence);
    if (col[CLI_COL_ROOT_PRESENT] < 0 && col[CLI_COL_ROOT_STORE] < 0) {
        switch (assume_root) {
        case CLI_GIVEN_NO:
            d->root_assumed = "absent";
            f->root.stores = 0;
            break;
        case CLI_GIVEN_UNKNOWN:
            d->root_assumed = "unknown";
            f->root.stores = 0;
            acs_known_fail(&f->root.presence, "%s", cli_label_text(lang, W_NO_ROOT_COLUMN));
            break;
        default:
            d->root_assumed = "present";
            break;
        }
    }
    acs_known_fail(&d->empty_root, cli_label_text(lang, W_EMPTY_COLUMN), "RootCaPresent");
    if (col[CLI_COL_ROOT_AUTO_UPDATE_DISABLED] < 0)
        acs_known_fail(&f->root.policy, cli_label_text(lang, W_NO_COLUMN), "RootAutoUpdateDisabled");
    acs_known_fail(&d->empty_policy, cli_label_text(lang, W_EMPTY_COLUMN), "RootAutoUpdateDisabled");
    if (col[CLI_COL_ROOT_LAST_SYNC] < 0)
        acs_known_fail(&f->root.last_sync, cli_label_text(lang, W_NO_COLUMN), "RootListLastSync");
    acs_known_fail(&d->empty_sync, cli_label_text(lang, W_EMPTY_COLUMN), "RootListLastSync");
    if (col[CLI_COL_PPL_MODULES] < 0)
        acs_known_fail(&f->ppl.modules, "%s", cli_label_text(lang, W_NOT_IN_INVENTORY));
    else
        acs_known_fail(&f->ppl.modules, cli_label_text(lang, W_EMPTY_COLUMN), "PplModules");
}

static bool parse_bool(const char *text, size_t len, bool *out)
{
    if (acs_ascii_equal_nocase(text, len, "true") || acs_ascii_equal_nocase(text, len, "1") ||
        acs_ascii_equal_nocase(text, len, "yes") || acs_ascii_equal_nocase(text, len, "present")) {
        *out = true;
        return true;
    }
    if (acs_ascii_equal_nocase(text, len, "false") || acs_ascii_equal_nocase(text, len, "0") ||
        acs_ascii_equal_nocase(text, len, "no") || acs_ascii_equal_nocase(text, len, "absent")) {
        *out = false;
        return true;
    }
    return false;
}

/* The separators of a KB list (space, tab, comma, semicolon, '|', line
 * breaks), as a table: the list is most of an export's bytes. */
static const bool kb_separator[256] = {[' '] = true, [','] = true, [';'] = true, ['|'] = true,
                                       ['\t'] = true, ['\r'] = true, ['\n'] = true};

/* A token is read by acs_parse_kb, as --kb is. The common spelling, "KB"
 * (any case) or nothing, then up to 10 digits that fit 32 bits, is read
 * here on the way through the bytes, with the same result; anything else
 * goes to acs_parse_kb whole. Sets *next past the token. */
static uint32_t next_kb(const unsigned char *p, const unsigned char *end, const unsigned char **next)
{
    const unsigned char *token = p, *digits, *digits_end;
    uint64_t kb = 0;

    if (end - p >= 2 && (p[0] | 0x20) == 'k' && (p[1] | 0x20) == 'b')
        p += 2;
    digits = p;
    digits_end = end - p > 10 ? p + 10 : end;
    for (unsigned digit; p < digits_end && (digit = (unsigned)(*p - '0')) < 10u; p++)
        kb = kb * 10 + digit;
    if (p > digits && kb <= UINT32_MAX && (p == end || kb_separator[*p])) {
        *next = p;
        return (uint32_t)kb;
    }
    while (p < end && !kb_separator[*p])
        p++;
    *next = p;
    return acs_parse_kb((const char *)token, (size_t)(p - token));
}

/* The hotfix list dominates an export's bytes (a Windows 7 row can list
 * hundreds), so it is tokenized here in one pass, without a callback per
 * token. Only KBs the catalog names are kept: no other KB can change a
 * verdict. */
static bool add_row_kbs(const char *text, size_t len, const cli_kb_filter *filter, acs_update_facts *updates, char *err,
                        size_t err_size)
{
    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    while (p < end) {
        if (kb_separator[*p]) {
            p++;
            continue;
        }
        const unsigned char *token = p;
        uint32_t kb = next_kb(token, end, &p);
        if (kb == 0) {
            snprintf(err, err_size, "'%.*s' in the KB list is not a KB number", (int)(p - token > 32 ? 32 : p - token),
                     (const char *)token);
            return false;
        }
        if (kb > updates->newest_kb)
            updates->newest_kb = kb;
        if (cli_kb_filter_relevant(filter, kb) && !acs_facts_add_kb(updates, kb, ACS_PKG_INSTALLED)) {
            snprintf(err, err_size, "more than %d KBs that the catalog names", ACS_MAX_KB_FACTS);
            return false;
        }
    }
    return true;
}

static bool product_facts(const cli_inventory_columns *columns, const cli_row_defaults *d,
                          const cli_csv_record *row, acs_host_facts *f, char *err, size_t err_size)
{
    size_t len;
    const char *text = cli_inventory_cell(columns, row, CLI_COL_PRODUCT_TYPE, &len);
    if (len > 0) {
        if (!cli_product_type_word(text, len, &f->os.product_type)) {
            snprintf(err, err_size, "ProductType '%.*s' is not 1, 2, 3, workstation, server or dc", (int)len, text);
            return false;
        }
        acs_known_ok(&f->os.product);
        return true;
    }
    text = cli_inventory_cell(columns, row, CLI_COL_CAPTION, &len);
    if (len > 0) {
        cli_os_name_facts name = cli_os_name_classify(text, len);
        snprintf(f->os.caption, sizeof f->os.caption, "%.*s", (int)len, text);
        if (name.product_known) {
            f->os.product_type = name.product_type;
            acs_known_ok(&f->os.product);
        } else {
            f->os.product = d->vague_product;
        }
    } else if (columns->index[CLI_COL_PRODUCT_TYPE] >= 0 || columns->index[CLI_COL_CAPTION] >= 0) {
        f->os.product = d->empty_product;
    }
    return true;
}

static bool root_facts(const cli_inventory_columns *columns, const cli_row_defaults *d, const cli_csv_record *row,
                       acs_root_facts *root, char *err, size_t err_size)
{
    size_t len, store_len;
    const char *text = cli_inventory_cell(columns, row, CLI_COL_ROOT_PRESENT, &len);
    const char *store = cli_inventory_cell(columns, row, CLI_COL_ROOT_STORE, &store_len);
    bool present = true, value;

    if (store_len > 0 && !cli_parse_stores(store, store_len, &root->stores)) {
        snprintf(err, err_size, "RootCaStore '%.*s' is not one of " ACS_STORE_NAMES,
                 (int)store_len, store);
        return false;
    }
    if (columns->index[CLI_COL_ROOT_PRESENT] >= 0) {
        if (len == 0)
            root->presence = d->empty_root;
        else if (!parse_bool(text, len, &present)) {
            snprintf(err, err_size, "RootCaPresent '%.*s' is not True or False", (int)len, text);
            return false;
        }
    }
    if (columns->index[CLI_COL_ROOT_PRESENT] >= 0 || columns->index[CLI_COL_ROOT_STORE] >= 0) {
        if (!present)
            root->stores = 0;
        else if (store_len == 0)
            root->stores = ACS_STORE_ROOT;
    }

    text = cli_inventory_cell(columns, row, CLI_COL_ROOT_AUTO_UPDATE_DISABLED, &len);
    if (columns->index[CLI_COL_ROOT_AUTO_UPDATE_DISABLED] >= 0) {
        if (len == 0)
            root->policy = d->empty_policy;
        else if (!parse_bool(text, len, &value)) {
            snprintf(err, err_size, "RootAutoUpdateDisabled '%.*s' is not True or False", (int)len, text);
            return false;
        } else {
            root->auto_update_disabled = value;
            acs_known_ok(&root->policy);
        }
    }
    text = cli_inventory_cell(columns, row, CLI_COL_ROOT_LAST_SYNC, &len);
    if (columns->index[CLI_COL_ROOT_LAST_SYNC] >= 0) {
        if (len == 0)
            root->last_sync = d->empty_sync;
        else if (acs_ascii_equal_nocase(text, len, "never")) {
            root->never_synced = true;
            acs_known_ok(&root->last_sync);
        } else if (!acs_parse_date(text, len, &root->last_sync_unix)) {
            snprintf(err, err_size, "RootListLastSync '%.*s' is not a date YYYY-MM-DD (or 'never')", (int)len, text);
            return false;
        } else {
            acs_known_ok(&root->last_sync);
        }
    }
    return true;
}

cli_row_kind cli_inventory_row_facts(const cli_inventory_columns *columns, const cli_row_defaults *d,
                                     const cli_kb_filter *filter, const cli_csv_record *row, acs_host_facts *f,
                                     char *err, size_t err_size)
{
    size_t len, rev_len;
    const char *text, *rev;
    cli_os_version version;

    if (row->field_count < columns->needed) {
        snprintf(err, err_size, "%u fields, the header needs at least %u", (unsigned)row->field_count,
                 (unsigned)columns->needed);
        return CLI_ROW_BAD;
    }
    text = cli_inventory_cell(columns, row, CLI_COL_NAME, &len);
    if (len == 0) {
        snprintf(err, err_size, "the machine name is empty");
        return CLI_ROW_BAD;
    }
    /* An Intune export lists phones and Macs too; their versions are not
     * Windows versions, and they are no part of the verdict. */
    text = cli_inventory_cell(columns, row, CLI_COL_CAPTION, &len);
    if (len > 0 && cli_os_name_is_not_windows(text, len))
        return CLI_ROW_NOT_WINDOWS;

    /* Not the module list: a row fills it only when it names modules. */
    memcpy(f, &d->facts, offsetof(acs_host_facts, ppl) + offsetof(acs_ppl_facts, list));
    if (columns->index[CLI_COL_VERSION] >= 0) {
        text = cli_inventory_cell(columns, row, CLI_COL_VERSION, &len);
        rev = cli_inventory_cell(columns, row, CLI_COL_UBR, &rev_len);
        if (!cli_version_from_cells(text, len, rev, rev_len, &version, err, err_size))
            return CLI_ROW_BAD;
        cli_set_os_version(f, &version, &d->missing_revision);
    }
    if (!product_facts(columns, d, row, f, err, err_size))
        return CLI_ROW_BAD;

    text = cli_inventory_cell(columns, row, CLI_COL_KBS, &len);
    if (len > 0 && !add_row_kbs(text, len, filter, &f->updates, err, err_size))
        return CLI_ROW_BAD;
    if (!root_facts(columns, d, row, &f->root, err, err_size))
        return CLI_ROW_BAD;
    text = cli_inventory_cell(columns, row, CLI_COL_PPL_MODULES, &len);
    if (len > 0) {
        char why[224];
        if (!cli_parse_module_list(text, len, &f->ppl, why, sizeof why)) {
            snprintf(err, err_size, "PplModules: %s", why);
            return CLI_ROW_BAD;
        }
    }
    return CLI_ROW_MACHINE;
}

bool cli_inventory_row_more_kbs(const cli_inventory_columns *columns, const cli_kb_filter *filter,
                                const cli_csv_record *row, acs_host_facts *f, char *err, size_t err_size)
{
    size_t len;
    const char *text = cli_inventory_cell(columns, row, CLI_COL_KBS, &len);
    if (row->field_count < columns->needed) {
        snprintf(err, err_size, "%u fields, the header needs at least %u", (unsigned)row->field_count,
                 (unsigned)columns->needed);
        return false;
    }
    return len == 0 || add_row_kbs(text, len, filter, &f->updates, err, err_size);
}
