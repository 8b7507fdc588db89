/* See kb_filter.h. */
#include "cli/kb_filter.h"

#include <string.h>

static void mark(void *context, uint32_t kb)
{
    cli_kb_filter *filter = context;
    uint32_t slot = cli_kb_filter_slot(kb);
    filter->maybe[slot >> 6] |= (uint64_t)1 << (slot & 63u);
}

void cli_kb_filter_init(cli_kb_filter *filter, const acs_catalog *catalog)
{
    memset(filter->maybe, 0, sizeof filter->maybe);
    filter->catalog = catalog;
    for (size_t p = 0; p < acs_catalog_profile_count(catalog); p++) {
        const acs_profile *profile = acs_catalog_profile_at(catalog, p);
        for (size_t r = 0; r < profile->rule_count; r++)
            acs_rule_for_each_kb(&profile->rules[r], mark, filter);
    }
    for (size_t r = 0; r < acs_catalog_rule_count(catalog); r++)
        acs_rule_for_each_kb(acs_catalog_rule_at(catalog, r), mark, filter);
}
