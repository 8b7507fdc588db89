/* OS identity facts from a dotted version, shared by --os and an inventory's
 * OSVersion column so both read "6.1.7601.25740" the same way. */
#include "cli/cli.h"

static const acs_known no_rollup_on_10 = {false, "Windows 10 and later have no monthly rollup"};
static const acs_known no_ubr_on_6x = {false, "Windows before 10 has no UBR"};

void cli_set_os_version(acs_host_facts *facts, const cli_os_version *os, const acs_known *missing_revision)
{
    facts->os.major = os->major;
    facts->os.minor = os->minor;
    facts->os.build = os->build;
    acs_known_ok(&facts->os.version);

    /* REV is the UBR on Windows 10 and later, and the installed monthly
     * rollup's revision (RollupFix build.revision) on 6.x. */
    if (acs_os_has_ubr(os->major)) {
        facts->os.ubr_value = os->revision;
        if (os->has_revision)
            acs_known_ok(&facts->os.ubr);
        else
            facts->os.ubr = *missing_revision;
        facts->updates.rollup = no_rollup_on_10;
    } else {
        facts->os.ubr = no_ubr_on_6x;
        facts->updates.rollup_revision = os->revision;
        if (os->has_revision)
            acs_known_ok(&facts->updates.rollup);
        else
            facts->updates.rollup = *missing_revision;
    }
}
