/* The CIM <-> VARIANT rules WMI applies to Put, and value rendering. */
#include "cimvalue.h"
#include "mof.h"

#include <stdio.h>
#include <string.h>

const char *vt_name(VARTYPE vt)
{
    static char other[32];
    switch (vt & ~VT_ARRAY) {
    case VT_EMPTY: return vt & VT_ARRAY ? "VT_ARRAY|VT_EMPTY" : "VT_EMPTY";
    case VT_NULL: return "VT_NULL";
    case VT_I1: return vt & VT_ARRAY ? "VT_ARRAY|VT_I1" : "VT_I1";
    case VT_UI1: return vt & VT_ARRAY ? "VT_ARRAY|VT_UI1" : "VT_UI1";
    case VT_I2: return vt & VT_ARRAY ? "VT_ARRAY|VT_I2" : "VT_I2";
    case VT_UI2: return vt & VT_ARRAY ? "VT_ARRAY|VT_UI2" : "VT_UI2";
    case VT_I4: return vt & VT_ARRAY ? "VT_ARRAY|VT_I4" : "VT_I4";
    case VT_UI4: return vt & VT_ARRAY ? "VT_ARRAY|VT_UI4" : "VT_UI4";
    case VT_INT: return "VT_INT";
    case VT_UINT: return "VT_UINT";
    case VT_I8: return "VT_I8";
    case VT_UI8: return "VT_UI8";
    case VT_R4: return vt & VT_ARRAY ? "VT_ARRAY|VT_R4" : "VT_R4";
    case VT_R8: return vt & VT_ARRAY ? "VT_ARRAY|VT_R8" : "VT_R8";
    case VT_BOOL: return vt & VT_ARRAY ? "VT_ARRAY|VT_BOOL" : "VT_BOOL";
    case VT_BSTR: return vt & VT_ARRAY ? "VT_ARRAY|VT_BSTR" : "VT_BSTR";
    case VT_DATE: return "VT_DATE";
    case VT_UNKNOWN: return vt & VT_ARRAY ? "VT_ARRAY|VT_UNKNOWN" : "VT_UNKNOWN";
    case VT_VARIANT: return vt & VT_ARRAY ? "VT_ARRAY|VT_VARIANT" : "VT_VARIANT";
    }
    snprintf(other, sizeof(other), "VT 0x%04x", (unsigned)vt);
    return other;
}

static VARTYPE element_vt(CIMTYPE type)
{
    switch (type & ~CIM_FLAG_ARRAY) {
    case CIM_UINT8: return VT_UI1;
    case CIM_SINT8: case CIM_SINT16: case CIM_CHAR16: return VT_I2;
    case CIM_UINT16: case CIM_SINT32: case CIM_UINT32: return VT_I4;
    case CIM_SINT64: case CIM_UINT64: case CIM_STRING: case CIM_DATETIME: case CIM_REFERENCE: return VT_BSTR;
    case CIM_REAL32: return VT_R4;
    case CIM_REAL64: return VT_R8;
    case CIM_BOOLEAN: return VT_BOOL;
    case CIM_OBJECT: return VT_UNKNOWN;
    }
    return VT_EMPTY;
}

int cim_is_null(const VARIANT *value)
{
    return !value || V_VT(value) == VT_NULL || V_VT(value) == VT_EMPTY;
}

int cim_is_dmtf_datetime(const WCHAR *text)
{
    size_t i;

    if (!text || wcslen(text) != 25 || text[14] != '.')
        return 0;
    for (i = 0; i < 25; i++) {
        if (i == 14 || i == 21)
            continue;
        if (!(text[i] >= '0' && text[i] <= '9') && text[i] != '*')
            return 0;
    }
    if (text[21] == ':')
        return !wcscmp(text + 22, L"000");
    return text[21] == '+' || text[21] == '-';
}

static int is_decimal(const WCHAR *text, int allow_sign)
{
    if (!text || !*text)
        return 0;
    if (allow_sign && *text == '-')
        text++;
    if (!*text)
        return 0;
    for (; *text; text++)
        if (*text < '0' || *text > '9')
            return 0;
    return 1;
}

/* One element's value, beyond its VARTYPE. */
static HRESULT check_scalar(CIMTYPE base, VARTYPE vt, const void *data, char *why, size_t why_size)
{
    if (vt == VT_BOOL) {
        VARIANT_BOOL b = *(const VARIANT_BOOL *)data;
        if (b != VARIANT_TRUE && b != VARIANT_FALSE) {
            snprintf(why, why_size, "VT_BOOL holds %d, not VARIANT_TRUE (-1) or VARIANT_FALSE (0)", (int)b);
            return WBEM_E_TYPE_MISMATCH;
        }
    } else if (vt == VT_I4 && base == CIM_UINT16) {
        LONG v = *(const LONG *)data;
        if (v < 0 || v > 65535) {
            snprintf(why, why_size, "%ld is out of range for uint16", (long)v);
            return WBEM_E_TYPE_MISMATCH;
        }
    } else if (vt == VT_I2 && base == CIM_SINT8) {
        SHORT v = *(const SHORT *)data;
        if (v < -128 || v > 127) {
            snprintf(why, why_size, "%d is out of range for sint8", (int)v);
            return WBEM_E_TYPE_MISMATCH;
        }
    } else if (vt == VT_BSTR) {
        BSTR s = *(const BSTR *)data;
        if (base == CIM_DATETIME && !cim_is_dmtf_datetime(s)) {
            snprintf(why, why_size, "not a DMTF datetime (yyyymmddHHMMSS.mmmmmmsUUU)");
            return WBEM_E_TYPE_MISMATCH;
        }
        if ((base == CIM_UINT64 || base == CIM_SINT64) && !is_decimal(s, base == CIM_SINT64)) {
            snprintf(why, why_size, "a %s travels as a decimal string", mof_type_name(base));
            return WBEM_E_TYPE_MISMATCH;
        }
    }
    return S_OK;
}

