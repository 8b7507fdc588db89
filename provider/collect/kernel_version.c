/* ntoskrnl.exe's file version: on 6.x the October 2021 update is judged by
 * it together with the rollup evidence, as Tenable's rollup check does with
 * its canary file (docs/reference/servicing-evidence.md, kernel file version).
 *
 * Reading a version resource maps the image: 2.6 ms of a 3.7 ms collection
 * under Wine (docs/performance.md, "Where one collection goes"). The file
 * changes only when an update replaces it, so the version is kept with the
 * file's size and last-write time and read again only when those change
 * (one GetFileAttributesEx a query instead of the mapping). */
#include <stdlib.h>
#include <string.h>

#include "collect/collect.h"

#define KERNEL_RELATIVE L"System32\\ntoskrnl.exe"

struct acs_kernel_cache {
    SRWLOCK lock;
    bool valid;
    uint64_t size, last_write;
    uint16_t version[4];
};

acs_kernel_cache *acs_kernel_process_cache(void)
{
    static acs_kernel_cache cache; /* all zero: SRWLOCK_INIT, nothing kept */
    return &cache;
}

acs_kernel_cache *acs_kernel_cache_new(void)
{
    acs_kernel_cache *cache = calloc(1, sizeof *cache);
    if (cache)
        InitializeSRWLock(&cache->lock);
    return cache;
}

void acs_kernel_cache_free(acs_kernel_cache *cache)
{
    free(cache);
}

/* The kernel's size and last-write time; false when they cannot be read
 * (the version is then read every time, as without a cache). */
static bool kernel_identity(const acs_seam *seam, uint64_t *size, uint64_t *last_write)
{
    wchar_t path[MAX_PATH + 32];
    size_t len;

    if (seam->system_root(seam->ctx, path, MAX_PATH + 1) != ERROR_SUCCESS)
        return false;
    path[MAX_PATH] = L'\0';
    len = wcslen(path);
    if (len == 0)
        return false;
    if (path[len - 1] != L'\\')
        path[len++] = L'\\';
    wcscpy(path + len, KERNEL_RELATIVE);
    return seam->file_identity(seam->ctx, path, size, last_write) == ERROR_SUCCESS;
}

void acs_collect_kernel_cached(const acs_seam *seam, acs_kernel_cache *cache, acs_update_facts *updates)
{
    uint16_t version[4] = {0, 0, 0, 0};
    uint64_t size = 0, last_write = 0;
    bool identified = cache && kernel_identity(seam, &size, &last_write);
    bool hit = false;
    char why[96];
    LONG rc;
    int i;

    if (identified) {
        AcquireSRWLockShared(&cache->lock);
        hit = cache->valid && cache->size == size && cache->last_write == last_write;
        if (hit)
            memcpy(version, cache->version, sizeof(version));
        ReleaseSRWLockShared(&cache->lock);
    }
    if (!hit) {
        rc = seam->file_version(seam->ctx, KERNEL_RELATIVE, version);
        if (rc == ERROR_PROC_NOT_FOUND) {
            acs_known_fail(&updates->kernel,
                           "ntoskrnl.exe version: version.dll lacks GetFileVersionInfoW on this system");
            return;
        }
        if (rc != ERROR_SUCCESS) {
            acs_win32_error_text(rc, why, sizeof(why));
            acs_known_fail(&updates->kernel, "ntoskrnl.exe version: %s", why);
            return;
        }
        /* Kept with the identity read before the version: a file replaced in
         * between has another identity at the next query, which reads again. */
        if (identified) {
            AcquireSRWLockExclusive(&cache->lock);
            cache->valid = true;
            cache->size = size;
            cache->last_write = last_write;
            memcpy(cache->version, version, sizeof(version));
            ReleaseSRWLockExclusive(&cache->lock);
        }
    }
    for (i = 0; i < 4; i++)
        updates->kernel_version[i] = version[i];
    acs_known_ok(&updates->kernel);
}

void acs_collect_kernel(const acs_seam *seam, acs_update_facts *updates)
{
    acs_collect_kernel_cached(seam, NULL, updates);
}
