/* Protected service health (core/ppl.c): the rules over every combination of
 * the facts that decide them, the image-path parser on hostile strings, the
 * device-path mapping and event-to-module matching, and the verdict rule
 * "evidence beats inference" through a whole report. Each table row has a
 * name that a failure prints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "builtin_catalog.h"

#include "core/ppl.h"
#include "core/report.h"


/* --- the health rules over every combination ------------------------------ */

enum ci_case { CI_UNREAD, CI_CLEAN, CI_HISTORY_ONLY, CI_SINCE_BOOT, CI_CASES };
enum run_case { RUN_STATE_UNREAD, RUN_STOPPED, RUN_PROTECTED, RUN_UNPROTECTED, RUN_PROTECTION_UNREAD, RUN_CASES };
enum sig_case { SIG_UNREAD, SIG_NOT_SIGNED, SIG_INVALID, SIG_ACS, SIG_OTHER, SIG_CASES };

static const char *const ci_names[] = { "ci-unread", "ci-clean", "ci-history-only", "ci-since-boot" };
static const char *const run_names[] = { "state-unread", "stopped", "running-protected", "running-unprotected",
                                         "running-protection-unread" };
static const char *const sig_names[] = { "sig-unread", "not-signed", "invalid", "acs", "other-root" };
static const char *const ready_names[] = { "machine-not-ready", "machine-ready", "machine-unsure" };
static const uint32_t levels[] = { 1, 2, 3, 4, 0x7FFFFFFF };

static void build_module(acs_ppl_module *m, uint32_t level, enum ci_case ci, enum run_case run, enum sig_case sig)
{
    memset(m, 0, sizeof *m);
    snprintf(m->service_name, sizeof m->service_name, "%s", "VendorSvc");
    snprintf(m->image_path, sizeof m->image_path, "%s", "C:\\Program Files\\Vendor\\svc.exe");
    m->launch_protected = level;
    m->start_type = 2;

    if (ci == CI_UNREAD) {
        acs_known_fail(&m->code_integrity, "EvtQuery: channel not found");
    } else {
        acs_known_ok(&m->code_integrity);
        m->ci_failures = ci == CI_CLEAN ? 0 : ci == CI_HISTORY_ONLY ? 2 : 3;
        m->ci_failures_since_boot = ci == CI_SINCE_BOOT ? 1 : 0;
        m->last_failure_unix = ci == CI_CLEAN ? 0 : 1764000000;
        snprintf(m->last_failure_message, sizeof m->last_failure_message, "%s", ci == CI_CLEAN ? "" : "3033");
    }

    if (run == RUN_STATE_UNREAD) {
        acs_known_fail(&m->state, "OpenService: access denied (5)");
    } else {
        acs_known_ok(&m->state);
        m->running = run != RUN_STOPPED;
        m->process_id = m->running ? 4242 : 0;
    }
    if (run == RUN_PROTECTED || run == RUN_UNPROTECTED) {
        acs_known_ok(&m->protection);
        m->protection_level = run == RUN_PROTECTED ? 3 : ACS_PROTECTION_LEVEL_NONE;
    } else {
        acs_known_fail(&m->protection, "neither GetProcessInformation nor NtQueryInformationProcess answers");
    }

    if (sig == SIG_UNREAD) {
        acs_known_fail(&m->signature, "CreateFile: file not found (2)");
    } else {
        acs_known_ok(&m->signature);
        m->signature_status = sig == SIG_NOT_SIGNED ? ACS_SIGNATURE_NOT_SIGNED
                              : sig == SIG_INVALID  ? ACS_SIGNATURE_INVALID
                              : sig == SIG_ACS      ? ACS_SIGNATURE_ACS
                                                    : ACS_SIGNATURE_OTHER_ROOT;
    }
}

