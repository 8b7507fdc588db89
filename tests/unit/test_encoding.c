/* provider/cli/encoding.c: which encoding an export is in, and the streaming
 * conversion to UTF-8 across read boundaries (a character cut between two
 * reads, a BOM, bytes that are not valid). Table-driven: a failure names its
 * row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli/encoding.h"

/* "コンピューター名,OSバージョン" in CP932 and "電腦名稱,作業系統版本" in Big5 (iconv). */
#define JA_CP932 "\x83\x52\x83\x93\x83\x73\x83\x85\x81\x5b\x83\x5e\x81\x5b\x96\xbc,OS\x83\x6f\x81\x5b\x83\x57\x83\x87\x83\x93"
#define JA_UTF8 "\xE3\x82\xB3\xE3\x83\xB3\xE3\x83\x94\xE3\x83\xA5\xE3\x83\xBC\xE3\x82\xBF\xE3\x83\xBC\xE5\x90\x8D,OS" \
                "\xE3\x83\x90\xE3\x83\xBC\xE3\x82\xB8\xE3\x83\xA7\xE3\x83\xB3"
#define ZH_BIG5 "\xb9\x71\xb8\xa3\xa6\x57\xba\xd9,\xa7\x40\xb7\x7e\xa8\x74\xb2\xce\xaa\xa9\xa5\xbb"
#define ZH_UTF8 "\xE9\x9B\xBB\xE8\x85\xA6\xE5\x90\x8D\xE7\xA8\xB1,\xE4\xBD\x9C\xE6\xA5\xAD\xE7\xB3\xBB\xE7\xB5\xB1" \
                "\xE7\x89\x88\xE6\x9C\xAC"

typedef struct detect_row {
    const char *name;
    const char *bytes;
    size_t len;
    cli_encoding want;
    size_t bom;
} detect_row;

#define ROW(name, bytes, want, bom) {name, bytes, sizeof bytes - 1, want, bom}

static void test_detect(void **state)
{
    static const detect_row rows[] = {
        ROW("ascii header", "Name,OSVersion\r\nPC,10.0.19045.1\r\n", CLI_ENCODING_UTF8, 0),
        ROW("UTF-8 BOM", "\xEF\xBB\xBFName\n", CLI_ENCODING_UTF8, 3),
        ROW("UTF-8 without BOM, Japanese", JA_UTF8 "\n", CLI_ENCODING_UTF8, 0),
        ROW("UTF-8 cut inside the last character", "Name," "\xE3\x82", CLI_ENCODING_UTF8, 0),
        ROW("UTF-16LE BOM", "\xFF\xFEN\0a\0", CLI_ENCODING_UTF16LE, 2),
        ROW("UTF-16BE BOM is refused", "\xFE\xFF\0N", CLI_ENCODING_AUTO, 0),
        ROW("CP932 Japanese header", JA_CP932 "\r\n", CLI_ENCODING_CP932, 0),
        ROW("Big5 Chinese header", ZH_BIG5 "\r\n", CLI_ENCODING_BIG5, 0),
        ROW("CP932 full-width letters", "\x82\x76\x82\x89\x82\x8e,1\n", CLI_ENCODING_CP932, 0),
        ROW("Big5 full-width letters", "\xa2\xe5\xa2\xf1\xa2\xf6\xa2\xec\xa4\x40,1\n", CLI_ENCODING_BIG5, 0),
        ROW("Latin-1 is none of them", "Caf\xE9,1\n", CLI_ENCODING_AUTO, 0),
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t bom = 99;
        const char *why = NULL;
        cli_encoding got = cli_encoding_detect((const unsigned char *)rows[i].bytes, rows[i].len, &bom, &why);
        if (got != rows[i].want || bom != rows[i].bom || (got == CLI_ENCODING_AUTO) != (why != NULL))
            fail_msg("row '%s': got %s (bom %u), want %s (bom %u)", rows[i].name, cli_encoding_name(got),
                     (unsigned)bom, cli_encoding_name(rows[i].want), (unsigned)rows[i].bom);
    }
}

