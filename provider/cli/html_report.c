/* The fleet report page; see html_report.h. The page's own labels (headings,
 * column names) live in the table below in the three languages; verdicts,
 * state names and reasons come from the catalog like every other output. */
#include "cli/html_report.h"
#include "cli/labels.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifndef ACS_VERSION
#define ACS_VERSION "0.0.0-dev"
#endif

static const char *text(const cli_html_report *r, cli_label l)
{
    return cli_label_text(r->lang, l);
}

/* A rule's name in the report's language (the catalog's name-zh-TW/name-ja, English otherwise). */
static const char *rule_name(const cli_html_report *r, const acs_os_rule *rule)
{
    const char *localized = r->lang < ACS_LANG_COUNT ? rule->localized_name[r->lang] : NULL;
    return localized ? localized : rule->name;
}

static const acs_text_id state_text[4] = {ACS_TEXT_STATE_READY, ACS_TEXT_STATE_NOT_READY,
                                          ACS_TEXT_STATE_UNSUPPORTED, ACS_TEXT_STATE_UNKNOWN};
static const char *const state_color[4] = {"#2e7d32", "#c62828", "#6a1b9a", "#9e9e9e"};

static const char *state_label(const cli_html_report *r, int state)
{
    const char *t = acs_catalog_text(r->catalog, r->lang, state_text[state]);
    return t ? t : acs_state_name((acs_state)state);
}

static void write_html(cli_writer *w, const char *s, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        const char *entity;
        switch (s[i]) {
        case '&':
            entity = "&amp;";
            break;
        case '<':
            entity = "&lt;";
            break;
        case '>':
            entity = "&gt;";
            break;
        case '"':
            entity = "&quot;";
            break;
        case '\'':
            entity = "&#39;";
            break;
        default:
            continue;
        }
        cli_write_bytes(w, s + start, i - start);
        cli_write_str(w, entity);
        start = i + 1;
    }
    cli_write_bytes(w, s + start, len - start);
}

static void write_html_str(cli_writer *w, const char *s)
{
    write_html(w, s, strlen(s));
}

static void write_u64(cli_writer *w, unsigned long long v)
{
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%llu", v);
    cli_write_bytes(w, buf, (size_t)n);
}

static void write_kb(cli_writer *w, uint32_t kb)
{
    char buf[16];
    int n = snprintf(buf, sizeof buf, "KB%u", (unsigned)kb);
    cli_write_bytes(w, buf, (size_t)n);
}

static const char style[] =
    "<style>\n"
    "body{font:14px/1.4 system-ui,'Segoe UI','Meiryo','Microsoft JhengHei',sans-serif;margin:0;color:#222;background:#fafafa}\n"
    "#page{display:flex;flex-direction:column;gap:16px;padding:16px 24px;max-width:1400px}\n"
    "#summary{order:-1;display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}\n"
    "#releases{grid-column:1/-1}\n"
    "header{order:-2}h1{font-size:22px;margin:0}h2{font-size:16px;margin:0 0 8px}\n"
    "section.card,#machines{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px}\n"
    "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;vertical-align:top}\n"
    "th{background:#f3f3f3}#machines th{cursor:pointer;user-select:none;position:sticky;top:0}\n"
    "th.asc::after{content:' \\25B2'}th.desc::after{content:' \\25BC'}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".st{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;white-space:nowrap}\n"
    ".s0{background:#2e7d32}.s1{background:#c62828}.s2{background:#6a1b9a}.s3{background:#757575}\n"
    ".bar{display:flex;height:14px;min-width:120px}.bar span{display:block;height:100%}\n"
    ".notes p{margin:4px 0}.controls{display:flex;gap:8px;margin-bottom:8px;align-items:center}\n"
    "input[type=search]{flex:1;padding:4px 8px}ul.r{margin:0;padding-left:16px}tr.hide{display:none}\n"
    "#machines td:first-child,#machines td:nth-child(4){white-space:nowrap}\n"
    "</style>\n";

