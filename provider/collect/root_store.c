/* Root store evidence (docs/reference/servicing-evidence.md, "Root
 * certificate stores"): is the ACS root trusted by the machine
 * and in which physical store, is automatic root update off by policy, and
 * when did the root list last sync. Only local stores are read: no chain is
 * built and nothing that could fetch a root from Windows Update is called. */
#include <string.h>

#include "collect/collect.h"

/* 100 ns ticks from 1601-01-01 to 1970-01-01 */
#define FILETIME_UNIX_EPOCH 116444736000000000LL
/* crypt32 rejects a LastSyncTime in the future
 * (https://denetarik.com/2024/06/windows-automatic-root-ca-updates.html); a day
 * of clock skew is tolerated. */
#define FUTURE_SLACK_SECONDS 86400

typedef enum lookup_result { LOOKUP_FOUND, LOOKUP_ABSENT, LOOKUP_FAILED } lookup_result;

/* Found means the SHA-1 matched and the SHA-256 agrees or could not be
 * computed (*sha1_only). A SHA-1 match with another SHA-256 is a different
 * certificate, so the root is not in that store. */
static lookup_result lookup(const acs_seam *seam, acs_store_index store, const acs_root_rule *rule, bool *sha1_only,
                            LONG *error)
{
    uint8_t sha256[32];
    bool sha256_known = false;
    LONG rc = seam->cert_find(seam->ctx, store, rule->sha1, sha256, &sha256_known);

    *error = rc;
    if (rc == CRYPT_E_NOT_FOUND || rc == ERROR_FILE_NOT_FOUND)
        return LOOKUP_ABSENT; /* a store that does not exist holds nothing */
    if (rc != ERROR_SUCCESS)
        return LOOKUP_FAILED;
    if (!sha256_known) {
        *sha1_only = true;
        return LOOKUP_FOUND;
    }
    return memcmp(sha256, rule->sha256, sizeof(sha256)) == 0 ? LOOKUP_FOUND : LOOKUP_ABSENT;
}

static void collect_presence(const acs_seam *seam, const acs_root_rule *rule, acs_root_facts *root)
{
    bool sha1_only = false;
    LONG error = ERROR_SUCCESS;
    char text[96];
    const char *unread = NULL;
    LONG unread_error = ERROR_SUCCESS;
    size_t i;

    root->stores = 0;
    if (!rule) {
        acs_known_fail(&root->presence, "the catalog names no root certificate");
        return;
    }
    for (i = 0; i < ACS_STORE_COUNT; i++) {
        lookup_result result = lookup(seam, (acs_store_index)i, rule, &sha1_only, &error);
        if (result == LOOKUP_FOUND) {
            root->stores |= acs_physical_stores[i].bit;
        } else if (result == LOOKUP_FAILED && !unread) {
            unread = acs_physical_stores[i].name;
            unread_error = error;
        }
    }
    /* Found anywhere: trusted for sure, even if another store was unreadable.
     * Found nowhere with a store unread: absence is not proven. */
    if (!root->stores && unread) {
        acs_win32_error_text(unread_error, text, sizeof(text));
        acs_known_fail(&root->presence, "%s store: %s", unread, text);
        return;
    }
    acs_known_ok(&root->presence);
    if (sha1_only && root->stores)
        /* why is read only when !known; kept here so a log of the facts shows the weaker match. */
        strncpy(root->presence.why, "matched by SHA-1 only: this system cannot compute SHA-256",
                sizeof(root->presence.why) - 1);
}

