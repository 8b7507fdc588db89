/* The requirements catalog: the built-in copy carries the reference's values,
 * every text exists in every language, and every bad catalog is refused with
 * the file and line named while acs_catalog_open falls back to the built-in.
 * Fixtures live in $ACS_TEST_DATA/catalogs (ACS_TEST_DATA = tests/unit). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/catalog.h"
#include "core/catalog_internal.h" /* the built-in bytes and acs_catalog_build, to build the XSD-only case */

#include <libxml/parser.h>

#ifdef _WIN32
#include <process.h>
#define current_pid() _getpid()
#else
#include <pthread.h>
#include <unistd.h>
#define current_pid() getpid()
#endif

#define WS ACS_PRODUCT_MASK_WORKSTATION
#define SRV ACS_PRODUCT_MASK_SERVER
#define DC ACS_PRODUCT_MASK_DC

static acs_catalog *builtin;

static const char *data_dir(void)
{
    const char *dir = getenv("ACS_TEST_DATA");
    return dir && *dir ? dir : "tests/unit";
}

static void fixture_path(const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s/catalogs/%s", data_dir(), name);
}

/* The line of a fixture marked "<!-- ERROR-LINE -->": where the loader must point. */
static long marked_line(const char *path)
{
    FILE *file = fopen(path, "rb");
    char line[4096];
    long number = 0, found = 0;
    assert_non_null(file);
    while (!found && fgets(line, sizeof line, file)) {
        number++;
        if (strstr(line, "<!-- ERROR-LINE -->"))
            found = number;
    }
    fclose(file);
    return found;
}

static const acs_os_rule *match_default(uint32_t major, uint32_t minor, uint32_t build, unsigned products)
{
    return acs_catalog_match(acs_catalog_default_profile(builtin), major, minor, build, products);
}

static const acs_os_rule *expect_rule(uint32_t major, uint32_t minor, uint32_t build, unsigned products,
                                      const char *id, acs_os_rule_kind kind)
{
    const acs_os_rule *rule = match_default(major, minor, build, products);
    if (!rule)
        fail_msg("no rule for %u.%u.%u (products %u), expected %s", (unsigned)major, (unsigned)minor, (unsigned)build,
                 products, id);
    assert_string_equal(rule->id, id);
    assert_int_equal(rule->kind, kind);
    assert_non_null(rule->source);
    return rule;
}

/* ---- the built-in catalog ------------------------------------------------ */

static void expect_xsd_enforced(void);

static void test_loads_before_library_init(void **state)
{
    /* The built-in copy needs no schema; without acs_catalog_library_init any
     * other catalog is validated against a schema compiled for its load. */
    acs_catalog *catalog = NULL;
    char err[1024];
    assert_int_equal(acs_catalog_load_builtin(&catalog, err, sizeof err), 0);
    assert_non_null(catalog);
    assert_string_equal(acs_catalog_version(catalog), "2026.12.01");
    acs_catalog_free(catalog);
    expect_xsd_enforced();
}

static void test_builtin_identity(void **state)
{
    const acs_root_rule *root = acs_catalog_root(builtin);
    static const uint8_t sha1[20] = {0xF4, 0x00, 0x42, 0xE2, 0xE5, 0xF7, 0xE8, 0xEF, 0x81, 0x89,
                                     0xFE, 0xD1, 0x55, 0x19, 0xAE, 0xCE, 0x42, 0xC3, 0xBF, 0xA2};

    assert_string_equal(acs_catalog_version(builtin), "2026.12.01");
    assert_int_equal(acs_catalog_profile_count(builtin), 3); /* microsoft, trendmicro, withsecure */
    assert_non_null(acs_catalog_find_profile(builtin, "withsecure"));
    assert_string_equal(acs_catalog_default_profile(builtin)->id, "microsoft");
    assert_true(acs_catalog_default_profile(builtin)->is_default);
    assert_ptr_equal(acs_catalog_find_profile(builtin, NULL), acs_catalog_default_profile(builtin));
    assert_null(acs_catalog_find_profile(builtin, "no-such-profile"));

    assert_string_equal(root->name, "Microsoft Identity Verification Root Certificate Authority 2020");
    assert_string_equal(root->sha1_hex, "F40042E2E5F7E8EF8189FED15519AECE42C3BFA2");
    assert_string_equal(root->sha256_hex, "5367F20C7ADE0E2BCA790915056D086B720C33C1FA2A2661ACF787E3292E1270");
    assert_memory_equal(root->sha1, sha1, sizeof sha1);
    assert_int_equal(root->sha256[0], 0x53);
    assert_int_equal(root->sha256[31], 0x70);
    assert_true(root->ctl_since_unix == INT64_C(1627776000)); /* 2021-08-01T00:00:00Z */
    assert_non_null(strstr(root->download_url, "pkiops/certs/"));
    assert_string_equal(root->source->id, "trusted-signing-faq");
    assert_non_null(acs_catalog_find_source(builtin, "kb5022661"));
    assert_null(acs_catalog_find_source(builtin, "nope"));
}

