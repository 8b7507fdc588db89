/* Which column of an admin's export holds which fact: the header row mapped
 * through the one alias table (columns.c) and the --columns overrides. */
#include "cli/inventory.h"

#include <stdio.h>
#include <string.h>

bool cli_inventory_map_header(const cli_csv_record *header, const cli_column_override *override,
                              cli_inventory_columns *columns, char *err, size_t err_size)
{
    const char *names[CLI_CSV_MAX_FIELDS];
    char list[512];

    for (size_t i = 0; i < header->field_count; i++)
        names[i] = header->field[i];
    if (!cli_columns_map(names, header->length, header->field_count, override, columns->index, err, err_size))
        return false;
    columns->needed = 0;
    for (int c = 0; c < CLI_COL_COUNT; c++)
        if (columns->index[c] >= 0 && (size_t)columns->index[c] + 1 > columns->needed)
            columns->needed = (size_t)columns->index[c] + 1;
    /* A hotfix list (Get-HotFix | Export-Csv) names machines and KBs but no
     * version: each machine is then Unknown with that reason. */
    if (columns->index[CLI_COL_VERSION] < 0 &&
        !(columns->index[CLI_COL_KBS] >= 0 && columns->index[CLI_COL_NAME] >= 0)) {
        cli_columns_alias_list(CLI_FIELD_VERSION, list, sizeof list);
        snprintf(err, err_size, "no OS version column (one of: %s; or --columns version=COLUMN)", list);
        return false;
    }
    if (columns->index[CLI_COL_NAME] < 0) {
        cli_columns_alias_list(CLI_FIELD_NAME, list, sizeof list);
        snprintf(err, err_size, "no machine name column (one of: %s; or --columns name=COLUMN)", list);
        return false;
    }
    return true;
}

/* "Name" is what the CSV and JSON out have always called the machine; the
 * other facts are named by their first alias. */
const char *cli_inventory_column_name(cli_column column)
{
    return column == CLI_COL_NAME ? "Name" : cli_fields[column].aliases[0];
}
