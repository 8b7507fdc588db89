/* Update evidence from Component Based Servicing (docs/reference/
 * servicing-evidence.md, "Component Based Servicing"): the state of each
 * KB the catalog names for this OS, and the newest installed RollupFix.
 *
 * Direct look-ups, never a scan: a real server has 10,000+ Packages subkeys
 * and in Wine every registry call is a server round trip (75-90 us per
 * enumerated key). Per KB:
 *   PackageIndex\Package_for_KB<n>~31bf3856ad364e35~<arch>~~0.0.0.0
 *     value names = identities of the package (one per version of the package)
 *   Packages\<identity>\CurrentState -> acs_cbs_state_classify.
 * Multi-part updates (Package_<m>_for_KB<n>) are probed m = 1, 2, ...
 * up to the first missing index key, and only when Package_for_KB<n> itself
 * is absent: CBS installs a multi-part update under a parent Package_for_KB<n>
 * whose parts it owns (its Owners subkey; inferred), so the parent answers for the KB
 * whenever it exists. An absent KB costs two key opens. Parts numbered with
 * a gap before m (a real 8.1 part is Package_123_for_KB3192392; whether
 * 1..122 exist beside it is UNCONFIRMED) are found only through the parent.
 * Enumerating PackageIndex to find parts was measured and rejected: it holds
 * one subkey per package name, nearly as many as Packages on 6.x. In Wine
 * with 20,000 package keys (tests/unit/win/bench_cbs.sh, `make bench-collect`):
 * every direct look-up for a Windows 7 (55 KBs + RollupFix) 1.5-7.5 ms, the
 * same at 1,000 keys; RegEnumKeyEx over PackageIndex alone 183-197 ms; the
 * full scan (tests/bench/cbs_scan.c) 200-900 ms (15 ms at 1,000 keys).
 *
 * Vista / Server 2008 (6.0) has no PackageIndex: the .mum files in
 * %windir%\servicing\Packages name the packages (wildcards find every part),
 * and Packages\<identity>\CurrentState confirms, since a .mum can outlive its
 * installation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "collect/collect.h"

#define MAX_PARTS 512      /* Package_<m>_for_KB probe limit */
#define MAX_MUM_FILES 256  /* .mum names kept per wildcard on 6.0 */
#define NAME_CHARS 512

typedef struct cbs_reader {
    const acs_seam *seam;
    HKEY packages;     /* ...\Component Based Servicing\Packages */
    HKEY index;        /* ...\PackageIndex, NULL on 6.0 */
    wchar_t arch[16];  /* amd64, x86: the native arch */
    bool vista_states; /* CurrentState may be the 6.0 low nibble */
    struct name_list *names; /* scratch for one look-up, 256 KiB: on the heap */
    LONG error;        /* first failure that makes the evidence unreadable */
    char error_where[96];
} cbs_reader;

static void reader_fail(cbs_reader *reader, LONG rc, const char *where, const wchar_t *name)
{
    if (reader->error != ERROR_SUCCESS)
        return;
    reader->error = rc;
    if (name)
        snprintf(reader->error_where, sizeof(reader->error_where), "%s %ls", where, name);
    else
        snprintf(reader->error_where, sizeof(reader->error_where), "%s", where);
}

/* CurrentState of Packages\<identity>; a package key that is gone counts as absent. */
static acs_package_state package_state(cbs_reader *reader, const wchar_t *identity)
{
    const acs_seam *seam = reader->seam;
    HKEY key = NULL;
    DWORD state = 0, type = 0;
    LONG rc = seam->reg_open(seam->ctx, reader->packages, identity, &key);

    if (rc == ERROR_FILE_NOT_FOUND)
        return ACS_PKG_ABSENT;
    if (rc != ERROR_SUCCESS) {
        reader_fail(reader, rc, "open Packages\\", identity);
        return ACS_PKG_ABSENT;
    }
    rc = acs_reg_read_dword(seam, key, L"CurrentState", &state, &type);
    seam->reg_close(seam->ctx, key);
    if (rc == ERROR_FILE_NOT_FOUND)
        return ACS_PKG_ABSENT;
    if (rc != ERROR_SUCCESS) {
        reader_fail(reader, rc, "CurrentState of", identity);
        return ACS_PKG_ABSENT;
    }
    return acs_cbs_state_classify(state, reader->vista_states);
}

