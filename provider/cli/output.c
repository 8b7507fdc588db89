/* One machine's report on stdout, in the format asked for. Every format
 * prints the class table's properties through acs_property_value, so a
 * property added to core/classes.c appears in all three.
 *
 *  text: the way PowerShell's Format-List shows an instance ("Name : Value",
 *        names padded to one column), the singleton first, then one block per
 *        requirement and per protected service; arrays list one element a
 *        line under each other.
 *  json: one object whose members are exactly the AcsReadiness properties
 *        (typed), plus "Requirements": one object per AcsReadiness_Requirement,
 *        and "PplModules" (one per AcsReadiness_PplModule) when there is any.
 *  csv:  a header of the AcsReadiness property names and one row, the way
 *        Export-Csv writes an instance; arrays are joined with "; ".
 * Each also says whether the root certificate was checked or assumed (RootCa,
 * as evaluate --inventory says it): a text line, a JSON member after the
 * properties, the last CSV column. */
#include "cli/cli.h"
#include "cli/labels.h"

#include <stdio.h>
#include <string.h>

/* ---- one value, as each format spells it ---------------------------------- */

/* text and csv write what PowerShell shows (True/False, nothing for null);
 * json writes JSON (true/false, null). Arrays: one element a line under each
 * other in text, "; "-joined in one csv field, a JSON array in json. */
static void write_string(cli_writer *w, const char *text, cli_format format)
{
    if (format == CLI_FORMAT_JSON) {
        if (text)
            cli_write_json_string(w, text, strlen(text));
        else
            cli_write_str(w, "null");
    } else if (text && format == CLI_FORMAT_CSV) {
        cli_write_csv_field(w, text, strlen(text));
    } else if (text) {
        cli_write_str(w, text);
    }
}

static void write_array(cli_writer *w, const acs_value *value, cli_format format, size_t indent)
{
    char joined[ACS_REPORT_MAX_STRINGS * ACS_REPORT_TEXT_MAX];
    size_t len = 0;

    switch (format) {
    case CLI_FORMAT_JSON:
        cli_write_char(w, '[');
        for (size_t i = 0; i < value->count; i++) {
            if (i > 0)
                cli_write_char(w, ',');
            cli_write_json_string(w, value->strings[i], strlen(value->strings[i]));
        }
        cli_write_char(w, ']');
        break;
    case CLI_FORMAT_CSV:
        joined[0] = '\0';
        for (size_t i = 0; i < value->count; i++) {
            int n = snprintf(joined + len, sizeof joined - len, "%s%s", i ? "; " : "", value->strings[i]);
            if (n < 0 || (size_t)n >= sizeof joined - len)
                break;
            len += (size_t)n;
        }
        cli_write_csv_field(w, joined, strlen(joined));
        break;
    case CLI_FORMAT_DEFAULT:
    case CLI_FORMAT_TEXT:
    case CLI_FORMAT_HTML: /* the inventory's page; never asked of a value */
        if (value->count == 0)
            cli_write_str(w, "{}");
        for (size_t i = 0; i < value->count; i++) {
            if (i > 0) {
                cli_write_char(w, '\n');
                cli_write_padded(w, "", indent);
            }
            cli_write_str(w, value->strings[i]);
        }
        break;
    }
}

/* indent: where a text array's next element starts. */
static void write_value(cli_writer *w, const acs_value *value, cli_format format, size_t indent)
{
    bool json = format == CLI_FORMAT_JSON;
    if (value->is_null) {
        if (json)
            cli_write_str(w, "null");
        return;
    }
    switch (value->type) {
    case ACS_CIM_STRING:
    case ACS_CIM_DATETIME:
        write_string(w, value->string, format);
        break;
    case ACS_CIM_BOOLEAN:
        if (json)
            cli_write_str(w, value->boolean ? "true" : "false");
        else
            cli_write_str(w, value->boolean ? "True" : "False");
        break;
    case ACS_CIM_UINT32:
        cli_write_u32(w, value->uint32);
        break;
    case ACS_CIM_STRING_ARRAY:
        write_array(w, value, format, indent);
        break;
    }
}

const char *cli_root_token(const char *root_assumed)
{
    if (!root_assumed)
        return "Checked";
    if (strcmp(root_assumed, "absent") == 0)
        return "AssumedAbsent";
    if (strcmp(root_assumed, "unknown") == 0)
        return "NotChecked";
    return "AssumedPresent";
}

/* ---- text ------------------------------------------------------------------ */

/* Text is for people: beside the English State (the value scripts compare)
 * the state in the answer's language, "NotReady (未対応)". */
static void write_local_state(cli_writer *w, const acs_report *report)
{
    static const acs_text_id ids[4] = {ACS_TEXT_STATE_READY, ACS_TEXT_STATE_NOT_READY, ACS_TEXT_STATE_UNSUPPORTED,
                                       ACS_TEXT_STATE_UNKNOWN};
    const char *local;
    if (report->lang == ACS_LANG_EN || (unsigned)report->verdict.state > 3)
        return;
    local = acs_catalog_text(report->catalog, report->lang, ids[report->verdict.state]);
    if (local) {
        cli_write_str(w, " (");
        cli_write_str(w, local);
        cli_write_char(w, ')');
    }
}

/* The singleton's block ends with RootCa: the token scripts compare and, when
 * the root was not checked, what was assumed in the answer's language. */
static void write_root_line(cli_writer *w, const acs_report *report, const char *root_assumed, size_t width)
{
    cli_write_padded(w, CLI_ROOT_COLUMN, width);
    cli_write_str(w, " : ");
    cli_write_str(w, cli_root_token(root_assumed));
    if (root_assumed) {
        cli_write_str(w, " (");
        cli_write_str(w, cli_label_text(report->lang, L_ROOT_NOT_CHECKED));
        cli_write_char(w, ' ');
        cli_write_str(w, cli_label_root_value(report->lang, root_assumed));
        cli_write_char(w, ')');
    }
    cli_write_char(w, '\n');
}

