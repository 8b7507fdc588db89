/* provider/cli/columns.c and os_names.c: the header rows of real exports map
 * to the right columns (host name, not an OS "Name"; full version first; an
 * IP column never a version), --columns overrides, and OS names / product
 * type words classify as tools write them. Every row is named on failure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli/columns.h"
#include "cli/os_names.h"

#define MAX_HEADER 32

/* Splits "a|b|c" into names; returns the count. */
static size_t split(const char *header, char storage[MAX_HEADER][64], const char *names[MAX_HEADER],
                    size_t lengths[MAX_HEADER])
{
    size_t count = 0;
    const char *p = header;
    while (*p && count < MAX_HEADER) {
        const char *end = strchr(p, '|');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        memcpy(storage[count], p, n);
        storage[count][n] = '\0';
        names[count] = storage[count];
        lengths[count] = n;
        count++;
        p += n + (end ? 1 : 0);
    }
    return count;
}

typedef struct header_row {
    const char *name;
    const char *header;
    const char *columns; /* --columns, or NULL */
    int want_name, want_version, want_ubr, want_os, want_kbs, want_product;
} header_row;

static void test_headers(void **state)
{
    static const header_row rows[] = {
        {"Intune All devices", "Device ID|Device name|Managed by|Ownership|Compliance|OS|OS version|Last check-in|"
                               "Primary user UPN|Serial number",
         NULL, 1, 6, -1, 5, -1, -1},
        {"ConfigMgr v_R_System report", "ResourceID|Name|OS|Build|Active|Client", NULL, 1, 3, -1, 2, -1, -1},
        {"ConfigMgr Netbios_Name0 before Name", "Name|Netbios_Name0|BuildExt|Version0", NULL, 1, 2, -1, -1, -1, -1},
        {"ConfigMgr hotfix view", "Netbios_Name0|Caption0|Version0|HotFixID0|InstalledOn0", NULL, 0, 2, -1, 1, 3,
         -1},
        {"Win32_OperatingSystem Export-Csv: Name is the OS", "PSComputerName|Status|Name|Caption|Version|BuildNumber|"
                                                             "CSName|ProductType|UBR",
         NULL, 6, 4, 8, 3, -1, 7},
        {"Lansweeper: IP never a version", "AssetName|IPAddress|OSname|Build Version|Version", NULL, 0, 3, -1, 2, -1,
         -1},
        {"IP column alone is not taken", "ComputerName|IP Address|Version", NULL, 0, 2, -1, -1, -1, -1},
        {"osquery os_version + revision", "hostname|name|version|major|minor|build|platform|revision", NULL, 0, 5, 7,
         6, -1, -1},
        {"Japanese asset tool", "\xE3\x82\xB3\xE3\x83\xB3\xE3\x83\x94\xE3\x83\xA5\xE3\x83\xBC\xE3\x82\xBF\xE3\x83\xBC"
                                "\xE5\x90\x8D|IP\xE3\x82\xA2\xE3\x83\x89\xE3\x83\xAC\xE3\x82\xB9|OS\xE5\x90\x8D|"
                                "OS\xE3\x83\x90\xE3\x83\xBC\xE3\x82\xB8\xE3\x83\xA7\xE3\x83\xB3",
         NULL, 0, 3, -1, 2, -1, -1},
        {"--columns maps any layout", "Host|Ver|Rev|Patches", "name=Host,version=Ver,ubr=Rev,kbs=Patches", 0, 1, 2,
         -1, 3, -1},
        {"--columns wins over an alias", "Name|Computer|Version", "name=Name", 0, 2, -1, -1, -1, -1},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char storage[MAX_HEADER][64];
        const char *names[MAX_HEADER];
        size_t lengths[MAX_HEADER];
        int index[CLI_FIELD_COUNT];
        char err[256] = "";
        cli_column_override override;
        size_t count = split(rows[i].header, storage, names, lengths);
        if (rows[i].columns && !cli_columns_parse(rows[i].columns, &override, err, sizeof err))
            fail_msg("row '%s': --columns refused: %s", rows[i].name, err);
        if (!cli_columns_map(names, lengths, count, rows[i].columns ? &override : NULL, index, err, sizeof err))
            fail_msg("row '%s': %s", rows[i].name, err);
        if (index[CLI_FIELD_NAME] != rows[i].want_name || index[CLI_FIELD_VERSION] != rows[i].want_version ||
            index[CLI_FIELD_UBR] != rows[i].want_ubr || index[CLI_FIELD_OS_NAME] != rows[i].want_os ||
            index[CLI_FIELD_KBS] != rows[i].want_kbs || index[CLI_FIELD_PRODUCT_TYPE] != rows[i].want_product)
            fail_msg("row '%s': name %d version %d ubr %d os %d kbs %d product %d", rows[i].name,
                     index[CLI_FIELD_NAME], index[CLI_FIELD_VERSION], index[CLI_FIELD_UBR], index[CLI_FIELD_OS_NAME],
                     index[CLI_FIELD_KBS], index[CLI_FIELD_PRODUCT_TYPE]);
    }
}

