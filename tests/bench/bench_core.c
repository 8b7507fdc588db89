/* The core benchmark (make bench): catalog load and validation, one
 * evaluation, and acsready evaluate --inventory on a generated export of
 * 1,000,000 machines (rows/s and peak RSS, against 100,000 rows to show the
 * memory is flat). Prints a table, writes a CSV, and says PASS or MISS per
 * target; it reports, it does not fail. Linux only (fork/exec, getrusage). */
#include "core/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#define CATALOG_TARGET_MS 5.0
#define EVALUATE_TARGET_US 10.0
#define ROWS_TARGET 1000000.0
#define HTML_SECONDS_TARGET 5.0 /* the report of 1,000,000 machines, one core */
#define RSS_FLAT_RATIO 1.25 /* peak RSS at 1M rows over 100k rows */

typedef struct bench_args {
    const char *cli, *generator, *catalog, *work, *csv;
    unsigned long rows;
} bench_args;

typedef struct result_row {
    char metric[64], value[32], unit[16], target[32], verdict[8];
} result_row;

static result_row results[24];
static size_t result_count;

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void add_result(const char *metric, double value, const char *unit, const char *target, int pass)
{
    result_row *r;
    if (result_count == sizeof results / sizeof results[0]) {
        fprintf(stderr, "bench: more than %zu results: make results[] larger\n", result_count);
        exit(1);
    }
    r = &results[result_count++];
    snprintf(r->metric, sizeof r->metric, "%s", metric);
    snprintf(r->value, sizeof r->value, value >= 1000 ? "%.0f" : "%.3f", value);
    snprintf(r->unit, sizeof r->unit, "%s", unit);
    snprintf(r->target, sizeof r->target, "%s", target);
    snprintf(r->verdict, sizeof r->verdict, "%s", pass < 0 ? "info" : pass ? "PASS" : "MISS");
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The first catalog load of a fresh process: what one command-line run, or
 * one provider process, pays once. Timed from acs_catalog_library_init to the
 * loaded model, in a child forked before this process has loaded any catalog,
 * so nothing of the load is warm from an earlier one in the same process. The
 * built-in copy skips the XSD (the build validated it); a file is validated,
 * so its first load includes compiling the schema. Returns wall ms and sets
 * *cpu_ms to the child's CPU time for the same span (the shared machine can
 * stretch wall time, not CPU time), or exits. */
static double cpu_now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double first_load_ms(const bench_args *args, int builtin, double *cpu_ms)
{
    int fds[2];
    double ms[2] = {-1, -1};
    int status = 0;
    pid_t child;

    if (pipe(fds) != 0 || (child = fork()) < 0) {
        perror("bench: first load");
        exit(1);
    }
    if (child == 0) {
        char err[1024];
        acs_catalog *catalog = NULL;
        double start = now_seconds(), cpu_start = cpu_now_seconds();
        int rc;
        acs_catalog_library_init();
        rc = builtin ? acs_catalog_load_builtin(&catalog, err, sizeof err)
                     : acs_catalog_load_file(args->catalog, &catalog, err, sizeof err);
        ms[0] = (now_seconds() - start) * 1e3;
        ms[1] = (cpu_now_seconds() - cpu_start) * 1e3;
        if (rc != 0 || !catalog) {
            fprintf(stderr, "bench: %s: %s\n", builtin ? "built-in catalog" : args->catalog, err);
            ms[0] = -1;
        }
        if (write(fds[1], ms, sizeof ms) != (ssize_t)sizeof ms)
            _exit(1);
        _exit(0);
    }
    close(fds[1]);
    if (read(fds[0], ms, sizeof ms) != (ssize_t)sizeof ms)
        ms[0] = -1;
    close(fds[0]);
    waitpid(child, &status, 0);
    if (ms[0] < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "bench: the first-load child failed\n");
        exit(1);
    }
    *cpu_ms = ms[1];
    return ms[0];
}

