/* The command line parser: the input is argv, arguments separated by NUL
 * bytes (at most 64). Usage errors go to stderr (run with -close_fd_mask=2). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static cli_options options;
    char *copy = malloc(size + 1);
    char *argv[66];
    int argc = 0;

    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    argv[argc++] = "acsready";
    for (char *p = copy; p <= copy + size && argc < 65; p += strlen(p) + 1)
        argv[argc++] = p;
    argv[argc] = NULL;
    memset(&options, 0, sizeof options);
    if (cli_parse_args(argc, argv, &options)) {
        acs_host_facts facts;
        if (options.help || options.version)
            return free(copy), 0;
        if (!options.command)
            abort(); /* accepted without a subcommand */
        cli_facts_from_options(&options, &facts);
    }
    free(copy);
    return 0;
}