/* Sort by a column (the state column by severity), filter by text and state;
 * the URL fragment (#q=...&state=1&sort=0&dir=desc) sets both on load, so a
 * filtered view can be bookmarked (and tested with chromium --dump-dom). */
static const char script[] =
    "<script>\n"
    "(function(){\n"
    "var table=document.getElementById('machines-table'),body=table.tBodies[0];\n"
    "var q=document.getElementById('q'),st=document.getElementById('state'),shown=document.getElementById('shown');\n"
    "var total=body.rows.length;\n"
    "function key(row,k){var c=row.cells[k];return c.hasAttribute('data-v')?c.getAttribute('data-v'):c.textContent;}\n"
    "function filter(){var t=q.value.toLowerCase(),s=st.value,n=0;\n"
    " for(var i=0;i<body.rows.length;i++){var r=body.rows[i];\n"
    "  var ok=(s===''||r.getAttribute('data-s')===s)&&(t===''||r.textContent.toLowerCase().indexOf(t)>=0);\n"
    "  r.className=ok?'':'hide';if(ok)n++;}\n"
    " shown.textContent=n+' / '+total;}\n"
    "function sort(k,dir){var rows=Array.prototype.slice.call(body.rows);\n"
    " rows.sort(function(a,b){var x=key(a,k),y=key(b,k);return dir*x.localeCompare(y,undefined,{numeric:true});});\n"
    " var f=document.createDocumentFragment();rows.forEach(function(r){f.appendChild(r);});body.appendChild(f);\n"
    " var hs=table.tHead.rows[0].cells;for(var i=0;i<hs.length;i++)hs[i].className=i===k?(dir>0?'asc':'desc'):'';}\n"
    "var hs=table.tHead.rows[0].cells;\n"
    "for(var i=0;i<hs.length;i++)(function(k){hs[k].addEventListener('click',function(){\n"
    " sort(k,hs[k].className==='asc'?-1:1);});})(i);\n"
    "q.addEventListener('input',filter);st.addEventListener('change',filter);\n"
    "var h={};location.hash.replace(/^#/,'').split('&').forEach(function(p){var e=p.indexOf('=');\n"
    " if(e>0)h[decodeURIComponent(p.slice(0,e))]=decodeURIComponent(p.slice(e+1));});\n"
    "if(h.q)q.value=h.q;if(h.state)st.value=h.state;\n"
    "if(h.sort)sort(parseInt(h.sort,10),h.dir==='desc'?-1:1);\n"
    "filter();\n"
    "})();\n"
    "</script>\n";

void cli_html_begin(cli_html_report *r, cli_writer *out, const acs_catalog *catalog, acs_lang lang,
                    const char *source)
{
    memset(r, 0, sizeof *r);
    r->out = out;
    r->catalog = catalog;
    r->lang = lang;

    cli_write_str(out, "<!DOCTYPE html>\n<html lang=\"");
    cli_write_str(out, acs_lang_code(lang));
    cli_write_str(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                       "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    write_html_str(out, text(r, L_TITLE));
    cli_write_str(out, " \xE2\x80\x94 ");
    write_html_str(out, source);
    cli_write_str(out, "</title>\n");
    cli_write_str(out, style);
    cli_write_str(out, "</head>\n<body>\n<main id=\"page\">\n<header><h1>");
    write_html_str(out, text(r, L_TITLE));
    cli_write_str(out, "</h1></header>\n<section id=\"machines\"><h2>");
    write_html_str(out, text(r, L_MACHINES));
    cli_write_str(out, "</h2>\n<div class=\"controls\"><input id=\"q\" type=\"search\" placeholder=\"");
    write_html_str(out, text(r, L_FILTER));
    cli_write_str(out, "\"><select id=\"state\"><option value=\"\">");
    write_html_str(out, text(r, L_ALL_STATES));
    cli_write_str(out, "</option>");
    for (int s = 0; s < 4; s++) {
        cli_write_str(out, "<option value=\"");
        write_u64(out, (unsigned long long)s);
        cli_write_str(out, "\">");
        write_html_str(out, state_label(r, s));
        cli_write_str(out, "</option>");
    }
    cli_write_str(out, "</select><span id=\"shown\"></span></div>\n<table id=\"machines-table\"><thead><tr>");
    static const cli_label columns[] = {L_NAME, L_STATE, L_OS, L_VERSION, L_MISSING_COL, L_REASONS};
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) {
        cli_write_str(out, "<th>");
        write_html_str(out, text(r, columns[i]));
        cli_write_str(out, "</th>");
    }
    cli_write_str(out, "</tr></thead>\n<tbody>\n");
}

