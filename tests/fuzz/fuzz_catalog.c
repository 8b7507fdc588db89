/* The catalog loader on arbitrary bytes (memory): shape scan, libxml2 parse
 * without DTDs or network, schema validation, model build. A catalog that
 * loads must answer every query the evaluator asks. */
#include <stdlib.h>

#include "core/catalog.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    acs_catalog_library_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    acs_catalog *catalog = NULL;
    char err[1024];
    if (acs_catalog_load_memory((const char *)data, size, "fuzz.xml", &catalog, err, sizeof err) == 0) {
        for (size_t p = 0; p < acs_catalog_profile_count(catalog); p++) {
            const acs_profile *profile = acs_catalog_profile_at(catalog, p);
            (void)acs_catalog_match(profile, 10, 0, 17763, ACS_PRODUCT_MASK_SERVER);
            (void)acs_catalog_match(profile, 6, 1, 7601, ACS_PRODUCT_MASK_WORKSTATION);
        }
        acs_catalog_free(catalog);
    } else if (err[0] == '\0') {
        abort(); /* a refusal always says why */
    }
    return 0;
}
