/* The inventory CSV reader: every record carries its true first line whatever
 * the quoting and line endings, a record longer than the buffer is one bad row
 * (never a phantom row from its tail), and the cost is linear in the input.
 * Inputs go through tmpfile() so the same test runs on Linux and in Wine. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "cli/csv_reader.h"

/* What one record must look like: its line, its error (NULL = none), its
 * field count and its first field. */
typedef struct expected_record {
    unsigned long line;
    const char *error;
    size_t fields;
    const char *first;
} expected_record;

typedef struct reader_case {
    const char *name;
    const char *input;
    size_t input_len; /* 0: strlen */
    expected_record records[8];
    size_t record_count;
} reader_case;

static FILE *file_with(const char *data, size_t len)
{
    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    rewind(fp);
    return fp;
}

static void expect_records(const char *name, FILE *fp, const expected_record *want, size_t want_count)
{
    static cli_csv_reader reader;
    static cli_csv_record record;
    size_t got = 0;
    int rc;

    assert_true(cli_csv_open(&reader, fp));
    while ((rc = cli_csv_next(&reader, &record)) == 1) {
        if (got >= want_count)
            fail_msg("%s: unexpected record %lu at line %lu (%s)", name, (unsigned long)got + 1, record.line,
                     record.error ? record.error : "no error");
        const expected_record *w = &want[got];
        if (record.line != w->line)
            fail_msg("%s: record %lu: line %lu, expected %lu", name, (unsigned long)got + 1, record.line, w->line);
        if ((record.error == NULL) != (w->error == NULL) ||
            (w->error && strstr(record.error, w->error) == NULL))
            fail_msg("%s: record %lu (line %lu): error '%s', expected '%s'", name, (unsigned long)got + 1, record.line,
                     record.error ? record.error : "(none)", w->error ? w->error : "(none)");
        if (!w->error) {
            if (record.field_count != w->fields)
                fail_msg("%s: record %lu: %lu fields, expected %lu", name, (unsigned long)got + 1,
                         (unsigned long)record.field_count, (unsigned long)w->fields);
            if (w->first && strcmp(record.field[0], w->first) != 0)
                fail_msg("%s: record %lu: first field '%.40s', expected '%s'", name, (unsigned long)got + 1, record.field[0], w->first);
        }
        got++;
    }
    assert_int_equal(rc, 0);
    if (got != want_count)
        fail_msg("%s: %lu records, expected %lu", name, (unsigned long)got, (unsigned long)want_count);
    cli_csv_close(&reader);
    fclose(fp);
}

static const reader_case small_cases[] = {
    {"LF", "a,b\nc,d\n", 0, {{1, NULL, 2, "a"}, {2, NULL, 2, "c"}}, 2},
    {"CRLF", "a,b\r\nc,d\r\n", 0, {{1, NULL, 2, "a"}, {2, NULL, 2, "c"}}, 2},
    {"lone CR (classic Mac)", "a,b\rc,d\re", 0, {{1, NULL, 2, "a"}, {2, NULL, 2, "c"}, {3, NULL, 1, "e"}}, 3},
    {"blank lines keep numbering", "a\n\n\r\n\nb\n", 0, {{1, NULL, 1, "a"}, {5, NULL, 1, "b"}}, 2},
    {"BOM", "\xEF\xBB\xBFName,X\nv,1\n", 0, {{1, NULL, 2, "Name"}, {2, NULL, 2, "v"}}, 2},
    {"LF inside quotes", "\"a\nb\nc\",x\nnext\n", 0, {{1, NULL, 2, "a\nb\nc"}, {4, NULL, 1, "next"}}, 2},
    {"CRLF inside quotes counts once", "\"a\r\nb\",x\r\nnext\r\n", 0, {{1, NULL, 2, "a\r\nb"}, {3, NULL, 1, "next"}},
     2},
    {"CR inside quotes", "\"a\rb\",x\rnext", 0, {{1, NULL, 2, "a\rb"}, {3, NULL, 1, "next"}}, 2},
    {"doubled quotes", "\"say \"\"hi\"\"\",2\n", 0, {{1, NULL, 2, "say \"hi\""}}, 1},
    {"unterminated quote at the end", "a\n\"open\nmore\n", 0, {{1, NULL, 1, "a"}, {2, "not closed", 0, NULL}}, 2},
    {"text after closing quote", "\"a\"b,c\nnext\n", 0, {{1, "after a closing quote", 0, NULL}, {2, NULL, 1, "next"}},
     2},
    {"no final line end", "a,b", 0, {{1, NULL, 2, "a"}}, 1},
    {"empty fields", ",,\n", 0, {{1, NULL, 3, ""}}, 1},
    {"a NUL byte inside is data", "ab\0c,d\n", 7, {{1, NULL, 2, "ab"}}, 1},
    /* encodings we cannot read are named, once, and nothing else is read */
    {"UTF-16LE BOM", "\xFF\xFEN\0a\0\n\0", 8, {{1, "UTF-16LE", 0, NULL}}, 1},
    {"UTF-16BE BOM", "\xFE\xFF\0N\0a\0\n", 8, {{1, "UTF-16BE", 0, NULL}}, 1},
    {"UTF-32LE BOM", "\xFF\xFE\0\0N\0\0\0", 8, {{1, "UTF-32LE", 0, NULL}}, 1},
    {"UTF-32BE BOM", "\0\0\xFE\xFF\0\0\0N", 8, {{1, "UTF-32BE", 0, NULL}}, 1},
    {"UTF-16LE without BOM", "N\0a\0m\0e\0\n\0", 10, {{1, "NUL bytes", 0, NULL}}, 1},
};

