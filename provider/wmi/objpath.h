/* WMI object paths, parsed without copying and without windows.h so the
 * parser runs under the Linux unit tests (ASan/UBSan).
 *
 * Grammar (MS-WMI 2.2.x CIM path ABNF, plus what WMI clients actually send):
 *   path      = [ ["\\" | "//"] machine ("\" | "/") ] [ namespace ":" ] class [ instance ]
 *   instance  = "=@"                      ; singleton
 *             | "=" constant              ; the one key, unnamed
 *             | "." key "=" constant *( "," key "=" constant )
 *   constant  = '"' chars '"' | "'" chars "'" | integer | TRUE | FALSE
 * Inside quotes a backslash escapes the next character (\" \' \\).
 * Blanks around "=", "," and "." are tolerated: documentation examples show
 * `Class.Key = "Value"`, and clients copy them.
 *
 * Input is UTF-8 with an explicit length (need not be NUL-terminated). Every
 * span points into the input; nothing is allocated, so no path is too long
 * for a buffer. */
#ifndef ACSREADY_WMI_OBJPATH_H
#define ACSREADY_WMI_OBJPATH_H

#include <stdbool.h>
#include <stddef.h>

/* More keys than any class of ours has, and far more than a real class uses;
 * a path with more is refused rather than truncated. */
#define ACS_OBJPATH_MAX_KEYS 8

typedef struct acs_span {
    const char *text;
    size_t length;
} acs_span;

typedef enum acs_objpath_value_kind {
    ACS_OBJPATH_STRING = 0, /* raw: still escaped; see acs_objpath_unescape */
    ACS_OBJPATH_INTEGER,
    ACS_OBJPATH_BOOLEAN
} acs_objpath_value_kind;

typedef struct acs_objpath_key {
    acs_span name; /* empty for `Class="value"` */
    acs_objpath_value_kind kind;
    acs_span value; /* between the quotes for strings */
} acs_objpath_key;

typedef enum acs_objpath_form {
    ACS_OBJPATH_CLASS = 0,  /* no instance part */
    ACS_OBJPATH_SINGLETON,  /* Class=@ */
    ACS_OBJPATH_KEYED
} acs_objpath_form;

typedef struct acs_objpath {
    acs_span machine;   /* empty when absent; "." for the local machine */
    acs_span namespace_path; /* empty when absent; separators as written (\ or /) */
    acs_span class_name;
    acs_objpath_form form;
    size_t key_count;
    acs_objpath_key keys[ACS_OBJPATH_MAX_KEYS];
} acs_objpath;

typedef enum acs_objpath_status {
    ACS_OBJPATH_OK = 0,
    ACS_OBJPATH_EMPTY,
    ACS_OBJPATH_BAD_SYNTAX,
    ACS_OBJPATH_TOO_MANY_KEYS
} acs_objpath_status;

acs_objpath_status acs_objpath_parse(const char *text, size_t length, acs_objpath *out);

/* The value of a string key with escapes removed. The result is never longer
 * than value.length, so a buffer of value.length + 1 always fits. Returns the
 * length written (NUL-terminated), or (size_t)-1 when size is too small. */
size_t acs_objpath_unescape(acs_span value, char *buf, size_t size);

/* ASCII case-insensitive comparisons, as WMI compares class, key and
 * namespace names. */
bool acs_span_equals(acs_span span, const char *text);
/* Namespaces compare with "\" and "/" as the same separator. */
bool acs_namespace_equals(acs_span span, const char *text);

#endif
