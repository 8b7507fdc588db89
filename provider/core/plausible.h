/* Facts must be plausible before they count. The range of each fact Windows
 * can produce is defined here, once, with the reason; a fact outside it, or
 * two facts that contradict each other, is turned into "unknown, because ..."
 * before the evaluator decides, so bad data yields Unknown, never Ready nor a
 * confident NotReady (issue 9; docs/security.md, "Hostile machines"). */
#ifndef ACSREADY_CORE_PLAUSIBLE_H
#define ACSREADY_CORE_PLAUSIBLE_H

#include "core/evaluate.h"

/* A build number and a revision (UBR, RollupFix <rev>, the fourth part of a
 * file version) are each one 16-bit part of a Windows version
 * (VS_FIXEDFILEINFO keeps a version as four 16-bit numbers:
 * https://learn.microsoft.com/windows/win32/api/verrsrc/ns-verrsrc-vs_fixedfileinfo),
 * so neither can exceed 65535. A saturating wcstoul (4294967295) and
 * "7601.99999999999" both land above it. */
#define ACS_PLAUSIBLE_BUILD_MAX 65535u
#define ACS_PLAUSIBLE_REVISION_MAX 65535u

/* Copies in to out (the protected-service list up to its module_count, the
 * part of it in use) and turns each implausible fact of out into unread with
 * why (a value out of range, or two readings that must agree and do not:
 * RtlGetVersion's build against the registry's CurrentBuildNumber, the
 * kernel's major.minor against the OS). Returns how many facts it rejected. */
size_t acs_facts_check_plausible(const acs_host_facts *in, acs_host_facts *out);

/* Facts that the rule's own data says must agree, checked before the update
 * requirement is decided:
 *  - Windows 10+: a UBR below the required one while the required (or
 *    first-B) KB is listed Installed/Superseded (an installed LCU raises the UBR);
 *  - 6.x: any proof of the October update (rollup revision, the rollup, the
 *    security-only update or a later rollup installed) while ntoskrnl.exe is
 *    older than the kernel that update brings (every one of them replaces it).
 * True when they disagree, with *evidence and args set for the sentence. */
bool acs_update_facts_disagree(const acs_os_rule *rule, const acs_host_facts *facts, acs_text_args *args,
                               acs_text_id *evidence);

/* Whether why is the reason the check gave a fact of checked that reported
 * had read: such a fact was read but not believed, and its remedy is to
 * recheck the machine, not to supply missing evidence. */
bool acs_fact_rejected(const acs_host_facts *reported, const acs_host_facts *checked, const char *why);

#endif
