/* Command-line parsing (wide argv, converted to UTF-8). */
#include "options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <shellapi.h>

static const char usage_text[] =
    "usage: wmiprvse.exe --mof FILE [--mof FILE]... [--clsid {GUID}] [--namespace root\\AcsReadiness]\n"
    "                    [--locale MS_409] [--timeout SECONDS] [--threads N] [--repeat N] [--timing] [--quiet]\n"
    "                    [--memory] [--reload N] [--pause MS]\n"
    "                    ([--expect-status HRESULT] (--enum CLASS | --get OBJECTPATH | --query WQL\n"
    "                     | --set-value KEY\\NAME=TEXT | --sleep MS))...\n"
    "\n"
    "Hosts a WMI instance provider the way WmiPrvSE does: activates --clsid (default: the CLSID of the\n"
    "MOF's __Win32Provider) through the registry, Initializes it with a namespace built from the MOF, and\n"
    "runs each operation with CreateInstanceEnumAsync / GetObjectAsync / ExecQueryAsync, in order.\n"
    "Instances print one property a line: Class.Prop = Value (singleton) or Class[Key].Prop = Value.\n"
    "--expect-status applies to the operations after it (default: any success status).\n"
    "--threads N runs the operation list on N MTA threads at once; --repeat N repeats it on each; every\n"
    "run must answer as the first (datetime values excepted). --timing prints cold and warm (p50, p95)\n"
    "times per operation on stderr. --cold is accepted for compatibility: the first run is always\n"
    "reported separately. --memory prints the process's private bytes after the first call and after\n"
    "the last (\"memory: calls=N private_kb=K\"). --reload N loads, runs, releases and frees the provider\n"
    "DLL N times in one process, checking DllCanUnloadNow each time. --pause MS sleeps that long before\n"
    "each repeated run (not timed): a benchmark's bursts of requests, apart. --set-value and --sleep are\n"
    "the host's own steps between two operations (not timed, no answer): write the REG_SZ value NAME of\n"
    "HKLM\\KEY (64-bit view) as a change of the machine, and wait MS milliseconds.\n"
    "\n"
    "exit: 0 ok, 1 provider failure (activation, Initialize, a failed or unexpected status),\n"
    "      2 MOF / Put / key / Indicate / cross-run check failed, 3 no final SetStatus within the timeout,\n"
    "      4 DllCanUnloadNow refused or stand-in objects leaked, 64 usage.\n";

static int usage(const char *problem, const char *detail)
{
    if (problem)
        fprintf(stderr, "wmiprvse: %s%s%s\n", problem, detail ? ": " : "", detail ? detail : "");
    fputs(usage_text, stderr);
    return -1;
}

static int parse_count(const char *text, unsigned *out)
{
    char *end;
    unsigned long value = strtoul(text, &end, 10);
    if (*end || !*text || value == 0 || value > 100000)
        return -1;
    *out = (unsigned)value;
    return 0;
}

static int add_operation(options *opts, operation_kind kind, const char *argument, int has_expected,
                         HRESULT expected)
{
    static const char *const names[] = { "enum", "get", "query", "set", "sleep" };
    operation *grown = realloc(opts->ops, (opts->op_count + 1) * sizeof(*grown));
    operation *op;

    if (!grown)
        return -1;
    opts->ops = grown;
    op = &grown[opts->op_count];
    memset(op, 0, sizeof(*op));
    op->kind = kind;
    op->argument = _strdup(argument);
    op->wide_argument = wide_from_utf8(argument);
    op->has_expected = has_expected;
    op->expected = expected;
    snprintf(op->label, sizeof(op->label), "%s %s", names[kind], argument);
    if (!op->argument || !op->wide_argument)
        return -1;
    opts->op_count++;
    return 0;
}

