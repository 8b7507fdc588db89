/* Protected service health rules and path helpers; see ppl.h and
 * docs/catalog.md ("Protected services"). The order of the rules is the
 * point: evidence read on this machine (Code Integrity refusals since the
 * last boot, a running process without protection, a signature that does not
 * verify) decides before any inference from signatures and updates. */
#include "core/ppl.h"

#include "core/ascii.h"

#include <ctype.h>
#include <string.h>

const char *acs_ppl_health_name(acs_ppl_health health)
{
    switch (health) {
    case ACS_PPL_HEALTHY: return "Healthy";
    case ACS_PPL_AT_RISK: return "AtRisk";
    case ACS_PPL_FAILING: return "Failing";
    case ACS_PPL_UNKNOWN: break;
    }
    return "Unknown";
}

static void say(acs_ppl_result *out, acs_ppl_health health, acs_text_id evidence, acs_text_id remedy)
{
    out->health = health;
    out->evidence = evidence;
    out->remedy = health == ACS_PPL_HEALTHY ? ACS_TEXT_RM_NONE : remedy;
}

static bool documented_level(uint32_t launch_protected)
{
    /* SERVICE_LAUNCH_PROTECTED_WINDOWS 1, _WINDOWS_LIGHT 2, _ANTIMALWARE_LIGHT 3;
     * the SCM rejects 5 and above, and 4's meaning is not documented. */
    return launch_protected >= 1 && launch_protected <= 3;
}

/* The second sentence: what the Code Integrity log could not tell, or the
 * refusals before the last boot (history: shown, never deciding). */
static void add_note(const acs_ppl_module *m, acs_ppl_result *out)
{
    out->note = ACS_TEXT_RM_NONE;
    if (!m->code_integrity.known) {
        out->note = ACS_TEXT_EV_PPL_LOG_NOTE;
        out->note_args.why = m->code_integrity.why;
    } else if (m->ci_failures > m->ci_failures_since_boot) {
        out->note = ACS_TEXT_EV_PPL_HISTORY;
        out->note_args.have = m->ci_failures - m->ci_failures_since_boot;
        out->note_args.when = m->last_failure_unix;
    }
}

void acs_ppl_judge(const acs_ppl_module *m, acs_tristate machine_ready, acs_ppl_result *out)
{
    memset(out, 0, sizeof *out);
    out->args.name = m->service_name;
    out->args.path = m->image_path;
    out->args.signer = m->signer;
    out->args.have = m->launch_protected;
    add_note(m, out);

    if (m->code_integrity.known && m->ci_failures_since_boot > 0) {
        out->args.have = m->ci_failures_since_boot;
        out->args.when = m->last_failure_unix;
        out->args.message = m->last_failure_message;
        say(out, ACS_PPL_FAILING, ACS_TEXT_EV_PPL_MOD_REFUSED,
            m->signature.known && m->signature_status == ACS_SIGNATURE_ACS && machine_ready == ACS_NO
                ? ACS_TEXT_RM_PPL_MACHINE
                : ACS_TEXT_RM_PPL_REFUSED);
        if (out->note == ACS_TEXT_EV_PPL_HISTORY)
            out->note = ACS_TEXT_RM_NONE; /* the newest refusal is already the evidence */
        return;
    }
    if (documented_level(m->launch_protected) && m->state.known && m->running && m->protection.known &&
        m->protection_level == ACS_PROTECTION_LEVEL_NONE) {
        out->args.need = m->process_id;
        say(out, ACS_PPL_FAILING, ACS_TEXT_EV_PPL_MOD_UNPROTECTED, ACS_TEXT_RM_PPL_UNPROTECTED);
        return;
    }
    if (!documented_level(m->launch_protected)) {
        say(out, ACS_PPL_UNKNOWN, ACS_TEXT_EV_PPL_MOD_LEVEL, ACS_TEXT_RM_PPL_CHECK);
        return;
    }
    if (!m->signature.known) {
        out->args.why = m->signature.why;
        say(out, ACS_PPL_UNKNOWN, ACS_TEXT_EV_PPL_MOD_SIG_UNREAD, ACS_TEXT_RM_PPL_CHECK);
        return;
    }
    switch (m->signature_status) {
    case ACS_SIGNATURE_UNREAD:
        out->args.why = m->signature.why;
        say(out, ACS_PPL_UNKNOWN, ACS_TEXT_EV_PPL_MOD_SIG_UNREAD, ACS_TEXT_RM_PPL_CHECK);
        return;
    case ACS_SIGNATURE_NOT_SIGNED:
        say(out, ACS_PPL_UNKNOWN, ACS_TEXT_EV_PPL_MOD_NOT_SIGNED, ACS_TEXT_RM_PPL_CHECK);
        return;
    case ACS_SIGNATURE_INVALID:
        out->args.why = m->signature.why;
        say(out, ACS_PPL_FAILING, ACS_TEXT_EV_PPL_MOD_SIG_INVALID, ACS_TEXT_RM_PPL_REINSTALL);
        return;
    case ACS_SIGNATURE_OTHER_ROOT:
        say(out, ACS_PPL_HEALTHY, ACS_TEXT_EV_PPL_MOD_OTHER_ROOT, ACS_TEXT_RM_NONE);
        return;
    case ACS_SIGNATURE_ACS:
        break;
    }
    switch (machine_ready) {
    case ACS_YES:
        say(out, ACS_PPL_HEALTHY, ACS_TEXT_EV_PPL_MOD_ACS_READY, ACS_TEXT_RM_NONE);
        return;
    case ACS_NO:
        say(out, ACS_PPL_AT_RISK, ACS_TEXT_EV_PPL_MOD_ACS_AT_RISK, ACS_TEXT_RM_PPL_MACHINE);
        return;
    case ACS_UNSURE:
        break;
    }
    say(out, ACS_PPL_UNKNOWN, ACS_TEXT_EV_PPL_MOD_ACS_UNSURE, ACS_TEXT_RM_COLLECT);
}

