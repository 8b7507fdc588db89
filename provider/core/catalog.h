/* The requirements catalog: what each Windows version needs before it loads
 * ACS-signed code, with a source for every rule. Loaded from XML (validated
 * against catalog.xsd by libxml2: at build time for the built-in copy, at load
 * time for any other) into this read-only model. Portable. */
#ifndef ACSREADY_CORE_CATALOG_H
#define ACSREADY_CORE_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACS_CATALOG_MAX_BYTES (1024u * 1024u) /* a real catalog is ~100 KiB */

typedef enum acs_lang { ACS_LANG_EN = 0, ACS_LANG_ZH_TW, ACS_LANG_JA, ACS_LANG_COUNT } acs_lang;

/* "en", "zh-TW", "ja"; also WMI locales "MS_409", "MS_404", "MS_411" and
 * case variants. False when unknown. */
bool acs_lang_parse(const char *text, acs_lang *out);
const char *acs_lang_code(acs_lang lang);

typedef struct acs_source {
    const char *id;
    const char *url;
    const char *title;
} acs_source;

/* Which product types a rule applies to: bit (1u << acs_product_type). */
#define ACS_PRODUCT_MASK_WORKSTATION (1u << 1)
#define ACS_PRODUCT_MASK_DC (1u << 2)
#define ACS_PRODUCT_MASK_SERVER (1u << 3)
#define ACS_PRODUCT_MASK_ANY (ACS_PRODUCT_MASK_WORKSTATION | ACS_PRODUCT_MASK_DC | ACS_PRODUCT_MASK_SERVER)

typedef enum acs_os_rule_kind {
    ACS_RULE_NATIVE = 0, /* ready out of the box */
    ACS_RULE_CUMULATIVE, /* Windows 10+: a KB and the minimum UBR that contains it */
    ACS_RULE_ROLLUP,     /* 6.x: October 2021 monthly rollup or security-only update */
    ACS_RULE_NEVER       /* no fix: upgrade */
} acs_os_rule_kind;

typedef struct acs_update_ref {
    uint32_t kb;
    uint32_t revision;  /* UBR (cumulative) or rollup/canary revision (6.x) */
    const char *date;   /* release date, "2021-10-12" */
} acs_update_ref;

/* A rule's prerequisites each become one requirement of the verdict, beside
 * the OS, the update and the root (evaluate.h sizes its table from this): the
 * loader refuses a rule with more, so no requirement is ever dropped. */
#define ACS_MAX_RULE_PREREQUISITES 5

typedef struct acs_prerequisite {
    const char *id;   /* "prereq-sha2" */
    uint32_t kb;
    const char *name; /* "SHA-2 code signing support" */
    /* The name in each language (name-zh-TW, name-ja); [ACS_LANG_EN] and any
     * language the catalog does not translate hold the English name. */
    const char *localized_name[ACS_LANG_COUNT];
    const uint32_t *superseded_by; /* later KBs that carry it */
    size_t superseded_by_count;
    const acs_source *source;
} acs_prerequisite;

typedef struct acs_os_rule {
    const char *id;   /* "win10-1809" */
    const char *name; /* "Windows 10 1809 / Server 2019 / LTSC 2019" */
    const char *localized_name[ACS_LANG_COUNT]; /* as acs_prerequisite's */
    uint32_t major, minor, build_min, build_max; /* build_max UINT32_MAX = open */
    unsigned product_mask;
    acs_os_rule_kind kind;
    const acs_source *source;

    /* ACS_RULE_CUMULATIVE: required = the KB5022661 KB and its UBR;
     * first_patch_tuesday = first B release at or above it (remedy text). */
    acs_update_ref required;
    acs_update_ref first_patch_tuesday;

    /* ACS_RULE_ROLLUP: required = October 2021 monthly rollup (revision = the
     * RollupFix/kernel revision that satisfies it); security_only = the same
     * month's security-only update; later = every later monthly rollup, oldest
     * first (each supersedes the required one); later_security_only = every
     * later security-only update, oldest first (not cumulative: none of them
     * supersedes October's, but each proves the SHA-2 prerequisites).
     * kernel_min = ntoskrnl.exe version the October update brings. */
    acs_update_ref security_only;
    const acs_update_ref *later;
    size_t later_count;
    const acs_update_ref *later_security_only;
    size_t later_security_only_count;
    uint16_t kernel_min[4];

    /* ACS_RULE_NEVER: what to move to. */
    const char *upgrade_to;
    const char *localized_upgrade_to[ACS_LANG_COUNT]; /* upgrade-zh-TW, upgrade-ja; English when absent */

    const acs_prerequisite *prerequisites;
    size_t prerequisite_count;
} acs_os_rule;