int options_parse(options *opts)
{
    int argc = 0, i, result = -1, has_expected = 0;
    HRESULT expected = S_OK;
    WCHAR **wargv = CommandLineToArgvW(GetCommandLineW(), &argc);
    char **argv = NULL;

    memset(opts, 0, sizeof(*opts));
    wcscpy(opts->locale, L"MS_409");
    strcpy(opts->namespace_path, "root\\AcsReadiness");
    opts->threads = 1;
    opts->repeat = 1;
    opts->reload = 1;
    opts->timeout_ms = 30000;
    if (!wargv)
        return usage("cannot read the command line", NULL);
    argv = calloc((size_t)argc + 1, sizeof(*argv));
    if (!argv)
        goto done;
    for (i = 0; i < argc; i++)
        if (!(argv[i] = utf8_from_wide(wargv[i])))
            goto done;

    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        static const char *const with_value[] = { "--clsid", "--mof", "--locale", "--namespace", "--threads",
                                                  "--repeat", "--reload", "--pause", "--timeout", "--expect-status", "--enum", "--get",
                                                  "--query", "--set-value", "--sleep" };
        int takes_value = 0;
        size_t k;

        for (k = 0; k < sizeof(with_value) / sizeof(with_value[0]); k++)
            takes_value |= !strcmp(arg, with_value[k]);

        if (takes_value && !value) {
            usage("missing value after", arg);
            goto done;
        }
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            usage(NULL, NULL);
            goto done;
        } else if (!strcmp(arg, "--timing")) {
            opts->timing = 1;
        } else if (!strcmp(arg, "--quiet")) {
            opts->quiet = 1;
        } else if (!strcmp(arg, "--memory")) {
            opts->memory = 1;
        } else if (!strcmp(arg, "--reload")) {
            if (parse_count(value, &opts->reload)) {
                usage("--reload needs a count from 1 to 100000", value);
                goto done;
            }
        } else if (!strcmp(arg, "--pause")) {
            if (parse_count(value, &opts->pause_ms)) {
                usage("--pause needs milliseconds from 1 to 100000", value);
                goto done;
            }
        } else if (!strcmp(arg, "--cold")) {
            opts->timing = 1;
        } else if (!strcmp(arg, "--clsid")) {
            if (FAILED(CLSIDFromString(wargv[i + 1], &opts->clsid))) {
                usage("not a CLSID ({xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx})", value);
                goto done;
            }
            opts->has_clsid = 1;
            free(opts->clsid_text);
            opts->clsid_text = _strdup(value);
        } else if (!strcmp(arg, "--mof")) {
            char **grown = realloc(opts->mof_files, (opts->mof_count + 1) * sizeof(*grown));
            if (!grown)
                goto done;
            opts->mof_files = grown;
            grown[opts->mof_count++] = _strdup(value);
        } else if (!strcmp(arg, "--locale")) {
            if (wcslen(wargv[i + 1]) >= sizeof(opts->locale) / sizeof(WCHAR)) {
                usage("locale too long", value);
                goto done;
            }
            wcscpy(opts->locale, wargv[i + 1]);
        } else if (!strcmp(arg, "--namespace")) {
            snprintf(opts->namespace_path, sizeof(opts->namespace_path), "%s", value);
        } else if (!strcmp(arg, "--threads")) {
            /* WaitForMultipleObjects watches at most 64 threads. */
            if (parse_count(value, &opts->threads) || opts->threads > MAXIMUM_WAIT_OBJECTS) {
                usage("--threads needs 1..64", value);
                goto done;
            }
        } else if (!strcmp(arg, "--repeat")) {
            if (parse_count(value, &opts->repeat)) {
                usage("--repeat needs 1..100000", value);
                goto done;
            }
        } else if (!strcmp(arg, "--timeout")) {
            unsigned seconds;
            if (parse_count(value, &seconds)) {
                usage("--timeout needs seconds (1..100000)", value);
                goto done;
            }
            opts->timeout_ms = seconds * 1000u;
        } else if (!strcmp(arg, "--expect-status")) {
            char *end;
            expected = (HRESULT)strtoul(value, &end, 0);
            if (*end || !*value) {
                usage("--expect-status needs an HRESULT such as 0x80041002", value);
                goto done;
            }
            has_expected = 1;
        } else if (!strcmp(arg, "--set-value")) {
            const char *equals = strchr(value, '=');
            const char *name = equals ? equals : value;
            while (name > value && *name != '\\')
                name--;
            if (!equals || *name != '\\' || name == value || name + 1 == equals) {
                usage("--set-value needs KEY\\NAME=TEXT", value);
                goto done;
            }
            if (add_operation(opts, OP_SET_VALUE, value, 0, S_OK))
                goto done;
        } else if (!strcmp(arg, "--sleep")) {
            unsigned ms;
            if (parse_count(value, &ms)) {
                usage("--sleep needs milliseconds from 1 to 100000", value);
                goto done;
            }
            if (add_operation(opts, OP_SLEEP, value, 0, S_OK))
                goto done;
        } else if (!strcmp(arg, "--enum") || !strcmp(arg, "--get") || !strcmp(arg, "--query")) {
            operation_kind kind = arg[2] == 'e' ? OP_ENUM : arg[2] == 'g' ? OP_GET : OP_QUERY;
            if (add_operation(opts, kind, value, has_expected, expected))
                goto done;
        } else {
            usage("unknown argument", arg);
            goto done;
        }
        if (takes_value)
            i++;
    }
    if (!opts->mof_count) {
        usage("--mof is required", NULL);
        goto done;
    }
    if (!opts->op_count) {
        usage("no operation (--enum, --get or --query)", NULL);
        goto done;
    }
    result = 0;
done:
    if (argv)
        for (i = 0; i < argc; i++)
            free(argv[i]);
    free(argv);
    LocalFree(wargv);
    return result;
}

void options_free(options *opts)
{
    size_t i;

    for (i = 0; i < opts->mof_count; i++)
        free(opts->mof_files[i]);
    free(opts->mof_files);
    for (i = 0; i < opts->op_count; i++) {
        free(opts->ops[i].argument);
        free(opts->ops[i].wide_argument);
    }
    free(opts->ops);
    free(opts->clsid_text);
    memset(opts, 0, sizeof(*opts));
}
