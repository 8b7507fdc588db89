/* facts + catalog + profile -> verdict. Portable, allocation-free, no text:
 * results hold a text id and numeric/string arguments, rendered on demand by
 * report.h, so an inventory of a million machines formats only what it prints. */
#ifndef ACSREADY_CORE_EVALUATE_H
#define ACSREADY_CORE_EVALUATE_H

#include "catalog.h"
#include "facts.h"

typedef enum acs_state {
    ACS_STATE_READY = 0,       /* exit status 0 */
    ACS_STATE_NOT_READY = 1,   /* a fix exists: install it */
    ACS_STATE_UNSUPPORTED = 2, /* no fix for this OS: upgrade it */
    ACS_STATE_UNKNOWN = 3      /* evidence missing */
} acs_state;

const char *acs_state_name(acs_state state); /* "Ready", "NotReady", "Unsupported", "Unknown" */

typedef enum acs_requirement_kind {
    ACS_REQ_OS = 0,      /* is this OS serviceable for ACS at all */
    ACS_REQ_UPDATE,      /* the KB5022661 update or a later one */
    ACS_REQ_PREREQUISITE,
    ACS_REQ_ROOT,
    ACS_REQ_PPL          /* evidence from protected services (present when their list was read) */
} acs_requirement_kind;

const char *acs_requirement_kind_name(acs_requirement_kind kind); /* "OperatingSystem", "Update", ... */

typedef enum acs_tristate { ACS_NO = 0, ACS_YES = 1, ACS_UNSURE = 2 } acs_tristate;

/* Arguments a sentence may name. Unused members stay zero/NULL. Placeholders:
 * {os} os_name, {version} major.minor.build[.rev], {kb} KB{kb}, {kb2} KB{kb2}, {laterkb} KB{later_kb},
 * {have} have, {need} need, {date} date (or `when` as YYYY-MM-DD), {date2} date2, {name} name,
 * {why} why, {stores} stores (ACS_STORE_* list), {kernel} kernel, {needkernel} need_kernel,
 * {upgrade} upgrade, {root} root name, {state} package state name. */
typedef struct acs_text_args {
    const char *os_name;
    uint32_t kb, kb2;
    uint32_t later_kb;           /* {laterkb}: a later update that does not supersede {kb} */
    uint32_t have, need;
    const char *date, *date2;
    const char *name;
    const char *why;
    const char *upgrade;
    unsigned stores;
    int64_t when;                /* seconds since 1970 UTC, rendered by {date} when date is NULL */
    uint32_t version[4];         /* {version}: the first version_parts numbers */
    unsigned version_parts;
    uint16_t kernel[4], need_kernel[4];
    acs_package_state package_state;
    const char *path, *signer, *message; /* {path} {signer} {message}: a protected service's image */
    /* When set, {os}, {name} and {upgrade} come from these, indexed by the
     * report's language (the catalog's localized names), instead of the
     * single-language strings above. */
    const char *const *localized_os_name, *const *localized_name, *const *localized_upgrade;
} acs_text_args;

typedef struct acs_requirement_result {
    char id[48];               /* "os", "update", "prereq-sha2", "root-ca"; WMI key */
    acs_requirement_kind kind;
    acs_tristate satisfied;
    acs_text_id evidence;
    acs_text_id remedy;        /* ACS_TEXT_RM_NONE when satisfied */
    acs_text_args args;
    uint32_t missing_kb;       /* the KB to install when not satisfied; 0 if none */
    const acs_source *source;  /* MoreInfoUrl */
} acs_requirement_result;

/* os, update, every prerequisite, root: the whole of the largest rule the loader accepts. */
#define ACS_MAX_REQUIREMENTS (3 + ACS_MAX_RULE_PREREQUISITES)
/* Each prerequisite and the update can be missing. */
#define ACS_MAX_MISSING (1 + ACS_MAX_RULE_PREREQUISITES)

typedef struct acs_verdict {
    acs_state state;
    const acs_os_rule *rule;     /* NULL when no row matched or the OS was unread */
    const acs_profile *profile;
    const acs_catalog *catalog;
    /* The facts as judged: a copy in which every implausible fact is unread
     * with its reason (core/plausible.h); results' {why} point into it. */
    acs_host_facts facts;
    size_t requirement_count;
    acs_requirement_result requirements[ACS_MAX_REQUIREMENTS];
    size_t missing_count;
    uint32_t missing_kbs[ACS_MAX_MISSING]; /* install order: prerequisites first */
} acs_verdict;

/* Whether the running build alone proves a rule's update: for a cumulative
 * rule a UBR at or above the required one, for a rollup rule the installed
 * monthly rollup's revision (0: none or unread) at or above it. A rule that
 * asks for no update (native, never serviced) is met. */
bool acs_rule_met_by_revision(const acs_os_rule *rule, const acs_os_facts *os, uint32_t rollup_revision);

/* profile NULL -> the catalog's default. Never fails: gaps become Unknown. */
void acs_evaluate(const acs_catalog *catalog, const acs_profile *profile, const acs_host_facts *facts,
                  acs_verdict *out);

/* Process exit status for a state (0..3). */
int acs_state_exit_code(acs_state state);

#endif
