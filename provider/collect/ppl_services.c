/* Protected services: which services ask Windows to start them protected
 * (LaunchProtected, read in one pass over the service keys), whether each
 * runs and is protected, how its image is signed, and which Code Integrity
 * refusals concern it. Only facts; core/ppl.c judges them.
 *
 * Two caches live for the DLL's life, both behind one lock:
 *  - the protected-service list, reused while the Services key keeps its
 *    subkey count and last-write time and is younger than ACS_PPL_LIST_TTL
 *    (opening 400 service keys costs ~100 ms under Wine, ~4 ms on Windows),
 *    and not even checked within ACS_PPL_STATE_TTL of the last check (the
 *    check itself, RegQueryInfoKey on 400 subkeys, costs ~2.5 ms under Wine);
 *  - signature results by path, size and last-write time, so a repeated
 *    query never hashes a big binary again.
 *  - the SCM's answer for ACS_PPL_STATE_TTL seconds: one EnumServicesStatusEx
 *    costs ~60 ms under Wine (~1 ms on Windows), and a client that enumerates
 *    the three classes asks three times in a row.
 * Process protection and Code Integrity events are read on every query. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/collect.h"
#include "core/ascii.h"

#define SERVICES_KEY L"SYSTEM\\CurrentControlSet\\Services"
#define ACS_PPL_LIST_TTL 30 /* seconds */
#define ACS_PPL_STATE_TTL 5  /* seconds */
#define SIGNATURE_CACHE_SLOTS 64

typedef struct cached_service {
    char name[128];
    char display_name[128];
    char image_path[520];
    char image_problem[ACS_WHY_MAX]; /* why image_path is "" */
    uint32_t launch_protected;
    uint32_t start_type;
} cached_service;

typedef struct cached_signature {
    bool used;
    wchar_t path[520];
    uint64_t size, last_write;
    acs_known signature;
    acs_signature_status status;
    char signer[128];
    char root_thumbprint[41];
} cached_signature;

struct acs_ppl_cache {
    SRWLOCK lock;
    bool list_valid;
    int64_t list_checked; /* when the Services key last matched the list */
    DWORD services_subkeys;
    uint64_t services_last_write;
    int64_t list_time;
    size_t count, not_kept;
    cached_service services[ACS_MAX_PPL_MODULES];
    cached_signature signatures[SIGNATURE_CACHE_SLOTS];
    unsigned next_slot;
    /* The SCM's answer for the list above (same order), while list_time is the same. */
    bool states_valid;
    int64_t states_time, states_list_time;
    LONG states_rc;
    bool seen[ACS_MAX_PPL_MODULES];
    DWORD state[ACS_MAX_PPL_MODULES], pid[ACS_MAX_PPL_MODULES];
};

acs_ppl_cache *acs_ppl_process_cache(void)
{
    static acs_ppl_cache cache; /* all zero: SRWLOCK_INIT, nothing cached */
    return &cache;
}

acs_ppl_cache *acs_ppl_cache_new(void)
{
    acs_ppl_cache *cache = calloc(1, sizeof *cache);
    if (cache)
        InitializeSRWLock(&cache->lock);
    return cache;
}

void acs_ppl_cache_free(acs_ppl_cache *cache)
{
    free(cache);
}

/* --- the service list ------------------------------------------------------ */

typedef struct service_list {
    size_t count, not_kept;
    cached_service services[ACS_MAX_PPL_MODULES];
} service_list;

static void to_utf8(const wchar_t *wide, char *out, size_t size)
{
    if (!size)
        return;
    if (!WideCharToMultiByte(CP_UTF8, 0, wide, -1, out, (int)size, NULL, NULL))
        out[0] = '\0';
}

static bool to_wide(const char *utf8, wchar_t *out, size_t chars)
{
    return MultiByteToWideChar(CP_UTF8, 0, utf8, -1, out, (int)chars) != 0;
}