HRESULT cim_check_value(CIMTYPE type, const VARIANT *value, char *why, size_t why_size)
{
    CIMTYPE base = type & ~CIM_FLAG_ARRAY;
    VARTYPE want = element_vt(type);
    HRESULT hr = S_OK;

    why[0] = '\0';
    if (cim_is_null(value))
        return S_OK;
    if (type & CIM_FLAG_ARRAY) {
        SAFEARRAY *array;
        LONG lower, upper, i;

        if (V_VT(value) != (VT_ARRAY | want)) {
            snprintf(why, why_size, "%s needs VT_ARRAY|%s, got %s", mof_type_name(type), vt_name(want),
                     vt_name(V_VT(value)));
            return WBEM_E_TYPE_MISMATCH;
        }
        array = V_ARRAY(value);
        if (!array || SafeArrayGetDim(array) != 1) {
            snprintf(why, why_size, "%s needs a one-dimensional SAFEARRAY", mof_type_name(type));
            return WBEM_E_TYPE_MISMATCH;
        }
        if (FAILED(SafeArrayGetLBound(array, 1, &lower)) || FAILED(SafeArrayGetUBound(array, 1, &upper)))
            return WBEM_E_TYPE_MISMATCH;
        for (i = lower; i <= upper && SUCCEEDED(hr); i++) {
            union { BSTR s; VARIANT_BOOL b; LONG l; SHORT h; BYTE c; double d; float f; IUnknown *u; } element;
            if (FAILED(SafeArrayGetElement(array, &i, &element))) {
                snprintf(why, why_size, "element %ld of the array cannot be read", (long)i);
                return WBEM_E_TYPE_MISMATCH;
            }
            hr = check_scalar(base, want, &element, why, why_size);
            if (want == VT_BSTR)
                SysFreeString(element.s);
            else if (want == VT_UNKNOWN && element.u)
                IUnknown_Release(element.u);
        }
        return hr;
    }
    if (V_VT(value) != want) {
        snprintf(why, why_size, "%s needs %s, got %s", mof_type_name(type), vt_name(want), vt_name(V_VT(value)));
        return WBEM_E_TYPE_MISMATCH;
    }
    return check_scalar(base, want, &V_UNION(value, bstrVal), why, why_size);
}

static void render_scalar(strbuf *out, CIMTYPE base, VARTYPE vt, const void *data, int mask_datetimes)
{
    switch (vt) {
    case VT_BOOL:
        strbuf_puts(out, *(const VARIANT_BOOL *)data ? "True" : "False");
        break;
    case VT_UI1:
        strbuf_printf(out, "%u", (unsigned)*(const BYTE *)data);
        break;
    case VT_I2:
        strbuf_printf(out, "%d", (int)*(const SHORT *)data);
        break;
    case VT_I4:
        if (base == CIM_UINT32)
            strbuf_printf(out, "%lu", (unsigned long)*(const ULONG *)data);
        else
            strbuf_printf(out, "%ld", (long)*(const LONG *)data);
        break;
    case VT_R4:
        strbuf_printf(out, "%.9g", (double)*(const float *)data);
        break;
    case VT_R8:
        strbuf_printf(out, "%.17g", *(const double *)data);
        break;
    case VT_BSTR: {
        BSTR s = *(const BSTR *)data;
        if (mask_datetimes && base == CIM_DATETIME)
            strbuf_puts(out, "<datetime>");
        else if (s)
            strbuf_put_wide(out, s, SysStringLen(s));
        break;
    }
    case VT_UNKNOWN:
        strbuf_puts(out, "<object>");
        break;
    default:
        strbuf_printf(out, "<%s>", vt_name(vt));
        break;
    }
}

void cim_render(strbuf *out, CIMTYPE type, const VARIANT *value, int mask_datetimes)
{
    CIMTYPE base = type & ~CIM_FLAG_ARRAY;

    if (cim_is_null(value)) {
        strbuf_puts(out, "NULL");
        return;
    }
    if (V_VT(value) & VT_ARRAY) {
        SAFEARRAY *array = V_ARRAY(value);
        VARTYPE vt = V_VT(value) & ~VT_ARRAY;
        LONG lower = 0, upper = -1, i;

        if (array) {
            SafeArrayGetLBound(array, 1, &lower);
            SafeArrayGetUBound(array, 1, &upper);
        }
        strbuf_puts(out, "{");
        for (i = lower; i <= upper; i++) {
            union { BSTR s; VARIANT_BOOL b; LONG l; SHORT h; BYTE c; double d; float f; IUnknown *u; } element;
            if (i > lower)
                strbuf_puts(out, ", ");
            if (FAILED(SafeArrayGetElement(array, &i, &element))) {
                strbuf_puts(out, "<unreadable>");
                continue;
            }
            render_scalar(out, base, vt, &element, mask_datetimes);
            if (vt == VT_BSTR)
                SysFreeString(element.s);
            else if (vt == VT_UNKNOWN && element.u)
                IUnknown_Release(element.u);
        }
        strbuf_puts(out, "}");
        return;
    }
    render_scalar(out, base, V_VT(value), &V_UNION(value, bstrVal), mask_datetimes);
}
