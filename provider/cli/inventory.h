/* acsready evaluate --inventory: one verdict per machine of an SCCM/Intune
 * style CSV export. Internals shared by its files. */
#ifndef ACSREADY_CLI_INVENTORY_H
#define ACSREADY_CLI_INVENTORY_H

#include "cli/cli.h"
#include "cli/csv_reader.h"
#include "cli/columns.h"
#include "cli/kb_filter.h"

/* The facts a column can hold: the one table in columns.h. */
typedef cli_field cli_column;
#define CLI_COL_NAME CLI_FIELD_NAME
#define CLI_COL_VERSION CLI_FIELD_VERSION
#define CLI_COL_UBR CLI_FIELD_UBR
#define CLI_COL_PRODUCT_TYPE CLI_FIELD_PRODUCT_TYPE
#define CLI_COL_CAPTION CLI_FIELD_OS_NAME
#define CLI_COL_KBS CLI_FIELD_KBS
#define CLI_COL_ROOT_PRESENT CLI_FIELD_ROOT_PRESENT
#define CLI_COL_ROOT_STORE CLI_FIELD_ROOT_STORE
#define CLI_COL_ROOT_AUTO_UPDATE_DISABLED CLI_FIELD_ROOT_AUTO_UPDATE_DISABLED
#define CLI_COL_ROOT_LAST_SYNC CLI_FIELD_ROOT_LAST_SYNC
#define CLI_COL_PPL_MODULES CLI_FIELD_PPL_MODULES
#define CLI_COL_COUNT CLI_FIELD_COUNT

typedef struct cli_inventory_columns {
    int index[CLI_COL_COUNT]; /* field index, -1 when the file has no such column */
    size_t needed;            /* a row must have at least this many fields */
} cli_inventory_columns;

/* Maps a header row (with the --columns overrides, or NULL); false with err
 * when an override names a missing column or no version column is found. A
 * header without a name column is accepted only when a version column is
 * found (the caller decides whether a record is the header). */
bool cli_inventory_map_header(const cli_csv_record *header, const cli_column_override *override,
                              cli_inventory_columns *columns, char *err, size_t err_size);
/* The name the inventory's output gives a column ("Name" for the machine). */
const char *cli_inventory_column_name(cli_column column);

/* What a row says when a column is absent or a cell empty, built once per file. */
typedef struct cli_row_defaults {
    acs_host_facts facts;    /* template copied into each row */
    acs_known missing_revision;
    acs_known empty_product;
    acs_known vague_product;
    acs_known empty_root;
    acs_known empty_policy;
    acs_known empty_sync;
    /* The export has no root column: the root was not checked and is taken
     * as --assume-root says ("present" by default); NULL when it has one. */
    const char *root_assumed;
} cli_row_defaults;

void cli_row_defaults_init(cli_row_defaults *defaults, const cli_inventory_columns *columns, cli_tri assume_root,
                           acs_lang lang);

typedef enum cli_row_kind {
    CLI_ROW_MACHINE,     /* facts filled */
    CLI_ROW_NOT_WINDOWS, /* an iOS, Android, macOS or Linux device: skipped and counted */
    CLI_ROW_BAD          /* err says why; reported by line and skipped */
} cli_row_kind;

/* A row -> facts (the first row of a machine). */
cli_row_kind cli_inventory_row_facts(const cli_inventory_columns *columns, const cli_row_defaults *defaults,
                                     const cli_kb_filter *filter, const cli_csv_record *row, acs_host_facts *facts,
                                     char *err, size_t err_size);
/* A further row of the same machine (one row per hotfix): its KBs join the facts. */
bool cli_inventory_row_more_kbs(const cli_inventory_columns *columns, const cli_kb_filter *filter,
                                const cli_csv_record *row, acs_host_facts *facts, char *err, size_t err_size);
/* The cell without surrounding blanks; len 0 when the column is absent.
 * Inline: it runs several times for every row. */
static inline const char *cli_inventory_cell(const cli_inventory_columns *columns, const cli_csv_record *row,
                                             cli_column column, size_t *len)
{
    int index = columns->index[column];
    const char *text;
    size_t n;
    *len = 0;
    if (index < 0)
        return "";
    text = row->field[index];
    n = row->length[index];
    while (n > 0 && (*text == ' ' || *text == '\t' || *text == '\r' || *text == '\n')) {
        text++;
        n--;
    }
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\r' || text[n - 1] == '\n'))
        n--;
    *len = n;
    return text;
}

#endif
