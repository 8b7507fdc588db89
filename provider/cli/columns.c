/* The column-name table; see columns.h. Each alias is the spelling a real
 * tool writes (tests/cli/data/exports/README.md names the tool); they are
 * compared normalized, so "OS version", "OSVersion" and "os_version" are one
 * alias. Order matters within a fact: full versions (with the revision)
 * before bare ones, host-name columns before the generic "Name" (which holds
 * the OS name in an Export-Csv of Win32_OperatingSystem). */
#include "cli/columns.h"

#include <string.h>

static const char *const name_aliases[] = {
    "Netbios_Name0", "CSName", "ComputerName", "Computer Name", "Device name", "DeviceName", "AssetName",
    "PC Name", "PCName", "HostName", "host_hostname", "MachineName", "Machine Name", "SystemName", "Computer",
    "\xE3\x82\xB3\xE3\x83\xB3\xE3\x83\x94\xE3\x83\xA5\xE3\x83\xBC\xE3\x82\xBF\xE3\x83\xBC\xE5\x90\x8D", /* コンピューター名 */
    "\xE3\x82\xB3\xE3\x83\xB3\xE3\x83\x94\xE3\x83\xA5\xE3\x83\xBC\xE3\x82\xBF\xE5\x90\x8D",             /* コンピュータ名 */
    "PC\xE5\x90\x8D",                                                                                 /* PC名 */
    "\xE3\x83\x9B\xE3\x82\xB9\xE3\x83\x88\xE5\x90\x8D",                                               /* ホスト名 */
    "\xE7\xAB\xAF\xE6\x9C\xAB\xE5\x90\x8D",                                                           /* 端末名 */
    "\xE9\x9B\xBB\xE8\x85\xA6\xE5\x90\x8D\xE7\xA8\xB1",                                               /* 電腦名稱 */
    "\xE4\xB8\xBB\xE6\xA9\x9F\xE5\x90\x8D\xE7\xA8\xB1",                                               /* 主機名稱 */
    "\xE8\xA3\x9D\xE7\xBD\xAE\xE5\x90\x8D\xE7\xA8\xB1",                                               /* 裝置名稱 */
    "Name", NULL};

static const char *const version_aliases[] = {
    "BuildExt", "OSVersionFull", "OS Build", "Build Version", "FullVersion", "Build", "OSVersion",
    "OS version", "operatingSystemVersion0", "Version", "Version0",
    "OS\xE3\x83\x90\xE3\x83\xBC\xE3\x82\xB8\xE3\x83\xA7\xE3\x83\xB3",                                 /* OSバージョン */
    "OS\xE3\x83\x93\xE3\x83\xAB\xE3\x83\x89",                                                         /* OSビルド */
    "\xE3\x83\x90\xE3\x83\xBC\xE3\x82\xB8\xE3\x83\xA7\xE3\x83\xB3",                                   /* バージョン */
    "\xE4\xBD\x9C\xE6\xA5\xAD\xE7\xB3\xBB\xE7\xB5\xB1\xE7\x89\x88\xE6\x9C\xAC",                       /* 作業系統版本 */
    "\xE7\x89\x88\xE6\x9C\xAC",                                                                       /* 版本 */
    NULL};

static const char *const ubr_aliases[] = {"UBR", "UBR0", "Revision", "OSRevision", NULL};

static const char *const product_type_aliases[] = {
    "ProductType", "ProductType0", "Product Type",
    "\xE8\xA3\xBD\xE5\x93\x81\xE3\x82\xBF\xE3\x82\xA4\xE3\x83\x97",                                   /* 製品タイプ */
    NULL};

static const char *const os_name_aliases[] = {
    "Caption", "Caption0", "OS Name", "OSName", "Operating System", "OperatingSystem",
    "Operating_System_Name_and0", "OS", "Platform",
    "OS\xE5\x90\x8D",                                                                                 /* OS名 */
    "\xE3\x82\xAA\xE3\x83\x9A\xE3\x83\xAC\xE3\x83\xBC\xE3\x83\x86\xE3\x82\xA3\xE3\x83\xB3\xE3\x82\xB0"
    "\xE3\x82\xB7\xE3\x82\xB9\xE3\x83\x86\xE3\x83\xA0",                                               /* オペレーティングシステム */
    "\xE4\xBD\x9C\xE6\xA5\xAD\xE7\xB3\xBB\xE7\xB5\xB1",                                               /* 作業系統 */
    NULL};