/* The rules of docs/catalog.md, written out independently of ppl.c. */
static acs_ppl_health expected_health(uint32_t level, enum ci_case ci, enum run_case run, enum sig_case sig,
                                      acs_tristate ready)
{
    bool documented = level >= 1 && level <= 3;
    if (ci == CI_SINCE_BOOT)
        return ACS_PPL_FAILING;
    if (documented && run == RUN_UNPROTECTED)
        return ACS_PPL_FAILING;
    if (!documented)
        return ACS_PPL_UNKNOWN;
    switch (sig) {
    case SIG_UNREAD:
    case SIG_NOT_SIGNED:
        return ACS_PPL_UNKNOWN;
    case SIG_INVALID:
        return ACS_PPL_FAILING;
    case SIG_OTHER:
        return ACS_PPL_HEALTHY;
    case SIG_ACS:
    case SIG_CASES:
        break;
    }
    return ready == ACS_YES ? ACS_PPL_HEALTHY : ready == ACS_NO ? ACS_PPL_AT_RISK : ACS_PPL_UNKNOWN;
}

static void test_health_every_combination(void **state)
{
    acs_ppl_module m;
    acs_ppl_result res;
    char row[160], text[ACS_REPORT_TEXT_MAX];
    unsigned failures = 0, rows = 0;

    for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++)
        for (int ci = 0; ci < CI_CASES; ci++)
            for (int run = 0; run < RUN_CASES; run++)
                for (int sig = 0; sig < SIG_CASES; sig++)
                    for (int ready = 0; ready < 3; ready++) {
                        acs_ppl_health want =
                            expected_health(levels[l], (enum ci_case)ci, (enum run_case)run, (enum sig_case)sig,
                                            (acs_tristate)ready);
                        snprintf(row, sizeof row, "level-%u/%s/%s/%s/%s", (unsigned)levels[l], ci_names[ci],
                                 run_names[run], sig_names[sig], ready_names[ready]);
                        build_module(&m, levels[l], (enum ci_case)ci, (enum run_case)run, (enum sig_case)sig);
                        acs_ppl_judge(&m, (acs_tristate)ready, &res);
                        rows++;
                        if (res.health != want) {
                            print_error("row %s: health %s, expected %s\n", row, acs_ppl_health_name(res.health),
                                        acs_ppl_health_name(want));
                            failures++;
                            continue;
                        }
                        /* Healthy has no remedy; everything else says what to do. */
                        if ((res.health == ACS_PPL_HEALTHY) != (res.remedy == ACS_TEXT_RM_NONE)) {
                            print_error("row %s: remedy %s with health %s\n", row, acs_text_key(res.remedy),
                                        acs_ppl_health_name(res.health));
                            failures++;
                        }
                        /* Every sentence renders in every language without a raw placeholder. */
                        for (int lang = 0; lang < ACS_LANG_COUNT; lang++) {
                            acs_render(catalog, (acs_lang)lang, res.evidence, &res.args, text, sizeof text);
                            if (strchr(text, '{') || !*text) {
                                print_error("row %s: %s evidence '%s'\n", row, acs_lang_code((acs_lang)lang), text);
                                failures++;
                            }
                        }
                        /* An unread log is said, and history never decides. */
                        if (ci == CI_UNREAD && res.note != ACS_TEXT_EV_PPL_LOG_NOTE) {
                            print_error("row %s: the unread log is not noted\n", row);
                            failures++;
                        }
                        if (ci == CI_HISTORY_ONLY && res.note != ACS_TEXT_EV_PPL_HISTORY) {
                            print_error("row %s: older refusals are not shown as history\n", row);
                            failures++;
                        }
                    }
    assert_int_equal(rows, 5 * CI_CASES * RUN_CASES * SIG_CASES * 3);
    assert_int_equal(failures, 0);
}

