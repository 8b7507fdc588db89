/* Which KB numbers of an export can change a verdict: only those the catalog
 * names (acs_catalog_kb_relevant). An export lists tens to hundreds of KBs a
 * row, nearly all of them irrelevant, so the answer must cost about one
 * load from the L1 cache. */
#ifndef ACSREADY_CLI_KB_FILTER_H
#define ACSREADY_CLI_KB_FILTER_H

#include "core/catalog.h"

#include <stdbool.h>
#include <stdint.h>

/* One bit per hash of a KB number (8 KB in all): set where a KB the catalog
 * names lands. A clear bit means "not named"; a set bit is confirmed by the
 * catalog (a few hundred KBs land on well under 1% of the bits). */
#define CLI_KB_FILTER_BITS 16
typedef struct cli_kb_filter {
    const acs_catalog *catalog;
    uint64_t maybe[(1u << CLI_KB_FILTER_BITS) / 64];
} cli_kb_filter;

/* Visits every KB a rule of a profile of the catalog names, as the catalog's
 * own index does (and the base rules too: more set bits cost nothing). */
void cli_kb_filter_init(cli_kb_filter *filter, const acs_catalog *catalog);

static inline uint32_t cli_kb_filter_slot(uint32_t kb)
{
    return (uint32_t)(kb * 2654435761u) >> (32 - CLI_KB_FILTER_BITS); /* Knuth's multiplicative hash */
}

static inline bool cli_kb_filter_relevant(const cli_kb_filter *filter, uint32_t kb)
{
    uint32_t slot = cli_kb_filter_slot(kb);
    if (!((filter->maybe[slot >> 6] >> (slot & 63u)) & 1u))
        return false;
    return acs_catalog_kb_relevant(filter->catalog, kb);
}

#endif
