/* Protected-service facts written by hand: `--module name=...,launch=3,...`
 * on the command line and the PplModules column of an inventory, so the
 * health rules and "evidence beats inference" can be asked without Windows.
 * What a spec leaves out is unknown with a reason, never assumed. */
#include "cli/cli.h"
#include "core/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char not_given[] = "not given";

static bool parse_u32(const char *text, size_t len, uint32_t *out)
{
    uint64_t v = 0;
    if (len == 0 || len > 10)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(text[i] - '0');
    }
    if (v > UINT32_MAX)
        return false;
    *out = (uint32_t)v;
    return true;
}

static bool yes_no(const char *text, size_t len, cli_tri *out)
{
    if (acs_ascii_equal_nocase(text, len, "yes") || acs_ascii_equal_nocase(text, len, "true"))
        *out = CLI_GIVEN_YES;
    else if (acs_ascii_equal_nocase(text, len, "no") || acs_ascii_equal_nocase(text, len, "false"))
        *out = CLI_GIVEN_NO;
    else if (acs_ascii_equal_nocase(text, len, "unknown"))
        *out = CLI_GIVEN_UNKNOWN;
    else
        return false;
    return true;
}

static void copy_text(char *out, size_t size, const char *text, size_t len)
{
    if (len >= size)
        len = size - 1;
    memcpy(out, text, len);
    out[len] = '\0';
}

typedef struct module_spec {
    cli_tri signature_acs, running, protection, ci;
    bool signature_given, ci_given, name_given, image_given;
    acs_signature_status signature;
} module_spec;

static bool signature_word(const char *v, size_t n, acs_signature_status *out)
{
    if (acs_ascii_equal_nocase(v, n, "acs"))
        *out = ACS_SIGNATURE_ACS;
    else if (acs_ascii_equal_nocase(v, n, "other") || acs_ascii_equal_nocase(v, n, "legacy"))
        *out = ACS_SIGNATURE_OTHER_ROOT;
    else if (acs_ascii_equal_nocase(v, n, "unsigned"))
        *out = ACS_SIGNATURE_NOT_SIGNED;
    else if (acs_ascii_equal_nocase(v, n, "invalid"))
        *out = ACS_SIGNATURE_INVALID;
    else if (acs_ascii_equal_nocase(v, n, "unknown"))
        *out = ACS_SIGNATURE_UNREAD;
    else
        return false;
    return true;
}

/* One key=value of a spec. */
static bool apply(acs_ppl_module *m, module_spec *s, const char *key, size_t key_len, const char *v, size_t n,
                  char *err, size_t err_size)
{
    cli_tri tri;
    int64_t when;

#define KEY(word) acs_ascii_equal_nocase(key, key_len, word)
    if (KEY("name")) {
        if (n == 0)
            goto bad;
        copy_text(m->service_name, sizeof m->service_name, v, n);
        s->name_given = true;
    } else if (KEY("display-name")) {
        copy_text(m->display_name, sizeof m->display_name, v, n);
    } else if (KEY("image")) {
        copy_text(m->image_path, sizeof m->image_path, v, n);
        s->image_given = true;
    } else if (KEY("launch")) {
        if (!parse_u32(v, n, &m->launch_protected))
            goto bad;
    } else if (KEY("start")) {
        if (!parse_u32(v, n, &m->start_type))
            goto bad;
    } else if (KEY("signature")) {
        if (!signature_word(v, n, &s->signature))
            goto bad;
        s->signature_given = true;
    } else if (KEY("acs")) {
        if (!yes_no(v, n, &tri))
            goto bad;
        s->signature = tri == CLI_GIVEN_YES ? ACS_SIGNATURE_ACS
                       : tri == CLI_GIVEN_NO ? ACS_SIGNATURE_OTHER_ROOT
                                             : ACS_SIGNATURE_UNREAD;
        s->signature_given = true;
    } else if (KEY("signer")) {
        copy_text(m->signer, sizeof m->signer, v, n);
    } else if (KEY("running")) {
        if (!yes_no(v, n, &s->running))
            goto bad;
    } else if (KEY("protected")) {
        if (!yes_no(v, n, &s->protection))
            goto bad;
    } else if (KEY("pid")) {
        if (!parse_u32(v, n, &m->process_id))
            goto bad;
    } else if (KEY("ci")) {
        if (!acs_ascii_equal_nocase(v, n, "unknown") && !acs_ascii_equal_nocase(v, n, "read"))
            goto bad;
        s->ci = acs_ascii_equal_nocase(v, n, "read") ? CLI_GIVEN_YES : CLI_GIVEN_UNKNOWN;
    } else if (KEY("ci-failures")) {
        if (!parse_u32(v, n, &m->ci_failures))
            goto bad;
        s->ci_given = true;
    } else if (KEY("ci-failures-since-boot")) {
        if (!parse_u32(v, n, &m->ci_failures_since_boot))
            goto bad;
        s->ci_given = true;
    } else if (KEY("last-failure")) {
        if (!acs_parse_date(v, n, &when))
            goto bad;
        m->last_failure_unix = when;
    } else if (KEY("message")) {
        copy_text(m->last_failure_message, sizeof m->last_failure_message, v, n);
    } else {
        snprintf(err, err_size,
                 "unknown module fact '%.*s' (name, display-name, image, launch, start, signature, acs, signer, "
                 "running, protected, pid, ci, ci-failures, ci-failures-since-boot, last-failure, message)",
                 (int)key_len, key);
        return false;
    }
#undef KEY
    return true;
bad:
    snprintf(err, err_size, "module fact %.*s: '%.*s' is not valid", (int)key_len, key, (int)n, v);
    return false;
}

