/* Host facts: what a collector found on one machine. Portable (no windows.h).
 * Every fact carries acs_known: either it was read, or why it could not be. The
 * evaluator turns an unread fact into an Unknown verdict, never into Ready. */
#ifndef ACSREADY_CORE_FACTS_H
#define ACSREADY_CORE_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACS_WHY_MAX 160

typedef struct acs_known {
    bool known;
    /* when !known: "UBR value missing", "RegOpenKeyEx: access denied (5)".
     * A longer reason is cut (vsnprintf): harmless, it explains and never decides. */
    char why[ACS_WHY_MAX];
} acs_known;

/* Windows 10 and later count their monthly updates in the UBR (the fourth
 * version number); 6.x has no UBR and is judged by its installed rollup. */
bool acs_os_has_ubr(uint32_t major);

/* Values of OSVERSIONINFOEX.wProductType, so collectors can store them as read. */
typedef enum acs_product_type {
    ACS_PRODUCT_UNKNOWN = 0,
    ACS_PRODUCT_WORKSTATION = 1,
    ACS_PRODUCT_DC = 2,
    ACS_PRODUCT_SERVER = 3
} acs_product_type;

typedef struct acs_os_facts {
    acs_known version; /* major.minor.build */
    uint32_t major, minor, build;
    acs_known ubr; /* Windows 10 and later: CurrentVersion\UBR */
    uint32_t ubr_value;
    /* CurrentVersion\CurrentBuildNumber (REG_SZ), only to cross-check the
     * build RtlGetVersion gave (core/plausible.h); unread when absent or not
     * a plain decimal number. */
    acs_known registry_build;
    uint32_t registry_build_value;
    acs_known product;
    acs_product_type product_type;
    uint32_t service_pack;      /* major service pack number, 0 when none */
    /* Labels: shown, never used to decide. acs_reg_read_string stores a
     * registry string whole or not at all (empty when it does not fit or is
     * of another type), so a huge or hostile value leaves a label empty, not
     * cut; only the " Service Pack n" suffix of caption may be cut. Harmless. */
    char caption[128];          /* ProductName, plus CSDVersion on 6.x */
    char edition[64];           /* EditionID */
    char installation_type[32]; /* Client, Server, Server Core */
    /* A token from the collector's own table: never truncated. It builds CBS
     * package names; empty (unknown arch) makes the CBS facts unknown. */
    char architecture[16];      /* amd64, x86, arm64 */
} acs_os_facts;

/* Package states as Component Based Servicing keeps them, folded to what matters. */
typedef enum acs_package_state {
    ACS_PKG_ABSENT = 0,
    ACS_PKG_STAGED,            /* 0x20..0x40: payload resolved or staged, not installed */
    ACS_PKG_INSTALL_PENDING,   /* 0x60, 0x65: waits for a restart */
    ACS_PKG_UNINSTALL_PENDING, /* 0x05 */
    ACS_PKG_SUPERSEDED,        /* 0x50: a newer package carries its content */
    ACS_PKG_INSTALLED,         /* 0x70 installed, 0x80 permanent */
    ACS_PKG_BROKEN             /* negative states: "installed but broken" and kin */
} acs_package_state;

typedef struct acs_kb_fact {
    uint32_t kb; /* 5006743 for KB5006743 */
    acs_package_state state;
} acs_kb_fact;

/* A collector that finds more KBs than this marks the package list unknown
 * ("more than 128 KBs ..."): acs_facts_add_kb returns false when full. */
#define ACS_MAX_KB_FACTS 128

typedef struct acs_update_facts {
    /* Known: every KB that could change the verdict was looked up. A
     * collector may skip KBs of rules the UBR or installed rollup already
     * satisfies; a KB not listed is then absent or irrelevant. */
    acs_known packages;
    size_t kb_count;    /* KBs seen in any state */
    acs_kb_fact kbs[ACS_MAX_KB_FACTS];
    acs_known rollup; /* newest installed RollupFix: the 6.x monthly rollup, the 10+ LCU */
    uint32_t rollup_revision;
    uint32_t rollup_pending_revision; /* newest RollupFix waiting for a restart, 0 if none */
    acs_known kernel; /* ntoskrnl.exe file version */
    uint16_t kernel_version[4];
    /* The highest KB number of a complete list (an inventory's KB column,
     * --kb), relevant to the catalog or not; 0 when none or not listed.
     * A KB newer than every update the catalog names may be a later rollup. */
    uint32_t newest_kb;
} acs_update_facts;