static void read_service(const acs_seam *seam, HKEY key, const wchar_t *name, DWORD launch, const char *system_root,
                         cached_service *s)
{
    char raw[1024];
    DWORD start = 0;
    LONG rc;
    acs_image_path_status status;

    memset(s, 0, sizeof *s);
    to_utf8(name, s->name, sizeof s->name);
    s->launch_protected = launch;
    acs_reg_read_string(seam, key, L"DisplayName", s->display_name, sizeof s->display_name);
    s->start_type = acs_reg_read_dword(seam, key, L"Start", &start, NULL) == ERROR_SUCCESS ? start
                                                                                           : ACS_START_TYPE_UNKNOWN;
    rc = acs_reg_read_string(seam, key, L"ImagePath", raw, sizeof raw);
    if (rc != ERROR_SUCCESS && rc != ERROR_FILE_NOT_FOUND) {
        char text[96];
        acs_win32_error_text(rc, text, sizeof text);
        snprintf(s->image_problem, sizeof s->image_problem, "ImagePath could not be read: %s", text);
        return;
    }
    status = acs_parse_image_path(rc == ERROR_SUCCESS ? raw : NULL, system_root, s->image_path, sizeof s->image_path);
    if (status != ACS_IMAGE_PATH_OK) {
        snprintf(s->image_problem, sizeof s->image_problem, "%s", acs_image_path_status_text(status));
        /* Shown as read, so an admin sees what is wrong with it. */
        if (rc == ERROR_SUCCESS)
            snprintf(s->image_path, sizeof s->image_path, "%.519s", raw);
    }
}

/* One pass: every subkey of Services, its LaunchProtected value, and the
 * rest only for the few that have one. */
static LONG scan_services(const acs_seam *seam, HKEY services, const char *system_root, service_list *out)
{
    wchar_t name[260];
    LONG rc = ERROR_SUCCESS;

    out->count = out->not_kept = 0;
    for (DWORD index = 0;; index++) {
        DWORD chars = sizeof name / sizeof name[0];
        DWORD launch = 0;
        HKEY key;

        rc = seam->reg_enum_key(seam->ctx, services, index, name, &chars);
        if (rc == ERROR_NO_MORE_ITEMS)
            return ERROR_SUCCESS;
        if (rc == ERROR_MORE_DATA)
            continue; /* longer than a service name can be (256) */
        if (rc != ERROR_SUCCESS)
            return rc;
        if (seam->reg_open(seam->ctx, services, name, &key) != ERROR_SUCCESS)
            continue; /* a key we may not open asks nothing we can see */
        if (acs_reg_read_dword(seam, key, L"LaunchProtected", &launch, NULL) == ERROR_SUCCESS && launch != 0) {
            if (out->count < ACS_MAX_PPL_MODULES)
                read_service(seam, key, name, launch, system_root, &out->services[out->count++]);
            else
                out->not_kept++;
        }
        seam->reg_close(seam->ctx, key);
    }
}

static void windows_folder(const acs_seam *seam, char *out, size_t size)
{
    wchar_t wide[MAX_PATH + 1];
    if (seam->system_root(seam->ctx, wide, MAX_PATH + 1) == ERROR_SUCCESS)
        to_utf8(wide, out, size);
    else
        snprintf(out, size, "%s", "C:\\Windows");
}

