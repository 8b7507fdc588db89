/* The provider's object path and WQL parsers (provider/wmi/objpath.c, wql.c):
 * every form WMI and its clients send, and the malformed ones that must be
 * refused rather than half-read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wmi/objpath.h"
#include "wmi/wql.h"

static acs_objpath_status parse(const char *text, acs_objpath *out)
{
    return acs_objpath_parse(text, strlen(text), out);
}

/* The span as a NUL-terminated string, for readable assertions. */
static const char *str(acs_span span)
{
    static char buf[4][256];
    static int next;
    char *b = buf[next++ % 4];
    assert_true(span.length < sizeof(buf[0]));
    memcpy(b, span.text, span.length);
    b[span.length] = '\0';
    return b;
}

static const char *unescaped(acs_span span)
{
    static char buf[256];
    assert_int_not_equal(acs_objpath_unescape(span, buf, sizeof(buf)), (size_t)-1);
    return buf;
}

static void test_singleton(void **state)
{
    acs_objpath p;
    (void)state;
    assert_int_equal(parse("AcsReadiness=@", &p), ACS_OBJPATH_OK);
    assert_int_equal(p.form, ACS_OBJPATH_SINGLETON);
    assert_string_equal(str(p.class_name), "AcsReadiness");
    assert_int_equal(p.key_count, 0);
    assert_int_equal(p.namespace_path.length, 0);
    assert_int_equal(p.machine.length, 0);

    assert_int_equal(parse("acsreadiness = @", &p), ACS_OBJPATH_OK);
    assert_int_equal(p.form, ACS_OBJPATH_SINGLETON);
    assert_true(acs_span_equals(p.class_name, "AcsReadiness"));
}

static void test_singleton_malformed(void **state)
{
    acs_objpath p;
    (void)state;
    /* not in the CIM path grammar: INSTANCE-KEY = "=@" / "." KEY-VALUE-LIST */
    assert_int_equal(parse("AcsReadiness.@", &p), ACS_OBJPATH_BAD_SYNTAX);
    assert_int_equal(parse("AcsReadiness=@@", &p), ACS_OBJPATH_BAD_SYNTAX);
    assert_int_equal(parse("AcsReadiness=@x", &p), ACS_OBJPATH_BAD_SYNTAX);
    assert_int_equal(parse("AcsReadiness=", &p), ACS_OBJPATH_BAD_SYNTAX);
}

static void test_class_only(void **state)
{
    acs_objpath p;
    (void)state;
    assert_int_equal(parse("AcsReadiness_Requirement", &p), ACS_OBJPATH_OK);
    assert_int_equal(p.form, ACS_OBJPATH_CLASS);
    assert_string_equal(str(p.class_name), "AcsReadiness_Requirement");
}

static void test_keyed(void **state)
{
    acs_objpath p;
    (void)state;
    assert_int_equal(parse("AcsReadiness_Requirement.Id=\"update\"", &p), ACS_OBJPATH_OK);
    assert_int_equal(p.form, ACS_OBJPATH_KEYED);
    assert_int_equal(p.key_count, 1);
    assert_string_equal(str(p.keys[0].name), "Id");
    assert_int_equal(p.keys[0].kind, ACS_OBJPATH_STRING);
    assert_string_equal(unescaped(p.keys[0].value), "update");

    assert_int_equal(parse("AcsReadiness_Requirement.id='root-ca'", &p), ACS_OBJPATH_OK);
    assert_true(acs_span_equals(p.keys[0].name, "ID"));
    assert_string_equal(unescaped(p.keys[0].value), "root-ca");

    assert_int_equal(parse("AcsReadiness_Requirement.Id = \"os\"", &p), ACS_OBJPATH_OK);
    assert_string_equal(unescaped(p.keys[0].value), "os");
}

