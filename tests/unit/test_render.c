/* Rendered sentences are whole: every evidence sentence followed by every
 * remedy, in every language, with each argument as long as the facts allow
 * (a 519-byte image path, a full collector reason, the longest names in the
 * catalog), fits in one report text (ACS_REPORT_TEXT_MAX). And when a caller's
 * buffer is too small, the cut falls between characters, never inside one.
 * In zh-TW and ja no space stands between two CJK characters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "builtin_catalog.h"

#include "core/catalog.h"
#include "core/evaluate.h"
#include "core/facts.h"
#include "core/report.h"

static const char *const lang_names[ACS_LANG_COUNT] = { "en", "zh-TW", "ja" };

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A string of n bytes: ASCII, or 3-byte CJK characters ("漢" = E6 BC A2)
 * when wide (n is then rounded down to whole characters). */
static void fill(char *buf, size_t n, bool wide)
{
    size_t i = 0;
    if (wide)
        for (; i + 3 <= n; i += 3)
            memcpy(buf + i, "\xE6\xBC\xA2", 3);
    else
        for (; i < n; i++)
            buf[i] = 'x';
    buf[i] = '\0';
}

/* The longest of a rule's, prerequisite's or upgrade's names, in any language. */
static const char *longest(const char *current, const char *candidate)
{
    return candidate && (!current || strlen(candidate) > strlen(current)) ? candidate : current;
}

static void longest_names(acs_text_args *a)
{
    for (size_t r = 0; r < acs_catalog_rule_count(catalog); r++) {
        const acs_os_rule *rule = acs_catalog_rule_at(catalog, r);
        a->os_name = longest(a->os_name, rule->name);
        a->upgrade = longest(a->upgrade, rule->upgrade_to);
        for (int l = 0; l < ACS_LANG_COUNT; l++) {
            a->os_name = longest(a->os_name, rule->localized_name[l]);
            a->upgrade = longest(a->upgrade, rule->localized_upgrade_to[l]);
        }
        for (size_t p = 0; p < rule->prerequisite_count; p++) {
            a->name = longest(a->name, rule->prerequisites[p].name);
            for (int l = 0; l < ACS_LANG_COUNT; l++)
                a->name = longest(a->name, rule->prerequisites[p].localized_name[l]);
        }
    }
}

static bool valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
        if (n == 0)
            return false;
        for (size_t i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80)
                return false;
        p += n;
    }
    return true;
}

static void every_reason_fits_whole(void **state)
{
    static char path[sizeof ((acs_ppl_module *)0)->image_path];
    static char signer[sizeof ((acs_ppl_module *)0)->signer];
    static char message[sizeof ((acs_ppl_module *)0)->last_failure_message];
    static char why[ACS_WHY_MAX];
    static char evidence[8192], remedy[8192];
    static const char dash[] = " \xE2\x80\x94 ";
    size_t worst = 0;
    acs_text_args a;
    (void)state;

    for (int wide = 0; wide < 2; wide++) {
        memset(&a, 0, sizeof a);
        fill(path, sizeof path - 1, wide);
        fill(signer, sizeof signer - 1, wide);
        fill(message, sizeof message - 1, wide);
        fill(why, sizeof why - 1, wide);
        a.path = path, a.signer = signer, a.message = message, a.why = why;
        a.kb = a.kb2 = a.later_kb = 4294967295u;
        a.have = a.need = 4294967295u;
        a.date = a.date2 = "2021-10-12";
        a.stores = ~0u;
        a.version_parts = 4;
        for (int i = 0; i < 4; i++) {
            a.version[i] = 4294967295u;
            a.kernel[i] = a.need_kernel[i] = 65535;
        }
        longest_names(&a);

        for (int lang = 0; lang < ACS_LANG_COUNT; lang++) {
            for (int e = 0; e < ACS_TEXT_COUNT; e++) {
                size_t elen;
                if (!starts_with(acs_text_key((acs_text_id)e), "evidence."))
                    continue;
                elen = acs_render(catalog, (acs_lang)lang, (acs_text_id)e, &a, evidence, sizeof evidence);
                for (int r = 0; r < ACS_TEXT_COUNT; r++) {
                    size_t total;
                    if (!starts_with(acs_text_key((acs_text_id)r), "remedy."))
                        continue;
                    total = elen + strlen(dash) +
                            acs_render(catalog, (acs_lang)lang, (acs_text_id)r, &a, remedy, sizeof remedy);
                    if (total > worst)
                        worst = total;
                    if (total >= ACS_REPORT_TEXT_MAX)
                        fail_msg("%s + %s in %s (%s arguments) renders %lu bytes; a report text holds %d",
                                 acs_text_key((acs_text_id)e), acs_text_key((acs_text_id)r), lang_names[lang],
                                 wide ? "CJK" : "ASCII", (unsigned long)total, ACS_REPORT_TEXT_MAX - 1);
                }
            }
        }
    }
    print_message("longest reason: %lu of %d bytes\n", (unsigned long)worst, ACS_REPORT_TEXT_MAX - 1);
}

