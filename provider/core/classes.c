/* The WMI classes of root\AcsReadiness: the one definition of every property.
 * Each row names a property, its CIM type and the getter that reads it from a
 * report; the provider Puts these, the command line prints them as JSON, and
 * tests/project checks mof/, docs/ and the format file against them. */
#include "core/ascii.h"
#include "core/report.h"

#include <string.h>

static void set_null(acs_value *v)
{
    v->is_null = true;
}

static void set_string(acs_value *v, const char *s)
{
    if (!s || !*s)
        v->is_null = true;
    else
        v->string = s;
}

static void set_bool(acs_value *v, bool b)
{
    v->boolean = b;
}

static void set_uint(acs_value *v, uint32_t u)
{
    v->uint32 = u;
}

/* --- AcsReadiness (singleton) ------------------------------------------- */

static void get_state(const acs_report *r, size_t row, acs_value *v)
{
    set_string(v, acs_state_name(r->verdict.state));
}

static void get_ready(const acs_report *r, size_t row, acs_value *v)
{
    set_bool(v, r->verdict.state == ACS_STATE_READY);
}

static void get_caption(const acs_report *r, size_t row, acs_value *v)
{
    set_string(v, r->facts->os.caption);
}

static void get_version(const acs_report *r, size_t row, acs_value *v)
{
    set_string(v, r->version);
}

static void get_build(const acs_report *r, size_t row, acs_value *v)
{
    if (r->facts->os.version.known)
        set_uint(v, r->facts->os.build);
    else
        set_null(v);
}

static void get_ubr(const acs_report *r, size_t row, acs_value *v)
{
    if (r->facts->os.ubr.known)
        set_uint(v, r->facts->os.ubr_value);
    else
        set_null(v);
}

static void get_product_type(const acs_report *r, size_t row, acs_value *v)
{
    if (r->facts->os.product.known && r->facts->os.product_type != ACS_PRODUCT_UNKNOWN)
        set_uint(v, (uint32_t)r->facts->os.product_type);
    else
        set_null(v);
}

static void get_edition(const acs_report *r, size_t row, acs_value *v)
{
    set_string(v, r->facts->os.edition);
}

static void get_installation_type(const acs_report *r, size_t row, acs_value *v)
{
    set_string(v, r->facts->os.installation_type);
}

static void get_kernel_version(const acs_report *r, size_t row, acs_value *v)
{
    set_string(v, r->kernel_version);
}

static void get_profile(const acs_report *r, size_t row, acs_value *v)
{
    set_string(v, r->verdict.profile ? r->verdict.profile->id : NULL);
}

static void get_missing_updates(const acs_report *r, size_t row, acs_value *v)
{
    for (size_t i = 0; i < r->verdict.missing_count && i < ACS_REPORT_MAX_STRINGS; i++)
        v->strings[v->count++] = r->missing_updates[i];
}

static void get_root_present(const acs_report *r, size_t row, acs_value *v)
{
    if (r->facts->root.presence.known)
        set_bool(v, r->facts->root.stores != 0);
    else
        set_null(v);
}

static void get_root_store(const acs_report *r, size_t row, acs_value *v)
{
    set_string(v, r->root_stores);
}

static void get_root_auto_update_disabled(const acs_report *r, size_t row, acs_value *v)
{
    if (r->facts->root.policy.known)
        set_bool(v, r->facts->root.auto_update_disabled);
    else
        set_null(v);
}

static void get_root_last_sync(const acs_report *r, size_t row, acs_value *v)
{
    set_string(v, r->root_last_sync);
}

static void get_ppl_healthy(const acs_report *r, size_t row, acs_value *v)
{
    /* Never a fake True: unknown until PPL modules are really collected. */
    if (r->facts->ppl.modules.known)
        set_bool(v, r->facts->ppl.unhealthy_count == 0);
    else
        set_null(v);
}

static void get_reasons(const acs_report *r, size_t row, acs_value *v)
{
    for (size_t i = 0; i < r->reason_count && i < ACS_REPORT_MAX_STRINGS; i++)
        v->strings[v->count++] = r->reasons[i];
}

static void get_catalog_version(const acs_report *r, size_t row, acs_value *v)
{
    set_string(v, acs_catalog_version(r->catalog));
}

static void get_catalog_source(const acs_report *r, size_t row, acs_value *v)
{
    set_string(v, r->catalog_source);
}

static void get_provider_version(const acs_report *r, size_t row, acs_value *v)
{
    set_string(v, r->provider_version);
}

static void get_evaluated_at(const acs_report *r, size_t row, acs_value *v)
{
    set_string(v, r->evaluated_at);
}

static size_t one_row(const acs_report *r)
{
    return 1;
}

/* Positions of the properties that other code names (the inventory's columns). */
enum { READINESS_STATE = 0, READINESS_MISSING_UPDATES = 11, READINESS_REASONS = 17 };