static void test_health_sentences_literal(void **state)
{
    acs_ppl_module m;
    acs_ppl_result res;
    char text[ACS_REPORT_TEXT_MAX];

    build_module(&m, 3, CI_SINCE_BOOT, RUN_STOPPED, SIG_ACS);
    snprintf(m.last_failure_message, sizeof m.last_failure_message, "%s",
             "Code Integrity determined that a process attempted to load svc.dll");
    acs_ppl_judge(&m, ACS_NO, &res);
    assert_int_equal(res.health, ACS_PPL_FAILING);
    assert_int_equal(res.remedy, ACS_TEXT_RM_PPL_MACHINE); /* the machine's gap explains it */
    acs_render(catalog, ACS_LANG_EN, res.evidence, &res.args, text, sizeof text);
    assert_string_equal(text, "Code Integrity refused files of C:\\Program Files\\Vendor\\svc.exe since the last boot "
                              "(1 events); newest 2025-11-24: Code Integrity determined that a process attempted "
                              "to load svc.dll");
    acs_render(catalog, ACS_LANG_JA, res.evidence, &res.args, text, sizeof text);
    assert_non_null(strstr(text, "コード整合性"));
    acs_render(catalog, ACS_LANG_ZH_TW, res.evidence, &res.args, text, sizeof text);
    assert_non_null(strstr(text, "程式碼完整性"));

    build_module(&m, 3, CI_CLEAN, RUN_UNPROTECTED, SIG_OTHER);
    acs_ppl_judge(&m, ACS_YES, &res);
    acs_render(catalog, ACS_LANG_EN, res.evidence, &res.args, text, sizeof text);
    assert_string_equal(text, "VendorSvc runs as process 4242 without protection, although LaunchProtected is 3");
}

/* --- the image-path parser ---------------------------------------------------- */

static void test_image_path_parser(void **state)
{
    static const struct {
        const char *name, *raw, *want;
        acs_image_path_status status;
    } rows[] = {
        { "plain", "C:\\Program Files\\Vendor\\svc.exe", "C:\\Program Files\\Vendor\\svc.exe", ACS_IMAGE_PATH_OK },
        { "quoted with arguments", "\"C:\\Program Files\\Vendor\\svc.exe\" -service -k \"x y\"",
          "C:\\Program Files\\Vendor\\svc.exe", ACS_IMAGE_PATH_OK },
        { "unquoted with arguments", "C:\\Program Files\\Vendor\\svc.exe -k netsvcs",
          "C:\\Program Files\\Vendor\\svc.exe", ACS_IMAGE_PATH_OK },
        { "upper-case EXE", "C:\\VENDOR\\SVC.EXE /run", "C:\\VENDOR\\SVC.EXE", ACS_IMAGE_PATH_OK },
        { ".exe inside a folder name", "C:\\a.exe.d\\svc.exe -x", "C:\\a.exe.d\\svc.exe", ACS_IMAGE_PATH_OK },
        { "SystemRoot", "\\SystemRoot\\System32\\drivers\\wd.sys", "C:\\Windows\\System32\\drivers\\wd.sys",
          ACS_IMAGE_PATH_OK },
        { "SystemRoot any case", "\\systemroot\\system32\\x.exe", "C:\\Windows\\system32\\x.exe", ACS_IMAGE_PATH_OK },
        { "%SystemRoot%", "%SystemRoot%\\System32\\svchost.exe -k LocalService",
          "C:\\Windows\\System32\\svchost.exe", ACS_IMAGE_PATH_OK },
        { "%windir% quoted", "\"%windir%\\system32\\x.exe\"", "C:\\Windows\\system32\\x.exe", ACS_IMAGE_PATH_OK },
        { "NT \\??\\ prefix", "\\??\\C:\\ProgramData\\Vendor\\svc.exe", "C:\\ProgramData\\Vendor\\svc.exe",
          ACS_IMAGE_PATH_OK },
        { "Win32 \\\\?\\ prefix", "\"\\\\?\\D:\\Vendor\\svc.exe\" -a", "D:\\Vendor\\svc.exe", ACS_IMAGE_PATH_OK },
        { "relative driver path", "system32\\DRIVERS\\vendor.sys", "C:\\Windows\\system32\\DRIVERS\\vendor.sys",
          ACS_IMAGE_PATH_OK },
        { "blanks around", "  \t\"C:\\x\\svc.exe\"  \r\n", "C:\\x\\svc.exe", ACS_IMAGE_PATH_OK },
        { "missing", NULL, "", ACS_IMAGE_PATH_EMPTY },
        { "empty", "", "", ACS_IMAGE_PATH_EMPTY },
        { "blank", "   ", "", ACS_IMAGE_PATH_EMPTY },
        { "empty quotes", "\"\" -x", "", ACS_IMAGE_PATH_EMPTY },
        { "unterminated quote", "\"C:\\Program Files\\svc.exe -x", "", ACS_IMAGE_PATH_UNTERMINATED },
        { "lone quote", "\"", "", ACS_IMAGE_PATH_UNTERMINATED },
        { "UNC", "\\\\server\\share\\svc.exe", "", ACS_IMAGE_PATH_RELATIVE },
        { "unknown variable", "%ProgramFiles%\\Vendor\\svc.exe", "", ACS_IMAGE_PATH_RELATIVE },
        { "root-relative without drive", "\\Vendor\\svc.exe", "", ACS_IMAGE_PATH_RELATIVE },
    };
    char out[520];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        acs_image_path_status status = acs_parse_image_path(rows[i].raw, "C:\\Windows\\", out, sizeof out);
        if (status != rows[i].status || strcmp(out, rows[i].want) != 0)
            fail_msg("row '%s': got %d '%s', expected %d '%s'", rows[i].name, (int)status, out, (int)rows[i].status,
                     rows[i].want);
    }
}

