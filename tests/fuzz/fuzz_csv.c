/* The inventory path without the evaluator: the encoding decoder (UTF-16LE,
 * CP932, Big5 -> UTF-8), the sniffed delimiter, the CSV reader (built with a
 * 256-byte buffer here, so refills and oversized records happen on small
 * inputs), the header mapping and the row -> facts parser, including the
 * rows merged into one machine. Checks, beyond the sanitizers: line numbers
 * never go backwards, and every field lies inside its record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/encoding.h"
#include "cli/inventory.h"
#include "cli/sniff.h"

static acs_catalog *catalog;
static cli_kb_filter filter;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char err[256];
    acs_catalog_library_init();
    if (acs_catalog_load_builtin(&catalog, err, sizeof err) != 0)
        abort();
    cli_kb_filter_init(&filter, catalog);
    return 0;
}

static size_t read_decoded(void *ctx, char *buf, size_t size, bool *error)
{
    cli_decoder *decoder = ctx;
    size_t n = cli_decoder_read(decoder, buf, size);
    *error = decoder->read_error;
    return n;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static cli_decoder decoder;
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
    if (!cli_decoder_open(&decoder, fp, CLI_ENCODING_AUTO, problem, sizeof problem)) {
        fclose(fp);
        return 0; /* an encoding it cannot tell: refused with a message */
    }
    if (!cli_csv_open(&reader, fp))
        abort();
    cli_csv_set_input(&reader, read_decoded, &decoder,
                      cli_sniff_delimiter_text(decoder.utf8 + decoder.utf8_pos, decoder.utf8_len - decoder.utf8_pos));
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
            have_header = cli_inventory_map_header(&record, NULL, &columns, problem, sizeof problem);
            if (have_header)
                cli_row_defaults_init(&defaults, &columns, CLI_NOT_GIVEN, ACS_LANG_EN);
            continue;
        }
        if (cli_inventory_row_facts(&columns, &defaults, &filter, &record, &facts, problem, sizeof problem) ==
            CLI_ROW_MACHINE)
            cli_inventory_row_more_kbs(&columns, &filter, &record, &facts, problem, sizeof problem);
    }
    cli_csv_close(&reader);
    cli_decoder_close(&decoder);
    fclose(fp);
    return 0;
}
