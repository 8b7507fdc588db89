/* Protected (PPL) service health: the rules that turn one service's facts
 * (core/facts.h, acs_ppl_module) into Healthy, AtRisk, Failing or Unknown,
 * and the portable path helpers the collector needs to find a service's
 * image and to tie Code Integrity events to it. Portable: no windows.h.
 * docs/catalog.md ("Protected services") explains the rules. */
#ifndef ACSREADY_CORE_PPL_H
#define ACSREADY_CORE_PPL_H

#include "core/evaluate.h"

typedef enum acs_ppl_health {
    ACS_PPL_HEALTHY = 0, /* nothing on this machine says its image will not load */
    ACS_PPL_AT_RISK,     /* ACS-signed, and the machine misses a requirement for ACS */
    ACS_PPL_FAILING,     /* evidence: refused since the last boot, unprotected, bad signature */
    ACS_PPL_UNKNOWN      /* the deciding fact could not be read */
} acs_ppl_health;

const char *acs_ppl_health_name(acs_ppl_health health); /* "Healthy", "AtRisk", "Failing", "Unknown" */

/* What one module's facts say: health, and the sentence ids and arguments
 * that explain it (args point into the module: keep it alive). note is a
 * second sentence (Code Integrity log unread, or older refusals as history),
 * ACS_TEXT_RM_NONE when there is none. */
typedef struct acs_ppl_result {
    acs_ppl_health health;
    acs_text_id evidence, remedy, note;
    acs_text_args args, note_args;
} acs_ppl_result;

/* machine_ready: whether this machine meets the update, prerequisite and root
 * requirements (acs_ppl_machine_ready). */
void acs_ppl_judge(const acs_ppl_module *module, acs_tristate machine_ready, acs_ppl_result *out);

/* The verdict's requirements other than the PPL one, folded: any NO -> NO,
 * else any UNSURE -> UNSURE, else YES. */
acs_tristate acs_ppl_machine_ready(const acs_verdict *verdict);

/* Evidence beats inference: Code Integrity refused an ACS-signed image since
 * the last boot. Returns how many modules say so; *first gets the first. */
size_t acs_ppl_acs_refusals(const acs_ppl_facts *ppl, const acs_ppl_module **first);

/* --- paths --------------------------------------------------------------- */

typedef enum acs_image_path_status {
    ACS_IMAGE_PATH_OK = 0,
    ACS_IMAGE_PATH_EMPTY,        /* missing or blank */
    ACS_IMAGE_PATH_UNTERMINATED, /* an opening quote without its closing one */
    ACS_IMAGE_PATH_TOO_LONG,     /* does not fit the output */
    ACS_IMAGE_PATH_RELATIVE      /* no drive after expansion (a UNC path, a bare name) */
} acs_image_path_status;

const char *acs_image_path_status_text(acs_image_path_status status);

/* A service's ImagePath as the registry holds it (UTF-8) -> the file's drive
 * path: quotes and arguments removed, "\SystemRoot\", "%SystemRoot%",
 * "%windir%", "\??\", "\\?\" and "system32\..." (relative to the Windows
 * folder, as the loader reads a driver's path) resolved with system_root
 * ("C:\Windows"). Unquoted paths with arguments end after the first ".exe"
 * followed by a blank, as the SCM's own search would end for an existing file. */
acs_image_path_status acs_parse_image_path(const char *raw, const char *system_root, char *out, size_t size);

/* One DOS device: "C:" and its NT device "\Device\HarddiskVolume2". */
typedef struct acs_dos_device {
    char drive[4];
    char device[96];
} acs_dos_device;

/* "\Device\HarddiskVolume2\Program Files\x.dll" -> "C:\Program Files\x.dll".
 * The device must match a whole path component (Volume1 is not Volume10),
 * case-insensitively. Paths already on a drive are copied. False when no
 * device matches or out is too small (out then holds ""). */
bool acs_map_device_path(const char *path, const acs_dos_device *devices, size_t count, char *out, size_t size);

/* Whether a Code Integrity event is about a module: the refused file is the
 * image itself or lies under the image's folder (its DLLs), or the process
 * that tried to load it is the image. Compared case-insensitively with '/'
 * and '\' alike. folder_variants are the folder's other spellings (its 8.3
 * short form), NULL entries skipped. A folder inside system_root (Windows'
 * own services live in System32) is shared by too many files: there only the
 * image itself and its process match. */
bool acs_ppl_event_matches(const char *file, const char *process, const char *image_path,
                           const char *const *folder_variants, size_t variant_count, const char *system_root);

#endif