static void test_image_path_too_long(void **state)
{
    char raw[1200], out[520], small[8];
    /* > MAX_PATH and longer than the output: refused, never cut. */
    memset(raw, 'a', sizeof raw - 1);
    memcpy(raw, "C:\\", 3);
    raw[sizeof raw - 1] = '\0';
    assert_int_equal(acs_parse_image_path(raw, "C:\\Windows", out, sizeof out), ACS_IMAGE_PATH_TOO_LONG);
    assert_string_equal(out, "");
    /* > MAX_PATH (260) but within the output: kept whole (long paths exist). */
    raw[400] = '\0';
    assert_int_equal(acs_parse_image_path(raw, "C:\\Windows", out, sizeof out), ACS_IMAGE_PATH_OK);
    assert_int_equal(strlen(out), 400);
    /* The expansion itself overflowing. */
    assert_int_equal(acs_parse_image_path("\\SystemRoot\\x.exe", "C:\\Windows", small, sizeof small),
                     ACS_IMAGE_PATH_TOO_LONG);
    assert_int_equal(acs_parse_image_path("C:\\x.exe", "C:\\Windows", out, 0), ACS_IMAGE_PATH_TOO_LONG);
}

/* --- device paths and matching ----------------------------------------------- */

static const acs_dos_device devices[] = {
    { "C:", "\\Device\\HarddiskVolume1" },
    { "D:", "\\Device\\HarddiskVolume10" },
    { "E:", "\\Device\\HarddiskVolume2\\" },
};

static void test_device_paths(void **state)
{
    static const struct {
        const char *name, *path, *want;
        bool ok;
    } rows[] = {
        { "volume 1", "\\Device\\HarddiskVolume1\\Program Files\\V\\a.dll", "C:\\Program Files\\V\\a.dll", true },
        { "volume 10 is not volume 1", "\\Device\\HarddiskVolume10\\V\\a.dll", "D:\\V\\a.dll", true },
        { "case", "\\DEVICE\\harddiskvolume1\\x.sys", "C:\\x.sys", true },
        { "device with trailing backslash", "\\Device\\HarddiskVolume2\\y.dll", "E:\\y.dll", true },
        { "already a drive path", "C:\\Windows\\x.dll", "C:\\Windows\\x.dll", true },
        { "NT drive path", "\\??\\C:\\x.dll", "C:\\x.dll", true },
        { "unknown volume", "\\Device\\HarddiskVolume3\\x.dll", "", false },
        { "volume prefix only", "\\Device\\HarddiskVolume1x\\a.dll", "", false },
        { "empty", "", "", false },
    };
    char out[520];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        bool ok = acs_map_device_path(rows[i].path, devices, sizeof devices / sizeof devices[0], out, sizeof out);
        if (ok != rows[i].ok || strcmp(out, rows[i].want) != 0)
            fail_msg("row '%s': got %d '%s'", rows[i].name, (int)ok, out);
    }
    assert_false(acs_map_device_path(NULL, devices, 3, out, sizeof out));
    assert_false(acs_map_device_path("\\Device\\HarddiskVolume1\\long-name.dll", devices, 3, out, 8));
    assert_string_equal(out, "");
}

