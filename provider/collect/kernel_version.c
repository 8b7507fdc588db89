/* ntoskrnl.exe's file version: on 6.x the October 2021 update is judged by
 * it together with the rollup evidence, as Tenable's rollup check does with
 * its canary file (docs/reference/servicing-evidence.md, kernel file version). */
#include "collect/collect.h"

void acs_collect_kernel(const acs_seam *seam, acs_update_facts *updates)
{
    uint16_t version[4] = {0, 0, 0, 0};
    char why[96];
    LONG rc = seam->file_version(seam->ctx, L"System32\\ntoskrnl.exe", version);
    int i;

    if (rc == ERROR_PROC_NOT_FOUND) {
        acs_known_fail(&updates->kernel, "ntoskrnl.exe version: version.dll lacks GetFileVersionInfoW on this system");
        return;
    }
    if (rc != ERROR_SUCCESS) {
        acs_win32_error_text(rc, why, sizeof(why));
        acs_known_fail(&updates->kernel, "ntoskrnl.exe version: %s", why);
        return;
    }
    for (i = 0; i < 4; i++)
        updates->kernel_version[i] = version[i];
    acs_known_ok(&updates->kernel);
}