static void test_windows10_thresholds(void **state)
{
    const acs_os_rule *r;

    r = expect_rule(10, 0, 17763, SRV, "win10-1809", ACS_RULE_CUMULATIVE);
    assert_int_equal(r->required.kb, 5005625);
    assert_int_equal(r->required.revision, 2210);
    assert_string_equal(r->required.date, "2021-09-21");
    assert_int_equal(r->first_patch_tuesday.kb, 5006672);
    assert_int_equal(r->first_patch_tuesday.revision, 2237);
    assert_string_equal(r->first_patch_tuesday.date, "2021-10-12");
    assert_ptr_equal(expect_rule(10, 0, 17763, WS, "win10-1809", ACS_RULE_CUMULATIVE), r);

    r = expect_rule(10, 0, 14393, SRV, "win10-1607", ACS_RULE_CUMULATIVE);
    assert_int_equal(r->required.kb, 5006669);
    assert_int_equal(r->required.revision, 4704);
    assert_int_equal(r->first_patch_tuesday.kb, 5006669);

    r = expect_rule(10, 0, 10240, WS, "win10-1507", ACS_RULE_CUMULATIVE);
    assert_int_equal(r->required.kb, 5006675);
    assert_int_equal(r->required.revision, 19086);

    r = expect_rule(10, 0, 20348, DC, "ws2022", ACS_RULE_CUMULATIVE);
    assert_int_equal(r->required.kb, 5005619);
    assert_int_equal(r->required.revision, 261);
    assert_int_equal(r->first_patch_tuesday.kb, 5006699);
    assert_int_equal(r->first_patch_tuesday.revision, 288);

    r = expect_rule(10, 0, 18363, WS, "win10-1909", ACS_RULE_CUMULATIVE);
    assert_int_equal(r->required.kb, 5005624);
    assert_int_equal(r->required.revision, 1830);
    assert_int_equal(r->first_patch_tuesday.kb, 5006667);
    assert_int_equal(r->first_patch_tuesday.revision, 1854);

    for (uint32_t build = 19041; build <= 19043; build++) {
        r = expect_rule(10, 0, build, WS, "win10-2004-21h1", ACS_RULE_CUMULATIVE);
        assert_int_equal(r->required.kb, 5005611);
        assert_int_equal(r->required.revision, 1266);
        assert_int_equal(r->first_patch_tuesday.kb, 5006670);
        assert_int_equal(r->first_patch_tuesday.revision, 1288);
    }
}

static void test_native_rows(void **state)
{
    expect_rule(10, 0, 19044, WS, "win10-21h2", ACS_RULE_NATIVE);
    expect_rule(10, 0, 19045, WS, "win10-22h2", ACS_RULE_NATIVE);
    expect_rule(10, 0, 22000, WS, "win11", ACS_RULE_NATIVE);
    expect_rule(10, 0, 22631, WS, "win11", ACS_RULE_NATIVE);
    expect_rule(10, 0, 26100, SRV, "win11", ACS_RULE_NATIVE); /* Server 2025 */
    expect_rule(10, 0, 4000000000u, DC, "win11", ACS_RULE_NATIVE);
}

static void test_never_rows(void **state)
{
    static const struct {
        uint32_t major, minor, build;
        unsigned products;
        const char *id;
    } rows[] = {
        {5, 0, 2195, WS, "win2000"},   {5, 1, 2600, WS, "winxp"},         {5, 2, 3790, WS, "winxp-x64"},
        {5, 2, 3790, SRV, "ws2003"},   {5, 2, 3790, DC, "ws2003"},        {6, 0, 6002, WS, "vista"},
        {6, 0, 6001, SRV, "ws2008-rtm"}, {6, 1, 7600, WS, "win7-rtm"},    {6, 1, 7600, SRV, "win7-rtm"},
        {6, 2, 9200, WS, "win8"},      {10, 0, 10586, WS, "win10-1511"},  {10, 0, 15063, WS, "win10-1703"},
        {10, 0, 16299, SRV, "win10-1709"}, {10, 0, 17134, WS, "win10-1803"}, {10, 0, 18362, WS, "win10-1903"},
    };
    size_t i;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const acs_os_rule *r = expect_rule(rows[i].major, rows[i].minor, rows[i].build, rows[i].products, rows[i].id,
                                           ACS_RULE_NEVER);
        assert_non_null(r->upgrade_to);
        assert_true(strlen(r->upgrade_to) > 5);
    }
}

