/* Version cells of an export -> cli_os_version; see version_cell.h. */
#include "cli/version_cell.h"

#include <stdio.h>
#include <string.h>

/* Build numbers of released Windows versions (Microsoft's release tables;
 * docs/catalog.md). 10.0 covers every build from Windows 10 1507 (10240) on,
 * Server and Azure Stack HCI included. */
bool cli_windows_release_of_build(uint32_t build, uint32_t *major, uint32_t *minor)
{
    static const struct {
        uint32_t build_min, build_max, major, minor;
    } releases[] = {
        {2195, 2195, 5, 0},   /* Windows 2000 */
        {2600, 2600, 5, 1},   /* XP */
        {3790, 3790, 5, 2},   /* Server 2003, XP x64 */
        {6000, 6003, 6, 0},   /* Vista, Server 2008 (6003 since the March 2019 rollup) */
        {7600, 7601, 6, 1},   /* 7, Server 2008 R2 */
        {9200, 9200, 6, 2},   /* 8, Server 2012 */
        {9600, 9600, 6, 3},   /* 8.1, Server 2012 R2 */
        {10240, 99999, 10, 0} /* Windows 10, 11, Server 2016 and later */
    };
    for (size_t i = 0; i < sizeof releases / sizeof releases[0]; i++)
        if (build >= releases[i].build_min && build <= releases[i].build_max) {
            *major = releases[i].major;
            *minor = releases[i].minor;
            return true;
        }
    return false;
}

static void trim(const char **text, size_t *len)
{
    while (*len > 0 && (**text == ' ' || **text == '\t')) {
        (*text)++;
        (*len)--;
    }
    while (*len > 0 && ((*text)[*len - 1] == ' ' || (*text)[*len - 1] == '\t'))
        (*len)--;
}

bool cli_version_from_cells(const char *version, size_t version_len, const char *revision, size_t revision_len,
                            cli_os_version *out, char *why, size_t why_size)
{
    uint32_t parts[4], rev_parts[4], major, minor;
    size_t count;
    int shown;

    trim(&version, &version_len);
    trim(&revision, &revision_len);
    shown = version_len > 40 ? 40 : (int)version_len;
    if (version_len == 0) {
        snprintf(why, why_size, "the OS version is empty");
        return false;
    }
    count = cli_parse_dotted(version, version_len, parts);
    memset(out, 0, sizeof *out);
    switch (count) {
    case 1: /* a bare build: 17763 */
    case 2: /* build.UBR without 10.0: 19045.6456 */
        if (!cli_windows_release_of_build(parts[0], &major, &minor)) {
            snprintf(why, why_size, "OS version '%.*s' is not a Windows build (e.g. 10.0.19045.6456 or 19045.6456)",
                     shown, version);
            return false;
        }
        out->major = major;
        out->minor = minor;
        out->build = parts[0];
        out->has_revision = count == 2;
        out->revision = count == 2 ? parts[1] : 0;
        break;
    case 3:
    case 4:
        if (!cli_windows_release_of_build(parts[2], &major, &minor) || major != parts[0] || minor != parts[1]) {
            snprintf(why, why_size,
                     "OS version '%.*s' is not a Windows version (no Windows release is %u.%u with build %u%s)", shown,
                     version, (unsigned)parts[0], (unsigned)parts[1], (unsigned)parts[2],
                     parts[2] < 2000 ? "; an IP address?" : "");
            return false;
        }
        cli_os_version_from_parts(parts, count, out);
        break;
    default:
        snprintf(why, why_size, "OS version '%.*s' is not MAJOR.MINOR.BUILD[.REVISION] (e.g. 10.0.17763.2114)", shown,
                 version);
        return false;
    }
    if (revision_len > 0 && !out->has_revision) {
        if (cli_parse_dotted(revision, revision_len, rev_parts) != 1) {
            snprintf(why, why_size, "the revision '%.*s' is not a number", revision_len > 20 ? 20 : (int)revision_len,
                     revision);
            return false;
        }
        out->has_revision = true;
        out->revision = rev_parts[0];
    }
    return true;
}