static void test_columns_option_errors(void **state)
{
    static const char *const bad[] = {"version", "=x", "version=", "colour=blue", "name=A,,"};
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cli_column_override override;
        char err[256] = "";
        if (cli_columns_parse(bad[i], &override, err, sizeof err) || strstr(err, "--columns") == NULL)
            fail_msg("--columns '%s' was accepted (err '%s')", bad[i], err);
    }
    {
        const char *names[] = {"Name", "Version"};
        size_t lengths[] = {4, 7};
        int index[CLI_FIELD_COUNT];
        cli_column_override override;
        char err[256] = "";
        assert_true(cli_columns_parse("ubr=Revision", &override, err, sizeof err));
        assert_false(cli_columns_map(names, lengths, 2, &override, index, err, sizeof err));
        assert_non_null(strstr(err, "no such column"));
    }
}

typedef struct os_row {
    const char *text;
    cli_os_family family;
    bool known;
    acs_product_type type;
} os_row;

static void test_os_names(void **state)
{
    static const os_row rows[] = {
        {"Windows Server 2019 Standard", CLI_OS_FAMILY_WINDOWS, true, ACS_PRODUCT_SERVER},
        {"Microsoft Windows Server 2012 R2 Datacenter", CLI_OS_FAMILY_WINDOWS, true, ACS_PRODUCT_SERVER},
        {"Win 2019", CLI_OS_FAMILY_WINDOWS, true, ACS_PRODUCT_SERVER},
        {"Win 2012 R2", CLI_OS_FAMILY_WINDOWS, true, ACS_PRODUCT_SERVER},
        {"Win 10", CLI_OS_FAMILY_WINDOWS, true, ACS_PRODUCT_WORKSTATION},
        {"Microsoft Windows 10 Pro", CLI_OS_FAMILY_WINDOWS, true, ACS_PRODUCT_WORKSTATION},
        {"Microsoft Windows 11 Enterprise", CLI_OS_FAMILY_WINDOWS, true, ACS_PRODUCT_WORKSTATION},
        {"Microsoft Windows NT Workstation 10.0", CLI_OS_FAMILY_WINDOWS, true, ACS_PRODUCT_WORKSTATION},
        {"Microsoft Windows NT Advanced Server 10.0", CLI_OS_FAMILY_WINDOWS, true, ACS_PRODUCT_SERVER},
        {"Windows Embedded 8 Standard", CLI_OS_FAMILY_WINDOWS, true, ACS_PRODUCT_WORKSTATION},
        {"Azure Stack HCI", CLI_OS_FAMILY_WINDOWS, true, ACS_PRODUCT_SERVER},
        {"Microsoft Windows 10 \xE5\xB0\x88\xE6\xA5\xAD\xE7\x89\x88", CLI_OS_FAMILY_WINDOWS, true,
         ACS_PRODUCT_WORKSTATION}, /* 專業版 */
        {"Windows", CLI_OS_FAMILY_WINDOWS, false, ACS_PRODUCT_UNKNOWN},
        {"iOS/iPadOS", CLI_OS_FAMILY_NOT_WINDOWS, false, ACS_PRODUCT_UNKNOWN},
        {"Android", CLI_OS_FAMILY_NOT_WINDOWS, false, ACS_PRODUCT_UNKNOWN},
        {"macOS", CLI_OS_FAMILY_NOT_WINDOWS, false, ACS_PRODUCT_UNKNOWN},
        {"Ubuntu 22.04 LTS", CLI_OS_FAMILY_NOT_WINDOWS, false, ACS_PRODUCT_UNKNOWN},
        {"BIOS 1.2", CLI_OS_FAMILY_UNKNOWN, false, ACS_PRODUCT_UNKNOWN},
        {"", CLI_OS_FAMILY_UNKNOWN, false, ACS_PRODUCT_UNKNOWN},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        cli_os_name_facts got = cli_os_name_classify(rows[i].text, strlen(rows[i].text));
        if (got.family != rows[i].family || got.product_known != rows[i].known ||
            (got.product_known && got.product_type != rows[i].type))
            fail_msg("OS name '%s': family %d known %d type %d", rows[i].text, got.family, got.product_known,
                     got.product_type);
    }
}