static void test_rollup_rows(void **state)
{
    const acs_os_rule *r;
    size_t i;
    bool ssu_by_oct_2021 = false;

    r = expect_rule(6, 1, 7601, WS, "win7-sp1", ACS_RULE_ROLLUP);
    assert_int_equal(r->required.kb, 5006743);
    assert_int_equal(r->required.revision, 25740);
    assert_string_equal(r->required.date, "2021-10-12");
    assert_int_equal(r->security_only.kb, 5006728);
    assert_int_equal(r->kernel_min[0], 6);
    assert_int_equal(r->kernel_min[1], 1);
    assert_int_equal(r->kernel_min[2], 7601);
    assert_int_equal(r->kernel_min[3], 25740);
    assert_int_equal(r->later_count, 43);
    assert_int_equal(r->later[0].kb, 5007236);
    assert_int_equal(r->later[0].revision, 25767);
    assert_string_equal(r->later[0].date, "2021-11");
    assert_string_equal(r->later[r->later_count - 1].date, "2025-05");
    assert_int_equal(r->later_security_only_count, 43);
    assert_int_equal(r->later_security_only[0].kb, 5007233);
    assert_string_equal(r->later_security_only[0].date, "2021-11");
    assert_int_equal(r->later_security_only[42].kb, 5058454);
    assert_string_equal(r->later_security_only[42].date, "2025-05");
    assert_int_equal(r->prerequisite_count, 2);
    assert_string_equal(r->prerequisites[0].id, "prereq-sha2");
    assert_int_equal(r->prerequisites[0].kb, 4474419);
    assert_string_equal(r->prerequisites[1].id, "prereq-ssu");
    assert_int_equal(r->prerequisites[1].kb, 4490628);
    for (i = 0; i < r->prerequisites[1].superseded_by_count; i++)
        ssu_by_oct_2021 |= r->prerequisites[1].superseded_by[i] == 5006749;
    assert_true(ssu_by_oct_2021);
    assert_ptr_equal(expect_rule(6, 1, 7601, SRV, "win7-sp1", ACS_RULE_ROLLUP), r);

    /* Server 2008 SP2 reports 6003 since March 2019, 6002 before: one rule. */
    r = expect_rule(6, 0, 6003, SRV, "ws2008-sp2", ACS_RULE_ROLLUP);
    assert_ptr_equal(expect_rule(6, 0, 6002, DC, "ws2008-sp2", ACS_RULE_ROLLUP), r);
    assert_int_equal(r->required.kb, 5006736);
    assert_int_equal(r->required.revision, 21251);
    assert_int_equal(r->security_only.kb, 5006715);
    assert_int_equal(r->kernel_min[3], 21251);
    assert_int_equal(r->later_count, 44); /* two rollups in 2024-08 */
    assert_int_equal(r->later_security_only_count, 42); /* and no security-only update then */

    /* Same build, different product: Windows 8 vs Server 2012. */
    r = expect_rule(6, 2, 9200, SRV, "ws2012", ACS_RULE_ROLLUP);
    assert_int_equal(r->required.kb, 5006739);
    assert_int_equal(r->required.revision, 23489);
    assert_int_equal(r->security_only.kb, 5006732);
    assert_int_equal(r->later_count, 43);
    expect_rule(6, 2, 9200, WS, "win8", ACS_RULE_NEVER);

    r = expect_rule(6, 3, 9600, SRV, "win81", ACS_RULE_ROLLUP);
    assert_int_equal(r->required.kb, 5006714);
    assert_int_equal(r->required.revision, 20144);
    assert_int_equal(r->security_only.kb, 5006729);
    assert_ptr_equal(expect_rule(6, 3, 9600, WS, "win81", ACS_RULE_ROLLUP), r);

    /* Vista vs Server 2008. */
    expect_rule(6, 0, 6002, WS, "vista", ACS_RULE_NEVER);
    expect_rule(6, 0, 6002, SRV, "ws2008-sp2", ACS_RULE_ROLLUP);
    expect_rule(6, 0, 6001, WS, "vista", ACS_RULE_NEVER);
    expect_rule(6, 0, 6001, SRV, "ws2008-rtm", ACS_RULE_NEVER);
}

static void test_no_rule(void **state)
{
    assert_null(match_default(10, 0, 9999, WS));  /* a preview build between releases */
    assert_null(match_default(7, 0, 1, WS));
    assert_null(match_default(6, 4, 9841, WS));
    assert_null(match_default(10, 0, 19044, 0)); /* no product type: nothing intersects */
}