acs_tristate acs_ppl_machine_ready(const acs_verdict *verdict)
{
    bool unsure = false;
    for (size_t i = 0; i < verdict->requirement_count; i++) {
        const acs_requirement_result *r = &verdict->requirements[i];
        if (r->kind == ACS_REQ_PPL)
            continue;
        if (r->satisfied == ACS_NO)
            return ACS_NO;
        if (r->satisfied == ACS_UNSURE)
            unsure = true;
    }
    return unsure ? ACS_UNSURE : ACS_YES;
}

size_t acs_ppl_acs_refusals(const acs_ppl_facts *ppl, const acs_ppl_module **first)
{
    size_t count = 0;
    if (first)
        *first = NULL;
    if (!ppl->modules.known)
        return 0;
    for (size_t i = 0; i < ppl->module_count && i < ACS_MAX_PPL_MODULES; i++) {
        const acs_ppl_module *m = &ppl->list[i];
        if (m->code_integrity.known && m->ci_failures_since_boot > 0 && m->signature.known &&
            m->signature_status == ACS_SIGNATURE_ACS) {
            if (first && !*first)
                *first = m;
            count++;
        }
    }
    return count;
}

/* --- paths --------------------------------------------------------------- */

const char *acs_image_path_status_text(acs_image_path_status status)
{
    switch (status) {
    case ACS_IMAGE_PATH_OK: return "ok";
    case ACS_IMAGE_PATH_EMPTY: return "ImagePath is missing or empty";
    case ACS_IMAGE_PATH_UNTERMINATED: return "ImagePath opens a quote it never closes";
    case ACS_IMAGE_PATH_TOO_LONG: return "ImagePath is longer than a path can be";
    case ACS_IMAGE_PATH_RELATIVE: break;
    }
    return "ImagePath names no drive (a network or bare path)";
}

