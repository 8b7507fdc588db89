/* --format text: the way PowerShell's Format-List shows an instance
 * ("Name : Value", names padded to one column), the singleton first, then one
 * block per requirement. Arrays list one element a line under each other. */
#include "cli/cli.h"

#include <string.h>

static void write_text_value(cli_writer *w, const acs_value *value, size_t indent)
{
    if (value->is_null)
        return;
    switch (value->type) {
    case ACS_CIM_STRING:
    case ACS_CIM_DATETIME:
        if (value->string)
            cli_write_str(w, value->string);
        break;
    case ACS_CIM_BOOLEAN:
        cli_write_str(w, value->boolean ? "True" : "False");
        break;
    case ACS_CIM_UINT32:
        cli_write_u32(w, value->uint32);
        break;
    case ACS_CIM_STRING_ARRAY:
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

static void write_block(cli_writer *w, const acs_class *cls, const acs_report *report, size_t row)
{
    size_t width = 0;
    for (size_t i = 0; i < cls->property_count; i++) {
        size_t len = strlen(cls->properties[i].name);
        width = len > width ? len : width;
    }
    for (size_t i = 0; i < cls->property_count; i++) {
        const acs_property *property = &cls->properties[i];
        acs_value value;
        memset(&value, 0, sizeof value);
        value.type = property->type;
        property->get(report, row, &value);
        cli_write_padded(w, property->name, width);
        cli_write_str(w, " : ");
        write_text_value(w, &value, width + 3);
        if (cls == &acs_class_readiness && strcmp(property->name, "State") == 0)
            write_local_state(w, report);
        cli_write_char(w, '\n');
    }
}

void cli_print_report_text(cli_writer *w, const acs_report *report)
{
    size_t rows = acs_class_requirement.row_count(report);
    write_block(w, &acs_class_readiness, report, 0);
    for (size_t row = 0; row < rows; row++) {
        cli_write_char(w, '\n');
        write_block(w, &acs_class_requirement, report, row);
    }
}
