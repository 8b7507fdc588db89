/* What an export's OS-name and product-type cells say about a machine:
 * Windows or not, server or workstation. Tools write the OS name in many
 * ways ("Microsoft Windows Server 2012 R2 Datacenter", Lansweeper's
 * "Win 2019", Intune's "Windows" / "iOS/iPadOS", Japanese and Chinese
 * editions), and the product type as WMI's number, a word, or a localized
 * word. */
#ifndef ACSREADY_CLI_OS_NAMES_H
#define ACSREADY_CLI_OS_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/facts.h"

typedef enum cli_os_family {
    CLI_OS_FAMILY_UNKNOWN = 0,   /* empty, or a name that says neither */
    CLI_OS_FAMILY_WINDOWS,       /* Windows, product type not said ("Windows", "Windows 10 Pro" is said) */
    CLI_OS_FAMILY_NOT_WINDOWS    /* iOS, iPadOS, Android, macOS, Linux, ChromeOS: skipped and counted */
} cli_os_family;

typedef struct cli_os_name_facts {
    cli_os_family family;
    bool product_known;          /* the name says server or workstation */
    acs_product_type product_type;
} cli_os_name_facts;

/* Classifies an OS-name cell (UTF-8). */
cli_os_name_facts cli_os_name_classify(const char *text, size_t len);

/* cli_os_name_classify(...).family == CLI_OS_FAMILY_NOT_WINDOWS, with a fast
 * path for the common "...Windows..." cell (asked for every row). */
bool cli_os_name_is_not_windows(const char *text, size_t len);

/* A product-type cell: 1/2/3, workstation/client, server, dc/domain controller,
 * and the Japanese and Chinese words for them. False when it is none. */
bool cli_product_type_word(const char *text, size_t len, acs_product_type *out);

#endif