/* The physical stores behind LocalMachine\Root that keep machine roots in the
 * registry, in the order the collector reads them, as
 *   STORE(id, name, physical name as certutil -enumstore shows it,
 *         key under HKLM that holds one subkey per certificate)
 * with SEP between two entries. The collector, the seam, the parsers of
 * --root-store and RootCaStore, the help and the class table all read this
 * list. The .SmartCard physical store is not in it: it has no registry
 * location and holds smart card certificates, not machine roots, so it is
 * neither read nor accepted (docs/troubleshooting.md). */
#define ACS_PHYSICAL_STORES(STORE, SEP)                                                                        \
    STORE(ROOT, "Root", ".Default", "SOFTWARE\\Microsoft\\SystemCertificates\\ROOT\\Certificates") SEP           \
    STORE(AUTHROOT, "AuthRoot", ".AuthRoot", "SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\Certificates") SEP \
    STORE(GROUPPOLICY, "GroupPolicy", ".GroupPolicy",                                                          \
          "SOFTWARE\\Policies\\Microsoft\\SystemCertificates\\Root\\Certificates") SEP                           \
    STORE(ENTERPRISE, "Enterprise", ".Enterprise", "SOFTWARE\\Microsoft\\EnterpriseCertificates\\Root\\Certificates")

/* ACS_STORE_AT_ROOT ...: a store's position in acs_physical_stores. */
#define ACS_STORE_INDEX_(id, name, physical, key) ACS_STORE_AT_##id,
typedef enum acs_store_index { ACS_PHYSICAL_STORES(ACS_STORE_INDEX_, ) ACS_STORE_COUNT } acs_store_index;
#undef ACS_STORE_INDEX_

/* ACS_STORE_ROOT ...: a store's bit in acs_root_facts.stores. */
#define ACS_STORE_BIT_(id, name, physical, key) ACS_STORE_##id = 1u << ACS_STORE_AT_##id,
enum { ACS_PHYSICAL_STORES(ACS_STORE_BIT_, ) };
#undef ACS_STORE_BIT_

/* "Root, AuthRoot, GroupPolicy, Enterprise", a string literal for messages. */
#define ACS_STORE_NAME_(id, name, physical, key) name
#define ACS_STORE_NAMES ACS_PHYSICAL_STORES(ACS_STORE_NAME_, ", ")

typedef struct acs_physical_store {
    unsigned bit;             /* ACS_STORE_* */
    const char *name;         /* "AuthRoot": RootCaStore, --root-store */
    const char *physical_name; /* ".AuthRoot": also accepted by the parsers */
    const char *registry_key; /* under HKLM; ASCII */
} acs_physical_store;

extern const acs_physical_store acs_physical_stores[ACS_STORE_COUNT];

typedef struct acs_root_facts {
    acs_known presence;
    unsigned stores; /* ACS_STORE_* holding the ACS root (matched by SHA-1, confirmed by SHA-256); 0 = absent */
    acs_known policy;
    bool auto_update_disabled; /* Policies\...\AuthRoot\DisableRootAutoUpdate = 1 */
    acs_known last_sync;       /* AuthRoot\AutoUpdate\LastSyncTime */
    bool never_synced;         /* known, and the value is absent */
    int64_t last_sync_unix;    /* seconds since 1970-01-01 UTC */
} acs_root_facts;

/* How an image's Authenticode signatures end, classified by the chain's root
 * thumbprints (never by WinVerifyTrust's return code alone). */
typedef enum acs_signature_status {
    ACS_SIGNATURE_UNREAD = 0,  /* could not be checked: signature.why says why */
    ACS_SIGNATURE_NOT_SIGNED,  /* no embedded signature (a catalog signature is not checked) */
    ACS_SIGNATURE_INVALID,     /* signed, but the signature does not verify */
    ACS_SIGNATURE_ACS,         /* a signature's chain ends at the catalog's ACS root */
    ACS_SIGNATURE_OTHER_ROOT   /* verifies, and every chain ends at another (legacy vendor) root */
} acs_signature_status;