static const char *const kbs_aliases[] = {
    "InstalledKBs", "HotFixIDs", "HotFixID", "HotFixID0", "KBs", "KB", "KBArticle", "InstalledUpdates",
    "KB\xE7\x95\xAA\xE5\x8F\xB7",                                                                     /* KB番号 */
    "\xE4\xBF\xAE\xE6\xAD\xA3\xE3\x83\x97\xE3\x83\xAD\xE3\x82\xB0\xE3\x83\xA9\xE3\x83\xA0",           /* 修正プログラム */
    "\xE6\x9B\xB4\xE6\x96\xB0\xE7\xB7\xA8\xE8\x99\x9F",                                               /* 更新編號 */
    NULL};

static const char *const root_present_aliases[] = {"RootCaPresent", NULL};
static const char *const root_store_aliases[] = {"RootCaStore", NULL};
static const char *const root_policy_aliases[] = {"RootAutoUpdateDisabled", NULL};
static const char *const root_sync_aliases[] = {"RootListLastSync", NULL};
static const char *const ppl_modules_aliases[] = {"PplModules", "ProtectedServices", NULL};

const cli_field_info cli_fields[CLI_FIELD_COUNT] = {
    [CLI_FIELD_NAME] = {"name", "machine name", name_aliases,
                        "the host name; Name only when no other column names the host"},
    [CLI_FIELD_VERSION] = {"version", "OS version", version_aliases,
                           "10.0.19045.6456, 19045.6456, 6.1.7601.25740; without the revision, from ubr"},
    [CLI_FIELD_UBR] = {"ubr", "revision", ubr_aliases, "the UBR or rollup revision, joined to a version without one"},
    [CLI_FIELD_PRODUCT_TYPE] = {"product-type", "product type", product_type_aliases,
                                "1, 2, 3 or workstation, domain controller, server; also in Japanese and Chinese"},
    [CLI_FIELD_OS_NAME] = {"os", "OS name", os_name_aliases,
                           "\"Windows Server 2019 Standard\", \"Win 2019\"; iOS, Android, macOS, Linux rows skipped"},
    [CLI_FIELD_KBS] = {"kbs", "installed KBs", kbs_aliases,
                       "KBs separated by space ; | or , or one KB per row (a machine's rows merged)"},
    [CLI_FIELD_ROOT_PRESENT] = {"root", "root CA present", root_present_aliases, "True or False"},
    [CLI_FIELD_ROOT_STORE] = {"root-store", "root CA store", root_store_aliases,
                              "Root, AuthRoot, GroupPolicy, Enterprise or SmartCard"},
    [CLI_FIELD_ROOT_AUTO_UPDATE_DISABLED] = {"root-auto-update-disabled", "root auto-update disabled",
                                             root_policy_aliases, "True or False"},
    [CLI_FIELD_ROOT_LAST_SYNC] = {"root-last-sync", "root list last sync", root_sync_aliases,
                                  "YYYY-MM-DD or never"},
    [CLI_FIELD_PPL_MODULES] = {"ppl-modules", "protected services", ppl_modules_aliases,
                               "--module specs separated by ; or | (none: the machine has none)"},
};

#define NORMALIZED_MAX 64

/* ASCII lower case without ' ', '_', '-', tab and the ideographic space;
 * "" when the name does not fit (such a column matches nothing). */
static size_t normalize(const char *text, size_t len, char out[NORMALIZED_MAX])
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == ' ' || c == '_' || c == '-' || c == '\t' || c == '"')
            continue;
        if (c == 0xE3 && i + 2 < len && (unsigned char)text[i + 1] == 0x80 && (unsigned char)text[i + 2] == 0x80) {
            i += 2; /* U+3000 */
            continue;
        }
        if (n + 1 == NORMALIZED_MAX) {
            n = 0;
            break;
        }
        out[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    out[n] = '\0';
    return n;
}

bool cli_column_is_ip(const char *name, size_t length)
{
    static const char *const ip_names[] = {"ip", "ipv4", "ipv6", "ipaddress", "ipaddresses", "ipv4address",
                                           "ipaddress0", "lastipaddress", "wiredipv4address",
                                           "ip\xE3\x82\xA2\xE3\x83\x89\xE3\x83\xAC\xE3\x82\xB9", /* IPアドレス */
                                           "ip\xE4\xBD\x8D\xE5\x9D\x80",                         /* IP位址 */
                                           NULL};
    char n[NORMALIZED_MAX];
    normalize(name, length, n);
    for (size_t i = 0; ip_names[i]; i++)
        if (strcmp(n, ip_names[i]) == 0)
            return true;
    return strstr(n, "ipaddress") != NULL;
}

