/* Provider settings from the registry; see config.h. */
#include "wmi/config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "wmi/facts_cache.h"
#include "wmi/module.h"
#include "wmi/text.h"

/* Longest registry string we accept: the registry's own limit for a path is
 * far below, and a bound keeps a corrupt value from costing memory. */
#define MAX_VALUE_CHARS 32767u

/* A string value as UTF-16 (expanded when REG_EXPAND_SZ). NULL with S_OK
 * when absent; NULL with problem set when present but unusable (another
 * type, empty, too long, not expandable). */
static HRESULT read_string(HKEY key, const wchar_t *name, wchar_t **out, char *problem, size_t problem_size)
{
    DWORD type = 0, bytes = 0;
    wchar_t *raw = NULL, *expanded = NULL;
    HRESULT hr = S_OK;
    DWORD chars;

    *out = NULL;
    if (RegQueryValueExW(key, name, NULL, &type, NULL, &bytes) != ERROR_SUCCESS)
        goto done;
    snprintf(problem, problem_size, "%ls is set but is not a usable string (type %lu, %lu bytes): ignored", name,
             (unsigned long)type, (unsigned long)bytes);
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
        problem[0] = '\0';
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
    problem[0] = '\0';

done:
    acs_text_free(raw);
    acs_text_free(expanded);
    return hr;
}

/* FactsCacheMilliseconds: a REG_DWORD; absent keeps the default; anything
 * else keeps the default too, and says so. */
static void read_facts_max_age(HKEY key, acs_provider_config *config)
{
    DWORD type = 0, value = 0, bytes = sizeof(value);
    LONG rc = RegQueryValueExW(key, L"FactsCacheMilliseconds", NULL, &type, (BYTE *)&value, &bytes);

    if (rc == ERROR_FILE_NOT_FOUND)
        return;
    if (rc != ERROR_SUCCESS || type != REG_DWORD || bytes != sizeof(value)) {
        snprintf(config->facts_problem, sizeof(config->facts_problem),
                 "FactsCacheMilliseconds is not a REG_DWORD: %u ms is used", ACS_FACTS_MAX_AGE_DEFAULT_MS);
        return;
    }
    if (value > ACS_FACTS_MAX_AGE_LIMIT_MS) {
        snprintf(config->facts_problem, sizeof(config->facts_problem),
                 "FactsCacheMilliseconds %lu is above %u: %u ms is used", (unsigned long)value,
                 ACS_FACTS_MAX_AGE_LIMIT_MS, ACS_FACTS_MAX_AGE_LIMIT_MS);
        value = ACS_FACTS_MAX_AGE_LIMIT_MS;
    }
    config->facts_max_age_ms = value;
}

static bool is_slash(wchar_t c)
{
    return c == L'\\' || c == L'/';
}

static bool is_drive(const wchar_t *p)
{
    return ((p[0] >= L'A' && p[0] <= L'Z') || (p[0] >= L'a' && p[0] <= L'z')) && p[1] == L':';
}

const char *acs_config_catalog_path_refused(const wchar_t *path)
{
    wchar_t root[4];
    const wchar_t *local = path;

    /* \\?\C:\... and \\.\C:\... are local paths in another spelling. */
    if (is_slash(path[0]) && is_slash(path[1]) && (path[2] == L'?' || path[2] == L'.') && is_slash(path[3]))
        local = path + 4;
    if (is_slash(path[0]) && is_slash(path[1]) && local == path)
        return "a UNC path (a catalog from another machine is refused)";
    if (!is_drive(local) || !is_slash(local[2]))
        return "not an absolute path on a local drive";
    root[0] = local[0], root[1] = L':', root[2] = L'\\', root[3] = L'\0';
    if (GetDriveTypeW(root) == DRIVE_REMOTE)
        return "on a network drive (a catalog from another machine is refused)";
    return NULL;
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
    config->facts_max_age_ms = ACS_FACTS_MAX_AGE_DEFAULT_MS;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, ACS_CONFIG_KEY, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &key) ==
        ERROR_SUCCESS) {
        read_facts_max_age(key, config);
        hr = read_string(key, L"CatalogPath", &catalog, config->catalog_problem, sizeof(config->catalog_problem));
        if (SUCCEEDED(hr))
            hr = read_string(key, L"Profile", &profile, config->profile_problem, sizeof(config->profile_problem));
        RegCloseKey(key);
        if (FAILED(hr))
            goto done;
    }
    if (catalog != NULL) {
        const char *refused = acs_config_catalog_path_refused(catalog);
        if (refused != NULL) {
            char *shown = acs_utf8_from_wide(catalog);
            snprintf(config->catalog_problem, sizeof(config->catalog_problem), "CatalogPath %.160s is %s",
                     shown ? shown : "(unprintable)", refused);
            acs_text_free(shown);
            acs_text_free(catalog);
            catalog = NULL;
        }
    }
    /* A CatalogPath that was set but cannot be used leaves the built-in
     * copy, never a neighbour file the admin did not ask for. */
    if (catalog == NULL && !config->catalog_problem[0]) {
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
