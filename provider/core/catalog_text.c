/* The catalog's languages and text keys: fixed tables that the loader
 * (catalog_build.c) checks a document against and that callers use to name
 * a language or a sentence. They depend on no loaded catalog. */
#include "ascii.h"
#include "catalog.h"

#include <string.h>

static const char *const lang_codes[ACS_LANG_COUNT] = {"en", "zh-TW", "ja"};

bool acs_lang_parse(const char *text, acs_lang *out)
{
    /* WMI passes "MS_<LCID in hex>": 409 en-US, 404 zh-TW, 411 ja-JP. */
    static const struct {
        const char *name;
        acs_lang lang;
    } names[] = {
        {"en", ACS_LANG_EN},       {"en-US", ACS_LANG_EN},       {"MS_409", ACS_LANG_EN},
        {"zh-TW", ACS_LANG_ZH_TW}, {"zh-Hant", ACS_LANG_ZH_TW},  {"zh-Hant-TW", ACS_LANG_ZH_TW},
        {"MS_404", ACS_LANG_ZH_TW}, {"ja", ACS_LANG_JA},         {"ja-JP", ACS_LANG_JA},
        {"MS_411", ACS_LANG_JA},
    };
    size_t i;
    if (!text)
        return false;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (acs_ascii_equal_nocase(text, strlen(text), names[i].name)) {
            if (out)
                *out = names[i].lang;
            return true;
        }
    }
    return false;
}

const char *acs_lang_code(acs_lang lang)
{
    return (unsigned)lang < ACS_LANG_COUNT ? lang_codes[lang] : "en";
}

static const char *const text_keys[ACS_TEXT_COUNT] = {
#define ACS_TEXT_KEY(name, key) key,
    ACS_TEXT_IDS(ACS_TEXT_KEY)
#undef ACS_TEXT_KEY
};

const char *acs_text_key(acs_text_id id)
{
    return (unsigned)id < ACS_TEXT_COUNT ? text_keys[id] : "";
}
