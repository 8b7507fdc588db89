/* Windows collectors: read this machine's facts (core/facts.h) for the
 * evaluator. Every read goes through a seam (acs_seam) so unit tests can
 * stand up any machine in memory; acs_seam_windows() is the real one.
 *
 * What is read and why, with public sources: docs/reference/servicing-evidence.md
 * (cited by the name of its section). */
#ifndef ACSREADY_COLLECT_COLLECT_H
#define ACSREADY_COLLECT_COLLECT_H

#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>
#include <windows.h>

#include "core/catalog.h"
#include "core/facts.h"
#include "core/ppl.h"

/* One Authenticode signature of a file (the primary or a nested one) and the
 * chain this machine builds for it, leaf first. */
#define ACS_MAX_SIGNATURES 4
#define ACS_MAX_CHAIN 8
typedef struct acs_signature_info {
    char signer[128];            /* subject common name of the signing certificate, UTF-8 */
    size_t chain_count;
    uint8_t chain_sha1[ACS_MAX_CHAIN][20];
    bool top_self_signed;        /* the chain reached a root, not just the last certificate it could find */
    char top_issuer[128];        /* issuer common name of the top element (the missing root's name) */
} acs_signature_info;

typedef struct acs_signature_list {
    LONG trust;                  /* WinVerifyTrust's answer for the file (never the classification) */
    size_t count;                /* 0: no embedded signature */
    acs_signature_info signatures[ACS_MAX_SIGNATURES];
} acs_signature_list;

/* One Code Integrity event as the log holds it; paths as logged (often
 * \Device\HarddiskVolumeN\...). */
typedef struct acs_ci_event {
    uint32_t id;                 /* 3004, 3033, 3034, 3104, 3089 */
    int64_t time_unix;
    char activity[40];           /* Correlation ActivityID: ties a 3089 to its refusal */
    char file[520];
    char process[520];
    char issuer[128];            /* 3089: IssuerName */
    int32_t verification_error;  /* 3089: VerificationError, -1 when absent */
    uint32_t signing_level;      /* 3033/3034: the level asked for, 0 when absent */
} acs_ci_event;

/* Everything the collectors ask of Windows. Each function returns a Win32
 * error code (ERROR_SUCCESS = read); ERROR_PROC_NOT_FOUND means the API does
 * not exist on this OS (looked up at run time), and the fact becomes
 * "unknown, because ...". ctx is passed back untouched. */