static bool prefix_nocase(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    if (len < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (acs_ascii_lower(s[i]) != acs_ascii_lower(prefix[i]))
            return false;
    return true;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* End of the file name in an unquoted command line: after the first ".exe"
 * followed by a blank (or the end); without one, the whole line. */
static size_t unquoted_end(const char *s, size_t len)
{
    for (size_t i = 0; i + 4 <= len; i++)
        if (prefix_nocase(s + i, len - i, ".exe") && (i + 4 == len || is_blank(s[i + 4])))
            return i + 4;
    return len;
}

typedef struct path_out {
    char *p;
    size_t used, size;
    bool overflow;
} path_out;

static void emit(path_out *o, const char *s, size_t n)
{
    if (o->overflow || o->used + n + 1 > o->size) {
        o->overflow = true;
        return;
    }
    memcpy(o->p + o->used, s, n);
    o->used += n;
    o->p[o->used] = '\0';
}

static bool has_drive(const char *s, size_t len)
{
    return len >= 2 && isalpha((unsigned char)s[0]) && s[1] == ':';
}

acs_image_path_status acs_parse_image_path(const char *raw, const char *system_root, char *out, size_t size)
{
    const char *s = raw ? raw : "";
    size_t len, root_len = system_root ? strlen(system_root) : 0;
    path_out o = { out, 0, size, false };

    if (size == 0)
        return ACS_IMAGE_PATH_TOO_LONG;
    out[0] = '\0';
    while (is_blank(*s))
        s++;
    len = strlen(s);
    while (len && is_blank(s[len - 1]))
        len--;
    if (len && s[0] == '"') {
        const char *close = memchr(s + 1, '"', len - 1);
        if (!close)
            return ACS_IMAGE_PATH_UNTERMINATED;
        len = (size_t)(close - s - 1);
        s++;
    } else {
        len = unquoted_end(s, len);
    }
    while (len && is_blank(*s))
        s++, len--;
    while (len && is_blank(s[len - 1]))
        len--;
    if (len == 0)
        return ACS_IMAGE_PATH_EMPTY;

    while (root_len && (system_root[root_len - 1] == '\\' || system_root[root_len - 1] == '/'))
        root_len--;
    if (prefix_nocase(s, len, "\\??\\") || prefix_nocase(s, len, "\\\\?\\")) {
        s += 4, len -= 4;
    }
    if (prefix_nocase(s, len, "\\SystemRoot\\")) {
        emit(&o, system_root, root_len);
        s += 11, len -= 11; /* keep the backslash */
    } else if (prefix_nocase(s, len, "%SystemRoot%")) {
        emit(&o, system_root, root_len);
        s += 12, len -= 12;
    } else if (prefix_nocase(s, len, "%windir%")) {
        emit(&o, system_root, root_len);
        s += 8, len -= 8;
    } else if (!has_drive(s, len) && s[0] != '\\' && s[0] != '/' && s[0] != '%') {
        /* "system32\drivers\x.sys": relative to the Windows folder. */
        emit(&o, system_root, root_len);
        emit(&o, "\\", 1);
    }
    emit(&o, s, len);
    if (o.overflow) {
        out[0] = '\0';
        return ACS_IMAGE_PATH_TOO_LONG;
    }
    if (!has_drive(out, o.used) || strchr(out, '%')) {
        out[0] = '\0';
        return ACS_IMAGE_PATH_RELATIVE;
    }
    return ACS_IMAGE_PATH_OK;
}

static bool same_char(char a, char b)
{
    if (a == '/')
        a = '\\';
    if (b == '/')
        b = '\\';
    return acs_ascii_lower(a) == acs_ascii_lower(b);
}

/* Length of the prefix of path that equals head (case- and slash-blind),
 * ending at a component boundary; 0 when it does not. */
static size_t component_prefix(const char *path, const char *head)
{
    size_t n = strlen(head);
    while (n && (head[n - 1] == '\\' || head[n - 1] == '/'))
        n--;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!path[i] || !same_char(path[i], head[i]))
            return 0;
    return path[n] == '\0' || path[n] == '\\' || path[n] == '/' ? n : 0;
}

bool acs_map_device_path(const char *path, const acs_dos_device *devices, size_t count, char *out, size_t size)
{
    if (!size)
        return false;
    out[0] = '\0';
    if (!path)
        return false;
    if (has_drive(path, strlen(path))) {
        if (strlen(path) + 1 > size)
            return false;
        memcpy(out, path, strlen(path) + 1);
        return true;
    }
    if (prefix_nocase(path, strlen(path), "\\??\\") && has_drive(path + 4, strlen(path + 4)))
        return acs_map_device_path(path + 4, devices, count, out, size);
    for (size_t i = 0; i < count; i++) {
        size_t n = component_prefix(path, devices[i].device);
        size_t drive = strlen(devices[i].drive), rest;
        if (!n)
            continue;
        rest = strlen(path + n);
        if (drive + rest + 1 > size)
            return false;
        memcpy(out, devices[i].drive, drive);
        memcpy(out + drive, path + n, rest + 1);
        return true;
    }
    return false;
}

/* The folder part of a path, without its last separator: its length. */
static size_t folder_length(const char *path)
{
    size_t n = strlen(path);
    while (n && path[n - 1] != '\\' && path[n - 1] != '/')
        n--;
    return n ? n - 1 : 0;
}

static bool equal_path(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (!same_char(*a, *b))
            return false;
    return *a == *b;
}

static bool under_folder(const char *file, const char *folder, size_t folder_len)
{
    char head[520];
    if (folder_len == 0 || folder_len >= sizeof head)
        return false;
    memcpy(head, folder, folder_len);
    head[folder_len] = '\0';
    return component_prefix(file, head) != 0 && file[component_prefix(file, head)] != '\0';
}

bool acs_ppl_event_matches(const char *file, const char *process, const char *image_path,
                           const char *const *folder_variants, size_t variant_count, const char *system_root)
{
    size_t folder;
    if (!image_path || !*image_path)
        return false;
    if ((file && equal_path(file, image_path)) || (process && equal_path(process, image_path)))
        return true;
    if (!file || !*file)
        return false;
    folder = folder_length(image_path);
    if (system_root && *system_root && component_prefix(image_path, system_root) != 0)
        return false;
    if (under_folder(file, image_path, folder))
        return true;
    for (size_t i = 0; i < variant_count; i++)
        if (folder_variants[i] && *folder_variants[i] &&
            under_folder(file, folder_variants[i], strlen(folder_variants[i])))
            return true;
    return false;
}
