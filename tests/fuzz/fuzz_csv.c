/* The inventory path without the evaluator: CSV reader (built with a 256-byte
 * buffer here, so refills and oversized records happen on small inputs), the
 * header mapping and the row -> facts parser. Checks, beyond the sanitizers:
 * line numbers never go backwards, and every field lies inside its record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/inventory.h"

static acs_catalog *catalog;
static cli_kb_filter filter;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char err[256];
    acs_catalog_library_init();
    if (acs_catalog_load_builtin(&catalog, err, sizeof err) != 0 || !cli_kb_filter_init(&filter, catalog))
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static cli_csv_reader reader;
    static cli_csv_record record;
    static acs_host_facts facts;
    static cli_row_defaults defaults;
    cli_inventory_columns columns;
    char problem[256];
    bool have_header = false;
    unsigned long last_line = 0;
    FILE *fp = fmemopen((void *)data, size, "rb");

    if (!fp)
        return 0;
    if (!cli_csv_open(&reader, fp))
        abort();
    while (cli_csv_next(&reader, &record) == 1) {
        if (record.line <= last_line)
            abort(); /* a record never starts on or before the previous one's line */
        last_line = record.line;
        if (record.error)
            continue;
        for (size_t i = 0; i < record.field_count; i++)
            if (record.field[i][record.length[i]] != '\0')
                abort();
        if (!have_header) {
            have_header = cli_inventory_map_header(&record, &columns, problem, sizeof problem);
            if (have_header)
                cli_row_defaults_init(&defaults, &columns);
            continue;
        }
        cli_inventory_row_facts(&columns, &defaults, &filter, &record, &facts, problem, sizeof problem);
    }
    cli_csv_close(&reader);
    fclose(fp);
    return 0;
}
