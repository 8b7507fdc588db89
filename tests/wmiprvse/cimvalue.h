/* How a CIM type travels in a VARIANT, and how a value is printed.
 *
 * WMI's automation mapping (the VARIANT an instance provider must Put):
 * uint8 VT_UI1, sint8/sint16/char16 VT_I2, uint16/sint32/uint32 VT_I4,
 * sint64/uint64 VT_BSTR (decimal), real32 VT_R4, real64 VT_R8, boolean
 * VT_BOOL, string/datetime/ref VT_BSTR, object VT_UNKNOWN; arrays as a
 * one-dimensional SAFEARRAY of that element type. */
#ifndef WMIPRVSE_CIMVALUE_H
#define WMIPRVSE_CIMVALUE_H

#include "standin.h"

/* S_OK when value may be Put into a property of the given type; otherwise
 * WBEM_E_TYPE_MISMATCH with a short reason. NULL, VT_NULL and VT_EMPTY are
 * the null value and always fit. */
HRESULT cim_check_value(CIMTYPE type, const VARIANT *value, char *why, size_t why_size);

int cim_is_null(const VARIANT *value);

/* "yyyymmddHHMMSS.mmmmmmsUUU" or the interval form "ddddddddHHMMSS.mmmmmm:000". */
int cim_is_dmtf_datetime(const WCHAR *text);

/* NULL, True/False, decimal, raw UTF-8 text, {a, b}. With mask_datetimes a
 * non-null datetime prints as <datetime>: used only to compare runs, whose
 * timestamps legitimately differ. */
void cim_render(strbuf *out, CIMTYPE type, const VARIANT *value, int mask_datetimes);

const char *vt_name(VARTYPE vt);

#endif