static void test_unnamed_key(void **state)
{
    acs_objpath p;
    (void)state;
    assert_int_equal(parse("AcsReadiness_PplModule=\"WinDefend\"", &p), ACS_OBJPATH_OK);
    assert_int_equal(p.form, ACS_OBJPATH_KEYED);
    assert_int_equal(p.key_count, 1);
    assert_int_equal(p.keys[0].name.length, 0);
    assert_string_equal(unescaped(p.keys[0].value), "WinDefend");
}

static void test_escapes(void **state)
{
    acs_objpath p;
    char small[4];
    (void)state;
    assert_int_equal(parse("C.K=\"a\\\"b\\\\c\"", &p), ACS_OBJPATH_OK);
    assert_string_equal(str(p.keys[0].value), "a\\\"b\\\\c");
    assert_string_equal(unescaped(p.keys[0].value), "a\"b\\c");

    assert_int_equal(parse("C.K='it\\'s'", &p), ACS_OBJPATH_OK);
    assert_string_equal(unescaped(p.keys[0].value), "it's");

    /* the other quote needs no escape */
    assert_int_equal(parse("C.K='say \"hi\"'", &p), ACS_OBJPATH_OK);
    assert_string_equal(unescaped(p.keys[0].value), "say \"hi\"");

    /* a colon or dot inside quotes belongs to the value */
    assert_int_equal(parse("Win32_LogicalDisk.DeviceID=\"C:\"", &p), ACS_OBJPATH_OK);
    assert_int_equal(p.namespace_path.length, 0);
    assert_string_equal(unescaped(p.keys[0].value), "C:");

    assert_int_equal(parse("C.K=\"abcdef\"", &p), ACS_OBJPATH_OK);
    assert_int_equal(acs_objpath_unescape(p.keys[0].value, small, sizeof(small)), (size_t)-1);
    assert_int_equal(acs_objpath_unescape(p.keys[0].value, small, 0), (size_t)-1);
}

static void test_namespace_prefixes(void **state)
{
    acs_objpath p;
    (void)state;
    assert_int_equal(parse("root\\AcsReadiness:AcsReadiness_Requirement.Id=\"update\"", &p), ACS_OBJPATH_OK);
    assert_string_equal(str(p.namespace_path), "root\\AcsReadiness");
    assert_true(acs_namespace_equals(p.namespace_path, "ROOT\\acsreadiness"));
    assert_string_equal(str(p.class_name), "AcsReadiness_Requirement");
    assert_int_equal(p.machine.length, 0);

    assert_int_equal(parse("\\\\.\\root\\AcsReadiness:AcsReadiness=@", &p), ACS_OBJPATH_OK);
    assert_string_equal(str(p.machine), ".");
    assert_string_equal(str(p.namespace_path), "root\\AcsReadiness");
    assert_int_equal(p.form, ACS_OBJPATH_SINGLETON);

    assert_int_equal(parse("//SERVER-01.corp.example/root/AcsReadiness:AcsReadiness=@", &p), ACS_OBJPATH_OK);
    assert_string_equal(str(p.machine), "SERVER-01.corp.example");
    assert_true(acs_namespace_equals(p.namespace_path, "root\\AcsReadiness"));
    assert_false(acs_namespace_equals(p.namespace_path, "root\\cimv2"));
    assert_false(acs_namespace_equals(p.namespace_path, "root\\AcsReadines"));
}