static void test_event_matching(void **state)
{
    static const char image[] = "C:\\Program Files\\Vendor Security\\Engine\\fshoster64.exe";
    static const char *const short_folder[] = { "C:\\PROGRA~1\\VENDOR~1\\Engine", NULL };
    static const struct {
        const char *name, *file, *process;
        bool match;
    } rows[] = {
        { "the image", "C:\\Program Files\\Vendor Security\\Engine\\fshoster64.exe", NULL, true },
        { "the image, other case", "c:\\program files\\vendor security\\engine\\FSHOSTER64.EXE", NULL, true },
        { "forward slashes", "C:/Program Files/Vendor Security/Engine/fshoster64.exe", NULL, true },
        { "a DLL beside it", "C:\\Program Files\\Vendor Security\\Engine\\fsamsi.dll", NULL, true },
        { "a DLL in a subfolder", "C:\\Program Files\\Vendor Security\\Engine\\22.1\\x.dll", NULL, true },
        { "the 8.3 short folder", "C:\\PROGRA~1\\VENDOR~1\\Engine\\fsamsi.dll", NULL, true },
        { "the 8.3 short folder, lower case", "c:\\progra~1\\vendor~1\\engine\\fsamsi.dll", NULL, true },
        { "a sibling folder with the same prefix", "C:\\Program Files\\Vendor Security\\Engine2\\x.dll", NULL,
          false },
        { "the parent folder", "C:\\Program Files\\Vendor Security\\x.dll", NULL, false },
        { "the folder itself", "C:\\Program Files\\Vendor Security\\Engine", NULL, false },
        { "another drive", "D:\\Program Files\\Vendor Security\\Engine\\x.dll", NULL, false },
        { "its process loading a system DLL", "C:\\Windows\\System32\\amsi.dll",
          "C:\\Program Files\\Vendor Security\\Engine\\fshoster64.exe", true },
        { "another process", "C:\\Windows\\System32\\amsi.dll", "C:\\Windows\\System32\\svchost.exe", false },
        { "no file", NULL, NULL, false },
        { "empty file", "", NULL, false },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (acs_ppl_event_matches(rows[i].file, rows[i].process, image, short_folder, 2, "C:\\Windows") !=
            rows[i].match)
            fail_msg("row '%s': expected %s", rows[i].name, rows[i].match ? "a match" : "no match");
}

static void test_event_matching_system_folder(void **state)
{
    static const char image[] = "C:\\Windows\\System32\\SgrmBroker.exe";
    /* Windows' own protected services share System32: only the image or its process count. */
    assert_true(acs_ppl_event_matches("C:\\Windows\\System32\\SgrmBroker.exe", NULL, image, NULL, 0, "C:\\Windows"));
    assert_false(acs_ppl_event_matches("C:\\Windows\\System32\\other.dll", NULL, image, NULL, 0, "C:\\Windows"));
    assert_true(acs_ppl_event_matches("C:\\Windows\\System32\\other.dll", image, image, NULL, 0, "C:\\Windows"));
    assert_false(acs_ppl_event_matches("C:\\x.dll", NULL, "", NULL, 0, "C:\\Windows"));
}

/* --- the verdict: evidence beats inference ------------------------------------ */

/* Server 2019 at UBR 2210 with the root: Ready by inference. */
static void ready_machine(acs_host_facts *f)
{
    acs_facts_init(f);
    acs_known_ok(&f->os.version);
    f->os.major = 10, f->os.minor = 0, f->os.build = 17763;
    acs_known_ok(&f->os.product);
    f->os.product_type = ACS_PRODUCT_SERVER;
    acs_known_ok(&f->os.ubr);
    f->os.ubr_value = 2210;
    acs_known_ok(&f->updates.packages);
    acs_known_ok(&f->root.presence);
    f->root.stores = ACS_STORE_ROOT;
    acs_known_ok(&f->root.policy);
    acs_known_ok(&f->root.last_sync);
    f->root.last_sync_unix = 1767225600;
    acs_known_ok(&f->ppl.modules);
}

static const acs_requirement_result *ppl_requirement(const acs_report *r)
{
    for (size_t i = 0; i < r->verdict.requirement_count; i++)
        if (strcmp(r->verdict.requirements[i].id, "ppl-modules") == 0)
            return &r->verdict.requirements[i];
    return NULL;
}

static void get(const acs_report *r, const acs_class *cls, const char *name, size_t row, acs_value *v)
{
    memset(v, 0, sizeof *v);
    acs_find_property(cls, name)->get(r, row, v);
}

static void test_evidence_beats_inference(void **state)
{
    acs_host_facts *f = test_malloc(sizeof *f);
    acs_report *report = test_malloc(sizeof *report);
    acs_value v;

    ready_machine(f);
    f->ppl.module_count = 1;
    build_module(&f->ppl.list[0], 3, CI_SINCE_BOOT, RUN_STOPPED, SIG_ACS);
    acs_report_build(report, catalog, NULL, NULL, f, ACS_LANG_EN, 1764000000);
    assert_int_equal(report->verdict.state, ACS_STATE_NOT_READY);
    assert_int_equal(ppl_requirement(report)->satisfied, ACS_NO);
    assert_int_equal(report->verdict.missing_count, 0);
    get(report, &acs_class_readiness, "PplModulesHealthy", 0, &v);
    assert_false(v.is_null);
    assert_false(v.boolean);
    get(report, &acs_class_ppl_module, "Health", 0, &v);
    assert_string_equal(v.string, "Failing");
    /* The requirement's line and the module's own line. */
    assert_int_equal(report->reason_count, 2);
    assert_non_null(strstr(report->reasons[0], "refused the ACS-signed image"));
    assert_true(strncmp(report->reasons[1], "VendorSvc: ", 11) == 0);

    /* The same refusal before the last boot is history: Ready stands. */
    build_module(&f->ppl.list[0], 3, CI_HISTORY_ONLY, RUN_STOPPED, SIG_ACS);
    acs_report_build(report, catalog, NULL, NULL, f, ACS_LANG_EN, 1764000000);
    assert_int_equal(report->verdict.state, ACS_STATE_READY);
    assert_int_equal(ppl_requirement(report)->satisfied, ACS_YES);
    get(report, &acs_class_ppl_module, "Health", 0, &v);
    assert_string_equal(v.string, "Healthy");
    get(report, &acs_class_ppl_module, "Evidence", 0, &v);
    assert_non_null(strstr(v.string, "history and do not decide"));
    get(report, &acs_class_ppl_module, "LastFailureTime", 0, &v);
    assert_string_equal(v.string, "20251124160000.000000+000");
    get(report, &acs_class_readiness, "PplModulesHealthy", 0, &v);
    assert_true(v.boolean);

    /* A refusal of an image under another root does not decide ACS readiness. */
    build_module(&f->ppl.list[0], 3, CI_SINCE_BOOT, RUN_STOPPED, SIG_OTHER);
    acs_report_build(report, catalog, NULL, NULL, f, ACS_LANG_EN, 1764000000);
    assert_int_equal(report->verdict.state, ACS_STATE_READY);
    get(report, &acs_class_ppl_module, "Health", 0, &v);
    assert_string_equal(v.string, "Failing");
    get(report, &acs_class_readiness, "PplModulesHealthy", 0, &v);
    assert_false(v.boolean);

    /* An unread log never makes the verdict Unknown. */
    build_module(&f->ppl.list[0], 3, CI_UNREAD, RUN_PROTECTION_UNREAD, SIG_ACS);
    acs_report_build(report, catalog, NULL, NULL, f, ACS_LANG_EN, 1764000000);
    assert_int_equal(report->verdict.state, ACS_STATE_READY);
    assert_int_equal(ppl_requirement(report)->satisfied, ACS_UNSURE);
    assert_int_equal(report->reason_count, 0);
    test_free(report);
    test_free(f);
}

static void test_at_risk_and_counts(void **state)
{
    acs_host_facts *f = test_malloc(sizeof *f);
    acs_report *report = test_malloc(sizeof *report);
    acs_value v;

    ready_machine(f);
    f->os.ubr_value = 2114; /* below KB5005625 */
    f->ppl.module_count = 3;
    build_module(&f->ppl.list[0], 3, CI_CLEAN, RUN_PROTECTED, SIG_ACS);
    build_module(&f->ppl.list[1], 3, CI_CLEAN, RUN_PROTECTED, SIG_OTHER);
    build_module(&f->ppl.list[2], 3, CI_CLEAN, RUN_STOPPED, SIG_NOT_SIGNED);
    snprintf(f->ppl.list[1].service_name, sizeof f->ppl.list[1].service_name, "%s", "LegacySvc");
    snprintf(f->ppl.list[2].service_name, sizeof f->ppl.list[2].service_name, "%s", "PlainSvc");
    acs_report_build(report, catalog, NULL, NULL, f, ACS_LANG_JA, 1764000000);
    assert_int_equal(report->verdict.state, ACS_STATE_NOT_READY);
    assert_int_equal(acs_class_ppl_module.row_count(report), 3);
    get(report, &acs_class_ppl_module, "Health", 0, &v);
    assert_string_equal(v.string, "AtRisk");
    get(report, &acs_class_ppl_module, "Health", 1, &v);
    assert_string_equal(v.string, "Healthy");
    get(report, &acs_class_ppl_module, "Remedy", 1, &v);
    assert_true(v.is_null);
    get(report, &acs_class_ppl_module, "Health", 2, &v);
    assert_string_equal(v.string, "Unknown");
    get(report, &acs_class_ppl_module, "AcsSigned", 2, &v);
    assert_false(v.is_null);
    assert_false(v.boolean);
    get(report, &acs_class_readiness, "PplModulesHealthy", 0, &v);
    assert_false(v.is_null);
    assert_false(v.boolean);
    /* update + two modules not Healthy, in Japanese */
    assert_int_equal(report->reason_count, 3);
    assert_non_null(strstr(report->reasons[1], "ACS で署名されていますが"));

    /* Only an Unknown module left: NULL, not a guessed True. */
    build_module(&f->ppl.list[0], 3, CI_CLEAN, RUN_PROTECTED, SIG_OTHER);
    f->os.ubr_value = 2210;
    acs_report_build(report, catalog, NULL, NULL, f, ACS_LANG_EN, 1764000000);
    get(report, &acs_class_readiness, "PplModulesHealthy", 0, &v);
    assert_true(v.is_null);
    test_free(report);
    test_free(f);
}

static void test_no_protected_service(void **state)
{
    acs_host_facts *f = test_malloc(sizeof *f);
    acs_report *report = test_malloc(sizeof *report);
    acs_value v;
    char text[ACS_REPORT_TEXT_MAX];

    ready_machine(f);
    acs_report_build(report, catalog, NULL, NULL, f, ACS_LANG_EN, 1764000000);
    get(report, &acs_class_readiness, "PplModulesHealthy", 0, &v);
    assert_false(v.is_null);
    assert_true(v.boolean);
    assert_int_equal(report->verdict.state, ACS_STATE_READY);
    acs_render(catalog, ACS_LANG_EN, ppl_requirement(report)->evidence, &ppl_requirement(report)->args, text,
               sizeof text);
    assert_non_null(strstr(text, "none was found"));
    assert_int_equal(acs_class_ppl_module.row_count(report), 0);

    /* Not read at all: NULL, no requirement row, verdict unchanged. */
    acs_known_fail(&f->ppl.modules, "not given on the command line");
    acs_report_build(report, catalog, NULL, NULL, f, ACS_LANG_EN, 1764000000);
    get(report, &acs_class_readiness, "PplModulesHealthy", 0, &v);
    assert_true(v.is_null);
    assert_null(ppl_requirement(report));
    assert_int_equal(report->verdict.state, ACS_STATE_READY);
    test_free(report);
    test_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_health_every_combination),
        cmocka_unit_test(test_health_sentences_literal),
        cmocka_unit_test(test_image_path_parser),
        cmocka_unit_test(test_image_path_too_long),
        cmocka_unit_test(test_device_paths),
        cmocka_unit_test(test_event_matching),
        cmocka_unit_test(test_event_matching_system_folder),
        cmocka_unit_test(test_evidence_beats_inference),
        cmocka_unit_test(test_at_risk_and_counts),
        cmocka_unit_test(test_no_protected_service),
    };
    return cmocka_run_group_tests_name("ppl", tests, builtin_catalog_setup, builtin_catalog_teardown);
}