bool cli_columns_parse(const char *spec, cli_column_override *o, char *err, size_t err_size)
{
    const char *p = spec;
    memset(o, 0, sizeof *o);
    while (*p) {
        const char *item = p, *eq, *end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        eq = memchr(item, '=', (size_t)(end - item));
        if (!eq || eq == item || eq + 1 == end) {
            snprintf(err, err_size, "--columns: '%.*s' is not FACT=COLUMN (e.g. version=OS Build)", (int)(end - item),
                     item);
            return false;
        }
        int found = -1;
        for (int f = 0; f < CLI_FIELD_COUNT; f++)
            if ((size_t)(eq - item) == strlen(cli_fields[f].key) && memcmp(item, cli_fields[f].key, (size_t)(eq - item)) == 0)
                found = f;
        if (found < 0) {
            char keys[256];
            size_t n = 0;
            for (int f = 0; f < CLI_FIELD_COUNT && n + 32 < sizeof keys; f++)
                n += (size_t)snprintf(keys + n, sizeof keys - n, "%s%s", f ? ", " : "", cli_fields[f].key);
            snprintf(err, err_size, "--columns: unknown fact '%.*s' (one of: %s)", (int)(eq - item), item, keys);
            return false;
        }
        o->name[found] = eq + 1;
        o->length[found] = (size_t)(end - eq - 1);
        p = *end ? end + 1 : end;
    }
    return true;
}

bool cli_columns_map(const char *const *names, const size_t *lengths, size_t count,
                     const cli_column_override *override, int index[CLI_FIELD_COUNT], char *err, size_t err_size)
{
    char header[NORMALIZED_MAX], alias[NORMALIZED_MAX];

    for (int f = 0; f < CLI_FIELD_COUNT; f++)
        index[f] = -1;
    if (override) {
        for (int f = 0; f < CLI_FIELD_COUNT; f++) {
            if (!override->name[f])
                continue;
            normalize(override->name[f], override->length[f], alias);
            for (size_t i = 0; i < count && index[f] < 0; i++)
                if (normalize(names[i], lengths[i], header) > 0 && strcmp(header, alias) == 0)
                    index[f] = (int)i;
            if (index[f] < 0) {
                snprintf(err, err_size, "--columns %s=%.*s: the header has no such column", cli_fields[f].key,
                         (int)override->length[f], override->name[f]);
                return false;
            }
        }
    }
    for (int f = 0; f < CLI_FIELD_COUNT; f++) {
        for (size_t a = 0; index[f] < 0 && cli_fields[f].aliases[a]; a++) {
            normalize(cli_fields[f].aliases[a], strlen(cli_fields[f].aliases[a]), alias);
            for (size_t i = 0; i < count; i++) {
                bool taken = false;
                for (int g = 0; g < CLI_FIELD_COUNT; g++)
                    taken = taken || index[g] == (int)i;
                if (taken || cli_column_is_ip(names[i], lengths[i]))
                    continue;
                normalize(names[i], lengths[i], header);
                if (strcmp(header, alias) == 0) {
                    index[f] = (int)i;
                    break;
                }
            }
        }
    }
    return true;
}

size_t cli_columns_alias_list(cli_field field, char *out, size_t size)
{
    size_t n = 0;
    if (size)
        out[0] = '\0';
    for (size_t a = 0; cli_fields[field].aliases[a] && n < size; a++) {
        int w = snprintf(out + n, size - n, "%s%s", a ? ", " : "", cli_fields[field].aliases[a]);
        if (w < 0)
            break;
        n += (size_t)w;
    }
    return n < size ? n : size - 1;
}

/* "    key (label): A, B, C ..." wrapped at 100 columns, then the help sentence. */
void cli_columns_print_help(FILE *out)
{
    for (int f = 0; f < CLI_FIELD_COUNT; f++) {
        int col = fprintf(out, "    %s:", cli_fields[f].key);
        for (size_t a = 0; cli_fields[f].aliases[a]; a++) {
            const char *alias = cli_fields[f].aliases[a];
            int width = (int)strlen(alias) + 2;
            if (col + width > 100) {
                fputs(a ? ",\n       " : "\n       ", out);
                col = 7;
            } else if (a) {
                fputs(",", out);
                col++;
            }
            col += fprintf(out, " %s", alias);
        }
        fprintf(out, "\n        (%s)\n", cli_fields[f].help);
    }
}