static bool read_service_list(const acs_seam *seam, acs_ppl_cache *cache, const char *system_root, service_list *list,
                              acs_known *known, int64_t *list_time)
{
    HKEY services;
    DWORD subkeys = 0;
    uint64_t last_write = 0;
    bool info;
    int64_t now = seam->now_unix(seam->ctx);
    LONG rc;

    if (cache) {
        bool fresh;
        AcquireSRWLockShared(&cache->lock);
        fresh = cache->list_valid && now >= cache->list_checked && now - cache->list_checked < ACS_PPL_STATE_TTL &&
                now - cache->list_time < ACS_PPL_LIST_TTL;
        if (fresh) {
            *list_time = cache->list_time;
            list->count = cache->count;
            list->not_kept = cache->not_kept;
            memcpy(list->services, cache->services, sizeof list->services);
        }
        ReleaseSRWLockShared(&cache->lock);
        if (fresh) {
            acs_known_ok(known);
            return true;
        }
    }
    rc = seam->reg_open(seam->ctx, HKEY_LOCAL_MACHINE, SERVICES_KEY, &services);

    if (rc != ERROR_SUCCESS) {
        char text[96];
        acs_win32_error_text(rc, text, sizeof text);
        acs_known_fail(known, "HKLM\\SYSTEM\\CurrentControlSet\\Services: %s", text);
        return false;
    }
    info = seam->reg_key_info(seam->ctx, services, &subkeys, &last_write) == ERROR_SUCCESS;
    if (cache && info) {
        bool hit;
        AcquireSRWLockShared(&cache->lock);
        hit = cache->list_valid && cache->services_subkeys == subkeys && cache->services_last_write == last_write &&
              now >= cache->list_time && now - cache->list_time < ACS_PPL_LIST_TTL;
        if (hit) {
            *list_time = cache->list_time;
            list->count = cache->count;
            list->not_kept = cache->not_kept;
            memcpy(list->services, cache->services, sizeof list->services);
        }
        ReleaseSRWLockShared(&cache->lock);
        if (hit) {
            AcquireSRWLockExclusive(&cache->lock);
            cache->list_checked = now;
            ReleaseSRWLockExclusive(&cache->lock);
            seam->reg_close(seam->ctx, services);
            acs_known_ok(known);
            return true;
        }
    }
    rc = scan_services(seam, services, system_root, list);
    seam->reg_close(seam->ctx, services);
    if (rc != ERROR_SUCCESS) {
        char text[96];
        acs_win32_error_text(rc, text, sizeof text);
        acs_known_fail(known, "enumerating the service keys: %s", text);
        return false;
    }
    if (cache && info) {
        AcquireSRWLockExclusive(&cache->lock);
        cache->list_valid = true;
        /* A new list invalidates the SCM answer kept for the old one. */
        cache->states_valid = false;
        *list_time = now;
        cache->services_subkeys = subkeys;
        cache->services_last_write = last_write;
        cache->list_time = now;
        cache->list_checked = now;
        cache->count = list->count;
        cache->not_kept = list->not_kept;
        memcpy(cache->services, list->services, sizeof cache->services);
        ReleaseSRWLockExclusive(&cache->lock);
    }
    acs_known_ok(known);
    return true;
}

/* --- state and protection ---------------------------------------------------- */

typedef struct state_scan {
    acs_ppl_facts *ppl;
    bool seen[ACS_MAX_PPL_MODULES];
    DWORD state[ACS_MAX_PPL_MODULES], pid[ACS_MAX_PPL_MODULES];
} state_scan;

static bool equal_ascii_nocase(const char *a, const char *b);

static void note_state(void *user, const wchar_t *name, DWORD state, DWORD pid)
{
    state_scan *scan = user;
    char utf8[128];
    to_utf8(name, utf8, sizeof utf8);
    for (size_t i = 0; i < scan->ppl->module_count; i++)
        if (!scan->seen[i] && equal_ascii_nocase(utf8, scan->ppl->list[i].service_name)) {
            scan->seen[i] = true;
            scan->state[i] = state;
            scan->pid[i] = pid;
        }
}

static void read_protection(const acs_seam *seam, acs_ppl_module *m)
{
    DWORD level = 0;
    char text[96];
    LONG rc;

    if (!m->running || m->process_id == 0) {
        acs_known_fail(&m->protection, "the service is not running");
        return;
    }
    rc = seam->process_protection(seam->ctx, m->process_id, &level);
    if (rc == ERROR_SUCCESS) {
        acs_known_ok(&m->protection);
        m->protection_level = level;
    } else if (rc == ERROR_NOT_SUPPORTED || rc == ERROR_PROC_NOT_FOUND) {
        acs_known_fail(&m->protection, "this Windows tells no process protection level "
                                       "(GetProcessInformation and NtQueryInformationProcess do not answer)");
    } else {
        acs_win32_error_text(rc, text, sizeof text);
        acs_known_fail(&m->protection, "process %lu: %s", (unsigned long)m->process_id, text);
    }
}

/* The cached SCM answer when it is fresh and for this very list. */
static bool cached_states(const acs_seam *seam, acs_ppl_cache *cache, int64_t list_time, state_scan *scan,
                          LONG *rc)
{
    int64_t now = seam->now_unix(seam->ctx);
    bool hit;
    if (!cache || list_time == 0) /* 0: the list itself was not cached */
        return false;
    AcquireSRWLockShared(&cache->lock);
    hit = cache->states_valid && cache->states_list_time == list_time && now >= cache->states_time &&
          now - cache->states_time < ACS_PPL_STATE_TTL;
    if (hit) {
        *rc = cache->states_rc;
        memcpy(scan->seen, cache->seen, sizeof scan->seen);
        memcpy(scan->state, cache->state, sizeof scan->state);
        memcpy(scan->pid, cache->pid, sizeof scan->pid);
    }
    ReleaseSRWLockShared(&cache->lock);
    return hit;
}

