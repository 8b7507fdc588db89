/* Which column of an admin's export holds which fact. Names are matched
 * case-insensitively ignoring spaces, '_' and '-', so "OS version",
 * "OSVersion" and "os_version" are one column; within a column the earlier
 * alias wins when a file has several. */
#include "cli/inventory.h"

#include <stdio.h>
#include <string.h>

static const char *const aliases[CLI_COL_COUNT][8] = {
    [CLI_COL_NAME] = {"Name", "ComputerName", "DeviceName", "Device name", "Netbios_Name0", "CSName", "HostName"},
    /* Full versions first: SCCM's Version0 often lacks the revision. */
    [CLI_COL_VERSION] = {"OSVersionFull", "OSVersion", "OS version", "Version", "Version0"},
    [CLI_COL_PRODUCT_TYPE] = {"ProductType", "ProductType0"},
    [CLI_COL_CAPTION] = {"Caption", "Caption0", "OS", "OperatingSystem"},
    [CLI_COL_KBS] = {"InstalledKBs", "HotFixIDs", "KBs", "HotFixID"},
    [CLI_COL_ROOT_PRESENT] = {"RootCaPresent"},
    [CLI_COL_ROOT_STORE] = {"RootCaStore"},
    [CLI_COL_ROOT_AUTO_UPDATE_DISABLED] = {"RootAutoUpdateDisabled"},
    [CLI_COL_ROOT_LAST_SYNC] = {"RootListLastSync"},
    [CLI_COL_PPL_MODULES] = {"PplModules", "ProtectedServices"},
};

static const char *const alias_lists[CLI_COL_COUNT] = {
    [CLI_COL_NAME] = "Name, ComputerName, DeviceName, Device name, Netbios_Name0, CSName, HostName",
    [CLI_COL_VERSION] = "OSVersionFull, OSVersion, OS version, Version, Version0",
    [CLI_COL_PRODUCT_TYPE] = "ProductType, ProductType0",
    [CLI_COL_CAPTION] = "Caption, Caption0, OS, OperatingSystem",
    [CLI_COL_KBS] = "InstalledKBs, HotFixIDs, KBs, HotFixID",
    [CLI_COL_ROOT_PRESENT] = "RootCaPresent",
    [CLI_COL_ROOT_STORE] = "RootCaStore",
    [CLI_COL_ROOT_AUTO_UPDATE_DISABLED] = "RootAutoUpdateDisabled",
    [CLI_COL_ROOT_LAST_SYNC] = "RootListLastSync",
    [CLI_COL_PPL_MODULES] = "PplModules, ProtectedServices",
};

const char *cli_inventory_aliases(cli_column column)
{
    return alias_lists[column];
}

const char *cli_inventory_column_name(cli_column column)
{
    return aliases[column][0];
}

/* Lower case without ' ', '_', '-'; "" when it does not fit. */
static void normalize(const char *text, size_t len, char *out, size_t size)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == ' ' || c == '_' || c == '-' || c == '\t')
            continue;
        if (n + 1 == size) {
            n = 0;
            break;
        }
        out[n++] = acs_ascii_lower(c);
    }
    out[n] = '\0';
}

bool cli_inventory_map_header(const cli_csv_record *header, cli_inventory_columns *columns, char *err,
                              size_t err_size)
{
    char names[CLI_CSV_MAX_FIELDS][48];
    char alias[48];

    for (size_t i = 0; i < header->field_count; i++)
        normalize(header->field[i], header->length[i], names[i], sizeof names[i]);
    columns->needed = 0;
    for (int c = 0; c < CLI_COL_COUNT; c++) {
        columns->index[c] = -1;
        for (size_t a = 0; a < 8 && aliases[c][a] && columns->index[c] < 0; a++) {
            normalize(aliases[c][a], strlen(aliases[c][a]), alias, sizeof alias);
            for (size_t i = 0; i < header->field_count; i++)
                if (strcmp(names[i], alias) == 0) {
                    columns->index[c] = (int)i;
                    break;
                }
        }
        if (columns->index[c] >= 0 && (size_t)columns->index[c] + 1 > columns->needed)
            columns->needed = (size_t)columns->index[c] + 1;
    }
    if (columns->index[CLI_COL_NAME] < 0) {
        snprintf(err, err_size, "no machine name column (one of: %s)", alias_lists[CLI_COL_NAME]);
        return false;
    }
    if (columns->index[CLI_COL_VERSION] < 0) {
        snprintf(err, err_size, "no OS version column (one of: %s)", alias_lists[CLI_COL_VERSION]);
        return false;
    }
    return true;
}
