/* An in-memory Windows for the collectors' unit tests: a registry tree, the
 * servicing\Packages folder, file versions, certificate stores and a clock,
 * served through the same acs_seam the real collectors use. Every call is
 * counted so tests can assert what was (not) touched. */
#ifndef ACSREADY_TESTS_FAKE_SEAM_H
#define ACSREADY_TESTS_FAKE_SEAM_H

#include "collect/collect.h"

typedef struct fake_key fake_key;

typedef struct fake_cert_place {
    LONG rc;             /* ERROR_SUCCESS (found), CRYPT_E_NOT_FOUND, ERROR_FILE_NOT_FOUND, ... */
    uint8_t sha256[32];
    bool sha256_known;
} fake_cert_place;

/* Protected services: what the SCM, the process table and the files say. */
typedef struct fake_service {
    wchar_t name[64];
    LONG rc;             /* not ERROR_SUCCESS: the SCM does not list it */
    DWORD state, pid;
    LONG protection_rc;  /* process_protection's answer for pid */
    DWORD level;
} fake_service;

typedef struct fake_file {
    wchar_t path[260];
    LONG rc;             /* file_identity's and file_signatures' answer */
    uint64_t size, last_write;
    acs_signature_list signatures;
    wchar_t short_folder[260]; /* GetShortPathName of its folder */
} fake_file;

typedef struct fake_windows {
    acs_seam seam;
    fake_key *root; /* HKEY_LOCAL_MACHINE */

    LONG version_rc;
    OSVERSIONINFOEXW version;
    LONG arch_rc;
    WORD arch;

    LONG file_version_rc;
    wchar_t file_version_path[128];
    uint16_t file_version[4];

    LONG list_files_rc;
    LONG enum_key_rc; /* RegEnumKeyEx fails with this when set */
    size_t mum_count;
    wchar_t mums[64][256]; /* files in %windir%\servicing\Packages */

    fake_cert_place certs[ACS_STORE_COUNT];
    uint8_t last_sha1[20];
    int64_t now;

    /* call counters */
    unsigned open_attempts, opens, closes, queries, enum_keys, enum_values, list_calls, cert_calls;

    /* protected services (appended: the fields above keep their places) */
    uint64_t services_last_write;
    size_t service_count, file_count, event_count, device_count;
    fake_service services[8];
    fake_file files[8];
    LONG events_rc;
    acs_ci_event events[16];
    acs_dos_device devices[4];
    LONG states_rc;      /* service_states' answer for every service */
    LONG boot_rc;
    int64_t boot;
    unsigned signature_calls, event_calls, status_calls;
    unsigned event_max_asked;
    int64_t event_since_asked;
    unsigned file_version_calls;
} fake_windows;

/* A Windows 7 SP1 x64 workstation with an empty registry and no certificates. */
fake_windows *fake_windows_new(void);
void fake_windows_free(fake_windows *fake);

/* Creates the key (and its parents) below HKLM. */
fake_key *fake_reg_key(fake_windows *fake, const wchar_t *path);
void fake_reg_dword(fake_windows *fake, const wchar_t *path, const wchar_t *name, DWORD value);
void fake_reg_sz(fake_windows *fake, const wchar_t *path, const wchar_t *name, const wchar_t *text);
void fake_reg_raw(fake_windows *fake, const wchar_t *path, const wchar_t *name, DWORD type, const void *data,
                  DWORD size);
/* Opening this key fails with rc. */
void fake_reg_fail_open(fake_windows *fake, const wchar_t *path, LONG rc);

/* A CBS package: Packages\<identity>\CurrentState, and (when indexed) a value
 * named <identity> under PackageIndex\<name>~<token>~<arch>~~0.0.0.0. */
void fake_cbs_package(fake_windows *fake, const wchar_t *identity, DWORD current_state, bool indexed);
void fake_mum_file(fake_windows *fake, const wchar_t *file_name);

void fake_set_version(fake_windows *fake, DWORD major, DWORD minor, DWORD build, WORD sp, BYTE product_type);

/* A service key under Services with LaunchProtected (0 = none written) and
 * ImagePath, and its SCM entry (stopped). Returns the SCM entry to adjust. */
fake_service *fake_service_add(fake_windows *fake, const wchar_t *name, DWORD launch_protected, const wchar_t *image);
/* A file with its signatures (none: unsigned). Returns it to adjust. */
fake_file *fake_file_add(fake_windows *fake, const wchar_t *path, uint64_t size);
/* One signature on a file: signer and its chain's thumbprints, leaf first
 * (each thumbprint 20 bytes of the given byte value). */
void fake_file_sign(fake_file *file, const char *signer, const uint8_t *const *chain, size_t chain_count,
                    bool top_self_signed, const char *top_issuer);
acs_ci_event *fake_event_add(fake_windows *fake, uint32_t id, int64_t when, const char *file, const char *process);

/* Number of keys opened and not closed. */
unsigned fake_open_keys(const fake_windows *fake);

/* cmocka fixtures shared by the collector tests. fake_setup puts a fresh
 * fake Windows in *state; fake_teardown fails the test when a key it opened
 * was not closed, then frees it. */
int fake_setup(void **state);
int fake_teardown(void **state);

/* The built-in catalog, loaded once per group by fake_catalog_setup. */
extern acs_catalog *fake_builtin_catalog;
int fake_catalog_setup(void **state);
int fake_catalog_teardown(void **state);

#endif
