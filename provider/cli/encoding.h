/* Inventory exports arrive in the encodings admins' tools write: UTF-8 with
 * or without a BOM, UTF-16LE with a BOM (Excel's "Unicode text"), CP932
 * (Shift-JIS from Japanese Excel and asset tools) and Big5 (Traditional
 * Chinese Excel). A cli_decoder is a byte source that reads such a file and
 * hands out UTF-8, in fixed buffers: memory does not grow with the file.
 * The conversion is iconv on POSIX and MultiByteToWideChar +
 * WideCharToMultiByte(CP_UTF8) on Windows, behind this one interface. */
#ifndef ACSREADY_CLI_ENCODING_H
#define ACSREADY_CLI_ENCODING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum cli_encoding {
    CLI_ENCODING_AUTO = 0, /* detect from the BOM and the first bytes */
    CLI_ENCODING_UTF8,
    CLI_ENCODING_UTF16LE,
    CLI_ENCODING_CP932,
    CLI_ENCODING_BIG5
} cli_encoding;

/* "utf-8", "utf8", "utf-16le", "utf-16", "unicode", "cp932", "shift_jis", "sjis",
 * "windows-31j", "big5", "cp950" (any case); false for anything else. */
bool cli_encoding_parse(const char *name, cli_encoding *out);
/* The name printed back ("UTF-8", "UTF-16LE", "CP932", "Big5"). */
const char *cli_encoding_name(cli_encoding encoding);
/* The names --encoding accepts, for --help and messages. */
#define CLI_ENCODING_NAMES "auto, utf-8, utf-16le, cp932 (shift_jis), big5 (cp950)"

/* Which encoding the first bytes of a file are in. *bom_len is the length of
 * a BOM to skip (0 when none). Without a BOM: UTF-8 when the bytes are valid
 * UTF-8 (a multi-byte character cut at the end of head is allowed); else
 * CP932 or Big5, whichever the bytes are valid in, and when they are valid in
 * both, the one whose characters are typical of it (kana and the Shift-JIS
 * kanji rows for CP932; the Big5 hanzi rows for Big5). CLI_ENCODING_AUTO
 * when it cannot tell (why says so). */
cli_encoding cli_encoding_detect(const unsigned char *head, size_t len, size_t *bom_len, const char **why);

#define CLI_DECODER_CHUNK (64u * 1024u)

typedef struct cli_decoder {
    FILE *fp;
    cli_encoding encoding; /* resolved: never AUTO after open */
    bool read_error;
    unsigned long long replaced; /* bytes that were not valid and became U+FFFD */
    /* raw bytes read but not converted yet (an incomplete character at the end) */
    unsigned char raw[CLI_DECODER_CHUNK + 8];
    size_t raw_len;
    /* converted UTF-8 not handed out yet */
    char utf8[CLI_DECODER_CHUNK * 3 + 16];
    size_t utf8_pos, utf8_len;
    bool eof;
    void *state; /* iconv_t on POSIX; unused on Windows */
} cli_decoder;

/* Opens a decoder over fp for the encoding asked (AUTO detects from the first
 * chunk; a BOM is skipped whatever was asked). False with a message in err
 * when the encoding cannot be told or the platform cannot convert it. */
bool cli_decoder_open(cli_decoder *decoder, FILE *fp, cli_encoding asked, char *err, size_t err_size);
/* Like fread: up to size bytes of UTF-8; 0 at the end or on a read error
 * (decoder->read_error tells which). Never splits a character it converted
 * across the end of input. */
size_t cli_decoder_read(cli_decoder *decoder, char *buf, size_t size);
void cli_decoder_close(cli_decoder *decoder);

#endif
