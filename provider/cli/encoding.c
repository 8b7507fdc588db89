/* Detection and streaming conversion to UTF-8 of inventory exports; see
 * encoding.h. Detection is pure C (the same answer on every platform); only
 * the conversion differs: iconv on POSIX, the Win32 code page functions on
 * Windows. Bytes that are not valid in the file's encoding become U+FFFD and
 * are counted, so a damaged name never stops a million-row export, and a
 * damaged version fails its row's parse with the row's line number. */
#include "cli/encoding.h"

#include <string.h>

#ifdef _WIN32
#include <windows.h>
#else
#include <errno.h>
#include <iconv.h>
#endif

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

static bool same_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = (char)(*a >= 'A' && *a <= 'Z' ? *a - 'A' + 'a' : *a);
        char y = (char)(*b >= 'A' && *b <= 'Z' ? *b - 'A' + 'a' : *b);
        if (x != y)
            return false;
    }
    return *a == *b;
}

bool cli_encoding_parse(const char *name, cli_encoding *out)
{
    static const struct {
        const char *name;
        cli_encoding encoding;
    } names[] = {
        {"auto", CLI_ENCODING_AUTO},       {"utf-8", CLI_ENCODING_UTF8},        {"utf8", CLI_ENCODING_UTF8},
        {"utf-16le", CLI_ENCODING_UTF16LE}, {"utf-16", CLI_ENCODING_UTF16LE},   {"utf16le", CLI_ENCODING_UTF16LE},
        {"unicode", CLI_ENCODING_UTF16LE},  {"cp932", CLI_ENCODING_CP932},      {"shift_jis", CLI_ENCODING_CP932},
        {"shift-jis", CLI_ENCODING_CP932},  {"sjis", CLI_ENCODING_CP932},       {"windows-31j", CLI_ENCODING_CP932},
        {"big5", CLI_ENCODING_BIG5},        {"cp950", CLI_ENCODING_BIG5},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (same_nocase(name, names[i].name)) {
            *out = names[i].encoding;
            return true;
        }
    return false;
}

const char *cli_encoding_name(cli_encoding encoding)
{
    switch (encoding) {
    case CLI_ENCODING_UTF8:
        return "UTF-8";
    case CLI_ENCODING_UTF16LE:
        return "UTF-16LE";
    case CLI_ENCODING_CP932:
        return "CP932";
    case CLI_ENCODING_BIG5:
        return "Big5";
    case CLI_ENCODING_AUTO:
        break;
    }
    return "auto";
}

/* Valid UTF-8, allowing one character cut by the end of the sample. */
static bool valid_utf8(const unsigned char *p, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        size_t need;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            need = 1;
        else if (c >= 0xE0 && c <= 0xEF)
            need = 2;
        else if (c >= 0xF0 && c <= 0xF4)
            need = 3;
        else
            return false;
        for (size_t k = 1; k <= need; k++) {
            if (i + k == len)
                return true; /* cut by the sample's end */
            if ((p[i + k] & 0xC0) != 0x80)
                return false;
        }
        i += need + 1;
    }
    return true;
}

static bool cp932_lead(unsigned char c)
{
    return (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC);
}

/* Big5 as Microsoft's code page 950 defines its lead bytes. */
static bool big5_lead(unsigned char c)
{
    return c >= 0x81 && c <= 0xFE;
}

/* Valid CP932; *score counts the double-byte characters typical of Japanese
 * text (rows 0x81-0x9F: symbols, kana, the common kanji). Half-width kana
 * single bytes are valid but score nothing: they are rare in exports and are
 * exactly the bytes Big5 text is made of. */
static bool scan_cp932(const unsigned char *p, size_t len, size_t *score)
{
    *score = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = p[i];
        if (c < 0x80 || (c >= 0xA1 && c <= 0xDF))
            continue;
        if (!cp932_lead(c))
            return false;
        if (i + 1 == len)
            return true;
        unsigned char t = p[++i];
        if (t < 0x40 || t == 0x7F || t > 0xFC)
            return false;
        if (c <= 0x9F)
            *score += 2;
    }
    return true;
}