typedef struct acs_seam {
    void *ctx;

    /* parent is HKEY_LOCAL_MACHINE or a key this seam opened. Opens read-only
     * and always in the 64-bit view (KEY_WOW64_64KEY); servicing-evidence.md, "Kernel file version". */
    LONG (*reg_open)(void *ctx, HKEY parent, const wchar_t *path, HKEY *out);
    /* RegQueryValueEx: *size in bytes in/out; data may be NULL to ask the size. */
    LONG (*reg_query)(void *ctx, HKEY key, const wchar_t *value, DWORD *type, BYTE *data, DWORD *size);
    /* RegEnumValue / RegEnumKeyEx names only; *name_chars in/out without the NUL. */
    LONG (*reg_enum_value)(void *ctx, HKEY key, DWORD index, wchar_t *name, DWORD *name_chars);
    LONG (*reg_enum_key)(void *ctx, HKEY key, DWORD index, wchar_t *name, DWORD *name_chars);
    void (*reg_close)(void *ctx, HKEY key);

    /* RtlGetVersion from ntdll (GetVersionEx lies without a manifest). */
    LONG (*os_version)(void *ctx, OSVERSIONINFOEXW *out);
    /* GetNativeSystemInfo().wProcessorArchitecture (the OS, not this process). */
    LONG (*native_arch)(void *ctx, WORD *processor_architecture);
    /* File version (VS_FIXEDFILEINFO) of %windir%\<relative>, bypassing the
     * WOW64 file system redirector. */
    LONG (*file_version)(void *ctx, const wchar_t *windir_relative, uint16_t version[4]);
    /* FindFirstFile over %windir%\<dir>\<pattern>; calls each() per file name
     * (no directory). ERROR_SUCCESS also when nothing matched. */
    LONG (*list_files)(void *ctx, const wchar_t *windir_relative_dir, const wchar_t *pattern,
                       void (*each)(void *user, const wchar_t *name), void *user);
    /* Looks a certificate up by SHA-1 in one physical store, read-only, no
     * network. ERROR_SUCCESS: found, sha256 filled when *sha256_known.
     * CRYPT_E_NOT_FOUND or ERROR_FILE_NOT_FOUND: not there. Anything else:
     * the store could not be read. */
    LONG (*cert_find)(void *ctx, acs_store_index store, const uint8_t sha1[20], uint8_t sha256[32],
                      bool *sha256_known);
    /* Seconds since 1970-01-01 UTC. */
    int64_t (*now_unix)(void *ctx);

    /* --- protected services (ppl_services.c, authenticode.c, code_integrity.c) --- */
    /* RegQueryInfoKey: number of subkeys and the key's last-write time (FILETIME ticks). */
    LONG (*reg_key_info)(void *ctx, HKEY key, DWORD *subkeys, uint64_t *last_write);
    /* GetSystemWindowsDirectory: "C:\Windows". */
    LONG (*system_root)(void *ctx, wchar_t *out, DWORD chars);
    /* Every Win32 service the SCM knows, with dwCurrentState and dwProcessId, in
     * one round trip (EnumServicesStatusEx): ~50 ms a service under Wine when
     * asked one by one. */
    LONG (*service_states)(void *ctx, void (*each)(void *user, const wchar_t *name, DWORD state, DWORD pid),
                           void *user);
    /* PROTECTION_LEVEL_* of a process: GetProcessInformation(ProcessProtectionLevelInfo)
     * or NtQueryInformationProcess(ProcessProtectionInformation), looked up at run
     * time; ERROR_NOT_SUPPORTED when neither answers (old Windows, Wine). */
    LONG (*process_protection)(void *ctx, DWORD pid, DWORD *level);
    /* Size and last-write time of a file: the signature cache's key. */
    LONG (*file_identity)(void *ctx, const wchar_t *path, uint64_t *size, uint64_t *last_write);
    /* Every embedded Authenticode signature (primary, nested) with its chain;
     * no revocation, no network. ERROR_SUCCESS when the file was read. */
    LONG (*file_signatures)(void *ctx, const wchar_t *path, acs_signature_list *out);
    /* GetShortPathName / GetLongPathName: the other spelling of a path ("" when none). */
    LONG (*path_variant)(void *ctx, const wchar_t *path, bool want_short, wchar_t *out, DWORD chars);
    /* QueryDosDevice for every drive letter. */
    LONG (*dos_devices)(void *ctx, acs_dos_device *out, size_t max, size_t *count);
    /* Microsoft-Windows-CodeIntegrity/Operational events 3004, 3033, 3034, 3104
     * and 3089 logged at or after since_unix, newest first, at most max; each()
     * per event. A missing or disabled channel or a refusal is the error code. */
    LONG (*code_integrity_events)(void *ctx, int64_t since_unix, unsigned max,
                                  void (*each)(void *user, const acs_ci_event *event), void *user);
    /* When this machine last booted, seconds since 1970 UTC. */
    LONG (*boot_time)(void *ctx, int64_t *unix_seconds);
} acs_seam;

/* The real Windows seam (static, thread-safe; the only thing it keeps is the
 * OS's architecture, which cannot change while a process runs). */
const acs_seam *acs_seam_windows(void);

/* Fills every fact of this machine with the real seam (collect_machine.c). 0,
 * or nonzero only for a programming error (NULL argument); facts carry their
 * own "could not read". */
int acs_collect_host(acs_host_facts *facts, const acs_catalog *catalog);
/* The same with any seam. */
int acs_collect_host_with(const acs_seam *seam, acs_host_facts *facts, const acs_catalog *catalog);
/* The same with another way to gather the CBS evidence: the benchmark's
 * provider build passes its scan of every package key (tests/bench/cbs_scan.c). */
typedef void (*acs_updates_collector)(const acs_seam *seam, const acs_catalog *catalog, const acs_os_facts *os,
                                      acs_update_facts *updates);
