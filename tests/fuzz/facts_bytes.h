/* Bytes -> host facts, for the evaluator's fuzzer and its property test: one
 * decoder, so both explore the same space. Values are drawn near what the
 * catalog's rules compare against (builds in a rule's range, UBRs and rollup
 * revisions around the required one, the rules' KBs in every package state),
 * with a share of arbitrary 32-bit values, and every fact may be unread. */
#ifndef ACSREADY_TESTS_FUZZ_FACTS_BYTES_H
#define ACSREADY_TESTS_FUZZ_FACTS_BYTES_H

#include <stddef.h>
#include <stdint.h>

#include "core/catalog.h"
#include "core/facts.h"

typedef struct acs_byte_reader {
    const uint8_t *data;
    size_t left; /* reads past the end give 0 */
} acs_byte_reader;

uint32_t acs_bytes_take(acs_byte_reader *r, unsigned nbytes);

/* The rules of a profile and of its bases, for picking realistic values. */
typedef struct acs_rule_pool {
    const acs_os_rule *rules[256];
    size_t count;
} acs_rule_pool;

void acs_rule_pool_init(acs_rule_pool *pool, const acs_catalog *catalog);

/* Fills facts from the reader (acs_facts_init first, so nothing is left over). */
void acs_facts_from_bytes(acs_byte_reader *r, const acs_rule_pool *pool, acs_host_facts *facts);

#endif
