#include "cli/writer.h"

#include <string.h>

void cli_writer_init(cli_writer *w, FILE *fp)
{
    w->fp = fp;
    w->len = 0;
    w->failed = false;
}

void cli_writer_drain(cli_writer *w)
{
    if (w->len > 0 && !w->failed && fwrite(w->buf, 1, w->len, w->fp) != w->len)
        w->failed = true;
    w->len = 0;
}

bool cli_writer_flush(cli_writer *w)
{
    cli_writer_drain(w);
    if (fflush(w->fp) != 0 || ferror(w->fp))
        w->failed = true;
    return !w->failed;
}

void cli_write_bytes(cli_writer *w, const char *data, size_t len)
{
    while (len > 0) {
        size_t room = sizeof w->buf - w->len;
        size_t n = len < room ? len : room;
        memcpy(w->buf + w->len, data, n);
        w->len += n;
        data += n;
        len -= n;
        if (w->len == sizeof w->buf)
            cli_writer_drain(w);
    }
}

void cli_write_str(cli_writer *w, const char *text)
{
    cli_write_bytes(w, text, strlen(text));
}

void cli_write_u32(cli_writer *w, uint32_t value)
{
    char digits[10];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0);
    while (n > 0)
        cli_write_char(w, digits[--n]);
}

void cli_write_padded(cli_writer *w, const char *text, size_t width)
{
    size_t len = strlen(text);
    cli_write_bytes(w, text, len);
    for (; len < width; len++)
        cli_write_char(w, ' ');
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when it is not one. */
static size_t utf8_sequence_length(const unsigned char *p, size_t avail)
{
    unsigned char c = p[0];
    size_t need;
    unsigned min_second = 0x80, max_second = 0xBF;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            min_second = 0xA0; /* overlong */
        else if (c == 0xED)
            max_second = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            min_second = 0x90;
        else if (c == 0xF4)
            max_second = 0x8F; /* above U+10FFFF */
    } else
        return 0;
    if (avail < need || p[1] < min_second || p[1] > max_second)
        return 0;
    for (size_t i = 2; i < need; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return need;
}

void cli_write_json_string(cli_writer *w, const char *text, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)text;
    const unsigned char *end = p + len;

    cli_write_char(w, '"');
    while (p < end) {
        unsigned char c = *p;
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x7F) {
            const unsigned char *run = p;
            while (p < end && *p >= 0x20 && *p != '"' && *p != '\\' && *p < 0x7F)
                p++;
            cli_write_bytes(w, (const char *)run, (size_t)(p - run));
            continue;
        }
        switch (c) {
        case '"': cli_write_bytes(w, "\\\"", 2); p++; continue;
        case '\\': cli_write_bytes(w, "\\\\", 2); p++; continue;
        case '\n': cli_write_bytes(w, "\\n", 2); p++; continue;
        case '\r': cli_write_bytes(w, "\\r", 2); p++; continue;
        case '\t': cli_write_bytes(w, "\\t", 2); p++; continue;
        case '\b': cli_write_bytes(w, "\\b", 2); p++; continue;
        case '\f': cli_write_bytes(w, "\\f", 2); p++; continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7F) {
            char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            cli_write_bytes(w, esc, sizeof esc);
            p++;
            continue;
        }
        size_t n = utf8_sequence_length(p, (size_t)(end - p));
        if (n == 0) {
            cli_write_bytes(w, "\\ufffd", 6);
            p++;
        } else {
            cli_write_bytes(w, (const char *)p, n);
            p += n;
        }
    }
    cli_write_char(w, '"');
}

/* A field a spreadsheet would evaluate: one starting with = + - @ (a formula)
 * or with a tab or CR (which Excel skips before looking for one). OWASP's CSV
 * injection guidance: https://owasp.org/www-community/attacks/CSV_Injection */
static bool starts_like_formula(const char *text, size_t len)
{
    static const char triggers[] = {'=', '+', '-', '@', '\t', '\r'};
    return len > 0 && memchr(triggers, text[0], sizeof triggers) != NULL;
}

void cli_write_csv_field(cli_writer *w, const char *text, size_t len)
{
    bool formula = starts_like_formula(text, len);
    bool quote = formula;
    for (size_t i = 0; i < len && !quote; i++)
        quote = text[i] == ',' || text[i] == '"' || text[i] == '\n' || text[i] == '\r';
    if (!quote) {
        cli_write_bytes(w, text, len);
        return;
    }
    cli_write_char(w, '"');
    /* OWASP: a single quote before the field, inside the quotes, so the cell
     * is shown as text and the value stays readable. */
    if (formula)
        cli_write_char(w, '\'');
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '"')
            cli_write_char(w, '"');
        cli_write_char(w, text[i]);
    }
    cli_write_char(w, '"');
}

void cli_write_text_cell(cli_writer *w, const char *text, size_t len)
{
    if (starts_like_formula(text, len))
        cli_write_char(w, '\'');
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        cli_write_char(w, c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
    }
}