static void test_every_rule_is_sourced_and_sane(void **state)
{
    size_t p, i, j;
    for (p = 0; p < acs_catalog_profile_count(builtin); p++) {
        const acs_profile *profile = acs_catalog_profile_at(builtin, p);
        assert_non_null(profile->source);
        for (i = 0; i < profile->rule_count; i++) {
            const acs_os_rule *r = &profile->rules[i];
            assert_non_null(r->source);
            assert_true(strncmp(r->source->url, "http", 4) == 0);
            assert_true(r->build_min <= r->build_max);
            assert_true(r->product_mask != 0);
            if (r->kind == ACS_RULE_ROLLUP) {
                assert_non_null(r->security_only.date);
                for (j = 0; j < r->later_count; j++) {
                    assert_true(strncmp(r->later[j].date, r->required.date, 7) > 0);
                    if (j)
                        assert_true(strcmp(r->later[j].date, r->later[j - 1].date) >= 0);
                }
            }
            if (r->kind == ACS_RULE_CUMULATIVE)
                assert_true(r->first_patch_tuesday.revision >= r->required.revision);
            if (r->kind == ACS_RULE_NEVER)
                assert_non_null(r->upgrade_to);
        }
    }
    assert_int_equal(acs_catalog_rule_count(builtin), acs_catalog_default_profile(builtin)->rule_count);
    assert_non_null(acs_catalog_rule_at(builtin, 0));
    assert_null(acs_catalog_rule_at(builtin, acs_catalog_rule_count(builtin)));
}

static void test_profiles(void **state)
{
    const acs_profile *trend = acs_catalog_find_profile(builtin, "trendmicro");
    const acs_profile *ms = acs_catalog_find_profile(builtin, "microsoft");
    const acs_os_rule *r;

    assert_non_null(trend);
    assert_false(trend->is_default);
    assert_ptr_equal(trend->base, ms);
    assert_null(ms->base);

    r = acs_catalog_match(ms, 10, 0, 19044, WS);
    assert_int_equal(r->kind, ACS_RULE_NATIVE);
    r = acs_catalog_match(trend, 10, 0, 19044, WS);
    assert_string_equal(r->id, "trendmicro-win10-21h2");
    assert_int_equal(r->kind, ACS_RULE_CUMULATIVE);
    assert_int_equal(r->required.kb, 5011487);
    assert_int_equal(r->required.revision, 1586);
    assert_string_equal(r->required.date, "2022-03-08");
    assert_string_equal(r->source->id, "trendmicro-ka-0013628");
    /* Everything else comes from the base. */
    assert_ptr_equal(acs_catalog_match(trend, 10, 0, 17763, SRV), acs_catalog_match(ms, 10, 0, 17763, SRV));
    assert_ptr_equal(acs_catalog_match(trend, 10, 0, 19045, WS), acs_catalog_match(ms, 10, 0, 19045, WS));
}

static void test_kb_relevant(void **state)
{
    static const uint32_t relevant[] = {5006743, 5006728, 5007236, 4474419, 4490628, 5006749, 5011487,
                                        5005625, 5006672, 5041847, 5041850};
    size_t i;
    for (i = 0; i < sizeof relevant / sizeof relevant[0]; i++)
        if (!acs_catalog_kb_relevant(builtin, relevant[i]))
            fail_msg("KB%u should be relevant", (unsigned)relevant[i]);
    assert_false(acs_catalog_kb_relevant(builtin, 0));
    assert_false(acs_catalog_kb_relevant(builtin, 1234567));
    assert_false(acs_catalog_kb_relevant(builtin, UINT32_MAX));
    assert_false(acs_catalog_kb_relevant(NULL, 5006743));
}

/* ---- texts and languages -------------------------------------------------- */

static void test_languages(void **state)
{
    acs_lang lang = ACS_LANG_COUNT;
    assert_true(acs_lang_parse("en", &lang));
    assert_int_equal(lang, ACS_LANG_EN);
    assert_true(acs_lang_parse("ZH-tw", &lang));
    assert_int_equal(lang, ACS_LANG_ZH_TW);
    assert_true(acs_lang_parse("MS_404", &lang));
    assert_int_equal(lang, ACS_LANG_ZH_TW);
    assert_true(acs_lang_parse("ms_411", &lang));
    assert_int_equal(lang, ACS_LANG_JA);
    assert_true(acs_lang_parse("MS_409", &lang));
    assert_int_equal(lang, ACS_LANG_EN);
    assert_true(acs_lang_parse("ja", &lang));
    assert_int_equal(lang, ACS_LANG_JA);
    assert_false(acs_lang_parse("fr", &lang));
    assert_false(acs_lang_parse("", &lang));
    assert_false(acs_lang_parse("MS_40", &lang));
    assert_false(acs_lang_parse(NULL, &lang));
    assert_string_equal(acs_lang_code(ACS_LANG_EN), "en");
    assert_string_equal(acs_lang_code(ACS_LANG_ZH_TW), "zh-TW");
    assert_string_equal(acs_lang_code(ACS_LANG_JA), "ja");
}