static void keep_states(const acs_seam *seam, acs_ppl_cache *cache, int64_t list_time, const state_scan *scan, LONG rc)
{
    if (!cache || list_time == 0)
        return;
    AcquireSRWLockExclusive(&cache->lock);
    cache->states_valid = true;
    cache->states_time = seam->now_unix(seam->ctx);
    cache->states_list_time = list_time;
    cache->states_rc = rc;
    memcpy(cache->seen, scan->seen, sizeof cache->seen);
    memcpy(cache->state, scan->state, sizeof cache->state);
    memcpy(cache->pid, scan->pid, sizeof cache->pid);
    ReleaseSRWLockExclusive(&cache->lock);
}

/* One SCM round trip for every module (or its answer of a moment ago), then
 * each running one's protection. */
static void read_states(const acs_seam *seam, acs_ppl_cache *cache, int64_t list_time, acs_ppl_facts *ppl)
{
    state_scan *scan = calloc(1, sizeof *scan);
    char text[96] = "out of memory";
    LONG rc = ERROR_NOT_ENOUGH_MEMORY;

    if (scan) {
        scan->ppl = ppl;
        if (!cached_states(seam, cache, list_time, scan, &rc)) {
            rc = seam->service_states(seam->ctx, note_state, scan);
            keep_states(seam, cache, list_time, scan, rc);
        }
        if (rc != ERROR_SUCCESS)
            acs_win32_error_text(rc, text, sizeof text);
    }
    for (size_t i = 0; i < ppl->module_count; i++) {
        acs_ppl_module *m = &ppl->list[i];
        if (rc != ERROR_SUCCESS) {
            acs_known_fail(&m->state, "service control manager: %s", text);
            acs_known_fail(&m->protection, "the service's state is unknown");
            continue;
        }
        if (!scan->seen[i]) {
            acs_known_fail(&m->state, "the service control manager does not list it");
            acs_known_fail(&m->protection, "the service's state is unknown");
            continue;
        }
        acs_known_ok(&m->state);
        m->running = scan->state[i] == SERVICE_RUNNING || scan->state[i] == SERVICE_STOP_PENDING ||
                     scan->state[i] == SERVICE_PAUSED || scan->state[i] == SERVICE_PAUSE_PENDING ||
                     scan->state[i] == SERVICE_CONTINUE_PENDING;
        m->process_id = m->running ? scan->pid[i] : 0;
        read_protection(seam, m);
    }
    free(scan);
}

/* --- signatures ------------------------------------------------------------------ */

static bool same_thumbprint(const uint8_t a[20], const uint8_t b[20])
{
    return memcmp(a, b, 20) == 0;
}

static bool equal_ascii_nocase(const char *a, const char *b)
{
    return acs_ascii_equal_nocase(a, strlen(a), b);
}

static bool chain_ends_at_root(const acs_signature_info *sig, const acs_root_rule *root)
{
    const uint8_t *top;
    if (!root || sig->chain_count == 0)
        return false;
    top = sig->chain_sha1[sig->chain_count - 1];
    if (same_thumbprint(top, root->sha1))
        return true;
    /* The root is not on this machine: the chain stops at the certificate it
     * issued. Its issuer's name is the root's (a self-signed top is not). */
    return !sig->top_self_signed && root->name && equal_ascii_nocase(sig->top_issuer, root->name);
}

