/* The real registry of a Wine test prefix (64-bit view, as Windows keeps the
 * keys the collectors read), for the tests that write it and must leave it
 * as they found it: test_real_seam.c, test_registry_watch.c. */
#ifndef ACSREADY_TESTS_REAL_REGISTRY_H
#define ACSREADY_TESTS_REAL_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <windows.h>

/* Those tests write under HKLM and into %windir%: never on a real Windows.
 * A cmocka group setup that refuses to run elsewhere. */
int real_registry_wine_only(void **state);

/* Creates HKLM\path (and its parents) and sets a value; fails the test otherwise. */
void real_reg_raw(const wchar_t *path, const wchar_t *name, DWORD type, const void *data, DWORD size);
void real_reg_dword(const wchar_t *path, const wchar_t *name, DWORD value);
bool real_key_exists(const wchar_t *path);
/* Deletes HKLM\path and everything below it, if it exists. */
void real_delete_tree(const wchar_t *path);
void real_delete_value(const wchar_t *path, const wchar_t *name);
/* The shallowest part of path that does not exist (path itself when only
 * the last part is missing), so a test that creates path can delete exactly
 * what it created. False, with out empty, when path exists. */
bool real_first_missing(const wchar_t *path, wchar_t *out, size_t chars);

#endif
