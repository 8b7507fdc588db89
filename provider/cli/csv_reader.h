/* A streaming RFC 4180 reader: quoted fields (with "" and line breaks inside),
 * CRLF, LF or a lone CR, a UTF-8 BOM. Records are parsed in place in one large
 * buffer, so memory stays flat however many rows a file has, and nothing is
 * allocated per record. Fields are NUL-terminated and valid until the next call.
 *
 * Exact and linear: every byte is classified once (the scan state survives a
 * refill), so the cost is linear whatever the quoting; a record longer than the
 * buffer is read to its end and reported as ONE bad row at its first line, and
 * every later record keeps its true line number. */
#ifndef ACSREADY_CLI_CSV_READER_H
#define ACSREADY_CLI_CSV_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CLI_CSV_MAX_FIELDS 256
#ifndef CLI_CSV_BUFFER
#define CLI_CSV_BUFFER (4u << 20) /* also the longest record accepted; a test build may shrink it */
#endif

/* Where the bytes come from when not straight from fp (a decoder that turns
 * UTF-16 or CP932 into UTF-8): like fread, and *error on a read error. */
typedef size_t (*cli_csv_source)(void *ctx, char *buf, size_t size, bool *error);

typedef struct cli_csv_reader {
    FILE *fp;
    cli_csv_source source; /* NULL: fread from fp */
    void *source_ctx;
    char delimiter;        /* ',' unless set */
    char *buf;          /* CLI_CSV_BUFFER + 1 bytes: room for a final NUL */
    size_t pos, end;
    bool eof, read_error, started;
    unsigned long next_line; /* physical line the next record starts on */
    /* The scan of the record at pos, kept across refills so no byte is looked at twice. */
    size_t scanned;          /* bytes after pos already classified */
    unsigned long breaks;    /* line breaks inside quotes so far */
    bool in_quotes, after_cr;
    bool skip_lf;            /* the last record ended on CR: a LF next is its CRLF */
    const char *unsupported; /* the file's encoding is not one we read: the only "record" */
} cli_csv_reader;

typedef struct cli_csv_record {
    unsigned long line;    /* first physical line of the record (1-based) */
    const char *error;     /* set when the record is malformed; fields are then unusable */
    size_t field_count;
    char *field[CLI_CSV_MAX_FIELDS];
    size_t length[CLI_CSV_MAX_FIELDS];
} cli_csv_record;

bool cli_csv_open(cli_csv_reader *reader, FILE *fp);
/* Reads through source instead of fp, fields separated by delimiter. */
void cli_csv_set_input(cli_csv_reader *reader, cli_csv_source source, void *ctx, char delimiter);
void cli_csv_close(cli_csv_reader *reader);
/* 1: a record (check error), 0: end of input, -1: read error. Blank lines are skipped.
 * A file in UTF-16 or UTF-32 (a byte order mark, or NUL bytes at the start) is
 * one bad record at line 1 naming the encoding, then the end. */
int cli_csv_next(cli_csv_reader *reader, cli_csv_record *record);

#endif
