/* The built-in catalog as a cmocka group fixture, shared by the unit tests
 * that evaluate against it (every test_*.c links builtin_catalog.c). */
#ifndef ACSREADY_TESTS_BUILTIN_CATALOG_H
#define ACSREADY_TESTS_BUILTIN_CATALOG_H

#include "core/catalog.h"

/* Loaded by builtin_catalog_setup, freed by builtin_catalog_teardown. */
extern acs_catalog *catalog;

int builtin_catalog_setup(void **state);
int builtin_catalog_teardown(void **state);

#endif