/* Every text of every language cut at every buffer size is still UTF-8:
 * the literal parts of a sentence are copied in runs, not byte by byte. */
static void a_short_buffer_cuts_between_characters(void **state)
{
    char buf[256];
    acs_text_args a;
    (void)state;
    memset(&a, 0, sizeof a);
    a.kb = 5006743, a.kb2 = 5006728, a.later_kb = 5007233;
    a.date = "2021-10-12", a.date2 = "2021-11";
    for (int lang = 0; lang < ACS_LANG_COUNT; lang++)
        for (int id = 0; id < ACS_TEXT_COUNT; id++)
            for (size_t size = 1; size <= sizeof buf; size++) {
                acs_render(catalog, (acs_lang)lang, (acs_text_id)id, &a, buf, size);
                if (!valid_utf8(buf))
                    fail_msg("%s in %s cut at %lu bytes is not UTF-8", acs_text_key((acs_text_id)id),
                             lang_names[lang], (unsigned long)size);
            }
}

/* The code point at *p (UTF-8, already valid), advancing p past it. */
static unsigned next_code_point(const unsigned char **p)
{
    const unsigned char *s = *p;
    unsigned cp;
    size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : 4;
    cp = n == 1 ? s[0] : n == 2 ? s[0] & 0x1Fu : n == 3 ? s[0] & 0x0Fu : s[0] & 0x07u;
    for (size_t i = 1; i < n; i++)
        cp = (cp << 6) | (s[i] & 0x3Fu);
    *p = s + n;
    return cp;
}

/* CJK ideographs, kana, CJK and full-width punctuation. */
static bool is_cjk(unsigned cp)
{
    return cp >= 0x2E80;
}

static bool is_katakana(unsigned cp)
{
    return cp >= 0x30A0 && cp <= 0x30FF;
}

/* Microsoft's zh-TW and ja style puts a space between CJK and Latin text,
 * never between two CJK characters ("請升級至 搭配..." read wrong), except
 * between two katakana words, as its Japanese terms do ("マンスリー ロールアップ",
 * "サービス スタック更新プログラム"). */
static const char *space_between_cjk(const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    unsigned before = 0;
    while (*p) {
        const unsigned char *at = p;
        unsigned cp = next_code_point(&p);
        if (cp == ' ' && is_cjk(before) && *p) {
            const unsigned char *after = p;
            unsigned next = next_code_point(&after);
            if (is_cjk(next) && !(is_katakana(before) && is_katakana(next)))
                return (const char *)at;
        }
        before = cp;
    }
    return NULL;
}

/* Every upgrade target and OS name of every rule, in each sentence that
 * names one, in zh-TW and ja. */
static void no_space_between_cjk_characters(void **state)
{
    static char buf[4096];
    (void)state;
    for (size_t r = 0; r < acs_catalog_rule_count(catalog); r++) {
        const acs_os_rule *rule = acs_catalog_rule_at(catalog, r);
        acs_text_args a;
        memset(&a, 0, sizeof a);
        a.os_name = rule->name, a.localized_os_name = rule->localized_name;
        a.upgrade = rule->upgrade_to, a.localized_upgrade = rule->localized_upgrade_to;
        /* Every placeholder filled, as the evaluator fills them. */
        a.name = "ContosoAgent", a.path = "C:\\Program Files\\Contoso\\agent.exe", a.signer = "Contoso Ltd";
        a.message = "Code Integrity determined that a process attempted to load a file", a.why = "access denied";
        if (rule->prerequisite_count)
            a.name = rule->prerequisites[0].name, a.localized_name = rule->prerequisites[0].localized_name;
        a.kb = 5006743, a.kb2 = 5006728, a.later_kb = 5007233;
        a.date = "2021-10-12", a.date2 = "2021-11";
        for (int lang = ACS_LANG_ZH_TW; lang < ACS_LANG_COUNT; lang++)
            for (int id = 0; id < ACS_TEXT_COUNT; id++) {
                const char *at;
                acs_render(catalog, (acs_lang)lang, (acs_text_id)id, &a, buf, sizeof buf);
                if ((at = space_between_cjk(buf)) != NULL)
                    fail_msg("%s in %s for rule %s has a space between CJK characters at \"%.24s\": %s",
                             acs_text_key((acs_text_id)id), lang_names[lang], rule->id, at - 3 >= buf ? at - 3 : at,
                             buf);
            }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_reason_fits_whole),
        cmocka_unit_test(a_short_buffer_cuts_between_characters),
        cmocka_unit_test(no_space_between_cjk_characters),
    };
    return cmocka_run_group_tests(tests, builtin_catalog_setup, builtin_catalog_teardown);
}