typedef struct acs_root_rule {
    const char *name;         /* "Microsoft Identity Verification Root Certificate Authority 2020" */
    uint8_t sha1[20];
    uint8_t sha256[32];
    const char *sha1_hex;     /* upper-case, as certutil prints it */
    const char *sha256_hex;
    int64_t ctl_since_unix;   /* a root list synced at or after this holds the root */
    const char *download_url;
    const acs_source *source;
} acs_root_rule;

typedef struct acs_profile {
    const char *id;          /* "microsoft", "trendmicro" */
    const char *description;
    bool is_default;
    const struct acs_profile *base; /* rules not overridden here come from base */
    const acs_os_rule *rules;       /* checked before base's */
    size_t rule_count;
    const acs_source *source;
} acs_profile;

/* Every localized sentence the evaluator renders. Placeholders in {braces}
 * are filled by acs_render (report.h). Keep in step with catalog.xsd's TextId. */
#define ACS_TEXT_IDS(X) \
    X(STATE_READY, "state.ready") \
    X(STATE_NOT_READY, "state.not-ready") \
    X(STATE_UNSUPPORTED, "state.unsupported") \
    X(STATE_UNKNOWN, "state.unknown") \
    X(REQ_OS, "requirement.os") \
    X(REQ_UPDATE, "requirement.update") \
    X(REQ_PREREQUISITE, "requirement.prerequisite") \
    X(REQ_ROOT, "requirement.root") \
    X(EV_OS_UNREAD, "evidence.os.unread") \
    X(EV_OS_UNKNOWN, "evidence.os.unknown") \
    X(EV_OS_NATIVE, "evidence.os.native") \
    X(EV_OS_SERVICED, "evidence.os.serviced") \
    X(EV_OS_NEVER, "evidence.os.never") \
    X(EV_UBR_MEETS, "evidence.ubr.meets") \
    X(EV_UBR_BELOW, "evidence.ubr.below") \
    X(EV_UBR_UNREAD, "evidence.ubr.unread") \
    X(EV_KB_INSTALLED, "evidence.kb.installed") \
    X(EV_KB_SUPERSEDED, "evidence.kb.superseded") \
    X(EV_KB_PENDING, "evidence.kb.pending") \
    X(EV_KB_STAGED, "evidence.kb.staged") \
    X(EV_KB_BROKEN, "evidence.kb.broken") \
    X(EV_ROLLUP_MEETS, "evidence.rollup.meets") \
    X(EV_ROLLUP_LATER_KB, "evidence.rollup.later-kb") \
    X(EV_SECURITY_ONLY, "evidence.rollup.security-only") \
    X(EV_LATER_SECURITY_ONLY, "evidence.rollup.later-security-only") \
    X(EV_ROLLUP_MISSING, "evidence.rollup.missing") \
    X(EV_ROLLUP_GAP, "evidence.rollup.gap") \
    X(EV_ROLLUP_PENDING, "evidence.rollup.pending") \
    X(EV_KERNEL_BELOW, "evidence.kernel.below") \
    X(EV_UPDATES_UNREAD, "evidence.updates.unread") \
    X(EV_PREREQ_INSTALLED, "evidence.prereq.installed") \
    X(EV_PREREQ_IMPLIED, "evidence.prereq.implied") \
    X(EV_PREREQ_MISSING, "evidence.prereq.missing") \
    X(EV_ROOT_PRESENT, "evidence.root.present") \
    X(EV_ROOT_ABSENT_POLICY, "evidence.root.absent-policy") \
    X(EV_ROOT_ABSENT_SYNCED, "evidence.root.absent-synced") \
    X(EV_ROOT_ABSENT_STALE, "evidence.root.absent-stale") \
    X(EV_ROOT_ABSENT_NEVER_SYNCED, "evidence.root.absent-never-synced") \
    X(EV_ROOT_UNREAD, "evidence.root.unread") \
    X(EV_ROOT_POLICY_UNREAD, "evidence.root.policy-unread") \
    X(EV_ROOT_SYNC_UNREAD, "evidence.root.sync-unread") \
    X(RM_NONE, "remedy.none") \
    X(RM_UPGRADE, "remedy.upgrade") \
    X(RM_CUMULATIVE, "remedy.cumulative") \
    X(RM_ROLLUP, "remedy.rollup") \
    X(RM_RESTART, "remedy.restart") \
    X(RM_REPAIR, "remedy.repair") \
    X(RM_PREREQ, "remedy.prerequisite") \
    X(RM_ROOT_IMPORT, "remedy.root-import") \
    X(RM_ROOT_SYNC, "remedy.root-sync") \
    X(RM_COLLECT, "remedy.collect") \
    X(RM_CATALOG, "remedy.catalog") \
    X(REQ_PPL, "requirement.ppl") \
    X(EV_PPL_NONE, "evidence.ppl.none") \
    X(EV_PPL_NO_REFUSAL, "evidence.ppl.no-refusal") \
    X(EV_PPL_LOG_UNREAD, "evidence.ppl.log-unread") \
    X(EV_PPL_REFUSED, "evidence.ppl.refused") \
    X(EV_PPL_LOG_NOTE, "evidence.ppl.log-note") \
    X(EV_PPL_HISTORY, "evidence.ppl.history") \
    X(EV_PPL_MOD_REFUSED, "evidence.ppl.module-refused") \
    X(EV_PPL_MOD_UNPROTECTED, "evidence.ppl.module-unprotected") \
    X(EV_PPL_MOD_LEVEL, "evidence.ppl.module-level") \
    X(EV_PPL_MOD_SIG_UNREAD, "evidence.ppl.module-signature-unread") \
    X(EV_PPL_MOD_NOT_SIGNED, "evidence.ppl.module-not-signed") \
    X(EV_PPL_MOD_SIG_INVALID, "evidence.ppl.module-signature-invalid") \
    X(EV_PPL_MOD_ACS_READY, "evidence.ppl.module-acs-ready") \
    X(EV_PPL_MOD_ACS_AT_RISK, "evidence.ppl.module-acs-at-risk") \
    X(EV_PPL_MOD_ACS_UNSURE, "evidence.ppl.module-acs-unsure") \
    X(EV_PPL_MOD_OTHER_ROOT, "evidence.ppl.module-other-root") \
    X(RM_PPL_REFUSED, "remedy.ppl-refused") \
    X(RM_PPL_MACHINE, "remedy.ppl-machine") \
    X(RM_PPL_UNPROTECTED, "remedy.ppl-unprotected") \
    X(RM_PPL_CHECK, "remedy.ppl-check") \
    X(RM_PPL_REINSTALL, "remedy.ppl-reinstall") \
    X(EV_OS_IMPLAUSIBLE, "evidence.os.implausible") \
    X(EV_UBR_DISAGREES, "evidence.ubr.disagrees") \
    X(EV_KERNEL_DISAGREES, "evidence.kernel.disagrees") \
    X(RM_RECHECK, "remedy.recheck")