static void count_release(cli_html_report *r, const acs_verdict *v)
{
    for (size_t i = 0; i < r->release_count; i++)
        if (r->releases[i].rule == v->rule) {
            r->releases[i].counts[v->state]++;
            return;
        }
    if (r->release_count == CLI_HTML_MAX_RELEASES) {
        r->other_release_counts[v->state]++;
        return;
    }
    r->releases[r->release_count].rule = v->rule;
    r->releases[r->release_count++].counts[v->state] = 1;
}

static void count_missing(cli_html_report *r, uint32_t kb)
{
    for (size_t i = 0; i < r->kb_count; i++)
        if (r->kbs[i].kb == kb) {
            r->kbs[i].machines++;
            return;
        }
    if (r->kb_count == CLI_HTML_MAX_KBS) {
        r->other_kb_machines++;
        return;
    }
    r->kbs[r->kb_count].kb = kb;
    r->kbs[r->kb_count++].machines = 1;
}

void cli_html_machine(cli_html_report *r, const char *name, size_t name_len, const char *version,
                      size_t version_len, const acs_verdict *v, const char *const *reasons,
                      const size_t *reason_lengths, size_t reason_count)
{
    cli_writer *w = r->out;
    int s = (int)v->state;

    r->machines++;
    r->counts[s]++;
    count_release(r, v);
    for (size_t i = 0; i < v->missing_count; i++)
        count_missing(r, v->missing_kbs[i]);

    cli_write_str(w, "<tr data-s=\"");
    cli_write_char(w, (char)('0' + s));
    cli_write_str(w, "\"><td>");
    write_html(w, name, name_len);
    cli_write_str(w, "</td><td data-v=\"");
    cli_write_char(w, (char)('0' + s));
    cli_write_str(w, "\"><span class=\"st s");
    cli_write_char(w, (char)('0' + s));
    cli_write_str(w, "\" title=\"");
    cli_write_str(w, acs_state_name(v->state));
    cli_write_str(w, "\">");
    write_html_str(w, state_label(r, s));
    cli_write_str(w, "</span></td><td>");
    write_html_str(w, v->rule ? rule_name(r, v->rule) : text(r, L_NO_RULE));
    cli_write_str(w, "</td><td>");
    write_html(w, version, version_len);
    cli_write_str(w, "</td><td>");
    for (size_t i = 0; i < v->missing_count; i++) {
        if (i)
            cli_write_char(w, ' ');
        write_kb(w, v->missing_kbs[i]);
    }
    cli_write_str(w, "</td><td>");
    if (reason_count) {
        cli_write_str(w, "<ul class=\"r\">");
        for (size_t i = 0; i < reason_count; i++) {
            cli_write_str(w, "<li>");
            write_html(w, reasons[i], reason_lengths[i]);
            cli_write_str(w, "</li>");
        }
        cli_write_str(w, "</ul>");
    }
    cli_write_str(w, "</td></tr>\n");
}