acs_signature_status acs_classify_signatures(const acs_signature_list *list, const acs_root_rule *root,
                                             const acs_signature_info **deciding)
{
    *deciding = NULL;
    if (list->count == 0)
        return list->trust == (LONG)TRUST_E_NOSIGNATURE || list->trust == (LONG)TRUST_E_SUBJECT_FORM_UNKNOWN ||
                       list->trust == (LONG)TRUST_E_PROVIDER_UNKNOWN
                   ? ACS_SIGNATURE_NOT_SIGNED
                   : ACS_SIGNATURE_INVALID;
    /* The digest or the signature itself is wrong: no chain makes it load. */
    if (list->trust == (LONG)TRUST_E_BAD_DIGEST || list->trust == (LONG)TRUST_E_EXPLICIT_DISTRUST ||
        list->trust == (LONG)CERT_E_REVOKED || list->trust == (LONG)TRUST_E_NOSIGNATURE) {
        *deciding = &list->signatures[0];
        return ACS_SIGNATURE_INVALID;
    }
    for (size_t i = 0; i < list->count && i < ACS_MAX_SIGNATURES; i++)
        if (chain_ends_at_root(&list->signatures[i], root)) {
            *deciding = &list->signatures[i];
            return ACS_SIGNATURE_ACS;
        }
    *deciding = &list->signatures[0];
    return ACS_SIGNATURE_OTHER_ROOT;
}

static void hex_thumbprint(const uint8_t sha1[20], char out[41])
{
    static const char hex[] = "0123456789ABCDEF";
    for (int i = 0; i < 20; i++) {
        out[2 * i] = hex[sha1[i] >> 4];
        out[2 * i + 1] = hex[sha1[i] & 15];
    }
    out[40] = '\0';
}

static void read_signature_uncached(const acs_seam *seam, const wchar_t *path, const acs_root_rule *root,
                                    cached_signature *out)
{
    acs_signature_list *list = calloc(1, sizeof *list);
    const acs_signature_info *deciding = NULL;
    char text[96];
    LONG rc;

    if (!list) {
        acs_known_fail(&out->signature, "out of memory");
        return;
    }
    rc = seam->file_signatures(seam->ctx, path, list);
    if (rc != ERROR_SUCCESS) {
        acs_win32_error_text(rc, text, sizeof text);
        acs_known_fail(&out->signature, "%s", text);
        free(list);
        return;
    }
    out->status = acs_classify_signatures(list, root, &deciding);
    if (out->status == ACS_SIGNATURE_INVALID) {
        acs_win32_error_text(list->trust, text, sizeof text);
        acs_known_ok(&out->signature);
        /* the reason rides in why: known, yet worth saying */
        snprintf(out->signature.why, sizeof out->signature.why, "%s", text);
    } else {
        acs_known_ok(&out->signature);
    }
    if (deciding) {
        snprintf(out->signer, sizeof out->signer, "%s", deciding->signer);
        if (deciding->chain_count)
            hex_thumbprint(deciding->chain_sha1[deciding->chain_count - 1], out->root_thumbprint);
    }
    free(list);
}

static void read_signature(const acs_seam *seam, acs_ppl_cache *cache, const acs_root_rule *root, acs_ppl_module *m)
{
    wchar_t path[520];
    uint64_t size = 0, last_write = 0;
    cached_signature result;
    char text[96];
    LONG rc;
    bool hit = false;

    if (!to_wide(m->image_path, path, sizeof path / sizeof path[0])) {
        acs_known_fail(&m->signature, "the image path is not valid UTF-8");
        return;
    }
    rc = seam->file_identity(seam->ctx, path, &size, &last_write);
    if (rc != ERROR_SUCCESS) {
        acs_win32_error_text(rc, text, sizeof text);
        acs_known_fail(&m->signature, "%s: %s", m->image_path, text);
        return;
    }
    memset(&result, 0, sizeof result);
    if (cache) {
        AcquireSRWLockShared(&cache->lock);
        for (size_t i = 0; i < SIGNATURE_CACHE_SLOTS && !hit; i++) {
            const cached_signature *c = &cache->signatures[i];
            if (c->used && c->size == size && c->last_write == last_write && _wcsicmp(c->path, path) == 0) {
                result = *c;
                hit = true;
            }
        }
        ReleaseSRWLockShared(&cache->lock);
    }
    if (!hit) {
        read_signature_uncached(seam, path, root, &result);
        if (cache && result.signature.known) {
            result.used = true;
            wcscpy(result.path, path);
            result.size = size;
            result.last_write = last_write;
            AcquireSRWLockExclusive(&cache->lock);
            /* Replace this path's old entry, else the next slot round-robin. */
            size_t slot = cache->next_slot % SIGNATURE_CACHE_SLOTS;
            for (size_t i = 0; i < SIGNATURE_CACHE_SLOTS; i++)
                if (cache->signatures[i].used && _wcsicmp(cache->signatures[i].path, path) == 0) {
                    slot = i;
                    break;
                }
            if (slot == cache->next_slot % SIGNATURE_CACHE_SLOTS)
                cache->next_slot++;
            cache->signatures[slot] = result;
            ReleaseSRWLockExclusive(&cache->lock);
        }
    }
    m->signature = result.signature;
    m->signature_status = result.status;
    memcpy(m->signer, result.signer, sizeof m->signer);
    memcpy(m->root_thumbprint, result.root_thumbprint, sizeof m->root_thumbprint);
}

