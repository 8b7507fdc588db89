/* The stand-in's command line. */
#ifndef WMIPRVSE_OPTIONS_H
#define WMIPRVSE_OPTIONS_H

#include "standin.h"

/* Provider calls, and the host's own actions between them (a test's change
 * of the machine between two requests: no provider call, no answer). */
typedef enum operation_kind { OP_ENUM, OP_GET, OP_QUERY, OP_SET_VALUE, OP_SLEEP } operation_kind;
#define OPERATION_CALLS_PROVIDER(op) ((op)->kind <= OP_QUERY)

typedef struct operation {
    operation_kind kind;
    char *argument;         /* UTF-8: class, object path or WQL */
    WCHAR *wide_argument;
    int has_expected;       /* --expect-status given before this operation */
    HRESULT expected;
    char label[300];        /* "enum AcsReadiness" for messages */
} operation;

typedef struct options {
    CLSID clsid;
    int has_clsid;
    char *clsid_text;
    char **mof_files;
    size_t mof_count;
    WCHAR locale[64];
    char namespace_path[256];
    operation *ops;
    size_t op_count;
    unsigned threads;
    unsigned repeat;
    DWORD timeout_ms;
    int timing;
    int quiet;
    int memory;      /* --memory: print the process's memory after the first call and at the end */
    unsigned reload; /* --reload N: load, run and unload the provider N times in this process */
    unsigned pause_ms; /* --pause MS: sleep before each repeated run (0: none) */
} options;

/* 0, or -1 after printing the problem and the usage on stderr. */
int options_parse(options *opts);
void options_free(options *opts);

#endif
