/* Where one collection of this machine's facts spends its time (make
 * bench-provider prints it for the large machine; issue 9): each collector
 * run in the provider's order with the real Windows seam wrapped in a
 * counting one, so every seam call (a registry read is a Wine server round
 * trip) is counted and timed per collector. Also the whole collection as the
 * provider makes it (acs_collect_host, the real seam) and the report built
 * from it, and what a request past the snapshot's window costs when the
 * registry did not change (the watch's check and the unwatched facts). The
 * shipped DLL has none of this; it only links the same collectors.
 *
 *   collect-timing.exe [--catalog FILE] [--rounds N] [--uncached] [--pause MS]
 * --uncached: no process-wide cache (kernel version, protected services), to
 * show what each would cost if read every time. --pause MS: sleep before each
 * round, so each collection starts on an idle machine, as a query minutes
 * after the last does.
 * Prints "collector <name> ..." and "seam <function> ..." lines (timings in
 * ms; round 0 is the cold one and is reported apart). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collect/collect.h"
#include "core/report.h"

enum {
    SEAM_REG_OPEN, SEAM_REG_QUERY, SEAM_REG_ENUM_VALUE, SEAM_REG_ENUM_KEY, SEAM_REG_CLOSE, SEAM_OS_VERSION,
    SEAM_NATIVE_ARCH, SEAM_FILE_VERSION, SEAM_LIST_FILES, SEAM_CERT_FIND, SEAM_NOW_UNIX, SEAM_REG_KEY_INFO,
    SEAM_SYSTEM_ROOT, SEAM_SERVICE_STATES, SEAM_PROCESS_PROTECTION, SEAM_FILE_IDENTITY, SEAM_FILE_SIGNATURES,
    SEAM_PATH_VARIANT, SEAM_DOS_DEVICES, SEAM_CI_EVENTS, SEAM_BOOT_TIME, SEAM_COUNT
};
static const char *const seam_names[SEAM_COUNT] = {
    "reg_open", "reg_query", "reg_enum_value", "reg_enum_key", "reg_close", "os_version", "native_arch",
    "file_version", "list_files", "cert_find", "now_unix", "reg_key_info", "system_root", "service_states",
    "process_protection", "file_identity", "file_signatures", "path_variant", "dos_devices",
    "code_integrity_events", "boot_time",
};

typedef struct seam_stats {
    unsigned long calls[SEAM_COUNT];
    double ms[SEAM_COUNT];
} seam_stats;

static const acs_seam *real;
static seam_stats stats;
static double tick_ms;

static double now_ms(void)
{
    LARGE_INTEGER counter;
    QueryPerformanceCounter(&counter);
    return (double)counter.QuadPart * tick_ms;
}

/* Each wrapper: one real call, counted and timed under its slot. */
#define TIMED(slot, call)                                                                                             \
    do {                                                                                                              \
        double started_ = now_ms();                                                                                   \
        call;                                                                                                         \
        stats.ms[slot] += now_ms() - started_;                                                                        \
        stats.calls[slot]++;                                                                                          \
    } while (0)

