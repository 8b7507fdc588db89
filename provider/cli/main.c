/* acsready: dispatches to a subcommand; its result is the exit status. */
#include "cli/cli.h"

#include <string.h>
#ifdef _WIN32
#include <windows.h>
#endif

static int run(const cli_options *options)
{
    if (options->help) {
        cli_print_help(stdout);
        return 0;
    }
    if (options->version) {
        cli_print_version(stdout);
        return 0;
    }
    if (strcmp(options->command, "evaluate") == 0)
        return cli_run_evaluate(options);
    if (strcmp(options->command, "check") == 0)
        return cli_run_check(options);
    if (strcmp(options->command, "catalog") == 0)
        return cli_run_catalog(options);
    return cli_run_schema(options);
}

#ifdef _WIN32
#include <shellapi.h>
#include <stdlib.h>

/* The CRT hands main() the command line in the ANSI code page, so a path
 * under a Japanese or Chinese folder name would arrive mangled. Everything
 * inside acsready is UTF-8: take the UTF-16 command line and convert it. */
static char **utf8_argv(int *argc)
{
    wchar_t **wide = CommandLineToArgvW(GetCommandLineW(), argc);
    char **out;
    if (!wide)
        return NULL;
    out = calloc((size_t)*argc + 1, sizeof(*out));
    for (int i = 0; out && i < *argc; i++) {
        int size = WideCharToMultiByte(CP_UTF8, 0, wide[i], -1, NULL, 0, NULL, NULL);
        out[i] = size > 0 ? malloc((size_t)size) : NULL;
        if (!out[i] || WideCharToMultiByte(CP_UTF8, 0, wide[i], -1, out[i], size, NULL, NULL) <= 0) {
            for (int j = 0; j <= i; j++)
                free(out[j]);
            free(out);
            out = NULL;
        }
    }
    LocalFree(wide);
    return out;
}

static void free_argv(int argc, char **argv)
{
    for (int i = 0; argv && i < argc; i++)
        free(argv[i]);
    free(argv);
}
#endif

int main(int argc, char **argv)
{
    static cli_options options;
    int status;

#ifdef _WIN32
    char **wide_argv = utf8_argv(&argc);
    if (wide_argv)
        argv = wide_argv;
    /* Reasons in Chinese and Japanese are UTF-8; a console shows them only
     * when told so. The console is shared with the shell: give it back. */
    UINT console_cp = GetConsoleOutputCP();
    if (console_cp != 0 && console_cp != CP_UTF8)
        SetConsoleOutputCP(CP_UTF8);
#endif
    if (!cli_parse_args(argc, argv, &options)) {
        status = CLI_EXIT_USAGE;
    } else {
        acs_catalog_library_init();
        status = run(&options);
        acs_catalog_library_cleanup();
    }
#ifdef _WIN32
    if (console_cp != 0 && console_cp != CP_UTF8)
        SetConsoleOutputCP(console_cp);
    free_argv(argc, wide_argv);
#endif
    return status;
}
