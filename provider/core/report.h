/* Rendering a verdict for people and for WMI/JSON consumers.
 *
 * The property tables here are the one definition of every property of the
 * WMI classes: the provider Puts them (provider/wmi), the command line prints
 * them as JSON members (provider/cli), and tests check that mof/acsready.mof,
 * docs/ and the PowerShell format file name the same properties with the same
 * CIM types. A property's value comes from its getter below: one hop from the
 * class to the fact. */
#ifndef ACSREADY_CORE_REPORT_H
#define ACSREADY_CORE_REPORT_H

#include "calendar.h"
#include "evaluate.h"
#include "ppl.h"

/* Renders a sentence: the catalog's text for (lang, id) with {placeholders}
 * filled from args. Always NUL-terminates; returns the length written
 * (truncated to size-1). */
size_t acs_render(const acs_catalog *catalog, acs_lang lang, acs_text_id id, const acs_text_args *args,
                  char *buf, size_t size);

/* "KB5006743" */
size_t acs_format_kb(uint32_t kb, char *buf, size_t size);

typedef enum acs_cim_type {
    ACS_CIM_STRING = 0,
    ACS_CIM_BOOLEAN,
    ACS_CIM_UINT32,
    ACS_CIM_DATETIME,     /* DMTF "yyyymmddHHMMSS.mmmmmmsUUU" string */
    ACS_CIM_STRING_ARRAY
} acs_cim_type;

const char *acs_cim_type_name(acs_cim_type type); /* "string", "boolean", "uint32", "datetime", "string[]" */

/* One rendered sentence, or a reason (evidence " — " remedy): the longest
 * pair, with a full image path named twice and a collector's reason, fits with
 * room to spare (tests/unit/test_render.c proves each pair whole). */
#define ACS_REPORT_TEXT_MAX 2048
#define ACS_REPORT_MAX_STRINGS 32

/* Everything a client may ask for, computed and rendered once per query. */
typedef struct acs_report {
    acs_lang lang;
    const acs_host_facts *facts;
    const acs_catalog *catalog;
    acs_catalog_origin origin;
    const char *provider_version;
    char evaluated_at[32];        /* DMTF datetime, UTC */
    acs_verdict verdict;
    /* Rendered per requirement: [i][0] evidence, [i][1] remedy */
    char requirement_text[ACS_MAX_REQUIREMENTS][2][ACS_REPORT_TEXT_MAX];
    size_t reason_count;
    char reasons[ACS_MAX_REQUIREMENTS + ACS_MAX_PPL_MODULES][ACS_REPORT_TEXT_MAX];
    char missing_updates[ACS_MAX_MISSING][16];
    char version[48];             /* "10.0.17763.2114" */
    char kernel_version[32];      /* "6.1.7601.25740" */
    char root_stores[64];
    char root_last_sync[32];      /* DMTF datetime */
    /* Protected services: health per module, rendered [i][0] evidence (with
     * its note), [i][1] remedy; the newest refusal as a DMTF datetime. */
    acs_ppl_result ppl[ACS_MAX_PPL_MODULES];
    char ppl_text[ACS_MAX_PPL_MODULES][2][ACS_REPORT_TEXT_MAX];
    char ppl_failure_time[ACS_MAX_PPL_MODULES][32];
    size_t ppl_failing, ppl_unknown; /* Failing or AtRisk; Unknown */
    char catalog_source[sizeof(((acs_catalog_origin *)0)->source) + sizeof(((acs_catalog_origin *)0)->reason) +
                        sizeof(((acs_catalog_origin *)0)->notes) + 32];
} acs_report;

/* The Reasons of a verdict: "evidence, em dash, remedy" for each requirement not
 * met, in the verdict's order, each sentence once (one unreadable fact can
 * leave several requirements unsure for the same cause). Returns the count;
 * lengths[i], when lengths is not NULL, gets the length of reasons[i]. */
size_t acs_render_reasons(const acs_catalog *catalog, acs_lang lang, const acs_verdict *verdict,
                          char reasons[ACS_MAX_REQUIREMENTS][ACS_REPORT_TEXT_MAX], size_t lengths[ACS_MAX_REQUIREMENTS]);

/* evaluated_at_unix: seconds since 1970 (the caller's clock; tests pass a constant). */
void acs_report_build(acs_report *report, const acs_catalog *catalog, const acs_catalog_origin *origin,
                      const acs_profile *profile, const acs_host_facts *facts, acs_lang lang,
                      int64_t evaluated_at_unix);

typedef struct acs_value {
    acs_cim_type type;
    bool is_null;
    bool boolean;
    uint32_t uint32;
    const char *string;              /* STRING, DATETIME */
    const char *strings[ACS_REPORT_MAX_STRINGS]; /* STRING_ARRAY */
    size_t count;
} acs_value;

/* row: requirement index for AcsReadiness_Requirement, ignored for the singleton. */
typedef void (*acs_property_getter)(const acs_report *report, size_t row, acs_value *out);

typedef struct acs_property {
    const char *name;
    acs_cim_type type;
    bool is_key;
    acs_property_getter get;
    const char *description; /* the MOF's Description qualifier, English */
} acs_property;

typedef struct acs_class {
    const char *name;         /* "AcsReadiness" */
    bool singleton;
    const char *description;
    const acs_property *properties;
    size_t property_count;
    /* Instances in a report: 1 for the singleton, one per requirement... */
    size_t (*row_count)(const acs_report *report);
} acs_class;

extern const acs_class acs_class_readiness;
extern const acs_class acs_class_requirement;
extern const acs_class acs_class_ppl_module;
extern const acs_class *const acs_classes[];
extern const size_t acs_class_count;

/* The singleton's properties that an inventory row repeats per machine. */
extern const acs_property *const acs_readiness_state;
extern const acs_property *const acs_readiness_missing_updates;
extern const acs_property *const acs_readiness_reasons;

const acs_class *acs_find_class(const char *name); /* case-insensitive, as WMI */
const acs_property *acs_find_property(const acs_class *cls, const char *name);

/* The class's key property; NULL for a singleton or a keyless class. */
const acs_property *acs_class_key_property(const acs_class *cls);

/* Fills *out with property's value for a row of a report: cleared, typed from
 * the class table, then read by the property's getter. Every presenter (WMI,
 * JSON, text, CSV) reads values through this one call. */
void acs_property_value(const acs_property *property, const acs_report *report, size_t row, acs_value *out);

#endif