/* --- Code Integrity ----------------------------------------------------------------- */

typedef struct event_batch {
    size_t count;
    acs_ci_event *events; /* ACS_CI_MAX_EVENTS */
} event_batch;

static void keep_event(void *user, const acs_ci_event *event)
{
    event_batch *batch = user;
    if (batch->count < ACS_CI_MAX_EVENTS)
        batch->events[batch->count++] = *event;
}

typedef struct module_paths {
    char short_folder[520];
    char long_folder[520];
} module_paths;

static void folder_of(const char *path, char *out, size_t size)
{
    const char *slash = strrchr(path, '\\');
    size_t n = slash ? (size_t)(slash - path) : 0;
    if (n + 1 > size)
        n = 0;
    memcpy(out, path, n);
    out[n] = '\0';
}

static void other_spellings(const acs_seam *seam, const char *image, module_paths *p)
{
    wchar_t wide[520], variant[520];
    char folder[520];

    p->short_folder[0] = p->long_folder[0] = '\0';
    folder_of(image, folder, sizeof folder);
    if (!*folder || !to_wide(folder, wide, 520))
        return;
    if (seam->path_variant(seam->ctx, wide, true, variant, 520) == ERROR_SUCCESS)
        to_utf8(variant, p->short_folder, sizeof p->short_folder);
    if (seam->path_variant(seam->ctx, wide, false, variant, 520) == ERROR_SUCCESS)
        to_utf8(variant, p->long_folder, sizeof p->long_folder);
}

/* "Event 3033: ... (issuer X, verification error 7)" from the refusal and its 3089. */
static void describe(const acs_ci_event *e, const char *file, const acs_ci_event *details, char *out, size_t size)
{
    int n;
    if (e->process[0])
        n = snprintf(out, size, "Event %u: %s was refused to %s", (unsigned)e->id, file, e->process);
    else
        n = snprintf(out, size, "Event %u: %s was refused", (unsigned)e->id, file);
    if (n < 0 || (size_t)n >= size)
        return;
    if (e->signing_level)
        n += snprintf(out + n, size - (size_t)n, " (signing level %u required)", (unsigned)e->signing_level);
    if (details && (size_t)n < size) {
        if (details->issuer[0])
            n += snprintf(out + n, size - (size_t)n, "; issuer %s", details->issuer);
        if (details->verification_error >= 0 && (size_t)n < size)
            snprintf(out + n, size - (size_t)n, "; verification error %d", (int)details->verification_error);
    }
}

static const acs_ci_event *details_for(const event_batch *batch, const acs_ci_event *refusal)
{
    if (!refusal->activity[0])
        return NULL;
    for (size_t i = 0; i < batch->count; i++)
        if (batch->events[i].id == 3089 && strcmp(batch->events[i].activity, refusal->activity) == 0)
            return &batch->events[i];
    return NULL;
}