/* Valid Big5 (lead 0xA1-0xF9 for detection: the user-defined rows 0x81-0xA0
 * and 0xFA-0xFE do not occur in real text); *score counts hanzi rows. */
static bool scan_big5(const unsigned char *p, size_t len, size_t *score)
{
    *score = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = p[i];
        if (c < 0x80)
            continue;
        if (c < 0xA1 || c > 0xF9)
            return false;
        if (i + 1 == len)
            return true;
        unsigned char t = p[++i];
        if (!((t >= 0x40 && t <= 0x7E) || (t >= 0xA1 && t <= 0xFE)))
            return false;
        if (c >= 0xA4)
            *score += 2;
    }
    return true;
}

cli_encoding cli_encoding_detect(const unsigned char *head, size_t len, size_t *bom_len, const char **why)
{
    size_t cp932_score, big5_score;
    bool cp932, big5;

    *bom_len = 0;
    *why = NULL;
    if (len >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) {
        *bom_len = 3;
        return CLI_ENCODING_UTF8;
    }
    /* UTF-32 first: its little-endian BOM starts like UTF-16's. */
    if (len >= 4 && memcmp(head, "\xFF\xFE\0\0", 4) == 0) {
        *why = "the file is UTF-32LE (byte order mark FF FE 00 00), an unsupported encoding: save it as UTF-8";
        return CLI_ENCODING_AUTO;
    }
    if (len >= 4 && memcmp(head, "\0\0\xFE\xFF", 4) == 0) {
        *why = "the file is UTF-32BE (byte order mark 00 00 FE FF), an unsupported encoding: save it as UTF-8";
        return CLI_ENCODING_AUTO;
    }
    if (len >= 2 && head[0] == 0xFF && head[1] == 0xFE) {
        *bom_len = 2;
        return CLI_ENCODING_UTF16LE;
    }
    if (len >= 2 && head[0] == 0xFE && head[1] == 0xFF) {
        *why = "the file is UTF-16 big-endian; save it as UTF-8 or UTF-16LE (Excel's \"Unicode text\")";
        return CLI_ENCODING_AUTO;
    }
    if (valid_utf8(head, len))
        return CLI_ENCODING_UTF8;
    cp932 = scan_cp932(head, len, &cp932_score);
    big5 = scan_big5(head, len, &big5_score);
    if (cp932 && (!big5 || cp932_score > big5_score))
        return CLI_ENCODING_CP932;
    if (big5 && (!cp932 || big5_score > cp932_score))
        return CLI_ENCODING_BIG5;
    *why = cp932 ? "the bytes read as both CP932 and Big5; name the encoding with --encoding"
                 : "the file is neither UTF-8, UTF-16LE (with a BOM), CP932 nor Big5; name it with --encoding";
    return CLI_ENCODING_AUTO;
}

/* How many bytes at the end of raw[0..len) start a character that continues
 * in the next read (0 when the buffer ends on a whole character). */
static size_t incomplete_tail(cli_encoding encoding, const unsigned char *raw, size_t len)
{
    size_t i = 0;
    switch (encoding) {
    case CLI_ENCODING_UTF16LE:
        if (len % 2)
            return 1;
        if (len >= 2 && raw[len - 1] >= 0xD8 && raw[len - 1] <= 0xDB)
            return 2; /* a high surrogate waits for its low half */
        return 0;
    case CLI_ENCODING_CP932:
    case CLI_ENCODING_BIG5:
        while (i < len) {
            bool lead = encoding == CLI_ENCODING_CP932 ? cp932_lead(raw[i]) : big5_lead(raw[i]);
            if (!lead) {
                i++;
                continue;
            }
            if (i + 1 == len)
                return 1;
            i += 2;
        }
        return 0;
    case CLI_ENCODING_UTF8: {
        /* back over continuation bytes to the last lead byte */
        size_t k = len, cont = 0;
        while (k > 0 && cont < 3 && (raw[k - 1] & 0xC0) == 0x80) {
            k--;
            cont++;
        }
        if (k == 0 || raw[k - 1] < 0xC0)
            return 0;
        size_t need = raw[k - 1] >= 0xF0 ? 3 : raw[k - 1] >= 0xE0 ? 2 : 1;
        return cont < need ? cont + 1 : 0;
    }
    case CLI_ENCODING_AUTO:
        break;
    }
    return 0;
}