static void test_small_cases(void **state)
{
    for (size_t i = 0; i < sizeof small_cases / sizeof small_cases[0]; i++) {
        const reader_case *c = &small_cases[i];
        size_t len = c->input_len ? c->input_len : strlen(c->input);
        expect_records(c->name, file_with(c->input, len), c->records, c->record_count);
    }
}

/* A buffer of n bytes, NUL-terminated for convenience. */
static char *filled(size_t n, char byte)
{
    char *p = malloc(n + 1);
    assert_non_null(p);
    memset(p, byte, n);
    p[n] = '\0';
    return p;
}

/* A record over the buffer, in the middle of a file, in three shapes; the
 * rows after it must keep their true numbers and no row comes from its tail. */
static void test_oversized_record_is_one_bad_row(void **state)
{
    const size_t big = CLI_CSV_BUFFER + CLI_CSV_BUFFER / 4;
    static const char *shapes[] = {"unquoted", "quoted", "quoted with line breaks"};

    for (size_t shape = 0; shape < 3; shape++) {
        char *body = filled(big, 'y');
        unsigned long inner_breaks = 0;
        size_t len = 0;
        char *data = malloc(big + 256);
        assert_non_null(data);
        len += (size_t)sprintf(data + len, "Name,Build\r\na,1\r\n");
        if (shape == 2)
            for (size_t i = 1; i < big; i += 2) {
                body[i] = '\n';
                inner_breaks++;
            }
        if (shape > 0)
            data[len++] = '"';
        memcpy(data + len, body, big);
        len += big;
        if (shape > 0)
            data[len++] = '"';
        len += (size_t)sprintf(data + len, ",tail\r\nb,2\r\nc,3\r\n");

        expected_record want[] = {
            {1, NULL, 2, "Name"},
            {2, NULL, 2, "a"},
            {3, "longer than", 0, NULL},
            {4 + inner_breaks, NULL, 2, "b"},
            {5 + inner_breaks, NULL, 2, "c"},
        };
        expect_records(shapes[shape], file_with(data, len), want, 5);
        free(body);
        free(data);
    }
}

/* An oversized record that is the last thing in the file, without an end of line. */
static void test_oversized_final_record(void **state)
{
    const size_t big = CLI_CSV_BUFFER + 1000;
    char *data = filled(big + 16, 'z');
    memcpy(data, "h\nq\n", 4);
    expected_record want[] = {{1, NULL, 1, "h"}, {2, NULL, 1, "q"}, {3, "longer than", 0, NULL}};
    expect_records("final", file_with(data, big + 16), want, 3);
    free(data);
}