static void bench_catalog(const bench_args *args)
{
    enum { RUNS = 41, FIRST_RUNS = 15 };
    double times[RUNS], builtin_first[FIRST_RUNS], file_first[FIRST_RUNS];
    double builtin_cpu[FIRST_RUNS], file_cpu[FIRST_RUNS];
    char err[1024];
    acs_catalog *catalog = NULL;
    double start;

    /* Interleaved, so a busy moment of the shared machine hits both alike. */
    for (int i = 0; i < FIRST_RUNS; i++) {
        builtin_first[i] = first_load_ms(args, 1, &builtin_cpu[i]);
        file_first[i] = first_load_ms(args, 0, &file_cpu[i]);
    }
    qsort(builtin_first, FIRST_RUNS, sizeof builtin_first[0], compare_doubles);
    qsort(file_first, FIRST_RUNS, sizeof file_first[0], compare_doubles);
    qsort(builtin_cpu, FIRST_RUNS, sizeof builtin_cpu[0], compare_doubles);
    qsort(file_cpu, FIRST_RUNS, sizeof file_cpu[0], compare_doubles);
    add_result("first load in a process (built-in, median of 15)", builtin_first[FIRST_RUNS / 2], "ms", "<= 5 ms",
               builtin_first[FIRST_RUNS / 2] <= CATALOG_TARGET_MS);
    /* A user's file is validated on every load, by design: shown, not judged. */
    add_result("first load in a process (file + XSD compile, median of 15)", file_first[FIRST_RUNS / 2], "ms", "info",
               -1);
    add_result("first load in a process, CPU (built-in, median of 15)", builtin_cpu[FIRST_RUNS / 2], "ms", "info", -1);
    add_result("first load in a process, CPU (file + XSD, median of 15)", file_cpu[FIRST_RUNS / 2], "ms", "info", -1);

    acs_catalog_library_init();
    for (int i = 0; i < RUNS; i++) {
        start = now_seconds();
        if (acs_catalog_load_file(args->catalog, &catalog, err, sizeof err) != 0 || !catalog) {
            fprintf(stderr, "bench: %s: %s\n", args->catalog, err);
            exit(1);
        }
        times[i] = (now_seconds() - start) * 1e3;
        acs_catalog_free(catalog);
    }
    qsort(times, RUNS, sizeof times[0], compare_doubles);
    add_result("catalog load + XSD validation (file, median)", times[RUNS / 2], "ms", "<= 5 ms",
               times[RUNS / 2] <= CATALOG_TARGET_MS);

    for (int i = 0; i < RUNS; i++) {
        start = now_seconds();
        if (acs_catalog_load_builtin(&catalog, err, sizeof err) != 0 || !catalog) {
            fprintf(stderr, "bench: built-in catalog: %s\n", err);
            exit(1);
        }
        times[i] = (now_seconds() - start) * 1e3;
        acs_catalog_free(catalog);
    }
    qsort(times, RUNS, sizeof times[0], compare_doubles);
    add_result("catalog load, no XSD (built-in, median)", times[RUNS / 2], "ms", "<= 5 ms",
               times[RUNS / 2] <= CATALOG_TARGET_MS);
}

static void machine(acs_host_facts *f, unsigned major, unsigned minor, unsigned build, long rev, unsigned product)
{
    acs_facts_init(f);
    f->os.major = major;
    f->os.minor = minor;
    f->os.build = build;
    acs_known_ok(&f->os.version);
    f->os.product_type = (acs_product_type)product;
    acs_known_ok(&f->os.product);
    acs_known_ok(&f->updates.packages);
    if (rev >= 0 && major >= 10) {
        f->os.ubr_value = (uint32_t)rev;
        acs_known_ok(&f->os.ubr);
    } else if (rev >= 0) {
        f->updates.rollup_revision = (uint32_t)rev;
        acs_known_ok(&f->updates.rollup);
    }
    f->root.stores = ACS_STORE_ROOT;
    acs_known_ok(&f->root.presence);
    acs_known_ok(&f->root.policy);
    acs_known_ok(&f->root.last_sync);
    f->root.last_sync_unix = 1710201600; /* 2024-03-12 */
}

