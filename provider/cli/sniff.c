/* Delimiter and preamble sniffing; see sniff.h. */
#include "cli/sniff.h"

#include <string.h>

/* The candidate counted most often; ties go to the order of CLI_DELIMITERS,
 * and ',' answers when there is none. */
static char most_frequent(const size_t counts[4])
{
    char best = ',';
    size_t best_count = 0;
    for (size_t d = 0; d < 4; d++)
        if (counts[d] > best_count) {
            best_count = counts[d];
            best = CLI_DELIMITERS[d];
        }
    return best;
}

char cli_sniff_delimiter_text(const char *text, size_t len)
{
    size_t counts[4] = {0, 0, 0, 0}, lines = 0;
    bool quoted = false, line_start = true, comment = false;

    for (size_t i = 0; i < len && lines < 10; i++) {
        char c = text[i];
        if (line_start) {
            comment = c == '#' && !quoted;
            line_start = false;
        }
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && (c == '\n' || c == '\r')) {
            lines += c == '\n';
            line_start = true;
        } else if (!quoted && !comment && c) {
            const char *at = memchr(CLI_DELIMITERS, c, 4);
            if (at)
                counts[at - CLI_DELIMITERS]++;
        }
    }
    return most_frequent(counts);
}

bool cli_parse_delimiter(const char *text, char *out)
{
    static const struct {
        const char *name;
        char delimiter;
    } names[] = {{",", ','},     {"comma", ','}, {";", ';'},     {"semicolon", ';'},
                 {"tab", '\t'},  {"\t", '\t'},   {"\\t", '\t'},  {"|", '|'},
                 {"pipe", '|'}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(text, names[i].name) == 0) {
            *out = names[i].delimiter;
            return true;
        }
    return false;
}

bool cli_is_preamble_line(const char *line, size_t len, char delimiter)
{
    bool quoted = false;
    if (len > 0 && line[0] == '#')
        return true;
    for (size_t i = 0; i < len; i++) {
        if (line[i] == '"')
            quoted = !quoted;
        else if (!quoted && line[i] == delimiter)
            return false;
    }
    return true;
}
