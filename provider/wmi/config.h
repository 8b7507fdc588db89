/* Where the provider takes its settings from: HKLM\SOFTWARE\acsready
 *   CatalogPath (REG_SZ or REG_EXPAND_SZ): the catalog file to load
 *   Profile     (REG_SZ): the catalog profile to evaluate with
 * always in the 64-bit registry view, so the x86 and x64 DLLs of one machine
 * read the same settings. Without CatalogPath, acsready-catalog.xml next to
 * the DLL is used when present, else the built-in copy. */
#ifndef ACSREADY_WMI_CONFIG_H
#define ACSREADY_WMI_CONFIG_H

#include "wmi/com.h"

#define ACS_CONFIG_KEY L"SOFTWARE\\acsready"
#define ACS_CATALOG_FILE_NAME L"acsready-catalog.xml"

typedef struct acs_provider_config {
    char *catalog_path; /* UTF-8; NULL: built-in */
    char *profile;      /* UTF-8; NULL: the catalog's default */
} acs_provider_config;

/* S_OK, or E_OUTOFMEMORY. A missing key or value is not an error. */
HRESULT acs_config_read(acs_provider_config *config);
void acs_config_free(acs_provider_config *config);

#endif