/* A horizontal bar per state, scaled to the largest count; labels inside the SVG. */
static void write_state_chart(cli_html_report *r)
{
    cli_writer *w = r->out;
    unsigned long long largest = 1;
    char buf[256];
    for (int s = 0; s < 4; s++)
        if (r->counts[s] > largest)
            largest = r->counts[s];
    cli_write_str(w, "<svg id=\"state-chart\" role=\"img\" viewBox=\"0 0 480 136\" width=\"100%\" "
                     "style=\"max-width:640px\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"15\">\n");
    for (int s = 0; s < 4; s++) {
        double width = 300.0 * (double)r->counts[s] / (double)largest;
        int y = 4 + s * 33;
        snprintf(buf, sizeof buf, "<g data-state=\"%s\"><text x=\"0\" y=\"%d\">", acs_state_name((acs_state)s),
                 y + 17);
        cli_write_str(w, buf);
        write_html_str(w, state_label(r, s));
        snprintf(buf, sizeof buf, "</text><rect x=\"130\" y=\"%d\" height=\"24\" width=\"%.1f\" fill=\"%s\"/>"
                                  "<text class=\"count\" x=\"%.1f\" y=\"%d\">%llu</text></g>\n",
                 y, width, state_color[s], 136.0 + width, y + 17, r->counts[s]);
        cli_write_str(w, buf);
    }
    cli_write_str(w, "</svg>\n");
}

static void write_counts_row(cli_html_report *r, const char *name, const unsigned long long counts[4])
{
    cli_writer *w = r->out;
    unsigned long long total = counts[0] + counts[1] + counts[2] + counts[3];
    char buf[160];
    cli_write_str(w, "<tr><td>");
    write_html_str(w, name);
    cli_write_str(w, "</td>");
    for (int s = 0; s < 4; s++) {
        cli_write_str(w, "<td class=\"n\">");
        write_u64(w, counts[s]);
        cli_write_str(w, "</td>");
    }
    cli_write_str(w, "<td class=\"n\">");
    write_u64(w, total);
    cli_write_str(w, "</td><td><div class=\"bar\">");
    for (int s = 0; s < 4; s++)
        if (counts[s]) {
            snprintf(buf, sizeof buf, "<span class=\"s%d\" style=\"width:%.1f%%\"></span>", s,
                     100.0 * (double)counts[s] / (double)total);
            cli_write_str(w, buf);
        }
    cli_write_str(w, "</div></td></tr>\n");
}

static void write_releases(cli_html_report *r)
{
    cli_writer *w = r->out;
    cli_write_str(w, "<section class=\"card\" id=\"releases\"><h2>");
    write_html_str(w, text(r, L_RELEASES));
    cli_write_str(w, "</h2>\n<table><thead><tr><th>");
    write_html_str(w, text(r, L_OS));
    cli_write_str(w, "</th>");
    for (int s = 0; s < 4; s++) {
        cli_write_str(w, "<th>");
        write_html_str(w, state_label(r, s));
        cli_write_str(w, "</th>");
    }
    cli_write_str(w, "<th>");
    write_html_str(w, text(r, L_TOTAL));
    cli_write_str(w, "</th><th></th></tr></thead><tbody>\n");
    /* most machines first; a selection sort over at most 128 rows */
    bool done[CLI_HTML_MAX_RELEASES] = {false};
    for (size_t n = 0; n < r->release_count; n++) {
        size_t best = SIZE_MAX;
        unsigned long long best_total = 0;
        for (size_t i = 0; i < r->release_count; i++) {
            const unsigned long long *c = r->releases[i].counts;
            unsigned long long t = c[0] + c[1] + c[2] + c[3];
            if (!done[i] && (best == SIZE_MAX || t > best_total)) {
                best = i;
                best_total = t;
            }
        }
        done[best] = true;
        write_counts_row(r, r->releases[best].rule ? rule_name(r, r->releases[best].rule) : text(r, L_NO_RULE),
                         r->releases[best].counts);
    }
    if (r->other_release_counts[0] + r->other_release_counts[1] + r->other_release_counts[2] +
        r->other_release_counts[3])
        write_counts_row(r, text(r, L_OTHER), r->other_release_counts);
    write_counts_row(r, text(r, L_TOTAL), r->counts);
    cli_write_str(w, "</tbody></table></section>\n");
}