static void test_every_text_in_every_language(void **state)
{
    static const char *const known[] = {"{os}",   "{version}", "{kb}",     "{kb2}",        "{have}",    "{need}",
                                        "{date}", "{date2}",   "{name}",   "{why}",        "{stores}",  "{kernel}",
                                        "{needkernel}", "{upgrade}", "{root}", "{state}",
                                        "{path}", "{signer}", "{message}", "{laterkb}"};
    int id;
    acs_lang lang;

    for (id = 0; id < ACS_TEXT_COUNT; id++) {
        const char *key = acs_text_key((acs_text_id)id);
        int other;
        assert_true(strlen(key) > 4);
        for (other = 0; other < id; other++)
            assert_string_not_equal(key, acs_text_key((acs_text_id)other));
        for (lang = ACS_LANG_EN; lang < ACS_LANG_COUNT; lang = (acs_lang)(lang + 1)) {
            const char *text = acs_catalog_text(builtin, lang, (acs_text_id)id);
            const char *p = text;
            if (!text || !*text)
                fail_msg("text %s has no %s translation", key, acs_lang_code(lang));
            while ((p = strchr(p, '{')) != NULL) {
                size_t k;
                bool ok = false;
                for (k = 0; k < sizeof known / sizeof known[0]; k++)
                    ok |= strncmp(p, known[k], strlen(known[k])) == 0;
                if (!ok)
                    fail_msg("text %s (%s) has an unknown placeholder: %s", key, acs_lang_code(lang), p);
                p++;
            }
        }
        /* Translations differ from English except for pure placeholders. */
        if (id != ACS_TEXT_EV_ROOT_PRESENT)
            assert_string_not_equal(acs_catalog_text(builtin, ACS_LANG_EN, (acs_text_id)id),
                                    acs_catalog_text(builtin, ACS_LANG_JA, (acs_text_id)id));
    }
    assert_string_equal(acs_text_key(ACS_TEXT_EV_UBR_BELOW), "evidence.ubr.below");
    assert_string_equal(acs_catalog_text(builtin, ACS_LANG_EN, ACS_TEXT_EV_UBR_BELOW),
                        "UBR {have} < {need} required by {kb}");
    assert_string_equal(acs_catalog_text(builtin, ACS_LANG_EN, ACS_TEXT_RM_CUMULATIVE),
                        "Install {kb2} ({date2}) or any later cumulative update");
    assert_string_equal(acs_catalog_text(builtin, ACS_LANG_EN, ACS_TEXT_STATE_READY), "Ready");
    assert_non_null(strstr(acs_catalog_text(builtin, ACS_LANG_JA, ACS_TEXT_EV_UBR_BELOW), "未満"));
    assert_non_null(strstr(acs_catalog_text(builtin, ACS_LANG_ZH_TW, ACS_TEXT_EV_UBR_BELOW), "低於"));
    assert_string_equal(acs_catalog_text(builtin, ACS_LANG_COUNT, ACS_TEXT_STATE_READY), "Ready");
}

/* ---- bad catalogs ----------------------------------------------------------- */

static void expect_rejected(const char *fixture, const char *what)
{
    char path[1024], err[1024], prefix[1100];
    acs_catalog *catalog = (acs_catalog *)&catalog; /* must be reset to NULL */
    acs_catalog *fallback;
    acs_catalog_origin origin;
    long line;

    fixture_path(fixture, path, sizeof path);
    line = marked_line(path);
    assert_int_not_equal(acs_catalog_load_file(path, &catalog, err, sizeof err), 0);
    assert_null(catalog);
    if (line)
        snprintf(prefix, sizeof prefix, "%s:%ld: ", path, line);
    else
        snprintf(prefix, sizeof prefix, "%s:", path);
    if (strncmp(err, prefix, strlen(prefix)) != 0)
        fail_msg("%s: expected the message to start with '%s', got '%s'", fixture, prefix, err);
    if (!strstr(err, what))
        fail_msg("%s: expected '%s' in '%s'", fixture, what, err);

    fallback = acs_catalog_open(path, &origin);
    assert_non_null(fallback);
    assert_true(origin.fell_back);
    assert_string_equal(origin.source, "built-in");
    assert_string_equal(origin.reason, err);
    assert_string_equal(acs_catalog_version(fallback), acs_catalog_version(builtin));
    acs_catalog_free(fallback);
}

