/* A watch on every registry key and folder the watched facts come from
 * (collect.h), so the provider can keep those facts until Windows says one
 * of them changed, instead of reading them again for every request: one
 * wait replaces ~35 registry reads (docs/performance.md, "Where one
 * collection goes").
 *
 * RegNotifyChangeKeyValue
 * (https://learn.microsoft.com/windows/win32/api/winreg/nf-winreg-regnotifychangekeyvalue)
 * signals an event when a watched key changes, asynchronously with
 * fAsynchronous TRUE. Its rules as used here:
 *  - the key handle must stay open while the watch lasts (closing it ends the
 *    notification), and one call reports one change: a fired entry is opened
 *    and armed again before the next read;
 *  - without REG_NOTIFY_THREAD_AGNOSTIC (Windows 8 and later) the
 *    notification belongs to the calling thread and "the event is signaled"
 *    when that thread exits: on Windows 7 and Server 2008 a pooled WMI thread
 *    that ends makes the facts be read again. Spurious, never missed;
 *  - a deleted key signals its watchers.
 * FindFirstChangeNotification
 * (https://learn.microsoft.com/windows/win32/api/fileapi/nf-fileapi-findfirstchangenotificationw)
 * does the same for a folder's file names.
 * A key or folder that does not exist (no policy for AuthRoot, no Enterprise
 * root store) is watched through its nearest existing ancestor for a new
 * name below it: creating the next part of the path signals, and the next
 * arming goes one level deeper. */
#include <stdlib.h>
#include <string.h>

#include "collect/collect.h"

#ifndef REG_NOTIFY_THREAD_AGNOSTIC
#define REG_NOTIFY_THREAD_AGNOSTIC 0x10000000L
#endif

/* A value set or deleted, a subkey added or deleted, or a security
 * descriptor changed (what the caller may read changes with it). */
#define KEY_FILTER (REG_NOTIFY_CHANGE_NAME | REG_NOTIFY_CHANGE_LAST_SET | REG_NOTIFY_CHANGE_SECURITY)
#define PATH_CHARS (MAX_PATH + 64)

/* WaitForMultipleObjects takes at most MAXIMUM_WAIT_OBJECTS (64). */
#if ACS_MAX_WATCHED_SOURCES > MAXIMUM_WAIT_OBJECTS
#error "one wait must cover every watched source"
#endif

struct acs_registry_watch {
    DWORD count;
    acs_watched_source sources[ACS_MAX_WATCHED_SOURCES];
    HKEY keys[ACS_MAX_WATCHED_SOURCES];      /* a key's open handle, NULL for a folder */
    HANDLE signals[ACS_MAX_WATCHED_SOURCES]; /* a key's event (manual reset), a folder's change handle */
};

size_t acs_watched_sources(acs_watched_source *out, size_t max)
{
    /* Each collector's keys (os_identity.c, cbs_packages.c, root_store.c). */
    static const acs_watched_source fixed[] = {
        { ACS_CURRENT_VERSION_KEY, false, false }, /* values only: its subkeys change all the time */
        { ACS_CBS_KEY, true, false },              /* Packages\<identity>, PackageIndex\<name> */
        { ACS_CBS_MUM_FOLDER, false, true },       /* 6.0: the .mum files name the packages */
        { ACS_ROOT_POLICY_KEY, false, false },     /* DisableRootAutoUpdate */
        { ACS_ROOT_AUTOUPDATE_KEY, false, false }, /* LastSyncTime */
    };
    size_t i, n = 0;

    for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++, n++)
        if (n < max)
            out[n] = fixed[i];
    for (i = 0; i < ACS_STORE_COUNT; i++, n++)
        if (n < max) {
            out[n].path = acs_store_registry_key((acs_store_index)i);
            out[n].subtree = true; /* one subkey per certificate, its Blob inside */
            out[n].folder = false;
        }
    return n;
}

/* Cuts the last part off path; false when there is none left to cut
 * (stop is where the walk up must end: HKLM's first level, or %windir%). */
static bool cut_last_part(wchar_t *path, size_t stop)
{
    wchar_t *cut = wcsrchr(path, L'\\');
    if (cut == NULL || (size_t)(cut - path) < stop)
        return false;
    *cut = L'\0';
    return true;
}