static void write_missing(cli_html_report *r)
{
    cli_writer *w = r->out;
    bool done[CLI_HTML_MAX_KBS] = {false};
    cli_write_str(w, "<section class=\"card\" id=\"missing\"><h2>");
    write_html_str(w, text(r, L_MISSING));
    cli_write_str(w, "</h2>\n");
    if (r->kb_count == 0) {
        cli_write_str(w, "<p>");
        write_html_str(w, text(r, L_NONE_MISSING));
        cli_write_str(w, "</p></section>\n");
        return;
    }
    cli_write_str(w, "<table><thead><tr><th>");
    write_html_str(w, text(r, L_UPDATE));
    cli_write_str(w, "</th><th>");
    write_html_str(w, text(r, L_COUNT));
    cli_write_str(w, "</th></tr></thead><tbody>\n");
    for (size_t n = 0; n < r->kb_count; n++) {
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < r->kb_count; i++)
            if (!done[i] && (best == SIZE_MAX || r->kbs[i].machines > r->kbs[best].machines ||
                             (r->kbs[i].machines == r->kbs[best].machines && r->kbs[i].kb < r->kbs[best].kb)))
                best = i;
        done[best] = true;
        cli_write_str(w, "<tr><td>");
        write_kb(w, r->kbs[best].kb);
        cli_write_str(w, "</td><td class=\"n\">");
        write_u64(w, r->kbs[best].machines);
        cli_write_str(w, "</td></tr>\n");
    }
    if (r->other_kb_machines) {
        cli_write_str(w, "<tr><td>");
        write_html_str(w, text(r, L_OTHER));
        cli_write_str(w, "</td><td class=\"n\">");
        write_u64(w, r->other_kb_machines);
        cli_write_str(w, "</td></tr>\n");
    }
    cli_write_str(w, "</tbody></table></section>\n");
}

static void write_notes(cli_html_report *r, const cli_html_notes *notes)
{
    cli_writer *w = r->out;
    cli_write_str(w, "<section class=\"card notes\" id=\"notes\"><h2>");
    write_html_str(w, text(r, L_STATES));
    cli_write_str(w, "</h2>\n");
    write_state_chart(r);
    cli_write_str(w, "<p>");
    write_html_str(w, text(r, L_SOURCE));
    cli_write_str(w, ": <code>");
    write_html_str(w, notes->source ? notes->source : "-");
    cli_write_str(w, "</code>; ");
    write_html_str(w, text(r, L_PROFILE));
    cli_write_str(w, ": <code>");
    write_html_str(w, notes->profile ? notes->profile : "-");
    cli_write_str(w, "</code>; ");
    write_html_str(w, text(r, L_TOTAL));
    cli_write_str(w, ": <span id=\"total\">");
    write_u64(w, r->machines);
    cli_write_str(w, "</span></p>\n");
    if (notes->root_assumed) {
        cli_write_str(w, "<p id=\"root-assumed\">");
        write_html_str(w, text(r, L_ROOT_ASSUMED));
        cli_write_char(w, ' ');
        write_html_str(w, cli_label_root_value(r->lang, notes->root_assumed));
        cli_write_str(w, r->lang == ACS_LANG_EN ? ".</p>\n" : "</p>\n");
    }
    if (notes->not_windows) {
        cli_write_str(w, "<p id=\"not-windows\">");
        write_u64(w, notes->not_windows);
        cli_write_char(w, ' ');
        write_html_str(w, text(r, L_NOT_WINDOWS));
        cli_write_str(w, "</p>\n");
    }
    if (notes->bad_rows) {
        cli_write_str(w, "<p id=\"bad-rows\">");
        write_u64(w, notes->bad_rows);
        cli_write_char(w, ' ');
        write_html_str(w, text(r, L_BAD_ROWS));
        cli_write_str(w, "</p>\n");
    }
    cli_write_str(w, "<p><small>");
    write_html_str(w, text(r, L_GENERATED));
    cli_write_str(w, " " ACS_VERSION "</small></p></section>\n");
}

void cli_html_end(cli_html_report *r, const cli_html_notes *notes)
{
    cli_writer *w = r->out;
    cli_write_str(w, "</tbody></table></section>\n<div id=\"summary\">\n");
    write_notes(r, notes);
    write_missing(r);
    write_releases(r);
    cli_write_str(w, "</div>\n</main>\n");
    cli_write_str(w, script);
    cli_write_str(w, "</body>\n</html>\n");
}
