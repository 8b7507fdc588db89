/* Code Integrity events as EvtRender gives them, read into acs_ci_event.
 * Wine's EvtQuery is a stub, so this is where the event parser is proven: on
 * the XML shape Windows renders (System with EventID, TimeCreated SystemTime,
 * Correlation ActivityID; EventData with named Data), single or double quotes,
 * entities, and events that lack what is needed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "collect/ppl_win.h"

static const char event_3033[] =
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
    "<Provider Name='Microsoft-Windows-CodeIntegrity' Guid='{4ee76bd8-3cf4-44a0-a0ac-3937643e37a3}'/>"
    "<EventID>3033</EventID><Version>0</Version><Level>2</Level><Task>1</Task><Opcode>117</Opcode>"
    "<Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='2026-11-30T10:11:12.1234567Z'/>"
    "<EventRecordID>4242</EventRecordID><Correlation ActivityID='{0d2a9d3e-1b2c-4c5d-9e8f-aabbccddeeff}'/>"
    "<Execution ProcessID='4' ThreadID='88'/><Channel>Microsoft-Windows-CodeIntegrity/Operational</Channel>"
    "<Computer>SRV01</Computer><Security UserID='S-1-5-18'/></System><EventData>"
    "<Data Name='FileNameLength'>74</Data>"
    "<Data Name='FileNameBuffer'>\\Device\\HarddiskVolume2\\Program Files\\F-Secure &amp; Co\\fshoster64.exe</Data>"
    "<Data Name='ProcessNameLength'>41</Data>"
    "<Data Name='ProcessNameBuffer'>\\Device\\HarddiskVolume2\\Windows\\System32\\services.exe</Data>"
    "<Data Name='RequestedPolicy'>7</Data><Data Name='ValidatedPolicy'>1</Data><Data Name='Status'>3221226536</Data>"
    "</EventData></Event>";

static const char event_3089[] =
    "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System>"
    "<EventID>3089</EventID><TimeCreated SystemTime=\"2026-11-30T10:11:12.1234567Z\"/>"
    "<Correlation ActivityID=\"{0d2a9d3e-1b2c-4c5d-9e8f-aabbccddeeff}\"/></System><EventData>"
    "<Data Name=\"TotalSignatureCount\">1</Data><Data Name=\"Signature\">0</Data>"
    "<Data Name=\"ValidatedSigningLevel\">1</Data><Data Name=\"VerificationError\">7</Data>"
    "<Data Name=\"PublisherName\">WithSecure Oyj</Data>"
    "<Data Name=\"IssuerName\">Microsoft ID Verified CS EOC CA 01</Data></EventData></Event>";

static void test_refusal(void **state)
{
    acs_ci_event e;
    assert_true(acs_ci_event_from_xml(event_3033, &e));
    assert_int_equal(e.id, 3033);
    assert_true(e.time_unix == 1796033472); /* 2026-11-30 10:11:12 UTC */
    assert_string_equal(e.activity, "{0d2a9d3e-1b2c-4c5d-9e8f-aabbccddeeff}");
    assert_string_equal(e.file, "\\Device\\HarddiskVolume2\\Program Files\\F-Secure & Co\\fshoster64.exe");
    assert_string_equal(e.process, "\\Device\\HarddiskVolume2\\Windows\\System32\\services.exe");
    assert_int_equal(e.signing_level, 7);
    assert_int_equal(e.verification_error, -1);
}

static void test_details(void **state)
{
    acs_ci_event e;
    assert_true(acs_ci_event_from_xml(event_3089, &e));
    assert_int_equal(e.id, 3089);
    assert_string_equal(e.issuer, "Microsoft ID Verified CS EOC CA 01");
    assert_int_equal(e.verification_error, 7);
    assert_string_equal(e.file, "");
}

static void test_incomplete(void **state)
{
    static const struct {
        const char *name, *xml;
    } rows[] = {
        { "empty", "" },
        { "no EventID", "<Event><System><TimeCreated SystemTime='2026-11-30T10:11:12Z'/></System></Event>" },
        { "no TimeCreated", "<Event><System><EventID>3004</EventID></System></Event>" },
        { "a time that is not one", "<Event><System><EventID>3004</EventID><TimeCreated SystemTime='yesterday'/></System></Event>" },
        { "an unterminated Data", "<Event><System><EventID>3004</EventID><TimeCreated SystemTime='2026-11-30T10:11:12Z'/>"
                                  "</System><EventData><Data Name='FileNameBuffer'>C:\\x" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        acs_ci_event e;
        bool ok = acs_ci_event_from_xml(rows[i].xml, &e);
        bool want = i == 4; /* the last has what is needed; its file is simply absent */
        if (ok != want)
            fail_msg("row '%s': %s", rows[i].name, ok ? "accepted" : "refused");
        if (ok)
            assert_string_equal(e.file, "");
    }
}

static void test_long_values_are_cut(void **state)
{
    static char xml[4096];
    acs_ci_event e;
    char path[1500];
    memset(path, 'a', sizeof path - 1);
    path[sizeof path - 1] = '\0';
    snprintf(xml, sizeof xml,
             "<Event><System><EventID>3004</EventID><TimeCreated SystemTime='2026-11-30T10:11:12Z'/></System>"
             "<EventData><Data Name='FileNameBuffer'>%s</Data></EventData></Event>", path);
    assert_true(acs_ci_event_from_xml(xml, &e));
    assert_int_equal(strlen(e.file), sizeof e.file - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refusal),
        cmocka_unit_test(test_details),
        cmocka_unit_test(test_incomplete),
        cmocka_unit_test(test_long_values_are_cut),
    };
    return cmocka_run_group_tests_name("code_integrity", tests, NULL, NULL);
}