typedef enum acs_text_id {
#define ACS_TEXT_ENUM(name, key) ACS_TEXT_##name,
    ACS_TEXT_IDS(ACS_TEXT_ENUM)
#undef ACS_TEXT_ENUM
    ACS_TEXT_COUNT
} acs_text_id;

const char *acs_text_key(acs_text_id id); /* "evidence.ubr.below" */

typedef struct acs_catalog acs_catalog; /* opaque: owns every string above */

typedef struct acs_catalog_origin {
    char source[512];   /* the file path, or "built-in" */
    bool fell_back;     /* a file was asked for and could not be used */
    char reason[1024];  /* why, when fell_back: "x.xml:12: Element 'os': ..." */
    /* A setting that was ignored without changing the catalog ("Profile 'x'
     * is not in this catalog: 'microsoft' is used"); "" when none. */
    char notes[256];
} acs_catalog_origin;

/* Loads and validates against the XSD, always; on failure *out is NULL and err
 * names the file, line and problem. */
int acs_catalog_load_memory(const char *data, size_t size, const char *name, acs_catalog **out, char *err,
                            size_t err_size);
int acs_catalog_load_file(const char *path, acs_catalog **out, char *err, size_t err_size);
/* The copy compiled into the binary (catalog_builtin.c, generated). The build
 * validated it against the XSD, so this load does not again; it still checks
 * the shape limits, parses safely and makes every semantic check. */
