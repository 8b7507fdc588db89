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
} acs_seam;

/* The real Windows seam (static, thread-safe: it keeps no state). */
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

/* ntoskrnl.exe file version: updates->kernel, kernel_version. */
void acs_collect_kernel(const acs_seam *seam, acs_update_facts *updates);

/* The ACS root in every physical store behind LocalMachine\Root, the
 * DisableRootAutoUpdate policy and the root list's last sync. rule NULL:
 * presence unknown (the catalog names no root). */
void acs_collect_root(const acs_seam *seam, const acs_root_rule *rule, acs_root_facts *root);

/* Helpers shared by the collectors (collect_util.c). */
/* "access denied (5)": the system's text for a Win32 error, in ASCII. */
void acs_win32_error_text(LONG code, char *buf, size_t size);
/* A registry string value (REG_SZ / REG_EXPAND_SZ) as UTF-8; ERROR_INVALID_DATATYPE for another type. */
LONG acs_reg_read_string(const acs_seam *seam, HKEY key, const wchar_t *value, char *out, size_t size);
LONG acs_reg_read_dword(const acs_seam *seam, HKEY key, const wchar_t *value, DWORD *out, DWORD *type_seen);

#define ACS_CBS_KEY L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing"
#define ACS_CBS_TOKEN L"31bf3856ad364e35"

#endif
