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

int main(int argc, char **argv)
{
    static cli_options options;
    int status;

#ifdef _WIN32
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
#endif
    return status;
}