int acs_catalog_load_builtin(acs_catalog **out, char *err, size_t err_size);
/* path NULL -> built-in. A path that cannot be used falls back to the built-in
 * copy and says why in origin. NULL only if even the built-in copy fails. */
acs_catalog *acs_catalog_open(const char *path, acs_catalog_origin *origin);
void acs_catalog_free(acs_catalog *catalog);

/* Process-wide libxml2 setup/teardown (xmlInitParser, and the lock under which
 * the schema is compiled when a load first needs it); call once. */
void acs_catalog_library_init(void);
void acs_catalog_library_cleanup(void);

const char *acs_catalog_version(const acs_catalog *catalog);
const acs_root_rule *acs_catalog_root(const acs_catalog *catalog);
const acs_profile *acs_catalog_default_profile(const acs_catalog *catalog);
const acs_profile *acs_catalog_find_profile(const acs_catalog *catalog, const char *id); /* NULL id -> default */
size_t acs_catalog_profile_count(const acs_catalog *catalog);
const acs_profile *acs_catalog_profile_at(const acs_catalog *catalog, size_t index);
const acs_source *acs_catalog_find_source(const acs_catalog *catalog, const char *id);
const char *acs_catalog_text(const acs_catalog *catalog, acs_lang lang, acs_text_id id);

/* The rule for an OS under a profile (profile rules first, then its bases). NULL: no row. */
const acs_os_rule *acs_catalog_match(const acs_profile *profile, uint32_t major, uint32_t minor, uint32_t build,
                                     unsigned product_mask);
/* All rules of the base catalog, for tests and docs. */
size_t acs_catalog_rule_count(const acs_catalog *catalog);
const acs_os_rule *acs_catalog_rule_at(const acs_catalog *catalog, size_t index);

/* Calls visit for every KB a rule names: the required update, the first
 * Patch Tuesday release after it, the security-only update, every later
 * rollup, and its prerequisites with the updates that supersede them. Zero
 * (no such update) is skipped; a KB named twice is visited twice. */
void acs_rule_for_each_kb(const acs_os_rule *rule, void (*visit)(void *context, uint32_t kb), void *context);

/* Does any rule or prerequisite of this catalog name the KB? Lets readers keep
 * only the KBs that matter (an inventory row may list hundreds). */
bool acs_catalog_kb_relevant(const acs_catalog *catalog, uint32_t kb);

#endif
