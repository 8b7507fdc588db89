/* Benchmark: CBS evidence by direct look-ups vs a scan of every Packages key,
 * on whatever registry the prefix holds (bench_cbs.sh imports 1,000 or
 * 20,000 generated package keys). Also times the bare enumerations that a
 * multi-part design could have used, to justify the probe design in
 * cbs_packages.c. Prints one CSV row per method:
 *   method,packages_keys,runs,median_ms,p95_ms,kb_count,rollup_revision */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../bench/cbs_scan.h"

#define RUNS_MAX 50

static double now_ms(void)
{
    LARGE_INTEGER counter, frequency;
    QueryPerformanceCounter(&counter);
    QueryPerformanceFrequency(&frequency);
    return (double)counter.QuadPart * 1000.0 / (double)frequency.QuadPart;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static DWORD count_subkeys(const wchar_t *path)
{
    HKEY key;
    DWORD count = 0;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_READ | KEY_WOW64_64KEY, &key) != ERROR_SUCCESS)
        return 0;
    RegQueryInfoKeyW(key, NULL, NULL, NULL, &count, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    RegCloseKey(key);
    return count;
}

/* RegEnumKeyEx over one key, names only: the floor of any scan of it. */
static DWORD enumerate(const wchar_t *path)
{
    HKEY key;
    DWORD i = 0;
    wchar_t name[512];
    DWORD chars = 512;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_READ | KEY_WOW64_64KEY, &key) != ERROR_SUCCESS)
        return 0;
    while (RegEnumKeyExW(key, i, name, &chars, NULL, NULL, NULL, NULL) == ERROR_SUCCESS) {
        i++;
        chars = 512;
    }
    RegCloseKey(key);
    return i;
}

typedef enum method { DIRECT, SCAN, ENUM_INDEX, ENUM_PACKAGES } method;

static acs_update_facts updates;

static void report(const char *name, method how, const uint32_t *kbs, size_t kb_count, const acs_os_facts *os,
                   int runs, DWORD package_keys)
{
    double times[RUNS_MAX];
    int i;

    for (i = 0; i < runs; i++) {
        double start = now_ms();
        switch (how) {
        case DIRECT: acs_collect_updates_kbs(acs_seam_windows(), kbs, kb_count, os, &updates); break;
        case SCAN: bench_collect_updates_scan_kbs(acs_seam_windows(), kbs, kb_count, os, &updates); break;
        case ENUM_INDEX: enumerate(ACS_CBS_KEY L"\\PackageIndex"); break;
        case ENUM_PACKAGES: enumerate(ACS_CBS_KEY L"\\Packages"); break;
        }
        times[i] = now_ms() - start;
    }
    qsort(times, (size_t)runs, sizeof(times[0]), compare_double);
    printf("%s,%lu,%d,%.2f,%.2f,%u,%u\n", name, (unsigned long)package_keys, runs, times[runs / 2],
           times[(runs * 95 + 99) / 100 - 1], how <= SCAN ? (unsigned)updates.kb_count : 0u,
           how <= SCAN ? (unsigned)updates.rollup_revision : 0u);
    if (how <= SCAN && !updates.packages.known)
        fprintf(stderr, "bench_cbs: %s: packages unknown: %s\n", name, updates.packages.why);
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 10;
    acs_catalog *catalog = NULL;
    acs_host_facts facts;
    uint32_t kbs[ACS_MAX_RELEVANT_KBS];
    size_t kb_count;
    char err[512];
    DWORD package_keys = count_subkeys(ACS_CBS_KEY L"\\Packages");
    DWORD index_keys = count_subkeys(ACS_CBS_KEY L"\\PackageIndex");

    if (runs < 1 || runs > RUNS_MAX)
        runs = 10;
    acs_catalog_library_init();
    if (acs_catalog_load_builtin(&catalog, err, sizeof(err)) != 0) {
        fprintf(stderr, "bench_cbs: built-in catalog: %s\n", err);
        return 1;
    }
    acs_facts_init(&facts);
    acs_collect_os(acs_seam_windows(), &facts.os);
    kb_count = acs_collect_relevant_kbs(catalog, &facts.os, 0, kbs, ACS_MAX_RELEVANT_KBS);
    fprintf(stderr, "bench_cbs: OS %u.%u.%u %s, %u KBs to look up, %lu Packages keys, %lu PackageIndex keys\n",
            (unsigned)facts.os.major, (unsigned)facts.os.minor, (unsigned)facts.os.build, facts.os.architecture,
            (unsigned)kb_count, (unsigned long)package_keys, (unsigned long)index_keys);

    printf("method,packages_keys,runs,median_ms,p95_ms,kb_count,rollup_revision\n");
    report("direct", DIRECT, kbs, kb_count, &facts.os, runs, package_keys);
    report("scan", SCAN, kbs, kb_count, &facts.os, runs < 5 ? runs : 5, package_keys);
    report("enum-packageindex", ENUM_INDEX, kbs, kb_count, &facts.os, runs < 5 ? runs : 5, package_keys);
    report("enum-packages", ENUM_PACKAGES, kbs, kb_count, &facts.os, runs < 5 ? runs : 5, package_keys);

    acs_catalog_free(catalog);
    acs_catalog_library_cleanup();
    return 0;
}
