/* The command line's own words in the three languages: the headings and
 * notes of the fleet report and the inventory's text output. Verdicts,
 * state names and reasons are the catalog's, not these. */
#ifndef ACSREADY_CLI_LABELS_H
#define ACSREADY_CLI_LABELS_H

#include "core/catalog.h"

typedef enum cli_label {
    L_TITLE,
    L_STATES,
    L_RELEASES,
    L_MISSING,
    L_MACHINES,
    L_NAME,
    L_STATE,
    L_OS,
    L_VERSION,
    L_MISSING_COL,
    L_REASONS,
    L_COUNT,
    L_UPDATE,
    L_FILTER,
    L_ALL_STATES,
    L_NO_RULE,
    L_OTHER,
    L_TOTAL,
    L_SOURCE,
    L_PROFILE,
    L_BAD_ROWS,
    L_NOT_WINDOWS,
    L_ROOT_ASSUMED,
    L_ROOT_PRESENT,
    L_ROOT_ABSENT,
    L_ROOT_UNKNOWN,
    L_NONE_MISSING,
    L_GENERATED,
    L_ROOT_NOT_CHECKED,
    /* The catalog listing (acsready catalog): keys, headings and the words
     * around a rule's numbers; printf formats where they hold a %s or %u. */
    C_VERSION,
    C_SOURCE,              /* where the catalog was read from */
    C_BUILT_IN,            /* that source when it is the built-in copy */
    C_FALLBACK,
    C_ROOT,
    C_DOWNLOAD,
    C_PROFILES,
    C_RULES,
    C_DEFAULT,
    C_BASED_ON,            /* "based on %s" */
    C_CITED,               /* "source", before a rule's URL */
    C_WORKSTATION,
    C_SERVER,
    C_DC,
    C_NATIVE,
    C_FIRST_B_RELEASE,     /* "first Patch Tuesday update" */
    C_MONTHLY_ROLLUP,
    C_REVISION,
    C_OR,
    C_SECURITY_ONLY,
    C_LATER_ROLLUPS,       /* "%u later rollups" */
    C_NO_FIX,              /* "no fix; upgrade to %s" */
    C_SUPPORTED_RELEASE,
    C_NEEDS_FIRST,         /* "needs KB%u (%s) first" */
    /* Why a fact is unknown, as the command line and the inventory say it
     * (the {why} of a reason); printf formats where they hold a %s. */
    W_NOT_GIVEN,           /* "not given on the command line" */
    W_GIVEN_UNKNOWN,
    W_NOT_COLLECTED,
    W_ROLLUP_REVISION,     /* "the installed rollup's revision" */
    W_NO_VERSION_COLUMN,
    W_NO_REVISION,
    W_NO_PRODUCT_COLUMN,
    W_EMPTY_PRODUCT,
    W_VAGUE_PRODUCT,
    W_NO_KB_COLUMN,
    W_NOT_IN_INVENTORY,
    W_NO_ROOT_COLUMN,
    W_EMPTY_COLUMN,        /* "%s is empty" */
    W_NO_COLUMN,           /* "no %s column in the inventory" */
    L_LABEL_COUNT
} cli_label;

const char *cli_label_text(acs_lang lang, cli_label label);
/* "present", "absent", "unknown" (an --assume-root value) in that language. */
const char *cli_label_root_value(acs_lang lang, const char *value);

#endif