static double seconds_now(void)
{
    return (double)clock() / CLOCKS_PER_SEC;
}

/* Quoted fields with no line end until the end of the file: the reader used
 * to rescan for a line end after every quoted field (119 s for 4 MiB at -O2).
 * Linear, it is a few tens of milliseconds; the bound leaves room for ASan,
 * Wine and a loaded machine. */
static void test_linear_in_quoted_fields(void **state)
{
    const size_t fields[] = {CLI_CSV_BUFFER / 4 - 100, CLI_CSV_BUFFER / 4 + 100}; /* fits, and does not */
    for (size_t k = 0; k < 2; k++) {
        size_t len = 0, n = fields[k];
        char *data = malloc(n * 4 + 32);
        assert_non_null(data);
        len += (size_t)sprintf(data, "Name,B\na,1\n");
        for (size_t i = 0; i < n; i++) {
            memcpy(data + len, i ? ",\"x\"" : "\"x\"", i ? 4 : 3);
            len += i ? 4 : 3;
        }
        FILE *fp = file_with(data, len);
        double started = seconds_now();
        expected_record want[] = {{1, NULL, 2, "Name"}, {2, NULL, 2, "a"}, {3, k ? "longer than" : "256", 0, NULL}};
        expect_records(k ? "4 MiB + quoted fields" : "just under 4 MiB of quoted fields", fp, want, 3);
        double spent = seconds_now() - started;
        if (spent > 3.0)
            fail_msg("%lu quoted fields took %.2f s: the reader is not linear", (unsigned long)n, spent);
        free(data);
    }
}

/* The scan skips eight bytes at a time when none is a quote, CR or LF: each
 * of them must be found at every offset within a word, so the same records
 * are shifted by 1 to 18 bytes of plain text. */
static void test_specials_at_every_offset(void **state)
{
    (void)state;
    for (size_t k = 1; k <= 18; k++) {
        char data[256], a[32], name[64];
        memset(a, 'a', k);
        a[k] = '\0';
        /* a CRLF inside quotes (one line), doubled quotes, a lone CR, no final line end */
        int len = snprintf(data, sizeof data, "%s,\"b\r\nc\",d\r\n\"f\"\"g\",%s\n%s\rlast", a, a, a);
        assert_true(len > 0 && (size_t)len < sizeof data);
        expected_record want[4] = {{1, NULL, 3, NULL}, {3, NULL, 2, "f\"g"}, {4, NULL, 1, NULL}, {5, NULL, 1, "last"}};
        want[0].first = a;
        want[2].first = a;
        snprintf(name, sizeof name, "specials after %lu bytes", (unsigned long)k);
        expect_records(name, file_with(data, (size_t)len), want, 4);
    }
}

/* Many records straddling refills: numbering stays exact across 4 MiB. */
static void test_line_numbers_across_refills(void **state)
{
    const unsigned long rows = 600000;
    size_t cap = rows * 20, len = 0;
    char *data = malloc(cap);
    assert_non_null(data);
    for (unsigned long i = 0; i < rows; i++)
        len += (size_t)sprintf(data + len, i % 3 == 0 ? "\"r%lu\r\n\",1\r\n" : "r%lu,1\n", i);
    FILE *fp = file_with(data, len);
    static cli_csv_reader reader;
    static cli_csv_record record;
    unsigned long expected_line = 1, seen = 0;
    assert_true(cli_csv_open(&reader, fp));
    while (cli_csv_next(&reader, &record) == 1) {
        if (record.error || record.line != expected_line)
            fail_msg("row %lu: line %lu, expected %lu (%s)", seen, record.line, expected_line,
                     record.error ? record.error : "ok");
        expected_line += seen % 3 == 0 ? 2 : 1;
        seen++;
    }
    assert_int_equal(seen, rows);
    cli_csv_close(&reader);
    fclose(fp);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_cases),
        cmocka_unit_test(test_oversized_record_is_one_bad_row),
        cmocka_unit_test(test_oversized_final_record),
        cmocka_unit_test(test_linear_in_quoted_fields),
        cmocka_unit_test(test_line_numbers_across_refills),
        cmocka_unit_test(test_specials_at_every_offset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
