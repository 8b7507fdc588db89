/* The evaluator and the report over arbitrary facts (facts_bytes.c decodes
 * the input), every profile, every language: no crash, a state in range, and
 * the properties test_evaluate_properties.c checks (unread OS or root never Ready). */
#include <stdlib.h>

#include "core/evaluate.h"
#include "core/report.h"
#include "facts_bytes.h"

static acs_catalog *catalog;
static acs_rule_pool pool;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char err[256];
    acs_catalog_library_init();
    if (acs_catalog_load_builtin(&catalog, err, sizeof err) != 0)
        abort();
    acs_rule_pool_init(&pool, catalog);
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static acs_host_facts facts;
    static acs_verdict verdict;
    static acs_report report;
    acs_catalog_origin origin = {"built-in", false, "", ""};
    acs_byte_reader reader = {data, size};

    acs_facts_from_bytes(&reader, &pool, &facts);
    for (size_t p = 0; p < acs_catalog_profile_count(catalog); p++) {
        const acs_profile *profile = acs_catalog_profile_at(catalog, p);
        acs_evaluate(catalog, profile, &facts, &verdict);
        if ((unsigned)verdict.state > ACS_STATE_UNKNOWN)
            abort();
        if (verdict.state == ACS_STATE_READY && (!facts.os.version.known || !facts.root.presence.known))
            abort();
        for (int lang = 0; lang < ACS_LANG_COUNT; lang++)
            acs_report_build(&report, catalog, &origin, profile, &facts, (acs_lang)lang, 1764547200);
    }
    return 0;
}