static void collect_policy(const acs_seam *seam, acs_root_facts *root)
{
    HKEY key = NULL;
    DWORD value = 0, type = 0;
    char text[96];
    LONG rc = seam->reg_open(seam->ctx, HKEY_LOCAL_MACHINE, ACS_ROOT_POLICY_KEY, &key);

    root->auto_update_disabled = false;
    if (rc == ERROR_FILE_NOT_FOUND) {
        acs_known_ok(&root->policy); /* no policy: automatic root update is on */
        return;
    }
    if (rc != ERROR_SUCCESS) {
        acs_win32_error_text(rc, text, sizeof(text));
        acs_known_fail(&root->policy, "cannot open HKLM\\...\\Policies\\...\\AuthRoot: %s", text);
        return;
    }
    rc = acs_reg_read_dword(seam, key, L"DisableRootAutoUpdate", &value, &type);
    seam->reg_close(seam->ctx, key);
    if (rc == ERROR_FILE_NOT_FOUND) {
        acs_known_ok(&root->policy);
    } else if (rc == ERROR_INVALID_DATATYPE) {
        acs_known_fail(&root->policy, "DisableRootAutoUpdate is not a 4-byte REG_DWORD (type %lu)",
                       (unsigned long)type);
    } else if (rc != ERROR_SUCCESS) {
        acs_win32_error_text(rc, text, sizeof(text));
        acs_known_fail(&root->policy, "DisableRootAutoUpdate: %s", text);
    } else {
        /* The policy writes 1; any nonzero DWORD is read as "on", as a boolean policy. */
        root->auto_update_disabled = value != 0;
        acs_known_ok(&root->policy);
    }
}

static void collect_last_sync(const acs_seam *seam, acs_root_facts *root)
{
    HKEY key = NULL;
    BYTE data[16];
    DWORD type = 0, size = sizeof(data);
    char text[96];
    LONG rc = seam->reg_open(seam->ctx, HKEY_LOCAL_MACHINE, ACS_ROOT_AUTOUPDATE_KEY, &key);
    int64_t ticks, unix_seconds;
    uint64_t raw = 0;

    root->never_synced = false;
    root->last_sync_unix = 0;
    if (rc == ERROR_FILE_NOT_FOUND) {
        root->never_synced = true; /* never reached Windows Update (inferred) */
        acs_known_ok(&root->last_sync);
        return;
    }
    if (rc != ERROR_SUCCESS) {
        acs_win32_error_text(rc, text, sizeof(text));
        acs_known_fail(&root->last_sync, "cannot open HKLM\\...\\AuthRoot\\AutoUpdate: %s", text);
        return;
    }
    rc = seam->reg_query(seam->ctx, key, L"LastSyncTime", &type, data, &size);
    seam->reg_close(seam->ctx, key);
    if (rc == ERROR_FILE_NOT_FOUND) {
        root->never_synced = true;
        acs_known_ok(&root->last_sync);
        return;
    }
    if (rc == ERROR_MORE_DATA || (rc == ERROR_SUCCESS && (type != REG_BINARY || size != 8))) {
        acs_known_fail(&root->last_sync, "LastSyncTime is not an 8-byte REG_BINARY FILETIME (type %lu, %lu bytes)",
                       (unsigned long)type, (unsigned long)size);
        return;
    }
    if (rc != ERROR_SUCCESS) {
        acs_win32_error_text(rc, text, sizeof(text));
        acs_known_fail(&root->last_sync, "LastSyncTime: %s", text);
        return;
    }
    memcpy(&raw, data, 8); /* FILETIME is little-endian low, high: as is this host */
    if (raw > (uint64_t)INT64_MAX) {
        acs_known_fail(&root->last_sync, "LastSyncTime is out of range");
        return;
    }
    ticks = (int64_t)raw;
    unix_seconds = (ticks - FILETIME_UNIX_EPOCH) / 10000000;
    if (unix_seconds > seam->now_unix(seam->ctx) + FUTURE_SLACK_SECONDS) {
        acs_known_fail(&root->last_sync, "LastSyncTime lies in the future; crypt32 ignores such a value");
        return;
    }
    root->last_sync_unix = unix_seconds;
    acs_known_ok(&root->last_sync);
}

void acs_collect_root(const acs_seam *seam, const acs_root_rule *rule, acs_root_facts *root)
{
    collect_presence(seam, rule, root);
    collect_policy(seam, root);
    collect_last_sync(seam, root);
}
