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
 * installation. When that folder cannot be listed, one enumeration of the
 * Packages keys names them instead (scan_package_keys) before giving up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "collect/collect.h"

#define MAX_PARTS 512      /* Package_<m>_for_KB probe limit; more makes the evidence unknown */
#define NAME_CHARS 512     /* longer names are not package identities (~100 characters): skipped */

typedef struct cbs_reader {
    const acs_seam *seam;
    HKEY packages;     /* ...\Component Based Servicing\Packages */
    HKEY index;        /* ...\PackageIndex, NULL on 6.0 */
    wchar_t arch[16];  /* amd64, x86: the native arch */
    bool vista_states; /* CurrentState may be the 6.0 low nibble */
    bool kb_table_full;         /* a KB did not fit acs_update_facts.kbs */
    LONG folder_error;          /* 6.0: servicing\Packages could not be listed; the registry answers */
    uint32_t parts_overflow_kb; /* a KB with more than MAX_PARTS parts, 0 if none */
    LONG error;        /* first failure that makes the evidence unreadable */
    char error_where[96]; /* cut when longer: harmless, it only names where the read failed */
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

/* What to do with each identity a look-up finds. Identities are handed over
 * one at a time as they are enumerated, never collected into a table: a
 * PackageIndex key or a .mum wildcard with thousands of entries (a RollupFix
 * index keeps one value per version ever installed) is read to its end, so
 * the newest installed rollup is found wherever it is listed. */
typedef struct identity_visit {
    cbs_reader *reader;
    acs_update_facts *updates;
    uint32_t kb; /* 0: a RollupFix identity */
} identity_visit;

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

static void visit_identity(identity_visit *visit, const wchar_t *identity)
{
    acs_package_state state;

    if (visit->reader->error != ERROR_SUCCESS)
        return;
    if (!visit->kb) {
        note_rollup(visit->reader, identity, visit->updates);
        return;
    }
    state = package_state(visit->reader, identity);
    if (state != ACS_PKG_ABSENT && !acs_facts_add_kb(visit->updates, visit->kb, state))
        visit->reader->kb_table_full = true;
}

/* Visits the value names of PackageIndex\<index_name>: the identities. False
 * when the index key does not exist. */
static bool index_identities(cbs_reader *reader, const wchar_t *index_name, identity_visit *visit)
{
    const acs_seam *seam = reader->seam;
    HKEY key = NULL;
    DWORD i;
    LONG rc = seam->reg_open(seam->ctx, reader->index, index_name, &key);

    if (rc == ERROR_FILE_NOT_FOUND)
        return false;
    if (rc != ERROR_SUCCESS) {
        reader_fail(reader, rc, "open PackageIndex\\", index_name);
        return false;
    }
    for (i = 0; reader->error == ERROR_SUCCESS; i++) {
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
        if (name[0]) /* not the default value, if any */
            visit_identity(visit, name);
    }
    seam->reg_close(seam->ctx, key);
    return true;
}

static void visit_mum_file(void *user, const wchar_t *file_name)
{
    wchar_t identity[NAME_CHARS];
    size_t len = wcslen(file_name);

    if (len <= 4 || len >= NAME_CHARS || _wcsicmp(file_name + len - 4, L".mum") != 0)
        return; /* a name this long is no package identity (~100 characters) */
    wmemcpy(identity, file_name, len - 4);
    identity[len - 4] = L'\0';
    visit_identity(user, identity);
}

/* Visits the identities of the .mum files matching pattern in
 * %windir%\servicing\Packages (6.0). */
static void mum_identities(cbs_reader *reader, const wchar_t *pattern, identity_visit *visit)
{
    LONG rc;

    if (reader->folder_error != ERROR_SUCCESS)
        return; /* the Packages key scan answers instead (scan_package_keys) */
    rc = reader->seam->list_files(reader->seam->ctx, ACS_CBS_MUM_FOLDER, pattern, visit_mum_file, visit);
    if (rc != ERROR_SUCCESS && rc != ERROR_FILE_NOT_FOUND && rc != ERROR_NO_MORE_FILES)
        reader->folder_error = rc;
}

/* The KB of "Package_for_KB<n>~<token>~<arch>~~..." or
 * "Package_<m>_for_KB<n>~<token>~<arch>~~...", 0 for any other name. */
static uint32_t package_name_kb(const wchar_t *name, const wchar_t *arch)
{
    const wchar_t *p = name, *digits;
    wchar_t tail[64];
    uint64_t kb = 0;

    if (_wcsnicmp(p, L"Package_", 8) != 0)
        return 0;
    p += 8;
    if (*p >= L'0' && *p <= L'9') {
        while (*p >= L'0' && *p <= L'9')
            p++;
        if (*p++ != L'_')
            return 0;
    }
    if (_wcsnicmp(p, L"for_KB", 6) != 0)
        return 0;
    digits = p += 6;
    while (*p >= L'0' && *p <= L'9' && kb <= UINT32_MAX)
        kb = kb * 10 + (uint64_t)(*p++ - L'0');
    if (p == digits || kb == 0 || kb > UINT32_MAX)
        return 0;
    swprintf(tail, 64, L"~" ACS_CBS_TOKEN L"~%ls~~", arch);
    return _wcsnicmp(p, tail, wcslen(tail)) == 0 ? (uint32_t)kb : 0;
}

static bool package_name_is_rollup(const wchar_t *name, const wchar_t *arch)
{
    wchar_t prefix[96];

    swprintf(prefix, 96, L"Package_for_RollupFix~" ACS_CBS_TOKEN L"~%ls~~", arch);
    return _wcsnicmp(name, prefix, wcslen(prefix)) == 0;
}

/* 6.0 whose servicing\Packages folder cannot be listed: the registry's
 * Packages keys name the same packages (one subkey per identity; a .mum
 * only adds files that may outlive the package). One enumeration visits the
 * RollupFix identities (kbs NULL) or those of the KBs asked for. Costs a key
 * per package, acceptable on 6.0 only, where no PackageIndex exists. */
static void scan_package_keys(cbs_reader *reader, const uint32_t *kbs, size_t kb_count, acs_update_facts *updates)
{
    const acs_seam *seam = reader->seam;
    DWORD i;

    for (i = 0; reader->error == ERROR_SUCCESS; i++) {
        DWORD chars = NAME_CHARS;
        wchar_t name[NAME_CHARS];
        LONG rc = seam->reg_enum_key(seam->ctx, reader->packages, i, name, &chars);

        if (rc == ERROR_NO_MORE_ITEMS)
            break;
        if (rc == ERROR_MORE_DATA)
            continue; /* not an identity */
        if (rc != ERROR_SUCCESS) {
            char listed[96];
            acs_win32_error_text(reader->folder_error, listed, sizeof(listed));
            reader->error = rc;
            snprintf(reader->error_where, sizeof(reader->error_where),
                     "servicing\\Packages (%.40s) and enumerating Packages", listed);
            break;
        }
        name[chars < NAME_CHARS ? chars : NAME_CHARS - 1] = L'\0';
        if (!kbs) {
            if (package_name_is_rollup(name, reader->arch)) {
                identity_visit visit = { reader, updates, 0 };
                visit_identity(&visit, name);
            }
            continue;
        }
        {
            uint32_t kb = package_name_kb(name, reader->arch);
            for (size_t k = 0; kb && k < kb_count; k++) {
                if (kbs[k] == kb) {
                    identity_visit visit = { reader, updates, kb };
                    visit_identity(&visit, name);
                    break;
                }
            }
        }
    }
}

static void lookup_kb_in_index(cbs_reader *reader, uint32_t kb, acs_update_facts *updates)
{
    identity_visit visit = { reader, updates, kb };
    wchar_t name[NAME_CHARS];
    unsigned part;

    swprintf(name, NAME_CHARS, L"Package_for_KB%u~" ACS_CBS_TOKEN L"~%ls~~0.0.0.0", (unsigned)kb, reader->arch);
    if (index_identities(reader, name, &visit))
        return;
    for (part = 1; reader->error == ERROR_SUCCESS; part++) {
        if (part > MAX_PARTS) {
            /* Parts are probed one key open each: stop, but never answer
             * from the first MAX_PARTS as if they were all. */
            reader->parts_overflow_kb = kb;
            break;
        }
        swprintf(name, NAME_CHARS, L"Package_%u_for_KB%u~" ACS_CBS_TOKEN L"~%ls~~0.0.0.0", part, (unsigned)kb,
                 reader->arch);
        if (!index_identities(reader, name, &visit))
            break;
    }
}

static void lookup_kb_in_files(cbs_reader *reader, uint32_t kb, acs_update_facts *updates)
{
    identity_visit visit = { reader, updates, kb };
    wchar_t pattern[NAME_CHARS];

    swprintf(pattern, NAME_CHARS, L"Package_for_KB%u~" ACS_CBS_TOKEN L"~%ls~~*.mum", (unsigned)kb, reader->arch);
    mum_identities(reader, pattern, &visit);
    swprintf(pattern, NAME_CHARS, L"Package_*_for_KB%u~" ACS_CBS_TOKEN L"~%ls~~*.mum", (unsigned)kb, reader->arch);
    mum_identities(reader, pattern, &visit);
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
    identity_visit visit = { reader, updates, 0 };
    wchar_t name[NAME_CHARS];

    if (reader->index) {
        swprintf(name, NAME_CHARS, L"Package_for_RollupFix~" ACS_CBS_TOKEN L"~%ls~~0.0.0.0", reader->arch);
        index_identities(reader, name, &visit);
    } else {
        swprintf(name, NAME_CHARS, L"Package_for_RollupFix~" ACS_CBS_TOKEN L"~%ls~~*.mum", reader->arch);
        mum_identities(reader, name, &visit);
        if (reader->folder_error != ERROR_SUCCESS)
            scan_package_keys(reader, NULL, 0, updates);
    }
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
    if (catalog)
        chosen = malloc(ACS_MAX_RELEVANT_KBS * sizeof(*chosen));
    if (catalog && !chosen) {
        fail_both(updates, "CBS: %s%s", "out of memory", "");
        goto done;
    }
    lookup_rollup(&reader, updates);
    if (catalog && reader.error == ERROR_SUCCESS) {
        count = acs_collect_relevant_kbs(catalog, os, updates->rollup_revision, chosen, ACS_MAX_RELEVANT_KBS);
        kbs = chosen;
        if (count > ACS_MAX_RELEVANT_KBS) {
            acs_known_fail(&updates->packages, "CBS: the catalog names more than %d KBs for this OS; not all were "
                           "looked up", ACS_MAX_RELEVANT_KBS);
            acs_known_fail(&updates->rollup, "%s", updates->packages.why);
            goto done;
        }
    }
    for (i = 0; i < count && reader.error == ERROR_SUCCESS; i++) {
        if (reader.index)
            lookup_kb_in_index(&reader, kbs[i], updates);
        else
            lookup_kb_in_files(&reader, kbs[i], updates);
    }
    if (!reader.index && reader.folder_error != ERROR_SUCCESS && reader.error == ERROR_SUCCESS)
        scan_package_keys(&reader, kbs, count, updates);
    if (reader.error != ERROR_SUCCESS) {
        report_reader_error(&reader, updates);
    } else {
        acs_known_ok(&updates->packages);
        acs_known_ok(&updates->rollup);
        /* A list computed from part of the packages is no list: say so. */
        if (reader.kb_table_full)
            acs_known_fail(&updates->packages, "CBS: more than %d KBs of the catalog are present; the list is incomplete",
                           ACS_MAX_KB_FACTS);
        else if (reader.parts_overflow_kb)
            acs_known_fail(&updates->packages, "CBS: KB%lu has more than %d parts (Package_<n>_for_KB%lu); not all were read",
                           (unsigned long)reader.parts_overflow_kb, MAX_PARTS, (unsigned long)reader.parts_overflow_kb);
    }
done:
    free(chosen);
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
