/* The COM in-process server around the provider: module handle, object and
 * lock counts (DllCanUnloadNow), and the provider's identity. */
#ifndef ACSREADY_WMI_MODULE_H
#define ACSREADY_WMI_MODULE_H

#include "wmi/com.h"
#include "wmi/identity.h"

#define ACS_WIDE_(text) L##text
#define ACS_WIDE(text) ACS_WIDE_(text)

/* Provider objects alive: while any is (or a LockServer/class-factory
 * reference is held), DllCanUnloadNow says S_FALSE. */
void acs_module_object_created(void);
void acs_module_object_destroyed(void);

HMODULE acs_module_handle(void);

/* Full path of this DLL (heap, free with HeapFree(GetProcessHeap())). NULL on failure. */
wchar_t *acs_module_path(void);

/* Sets up libxml2 once per process. False if it could not be. */
BOOL acs_module_xml_ready(void);

#endif
