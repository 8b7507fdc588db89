/* See builtin_catalog.h. */
#include "builtin_catalog.h"

#include <stdio.h>

acs_catalog *catalog;

int builtin_catalog_setup(void **state)
{
    char err[1024];
    (void)state;
    acs_catalog_library_init();
    if (acs_catalog_load_builtin(&catalog, err, sizeof err) != 0) {
        fprintf(stderr, "built-in catalog: %s\n", err);
        return -1;
    }
    return 0;
}

int builtin_catalog_teardown(void **state)
{
    (void)state;
    acs_catalog_free(catalog);
    catalog = NULL;
    acs_catalog_library_cleanup();
    return 0;
}