static void test_rejects_malformed(void **state) { expect_rejected("malformed.xml", "AttValue"); }
static void test_rejects_wrong_schema(void **state) { expect_rejected("wrong-schema.xml", "'six'"); }
static void test_rejects_unknown_family(void **state) { expect_rejected("unknown-family.xml", "windows-9x"); }
static void test_rejects_billion_laughs(void **state) { expect_rejected("billion-laughs.xml", "DTDs are not allowed"); }
static void test_rejects_external_entity(void **state) { expect_rejected("external-entity.xml", "DTDs are not allowed"); }
static void test_rejects_xinclude(void **state) { expect_rejected("xinclude.xml", "description"); }
static void test_rejects_overlap(void **state) { expect_rejected("overlap.xml", "overlaps rule 'ws2012'"); }
static void test_rejects_dangling_source(void **state) { expect_rejected("dangling-source.xml", "'no-such-source'"); }
static void test_rejects_base_loop(void **state) { expect_rejected("base-loop.xml", "leads back to itself"); }
static void test_rejects_two_defaults(void **state) { expect_rejected("two-defaults.xml", "second default"); }
static void test_rejects_bad_placeholder(void **state) { expect_rejected("bad-placeholder.xml", "{deadline}"); }
static void test_rejects_missing_text(void **state) { expect_rejected("missing-text.xml", "'remedy.catalog' is missing"); }
static void test_rejects_rollup_order(void **state) { expect_rejected("rollup-order.xml", "not after"); }
static void test_rejects_rollup_kind_twice(void **state)
{
    expect_rejected("rollup-kind-twice.xml", "as a later rollup and as a later security-only update");
}

static void expect_memory_rejected(const char *text, const char *what)
{
    char err[1024];
    acs_catalog *catalog = NULL;
    assert_int_not_equal(acs_catalog_load_memory(text, strlen(text), "mem.xml", &catalog, err, sizeof err), 0);
    assert_null(catalog);
    if (strncmp(err, "mem.xml:", 8) != 0 || !strstr(err, what))
        fail_msg("expected 'mem.xml:...%s', got '%s'", what, err);
}

/* ---- the XSD: skipped for the built-in bytes only --------------------------- */

/* The built-in XML with a date the XSD refuses ("published": a month 13) and
 * that acs_catalog_build takes as it comes. Caller frees. */
static char *catalog_breaking_only_the_xsd(size_t *size)
{
    static const char attribute[] = "published=\"";
    char *text = malloc(acs_builtin_catalog_xml_size + 1), *published;

    assert_non_null(text);
    memcpy(text, acs_builtin_catalog_xml, acs_builtin_catalog_xml_size);
    text[acs_builtin_catalog_xml_size] = '\0';
    published = strstr(text, attribute);
    assert_non_null(published); /* YYYY-MM-DD follows */
    memcpy(published + strlen(attribute) + 5, "13", 2);
    *size = acs_builtin_catalog_xml_size;
    return text;
}

/* The case must be one only the XSD catches, or the tests below prove nothing
 * about validation: acs_catalog_build on the parsed document accepts it. */
static void expect_build_alone_accepts(const char *text, size_t size)
{
    char err[1024] = "";
    acs_load_errors errors = {"xsd-only.xml", err, sizeof err, 0};
    xmlDocPtr doc = xmlReadMemory(text, (int)size, NULL, NULL, XML_PARSE_NONET);
    acs_catalog *catalog;

    assert_non_null(doc);
    catalog = acs_catalog_build(doc, &errors);
    xmlFreeDoc(doc);
    if (!catalog)
        fail_msg("the XSD-only case is also refused by acs_catalog_build (%s): pick another", err);
    acs_catalog_free(catalog);
}

static void expect_refused_by_xsd(int rc, acs_catalog *catalog, const char *err, const char *name)
{
    assert_int_not_equal(rc, 0);
    assert_null(catalog);
    if (strncmp(err, name, strlen(name)) != 0 || !strstr(err, "'published'") || !strstr(err, "pattern"))
        fail_msg("expected %s refused by the schema's date pattern, got '%s'", name, err);
}

/* A file or memory catalog is validated against the XSD on every load; only
 * the bytes compiled into the binary (validated by the build) skip it. Fails
 * if a user's catalog ever reaches the no-validation path. */
static void expect_xsd_enforced(void)
{
    size_t size;
    char *text = catalog_breaking_only_the_xsd(&size);
    char err[1024], path[512];
    const char *tmp = getenv("TMPDIR");
    acs_catalog *catalog = (acs_catalog *)&catalog; /* must be reset to NULL */
    acs_catalog_origin origin;
    FILE *file;
    int rc;

    expect_build_alone_accepts(text, size);

    rc = acs_catalog_load_memory(text, size, "xsd-only.xml", &catalog, err, sizeof err);
    expect_refused_by_xsd(rc, catalog, err, "xsd-only.xml:");

    snprintf(path, sizeof path, "%s/acsready-xsd-only-%d.xml", tmp && *tmp ? tmp : "/tmp", (int)current_pid());
    file = fopen(path, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(text, 1, size, file), size);
    fclose(file);
    catalog = (acs_catalog *)&catalog;
    rc = acs_catalog_load_file(path, &catalog, err, sizeof err);
    expect_refused_by_xsd(rc, catalog, err, path);

    catalog = acs_catalog_open(path, &origin);
    remove(path);
    assert_non_null(catalog);
    assert_true(origin.fell_back);
    assert_string_equal(origin.source, "built-in");
    assert_non_null(strstr(origin.reason, "pattern"));
    acs_catalog_free(catalog);

    /* The built-in bytes themselves still load, on the path without the XSD. */
    catalog = NULL;
    assert_int_equal(acs_catalog_load_builtin(&catalog, err, sizeof err), 0);
    assert_string_equal(acs_catalog_version(catalog), "2026.12.01");
    acs_catalog_free(catalog);
    free(text);
}

