/* What the first lines of an export say about its shape: the delimiter of
 * its header line (',' ';' TAB or '|'), and whether a line above the header
 * is a preamble to skip - PowerShell's "#TYPE ..." line or a report title. */
#ifndef ACSREADY_CLI_SNIFF_H
#define ACSREADY_CLI_SNIFF_H

#include <stdbool.h>
#include <stddef.h>

#define CLI_DELIMITERS ",;\t|"

/* The delimiter of an export from its first lines (up to 10, "#" lines
 * ignored): the candidate that occurs most often outside quotes in all of
 * them, so a title line above the header does not decide (ties: the order of
 * CLI_DELIMITERS; ',' when there is none). */
char cli_sniff_delimiter_text(const char *text, size_t len);
/* "--delimiter" values: "," ";" "tab" "\t" "|" (also "comma", "semicolon",
 * "pipe"); false for anything else. */
bool cli_parse_delimiter(const char *text, char *out);
/* "#TYPE ..." (Export-Csv of Windows PowerShell), a "#" comment, or a line
 * without the delimiter (a title such as "資産一覧 2026/11/30"). */
bool cli_is_preamble_line(const char *line, size_t len, char delimiter);

#endif
