/* A scan of every Component Based Servicing Packages subkey: what the direct
 * look-ups of provider/collect/cbs_packages.c are measured against
 * (make bench-collect, make bench-provider). Each package name is parsed for
 * its KB; the KBs asked for, and every RollupFix, then have their
 * CurrentState read like the collector reads it. */
#include "cbs_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define NAME_CHARS 512

typedef struct scan {
    const acs_seam *seam;
    HKEY packages;
    bool vista_states;
    LONG error;
    char error_where[96];
} scan;

static void scan_fail(scan *s, LONG rc, const char *where)
{
    if (s->error == ERROR_SUCCESS) {
        s->error = rc;
        snprintf(s->error_where, sizeof(s->error_where), "%s", where);
    }
}

/* The KB in "Package_for_KB<n>~" or "Package_<m>_for_KB<n>~", when the arch field matches; 0 otherwise. */
static uint32_t kb_of_package_name(const wchar_t *name, const wchar_t *arch, bool *is_rollup)
{
    const wchar_t *p = name, *tilde, *field;
    unsigned long kb;
    wchar_t *end = NULL;
    size_t arch_len = wcslen(arch);

    *is_rollup = false;
    if (_wcsnicmp(p, L"Package_", 8) != 0)
        return 0;
    /* name~token~arch~lang~version: the arch field must be ours */
    tilde = wcschr(name, L'~');
    field = tilde ? wcschr(tilde + 1, L'~') : NULL;
    if (!field || _wcsnicmp(field + 1, arch, arch_len) != 0 || field[1 + arch_len] != L'~')
        return 0;
    p += 8;
    if (_wcsnicmp(p, L"for_RollupFix~", 14) == 0) {
        *is_rollup = true;
        return 0;
    }
    while (*p >= L'0' && *p <= L'9')
        p++;
    if (p != name + 8) {
        if (*p != L'_')
            return 0;
        p++;
    }
    if (_wcsnicmp(p, L"for_KB", 6) != 0)
        return 0;
    kb = wcstoul(p + 6, &end, 10);
    return (end && *end == L'~') ? (uint32_t)kb : 0;
}

/* CurrentState of Packages\<identity>; a key or value that is gone counts as absent. */
static acs_package_state package_state(scan *s, const wchar_t *identity)
{
    HKEY key = NULL;
    DWORD state = 0, type = 0;
    LONG rc = s->seam->reg_open(s->seam->ctx, s->packages, identity, &key);

    if (rc != ERROR_SUCCESS) {
        if (rc != ERROR_FILE_NOT_FOUND)
            scan_fail(s, rc, "open a Packages subkey");
        return ACS_PKG_ABSENT;
    }
    rc = acs_reg_read_dword(s->seam, key, L"CurrentState", &state, &type);
    s->seam->reg_close(s->seam->ctx, key);
    if (rc != ERROR_SUCCESS) {
        if (rc != ERROR_FILE_NOT_FOUND)
            scan_fail(s, rc, "read CurrentState");
        return ACS_PKG_ABSENT;
    }
    return acs_cbs_state_classify(state, s->vista_states);
}

static void note_rollup(scan *s, const wchar_t *identity, acs_update_facts *updates)
{
    uint32_t revision = acs_cbs_rollup_revision(identity);

    if (revision > updates->rollup_revision || revision > updates->rollup_pending_revision)
        acs_cbs_record_rollup(updates, revision, package_state(s, identity));
}

static void fail_both(acs_update_facts *updates, const char *where, LONG rc)
{
    char text[96];

    acs_win32_error_text(rc, text, sizeof(text));
    acs_known_fail(&updates->packages, "CBS scan: %s: %s", where, text);
    acs_known_fail(&updates->rollup, "CBS scan: %s: %s", where, text);
}

void bench_collect_updates_scan_kbs(const acs_seam *seam, const uint32_t *kbs, size_t kb_count,
                                    const acs_os_facts *os, acs_update_facts *updates)
{
    scan s;
    HKEY cbs = NULL;
    wchar_t arch[16];
    DWORD i;
    LONG rc;

    updates->kb_count = 0;
    updates->rollup_revision = 0;
    updates->rollup_pending_revision = 0;
    memset(&s, 0, sizeof(s));
    s.seam = seam;
    s.vista_states = os->version.known && os->major == 6 && os->minor == 0;
    if (!os->architecture[0]) {
        fail_both(updates, "the OS architecture is unknown", ERROR_INVALID_DATA);
        return;
    }
    swprintf(arch, 16, L"%hs", os->architecture);
    rc = seam->reg_open(seam->ctx, HKEY_LOCAL_MACHINE, ACS_CBS_KEY, &cbs);
    if (rc == ERROR_SUCCESS) {
        rc = seam->reg_open(seam->ctx, cbs, L"Packages", &s.packages);
        seam->reg_close(seam->ctx, cbs);
    }
    if (rc != ERROR_SUCCESS) {
        fail_both(updates, "open Component Based Servicing\\Packages", rc);
        return;
    }
    for (i = 0; s.error == ERROR_SUCCESS; i++) {
        wchar_t name[NAME_CHARS];
        DWORD chars = NAME_CHARS;
        bool is_rollup = false;
        uint32_t kb;
        size_t k;

        rc = seam->reg_enum_key(seam->ctx, s.packages, i, name, &chars);
        if (rc == ERROR_NO_MORE_ITEMS)
            break;
        if (rc != ERROR_SUCCESS) {
            scan_fail(&s, rc, "enumerate Packages");
            break;
        }
        kb = kb_of_package_name(name, arch, &is_rollup);
        if (is_rollup) {
            note_rollup(&s, name, updates);
            continue;
        }
        for (k = 0; kb && k < kb_count; k++) {
            if (kbs[k] == kb) {
                acs_package_state state = package_state(&s, name);
                if (state != ACS_PKG_ABSENT)
                    acs_facts_add_kb(updates, kb, state);
                break;
            }
        }
    }
    seam->reg_close(seam->ctx, s.packages);
    if (s.error != ERROR_SUCCESS) {
        fail_both(updates, s.error_where, s.error);
        return;
    }
    acs_known_ok(&updates->packages);
    acs_known_ok(&updates->rollup);
}

void bench_collect_updates_scan(const acs_seam *seam, const acs_catalog *catalog, const acs_os_facts *os,
                                acs_update_facts *updates)
{
    uint32_t *kbs = malloc(ACS_MAX_RELEVANT_KBS * sizeof(*kbs));

    if (!kbs) {
        fail_both(updates, "out of memory", ERROR_OUTOFMEMORY);
        return;
    }
    bench_collect_updates_scan_kbs(seam, kbs, acs_collect_relevant_kbs(catalog, os, 0, kbs, ACS_MAX_RELEVANT_KBS), os,
                                   updates);
    free(kbs);
}