/* root_assumed: only for the singleton (AcsReadiness), which ends with RootCa. */
static void write_block(cli_writer *w, const acs_class *cls, const acs_report *report, size_t row,
                        const char *const *root_assumed)
{
    size_t width = root_assumed ? strlen(CLI_ROOT_COLUMN) : 0;
    for (size_t i = 0; i < cls->property_count; i++) {
        size_t len = strlen(cls->properties[i].name);
        width = len > width ? len : width;
    }
    for (size_t i = 0; i < cls->property_count; i++) {
        const acs_property *property = &cls->properties[i];
        acs_value value;
        acs_property_value(property, report, row, &value);
        cli_write_padded(w, property->name, width);
        cli_write_str(w, " : ");
        write_value(w, &value, CLI_FORMAT_TEXT, width + 3);
        if (cls == &acs_class_readiness && property == acs_readiness_state)
            write_local_state(w, report);
        cli_write_char(w, '\n');
    }
    if (root_assumed)
        write_root_line(w, report, *root_assumed, width);
}

static void print_text(cli_writer *w, const acs_report *report, const char *root_assumed)
{
    size_t rows = acs_class_requirement.row_count(report);
    write_block(w, &acs_class_readiness, report, 0, &root_assumed);
    for (size_t row = 0; row < rows; row++) {
        cli_write_char(w, '\n');
        write_block(w, &acs_class_requirement, report, row, NULL);
    }
    rows = acs_class_ppl_module.row_count(report);
    for (size_t row = 0; row < rows; row++) {
        cli_write_char(w, '\n');
        write_block(w, &acs_class_ppl_module, report, row, NULL);
    }
}

/* ---- json ------------------------------------------------------------------ */

static void write_instance(cli_writer *w, const acs_class *cls, const acs_report *report, size_t row,
                           const char *indent)
{
    for (size_t i = 0; i < cls->property_count; i++) {
        const acs_property *property = &cls->properties[i];
        acs_value value;
        acs_property_value(property, report, row, &value);
        cli_write_str(w, i == 0 ? "" : ",\n");
        cli_write_str(w, indent);
        cli_write_json_string(w, property->name, strlen(property->name));
        cli_write_str(w, ": ");
        write_value(w, &value, CLI_FORMAT_JSON, 0);
    }
}

static void print_json(cli_writer *w, const acs_report *report, const char *root_assumed)
{
    const acs_class *requirement = &acs_class_requirement;
    size_t rows = requirement->row_count(report);

    cli_write_str(w, "{\n");
    write_instance(w, &acs_class_readiness, report, 0, "  ");
    cli_write_str(w, acs_class_readiness.property_count ? ",\n" : "");
    cli_write_str(w, "  \"" CLI_ROOT_COLUMN "\": ");
    cli_write_json_string(w, cli_root_token(root_assumed), strlen(cli_root_token(root_assumed)));
    cli_write_str(w, ",\n");
    cli_write_str(w, "  \"Requirements\": [");
    for (size_t row = 0; row < rows; row++) {
        cli_write_str(w, row == 0 ? "\n    {\n" : ",\n    {\n");
        write_instance(w, requirement, report, row, "      ");
        cli_write_str(w, "\n    }");
    }
    cli_write_str(w, rows ? "\n  ]" : "]");
    /* Only when the machine's protected services were read or given. */
    rows = acs_class_ppl_module.row_count(report);
    if (rows) {
        cli_write_str(w, ",\n  \"PplModules\": [");
        for (size_t row = 0; row < rows; row++) {
            cli_write_str(w, row == 0 ? "\n    {\n" : ",\n    {\n");
            write_instance(w, &acs_class_ppl_module, report, row, "      ");
            cli_write_str(w, "\n    }");
        }
        cli_write_str(w, "\n  ]");
    }
    cli_write_str(w, "\n}\n");
}

/* ---- csv ------------------------------------------------------------------- */

static void print_csv(cli_writer *w, const acs_report *report, const char *root_assumed)
{
    const acs_class *cls = &acs_class_readiness;
    for (size_t i = 0; i < cls->property_count; i++) {
        cli_write_csv_field(w, cls->properties[i].name, strlen(cls->properties[i].name));
        cli_write_char(w, ',');
    }
    cli_write_str(w, CLI_ROOT_COLUMN "\n");
    for (size_t i = 0; i < cls->property_count; i++) {
        acs_value value;
        acs_property_value(&cls->properties[i], report, 0, &value);
        if (i > 0)
            cli_write_char(w, ',');
        write_value(w, &value, CLI_FORMAT_CSV, 0);
    }
    cli_write_char(w, ',');
    cli_write_str(w, cli_root_token(root_assumed));
    cli_write_char(w, '\n');
}

/* ---- the format asked for -------------------------------------------------- */

int cli_print_report(const acs_report *report, cli_format format, const char *root_assumed)
{
    static cli_writer out;
    cli_writer_init(&out, stdout);
    switch (format) {
    case CLI_FORMAT_JSON:
        print_json(&out, report, root_assumed);
        break;
    case CLI_FORMAT_CSV:
        print_csv(&out, report, root_assumed);
        break;
    case CLI_FORMAT_DEFAULT:
    case CLI_FORMAT_TEXT:
    case CLI_FORMAT_HTML: /* refused for one machine by the argument check */
        print_text(&out, report, root_assumed);
        break;
    }
    if (!cli_writer_flush(&out)) {
        fprintf(stderr, "acsready: cannot write the output\n");
        return CLI_EXIT_IOERR;
    }
    return 0;
}