uint32_t acs_cbs_rollup_revision(const wchar_t *identity)
{
    const wchar_t *version = wcsstr(identity, L"~~");
    unsigned long build = 0, rev = 0;
    wchar_t *end = NULL;

    if (!version)
        return 0;
    build = wcstoul(version + 2, &end, 10);
    if (!end || *end != L'.' || build == 0)
        return 0;
    rev = wcstoul(end + 1, &end, 10);
    if (!end || *end != L'.')
        return 0;
    return (uint32_t)rev;
}

struct name_list {
    size_t count;
    bool truncated;
    wchar_t names[MAX_MUM_FILES][NAME_CHARS];
};
typedef struct name_list name_list;

/* Value names of PackageIndex\<index_name>: the identities. False when the index key does not exist. */
static bool index_identities(cbs_reader *reader, const wchar_t *index_name, name_list *out)
{
    const acs_seam *seam = reader->seam;
    HKEY key = NULL;
    DWORD i;
    LONG rc = seam->reg_open(seam->ctx, reader->index, index_name, &key);

    out->count = 0;
    out->truncated = false;
    if (rc == ERROR_FILE_NOT_FOUND)
        return false;
    if (rc != ERROR_SUCCESS) {
        reader_fail(reader, rc, "open PackageIndex\\", index_name);
        return false;
    }
    for (i = 0;; i++) {
        DWORD chars = NAME_CHARS;
        wchar_t name[NAME_CHARS];

        rc = seam->reg_enum_value(seam->ctx, key, i, name, &chars);
        if (rc == ERROR_NO_MORE_ITEMS)
            break;
        if (rc == ERROR_MORE_DATA)
            continue; /* not an identity: those are ~100 characters */
        if (rc != ERROR_SUCCESS) {
            reader_fail(reader, rc, "enumerate PackageIndex\\", index_name);
            break;
        }
        name[chars < NAME_CHARS ? chars : NAME_CHARS - 1] = L'\0';
        if (!name[0])
            continue; /* the default value, if any */
        if (out->count == MAX_MUM_FILES) {
            out->truncated = true;
            break;
        }
        wcscpy(out->names[out->count++], name);
    }
    seam->reg_close(seam->ctx, key);
    return true;
}

static void collect_mum_name(void *user, const wchar_t *file_name)
{
    name_list *list = user;
    size_t len = wcslen(file_name);

    if (len <= 4 || len >= NAME_CHARS || _wcsicmp(file_name + len - 4, L".mum") != 0)
        return;
    if (list->count == MAX_MUM_FILES) {
        list->truncated = true;
        return;
    }
    wcsncpy(list->names[list->count], file_name, len - 4);
    list->names[list->count][len - 4] = L'\0';
    list->count++;
}

/* Identities of the .mum files matching pattern in %windir%\servicing\Packages (6.0). */
static void mum_identities(cbs_reader *reader, const wchar_t *pattern, name_list *out)
{
    LONG rc;

    out->count = 0;
    out->truncated = false;
    rc = reader->seam->list_files(reader->seam->ctx, L"servicing\\Packages", pattern, collect_mum_name, out);
    if (rc != ERROR_SUCCESS && rc != ERROR_FILE_NOT_FOUND && rc != ERROR_NO_MORE_FILES)
        reader_fail(reader, rc, "list %windir%\\servicing\\Packages\\", pattern);
}

static void add_identities(cbs_reader *reader, uint32_t kb, const name_list *list, acs_update_facts *updates)
{
    size_t i;

    for (i = 0; i < list->count; i++) {
        acs_package_state state = package_state(reader, list->names[i]);
        if (state != ACS_PKG_ABSENT)
            acs_facts_add_kb(updates, kb, state);
    }
}

