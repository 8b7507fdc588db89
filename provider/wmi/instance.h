/* One WMI instance from one row of a core class table (core/report.h): the
 * class object comes from the namespace, the values from the table's getters. */
#ifndef ACSREADY_WMI_INSTANCE_H
#define ACSREADY_WMI_INSTANCE_H

#include "wmi/com.h"

#include "core/report.h"

/* A VARIANT as WMI carries the value: strings and datetimes VT_BSTR, boolean
 * VT_BOOL, uint32 VT_I4 (WMI's convention), string[] VT_ARRAY|VT_BSTR, a NULL
 * value VT_NULL. On failure *out is VT_EMPTY. */
HRESULT acs_variant_from_value(const acs_value *value, VARIANT *out);

/* SpawnInstance + Put of every property of cls for row. */
HRESULT acs_instance_make(IWbemClassObject *class_object, const acs_class *cls, const acs_report *report,
                          size_t row, IWbemClassObject **out);

#endif