static void test_file_and_memory_catalogs_validated(void **state) { expect_xsd_enforced(); }

static void test_rejects_any_doctype(void **state)
{
    /* An external DTD alone, no internal subset: still refused, nothing fetched. */
    expect_memory_rejected("<?xml version=\"1.0\"?>\n<!DOCTYPE catalog SYSTEM \"file:///etc/passwd\">\n<catalog/>",
                           "mem.xml:2: DTDs are not allowed");
    expect_memory_rejected("<?xml version=\"1.0\"?>\n<!DOCTYPE catalog PUBLIC \"-//x//y\" \"http://example.invalid/x.dtd\">"
                           "<catalog/>",
                           "mem.xml:2: DTDs are not allowed");
    /* An entity reference with no DTD at all is simply undefined. */
    expect_memory_rejected("<?xml version=\"1.0\"?>\n<catalog xmlns=\"urn:acsready:catalog:1\">&xxe;</catalog>",
                           "mem.xml:2: ");
    /* A document of another namespace is refused by the schema. */
    expect_memory_rejected("<?xml version=\"1.0\"?>\n<catalog version=\"2026.01.01\" published=\"2026-01-01\"/>",
                           "No matching global declaration");
}

static char *oversized_catalog(size_t *size)
{
    /* One byte over the limit, well-formed: only its size is wrong. */
    size_t total = ACS_CATALOG_MAX_BYTES + 1, used;
    char *data = malloc(total);
    assert_non_null(data);
    used = (size_t)snprintf(data, total, "<?xml version=\"1.0\"?>\n<!--");
    memset(data + used, 'x', total - used);
    memcpy(data + total - 4, "-->\n", 4);
    *size = total;
    return data;
}

static void test_rejects_oversized(void **state)
{
    size_t size;
    char *data = oversized_catalog(&size);
    char err[1024], path[512];
    acs_catalog *catalog = NULL;
    acs_catalog_origin origin;
    FILE *file;
    const char *tmp = getenv("TMPDIR");

    assert_int_not_equal(acs_catalog_load_memory(data, size, "big.xml", &catalog, err, sizeof err), 0);
    assert_null(catalog);
    assert_non_null(strstr(err, "big.xml: "));
    assert_non_null(strstr(err, "limit"));

    snprintf(path, sizeof path, "%s/acsready-oversized-%d.xml", tmp && *tmp ? tmp : "/tmp", (int)current_pid());
    file = fopen(path, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(data, 1, size, file), size);
    fclose(file);
    catalog = acs_catalog_open(path, &origin);
    remove(path);
    assert_non_null(catalog);
    assert_true(origin.fell_back);
    assert_string_equal(origin.source, "built-in");
    assert_non_null(strstr(origin.reason, path));
    assert_non_null(strstr(origin.reason, "limit"));
    acs_catalog_free(catalog);
    free(data);
}

static void test_rejects_empty_and_missing(void **state)
{
    char err[1024];
    acs_catalog *catalog = NULL;
    acs_catalog_origin origin;

    assert_int_not_equal(acs_catalog_load_memory("", 0, "empty.xml", &catalog, err, sizeof err), 0);
    assert_non_null(strstr(err, "empty.xml: "));

    catalog = acs_catalog_open("/nonexistent/acsready/catalog.xml", &origin);
    assert_non_null(catalog);
    assert_true(origin.fell_back);
    assert_non_null(strstr(origin.reason, "/nonexistent/acsready/catalog.xml: cannot open"));
    acs_catalog_free(catalog);

    catalog = acs_catalog_open(NULL, &origin);
    assert_non_null(catalog);
    assert_false(origin.fell_back);
    assert_string_equal(origin.source, "built-in");
    assert_string_equal(origin.reason, "");
    acs_catalog_free(catalog);
}