static void bench_evaluate(void)
{
    enum { MACHINES = 8, LOOPS = 2000000 };
    static acs_host_facts facts[MACHINES];
    static acs_verdict verdict;
    static acs_report report;
    char err[1024];
    acs_catalog *catalog = NULL;
    unsigned long states = 0;

    if (acs_catalog_load_builtin(&catalog, err, sizeof err) != 0 || !catalog) {
        fprintf(stderr, "bench: built-in catalog: %s\n", err);
        exit(1);
    }
    machine(&facts[0], 10, 0, 17763, 2114, ACS_PRODUCT_SERVER);   /* NotReady */
    machine(&facts[1], 10, 0, 19045, 3803, ACS_PRODUCT_WORKSTATION);
    machine(&facts[2], 6, 1, 7601, 25740, ACS_PRODUCT_WORKSTATION);
    acs_facts_add_kb(&facts[2].updates, 4474419, ACS_PKG_INSTALLED);
    acs_facts_add_kb(&facts[2].updates, 4490628, ACS_PKG_INSTALLED);
    machine(&facts[3], 6, 3, 9600, -1, ACS_PRODUCT_SERVER);
    acs_facts_add_kb(&facts[3].updates, 5006729, ACS_PKG_INSTALLED);
    machine(&facts[4], 5, 1, 2600, -1, ACS_PRODUCT_WORKSTATION);  /* Unsupported */
    machine(&facts[5], 10, 0, 14393, -1, ACS_PRODUCT_SERVER);     /* Unknown: no UBR */
    machine(&facts[6], 10, 0, 20348, 2762, ACS_PRODUCT_SERVER);
    facts[6].root.stores = 0;
    facts[6].root.auto_update_disabled = true;
    machine(&facts[7], 6, 2, 9200, 23000, ACS_PRODUCT_SERVER);

    double start = now_seconds();
    for (unsigned long i = 0; i < LOOPS; i++) {
        acs_evaluate(catalog, NULL, &facts[i % MACHINES], &verdict);
        states += (unsigned long)verdict.state;
    }
    double us = (now_seconds() - start) * 1e6 / LOOPS;
    add_result("acs_evaluate, one machine (mean of 2M)", us, "us", "<= 10 us", us <= EVALUATE_TARGET_US);

    enum { REPORT_LOOPS = 200000 };
    start = now_seconds();
    for (unsigned long i = 0; i < REPORT_LOOPS; i++) {
        acs_report_build(&report, catalog, NULL, NULL, &facts[i % MACHINES], (acs_lang)(i % ACS_LANG_COUNT), 0);
        states += (unsigned long)report.verdict.state;
    }
    us = (now_seconds() - start) * 1e6 / REPORT_LOOPS;
    add_result("acs_report_build, one machine (all texts)", us, "us", "info", -1);
    if (states == 0)
        fprintf(stderr, "bench: every verdict was Ready, which the chosen machines rule out\n");
    acs_catalog_free(catalog);
}

/* Runs argv with stdout to out_path; returns its wall and CPU (user + system)
 * seconds and its peak RSS (KiB). */