static void lookup_kb_in_index(cbs_reader *reader, uint32_t kb, acs_update_facts *updates)
{
    wchar_t name[NAME_CHARS];
    unsigned part;

    swprintf(name, NAME_CHARS, L"Package_for_KB%u~" ACS_CBS_TOKEN L"~%ls~~0.0.0.0", (unsigned)kb, reader->arch);
    if (index_identities(reader, name, reader->names)) {
        add_identities(reader, kb, reader->names, updates);
        return;
    }
    for (part = 1; part <= MAX_PARTS && reader->error == ERROR_SUCCESS; part++) {
        swprintf(name, NAME_CHARS, L"Package_%u_for_KB%u~" ACS_CBS_TOKEN L"~%ls~~0.0.0.0", part, (unsigned)kb,
                 reader->arch);
        if (!index_identities(reader, name, reader->names))
            break;
        add_identities(reader, kb, reader->names, updates);
    }
}

static void lookup_kb_in_files(cbs_reader *reader, uint32_t kb, acs_update_facts *updates)
{
    wchar_t pattern[NAME_CHARS];

    swprintf(pattern, NAME_CHARS, L"Package_for_KB%u~" ACS_CBS_TOKEN L"~%ls~~*.mum", (unsigned)kb, reader->arch);
    mum_identities(reader, pattern, reader->names);
    add_identities(reader, kb, reader->names, updates);
    swprintf(pattern, NAME_CHARS, L"Package_*_for_KB%u~" ACS_CBS_TOKEN L"~%ls~~*.mum", (unsigned)kb, reader->arch);
    mum_identities(reader, pattern, reader->names);
    add_identities(reader, kb, reader->names, updates);
}

/* Newest installed (or permanent) RollupFix: 0 when none is. */
/* Records a RollupFix package: the newest installed one is the machine's
 * rollup level; the newest waiting for a restart explains a level below it. */
static void note_rollup(cbs_reader *reader, const wchar_t *identity, acs_update_facts *updates)
{
    uint32_t revision = acs_cbs_rollup_revision(identity);
    acs_package_state state;

    if (revision <= updates->rollup_revision && revision <= updates->rollup_pending_revision)
        return;
    state = package_state(reader, identity);
    acs_cbs_record_rollup(updates, revision, state);
}

void acs_cbs_record_rollup(acs_update_facts *updates, uint32_t revision, acs_package_state state)
{
    if (state == ACS_PKG_INSTALLED && revision > updates->rollup_revision)
        updates->rollup_revision = revision;
    else if (state == ACS_PKG_INSTALL_PENDING && revision > updates->rollup_pending_revision)
        updates->rollup_pending_revision = revision;
}

static void lookup_rollup(cbs_reader *reader, acs_update_facts *updates)
{
    wchar_t name[NAME_CHARS];

    if (reader->index) {
        swprintf(name, NAME_CHARS, L"Package_for_RollupFix~" ACS_CBS_TOKEN L"~%ls~~0.0.0.0", reader->arch);
        if (!index_identities(reader, name, reader->names))
            reader->names->count = 0;
    } else {
        swprintf(name, NAME_CHARS, L"Package_for_RollupFix~" ACS_CBS_TOKEN L"~%ls~~*.mum", reader->arch);
        mum_identities(reader, name, reader->names);
    }
    for (size_t i = 0; i < reader->names->count; i++)
        note_rollup(reader, reader->names->names[i], updates);
}

static void fail_both(acs_update_facts *updates, const char *fmt, const char *a, const char *b)
{
    acs_known_fail(&updates->packages, fmt, a, b);
    acs_known_fail(&updates->rollup, fmt, a, b);
}

static void report_reader_error(cbs_reader *reader, acs_update_facts *updates)
{
    char text[96];

    acs_win32_error_text(reader->error, text, sizeof(text));
    fail_both(updates, "CBS: %s: %s", reader->error_where, text);
}

