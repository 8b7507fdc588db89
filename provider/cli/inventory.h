/* acsready evaluate --inventory: one verdict per machine of an SCCM/Intune
 * style CSV export. Internals shared by its files. */
#ifndef ACSREADY_CLI_INVENTORY_H
#define ACSREADY_CLI_INVENTORY_H

#include "cli/cli.h"
#include "cli/csv_reader.h"

typedef enum cli_column {
    CLI_COL_NAME = 0,
    CLI_COL_VERSION,
    CLI_COL_PRODUCT_TYPE,
    CLI_COL_CAPTION,
    CLI_COL_KBS,
    CLI_COL_ROOT_PRESENT,
    CLI_COL_ROOT_STORE,
    CLI_COL_ROOT_AUTO_UPDATE_DISABLED,
    CLI_COL_ROOT_LAST_SYNC,
    CLI_COL_PPL_MODULES,
    CLI_COL_COUNT
} cli_column;

typedef struct cli_inventory_columns {
    int index[CLI_COL_COUNT]; /* field index, -1 when the file has no such column */
    size_t needed;            /* a row must have at least this many fields */
} cli_inventory_columns;

/* Maps a header row; false (with err) when the name or version column is missing. */
bool cli_inventory_map_header(const cli_csv_record *header, cli_inventory_columns *columns, char *err,
                              size_t err_size);
/* The column names accepted for one column, for messages and --help. */
const char *cli_inventory_aliases(cli_column column);
/* The column's first alias: the name the inventory's output gives it. */
const char *cli_inventory_column_name(cli_column column);

/* Remembers which KB numbers the catalog cares about, so a row listing
 * hundreds of hotfixes costs one bit test per KB. */
typedef struct cli_kb_filter {
    const acs_catalog *catalog;
    unsigned char *bits; /* 2 bits per KB below CLI_KB_FILTER_LIMIT */
} cli_kb_filter;

#define CLI_KB_FILTER_LIMIT 10000000u /* KB numbers have at most 7 digits */

bool cli_kb_filter_init(cli_kb_filter *filter, const acs_catalog *catalog);
void cli_kb_filter_free(cli_kb_filter *filter);
/* Asks the catalog the first time a KB is seen and remembers the answer. */
bool cli_kb_filter_ask(cli_kb_filter *filter, uint32_t kb);

/* Two bits per KB number: asked already (1), relevant (2). Inline because an
 * export holds tens of KBs per row. */
static inline bool cli_kb_filter_relevant(cli_kb_filter *filter, uint32_t kb)
{
    if (kb < CLI_KB_FILTER_LIMIT) {
        unsigned value = (unsigned)(filter->bits[kb >> 2] >> ((kb & 3u) * 2u)) & 3u;
        if (value & 1u)
            return (value & 2u) != 0;
    }
    return cli_kb_filter_ask(filter, kb);
}

/* What a row says when a column is absent or a cell empty, built once per file. */
typedef struct cli_row_defaults {
    acs_host_facts facts;    /* template copied into each row */
    acs_known missing_revision;
    acs_known empty_product;
    acs_known empty_root;
    acs_known empty_policy;
    acs_known empty_sync;
} cli_row_defaults;

void cli_row_defaults_init(cli_row_defaults *defaults, const cli_inventory_columns *columns);

/* A row -> facts; false with a message naming the problem (the row is skipped). */
bool cli_inventory_row_facts(const cli_inventory_columns *columns, const cli_row_defaults *defaults,
                             cli_kb_filter *filter, const cli_csv_record *row, acs_host_facts *facts, char *err,
                             size_t err_size);

#endif
