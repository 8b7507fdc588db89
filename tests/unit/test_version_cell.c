/* provider/cli/version_cell.c, parse.c and sniff.c: the one dotted-version
 * reader that --os and the export cells share, the version as exports write
 * it (full, build.UBR, bare build, version + revision column), what is
 * refused (IP addresses, release names), delimiters and preamble lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli/cli.h"
#include "cli/sniff.h"
#include "cli/version_cell.h"

typedef struct version_row {
    const char *version, *revision;
    bool ok;
    uint32_t major, minor, build, revision_value;
    bool has_revision;
    const char *why_part; /* a word the refusal must contain */
} version_row;

static void test_versions(void **state)
{
    static const version_row rows[] = {
        {"10.0.19045.6456", "", true, 10, 0, 19045, 6456, true, NULL},
        {"19045.6456", "", true, 10, 0, 19045, 6456, true, NULL},
        {"10.0.19045", "6456", true, 10, 0, 19045, 6456, true, NULL},
        {"10.0.19045", "", true, 10, 0, 19045, 0, false, NULL},
        {"17763", "2114", true, 10, 0, 17763, 2114, true, NULL},
        {" 6.1.7601 ", "", true, 6, 1, 7601, 0, false, NULL},
        {"7601.25740", "", true, 6, 1, 7601, 25740, true, NULL},
        {"6.3.9600.20144", "99", true, 6, 3, 9600, 20144, true, NULL},
        {"6.0.6003.21251", "", true, 6, 0, 6003, 21251, true, NULL},
        {"5.1.2600", "", true, 5, 1, 2600, 0, false, NULL},
        {"10.0.17784.1", "", true, 10, 0, 17784, 1, true, NULL},
        {"10.1.2.3", "", false, 0, 0, 0, 0, false, "IP address"},
        {"192.168.10.101", "", false, 0, 0, 0, 0, false, "not a Windows version"},
        {"10.0.17.5", "", false, 0, 0, 0, 0, false, "IP address"},
        {"6.1.9600", "", false, 0, 0, 0, 0, false, "not a Windows version"},
        {"22H2", "", false, 0, 0, 0, 0, false, "MAJOR.MINOR"},
        {"1809", "", false, 0, 0, 0, 0, false, "not a Windows build"},
        {"", "", false, 0, 0, 0, 0, false, "empty"},
        {"10.0.19045", "x1", false, 0, 0, 0, 0, false, "revision"},
        {"10.0.19045.1.2", "", false, 0, 0, 0, 0, false, "MAJOR.MINOR"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const version_row *r = &rows[i];
        cli_os_version v;
        char why[256] = "";
        bool ok = cli_version_from_cells(r->version, strlen(r->version), r->revision, strlen(r->revision), &v, why,
                                         sizeof why);
        if (ok != r->ok)
            fail_msg("version '%s' + '%s': ok %d (%s)", r->version, r->revision, ok, why);
        if (ok && (v.major != r->major || v.minor != r->minor || v.build != r->build ||
                   v.has_revision != r->has_revision || v.revision != r->revision_value))
            fail_msg("version '%s' + '%s': %u.%u.%u rev %u (%d)", r->version, r->revision, v.major, v.minor, v.build,
                     v.revision, v.has_revision);
        if (!ok && !strstr(why, r->why_part))
            fail_msg("version '%s': reason '%s' lacks '%s'", r->version, why, r->why_part);
    }
}

/* cli_parse_dotted: parts and count; 0 for what is not 1-4 dotted numbers. */
static void test_dotted(void **state)
{
    static const struct {
        const char *text;
        size_t count;
        uint32_t parts[4];
    } rows[] = {
        {"10.0.17763.2114", 4, {10, 0, 17763, 2114}},
        {"6.1.7601", 3, {6, 1, 7601, 0}},
        {"19045.6456", 2, {19045, 6456, 0, 0}},
        {"17763", 1, {17763, 0, 0, 0}},
        {" \t10.0.19045.1\t ", 4, {10, 0, 19045, 1}},
        {"10.0.17763.4294967295", 4, {10, 0, 17763, 4294967295u}}, /* a DWORD UBR fits */
        {"10.0.17763.4294967296", 0, {0}},                         /* 33 bits */
        {"10.0.17763.00000000001", 0, {0}},                        /* more than 10 digits */
        {"10.0.19045.1.2", 0, {0}},
        {"10..19045", 0, {0}},
        {"10.0.", 0, {0}},
        {".10.0", 0, {0}},
        {"22H2", 0, {0}},
        {"-1.0.1", 0, {0}},
        {"10.0.19045 .1", 0, {0}},
        {"", 0, {0}},
        {"   ", 0, {0}},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        uint32_t parts[4] = {0, 0, 0, 0};
        size_t count = cli_parse_dotted(rows[i].text, strlen(rows[i].text), parts);
        if (count != rows[i].count)
            fail_msg("row %lu '%s': %lu parts, not %lu", (unsigned long)i, rows[i].text, (unsigned long)count,
                     (unsigned long)rows[i].count);
        for (size_t p = 0; p < count; p++)
            if (parts[p] != rows[i].parts[p])
                fail_msg("row %lu '%s': part %lu is %u, not %u", (unsigned long)i, rows[i].text, (unsigned long)p,
                         (unsigned)parts[p], (unsigned)rows[i].parts[p]);
    }
}

/* --os: three or four parts only; a build or build.UBR alone is refused
 * there (the cells accept them, test_versions). */
static void test_os_flag(void **state)
{
    cli_os_version v;
    (void)state;
    assert_true(cli_parse_os_version("10.0.17763.2114", 15, &v));
    assert_true(v.major == 10 && v.minor == 0 && v.build == 17763 && v.has_revision && v.revision == 2114);
    assert_true(cli_parse_os_version("6.1.7601", 8, &v));
    assert_true(v.build == 7601 && !v.has_revision && v.revision == 0);
    assert_false(cli_parse_os_version("19045.6456", 10, &v));
    assert_false(cli_parse_os_version("17763", 5, &v));
    assert_false(cli_parse_os_version("10.0.x", 6, &v));
}

static void test_delimiters(void **state)
{
    static const struct {
        const char *text;
        char want;
    } rows[] = {
        {"Name,OSVersion,KBs", ','},
        {"Device name;OS;OS version", ';'},
        {"Name\tCaption0\tBuildExt", '\t'},
        {"hostname|name|version|revision", '|'},
        {"\"Computer Name\",\"OS Name; edition\",\"OS Version\"", ','},
        {"Name", ','},
        {"", ','},
        {"a;b,c", ','},      /* a tie: the first of CLI_DELIMITERS */
        {"a|b\tc", '\t'},
        /* a title with commas above a semicolon file: every line counts */
        {"Report, all, machines\nName;OS;Version\nPC1;Windows 10;10.0.19045\n", ';'},
        /* a #TYPE line's delimiters are not counted */
        {"#TYPE a;b;c;d;e\nName,Version\nPC1,10.0.19045\n", ','},
        /* a quoted field's line break is not a line end */
        {"\"a\nb;c;d;e\"\tx\ty\n", '\t'},
        /* only the first 10 lines decide */
        {"a\nb\nc\nd\ne\nf\ng\nh\ni\nj,k\nl;m;n\n", ','},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char got = cli_sniff_delimiter_text(rows[i].text, strlen(rows[i].text));
        if (got != rows[i].want)
            fail_msg("row %lu '%s': delimiter '%c', not '%c'", (unsigned long)i, rows[i].text, got, rows[i].want);
    }
    char d = 0;
    assert_true(cli_parse_delimiter("tab", &d) && d == '\t');
    assert_true(cli_parse_delimiter(";", &d) && d == ';');
    assert_false(cli_parse_delimiter("colon", &d));
}

static void test_preamble(void **state)
{
    static const struct {
        const char *line;
        bool preamble;
    } rows[] = {
        {"#TYPE Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_OperatingSystem", true},
        {"\xE8\xB3\x87\xE7\x94\xA3\xE4\xB8\x80\xE8\xA6\xA7 2026/11/30 10:15", true},
        {"\"Report, all machines\"", true},
        {"Name,OSVersion", false},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (cli_is_preamble_line(rows[i].line, strlen(rows[i].line), ',') != rows[i].preamble)
            fail_msg("line '%s': preamble should be %d", rows[i].line, rows[i].preamble);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dotted),
        cmocka_unit_test(test_os_flag),
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_delimiters),
        cmocka_unit_test(test_preamble),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
