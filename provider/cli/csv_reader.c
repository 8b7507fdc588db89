#include "cli/csv_reader.h"

#include <stdlib.h>
#include <string.h>

bool cli_csv_open(cli_csv_reader *reader, FILE *fp)
{
    memset(reader, 0, sizeof *reader);
    reader->fp = fp;
    reader->next_line = 1;
    reader->delimiter = ',';
    reader->buf = malloc(CLI_CSV_BUFFER + 1);
    /* The reader has its own large buffer; stdio's would only add a copy. */
    if (reader->buf)
        setvbuf(fp, NULL, _IONBF, 0);
    return reader->buf != NULL;
}

void cli_csv_set_input(cli_csv_reader *reader, cli_csv_source source, void *ctx, char delimiter)
{
    reader->source = source;
    reader->source_ctx = ctx;
    reader->delimiter = delimiter;
}

void cli_csv_close(cli_csv_reader *reader)
{
    free(reader->buf);
    reader->buf = NULL;
}

/* Moves the unread tail to the front and reads more; false at end or error. */
static bool refill(cli_csv_reader *reader)
{
    if (reader->eof)
        return false;
    if (reader->pos > 0) {
        memmove(reader->buf, reader->buf + reader->pos, reader->end - reader->pos);
        reader->end -= reader->pos;
        reader->pos = 0;
    }
    if (reader->end == CLI_CSV_BUFFER)
        return false;
    bool error = false;
    size_t n = reader->source
                   ? reader->source(reader->source_ctx, reader->buf + reader->end, CLI_CSV_BUFFER - reader->end, &error)
                   : fread(reader->buf + reader->end, 1, CLI_CSV_BUFFER - reader->end, reader->fp);
    if (n == 0) {
        reader->eof = true;
        reader->read_error = reader->source ? error : ferror(reader->fp) != 0;
        return false;
    }
    reader->end += n;
    if (!reader->started) {
        reader->started = true;
        if (reader->end >= 3 && memcmp(reader->buf, "\xEF\xBB\xBF", 3) == 0)
            reader->pos = 3;
    }
    return true;
}

static unsigned long count_newlines(const char *p, const char *end)
{
    unsigned long n = 0;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        n++;
        p++;
    }
    return n;
}

/* Finds where the record at pos ends (the LF outside quotes, or end of data),
 * jumping between quotes and line ends with memchr. Returns false when more
 * data is needed. */
static bool find_record_end(const cli_csv_reader *reader, size_t *record_end, unsigned long *newlines,
                            bool *unterminated)
{
    const char *p = reader->buf + reader->pos;
    const char *limit = reader->buf + reader->end;
    const char *nl = NULL;

    *newlines = 0;
    *unterminated = false;
    for (;;) {
        if (!nl || nl < p)
            nl = memchr(p, '\n', (size_t)(limit - p));
        const char *quote = memchr(p, '"', (size_t)((nl ? nl : limit) - p));
        if (!quote) {
            if (nl) {
                *record_end = (size_t)(nl - reader->buf);
                return true;
            }
            break;
        }
        /* Inside quotes up to the closing one; "" closes and reopens. */
        const char *close = memchr(quote + 1, '"', (size_t)(limit - quote - 1));
        if (!close) {
            if (!reader->eof)
                return false;
            *newlines += count_newlines(quote + 1, limit);
            *unterminated = true;
            break;
        }
        if (nl && nl < close)
            *newlines += count_newlines(nl, close);
        p = close + 1;
    }
    if (!reader->eof)
        return false;
    *record_end = reader->end;
    return true;
}

/* A quoted field starting at p (the opening quote): unescapes "" in place,
 * copying only after the first doubled quote. Returns the position after the
 * closing quote, or NULL when it is not closed. */
static char *unquote_field(char *p, char *end, char **field, size_t *length)
{
    char *start = p + 1, *w = NULL;
    p = start;
    for (;;) {
        char *q = memchr(p, '"', (size_t)(end - p));
        if (!q)
            return NULL;
        if (w) {
            memmove(w, p, (size_t)(q - p));
            w += q - p;
        }
        if (q + 1 < end && q[1] == '"') {
            if (!w)
                w = q;
            *w++ = '"';
            p = q + 2;
            continue;
        }
        char *field_end = w ? w : q;
        *field = start;
        *length = (size_t)(field_end - start);
        *field_end = '\0';
        return q + 1;
    }
}

static void split_fields(char *p, char *end, char delimiter, cli_csv_record *record)
{
    record->field_count = 0;
    for (;;) {
        if (record->field_count == CLI_CSV_MAX_FIELDS) {
            record->error = "more than 256 fields";
            return;
        }
        size_t k = record->field_count++;
        if (p < end && *p == '"') {
            p = unquote_field(p, end, &record->field[k], &record->length[k]);
            if (!p) {
                record->error = "a quoted field is not closed";
                return;
            }
            if (p < end && *p != delimiter) {
                record->error = "text after a closing quote (a quote inside a field must be doubled)";
                return;
            }
        } else {
            char *comma = memchr(p, delimiter, (size_t)(end - p));
            char *stop = comma ? comma : end;
            record->field[k] = p;
            record->length[k] = (size_t)(stop - p);
            p = stop;
        }
        if (p == end) {
            *end = '\0';
            return;
        }
        *p++ = '\0'; /* the comma */
    }
}

int cli_csv_next(cli_csv_reader *reader, cli_csv_record *record)
{
    for (;;) {
        size_t record_end;
        unsigned long newlines;
        bool unterminated;

        if (reader->pos >= reader->end && !refill(reader))
            return reader->read_error ? -1 : 0;
        while (!find_record_end(reader, &record_end, &newlines, &unterminated)) {
            if (!refill(reader)) {
                if (reader->read_error)
                    return -1;
                if (!reader->eof) {
                    /* The buffer is full and holds no record end: skip to the next line. */
                    char *nl = memchr(reader->buf, '\n', reader->end);
                    record->line = reader->next_line;
                    record->error = "record longer than 4 MiB";
                    record->field_count = 0;
                    reader->next_line++;
                    reader->pos = nl ? (size_t)(nl - reader->buf) + 1 : reader->end;
                    return 1;
                }
            }
        }
        char *start = reader->buf + reader->pos;
        char *end = reader->buf + record_end;
        record->line = reader->next_line;
        record->error = NULL;
        reader->next_line += newlines + (record_end < reader->end ? 1 : 0);
        reader->pos = record_end < reader->end ? record_end + 1 : record_end;
        if (end > start && end[-1] == '\r')
            end--;
        if (end == start)
            continue;
        if (unterminated) {
            record->error = "a quoted field is not closed";
            record->field_count = 0;
            return 1;
        }
        split_fields(start, end, reader->delimiter, record);
        return 1;
    }
}
