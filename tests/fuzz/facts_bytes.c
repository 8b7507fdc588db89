#include "facts_bytes.h"

#include <string.h>

uint32_t acs_bytes_take(acs_byte_reader *r, unsigned nbytes)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < nbytes; i++) {
        v <<= 8;
        if (r->left > 0) {
            v |= *r->data++;
            r->left--;
        }
    }
    return v;
}

void acs_rule_pool_init(acs_rule_pool *pool, const acs_catalog *catalog)
{
    pool->count = 0;
    for (size_t p = 0; p < acs_catalog_profile_count(catalog); p++) {
        const acs_profile *profile = acs_catalog_profile_at(catalog, p);
        for (size_t i = 0; i < profile->rule_count && pool->count < sizeof pool->rules / sizeof pool->rules[0]; i++)
            pool->rules[pool->count++] = &profile->rules[i];
    }
}

/* A value near `anchor`: equal, just below, just above, far above, or arbitrary. */
static uint32_t near(acs_byte_reader *r, uint32_t anchor)
{
    uint32_t how = acs_bytes_take(r, 1), delta = acs_bytes_take(r, 1);
    switch (how % 6) {
    case 0: return anchor;
    case 1: return anchor > delta ? anchor - delta - 1 : 0;
    case 2: return anchor + delta + 1;
    case 3: return anchor + (delta << 8);
    case 4: return acs_bytes_take(r, 4);
    default: return anchor > 1 ? anchor - 1 : 0;
    }
}

static void known_or_not(acs_byte_reader *r, acs_known *fact, unsigned unknown_in_8)
{
    if ((acs_bytes_take(r, 1) & 7u) < unknown_in_8)
        acs_known_fail(fact, "fuzz: not read");
    else
        acs_known_ok(fact);
}

/* A KB the rule cares about, or an arbitrary one. */
static uint32_t rule_kb(acs_byte_reader *r, const acs_os_rule *rule)
{
    uint32_t pick = acs_bytes_take(r, 1);
    if (rule) {
        switch (pick % 7) {
        case 0: return rule->required.kb;
        case 1: return rule->first_patch_tuesday.kb ? rule->first_patch_tuesday.kb : rule->security_only.kb;
        case 2: return rule->security_only.kb;
        case 3:
            if (rule->later_count)
                return rule->later[acs_bytes_take(r, 1) % rule->later_count].kb;
            break;
        case 4:
            if (rule->prerequisite_count) {
                const acs_prerequisite *p = &rule->prerequisites[acs_bytes_take(r, 1) % rule->prerequisite_count];
                if (p->superseded_by_count && (acs_bytes_take(r, 1) & 1))
                    return p->superseded_by[acs_bytes_take(r, 1) % p->superseded_by_count];
                return p->kb;
            }
            break;
        case 5:
            if (rule->later_security_only_count)
                return rule->later_security_only[acs_bytes_take(r, 1) % rule->later_security_only_count].kb;
            break;
        default: break;
        }
    }
    return acs_bytes_take(r, 3) % 10000000u;
}

void acs_facts_from_bytes(acs_byte_reader *r, const acs_rule_pool *pool, acs_host_facts *facts)
{
    const acs_os_rule *rule = NULL;
    acs_facts_init(facts);

    /* The OS: inside a rule's range most of the time. */
    known_or_not(r, &facts->os.version, 1);
    if (pool->count && (acs_bytes_take(r, 1) % 8) != 0) {
        rule = pool->rules[acs_bytes_take(r, 1) % pool->count];
        uint32_t span = rule->build_max == UINT32_MAX ? 4096u : rule->build_max - rule->build_min + 1u;
        facts->os.major = rule->major;
        facts->os.minor = rule->minor;
        facts->os.build = rule->build_min + (span ? acs_bytes_take(r, 2) % span : 0);
    } else {
        facts->os.major = acs_bytes_take(r, 1) % 12;
        facts->os.minor = acs_bytes_take(r, 1) % 4;
        facts->os.build = acs_bytes_take(r, 4);
    }
    known_or_not(r, &facts->os.ubr, 2);
    facts->os.ubr_value = near(r, rule ? rule->required.revision : 0);
    known_or_not(r, &facts->os.product, 1);
    facts->os.product_type = (acs_product_type)(acs_bytes_take(r, 1) % 4);
    facts->os.service_pack = acs_bytes_take(r, 1) % 4;

    /* Packages: the rule's KBs in any state. */
    known_or_not(r, &facts->updates.packages, 2);
    unsigned kbs = acs_bytes_take(r, 1) % 12;
    for (unsigned i = 0; i < kbs; i++)
        acs_facts_add_kb(&facts->updates, rule_kb(r, rule), (acs_package_state)(acs_bytes_take(r, 1) % 7));
    known_or_not(r, &facts->updates.rollup, 2);
    facts->updates.rollup_revision = near(r, rule ? rule->required.revision : 0);
    facts->updates.rollup_pending_revision = (acs_bytes_take(r, 1) & 3) ? 0 : near(r, rule ? rule->required.revision : 0);
    known_or_not(r, &facts->updates.kernel, 3);
    for (int i = 0; i < 4; i++)
        facts->updates.kernel_version[i] =
            (uint16_t)(rule && (acs_bytes_take(r, 1) & 3) ? near(r, rule->kernel_min[i]) : acs_bytes_take(r, 2));

    /* The root. */
    known_or_not(r, &facts->root.presence, 2);
    facts->root.stores = (acs_bytes_take(r, 1) & 1) ? 0 : acs_bytes_take(r, 1) & 31u;
    known_or_not(r, &facts->root.policy, 2);
    facts->root.auto_update_disabled = (acs_bytes_take(r, 1) & 3) == 0;
    known_or_not(r, &facts->root.last_sync, 2);
    facts->root.never_synced = (acs_bytes_take(r, 1) & 7) == 0;
    /* around the CTL that added the root (2021-08-01), or anything */
    facts->root.last_sync_unix = (acs_bytes_take(r, 1) & 3) ? (int64_t)1627776000 + (int32_t)acs_bytes_take(r, 4) / 64
                                                           : (int64_t)(int32_t)acs_bytes_take(r, 4) * 4;
}
