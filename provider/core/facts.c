/* Host facts: initialisation and the small rules every collector shares. */
#include "core/facts.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static void set_unread(acs_known *fact)
{
    fact->known = false;
    snprintf(fact->why, sizeof fact->why, "%s", "not collected");
}

void acs_facts_init(acs_host_facts *facts)
{
    /* Everything but the PPL module list (module_count = 0 says it is empty):
     * an inventory initialises facts once per row of a million. */
    memset(facts, 0, offsetof(acs_host_facts, ppl) + offsetof(acs_ppl_facts, list));
    set_unread(&facts->os.version);
    set_unread(&facts->os.ubr);
    set_unread(&facts->os.registry_build);
    set_unread(&facts->os.product);
    set_unread(&facts->updates.packages);
    set_unread(&facts->updates.rollup);
    set_unread(&facts->updates.kernel);
    set_unread(&facts->root.presence);
    set_unread(&facts->root.policy);
    set_unread(&facts->root.last_sync);
    set_unread(&facts->ppl.modules);
}

void acs_known_ok(acs_known *fact)
{
    fact->known = true;
    fact->why[0] = '\0';
}

void acs_known_fail(acs_known *fact, const char *fmt, ...)
{
    va_list ap;
    fact->known = false;
    va_start(ap, fmt);
    vsnprintf(fact->why, sizeof fact->why, fmt, ap);
    va_end(ap);
}

/* When the same KB shows up in several packages (multi-part KBs, several
 * versions), the one that tells most about the running system wins. */
static int state_rank(acs_package_state state)
{
    switch (state) {
    case ACS_PKG_INSTALLED: return 6;
    case ACS_PKG_SUPERSEDED: return 5;
    case ACS_PKG_INSTALL_PENDING: return 4;
    case ACS_PKG_STAGED: return 3;
    case ACS_PKG_UNINSTALL_PENDING: return 2;
    case ACS_PKG_BROKEN: return 1;
    case ACS_PKG_ABSENT: break;
    }
    return 0;
}

bool acs_facts_add_kb(acs_update_facts *updates, uint32_t kb, acs_package_state state)
{
    for (size_t i = 0; i < updates->kb_count; i++) {
        if (updates->kbs[i].kb == kb) {
            if (state_rank(state) > state_rank(updates->kbs[i].state))
                updates->kbs[i].state = state;
            return true;
        }
    }
    if (updates->kb_count == ACS_MAX_KB_FACTS)
        return false;
    updates->kbs[updates->kb_count].kb = kb;
    updates->kbs[updates->kb_count].state = state;
    updates->kb_count++;
    return true;
}

acs_package_state acs_facts_kb_state(const acs_update_facts *updates, uint32_t kb)
{
    for (size_t i = 0; i < updates->kb_count; i++)
        if (updates->kbs[i].kb == kb)
            return updates->kbs[i].state;
    return ACS_PKG_ABSENT;
}

bool acs_package_counts_as_installed(acs_package_state state)
{
    return state == ACS_PKG_INSTALLED || state == ACS_PKG_SUPERSEDED;
}

int acs_kernel_compare(const uint16_t a[4], const uint16_t b[4])
{
    for (int i = 0; i < 4; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return 0;
}

/* States per servicing-evidence.md section a (CBS Servicing States Chart). */
acs_package_state acs_cbs_state_classify(uint32_t current_state, bool vista_layout)
{
    int32_t signed_state = (int32_t)current_state;
    if (signed_state < 0)
        return ACS_PKG_BROKEN;
    /* Vista/2008 may keep only the low nibble: 6 pending, 7 installed, 8 permanent. */
    if (vista_layout && current_state < 0x10)
        current_state <<= 4;
    switch (current_state) {
    case 0x00: return ACS_PKG_ABSENT;
    case 0x05: return ACS_PKG_UNINSTALL_PENDING;
    case 0x10: /* resolving */
    case 0x20: /* resolved */
    case 0x30: /* staging */
    case 0x40: return ACS_PKG_STAGED;
    case 0x50: return ACS_PKG_SUPERSEDED;
    case 0x60:
    case 0x65: return ACS_PKG_INSTALL_PENDING;
    case 0x70:
    case 0x80: return ACS_PKG_INSTALLED;
    default: break;
    }
    /* An undocumented positive state proves nothing is installed. */
    return ACS_PKG_STAGED;
}

const char *acs_package_state_name(acs_package_state state)
{
    switch (state) {
    case ACS_PKG_ABSENT: return "Absent";
    case ACS_PKG_STAGED: return "Staged";
    case ACS_PKG_INSTALL_PENDING: return "InstallPending";
    case ACS_PKG_UNINSTALL_PENDING: return "UninstallPending";
    case ACS_PKG_SUPERSEDED: return "Superseded";
    case ACS_PKG_INSTALLED: return "Installed";
    case ACS_PKG_BROKEN: return "Broken";
    }
    return "Absent";
}

const char *acs_product_type_name(acs_product_type type)
{
    switch (type) {
    case ACS_PRODUCT_WORKSTATION: return "Workstation";
    case ACS_PRODUCT_DC: return "DomainController";
    case ACS_PRODUCT_SERVER: return "Server";
    case ACS_PRODUCT_UNKNOWN: break;
    }
    return "Unknown";
}

#define STORE_ROW(id, name, physical, key) { ACS_STORE_##id, name, physical, key },
const acs_physical_store acs_physical_stores[ACS_STORE_COUNT] = { ACS_PHYSICAL_STORES(STORE_ROW, ) };
#undef STORE_ROW

const char *acs_store_name(unsigned store_bit)
{
    for (size_t i = 0; i < (size_t)ACS_STORE_COUNT; i++)
        if (store_bit & acs_physical_stores[i].bit)
            return acs_physical_stores[i].name;
    return "";
}

size_t acs_store_list(unsigned stores, char *buf, size_t size)
{
    size_t used = 0;
    if (size == 0)
        return 0;
    buf[0] = '\0';
    for (size_t i = 0; i < (size_t)ACS_STORE_COUNT; i++) {
        if (!(stores & acs_physical_stores[i].bit))
            continue;
        int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", acs_physical_stores[i].name);
        if (n < 0 || (size_t)n >= size - used)
            return strlen(buf);
        used += (size_t)n;
    }
    return used;
}

uint32_t acs_parse_kb(const char *text, size_t len)
{
    uint64_t kb = 0;
    size_t i = 0;
    if (len >= 2 && (text[0] == 'K' || text[0] == 'k') && (text[1] == 'B' || text[1] == 'b'))
        i = 2;
    if (i == len)
        return 0;
    for (; i < len; i++) {
        if (text[i] < '0' || text[i] > '9')
            return 0;
        kb = kb * 10 + (uint64_t)(text[i] - '0');
        if (kb > UINT32_MAX)
            return 0;
    }
    return (uint32_t)kb;
}