int acs_collect_host_by(const acs_seam *seam, acs_updates_collector collect_updates, acs_host_facts *facts,
                        const acs_catalog *catalog);

/* The facts in two parts. Watched: those read from the registry keys a
 * registry watch covers (the OS identity, the CBS evidence, the root
 * stores); the provider keeps them while Windows signals no change under
 * those keys. Unwatched: the rest (ntoskrnl.exe's version, the protected
 * services: files, the SCM, the event log), read on every collection.
 * acs_collect_host_by = acs_collect_watched_by, then acs_collect_unwatched
 * (which writes only facts->updates.kernel, kernel_version and facts->ppl). */
void acs_collect_watched_by(const acs_seam *seam, acs_updates_collector collect_updates, acs_host_facts *facts,
                            const acs_catalog *catalog);
void acs_collect_unwatched(const acs_seam *seam, acs_host_facts *facts, const acs_catalog *catalog);
/* acs_collect_unwatched with the real seam (the provider's refresh of kept facts). */
void acs_collect_host_unwatched(acs_host_facts *facts, const acs_catalog *catalog);

/* A watch on the keys and the folder the watched facts come from
 * (registry_watch.c): RegNotifyChangeKeyValue on each key, for a change of a
 * value, a subkey's name or its security; FindFirstChangeNotification on
 * the folder, for a file name. */
typedef struct acs_registry_watch acs_registry_watch;
/* Makes *watch cover every key from now on: starts it when *watch is NULL,
 * else renews the notifications that fired. Call it BEFORE reading the facts
 * it is to vouch for, so a change during the read is seen. False, with
 * *watch freed and NULL, when a key could not be watched (out of memory, or
 * the caller may not ask for notifications): nothing may then be kept. */
bool acs_registry_watch_arm(acs_registry_watch **watch);
/* True while Windows has signalled no change under any watched key since
 * the last arm: one wait with a zero timeout, no registry read. A spurious
 * signal (Windows 7 signals when the thread that armed exits) only costs a
 * new read. */
bool acs_registry_watch_unchanged(acs_registry_watch *watch);
void acs_registry_watch_free(acs_registry_watch *watch);
/* What the watch covers, in order: every registry key and folder the
 * watched facts are read from. A key is a path under HKLM; subtree: changes
 * below it count too (the certificate stores keep one subkey per
 * certificate). A folder is a path under %windir% whose file names count
 * (servicing\Packages: the .mum files that name 6.0's packages). */
typedef struct acs_watched_source {
    const wchar_t *path;
    bool subtree;
    bool folder;
} acs_watched_source;
#define ACS_MAX_WATCHED_SOURCES 16
size_t acs_watched_sources(acs_watched_source *out, size_t max);

/* OS identity: version, product type, SP, UBR, caption, edition, architecture. */
void acs_collect_os(const acs_seam *seam, acs_os_facts *os);

/* Room for every KB a catalog names (6.x rows list each later rollup). */
#define ACS_MAX_RELEVANT_KBS 1024

/* The KBs worth looking up on this OS: every KB that any profile's matching
 * rule names (required, security-only, later rollups, first Patch Tuesday
 * update, prerequisites and what supersedes them), without duplicates. When
 * the OS version is unknown, every KB of the catalog. Returns the count;
 * a count above max means only the first max were stored (the caller must
 * not answer from them as if they were all). */
size_t acs_collect_relevant_kbs(const acs_catalog *catalog, const acs_os_facts *os, uint32_t installed_rollup,
                                uint32_t *kbs, size_t max);

/* CBS evidence by direct look-ups (PackageIndex, or servicing\Packages\*.mum
 * where there is no PackageIndex): updates->packages, kbs, rollup. */
void acs_collect_updates(const acs_seam *seam, const acs_catalog *catalog, const acs_os_facts *os,
                         acs_update_facts *updates);
void acs_collect_updates_kbs(const acs_seam *seam, const uint32_t *kbs, size_t kb_count, const acs_os_facts *os,
                             acs_update_facts *updates);
