/* provider/cli/version_cell.c and sniff.c: the version as exports write it
 * (full, build.UBR, bare build, version + revision column), what is refused
 * (IP addresses, release names), delimiters and preamble lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

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

static void test_delimiters(void **state)
{
    static const struct {
        const char *line;
        char want;
    } rows[] = {
        {"Name,OSVersion,KBs", ','},
        {"Device name;OS;OS version", ';'},
        {"Name\tCaption0\tBuildExt", '\t'},
        {"hostname|name|version|revision", '|'},
        {"\"Computer Name\",\"OS Name; edition\",\"OS Version\"", ','},
        {"Name", ','},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char got = cli_sniff_delimiter(rows[i].line, strlen(rows[i].line));
        if (got != rows[i].want)
            fail_msg("line '%s': delimiter '%c'", rows[i].line, got);
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
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_delimiters),
        cmocka_unit_test(test_preamble),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