/* Starts watching a key, or its nearest existing ancestor for a new subkey name. */
static bool watch_key(acs_registry_watch *watch, DWORD i)
{
    wchar_t at[PATH_CHARS];
    bool subtree = watch->sources[i].subtree;
    size_t len = wcslen(watch->sources[i].path);
    DWORD filter = KEY_FILTER;
    LONG rc;

    if (len >= PATH_CHARS || !ResetEvent(watch->signals[i]))
        return false;
    wmemcpy(at, watch->sources[i].path, len + 1);
    while ((rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, at, 0, KEY_NOTIFY | KEY_WOW64_64KEY, &watch->keys[i])) ==
           ERROR_FILE_NOT_FOUND) {
        if (!cut_last_part(at, 1)) {
            watch->keys[i] = NULL;
            return false;
        }
        subtree = false;
        filter = REG_NOTIFY_CHANGE_NAME;
    }
    if (rc != ERROR_SUCCESS) {
        watch->keys[i] = NULL;
        return false;
    }
    rc = RegNotifyChangeKeyValue(watch->keys[i], subtree, filter | REG_NOTIFY_THREAD_AGNOSTIC, watch->signals[i],
                                 TRUE);
    if (rc == ERROR_INVALID_PARAMETER) /* before Windows 8: bound to this thread (see above) */
        rc = RegNotifyChangeKeyValue(watch->keys[i], subtree, filter, watch->signals[i], TRUE);
    return rc == ERROR_SUCCESS;
}

/* Starts watching a folder under %windir%, or its nearest existing ancestor
 * for a new folder name. */
static bool watch_folder(acs_registry_watch *watch, DWORD i)
{
    wchar_t at[PATH_CHARS];
    UINT root = GetSystemWindowsDirectoryW(at, MAX_PATH);
    DWORD filter = FILE_NOTIFY_CHANGE_FILE_NAME;
    HANDLE signal;

    if (root == 0 || root >= MAX_PATH || root + 1 + wcslen(watch->sources[i].path) >= PATH_CHARS)
        return false;
    if (at[root - 1] != L'\\')
        at[root++] = L'\\';
    wcscpy(at + root, watch->sources[i].path);
    while ((signal = FindFirstChangeNotificationW(at, FALSE, filter)) == INVALID_HANDLE_VALUE) {
        DWORD error = GetLastError();
        if ((error != ERROR_FILE_NOT_FOUND && error != ERROR_PATH_NOT_FOUND) || !cut_last_part(at, root - 1))
            return false;
        filter = FILE_NOTIFY_CHANGE_DIR_NAME;
    }
    watch->signals[i] = signal;
    return true;
}

static void unwatch(acs_registry_watch *watch, DWORD i)
{
    if (watch->sources[i].folder) {
        if (watch->signals[i] != NULL)
            FindCloseChangeNotification(watch->signals[i]);
        watch->signals[i] = NULL;
    } else if (watch->keys[i] != NULL) {
        RegCloseKey(watch->keys[i]); /* ends its notification; the event is kept */
        watch->keys[i] = NULL;
    }
}

/* (Re)starts entry i: opened again, since the key may have been deleted or a
 * missing part of its path created. */
static bool watch_entry(acs_registry_watch *watch, DWORD i)
{
    unwatch(watch, i);
    return watch->sources[i].folder ? watch_folder(watch, i) : watch_key(watch, i);
}

static acs_registry_watch *watch_new(void)
{
    acs_registry_watch *watch = calloc(1, sizeof(*watch));
    size_t count;

    if (watch == NULL)
        return NULL;
    count = acs_watched_sources(watch->sources, ACS_MAX_WATCHED_SOURCES);
    if (count > ACS_MAX_WATCHED_SOURCES) {
        free(watch);
        return NULL;
    }
    for (DWORD i = 0; i < count; i++) {
        watch->count = i + 1; /* so that free releases what entry i holds */
        if (!watch->sources[i].folder && (watch->signals[i] = CreateEventW(NULL, TRUE, FALSE, NULL)) == NULL)
            goto failed;
        if (!watch_entry(watch, i))
            goto failed;
    }
    return watch;
failed:
    acs_registry_watch_free(watch);
    return NULL;
}

bool acs_registry_watch_arm(acs_registry_watch **watch)
{
    DWORD from = 0;

    if (*watch == NULL) {
        *watch = watch_new();
        return *watch != NULL;
    }
    /* Only the entries that fired need arming again: the others have been
     * armed since before any read they vouch for. One wait finds the lowest
     * signalled entry; the next wait starts after it. */
    while (from < (*watch)->count) {
        DWORD found = WaitForMultipleObjects((*watch)->count - from, (*watch)->signals + from, FALSE, 0);
        if (found == WAIT_TIMEOUT)
            return true;
        if (found >= WAIT_OBJECT_0 + (*watch)->count - from || !watch_entry(*watch, from + found - WAIT_OBJECT_0)) {
            acs_registry_watch_free(*watch);
            *watch = NULL;
            return false;
        }
        from += found - WAIT_OBJECT_0 + 1;
    }
    return true;
}

bool acs_registry_watch_unchanged(acs_registry_watch *watch)
{
    return watch != NULL && watch->count > 0 &&
           WaitForMultipleObjects(watch->count, watch->signals, FALSE, 0) == WAIT_TIMEOUT;
}

void acs_registry_watch_free(acs_registry_watch *watch)
{
    if (watch == NULL)
        return;
    for (DWORD i = 0; i < watch->count; i++) {
        unwatch(watch, i);
        if (!watch->sources[i].folder && watch->signals[i] != NULL)
            CloseHandle(watch->signals[i]);
    }
    free(watch);
}
