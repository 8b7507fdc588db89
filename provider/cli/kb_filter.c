#include "cli/inventory.h"

#include <stdlib.h>

/* Two bits per KB number in one byte array: "asked already" and "relevant",
 * so a look-up is one memory access. The pages behind KB numbers never seen
 * are never touched, so the resident size follows the distinct KBs of the
 * fleet, not its row count. */
#define ASKED 1u
#define RELEVANT 2u

bool cli_kb_filter_init(cli_kb_filter *filter, const acs_catalog *catalog)
{
    filter->catalog = catalog;
    filter->bits = calloc(CLI_KB_FILTER_LIMIT / 4, 1);
    return filter->bits != NULL;
}

void cli_kb_filter_free(cli_kb_filter *filter)
{
    free(filter->bits);
    filter->bits = NULL;
}

bool cli_kb_filter_ask(cli_kb_filter *filter, uint32_t kb)
{
    bool relevant = acs_catalog_kb_relevant(filter->catalog, kb);
    if (kb < CLI_KB_FILTER_LIMIT) {
        unsigned value = ASKED | (relevant ? RELEVANT : 0u);
        filter->bits[kb >> 2] = (unsigned char)(filter->bits[kb >> 2] | (value << ((kb & 3u) * 2u)));
    }
    return relevant;
}