static int run_measured(char *const argv[], const char *out_path, double *seconds, double *cpu, long *max_rss_kib)
{
    int pipe_fd[2];
    if (pipe(pipe_fd) != 0)
        return -1;
    pid_t helper = fork();
    if (helper < 0)
        return -1;
    if (helper == 0) {
        /* A fresh process per measurement, so RUSAGE_CHILDREN is this run alone. */
        struct { double seconds, cpu; long rss; int status; } m = {0, 0, 0, -1};
        double start = now_seconds();
        pid_t child = fork();
        if (child == 0) {
            int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd < 0 || dup2(fd, 1) < 0)
                _exit(127);
            execv(argv[0], argv);
            _exit(127);
        }
        int status = 0;
        if (child > 0 && waitpid(child, &status, 0) == child) {
            struct rusage usage;
            m.seconds = now_seconds() - start;
            getrusage(RUSAGE_CHILDREN, &usage);
            m.rss = usage.ru_maxrss;
            m.cpu = (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec / 1e6 +
                    (double)usage.ru_stime.tv_sec + (double)usage.ru_stime.tv_usec / 1e6;
            m.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
        }
        if (write(pipe_fd[1], &m, sizeof m) != (ssize_t)sizeof m)
            _exit(1);
        _exit(0);
    }
    close(pipe_fd[1]);
    struct { double seconds, cpu; long rss; int status; } m;
    ssize_t got = read(pipe_fd[0], &m, sizeof m);
    close(pipe_fd[0]);
    waitpid(helper, NULL, 0);
    if (got != (ssize_t)sizeof m)
        return -1;
    *seconds = m.seconds;
    *cpu = m.cpu;
    *max_rss_kib = m.rss;
    return m.status;
}

static void generate(const bench_args *args, unsigned long rows, const char *path)
{
    char count[32];
    snprintf(count, sizeof count, "%lu", rows);
    char *argv[] = {(char *)args->generator, count, (char *)path, NULL};
    double seconds, cpu;
    long rss;
    if (run_measured(argv, "/dev/null", &seconds, &cpu, &rss) != 0) {
        fprintf(stderr, "bench: %s %s %s failed\n", args->generator, count, path);
        exit(1);
    }
}

/* The fleet report page of the same exports: rows are written as they come
 * and the aggregates are counters, so the time is the CSV's plus the HTML's
 * bytes and the memory stays what it is for 100k machines. */
static void bench_html(const bench_args *args, char *small, char *large, char *out)
{
    double small_s, large_s, small_cpu, large_cpu;
    long small_rss, large_rss;
    char *small_argv[] = {(char *)args->cli, "evaluate", "--inventory", small, "--format", "html", NULL};
    char *large_argv[] = {(char *)args->cli, "evaluate", "--inventory", large, "--format", "html", NULL};
    int small_status = run_measured(small_argv, out, &small_s, &small_cpu, &small_rss);
    int status = run_measured(large_argv, out, &large_s, &large_cpu, &large_rss);
    char label[64];
    if (small_status < 0 || small_status > 3 || status < 0 || status > 3) {
        fprintf(stderr, "bench: acsready evaluate --inventory --format html failed (status %d / %d)\n",
                small_status, status);
        exit(1);
    }
    snprintf(label, sizeof label, "html report, %lu machines, CPU time", args->rows);
    add_result(label, large_cpu, "s", "< 5 s", large_cpu < HTML_SECONDS_TARGET);
    snprintf(label, sizeof label, "html report, %lu machines, wall time", args->rows);
    add_result(label, large_s, "s", "info", -1);
    add_result("html report peak RSS, 100k machines", (double)small_rss / 1024.0, "MiB", "info", -1);
    add_result("html report peak RSS, 1M machines", (double)large_rss / 1024.0, "MiB", "flat: <= 1.25 x 100k",
               (double)large_rss <= RSS_FLAT_RATIO * (double)small_rss);
}

