/* The namespace a provider is initialized with: IWbemServices whose only
 * working method is GetObject(class name), answered from the MOF. Everything
 * else says WBEM_E_NOT_SUPPORTED, so a provider that depends on more of WMI
 * fails visibly here instead of passing by luck. */
#ifndef WMIPRVSE_SERVICES_H
#define WMIPRVSE_SERVICES_H

#include "standin.h"
#include "mof.h"

/* Milliseconds this thread spent in the namespace's GetObject since the last
 * call (the host's share of a provider call, with the sink's), and resets it. */
double namespace_take_host_ms(void);

/* schema must outlive the object; namespace_path is copied. */
HRESULT namespace_create(const mof_schema *schema, const char *namespace_path, IWbemServices **out);

#endif