static void test_bad_syntax(void **state)
{
    static const char *const bad[] = {
        "=@",
        ".Id=\"x\"",
        "1Class=@",
        "Class.Id",
        "Class.Id=",
        "Class.Id=\"unterminated",
        "Class.Id='unterminated\\'",
        "Class.Id=\"dangling\\",
        "Class.Id=\"a\"junk",
        "Class.Id=\"a\",",
        "Class.Id=\"a\" ,",
        "Class.=\"a\"",
        "Class.Id=bareword",
        "Class.Id=-",
        "Class.Id=TRUEX",
        "Class junk",
        "Class;",
        "\\\\.\\root\\x",          /* a namespace, not an object */
        "\\\\\\root:Class=@",      /* empty machine */
        "\\\\.",
        "root\\\\x:Class=@",        /* empty namespace segment */
        ":Class=@",
        "root\\:Class=@",
        "root\\x:",
        "root\\x:Class:Other=@",
    };
    size_t i;
    acs_objpath p;
    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (parse(bad[i], &p) != ACS_OBJPATH_BAD_SYNTAX)
            fail_msg("accepted \"%s\"", bad[i]);
        assert_int_equal(p.key_count, 0);
    }
    assert_int_equal(parse("", &p), ACS_OBJPATH_EMPTY);
    assert_int_equal(parse("   ", &p), ACS_OBJPATH_EMPTY);
    assert_int_equal(acs_objpath_parse(NULL, 5, &p), ACS_OBJPATH_EMPTY);
}

static void test_typed_constants(void **state)
{
    acs_objpath p;
    (void)state;
    assert_int_equal(parse("C.A=-12,B=true,C=\"x\"", &p), ACS_OBJPATH_OK);
    assert_int_equal(p.key_count, 3);
    assert_int_equal(p.keys[0].kind, ACS_OBJPATH_INTEGER);
    assert_string_equal(str(p.keys[0].value), "-12");
    assert_int_equal(p.keys[1].kind, ACS_OBJPATH_BOOLEAN);
    assert_string_equal(str(p.keys[1].value), "true");
    assert_int_equal(p.keys[2].kind, ACS_OBJPATH_STRING);
    assert_string_equal(str(p.keys[2].name), "C");
}

static void test_too_many_keys(void **state)
{
    char path[512];
    size_t i, n = 0;
    acs_objpath p;
    (void)state;
    n += (size_t)snprintf(path + n, sizeof(path) - n, "C.");
    for (i = 0; i < ACS_OBJPATH_MAX_KEYS; i++)
        n += (size_t)snprintf(path + n, sizeof(path) - n, "%sK%zu=%zu", i ? "," : "", i, i);
    assert_int_equal(parse(path, &p), ACS_OBJPATH_OK);
    assert_int_equal(p.key_count, ACS_OBJPATH_MAX_KEYS);
    snprintf(path + n, sizeof(path) - n, ",Kx=1");
    assert_int_equal(parse(path, &p), ACS_OBJPATH_TOO_MANY_KEYS);
    assert_int_equal(p.key_count, 0);
}

/* The length is the bound, not a NUL: a path cut mid-quote is unterminated
 * even when the bytes after it would close it. */
static void test_length_bounds(void **state)
{
    static const char text[] = "AcsReadiness_Requirement.Id=\"update\"";
    acs_objpath p;
    size_t len;
    char *copy;
    (void)state;
    assert_int_equal(acs_objpath_parse(text, sizeof(text) - 2, &p), ACS_OBJPATH_BAD_SYNTAX);
    assert_int_equal(acs_objpath_parse(text, strlen("AcsReadiness_Requirement"), &p), ACS_OBJPATH_OK);
    assert_int_equal(p.form, ACS_OBJPATH_CLASS);
    /* every prefix in an exactly sized heap block: ASan catches any over-read */
    for (len = 1; len <= strlen(text); len++) {
        copy = malloc(len);
        assert_non_null(copy);
        memcpy(copy, text, len);
        (void)acs_objpath_parse(copy, len, &p);
        free(copy);
    }
}

/* A long key value needs no buffer of the parser's: spans point into the input. */
static void test_long_value(void **state)
{
    size_t n = 100000, len;
    char *path = malloc(n + 32);
    char *value = malloc(n + 1);
    acs_objpath p;
    (void)state;
    assert_non_null(path);
    assert_non_null(value);
    len = (size_t)sprintf(path, "C.K=\"");
    memset(path + len, 'a', n);
    len += n;
    path[len++] = '"';
    assert_int_equal(acs_objpath_parse(path, len, &p), ACS_OBJPATH_OK);
    assert_int_equal(p.keys[0].value.length, n);
    assert_int_equal(acs_objpath_unescape(p.keys[0].value, value, n + 1), n);
    free(path);
    free(value);
}