#ifdef _WIN32
static UINT code_page(cli_encoding encoding)
{
    return encoding == CLI_ENCODING_CP932 ? 932u : 950u;
}

static bool converter_open(cli_decoder *d, char *err, size_t err_size)
{
    (void)err;
    (void)err_size;
    d->state = NULL;
    return true;
}

static void converter_close(cli_decoder *d)
{
    (void)d;
}

/* One character (1 or 2 bytes) at a time, so a byte that is not valid
 * becomes U+FFFD and is counted as on POSIX, not Windows' default char. */
static int widen_each(cli_decoder *d, const unsigned char *raw, size_t len, WCHAR *wide, int room)
{
    int n = 0;
    for (size_t i = 0; i < len && n + 1 < room;) {
        bool lead = d->encoding == CLI_ENCODING_CP932 ? cp932_lead(raw[i]) : big5_lead(raw[i]);
        int width = lead && i + 1 < len ? 2 : 1;
        int got = (lead && width == 1) ? 0
                                       : MultiByteToWideChar(code_page(d->encoding), MB_ERR_INVALID_CHARS,
                                                             (LPCCH)(raw + i), width, wide + n, room - n);
        if (got <= 0) {
            wide[n++] = 0xFFFD;
            d->replaced++;
            i += 1;
        } else {
            n += got;
            i += (size_t)width;
        }
    }
    return n;
}

/* raw[0..len) holds whole characters (or, at the end of input, a cut one);
 * appends their UTF-8 to d->utf8. */
static void convert_whole(cli_decoder *d, const unsigned char *raw, size_t len)
{
    static WCHAR wide[CLI_DECODER_CHUNK + 8];
    int wide_len;
    if (len == 0)
        return;
    if (d->encoding == CLI_ENCODING_UTF16LE) {
        wide_len = (int)(len / 2);
        memcpy(wide, raw, (size_t)wide_len * 2);
    } else {
        wide_len = MultiByteToWideChar(code_page(d->encoding), MB_ERR_INVALID_CHARS, (LPCCH)raw, (int)len, wide,
                                       CLI_DECODER_CHUNK + 8);
        if (wide_len <= 0)
            wide_len = widen_each(d, raw, len, wide, CLI_DECODER_CHUNK + 8);
    }
    int n = WideCharToMultiByte(CP_UTF8, 0, wide, wide_len, d->utf8 + d->utf8_len,
                                (int)(sizeof d->utf8 - d->utf8_len), NULL, NULL);
    if (n > 0)
        d->utf8_len += (size_t)n;
}
#else
static const char *iconv_name(cli_encoding encoding)
{
    switch (encoding) {
    case CLI_ENCODING_UTF16LE:
        return "UTF-16LE";
    case CLI_ENCODING_CP932:
        return "CP932";
    case CLI_ENCODING_BIG5:
        return "CP950";
    default:
        return "UTF-8";
    }
}

static bool converter_open(cli_decoder *d, char *err, size_t err_size)
{
    iconv_t cd = iconv_open("UTF-8", iconv_name(d->encoding));
    if (cd == (iconv_t)-1) {
        snprintf(err, err_size, "this system cannot convert %s to UTF-8 (iconv)", cli_encoding_name(d->encoding));
        return false;
    }
    d->state = cd;
    return true;
}

static void converter_close(cli_decoder *d)
{
    if (d->state)
        iconv_close((iconv_t)d->state);
    d->state = NULL;
}

static void convert_whole(cli_decoder *d, const unsigned char *raw, size_t len)
{
    char *in = (char *)raw;
    size_t in_left = len;
    while (in_left > 0) {
        char *out = d->utf8 + d->utf8_len;
        size_t out_left = sizeof d->utf8 - d->utf8_len;
        size_t r = iconv((iconv_t)d->state, &in, &in_left, &out, &out_left);
        d->utf8_len = (size_t)(out - d->utf8);
        if (r != (size_t)-1)
            break;
        /* EILSEQ, or EINVAL for a character the caller believed whole: one
         * byte becomes U+FFFD and conversion goes on. */
        if (errno == E2BIG || d->utf8_len + 3 > sizeof d->utf8)
            break;
        memcpy(d->utf8 + d->utf8_len, replacement, 3);
        d->utf8_len += 3;
        d->replaced++;
        in++;
        in_left--;
        iconv((iconv_t)d->state, NULL, NULL, NULL, NULL);
    }
}
#endif