static void bench_inventory(const bench_args *args)
{
    char small[512], large[512], out[512];
    struct stat st;
    double small_s, large_s, small_cpu, large_cpu;
    long small_rss, large_rss;

    snprintf(small, sizeof small, "%s/inventory-100k.csv", args->work);
    snprintf(large, sizeof large, "%s/inventory-%lu.csv", args->work, args->rows);
    snprintf(out, sizeof out, "%s/inventory-verdicts.csv", args->work);
    generate(args, 100000, small);
    generate(args, args->rows, large);

    char *small_argv[] = {(char *)args->cli, "evaluate", "--inventory", small, "--format", "csv", NULL};
    char *large_argv[] = {(char *)args->cli, "evaluate", "--inventory", large, "--format", "csv", NULL};
    int small_status = run_measured(small_argv, out, &small_s, &small_cpu, &small_rss);
    int status = run_measured(large_argv, out, &large_s, &large_cpu, &large_rss);
    /* The exit status is the fleet's worst state (0..3); 64+ means it failed. */
    if (small_status < 0 || small_status > 3 || status < 0 || status > 3) {
        fprintf(stderr, "bench: acsready evaluate --inventory failed (status %d / %d)\n", small_status, status);
        exit(1);
    }
    /* "On one core": the process is single-threaded, so rows per CPU second
     * is its one-core rate even when this shared machine is busy; the wall
     * rate is printed beside it. */
    double cpu_rate = (double)args->rows / large_cpu;
    double wall_rate = (double)args->rows / large_s;
    char label[64];
    snprintf(label, sizeof label, "inventory %lu rows, per CPU second", args->rows);
    add_result(label, cpu_rate, "rows/s", ">= 1000000 rows/s", cpu_rate >= ROWS_TARGET);
    snprintf(label, sizeof label, "inventory %lu rows, per wall second", args->rows);
    add_result(label, wall_rate, "rows/s", "info", -1);
    if (stat(large, &st) == 0)
        add_result("inventory input size", (double)st.st_size / 1048576.0, "MiB", "info", -1);
    add_result("inventory CPU time (user + system)", large_cpu, "s", "info", -1);
    add_result("inventory wall time", large_s, "s", "info", -1);
    add_result("peak RSS, 100k rows", (double)small_rss / 1024.0, "MiB", "info", -1);
    add_result("peak RSS, 1M rows", (double)large_rss / 1024.0, "MiB", "flat: <= 1.25 x 100k",
               (double)large_rss <= RSS_FLAT_RATIO * (double)small_rss);
    bench_html(args, small, large, out);
    /* ~360 MB regenerated in ~2 s on the next run: not worth keeping. */
    unlink(small);
    unlink(large);
    unlink(out);
}

static int write_csv(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "bench: cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    fputs("metric,value,unit,target,result\n", f);
    for (size_t i = 0; i < result_count; i++)
        fprintf(f, "\"%s\",%s,%s,\"%s\",%s\n", results[i].metric, results[i].value, results[i].unit,
                results[i].target, results[i].verdict);
    return fclose(f) == 0 ? 0 : 1;
}

static void print_table(void)
{
    printf("\n%-58s %14s %-7s %-22s %s\n", "core benchmark", "value", "unit", "target", "result");
    for (size_t i = 0; i < result_count; i++)
        printf("%-58s %14s %-7s %-22s %s\n", results[i].metric, results[i].value, results[i].unit, results[i].target,
               results[i].verdict);
}

int main(int argc, char **argv)
{
    bench_args args = {NULL, NULL, NULL, "build/bench", "build/bench/core.csv", 1000000};
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--cli") == 0)
            args.cli = argv[i + 1];
        else if (strcmp(argv[i], "--generator") == 0)
            args.generator = argv[i + 1];
        else if (strcmp(argv[i], "--catalog") == 0)
            args.catalog = argv[i + 1];
        else if (strcmp(argv[i], "--work") == 0)
            args.work = argv[i + 1];
        else if (strcmp(argv[i], "--csv") == 0)
            args.csv = argv[i + 1];
        else if (strcmp(argv[i], "--rows") == 0)
            args.rows = strtoul(argv[i + 1], NULL, 10);
    }
    if (!args.cli || !args.generator || !args.catalog) {
        fprintf(stderr, "usage: bench_core --cli ACSREADY --generator GEN --catalog XML [--work DIR] [--csv FILE] "
                        "[--rows N]\n");
        return 64;
    }
    bench_catalog(&args);
    bench_evaluate();
    bench_inventory(&args);
    acs_catalog_library_cleanup();
    print_table();
    printf("\nwritten: %s\n", args.csv);
    return write_csv(args.csv);
}