/* PROTECTION_LEVEL_NONE as GetProcessInformation reports it. */
#define ACS_PROTECTION_LEVEL_NONE 0xFFFFFFFEu
#define ACS_START_TYPE_UNKNOWN 0xFFFFFFFFu

/* One service whose LaunchProtected value asks Windows to start it protected. */
typedef struct acs_ppl_module {
    char service_name[128];
    char display_name[128];
    char image_path[520];       /* expanded drive path, UTF-8; "" when it could not be parsed */
    uint32_t launch_protected;  /* as read: 1, 2, 3 documented; anything else reported as is */
    uint32_t start_type;        /* SERVICE_*_START, ACS_START_TYPE_UNKNOWN when unread */
    acs_known state;            /* the SCM answered */
    bool running;
    uint32_t process_id;
    acs_known protection;       /* the running process's protection level was read */
    uint32_t protection_level;  /* PROTECTION_LEVEL_*, ACS_PROTECTION_LEVEL_NONE when unprotected */
    acs_known signature;
    acs_signature_status signature_status;
    char signer[128];           /* subject CN of the deciding signature */
    char root_thumbprint[41];   /* SHA-1 of its chain's root, upper-case hex */
    acs_known code_integrity;   /* Microsoft-Windows-CodeIntegrity/Operational was read */
    uint32_t ci_failures;            /* refusals of its files in the time window */
    uint32_t ci_failures_since_boot; /* of those, since the last boot: evidence that decides */
    int64_t last_failure_unix;       /* newest refusal, seconds since 1970 UTC; 0 when none */
    char last_failure_message[256];
} acs_ppl_module;

#define ACS_MAX_PPL_MODULES 16

typedef struct acs_ppl_facts {
    acs_known modules; /* the service list was read (an empty list is known too) */
    size_t module_count;
    size_t unhealthy_count; /* unused: health is judged by core/ppl.c from the facts below */
    size_t modules_not_kept; /* protected services beyond ACS_MAX_PPL_MODULES */
    /* Keep last: acs_facts_init clears only up to here (module_count says how many are set). */
    acs_ppl_module list[ACS_MAX_PPL_MODULES];
} acs_ppl_facts;

typedef struct acs_host_facts {
    acs_os_facts os;
    acs_update_facts updates;
    acs_root_facts root;
    acs_ppl_facts ppl;
} acs_host_facts;

/* Everything unknown, each with why = "not collected". */
void acs_facts_init(acs_host_facts *facts);

void acs_known_ok(acs_known *fact);
void acs_known_fail(acs_known *fact, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Records a KB in a state; a KB seen twice keeps the strongest state
 * (installed > superseded > pending > staged > broken). False when the table is full. */
bool acs_facts_add_kb(acs_update_facts *updates, uint32_t kb, acs_package_state state);
acs_package_state acs_facts_kb_state(const acs_update_facts *updates, uint32_t kb);
/* Installed, or Superseded (a newer package that carries the content replaced it). */
bool acs_package_counts_as_installed(acs_package_state state);
/* -1, 0, 1 as a is older than, equal to, newer than b (major.minor.build.revision). */
int acs_kernel_compare(const uint16_t a[4], const uint16_t b[4]);

/* CBS CurrentState -> state. Vista/2008 (6.0) may store the low nibble only (6/7/8). */
acs_package_state acs_cbs_state_classify(uint32_t current_state, bool vista_layout);
const char *acs_package_state_name(acs_package_state state);
const char *acs_product_type_name(acs_product_type type); /* "Workstation", "Server", "DomainController" */
/* "Root", "AuthRoot", ... first store in the mask; "" when 0 */
const char *acs_store_name(unsigned store_bit);
/* "Root, AuthRoot" into buf */
size_t acs_store_list(unsigned stores, char *buf, size_t size);

/* "KB5006743" or "5006743" -> 5006743; 0 when not a KB number. */
uint32_t acs_parse_kb(const char *text, size_t len);

#endif
