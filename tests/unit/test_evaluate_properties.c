/* Properties of the evaluator over many random hosts (a seeded PRNG feeding
 * the fuzzer's facts decoder, tests/fuzz/facts_bytes.c), for every profile of
 * the built-in catalog:
 *  - an unread OS version or an unread root store never yields Ready;
 *  - the value behind an unread fact never matters: scrambling it leaves the
 *    verdict as it was (Unknown facts never yield Ready);
 *  - forgetting a fact (known -> unread) never turns a verdict into Ready:
 *    Ready only ever rests on facts that were read (facts that disagree are
 *    Unknown, and forgetting one of them may settle it: facts_disagree below);
 *  - raising a known UBR or rollup revision within one OS (same major, minor,
 *    build) never turns Ready into NotReady.
 * A failure prints the seed, the case number and the facts, so it can be
 * replayed: ACS_PROPERTY_SEED=n ACS_PROPERTY_CASES=m. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "builtin_catalog.h"

#include "../fuzz/facts_bytes.h"
#include "core/catalog.h"
#include "core/evaluate.h"
#include "core/plausible.h"

static acs_rule_pool pool;

static uint64_t prng_state;

/* xorshift64*: tiny, seedable, the same sequence on every platform. */
static uint64_t prng_next(void)
{
    prng_state ^= prng_state >> 12;
    prng_state ^= prng_state << 25;
    prng_state ^= prng_state >> 27;
    return prng_state * 2685821657736338717ull;
}

static unsigned long env_number(const char *name, unsigned long fallback)
{
    const char *text = getenv(name);
    return text && *text ? strtoul(text, NULL, 10) : fallback;
}

static void random_facts(acs_host_facts *facts)
{
    uint8_t bytes[256];
    for (size_t i = 0; i < sizeof bytes; i += 8) {
        uint64_t v = prng_next();
        memcpy(bytes + i, &v, 8);
    }
    acs_byte_reader reader = {bytes, sizeof bytes};
    acs_facts_from_bytes(&reader, &pool, facts);
}

static void describe(const acs_host_facts *f, char *buf, size_t size)
{
    int n = snprintf(buf, size,
                     "version %s %u.%u.%u; ubr %s %u; product %s %d; packages %s; rollup %s %u (pending %u); "
                     "kernel %s %u.%u.%u.%u; root %s stores %u; policy %s disabled %d; sync %s never %d at %lld; kbs",
                     f->os.version.known ? "read" : "UNREAD", (unsigned)f->os.major, (unsigned)f->os.minor,
                     (unsigned)f->os.build, f->os.ubr.known ? "read" : "UNREAD", (unsigned)f->os.ubr_value,
                     f->os.product.known ? "read" : "UNREAD", (int)f->os.product_type,
                     f->updates.packages.known ? "read" : "UNREAD", f->updates.rollup.known ? "read" : "UNREAD",
                     (unsigned)f->updates.rollup_revision, (unsigned)f->updates.rollup_pending_revision,
                     f->updates.kernel.known ? "read" : "UNREAD", f->updates.kernel_version[0],
                     f->updates.kernel_version[1], f->updates.kernel_version[2], f->updates.kernel_version[3],
                     f->root.presence.known ? "read" : "UNREAD", f->root.stores,
                     f->root.policy.known ? "read" : "UNREAD", (int)f->root.auto_update_disabled,
                     f->root.last_sync.known ? "read" : "UNREAD", (int)f->root.never_synced,
                     (long long)f->root.last_sync_unix);
    for (size_t i = 0; i < f->updates.kb_count && n > 0 && (size_t)n < size; i++)
        n += snprintf(buf + n, size - (size_t)n, " KB%u:%s", (unsigned)f->updates.kbs[i].kb,
                      acs_package_state_name(f->updates.kbs[i].state));
}

static acs_verdict last_verdict;

static acs_state verdict_of(const acs_profile *profile, const acs_host_facts *facts)
{
    acs_evaluate(catalog, profile, facts, &last_verdict);
    return last_verdict.state;
}

typedef struct forgettable {
    const char *name;
    size_t offset; /* of the acs_known inside acs_host_facts */
} forgettable;

#define FACT(member) {#member, offsetof(acs_host_facts, member)}
static const forgettable facts_to_forget[] = {
    FACT(os.version),      FACT(os.ubr),        FACT(os.product),  FACT(updates.packages), FACT(updates.rollup),
    FACT(updates.kernel), FACT(root.presence), FACT(root.policy), FACT(root.last_sync),
};

/* Facts that contradict each other make the verdict Unknown (core/plausible.h:
 * "the UBR and the installed updates disagree"); forgetting one of the two
 * resolves the contradiction, so the verdict may then rest on the other. That
 * is the one way forgetting may lead to Ready, and only from Unknown: before
 * the cross-check, seed 20261201 case 83 (10.0.20348 Server 2022, UBR 28,
 * KB5005619 Installed) was a confident NotReady that turned Ready without
 * its UBR. */
static bool facts_disagree(const acs_verdict *v)
{
    for (size_t i = 0; i < v->requirement_count; i++) {
        acs_text_id e = v->requirements[i].evidence;
        if (e == ACS_TEXT_EV_UBR_DISAGREES || e == ACS_TEXT_EV_KERNEL_DISAGREES || e == ACS_TEXT_EV_OS_IMPLAUSIBLE)
            return true;
    }
    return false;
}

