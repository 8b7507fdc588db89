/* Buffered output for the command line: one big buffer per stream so an
 * inventory of a million machines costs a few hundred write calls, plus the
 * escaping JSON and CSV need. A failed write is remembered, not ignored. */
#ifndef ACSREADY_CLI_WRITER_H
#define ACSREADY_CLI_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CLI_WRITER_BUFFER (1u << 16)

typedef struct cli_writer {
    FILE *fp;
    size_t len;
    bool failed;
    char buf[CLI_WRITER_BUFFER];
} cli_writer;

void cli_writer_init(cli_writer *w, FILE *fp);
void cli_writer_drain(cli_writer *w);
/* Drains and fflush()es; false when any write so far failed. */
bool cli_writer_flush(cli_writer *w);

void cli_write_bytes(cli_writer *w, const char *data, size_t len);
void cli_write_str(cli_writer *w, const char *text);
void cli_write_u32(cli_writer *w, uint32_t value);
void cli_write_padded(cli_writer *w, const char *text, size_t width); /* left-aligned, space filled */

static inline void cli_write_char(cli_writer *w, char c)
{
    if (w->len == sizeof w->buf)
        cli_writer_drain(w);
    w->buf[w->len++] = c;
}

/* A JSON string with its quotes. Control characters are escaped; bytes that
 * are not valid UTF-8 become U+FFFD so the document always parses. */
void cli_write_json_string(cli_writer *w, const char *text, size_t len);
/* An RFC 4180 field: quoted only when it holds a comma, quote, CR or LF, or
 * when it starts like a spreadsheet formula (= + - @ tab CR): then it is
 * quoted with a single quote in front, so no spreadsheet runs it (OWASP). */
void cli_write_csv_field(cli_writer *w, const char *text, size_t len);
/* Text that starts a line of plain-text output and came from input (a machine
 * name): on one line (CR, LF, tab become spaces) and, like a CSV field, with
 * a single quote in front when it starts like a formula. */
void cli_write_text_cell(cli_writer *w, const char *text, size_t len);

#endif
