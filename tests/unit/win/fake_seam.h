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