static void read_code_integrity(const acs_seam *seam, const char *system_root, acs_ppl_facts *ppl)
{
    event_batch batch = { 0, NULL };
    acs_dos_device devices[26];
    size_t device_count = 0;
    module_paths *paths = NULL;
    int64_t now = seam->now_unix(seam->ctx), boot = 0;
    char text[96], why[ACS_WHY_MAX] = "";
    LONG rc;

    if (ppl->module_count == 0)
        return;
    batch.events = calloc(ACS_CI_MAX_EVENTS, sizeof *batch.events);
    paths = calloc(ppl->module_count, sizeof *paths);
    if (!batch.events || !paths) {
        snprintf(why, sizeof why, "%s", "out of memory");
        goto done;
    }
    rc = seam->boot_time(seam->ctx, &boot);
    if (rc != ERROR_SUCCESS) {
        acs_win32_error_text(rc, text, sizeof text);
        snprintf(why, sizeof why, "the last boot time is unknown: %s", text);
        goto done;
    }
    rc = seam->code_integrity_events(seam->ctx, now - (int64_t)ACS_CI_WINDOW_DAYS * 86400, ACS_CI_MAX_EVENTS,
                                     keep_event, &batch);
    if (rc != ERROR_SUCCESS) {
        acs_win32_error_text(rc, text, sizeof text);
        snprintf(why, sizeof why, "Microsoft-Windows-CodeIntegrity/Operational: %s", text);
        goto done;
    }
    if (seam->dos_devices(seam->ctx, devices, 26, &device_count) != ERROR_SUCCESS)
        device_count = 0; /* device paths then match nothing; drive paths still do */
    for (size_t m = 0; m < ppl->module_count; m++)
        other_spellings(seam, ppl->list[m].image_path, &paths[m]);

    for (size_t i = 0; i < batch.count; i++) {
        const acs_ci_event *e = &batch.events[i];
        char file[520], process[520];
        if (e->id == 3089)
            continue;
        if (!acs_map_device_path(e->file, devices, device_count, file, sizeof file))
            snprintf(file, sizeof file, "%s", e->file);
        if (!acs_map_device_path(e->process, devices, device_count, process, sizeof process))
            snprintf(process, sizeof process, "%s", e->process);
        for (size_t m = 0; m < ppl->module_count; m++) {
            acs_ppl_module *mod = &ppl->list[m];
            const char *variants[2] = { paths[m].short_folder, paths[m].long_folder };
            if (!acs_ppl_event_matches(file, process, mod->image_path, variants, 2, system_root))
                continue;
            mod->ci_failures++;
            if (e->time_unix >= boot)
                mod->ci_failures_since_boot++;
            if (e->time_unix > mod->last_failure_unix) {
                mod->last_failure_unix = e->time_unix;
                describe(e, file, details_for(&batch, e), mod->last_failure_message,
                         sizeof mod->last_failure_message);
            }
        }
    }
done:
    for (size_t m = 0; m < ppl->module_count; m++) {
        if (why[0]) {
            acs_known_fail(&ppl->list[m].code_integrity, "%s", why);
            ppl->list[m].ci_failures = ppl->list[m].ci_failures_since_boot = 0;
            ppl->list[m].last_failure_unix = 0;
            ppl->list[m].last_failure_message[0] = '\0';
        } else {
            acs_known_ok(&ppl->list[m].code_integrity);
        }
    }
    free(paths);
    free(batch.events);
}

/* --- all together --------------------------------------------------------------------- */

void acs_collect_ppl(const acs_seam *seam, const acs_root_rule *root, acs_ppl_cache *cache, acs_ppl_facts *ppl)
{
    service_list *list = calloc(1, sizeof *list);
    char system_root[MAX_PATH * 3];
    int64_t list_time = 0;

    ppl->module_count = 0;
    ppl->modules_not_kept = 0;
    if (!list) {
        acs_known_fail(&ppl->modules, "out of memory");
        return;
    }
    windows_folder(seam, system_root, sizeof system_root);
    if (!read_service_list(seam, cache, system_root, list, &ppl->modules, &list_time)) {
        free(list);
        return;
    }
    ppl->modules_not_kept = list->not_kept;
    for (size_t i = 0; i < list->count; i++) {
        const cached_service *s = &list->services[i];
        acs_ppl_module *m = &ppl->list[ppl->module_count++];
        memset(m, 0, sizeof *m);
        memcpy(m->service_name, s->name, sizeof m->service_name);
        memcpy(m->display_name, s->display_name, sizeof m->display_name);
        memcpy(m->image_path, s->image_path, sizeof m->image_path);
        m->launch_protected = s->launch_protected;
        m->start_type = s->start_type;
        if (s->image_problem[0])
            acs_known_fail(&m->signature, "%s", s->image_problem);
        else if (!root)
            acs_known_fail(&m->signature, "%s", "the catalog names no ACS root to compare the chain with");
        else
            read_signature(seam, cache, root, m);
    }
    read_states(seam, cache, list_time, ppl);
    read_code_integrity(seam, system_root, ppl);
    free(list);
}
