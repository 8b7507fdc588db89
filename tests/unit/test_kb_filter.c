/* provider/cli/kb_filter.c: the inventory's quick "can this KB change a
 * verdict?" must answer exactly as the catalog does (acs_catalog_kb_relevant)
 * for every KB number, or a row's verdict would change. Checked for every
 * 7-digit KB number and beyond, against the built-in catalog, whose profiles
 * name KBs of their own (trendmicro, withsecure). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "builtin_catalog.h"
#include "cli/kb_filter.h"

static cli_kb_filter filter;

static void check(uint32_t kb, size_t *relevant)
{
    bool want = acs_catalog_kb_relevant(catalog, kb);
    if (cli_kb_filter_relevant(&filter, kb) != want)
        fail_msg("KB%u: the filter says %d, the catalog %d", (unsigned)kb, !want, want);
    *relevant += want;
}

static void test_agrees_with_catalog(void **state)
{
    static const uint32_t far[] = {10000000u, 99999999u, 2147483647u, 2147483648u, 4294967295u};
    size_t relevant = 0;
    (void)state;
    cli_kb_filter_init(&filter, catalog);
    for (uint32_t kb = 0; kb < 10000000u; kb++)
        check(kb, &relevant);
    for (size_t i = 0; i < sizeof far / sizeof far[0]; i++)
        check(far[i], &relevant);
    /* The catalog names hundreds of KBs; a filter that said "no" to all
     * of them would fail above, this says the loop saw some. */
    assert_true(relevant > 100);
}

/* Profile-only KBs: Trend Micro's 21H2 update and WithSecure's October
 * Patch Tuesday releases are in no base rule. */
static void test_profile_kbs(void **state)
{
    (void)state;
    cli_kb_filter_init(&filter, catalog);
    assert_true(cli_kb_filter_relevant(&filter, 5011487u));
    assert_true(cli_kb_filter_relevant(&filter, 5006672u));
    assert_true(cli_kb_filter_relevant(&filter, 5006743u)); /* Windows 7's October rollup */
    assert_false(cli_kb_filter_relevant(&filter, 1234567u));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agrees_with_catalog),
        cmocka_unit_test(test_profile_kbs),
    };
    return cmocka_run_group_tests_name("kb_filter", tests, builtin_catalog_setup, builtin_catalog_teardown);
}
