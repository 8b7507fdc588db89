/* The command line's writer: no CSV field and no line of text output starts
 * like a spreadsheet formula (OWASP CSV injection), and RFC 4180 quoting and
 * JSON escaping stay as they were. Output goes through tmpfile(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/writer.h"

typedef void (*write_fn)(cli_writer *w, const char *text, size_t len);

typedef struct writer_case {
    const char *input;
    const char *expected;
} writer_case;

static void expect_written(const char *what, write_fn fn, const writer_case *c)
{
    static cli_writer w;
    char got[256];
    FILE *fp = tmpfile();
    assert_non_null(fp);
    cli_writer_init(&w, fp);
    fn(&w, c->input, strlen(c->input));
    assert_true(cli_writer_flush(&w));
    rewind(fp);
    size_t n = fread(got, 1, sizeof got - 1, fp);
    got[n] = '\0';
    fclose(fp);
    if (strcmp(got, c->expected) != 0)
        fail_msg("%s of [%s]: wrote [%s], expected [%s]", what, c->input, got, c->expected);
}

static void test_csv_field(void **state)
{
    static const writer_case cases[] = {
        {"plain", "plain"},
        {"", ""},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        /* formula triggers: quoted, with a single quote in front */
        {"=1+1", "\"'=1+1\""},
        {"+SUM(A1)", "\"'+SUM(A1)\""},
        {"-2+3", "\"'-2+3\""},
        {"@SUM(A1)", "\"'@SUM(A1)\""},
        {"\t=1", "\"'\t=1\""},
        {"\r=1", "\"'\r=1\""},
        {"=HYPERLINK(\"http://x\",\"a,b\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"a,b\"\")\""},
        /* only the first character matters */
        {"KB5006743", "KB5006743"},
        {"10.0.17763-2114", "10.0.17763-2114"},
        {"2021-10-12", "2021-10-12"},
        {"a=b", "a=b"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_written("csv field", cli_write_csv_field, &cases[i]);
}

static void test_text_cell(void **state)
{
    static const writer_case cases[] = {
        {"PC-01", "PC-01"},
        {"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
        {"@x", "'@x"},
        {"name\n=1+1", "name =1+1"},
        {"a\r\nb\tc", "a  b c"},
        {"\r=1", "' =1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_written("text cell", cli_write_text_cell, &cases[i]);
}

static void write_json(cli_writer *w, const char *text, size_t len)
{
    cli_write_json_string(w, text, len);
}

static void test_json_unchanged(void **state)
{
    static const writer_case cases[] = {
        {"=1+1", "\"=1+1\""}, /* JSON is data, not a sheet: kept as is */
        {"a\"b\\c\n", "\"a\\\"b\\\\c\\n\""},
        {"\xff", "\"\\ufffd\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_written("json string", write_json, &cases[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_field),
        cmocka_unit_test(test_text_cell),
        cmocka_unit_test(test_json_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