static void test_profile_added_without_rebuild(void **state)
{
    char path[1024];
    acs_catalog_origin origin;
    acs_catalog *catalog;
    const acs_profile *lab;
    const acs_os_rule *r;

    fixture_path("valid-extra-profile.xml", path, sizeof path);
    catalog = acs_catalog_open(path, &origin);
    assert_non_null(catalog);
    if (origin.fell_back)
        fail_msg("valid fixture refused: %s", origin.reason);
    assert_string_equal(origin.source, path);
    lab = acs_catalog_find_profile(catalog, "lab");
    assert_non_null(lab);
    assert_string_equal(lab->base->id, "microsoft");
    r = acs_catalog_match(lab, 10, 0, 19044, WS);
    assert_string_equal(r->id, "lab-21h2");
    assert_int_equal(r->required.revision, 1586);
    r = acs_catalog_match(lab, 6, 2, 9200, DC);
    assert_string_equal(r->id, "ws2012");
    assert_true(acs_catalog_kb_relevant(catalog, 9999991)); /* a superseded-by KB */
    acs_catalog_free(catalog);
}

/* ---- threads ------------------------------------------------------------------ */

#ifndef _WIN32
static void *load_and_read(void *arg)
{
    int i;
    intptr_t failures = 0;
    (void)arg;
    for (i = 0; i < 20; i++) {
        acs_catalog *catalog = NULL;
        char err[1024], path[1024];
        const acs_os_rule *r;
        if (acs_catalog_load_builtin(&catalog, err, sizeof err) != 0) {
            failures++;
            continue;
        }
        r = acs_catalog_match(acs_catalog_default_profile(catalog), 6, 1, 7601, WS);
        failures += !r || r->required.kb != 5006743;
        acs_catalog_free(catalog);
        /* A bad file on another thread must not leak its error into this one. */
        fixture_path("overlap.xml", path, sizeof path);
        failures += acs_catalog_load_file(path, &catalog, err, sizeof err) == 0 || !strstr(err, "overlaps");
        r = acs_catalog_match(acs_catalog_default_profile(builtin), 10, 0, 17763, SRV);
        failures += !r || r->required.revision != 2210;
    }
    return (void *)failures;
}

static void test_concurrent_loads_and_reads(void **state)
{
    pthread_t threads[6];
    size_t i;
    for (i = 0; i < sizeof threads / sizeof threads[0]; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, load_and_read, NULL), 0);
    for (i = 0; i < sizeof threads / sizeof threads[0]; i++) {
        void *failures = NULL;
        assert_int_equal(pthread_join(threads[i], &failures), 0);
        assert_int_equal((intptr_t)failures, 0);
    }
}
#endif

static int group_setup(void **state)
{
    char err[1024];
    acs_catalog_library_init();
    if (acs_catalog_load_builtin(&builtin, err, sizeof err) != 0) {
        fprintf(stderr, "built-in catalog: %s\n", err);
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    acs_catalog_free(builtin);
    builtin = NULL;
    acs_catalog_library_cleanup();
    return 0;
}

int main(void)
{
    const struct CMUnitTest before_init[] = {
        cmocka_unit_test(test_loads_before_library_init),
    };
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_identity),
        cmocka_unit_test(test_windows10_thresholds),
        cmocka_unit_test(test_native_rows),
        cmocka_unit_test(test_never_rows),
        cmocka_unit_test(test_rollup_rows),
        cmocka_unit_test(test_no_rule),
        cmocka_unit_test(test_every_rule_is_sourced_and_sane),
        cmocka_unit_test(test_profiles),
        cmocka_unit_test(test_kb_relevant),
        cmocka_unit_test(test_languages),
        cmocka_unit_test(test_every_text_in_every_language),
        cmocka_unit_test(test_rejects_malformed),
        cmocka_unit_test(test_rejects_wrong_schema),
        cmocka_unit_test(test_rejects_unknown_family),
        cmocka_unit_test(test_rejects_billion_laughs),
        cmocka_unit_test(test_rejects_external_entity),
        cmocka_unit_test(test_rejects_xinclude),
        cmocka_unit_test(test_rejects_overlap),
        cmocka_unit_test(test_rejects_dangling_source),
        cmocka_unit_test(test_rejects_base_loop),
        cmocka_unit_test(test_rejects_two_defaults),
        cmocka_unit_test(test_rejects_bad_placeholder),
        cmocka_unit_test(test_rejects_missing_text),
        cmocka_unit_test(test_rejects_rollup_order),
        cmocka_unit_test(test_rejects_rollup_kind_twice),
        cmocka_unit_test(test_file_and_memory_catalogs_validated),
        cmocka_unit_test(test_rejects_any_doctype),
        cmocka_unit_test(test_rejects_oversized),
        cmocka_unit_test(test_rejects_empty_and_missing),
        cmocka_unit_test(test_profile_added_without_rebuild),
#ifndef _WIN32
        cmocka_unit_test(test_concurrent_loads_and_reads),
#endif
    };
    int failed = cmocka_run_group_tests_name("catalog before init", before_init, NULL, NULL);
    failed += cmocka_run_group_tests_name("catalog", tests, group_setup, group_teardown);
    return failed;
}