static LONG t_reg_open(void *ctx, HKEY parent, const wchar_t *path, HKEY *out)
{
    LONG rc;
    TIMED(SEAM_REG_OPEN, rc = real->reg_open(real->ctx, parent, path, out));
    return rc;
}
static LONG t_reg_query(void *ctx, HKEY key, const wchar_t *value, DWORD *type, BYTE *data, DWORD *size)
{
    LONG rc;
    TIMED(SEAM_REG_QUERY, rc = real->reg_query(real->ctx, key, value, type, data, size));
    return rc;
}
static LONG t_reg_enum_value(void *ctx, HKEY key, DWORD index, wchar_t *name, DWORD *chars)
{
    LONG rc;
    TIMED(SEAM_REG_ENUM_VALUE, rc = real->reg_enum_value(real->ctx, key, index, name, chars));
    return rc;
}
static LONG t_reg_enum_key(void *ctx, HKEY key, DWORD index, wchar_t *name, DWORD *chars)
{
    LONG rc;
    TIMED(SEAM_REG_ENUM_KEY, rc = real->reg_enum_key(real->ctx, key, index, name, chars));
    return rc;
}
static void t_reg_close(void *ctx, HKEY key)
{
    TIMED(SEAM_REG_CLOSE, real->reg_close(real->ctx, key));
}
static LONG t_os_version(void *ctx, OSVERSIONINFOEXW *out)
{
    LONG rc;
    TIMED(SEAM_OS_VERSION, rc = real->os_version(real->ctx, out));
    return rc;
}
static LONG t_native_arch(void *ctx, WORD *arch)
{
    LONG rc;
    TIMED(SEAM_NATIVE_ARCH, rc = real->native_arch(real->ctx, arch));
    return rc;
}
static LONG t_file_version(void *ctx, const wchar_t *relative, uint16_t version[4])
{
    LONG rc;
    TIMED(SEAM_FILE_VERSION, rc = real->file_version(real->ctx, relative, version));
    return rc;
}
static LONG t_list_files(void *ctx, const wchar_t *dir, const wchar_t *pattern,
                         void (*each)(void *user, const wchar_t *name), void *user)
{
    LONG rc;
    TIMED(SEAM_LIST_FILES, rc = real->list_files(real->ctx, dir, pattern, each, user));
    return rc;
}
static LONG t_cert_find(void *ctx, acs_store_index store, const uint8_t sha1[20], uint8_t sha256[32], bool *known)
{
    LONG rc;
    TIMED(SEAM_CERT_FIND, rc = real->cert_find(real->ctx, store, sha1, sha256, known));
    return rc;
}
static int64_t t_now_unix(void *ctx)
{
    int64_t now;
    TIMED(SEAM_NOW_UNIX, now = real->now_unix(real->ctx));
    return now;
}
static LONG t_reg_key_info(void *ctx, HKEY key, DWORD *subkeys, uint64_t *last_write)
{
    LONG rc;
    TIMED(SEAM_REG_KEY_INFO, rc = real->reg_key_info(real->ctx, key, subkeys, last_write));
    return rc;
}
static LONG t_system_root(void *ctx, wchar_t *out, DWORD chars)
{
    LONG rc;
    TIMED(SEAM_SYSTEM_ROOT, rc = real->system_root(real->ctx, out, chars));
    return rc;
}
static LONG t_service_states(void *ctx, void (*each)(void *, const wchar_t *, DWORD, DWORD), void *user)
{
    LONG rc;
    TIMED(SEAM_SERVICE_STATES, rc = real->service_states(real->ctx, each, user));
    return rc;
}
static LONG t_process_protection(void *ctx, DWORD pid, DWORD *level)
{
    LONG rc;
    TIMED(SEAM_PROCESS_PROTECTION, rc = real->process_protection(real->ctx, pid, level));
    return rc;
}
static LONG t_file_identity(void *ctx, const wchar_t *path, uint64_t *size, uint64_t *last_write)
{
    LONG rc;
    TIMED(SEAM_FILE_IDENTITY, rc = real->file_identity(real->ctx, path, size, last_write));
    return rc;
}
static LONG t_file_signatures(void *ctx, const wchar_t *path, acs_signature_list *out)
{
    LONG rc;
    TIMED(SEAM_FILE_SIGNATURES, rc = real->file_signatures(real->ctx, path, out));
    return rc;
}
static LONG t_path_variant(void *ctx, const wchar_t *path, bool want_short, wchar_t *out, DWORD chars)
{
    LONG rc;
    TIMED(SEAM_PATH_VARIANT, rc = real->path_variant(real->ctx, path, want_short, out, chars));
    return rc;
}
static LONG t_dos_devices(void *ctx, acs_dos_device *out, size_t max, size_t *count)
{
    LONG rc;
    TIMED(SEAM_DOS_DEVICES, rc = real->dos_devices(real->ctx, out, max, count));
    return rc;
}
static LONG t_ci_events(void *ctx, int64_t since, unsigned max, void (*each)(void *, const acs_ci_event *), void *user)
{
    LONG rc;
    TIMED(SEAM_CI_EVENTS, rc = real->code_integrity_events(real->ctx, since, max, each, user));
    return rc;
}
static LONG t_boot_time(void *ctx, int64_t *unix_seconds)
{
    LONG rc;
    TIMED(SEAM_BOOT_TIME, rc = real->boot_time(real->ctx, unix_seconds));
    return rc;
}

