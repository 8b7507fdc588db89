/* The COM in-process server around the provider: module handle, object and
 * lock counts (DllCanUnloadNow), and the provider's identity. */
#ifndef ACSREADY_WMI_MODULE_H
#define ACSREADY_WMI_MODULE_H

#include "wmi/com.h"

/* {5BFDCCC2-618C-4ADA-8290-AF4D0282378B}: fixed, see docs/architecture.md. */
extern const CLSID CLSID_AcsReadinessProvider;
#define ACS_PROVIDER_CLSID_TEXT L"{5BFDCCC2-618C-4ADA-8290-AF4D0282378B}"
#define ACS_PROVIDER_NAME L"AcsReadinessProvider"
#define ACS_NAMESPACE_UTF8 "root\\AcsReadiness"

/* Objects alive and LockServer/class-factory references: while either is
 * nonzero DllCanUnloadNow says S_FALSE. */
void acs_module_object_created(void);
void acs_module_object_destroyed(void);
void acs_module_lock(void);
void acs_module_unlock(void);

HMODULE acs_module_handle(void);

/* Full path of this DLL (heap, free with HeapFree(GetProcessHeap())). NULL on failure. */
wchar_t *acs_module_path(void);

/* Sets up libxml2 once per process. False if it could not be. */
BOOL acs_module_xml_ready(void);

/* IClassFactory for the provider (factory.c). */
HRESULT acs_class_factory_get(REFIID riid, void **out);

#endif
