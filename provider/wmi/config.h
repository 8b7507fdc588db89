/* Where the provider takes its settings from: HKLM\SOFTWARE\acsready
 *   CatalogPath (REG_SZ or REG_EXPAND_SZ): the catalog file to load
 *   Profile     (REG_SZ): the catalog profile to evaluate with
 *   FactsCacheMilliseconds (REG_DWORD): how long one collection of the facts
 *               answers later requests (facts_cache.h); 0 = every request
 *               collects; default 2000, at most 60000
 * always in the 64-bit registry view, so the x86 and x64 DLLs of one machine
 * read the same settings. Without CatalogPath, acsready-catalog.xml next to
 * the DLL is used when present, else the built-in copy.
 *
 * A setting that cannot be used is never dropped in silence: its problem is
 * kept (catalog_problem, profile_problem) and shown in CatalogSource. A
 * CatalogPath on another machine (UNC, or a drive that GetDriveType calls
 * remote) or not absolute is refused: the provider runs as LocalService and
 * must read its rules from a local folder only administrators can write
 * (docs/security.md, "The catalog path"). */
#ifndef ACSREADY_WMI_CONFIG_H
#define ACSREADY_WMI_CONFIG_H

#include <stdint.h>

#include "wmi/com.h"

#define ACS_CONFIG_KEY L"SOFTWARE\\acsready"
#define ACS_CATALOG_FILE_NAME L"acsready-catalog.xml"

typedef struct acs_provider_config {
    char *catalog_path; /* UTF-8; NULL: built-in */
    char *profile;      /* UTF-8; NULL: the catalog's default */
    /* Why CatalogPath was not used ("" when it was, or was not set); the
     * built-in copy then answers. */
    char catalog_problem[256];
    /* Why Profile was ignored before the catalog is known (wrong type, ...). */
    char profile_problem[128];
    uint32_t facts_max_age_ms;
    /* Why FactsCacheMilliseconds was ignored or cut ("" when it was not). */
    char facts_problem[128];
} acs_provider_config;

/* NULL when path may be read as the catalog, else why not (static text). */
const char *acs_config_catalog_path_refused(const wchar_t *path);

/* S_OK, or E_OUTOFMEMORY. A missing key or value is not an error. */
HRESULT acs_config_read(acs_provider_config *config);
void acs_config_free(acs_provider_config *config);

#endif