static const acs_seam timed_seam = {
    NULL, t_reg_open, t_reg_query, t_reg_enum_value, t_reg_enum_key, t_reg_close, t_os_version, t_native_arch,
    t_file_version, t_list_files, t_cert_find, t_now_unix, t_reg_key_info, t_system_root, t_service_states,
    t_process_protection, t_file_identity, t_file_signatures, t_path_variant, t_dos_devices, t_ci_events,
    t_boot_time,
};

/* The collectors in acs_collect_host_by's order, each a step of its own. */
enum {
    STEP_OS, STEP_UPDATES, STEP_KERNEL, STEP_ROOT, STEP_PPL, STEP_COLLECTORS, STEP_HOST, STEP_WATCH_CHECK,
    STEP_UNWATCHED, STEP_REPORT, STEP_COUNT
};
static const char *const step_names[STEP_COUNT] = {
    "os_identity", "cbs_updates", "kernel_version", "root_store", "ppl_services",
    "sum_of_collectors",  /* the five above, through the counting seam */
    "acs_collect_host",   /* the provider's call, real seam, no counting */
    /* What a request past the window costs when the registry did not change
     * (facts_cache.h): the watch's check, then the unwatched facts alone. */
    "watch_unchanged", "acs_collect_unwatched",
    "acs_report_build",   /* evaluation and every text, from those facts */
};

typedef struct step_record {
    double *ms;                       /* [rounds] */
    unsigned long calls[SEAM_COUNT];  /* summed over the warm rounds */
    double seam_ms[SEAM_COUNT];
} step_record;

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double percentile(const double *sorted, size_t n, unsigned p)
{
    size_t i = (n * p + 99) / 100;
    return n ? sorted[i ? i - 1 : 0] : 0.0;
}

static void step_begin(seam_stats *before, double *started)
{
    *before = stats;
    *started = now_ms();
}

static void step_end(step_record *rec, unsigned round, const seam_stats *before, double started)
{
    rec->ms[round] = now_ms() - started;
    if (round == 0)
        return;
    for (size_t s = 0; s < SEAM_COUNT; s++) {
        rec->calls[s] += stats.calls[s] - before->calls[s];
        rec->seam_ms[s] += stats.ms[s] - before->ms[s];
    }
}

static int usage(void)
{
    fprintf(stderr, "usage: collect-timing.exe [--catalog FILE] [--rounds N] [--uncached] [--pause MS]\n");
    return 64;
}

