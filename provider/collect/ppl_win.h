/* The real seam's functions for protected services (collect.h, acs_seam),
 * one job per file: ppl_win.c (registry info, SCM, process protection,
 * files, devices, boot time), authenticode.c (signatures), code_integrity.c
 * (the event log). seam_windows.c puts them in the table. */
#ifndef ACSREADY_COLLECT_PPL_WIN_H
#define ACSREADY_COLLECT_PPL_WIN_H

#include "collect/collect.h"

LONG acs_win_reg_key_info(void *ctx, HKEY key, DWORD *subkeys, uint64_t *last_write);
LONG acs_win_system_root(void *ctx, wchar_t *out, DWORD chars);
LONG acs_win_service_states(void *ctx, void (*each)(void *user, const wchar_t *name, DWORD state, DWORD pid),
                            void *user);
LONG acs_win_process_protection(void *ctx, DWORD pid, DWORD *level);
LONG acs_win_file_identity(void *ctx, const wchar_t *path, uint64_t *size, uint64_t *last_write);
LONG acs_win_file_signatures(void *ctx, const wchar_t *path, acs_signature_list *out);
LONG acs_win_path_variant(void *ctx, const wchar_t *path, bool want_short, wchar_t *out, DWORD chars);
LONG acs_win_dos_devices(void *ctx, acs_dos_device *out, size_t max, size_t *count);
LONG acs_win_code_integrity_events(void *ctx, int64_t since_unix, unsigned max,
                                   void (*each)(void *user, const acs_ci_event *event), void *user);
LONG acs_win_boot_time(void *ctx, int64_t *unix_seconds);

/* One event as EvtRender(EvtRenderEventXml) gives it (UTF-8) -> its fields;
 * false when it has no EventID or TimeCreated. */
bool acs_ci_event_from_xml(const char *xml, acs_ci_event *out);

/* A 32-bit provider on 64-bit Windows must see the native System32: file
 * system redirection off for this thread, then back. */
typedef struct acs_redirection {
    bool off;
    PVOID old;
} acs_redirection;
void acs_win_redirection_disable(acs_redirection *r);
void acs_win_redirection_restore(acs_redirection *r);

/* GetProcAddress of an already loaded system DLL, as a data pointer. */
void *acs_win_system_proc(const wchar_t *module, const char *name);

#endif