/* Opens CBS, Packages and (when it exists) PackageIndex; false with the facts failed. */
static bool reader_open(cbs_reader *reader, const acs_seam *seam, const acs_os_facts *os, bool want_index,
                        acs_update_facts *updates)
{
    HKEY cbs = NULL;
    char text[96];
    LONG rc;

    memset(reader, 0, sizeof(*reader));
    reader->seam = seam;
    if (!os->architecture[0]) {
        fail_both(updates, "CBS: %s%s", "the OS architecture is unknown, so package names cannot be built", "");
        return false;
    }
    swprintf(reader->arch, 16, L"%hs", os->architecture);
    /* The low-nibble states are reported on 6.0 only (inferred from
     * third-party tools, so both forms are accepted there and only there). */
    reader->vista_states = os->version.known && os->major == 6 && os->minor == 0;

    rc = seam->reg_open(seam->ctx, HKEY_LOCAL_MACHINE, ACS_CBS_KEY, &cbs);
    if (rc != ERROR_SUCCESS) {
        acs_win32_error_text(rc, text, sizeof(text));
        fail_both(updates, "cannot open HKLM\\%s: %s",
                  "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing", text);
        return false;
    }
    rc = seam->reg_open(seam->ctx, cbs, L"Packages", &reader->packages);
    if (rc != ERROR_SUCCESS) {
        seam->reg_close(seam->ctx, cbs);
        acs_win32_error_text(rc, text, sizeof(text));
        fail_both(updates, "cannot open %s: %s", "Component Based Servicing\\Packages", text);
        return false;
    }
    if (want_index) {
        rc = seam->reg_open(seam->ctx, cbs, L"PackageIndex", &reader->index);
        if (rc == ERROR_FILE_NOT_FOUND) {
            reader->index = NULL; /* 6.0 layout: use the .mum files */
        } else if (rc != ERROR_SUCCESS) {
            seam->reg_close(seam->ctx, reader->packages);
            seam->reg_close(seam->ctx, cbs);
            acs_win32_error_text(rc, text, sizeof(text));
            fail_both(updates, "cannot open %s: %s", "Component Based Servicing\\PackageIndex", text);
            return false;
        }
    }
    seam->reg_close(seam->ctx, cbs);
    return true;
}

static void reader_close(cbs_reader *reader)
{
    if (reader->index)
        reader->seam->reg_close(reader->seam->ctx, reader->index);
    if (reader->packages)
        reader->seam->reg_close(reader->seam->ctx, reader->packages);
}

static void reset_updates(acs_update_facts *updates)
{
    updates->kb_count = 0;
    updates->rollup_revision = 0;
    updates->rollup_pending_revision = 0;
}

/* The direct look-ups. With a catalog, the KBs to look up are chosen after
 * the installed rollup's revision is known (see acs_collect_relevant_kbs);
 * without one, the fixed list is used (tests, and the benchmark's comparison). */
static void collect_direct(const acs_seam *seam, const acs_os_facts *os, acs_update_facts *updates,
                           const acs_catalog *catalog, const uint32_t *fixed, size_t fixed_count)
{
    cbs_reader reader;
    uint32_t *chosen = NULL;
    const uint32_t *kbs = fixed;
    size_t i, count = fixed_count;

    reset_updates(updates);
    if (!reader_open(&reader, seam, os, true, updates))
        return;
    reader.names = malloc(sizeof(*reader.names));
    if (catalog)
        chosen = malloc(ACS_MAX_RELEVANT_KBS * sizeof(*chosen));
    if (!reader.names || (catalog && !chosen)) {
        fail_both(updates, "CBS: %s%s", "out of memory", "");
        goto done;
    }
    lookup_rollup(&reader, updates);
    if (catalog && reader.error == ERROR_SUCCESS) {
        count = acs_collect_relevant_kbs(catalog, os, updates->rollup_revision, chosen, ACS_MAX_RELEVANT_KBS);
        kbs = chosen;
    }
    for (i = 0; i < count && reader.error == ERROR_SUCCESS; i++) {
        if (reader.index)
            lookup_kb_in_index(&reader, kbs[i], updates);
        else
            lookup_kb_in_files(&reader, kbs[i], updates);
    }
    if (reader.error != ERROR_SUCCESS) {
        report_reader_error(&reader, updates);
    } else {
        acs_known_ok(&updates->packages);
        acs_known_ok(&updates->rollup);
    }
done:
    free(chosen);
    free(reader.names);
    reader_close(&reader);
}

void acs_collect_updates_kbs(const acs_seam *seam, const uint32_t *kbs, size_t kb_count, const acs_os_facts *os,
                             acs_update_facts *updates)
{
    collect_direct(seam, os, updates, NULL, kbs, kb_count);
}

void acs_collect_updates(const acs_seam *seam, const acs_catalog *catalog, const acs_os_facts *os,
                         acs_update_facts *updates)
{
    collect_direct(seam, os, updates, catalog, NULL, 0);
}
