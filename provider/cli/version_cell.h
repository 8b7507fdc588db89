/* An export's version cells -> a Windows version. Exports write it as
 * 10.0.19045.6456 (full), 10.0.19045 plus a UBR/revision column, 19045.6456
 * (Lansweeper-style build.UBR without 10.0), 6.1.7601.25740, or a bare build
 * 17763 (osquery's build). Windows build numbers are unique across releases,
 * so a build alone names its major.minor. A value that is not a Windows
 * version - an IP address such as 10.1.2.3, a release name such as 22H2 -
 * is refused with the reason, never read as one. */
#ifndef ACSREADY_CLI_VERSION_CELL_H
#define ACSREADY_CLI_VERSION_CELL_H

#include "cli/cli.h"

/* major.minor of a Windows build number; false for a build no Windows had. */
bool cli_windows_release_of_build(uint32_t build, uint32_t *major, uint32_t *minor);

/* version cell (required) and revision cell (may be empty) -> version.
 * False with why ("'10.1.2.3' is not a Windows version (an IP address?)"). */
bool cli_version_from_cells(const char *version, size_t version_len, const char *revision, size_t revision_len,
                            cli_os_version *out, char *why, size_t why_size);

#endif