static const acs_property readiness_properties[] = {
    [READINESS_STATE] = { "State", ACS_CIM_STRING, false, get_state,
      "Verdict: Ready, NotReady (install the missing updates or the root), Unsupported (upgrade the OS) or Unknown (evidence could not be read)." },
    { "Ready", ACS_CIM_BOOLEAN, false, get_ready, "True only when State is Ready." },
    { "Caption", ACS_CIM_STRING, false, get_caption, "Product name of the operating system, as the registry names it." },
    { "Version", ACS_CIM_STRING, false, get_version, "Operating system version major.minor.build, with .UBR on Windows 10 and later." },
    { "BuildNumber", ACS_CIM_UINT32, false, get_build, "Operating system build number." },
    { "UBR", ACS_CIM_UINT32, false, get_ubr, "Update build revision (Windows 10 and later); NULL when absent or unreadable." },
    { "ProductType", ACS_CIM_UINT32, false, get_product_type, "1 Workstation, 2 Domain controller, 3 Server." },
    { "EditionID", ACS_CIM_STRING, false, get_edition, "Edition identifier from the registry, such as ServerStandard." },
    { "InstallationType", ACS_CIM_STRING, false, get_installation_type, "Client, Server or Server Core." },
    { "KernelVersion", ACS_CIM_STRING, false, get_kernel_version, "File version of ntoskrnl.exe." },
    { "Profile", ACS_CIM_STRING, false, get_profile, "Catalog profile the verdict was computed with (microsoft, trendmicro, ...)." },
    [READINESS_MISSING_UPDATES] = { "MissingUpdates", ACS_CIM_STRING_ARRAY, false, get_missing_updates, "Updates to install, in install order; any later update that supersedes one also satisfies it." },
    { "RootCaPresent", ACS_CIM_BOOLEAN, false, get_root_present, "Whether Microsoft Identity Verification Root Certificate Authority 2020 is in a LocalMachine root store; NULL when unreadable." },
    { "RootCaStore", ACS_CIM_STRING, false, get_root_store, "Physical stores that hold the root: " ACS_STORE_NAMES "." },
    { "RootAutoUpdateDisabled", ACS_CIM_BOOLEAN, false, get_root_auto_update_disabled, "Whether the policy DisableRootAutoUpdate turns off automatic root certificate update." },
    { "RootListLastSync", ACS_CIM_DATETIME, false, get_root_last_sync, "When the machine last synchronised its trusted root list; NULL when it never did." },
    { "PplModulesHealthy", ACS_CIM_BOOLEAN, false, get_ppl_healthy, "Whether protected (PPL) security services load their modules; NULL until collected." },
    [READINESS_REASONS] = { "Reasons", ACS_CIM_STRING_ARRAY, false, get_reasons, "For each requirement not met: the evidence and the remedy, in the client's language." },
    { "CatalogVersion", ACS_CIM_STRING, false, get_catalog_version, "Version of the requirements catalog used." },
    { "CatalogSource", ACS_CIM_STRING, false, get_catalog_source, "Catalog file used, or built-in and why the file was not used." },
    { "ProviderVersion", ACS_CIM_STRING, false, get_provider_version, "Version of acsready." },
    { "EvaluatedAt", ACS_CIM_DATETIME, false, get_evaluated_at, "When this verdict was computed (UTC)." },
};

const acs_property *const acs_readiness_state = &readiness_properties[READINESS_STATE];
const acs_property *const acs_readiness_missing_updates = &readiness_properties[READINESS_MISSING_UPDATES];
const acs_property *const acs_readiness_reasons = &readiness_properties[READINESS_REASONS];

/* --- AcsReadiness_Requirement ------------------------------------------- */

static const acs_requirement_result *requirement(const acs_report *r, size_t row)
{
    return &r->verdict.requirements[row];
}

static void get_req_id(const acs_report *r, size_t row, acs_value *v)
{
    set_string(v, requirement(r, row)->id);
}

static void get_req_kind(const acs_report *r, size_t row, acs_value *v)
{
    set_string(v, acs_requirement_kind_name(requirement(r, row)->kind));
}

static void get_req_satisfied(const acs_report *r, size_t row, acs_value *v)
{
    acs_tristate s = requirement(r, row)->satisfied;
    if (s == ACS_UNSURE)
        set_null(v);
    else
        set_bool(v, s == ACS_YES);
}

static void get_req_evidence(const acs_report *r, size_t row, acs_value *v)
{
    set_string(v, r->requirement_text[row][0]);
}

static void get_req_remedy(const acs_report *r, size_t row, acs_value *v)
{
    if (requirement(r, row)->satisfied == ACS_YES)
        set_null(v);
    else
        set_string(v, r->requirement_text[row][1]);
}