/* <rev> of a "Package_for_RollupFix~token~arch~~<build>.<rev>.1.<n>" identity; 0 if malformed. */
uint32_t acs_cbs_rollup_revision(const wchar_t *identity);
/* Records a RollupFix package at revision in state: the newest installed one is
 * the machine's rollup level; the newest waiting for a restart explains a level below it. */
void acs_cbs_record_rollup(acs_update_facts *updates, uint32_t revision, acs_package_state state);

/* ntoskrnl.exe file version: updates->kernel, kernel_version. The cached
 * form keeps the version with the file's size and last-write time and reads
 * the version resource again only when they change; cache NULL reads it every
 * time. The provider and acsready.exe pass acs_kernel_process_cache(). */
typedef struct acs_kernel_cache acs_kernel_cache;
acs_kernel_cache *acs_kernel_process_cache(void);
acs_kernel_cache *acs_kernel_cache_new(void); /* a private one (tests); NULL when out of memory */
void acs_kernel_cache_free(acs_kernel_cache *cache);
void acs_collect_kernel_cached(const acs_seam *seam, acs_kernel_cache *cache, acs_update_facts *updates);
void acs_collect_kernel(const acs_seam *seam, acs_update_facts *updates);

/* The ACS root in every physical store behind LocalMachine\Root, the
 * DisableRootAutoUpdate policy and the root list's last sync. rule NULL:
 * presence unknown (the catalog names no root). */
void acs_collect_root(const acs_seam *seam, const acs_root_rule *rule, acs_root_facts *root);

/* Protected services: every service whose LaunchProtected asks for
 * protection, its SCM state, its process's protection, its image's
 * signatures (classified against root) and the Code Integrity refusals of
 * its files. cache NULL: nothing kept between calls (tests); the provider and
 * acsready.exe pass acs_ppl_process_cache(). */
typedef struct acs_ppl_cache acs_ppl_cache;
acs_ppl_cache *acs_ppl_process_cache(void);
acs_ppl_cache *acs_ppl_cache_new(void); /* a private one (tests); NULL when out of memory */
void acs_ppl_cache_free(acs_ppl_cache *cache);
void acs_collect_ppl(const acs_seam *seam, const acs_root_rule *root, acs_ppl_cache *cache, acs_ppl_facts *ppl);

/* How far back Code Integrity events are read, and how many at most. */
#define ACS_CI_WINDOW_DAYS 30
#define ACS_CI_MAX_EVENTS 256

/* Signatures classified by thumbprint: ACS when a chain's top is the root, or
 * stops just below it (the root absent here) with the root's name as issuer. */
acs_signature_status acs_classify_signatures(const acs_signature_list *list, const acs_root_rule *root,
                                             const acs_signature_info **deciding);

/* Helpers shared by the collectors (collect_util.c). */
/* "access denied (5)": the system's text for a Win32 error, in ASCII. */
void acs_win32_error_text(LONG code, char *buf, size_t size);
/* A registry string value (REG_SZ / REG_EXPAND_SZ) as UTF-8; ERROR_INVALID_DATATYPE for another type. */
LONG acs_reg_read_string(const acs_seam *seam, HKEY key, const wchar_t *value, char *out, size_t size);
LONG acs_reg_read_dword(const acs_seam *seam, HKEY key, const wchar_t *value, DWORD *out, DWORD *type_seen);
/* acs_physical_stores[store].registry_key, wide; NULL for no such store. */
const wchar_t *acs_store_registry_key(acs_store_index store);

/* The registry keys the collectors read, under HKLM (64-bit view). The
 * registry watch (registry_watch.c) watches the same keys, so a fact kept
 * while they are unchanged is the fact a new read would give. */
#define ACS_CURRENT_VERSION_KEY L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"
#define ACS_CBS_KEY L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing"
#define ACS_CBS_TOKEN L"31bf3856ad364e35"
#define ACS_CBS_MUM_FOLDER L"servicing\\Packages" /* under %windir%: 6.0's .mum files */
#define ACS_ROOT_POLICY_KEY L"SOFTWARE\\Policies\\Microsoft\\SystemCertificates\\AuthRoot"
#define ACS_ROOT_AUTOUPDATE_KEY L"SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\AutoUpdate"

#endif