static void test_parse_names(void **state)
{
    static const struct {
        const char *name;
        bool ok;
        cli_encoding want;
    } rows[] = {
        {"UTF-8", true, CLI_ENCODING_UTF8},       {"utf-16le", true, CLI_ENCODING_UTF16LE},
        {"Shift_JIS", true, CLI_ENCODING_CP932},  {"cp932", true, CLI_ENCODING_CP932},
        {"big5", true, CLI_ENCODING_BIG5},        {"CP950", true, CLI_ENCODING_BIG5},
        {"auto", true, CLI_ENCODING_AUTO},        {"latin1", false, CLI_ENCODING_AUTO},
        {"", false, CLI_ENCODING_AUTO},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        cli_encoding got = CLI_ENCODING_AUTO;
        bool ok = cli_encoding_parse(rows[i].name, &got);
        if (ok != rows[i].ok || (ok && got != rows[i].want))
            fail_msg("name '%s': ok %d encoding %s", rows[i].name, ok, cli_encoding_name(got));
    }
}

/* Writes bytes to a temporary file and decodes it reading `step` bytes at a
 * time, so every character boundary meets a read boundary somewhere. */
static size_t decode(const char *bytes, size_t len, cli_encoding asked, size_t step, char *out, size_t out_size,
                     unsigned long long *replaced)
{
    static cli_decoder decoder;
    char err[256];
    size_t total = 0, n;
    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(fwrite(bytes, 1, len, fp), len);
    rewind(fp);
    if (!cli_decoder_open(&decoder, fp, asked, err, sizeof err))
        fail_msg("open: %s", err);
    while ((n = cli_decoder_read(&decoder, out + total, step < out_size - total ? step : out_size - total)) > 0)
        total += n;
    assert_false(decoder.read_error);
    *replaced = decoder.replaced;
    cli_decoder_close(&decoder);
    fclose(fp);
    return total;
}

static void expect_decoded(const char *row, const char *bytes, size_t len, cli_encoding asked, const char *want,
                           unsigned long long want_replaced)
{
    char out[4096];
    for (size_t step = 1; step <= 7; step += 3) {
        unsigned long long replaced = 0;
        size_t n = decode(bytes, len, asked, step, out, sizeof out, &replaced);
        if (n != strlen(want) || memcmp(out, want, n) != 0 || replaced != want_replaced)
            fail_msg("row '%s' (reads of %u bytes): got '%.*s' (%llu replaced), want '%s' (%llu)", row,
                     (unsigned)step, (int)n, out, replaced, want, want_replaced);
    }
}

#define DECODE(row, bytes, asked, want, replaced) expect_decoded(row, bytes, sizeof bytes - 1, asked, want, replaced)

static void test_convert(void **state)
{
    (void)state;
    DECODE("UTF-8 passes through, BOM dropped", "\xEF\xBB\xBF" JA_UTF8 "\n", CLI_ENCODING_AUTO, JA_UTF8 "\n", 0);
    DECODE("CP932 detected", JA_CP932 "\r\nPC-01,10.0\r\n", CLI_ENCODING_AUTO, JA_UTF8 "\r\nPC-01,10.0\r\n", 0);
    DECODE("Big5 detected", ZH_BIG5 "\r\n", CLI_ENCODING_AUTO, ZH_UTF8 "\r\n", 0);
    DECODE("Big5 named", ZH_BIG5 "\r\n", CLI_ENCODING_BIG5, ZH_UTF8 "\r\n", 0);
    DECODE("UTF-16LE with a BOM", "\xFF\xFEN\0a\0m\0e\0\r\0\n\0\x0B\x90", CLI_ENCODING_AUTO,
           "Name\r\n\xE9\x80\x8B", 0);
    DECODE("UTF-16LE surrogate pair", "\xFF\xFE\x3D\xD8\x00\xDE,\0", CLI_ENCODING_AUTO, "\xF0\x9F\x98\x80,", 0);
    DECODE("UTF-16LE odd last byte", "\xFF\xFE" "A\0B", CLI_ENCODING_AUTO, "A\xEF\xBF\xBD", 1);
    DECODE("a BOM wins over --encoding", "\xEF\xBB\xBFok\n", CLI_ENCODING_CP932, "ok\n", 0);
    DECODE("CP932 lead byte cut by the end of input", "PC\x83", CLI_ENCODING_CP932, "PC\xEF\xBF\xBD", 1);
    DECODE("empty file", "", CLI_ENCODING_AUTO, "", 0);
}

static void test_refuse(void **state)
{
    static cli_decoder decoder;
    char err[256] = "";
    FILE *fp = tmpfile();
    (void)state;
    assert_non_null(fp);
    fputs("Caf\xE9,1\n", fp);
    rewind(fp);
    assert_false(cli_decoder_open(&decoder, fp, CLI_ENCODING_AUTO, err, sizeof err));
    assert_non_null(strstr(err, "--encoding"));
    fclose(fp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_parse_names),
        cmocka_unit_test(test_convert),
        cmocka_unit_test(test_refuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