static void get_req_missing_update(const acs_report *r, size_t row, acs_value *v)
{
    const acs_requirement_result *req = requirement(r, row);
    size_t i;
    for (i = 0; i < r->verdict.missing_count; i++)
        if (r->verdict.missing_kbs[i] == req->missing_kb && req->satisfied == ACS_NO)
            break;
    if (req->missing_kb && i < r->verdict.missing_count)
        set_string(v, r->missing_updates[i]);
    else
        set_null(v);
}

static void get_req_more_info(const acs_report *r, size_t row, acs_value *v)
{
    const acs_source *s = requirement(r, row)->source;
    set_string(v, s ? s->url : NULL);
}

static size_t requirement_rows(const acs_report *r)
{
    return r->verdict.requirement_count;
}

static const acs_property requirement_properties[] = {
    { "Id", ACS_CIM_STRING, true, get_req_id, "Stable identifier: os, update, root-ca, or a prerequisite id such as prereq-sha2." },
    { "Kind", ACS_CIM_STRING, false, get_req_kind, "OperatingSystem, Update, Prerequisite or RootCertificate." },
    { "Satisfied", ACS_CIM_BOOLEAN, false, get_req_satisfied, "Whether the requirement holds; NULL when the evidence could not be read." },
    { "Evidence", ACS_CIM_STRING, false, get_req_evidence, "What was found, e.g. UBR 2114 < 2210 required by KB5005625." },
    { "Remedy", ACS_CIM_STRING, false, get_req_remedy, "What to do when the requirement does not hold; NULL when it does." },
    { "MissingUpdate", ACS_CIM_STRING, false, get_req_missing_update, "The update to install for this requirement, when one is missing." },
    { "MoreInfoUrl", ACS_CIM_STRING, false, get_req_more_info, "Source of the rule: where to read more." },
};

/* --- AcsReadiness_PplModule (filled by a later release) ------------------ */

static void get_null(const acs_report *r, size_t row, acs_value *v)
{
    set_null(v);
}

static size_t no_rows(const acs_report *r)
{
    return 0;
}

static const acs_property ppl_module_properties[] = {
    { "ServiceName", ACS_CIM_STRING, true, get_null, "Name of the protected service." },
    { "DisplayName", ACS_CIM_STRING, false, get_null, "Display name of the service." },
    { "ImagePath", ACS_CIM_STRING, false, get_null, "Path of the service binary." },
    { "LaunchProtected", ACS_CIM_UINT32, false, get_null, "SERVICE_LAUNCH_PROTECTED level: 0 none, 1 Windows, 2 Windows light, 3 antimalware light." },
    { "Healthy", ACS_CIM_BOOLEAN, false, get_null, "Whether the service's modules load under its protection level." },
    { "Evidence", ACS_CIM_STRING, false, get_null, "What was found." },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const acs_class acs_class_readiness = {
    "AcsReadiness", true,
    "Whether this machine can load code signed with Azure Code Signing (ACS), and what is missing.",
    readiness_properties, COUNT(readiness_properties), one_row,
};

const acs_class acs_class_requirement = {
    "AcsReadiness_Requirement", false,
    "One requirement for loading ACS-signed code that applies to this machine, with its evidence and remedy.",
    requirement_properties, COUNT(requirement_properties), requirement_rows,
};

const acs_class acs_class_ppl_module = {
    "AcsReadiness_PplModule", false,
    "A protected (PPL) security service and whether its modules load.",
    ppl_module_properties, COUNT(ppl_module_properties), no_rows,
};

const acs_class *const acs_classes[] = { &acs_class_readiness, &acs_class_requirement, &acs_class_ppl_module };
const size_t acs_class_count = COUNT(acs_classes);

static bool equal_nocase(const char *a, const char *b)
{
    return acs_ascii_equal_nocase(a, strlen(a), b);
}

const acs_class *acs_find_class(const char *name)
{
    for (size_t i = 0; i < acs_class_count; i++)
        if (equal_nocase(acs_classes[i]->name, name))
            return acs_classes[i];
    return NULL;
}

const acs_property *acs_find_property(const acs_class *cls, const char *name)
{
    for (size_t i = 0; i < cls->property_count; i++)
        if (equal_nocase(cls->properties[i].name, name))
            return &cls->properties[i];
    return NULL;
}

const acs_property *acs_class_key_property(const acs_class *cls)
{
    if (cls->singleton)
        return NULL;
    for (size_t i = 0; i < cls->property_count; i++)
        if (cls->properties[i].is_key)
            return &cls->properties[i];
    return NULL;
}

void acs_property_value(const acs_property *property, const acs_report *report, size_t row, acs_value *out)
{
    memset(out, 0, sizeof *out);
    out->type = property->type;
    property->get(report, row, out);
}

const char *acs_cim_type_name(acs_cim_type type)
{
    switch (type) {
    case ACS_CIM_STRING: return "string";
    case ACS_CIM_BOOLEAN: return "boolean";
    case ACS_CIM_UINT32: return "uint32";
    case ACS_CIM_DATETIME: return "datetime";
    case ACS_CIM_STRING_ARRAY: break;
    }
    return "string[]";
}
