/* The facts one "acsready evaluate --os ..." describes. What the command line
 * states is known; what it leaves out is unknown with a reason, so the
 * verdict can say "Unknown, because ..." instead of guessing. The OS part is
 * shared with an inventory's OSVersion column, so both read "6.1.7601.25740"
 * the same way. */
#include "cli/cli.h"
#include "cli/labels.h"

#include <string.h>

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

/* The reasons are in the language of the answer (--lang): they end up in
 * its Reasons, next to the catalog's sentences. */
static void root_facts(const cli_options *options, acs_root_facts *root)
{
    const char *not_given = cli_label_text(options->lang, W_NOT_GIVEN);
    switch (options->root) {
    case CLI_NOT_GIVEN:
    case CLI_GIVEN_YES:
        root->stores = options->root_stores ? options->root_stores : ACS_STORE_ROOT;
        acs_known_ok(&root->presence);
        break;
    case CLI_GIVEN_NO:
        root->stores = 0;
        acs_known_ok(&root->presence);
        break;
    case CLI_GIVEN_UNKNOWN:
        acs_known_fail(&root->presence, "%s", cli_label_text(options->lang, W_GIVEN_UNKNOWN));
        break;
    }

    if (options->auto_update == CLI_NOT_GIVEN) {
        acs_known_fail(&root->policy, "%s (--root-auto-update)", not_given);
    } else {
        root->auto_update_disabled = options->auto_update == CLI_GIVEN_NO;
        acs_known_ok(&root->policy);
    }

    if (options->last_sync == CLI_NOT_GIVEN) {
        acs_known_fail(&root->last_sync, "%s", not_given);
    } else {
        root->never_synced = options->last_sync == CLI_GIVEN_NO;
        root->last_sync_unix = options->last_sync == CLI_GIVEN_YES ? options->last_sync_unix : 0;
        acs_known_ok(&root->last_sync);
    }
}

void cli_facts_from_options(const cli_options *options, acs_host_facts *facts)
{
    acs_known missing_revision;
    const char *not_given = cli_label_text(options->lang, W_NOT_GIVEN);

    acs_facts_init(facts);
    if (acs_os_has_ubr(options->os.major))
        acs_known_fail(&missing_revision, "%s (--os %u.%u.%u.UBR)", not_given, (unsigned)options->os.major,
                       (unsigned)options->os.minor, (unsigned)options->os.build);
    else
        acs_known_fail(&missing_revision, "%s (--os %u.%u.%u.REV: %s)", not_given, (unsigned)options->os.major,
                       (unsigned)options->os.minor, (unsigned)options->os.build,
                       cli_label_text(options->lang, W_ROLLUP_REVISION));
    cli_set_os_version(facts, &options->os, &missing_revision);

    facts->os.product_type = options->product_given ? options->product_type : ACS_PRODUCT_WORKSTATION;
    acs_known_ok(&facts->os.product);

    /* --kb lists the whole package list: a KB not listed is absent. Without
     * --kb the packages are unknown, never guessed absent. */
    if (options->kb_given)
        acs_known_ok(&facts->updates.packages);
    else
        acs_known_fail(&facts->updates.packages, "%s (--kb)", not_given);
    for (size_t i = 0; i < options->kb_count; i++) {
        acs_facts_add_kb(&facts->updates, options->kbs[i].kb, options->kbs[i].state);
        if (options->kbs[i].kb > facts->updates.newest_kb)
            facts->updates.newest_kb = options->kbs[i].kb;
    }
    acs_known_fail(&facts->updates.kernel, "%s", not_given);

    root_facts(options, &facts->root);
    if (options->modules_given) {
        facts->ppl.module_count = options->modules.module_count;
        memcpy(facts->ppl.list, options->modules.list, options->modules.module_count * sizeof facts->ppl.list[0]);
        acs_known_ok(&facts->ppl.modules);
    } else {
        acs_known_fail(&facts->ppl.modules, "%s", cli_label_text(options->lang, W_NOT_COLLECTED));
    }
}
