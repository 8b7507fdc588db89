/* acsready schema: the class and property tables compiled into this binary,
 * so tests can check the MOF, the docs and the JSON output against the one
 * definition without parsing C. */
#include "cli/cli.h"

#include <string.h>

static void write_json_member(cli_writer *w, const char *name, const char *value)
{
    cli_write_json_string(w, name, strlen(name));
    cli_write_char(w, ':');
    if (value)
        cli_write_json_string(w, value, strlen(value));
    else
        cli_write_str(w, "null");
}

static void write_class_json(cli_writer *w, const acs_class *cls)
{
    cli_write_str(w, "{");
    write_json_member(w, "name", cls->name);
    cli_write_str(w, cls->singleton ? ",\"singleton\":true," : ",\"singleton\":false,");
    write_json_member(w, "description", cls->description);
    cli_write_str(w, ",\"properties\":[");
    for (size_t i = 0; i < cls->property_count; i++) {
        const acs_property *p = &cls->properties[i];
        cli_write_str(w, i ? ",\n    {" : "\n    {");
        write_json_member(w, "name", p->name);
        cli_write_char(w, ',');
        write_json_member(w, "type", acs_cim_type_name(p->type));
        cli_write_str(w, p->is_key ? ",\"key\":true," : ",\"key\":false,");
        write_json_member(w, "description", p->description);
        cli_write_char(w, '}');
    }
    cli_write_str(w, "]}");
}

int cli_run_schema(const cli_options *options)
{
    static cli_writer out;
    cli_writer_init(&out, stdout);
    if (options->format == CLI_FORMAT_JSON) {
        cli_write_str(&out, "{\"classes\":[\n  ");
        for (size_t i = 0; i < acs_class_count; i++) {
            if (i > 0)
                cli_write_str(&out, ",\n  ");
            write_class_json(&out, acs_classes[i]);
        }
        cli_write_str(&out, "\n]}\n");
    } else {
        for (size_t i = 0; i < acs_class_count; i++) {
            const acs_class *cls = acs_classes[i];
            for (size_t k = 0; k < cls->property_count; k++) {
                const acs_property *p = &cls->properties[k];
                cli_write_str(&out, cls->name);
                cli_write_char(&out, '.');
                cli_write_str(&out, p->name);
                cli_write_char(&out, ' ');
                cli_write_str(&out, acs_cim_type_name(p->type));
                cli_write_str(&out, p->is_key ? " key\n" : "\n");
            }
        }
    }
    if (!cli_writer_flush(&out)) {
        fprintf(stderr, "acsready: cannot write the output\n");
        return CLI_EXIT_IOERR;
    }
    return 0;
}