/* Converts what raw holds, keeping an incomplete last character for the next
 * read (or replacing it at the end of input). */
static void convert_raw(cli_decoder *d)
{
    size_t keep = d->eof ? 0 : incomplete_tail(d->encoding, d->raw, d->raw_len);
    size_t whole = d->raw_len - keep;

    d->utf8_pos = d->utf8_len = 0;
    if (d->encoding == CLI_ENCODING_UTF8) {
        memcpy(d->utf8, d->raw, whole);
        d->utf8_len = whole;
    } else {
        bool odd = d->eof && d->encoding == CLI_ENCODING_UTF16LE && whole % 2;
        convert_whole(d, d->raw, whole - (odd ? 1 : 0));
        if (odd) { /* an odd last byte is not a character */
            d->replaced++;
            memcpy(d->utf8 + d->utf8_len, replacement, 3);
            d->utf8_len += 3;
        }
    }
    memmove(d->raw, d->raw + whole, d->raw_len - whole);
    d->raw_len -= whole;
    if (d->eof)
        d->raw_len = 0;
}

static void fill(cli_decoder *d)
{
    size_t n = fread(d->raw + d->raw_len, 1, CLI_DECODER_CHUNK - d->raw_len, d->fp);
    if (n == 0) {
        if (ferror(d->fp))
            d->read_error = true;
        d->eof = true;
    }
    d->raw_len += n;
}

bool cli_decoder_open(cli_decoder *d, FILE *fp, cli_encoding asked, char *err, size_t err_size)
{
    size_t bom_len;
    const char *why;
    cli_encoding found;

    memset(d, 0, offsetof(cli_decoder, raw));
    d->raw_len = d->utf8_pos = d->utf8_len = 0;
    d->eof = false;
    d->state = NULL;
    d->fp = fp;
    /* The whole first chunk, so detection sees more than one short line. */
    while (!d->eof && d->raw_len < CLI_DECODER_CHUNK)
        fill(d);
    found = cli_encoding_detect(d->raw, d->raw_len, &bom_len, &why);
    if (bom_len > 0 || asked == CLI_ENCODING_AUTO) {
        if (found == CLI_ENCODING_AUTO) {
            snprintf(err, err_size, "%s", why);
            return false;
        }
        d->encoding = found; /* a BOM is stronger evidence than --encoding */
    } else {
        d->encoding = asked;
    }
    memmove(d->raw, d->raw + bom_len, d->raw_len - bom_len);
    d->raw_len -= bom_len;
    if (d->encoding != CLI_ENCODING_UTF8 && !converter_open(d, err, err_size))
        return false;
    convert_raw(d);
    return true;
}

size_t cli_decoder_read(cli_decoder *d, char *buf, size_t size)
{
    size_t total = 0;
    while (total < size) {
        if (d->utf8_pos < d->utf8_len) {
            size_t n = d->utf8_len - d->utf8_pos;
            if (n > size - total)
                n = size - total;
            memcpy(buf + total, d->utf8 + d->utf8_pos, n);
            d->utf8_pos += n;
            total += n;
            continue;
        }
        if (d->eof && d->raw_len == 0)
            break;
        /* UTF-8 needs no conversion: once the first chunk is handed out,
         * read straight into the caller's buffer (no copy of the file). */
        if (d->encoding == CLI_ENCODING_UTF8 && d->raw_len == 0 && !d->eof) {
            size_t n = fread(buf + total, 1, size - total, d->fp);
            if (n == 0) {
                d->read_error = ferror(d->fp) != 0;
                d->eof = true;
            }
            total += n;
            if (n == 0 || total == size)
                break;
            continue;
        }
        if (!d->eof)
            fill(d);
        convert_raw(d);
    }
    return total;
}

void cli_decoder_close(cli_decoder *d)
{
    if (d->encoding != CLI_ENCODING_UTF8)
        converter_close(d);
}