int main(int argc, char **argv)
{
    const char *catalog_path = NULL;
    unsigned rounds = 200;
    bool uncached = false;
    unsigned pause_ms = 0;
    acs_catalog_origin origin;
    acs_catalog *catalog;
    acs_host_facts *facts = calloc(1, sizeof *facts);
    acs_report *report = calloc(1, sizeof *report);
    step_record rec[STEP_COUNT];
    acs_registry_watch *watch = NULL;
    double arm_ms = 0;
    unsigned changes = 0;
    LARGE_INTEGER frequency;
    int i;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--catalog") && i + 1 < argc)
            catalog_path = argv[++i];
        else if (!strcmp(argv[i], "--pause") && i + 1 < argc && atoi(argv[i + 1]) > 0)
            pause_ms = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "--uncached"))
            uncached = true;
        else if (!strcmp(argv[i], "--rounds") && i + 1 < argc && atoi(argv[i + 1]) > 1)
            rounds = (unsigned)atoi(argv[++i]);
        else
            return usage();
    }
    QueryPerformanceFrequency(&frequency);
    tick_ms = 1000.0 / (double)frequency.QuadPart;
    real = acs_seam_windows();
    acs_catalog_library_init();
    catalog = acs_catalog_open(catalog_path, &origin);
    if (!catalog || !facts || !report) {
        fprintf(stderr, "collect-timing: no catalog (%s) or out of memory\n", origin.reason);
        return 1;
    }
    memset(rec, 0, sizeof rec);
    for (i = 0; i < STEP_COUNT; i++)
        if (!(rec[i].ms = calloc(rounds, sizeof(double))))
            return 1;
    {
        double started = now_ms();
        if (!acs_registry_watch_arm(&watch)) {
            fprintf(stderr, "collect-timing: the registry watch could not be armed\n");
            return 1;
        }
        arm_ms = now_ms() - started;
    }

    for (unsigned round = 0; round < rounds; round++) {
        const acs_root_rule *root = acs_catalog_root(catalog);
        seam_stats all_before, before;
        double all_started, started;

        if (pause_ms)
            Sleep(pause_ms);
        acs_facts_init(facts);
        step_begin(&all_before, &all_started);
        step_begin(&before, &started);
        acs_collect_os(&timed_seam, &facts->os);
        step_end(&rec[STEP_OS], round, &before, started);
        step_begin(&before, &started);
        acs_collect_updates(&timed_seam, catalog, &facts->os, &facts->updates);
        step_end(&rec[STEP_UPDATES], round, &before, started);
        step_begin(&before, &started);
        acs_collect_kernel_cached(&timed_seam, uncached ? NULL : acs_kernel_process_cache(), &facts->updates);
        step_end(&rec[STEP_KERNEL], round, &before, started);
        step_begin(&before, &started);
        acs_collect_root(&timed_seam, root, &facts->root);
        step_end(&rec[STEP_ROOT], round, &before, started);
        step_begin(&before, &started);
        acs_collect_ppl(&timed_seam, root, uncached ? NULL : acs_ppl_process_cache(), &facts->ppl);
        step_end(&rec[STEP_PPL], round, &before, started);
        step_end(&rec[STEP_COLLECTORS], round, &all_before, all_started);

        step_begin(&before, &started);
        acs_collect_host(facts, catalog);
        step_end(&rec[STEP_HOST], round, &before, started);
        step_begin(&before, &started);
        if (!acs_registry_watch_unchanged(watch))
            changes++;
        step_end(&rec[STEP_WATCH_CHECK], round, &before, started);
        step_begin(&before, &started);
        acs_collect_host_unwatched(facts, catalog);
        step_end(&rec[STEP_UNWATCHED], round, &before, started);
        step_begin(&before, &started);
        acs_report_build(report, catalog, &origin, acs_catalog_default_profile(catalog), facts, ACS_LANG_EN,
                         (int64_t)time(NULL));
        step_end(&rec[STEP_REPORT], round, &before, started);
    }

    printf("collect-timing: %u rounds (round 0 cold), catalog %s, %s, %u ms pause before each\n", rounds,
           origin.source, uncached ? "no process-wide caches" : "the provider's process-wide caches", pause_ms);
    printf("registry watch: armed in %.3f ms; a change was signalled in %u of %u rounds\n", arm_ms, changes, rounds);
    for (i = 0; i < STEP_COUNT; i++) {
        unsigned long calls = 0;
        double cold = rec[i].ms[0];
        for (size_t s = 0; s < SEAM_COUNT; s++)
            calls += rec[i].calls[s];
        qsort(rec[i].ms + 1, rounds - 1, sizeof(double), compare_doubles);
        printf("collector %-18s cold_ms=%.3f warm_p50_ms=%.3f warm_p95_ms=%.3f seam_calls=%.1f\n", step_names[i],
               cold, percentile(rec[i].ms + 1, rounds - 1, 50), percentile(rec[i].ms + 1, rounds - 1, 95),
               (double)calls / (rounds - 1));
        for (size_t s = 0; s < SEAM_COUNT && i < STEP_COLLECTORS; s++)
            if (rec[i].calls[s])
                printf("seam %-18s %-22s calls=%.1f mean_us=%.1f ms_per_collection=%.3f\n", step_names[i],
                       seam_names[s], (double)rec[i].calls[s] / (rounds - 1),
                       rec[i].seam_ms[s] * 1000.0 / (double)rec[i].calls[s], rec[i].seam_ms[s] / (rounds - 1));
    }
    for (i = 0; i < STEP_COUNT; i++)
        free(rec[i].ms);
    acs_registry_watch_free(watch);
    acs_catalog_free(catalog);
    free(facts);
    free(report);
    return 0;
}
