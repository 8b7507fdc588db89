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
    L_LABEL_COUNT
} cli_label;

const char *cli_label_text(acs_lang lang, cli_label label);
/* "present", "absent", "unknown" (an --assume-root value) in that language. */
const char *cli_label_root_value(acs_lang lang, const char *value);

#endif
