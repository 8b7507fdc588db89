#include "cli/csv_reader.h"

#include <stdint.h>
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

/* Excel's "Unicode Text" and PowerShell 5's Export-Csv without -Encoding
 * write UTF-16; read as bytes, its text would be parsed into nonsense rows.
 * Name the encoding instead (UTF-32 first: its BOM starts like UTF-16's). */
static const char *unsupported_encoding(const unsigned char *p, size_t len)
{
    if (len >= 4 && memcmp(p, "\xFF\xFE\0\0", 4) == 0)
        return "the file is UTF-32LE (byte order mark FF FE 00 00), an unsupported encoding: save it as UTF-8";
    if (len >= 4 && memcmp(p, "\0\0\xFE\xFF", 4) == 0)
        return "the file is UTF-32BE (byte order mark 00 00 FE FF), an unsupported encoding: save it as UTF-8";
    if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE)
        return "the file is UTF-16LE (byte order mark FF FE), an unsupported encoding: save it as UTF-8";
    if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF)
        return "the file is UTF-16BE (byte order mark FE FF), an unsupported encoding: save it as UTF-8";
    if (len >= 2 && (p[0] == 0 || p[1] == 0))
        return "the file starts with NUL bytes (UTF-16 or UTF-32 without a byte order mark?), an unsupported "
               "encoding: save it as UTF-8";
    return NULL;
}

/* Moves the unread tail to the front and reads more; false at end of input
 * or on a read error. The caller never asks when the buffer is full. */
static bool refill(cli_csv_reader *reader)
{
    if (reader->eof)
        return false;
    if (reader->pos > 0) {
        memmove(reader->buf, reader->buf + reader->pos, reader->end - reader->pos);
        reader->end -= reader->pos;
        reader->pos = 0;
    }
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
        else
            reader->unsupported = unsupported_encoding((const unsigned char *)reader->buf, reader->end);
    }
    return true;
}

static void reset_scan(cli_csv_reader *reader)
{
    reader->scanned = 0;
    reader->breaks = 0;
    reader->in_quotes = false;
    reader->after_cr = false;
}

/* Eight bytes at a time: whether any of them is a quote, CR or LF, the only
 * bytes the scan acts on (the classic "has a zero byte" test, applied to the
 * word XORed with each of the three; exact in telling whether one is there).
 * Most of an export's bytes are none of them, so most words are skipped whole. */
#define BYTES_OF(x) (0x0101010101010101ull * (x))
static bool word_has_special(uint64_t word)
{
    uint64_t quote = word ^ BYTES_OF('"'), lf = word ^ BYTES_OF('\n'), cr = word ^ BYTES_OF('\r');
    uint64_t zero = ((quote - BYTES_OF(1)) & ~quote) | ((lf - BYTES_OF(1)) & ~lf) | ((cr - BYTES_OF(1)) & ~cr);
    return (zero & BYTES_OF(0x80)) != 0;
}

/* Classifies the bytes of the record at pos not seen yet. Every quote toggles
 * "inside quotes" ("" toggles twice, so it stays inside); a CR or LF outside
 * quotes ends the record. Line breaks inside quotes are counted (CRLF once)
 * so the next record's line number is exact. True with *record_end at the
 * terminator; false when the buffered data ends first. */
static bool scan_record(cli_csv_reader *reader, size_t *record_end)
{
    const unsigned char *base = (const unsigned char *)reader->buf;
    const unsigned char *p = base + reader->pos + reader->scanned;
    const unsigned char *limit = base + reader->end;
    bool in_quotes = reader->in_quotes, after_cr = reader->after_cr;
    unsigned long breaks = reader->breaks;
    bool found = false;

    while (p < limit) {
        unsigned char c;
        /* Skip the words without a quote or line break; a skipped byte is
         * none of them, so the byte before the next stop is no CR. */
        if (limit - p >= 8) {
            uint64_t word;
            memcpy(&word, p, sizeof word);
            if (!word_has_special(word)) {
                p += 8;
                after_cr = false;
                continue;
            }
        }
        c = *p;
        if (c == '"') {
            in_quotes = !in_quotes;
        } else if (c == '\n' || c == '\r') {
            if (!in_quotes) {
                found = true;
                break;
            }
            if (c == '\r' || !after_cr)
                breaks++;
        }
        after_cr = c == '\r';
        p++;
    }
    reader->in_quotes = in_quotes;
    reader->after_cr = after_cr;
    reader->breaks = breaks;
    reader->scanned = (size_t)(p - (base + reader->pos));
    if (found)
        *record_end = (size_t)(p - base);
    return found;
}

/* Reads on through a record that does not fit the buffer, classifying but
 * keeping nothing, so its tail is never taken for a row of its own. */
static int skip_oversized(cli_csv_reader *reader, cli_csv_record *record)
{
    unsigned long line = reader->next_line;
    size_t record_end = 0;
    bool found = false;

    for (;;) {
        reader->pos = reader->end; /* already classified: drop it */
        reader->scanned = 0;
        if (!refill(reader)) {
            if (reader->read_error)
                return -1;
            break;
        }
        if (scan_record(reader, &record_end)) {
            found = true;
            break;
        }
    }
    reader->next_line = line + reader->breaks + (found ? 1u : 0u);
    if (found) {
        reader->skip_lf = reader->buf[record_end] == '\r';
        reader->pos = record_end + 1;
    }
    reset_scan(reader);
    record->line = line;
    record->error = "record longer than 4 MiB";
    record->field_count = 0;
    return 1;
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
        size_t record_end = 0;
        bool found;

        if (reader->pos >= reader->end && !refill(reader))
            return reader->read_error ? -1 : 0;
        if (reader->unsupported) {
            record->line = 1;
            record->error = reader->unsupported;
            record->field_count = 0;
            reader->unsupported = NULL;
            reader->eof = true; /* nothing after it can be read as CSV */
            reader->pos = reader->end;
            return 1;
        }
        if (reader->skip_lf) {
            reader->skip_lf = false;
            if (reader->buf[reader->pos] == '\n') {
                reader->pos++;
                continue;
            }
        }
        found = scan_record(reader, &record_end);
        while (!found) {
            if (reader->end - reader->pos == CLI_CSV_BUFFER)
                return skip_oversized(reader, record);
            if (!refill(reader)) {
                if (reader->read_error)
                    return -1;
                break; /* end of input: the record ends there */
            }
            found = scan_record(reader, &record_end);
        }
        if (!found)
            record_end = reader->end;

        char *start = reader->buf + reader->pos;
        char *end = reader->buf + record_end;
        bool unterminated = !found && reader->in_quotes;
        record->line = reader->next_line;
        record->error = NULL;
        reader->next_line += reader->breaks + (found ? 1u : 0u);
        reader->skip_lf = found && *end == '\r';
        reader->pos = found ? record_end + 1 : record_end;
        reset_scan(reader);
        if (end == start)
            continue; /* a blank line */
        if (unterminated) {
            record->error = "a quoted field is not closed";
            record->field_count = 0;
            return 1;
        }
        split_fields(start, end, reader->delimiter, record);
        return 1;
    }
}