static void test_product_words(void **state)
{
    static const struct {
        const char *text;
        bool ok;
        acs_product_type type;
    } rows[] = {
        {"1", true, ACS_PRODUCT_WORKSTATION},
        {"2", true, ACS_PRODUCT_DC},
        {"3", true, ACS_PRODUCT_SERVER},
        {"Domain Controller", true, ACS_PRODUCT_DC},
        {"DomainController", true, ACS_PRODUCT_DC},
        {"\xE3\x82\xB5\xE3\x83\xBC\xE3\x83\x90\xE3\x83\xBC", true, ACS_PRODUCT_SERVER},        /* サーバー */
        {"\xE5\xB7\xA5\xE4\xBD\x9C\xE7\xAB\x99", true, ACS_PRODUCT_WORKSTATION},               /* 工作站 */
        {"\xE7\xB6\xB2\xE5\x9F\x9F\xE6\x8E\xA7\xE5\x88\xB6\xE7\xAB\x99", true, ACS_PRODUCT_DC}, /* 網域控制站 */
        {"4", false, ACS_PRODUCT_UNKNOWN},
        {"serverless", false, ACS_PRODUCT_UNKNOWN},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        acs_product_type got = ACS_PRODUCT_UNKNOWN;
        bool ok = cli_product_type_word(rows[i].text, strlen(rows[i].text), &got);
        if (ok != rows[i].ok || (ok && got != rows[i].type))
            fail_msg("product type '%s': ok %d type %d", rows[i].text, ok, got);
    }
}

static void test_help_lists_every_alias(void **state)
{
    char text[16384];
    FILE *fp = tmpfile();
    (void)state;
    assert_non_null(fp);
    cli_columns_print_help(fp);
    rewind(fp);
    size_t n = fread(text, 1, sizeof text - 1, fp);
    text[n] = '\0';
    fclose(fp);
    for (int f = 0; f < CLI_FIELD_COUNT; f++)
        for (size_t a = 0; cli_fields[f].aliases[a]; a++)
            if (!strstr(text, cli_fields[f].aliases[a]))
                fail_msg("--help does not list alias '%s' of %s", cli_fields[f].aliases[a], cli_fields[f].key);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headers),
        cmocka_unit_test(test_columns_option_errors),
        cmocka_unit_test(test_os_names),
        cmocka_unit_test(test_product_words),
        cmocka_unit_test(test_help_lists_every_alias),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
