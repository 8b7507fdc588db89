/* --format csv: a header of the AcsReadiness property names and one row, the
 * way Export-Csv would write the instance; arrays are joined with "; ". */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

static void write_csv_value(cli_writer *w, const acs_value *value)
{
    char joined[ACS_REPORT_MAX_STRINGS * ACS_REPORT_TEXT_MAX];
    char number[16];
    size_t len = 0;

    if (value->is_null)
        return;
    switch (value->type) {
    case ACS_CIM_STRING:
    case ACS_CIM_DATETIME:
        if (value->string)
            cli_write_csv_field(w, value->string, strlen(value->string));
        return;
    case ACS_CIM_BOOLEAN:
        cli_write_str(w, value->boolean ? "True" : "False");
        return;
    case ACS_CIM_UINT32:
        snprintf(number, sizeof number, "%lu", (unsigned long)value->uint32);
        cli_write_str(w, number);
        return;
    case ACS_CIM_STRING_ARRAY:
        joined[0] = '\0';
        for (size_t i = 0; i < value->count; i++) {
            int n = snprintf(joined + len, sizeof joined - len, "%s%s", i ? "; " : "", value->strings[i]);
            if (n < 0 || (size_t)n >= sizeof joined - len)
                break;
            len += (size_t)n;
        }
        cli_write_csv_field(w, joined, strlen(joined));
        return;
    }
}

void cli_print_report_csv(cli_writer *w, const acs_report *report)
{
    const acs_class *cls = &acs_class_readiness;
    for (size_t i = 0; i < cls->property_count; i++) {
        if (i > 0)
            cli_write_char(w, ',');
        cli_write_csv_field(w, cls->properties[i].name, strlen(cls->properties[i].name));
    }
    cli_write_char(w, '\n');
    for (size_t i = 0; i < cls->property_count; i++) {
        acs_value value;
        acs_property_value(&cls->properties[i], report, 0, &value);
        if (i > 0)
            cli_write_char(w, ',');
        write_csv_value(w, &value);
    }
    cli_write_char(w, '\n');
}