/* Every value whose meaning depends on an acs_known flag, scrambled when the flag says unread. */
static void scramble_unread_values(acs_host_facts *f)
{
    if (!f->os.version.known) {
        f->os.major = (uint32_t)prng_next() % 12;
        f->os.minor = (uint32_t)prng_next() % 4;
        f->os.build = (uint32_t)prng_next();
    }
    if (!f->os.ubr.known)
        f->os.ubr_value = (uint32_t)prng_next();
    if (!f->os.product.known)
        f->os.product_type = (acs_product_type)(prng_next() % 4);
    if (!f->updates.rollup.known)
        f->updates.rollup_revision = (uint32_t)prng_next();
    if (!f->updates.kernel.known)
        for (int i = 0; i < 4; i++)
            f->updates.kernel_version[i] = (uint16_t)prng_next();
    if (!f->root.presence.known)
        f->root.stores = (unsigned)(prng_next() & 31u);
    if (!f->root.policy.known)
        f->root.auto_update_disabled = (prng_next() & 1) != 0;
    if (!f->root.last_sync.known) {
        f->root.never_synced = (prng_next() & 1) != 0;
        f->root.last_sync_unix = (int64_t)(prng_next() >> 33);
    }
}

static void fail_case(unsigned long seed, unsigned long k, const acs_profile *profile, const char *property,
                      const acs_host_facts *facts, const char *detail)
{
    static char text[4096];
    describe(facts, text, sizeof text);
    fail_msg("seed %lu case %lu profile %s: %s (%s)\n  facts: %s", seed, k, profile->id, property, detail, text);
}

static void test_properties(void **state)
{
    unsigned long seed = env_number("ACS_PROPERTY_SEED", 20261201);
    unsigned long cases = env_number("ACS_PROPERTY_CASES", 20000);
    unsigned long ready = 0, checked = 0;
    static acs_host_facts facts, changed;

    prng_state = seed * 0x9E3779B97F4A7C15ull + 1;
    for (unsigned long k = 0; k < cases; k++) {
        random_facts(&facts);
        for (size_t p = 0; p < acs_catalog_profile_count(catalog); p++) {
            const acs_profile *profile = acs_catalog_profile_at(catalog, p);
            acs_state s = verdict_of(profile, &facts);
            bool disagreed = facts_disagree(&last_verdict);
            checked++;
            if (s == ACS_STATE_READY)
                ready++;
            if (s == ACS_STATE_READY && !facts.os.version.known)
                fail_case(seed, k, profile, "Ready with the OS version unread", &facts, "");
            if (s == ACS_STATE_READY && !facts.root.presence.known)
                fail_case(seed, k, profile, "Ready with the root store unread", &facts, "");
            changed = facts;
            scramble_unread_values(&changed);
            if (verdict_of(profile, &changed) != s)
                fail_case(seed, k, profile, "the value of an unread fact changed the verdict", &facts, "scrambled");

            if (s != ACS_STATE_READY) {
                for (size_t i = 0; i < sizeof facts_to_forget / sizeof facts_to_forget[0]; i++) {
                    acs_known *fact;
                    changed = facts;
                    fact = (acs_known *)((char *)&changed + facts_to_forget[i].offset);
                    if (!fact->known)
                        continue;
                    acs_known_fail(fact, "forgotten");
                    if (verdict_of(profile, &changed) == ACS_STATE_READY && !(s == ACS_STATE_UNKNOWN && disagreed))
                        fail_case(seed, k, profile, "forgetting a fact turned the verdict into Ready", &facts,
                                  facts_to_forget[i].name);
                }
                continue;
            }
            /* Ready: a newer UBR or rollup on the same OS must not make it
             * NotReady. Raised within what Windows can produce: beyond it the
             * value is implausible, i.e. unread (core/plausible.h), which the
             * properties above cover. */
            uint32_t raise = (uint32_t)(prng_next() % 20000u) + 1u;
            changed = facts;
            if (changed.os.ubr.known && changed.os.ubr_value <= ACS_PLAUSIBLE_REVISION_MAX - raise) {
                changed.os.ubr_value += raise;
                if (verdict_of(profile, &changed) == ACS_STATE_NOT_READY)
                    fail_case(seed, k, profile, "a higher UBR turned Ready into NotReady", &facts, "ubr raised");
            }
            changed = facts;
            if (changed.updates.rollup.known && changed.updates.rollup_revision <= ACS_PLAUSIBLE_REVISION_MAX - raise) {
                changed.updates.rollup_revision += raise;
                if (verdict_of(profile, &changed) == ACS_STATE_NOT_READY)
                    fail_case(seed, k, profile, "a higher rollup revision turned Ready into NotReady", &facts,
                              "rollup raised");
            }
        }
    }
    print_message("%lu evaluations (%lu cases, seed %lu), %lu Ready\n", checked, cases, seed, ready);
    /* The generator must reach Ready often enough for the last property to mean anything. */
    assert_true(ready * 50 > checked);
}

static int setup(void **state)
{
    if (builtin_catalog_setup(state) != 0)
        return -1;
    acs_rule_pool_init(&pool, catalog);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_properties),
    };
    return cmocka_run_group_tests(tests, setup, builtin_catalog_teardown);
}
