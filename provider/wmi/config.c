/* Provider settings from the registry; see config.h. */
#include "wmi/config.h"

#include <string.h>

#include "wmi/module.h"
#include "wmi/text.h"

/* Longest registry string we accept: the registry's own limit for a path is
 * far below, and a bound keeps a corrupt value from costing memory. */
#define MAX_VALUE_CHARS 32767u

/* A string value as UTF-16 (expanded when REG_EXPAND_SZ). NULL with S_OK
 * when absent, empty or of another type. */
static HRESULT read_string(HKEY key, const wchar_t *name, wchar_t **out)
{
    DWORD type = 0, bytes = 0;
    wchar_t *raw = NULL, *expanded = NULL;
    HRESULT hr = S_OK;
    DWORD chars;

    *out = NULL;
    if (RegQueryValueExW(key, name, NULL, &type, NULL, &bytes) != ERROR_SUCCESS)
        goto done;
    if ((type != REG_SZ && type != REG_EXPAND_SZ) || bytes < sizeof(wchar_t) ||
        bytes > MAX_VALUE_CHARS * sizeof(wchar_t))
        goto done;
    /* The stored string may lack its terminator: leave room for one. */
    raw = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, bytes + sizeof(wchar_t));
    if (raw == NULL) {
        hr = E_OUTOFMEMORY;
        goto done;
    }
    if (RegQueryValueExW(key, name, NULL, &type, (BYTE *)raw, &bytes) != ERROR_SUCCESS)
        goto done;
    raw[bytes / sizeof(wchar_t)] = L'\0';
    if (raw[0] == L'\0')
        goto done;
    if (type == REG_SZ) {
        *out = raw;
        raw = NULL;
        goto done;
    }
    chars = ExpandEnvironmentStringsW(raw, NULL, 0);
    if (chars == 0 || chars > MAX_VALUE_CHARS)
        goto done;
    expanded = HeapAlloc(GetProcessHeap(), 0, chars * sizeof(wchar_t));
    if (expanded == NULL) {
        hr = E_OUTOFMEMORY;
        goto done;
    }
    if (ExpandEnvironmentStringsW(raw, expanded, chars) != chars)
        goto done;
    *out = expanded;
    expanded = NULL;

done:
    acs_text_free(raw);
    acs_text_free(expanded);
    return hr;
}

/* acsready-catalog.xml beside the DLL, when such a file exists. */
static HRESULT catalog_next_to_module(wchar_t **out)
{
    wchar_t *module = NULL, *path = NULL, *slash;
    size_t dir_chars, name_chars = wcslen(ACS_CATALOG_FILE_NAME);
    DWORD attributes;
    HRESULT hr = S_OK;

    *out = NULL;
    module = acs_module_path();
    if (module == NULL)
        goto done; /* no path, no neighbour: the built-in copy serves */
    slash = wcsrchr(module, L'\\');
    if (slash == NULL)
        goto done;
    dir_chars = (size_t)(slash - module) + 1;
    path = HeapAlloc(GetProcessHeap(), 0, (dir_chars + name_chars + 1) * sizeof(wchar_t));
    if (path == NULL) {
        hr = E_OUTOFMEMORY;
        goto done;
    }
    memcpy(path, module, dir_chars * sizeof(wchar_t));
    memcpy(path + dir_chars, ACS_CATALOG_FILE_NAME, (name_chars + 1) * sizeof(wchar_t));
    attributes = GetFileAttributesW(path);
    if (attributes == INVALID_FILE_ATTRIBUTES || (attributes & FILE_ATTRIBUTE_DIRECTORY))
        goto done;
    *out = path;
    path = NULL;

done:
    acs_text_free(module);
    acs_text_free(path);
    return hr;
}

static HRESULT take_utf8(wchar_t *wide, char **out)
{
    if (wide == NULL)
        return S_OK;
    *out = acs_utf8_from_wide(wide);
    acs_text_free(wide);
    return *out != NULL ? S_OK : E_OUTOFMEMORY;
}

HRESULT acs_config_read(acs_provider_config *config)
{
    HKEY key = NULL;
    wchar_t *catalog = NULL, *profile = NULL;
    HRESULT hr = S_OK;

    memset(config, 0, sizeof(*config));
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, ACS_CONFIG_KEY, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &key) ==
        ERROR_SUCCESS) {
        hr = read_string(key, L"CatalogPath", &catalog);
        if (SUCCEEDED(hr))
            hr = read_string(key, L"Profile", &profile);
        RegCloseKey(key);
        if (FAILED(hr))
            goto done;
    }
    if (catalog == NULL) {
        hr = catalog_next_to_module(&catalog);
        if (FAILED(hr))
            goto done;
    }
    hr = take_utf8(catalog, &config->catalog_path);
    catalog = NULL;
    if (FAILED(hr))
        goto done;
    hr = take_utf8(profile, &config->profile);
    profile = NULL;

done:
    acs_text_free(catalog);
    acs_text_free(profile);
    if (FAILED(hr))
        acs_config_free(config);
    return hr;
}

void acs_config_free(acs_provider_config *config)
{
    acs_text_free(config->catalog_path);
    acs_text_free(config->profile);
    config->catalog_path = NULL;
    config->profile = NULL;
}
