/* The provider object: IWbemProviderInit + IWbemServices (instance provider). */
#ifndef ACSREADY_WMI_PROVIDER_H
#define ACSREADY_WMI_PROVIDER_H

#include "wmi/com.h"

/* A new provider with one reference, as IUnknown. */
HRESULT acs_provider_create(IUnknown **out);

#endif