static acs_wql_status wql(const char *text, acs_wql_query *q)
{
    return acs_wql_parse(text, strlen(text), q);
}

static void test_wql_select_all(void **state)
{
    acs_wql_query q;
    (void)state;
    assert_int_equal(wql("SELECT * FROM AcsReadiness", &q), ACS_WQL_OK);
    assert_string_equal(str(q.class_name), "AcsReadiness");
    assert_false(q.has_condition);
    assert_int_equal(wql("  select*from acsreadiness_requirement  ", &q), ACS_WQL_OK);
    assert_string_equal(str(q.class_name), "acsreadiness_requirement");
}

static void test_wql_where_key(void **state)
{
    acs_wql_query q;
    (void)state;
    assert_int_equal(wql("SELECT * FROM AcsReadiness_Requirement WHERE Id = 'update'", &q), ACS_WQL_OK);
    assert_true(q.has_condition);
    assert_string_equal(str(q.condition.name), "Id");
    assert_int_equal(q.condition.kind, ACS_OBJPATH_STRING);
    assert_string_equal(unescaped(q.condition.value), "update");

    assert_int_equal(wql("select * from C where K=\"a\\\"b\"", &q), ACS_WQL_OK);
    assert_string_equal(unescaped(q.condition.value), "a\"b");
    assert_int_equal(wql("select * from C where K=42", &q), ACS_WQL_OK);
    assert_int_equal(q.condition.kind, ACS_OBJPATH_INTEGER);
    assert_int_equal(wql("select * from C where K=TRUE", &q), ACS_WQL_OK);
    assert_int_equal(q.condition.kind, ACS_OBJPATH_BOOLEAN);
    assert_string_equal(str(q.condition.value), "TRUE");
}

static void test_wql_not_capable(void **state)
{
    static const char *const others[] = {
        "",
        "SELECT Ready FROM AcsReadiness",
        "SELECT * FROM",
        "SELECT * FROM AcsReadiness WHERE",
        "SELECT * FROM AcsReadiness WHERE Ready",
        "SELECT * FROM AcsReadiness WHERE Ready = TRUE AND State = 'Ready'",
        "SELECT * FROM AcsReadiness_Requirement WHERE Id <> 'os'",
        "SELECT * FROM AcsReadiness_Requirement WHERE Id = 'unterminated",
        "SELECT * FROM AcsReadiness_Requirement WHERE Id LIKE 'o%'",
        "SELECT * FROM AcsReadiness_Requirement WHERE Id = 'os' OR Id = 'update'",
        "ASSOCIATORS OF {AcsReadiness=@}",
        "SELECT * FROM __InstanceCreationEvent WITHIN 5",
        "SELECT * FROM 9Class",
    };
    size_t i;
    acs_wql_query q;
    (void)state;
    for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
        if (wql(others[i], &q) != ACS_WQL_NOT_CAPABLE)
            fail_msg("claimed to answer \"%s\"", others[i]);
    assert_int_equal(acs_wql_parse(NULL, 0, &q), ACS_WQL_NOT_CAPABLE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_singleton),
        cmocka_unit_test(test_singleton_malformed),
        cmocka_unit_test(test_class_only),
        cmocka_unit_test(test_keyed),
        cmocka_unit_test(test_unnamed_key),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_namespace_prefixes),
        cmocka_unit_test(test_bad_syntax),
        cmocka_unit_test(test_typed_constants),
        cmocka_unit_test(test_too_many_keys),
        cmocka_unit_test(test_length_bounds),
        cmocka_unit_test(test_long_value),
        cmocka_unit_test(test_wql_select_all),
        cmocka_unit_test(test_wql_where_key),
        cmocka_unit_test(test_wql_not_capable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
