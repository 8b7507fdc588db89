/* --format json: one object whose members are exactly the AcsReadiness
 * properties (from the class table, typed), plus "Requirements": one object
 * per AcsReadiness_Requirement instance, and "PplModules" (one object per
 * AcsReadiness_PplModule instance) when there is any. */
#include "cli/cli.h"

#include <string.h>

void cli_write_json_value(cli_writer *w, const acs_value *value)
{
    if (value->is_null) {
        cli_write_str(w, "null");
        return;
    }
    switch (value->type) {
    case ACS_CIM_STRING:
    case ACS_CIM_DATETIME:
        if (value->string)
            cli_write_json_string(w, value->string, strlen(value->string));
        else
            cli_write_str(w, "null");
        break;
    case ACS_CIM_BOOLEAN:
        cli_write_str(w, value->boolean ? "true" : "false");
        break;
    case ACS_CIM_UINT32:
        cli_write_u32(w, value->uint32);
        break;
    case ACS_CIM_STRING_ARRAY:
        cli_write_char(w, '[');
        for (size_t i = 0; i < value->count; i++) {
            if (i > 0)
                cli_write_char(w, ',');
            cli_write_json_string(w, value->strings[i], strlen(value->strings[i]));
        }
        cli_write_char(w, ']');
        break;
    }
}

static void write_instance(cli_writer *w, const acs_class *cls, const acs_report *report, size_t row,
                           const char *indent)
{
    for (size_t i = 0; i < cls->property_count; i++) {
        const acs_property *property = &cls->properties[i];
        acs_value value;
        memset(&value, 0, sizeof value);
        value.type = property->type;
        property->get(report, row, &value);
        cli_write_str(w, i == 0 ? "" : ",\n");
        cli_write_str(w, indent);
        cli_write_json_string(w, property->name, strlen(property->name));
        cli_write_str(w, ": ");
        cli_write_json_value(w, &value);
    }
}

void cli_print_report_json(cli_writer *w, const acs_report *report)
{
    const acs_class *requirement = &acs_class_requirement;
    size_t rows = requirement->row_count(report);

    cli_write_str(w, "{\n");
    write_instance(w, &acs_class_readiness, report, 0, "  ");
    cli_write_str(w, acs_class_readiness.property_count ? ",\n" : "");
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
