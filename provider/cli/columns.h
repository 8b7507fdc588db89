/* Which column of an admin's export holds which fact: the one table of
 * column names (aliases) that the inventory reader matches, --help prints
 * and docs/cli.md lists (tests/cli/columns.test keeps the three in step).
 * Names are matched ignoring ASCII case, spaces, '_' and '-'; within a fact
 * the earlier alias wins when a file has several. `--columns
 * name=...,version=...` names the columns of any other layout. */
#ifndef ACSREADY_CLI_COLUMNS_H
#define ACSREADY_CLI_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum cli_field {
    CLI_FIELD_NAME = 0,     /* the machine's host name */
    CLI_FIELD_VERSION,      /* 10.0.19045.6456, 10.0.19045, 19045.6456, 6.1.7601 */
    CLI_FIELD_UBR,          /* the revision, when the version column lacks it */
    CLI_FIELD_PRODUCT_TYPE, /* 1/2/3 or workstation/server/domain controller (also localized) */
    CLI_FIELD_OS_NAME,      /* "Microsoft Windows Server 2019 Standard", "Win 2019", "iOS/iPadOS" */
    CLI_FIELD_KBS,          /* a list of KBs, or one KB per row */
    CLI_FIELD_ROOT_PRESENT,
    CLI_FIELD_ROOT_STORE,
    CLI_FIELD_ROOT_AUTO_UPDATE_DISABLED,
    CLI_FIELD_ROOT_LAST_SYNC,
    CLI_FIELD_PPL_MODULES,  /* acsready evaluate --module specs, ; or | separated, or none */
    CLI_FIELD_COUNT
} cli_field;

typedef struct cli_field_info {
    const char *key;             /* the name --columns takes: name, version, ubr, ... */
    const char *label;           /* what --help calls it */
    const char *const *aliases;  /* NULL-terminated, in order of preference */
    const char *help;            /* one sentence for --help and the docs */
} cli_field_info;

extern const cli_field_info cli_fields[CLI_FIELD_COUNT];

/* --columns name=PC Name,version=OS Build: explicit header names per fact. */
typedef struct cli_column_override {
    const char *name[CLI_FIELD_COUNT]; /* points into the option's text; NULL when not given */
    size_t length[CLI_FIELD_COUNT];
} cli_column_override;

/* Parses a --columns value; false with a message naming the bad part. */
bool cli_columns_parse(const char *spec, cli_column_override *override, char *err, size_t err_size);

/* Maps a header row to field indexes (-1: no such column). Overrides come
 * first and must exist in the header; then the aliases. A column whose name
 * says it holds an IP address is never taken for a fact. False with err only
 * for an override that names a column the header does not have. */
bool cli_columns_map(const char *const *names, const size_t *lengths, size_t count,
                     const cli_column_override *override, int index[CLI_FIELD_COUNT], char *err, size_t err_size);

/* True for a header such as "IP Address", "IPAddress", "IPv4", "IPアドレス". */
bool cli_column_is_ip(const char *name, size_t length);

/* The aliases of one field as "A, B, C" (for messages). */
size_t cli_columns_alias_list(cli_field field, char *out, size_t size);
/* The inventory columns section of --help, generated from the table. */
void cli_columns_print_help(FILE *out);

#endif