static void settle(acs_ppl_module *m, const module_spec *s)
{
    if (!s->image_given)
        copy_text(m->image_path, sizeof m->image_path, m->service_name, strlen(m->service_name));
    if (s->signature_given && s->signature != ACS_SIGNATURE_UNREAD) {
        acs_known_ok(&m->signature);
        m->signature_status = s->signature;
        if (s->signature == ACS_SIGNATURE_INVALID)
            snprintf(m->signature.why, sizeof m->signature.why, "%s", "given as invalid");
    } else {
        acs_known_fail(&m->signature, "%s (signature=acs|other|unsigned|invalid)", not_given);
    }
    /* protected=yes|no says it runs; running=no says it does not. */
    if (s->protection == CLI_GIVEN_YES || s->protection == CLI_GIVEN_NO || s->running == CLI_GIVEN_YES) {
        acs_known_ok(&m->state);
        m->running = true;
    } else if (s->running == CLI_GIVEN_NO) {
        acs_known_ok(&m->state);
        m->running = false;
        m->process_id = 0;
    } else {
        acs_known_fail(&m->state, "%s (running=yes|no)", not_given);
    }
    if (m->running && s->protection == CLI_GIVEN_YES) {
        acs_known_ok(&m->protection);
        m->protection_level = m->launch_protected >= 1 && m->launch_protected <= 3 ? m->launch_protected : 3;
    } else if (m->running && s->protection == CLI_GIVEN_NO) {
        acs_known_ok(&m->protection);
        m->protection_level = ACS_PROTECTION_LEVEL_NONE;
    } else {
        acs_known_fail(&m->protection, "%s (protected=yes|no)", not_given);
    }
    if (s->ci == CLI_GIVEN_UNKNOWN || (s->ci == CLI_NOT_GIVEN && !s->ci_given)) {
        acs_known_fail(&m->code_integrity, "%s (ci-failures-since-boot=N, or ci=read)", not_given);
        m->ci_failures = m->ci_failures_since_boot = 0;
    } else {
        acs_known_ok(&m->code_integrity);
        if (m->ci_failures < m->ci_failures_since_boot)
            m->ci_failures = m->ci_failures_since_boot;
    }
}

bool cli_parse_module(const char *text, size_t len, acs_ppl_module *m, char *err, size_t err_size)
{
    module_spec s;
    size_t i = 0;

    memset(m, 0, sizeof *m);
    memset(&s, 0, sizeof s);
    m->launch_protected = 3;
    m->start_type = ACS_START_TYPE_UNKNOWN;
    while (i < len) {
        size_t start = i, eq;
        while (i < len && text[i] != ',')
            i++;
        for (eq = start; eq < i && text[eq] != '='; eq++)
            ;
        if (eq == i) {
            snprintf(err, err_size, "'%.*s' is not KEY=VALUE", (int)(i - start), text + start);
            return false;
        }
        if (!apply(m, &s, text + start, eq - start, text + eq + 1, i - eq - 1, err, err_size))
            return false;
        if (i < len)
            i++; /* the comma */
    }
    if (!s.name_given) {
        snprintf(err, err_size, "%s", "a module needs name=SERVICE");
        return false;
    }
    settle(m, &s);
    return true;
}

bool cli_parse_module_list(const char *text, size_t len, acs_ppl_facts *ppl, char *err, size_t err_size)
{
    size_t i = 0;
    ppl->module_count = 0;
    ppl->modules_not_kept = 0;
    if (acs_ascii_equal_nocase(text, len, "none")) {
        acs_known_ok(&ppl->modules);
        return true;
    }
    while (i < len) {
        size_t start = i;
        while (i < len && text[i] != ';' && text[i] != '|')
            i++;
        if (i > start) {
            if (ppl->module_count == ACS_MAX_PPL_MODULES) {
                snprintf(err, err_size, "more than %d modules", ACS_MAX_PPL_MODULES);
                return false;
            }
            if (!cli_parse_module(text + start, i - start, &ppl->list[ppl->module_count], err, err_size))
                return false;
            ppl->module_count++;
        }
        if (i < len)
            i++;
    }
    acs_known_ok(&ppl->modules);
    return true;
}
