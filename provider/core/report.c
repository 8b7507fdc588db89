/* One report per query: the verdict plus every string a client may ask for,
 * rendered once in the client's language. */
#include "core/report.h"

#include <stdio.h>
#include <string.h>

#ifndef ACS_VERSION
#define ACS_VERSION "0.0.0-dev"
#endif

static void format_version(acs_report *report)
{
    const acs_os_facts *os = &report->facts->os;
    report->version[0] = '\0';
    if (!os->version.known)
        return;
    if (os->ubr.known && acs_os_has_ubr(os->major))
        snprintf(report->version, sizeof report->version, "%u.%u.%u.%u", os->major, os->minor, os->build,
                 os->ubr_value);
    else
        snprintf(report->version, sizeof report->version, "%u.%u.%u", os->major, os->minor, os->build);
}

static void format_catalog_source(acs_report *report)
{
    const acs_catalog_origin *o = &report->origin;
    if (o->fell_back)
        snprintf(report->catalog_source, sizeof report->catalog_source, "built-in (%s)%s%s", o->reason,
                 o->notes[0] ? "; " : "", o->notes);
    else
        snprintf(report->catalog_source, sizeof report->catalog_source, "%s%s%s", o->source, o->notes[0] ? "; " : "",
                 o->notes);
}

size_t acs_render_reasons(const acs_catalog *catalog, acs_lang lang, const acs_verdict *verdict,
                          char reasons[ACS_MAX_REQUIREMENTS][ACS_REPORT_TEXT_MAX], size_t lengths[ACS_MAX_REQUIREMENTS])
{
    static const char dash[] = " \xE2\x80\x94 ";
    size_t count = 0;
    for (size_t i = 0; i < verdict->requirement_count; i++) {
        const acs_requirement_result *r = &verdict->requirements[i];
        char *reason = reasons[count];
        size_t len;
        bool repeated = false;
        /* An unread Code Integrity log is no reason: each module says it. */
        if (r->satisfied == ACS_YES || (r->kind == ACS_REQ_PPL && r->satisfied == ACS_UNSURE))
            continue;
        len = acs_render(catalog, lang, r->evidence, &r->args, reason, ACS_REPORT_TEXT_MAX);
        if (len + sizeof dash < ACS_REPORT_TEXT_MAX) {
            memcpy(reason + len, dash, sizeof dash);
            len += sizeof dash - 1;
            len += acs_render(catalog, lang, r->remedy, &r->args, reason + len, ACS_REPORT_TEXT_MAX - len);
        }
        for (size_t j = 0; j < count && !repeated; j++)
            repeated = strcmp(reasons[j], reason) == 0;
        if (repeated)
            continue;
        if (lengths)
            lengths[count] = len;
        count++;
    }
    return count;
}

/* Appends s to buf (size bytes, NUL-terminated), never cutting a UTF-8
 * sequence; returns the new length. */
static size_t append_utf8(char *buf, size_t used, size_t size, const char *s)
{
    size_t n = strlen(s);
    if (used + 1 >= size)
        return used;
    if (n > size - 1 - used) {
        n = size - 1 - used;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(buf + used, s, n);
    buf[used + n] = '\0';
    return used + n;
}

/* Each protected service judged against this machine's verdict, its
 * sentences rendered, and a reason line for each one that is not Healthy. */
static void build_ppl(acs_report *report)
{
    const acs_ppl_facts *ppl = &report->facts->ppl;
    acs_tristate machine_ready = acs_ppl_machine_ready(&report->verdict);

    if (!ppl->modules.known)
        return;
    for (size_t i = 0; i < ppl->module_count && i < ACS_MAX_PPL_MODULES; i++) {
        const acs_ppl_module *m = &ppl->list[i];
        acs_ppl_result *res = &report->ppl[i];
        char *evidence = report->ppl_text[i][0];
        size_t used;

        acs_ppl_judge(m, machine_ready, res);
        used = acs_render(report->catalog, report->lang, res->evidence, &res->args, evidence, ACS_REPORT_TEXT_MAX);
        if (res->note != ACS_TEXT_RM_NONE && used + 3 < ACS_REPORT_TEXT_MAX) {
            used = append_utf8(evidence, used, ACS_REPORT_TEXT_MAX, ". ");
            acs_render(report->catalog, report->lang, res->note, &res->note_args, evidence + used,
                       ACS_REPORT_TEXT_MAX - used);
        }
        acs_render(report->catalog, report->lang, res->remedy, &res->args, report->ppl_text[i][1],
                   ACS_REPORT_TEXT_MAX);
        if (m->last_failure_unix)
            acs_format_dmtf(m->last_failure_unix, report->ppl_failure_time[i]);
        if (res->health == ACS_PPL_FAILING || res->health == ACS_PPL_AT_RISK)
            report->ppl_failing++;
        else if (res->health == ACS_PPL_UNKNOWN)
            report->ppl_unknown++;
        if (res->health != ACS_PPL_HEALTHY) {
            /* One line per module, named by its service: never merged with another. */
            char *line = report->reasons[report->reason_count++];
            size_t n = append_utf8(line, 0, ACS_REPORT_TEXT_MAX, m->service_name);
            n = append_utf8(line, n, ACS_REPORT_TEXT_MAX, ": ");
            n = append_utf8(line, n, ACS_REPORT_TEXT_MAX, evidence);
            n = append_utf8(line, n, ACS_REPORT_TEXT_MAX, " \xE2\x80\x94 ");
            append_utf8(line, n, ACS_REPORT_TEXT_MAX, report->ppl_text[i][1]);
        }
    }
}

void acs_report_build(acs_report *report, const acs_catalog *catalog, const acs_catalog_origin *origin,
                      const acs_profile *profile, const acs_host_facts *facts, acs_lang lang,
                      int64_t evaluated_at_unix)
{
    const acs_update_facts *u = &facts->updates;
    const acs_root_facts *root = &facts->root;

    memset(report, 0, sizeof *report);
    report->lang = lang;
    report->facts = facts;
    report->catalog = catalog;
    if (origin)
        report->origin = *origin;
    else
        snprintf(report->origin.source, sizeof report->origin.source, "%s", "built-in");
    report->provider_version = ACS_VERSION;
    acs_format_dmtf(evaluated_at_unix, report->evaluated_at);

    acs_evaluate(catalog, profile, facts, &report->verdict);

    for (size_t i = 0; i < report->verdict.requirement_count; i++) {
        const acs_requirement_result *r = &report->verdict.requirements[i];
        acs_render(catalog, lang, r->evidence, &r->args, report->requirement_text[i][0], ACS_REPORT_TEXT_MAX);
        acs_render(catalog, lang, r->remedy, &r->args, report->requirement_text[i][1], ACS_REPORT_TEXT_MAX);
    }
    report->reason_count = acs_render_reasons(catalog, lang, &report->verdict, report->reasons, NULL);
    for (size_t i = 0; i < report->verdict.missing_count; i++)
        acs_format_kb(report->verdict.missing_kbs[i], report->missing_updates[i], sizeof report->missing_updates[i]);

    build_ppl(report);
    format_version(report);
    if (u->kernel.known)
        snprintf(report->kernel_version, sizeof report->kernel_version, "%u.%u.%u.%u", u->kernel_version[0],
                 u->kernel_version[1], u->kernel_version[2], u->kernel_version[3]);
    if (root->presence.known)
        acs_store_list(root->stores, report->root_stores, sizeof report->root_stores);
    if (root->last_sync.known && !root->never_synced)
        acs_format_dmtf(root->last_sync_unix, report->root_last_sync);
    format_catalog_source(report);
}
