/* The provider's identity, written once: the DLL registers and answers for
 * this CLSID (module.c), scripts/gen-mof.c writes it into the MOF's
 * __Win32Provider, and tests/project and tests/harness read it from here.
 * Plain C, no windows.h, so the Linux-built MOF generator can include it. */
#ifndef ACSREADY_WMI_IDENTITY_H
#define ACSREADY_WMI_IDENTITY_H

#define ACS_PROVIDER_CLSID "{5BFDCCC2-618C-4ADA-8290-AF4D0282378B}"
#define ACS_PROVIDER_NAME "AcsReadinessProvider"
#define ACS_NAMESPACE "root\\AcsReadiness"

#endif
