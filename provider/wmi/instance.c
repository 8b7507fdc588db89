/* Instances the WMI way: SpawnInstance from the namespace's class, then Put
 * each property (type 0: the class carries the CIM type). A Put that fails (a
 * property the MOF lacks, a type it disagrees with) fails the instance: WMI
 * would refuse it, so the client hears why instead of getting half an object. */
#include "wmi/instance.h"

#include "wmi/text.h"

static HRESULT string_array(const acs_value *value, VARIANT *out)
{
    SAFEARRAY *array;
    LONG i;
    HRESULT hr = S_OK;

    array = SafeArrayCreateVector(VT_BSTR, 0, (ULONG)value->count);
    if (array == NULL)
        return E_OUTOFMEMORY;
    for (i = 0; i < (LONG)value->count; i++) {
        BSTR element = acs_bstr_from_utf8(value->strings[i] ? value->strings[i] : "");
        if (element == NULL) {
            hr = E_OUTOFMEMORY;
            break;
        }
        hr = SafeArrayPutElement(array, &i, element); /* copies the string */
        SysFreeString(element);
        if (FAILED(hr))
            break;
    }
    if (FAILED(hr)) {
        SafeArrayDestroy(array);
        return hr;
    }
    V_VT(out) = VT_ARRAY | VT_BSTR;
    V_ARRAY(out) = array;
    return S_OK;
}

HRESULT acs_variant_from_value(const acs_value *value, VARIANT *out)
{
    VariantInit(out);
    if (value->is_null) {
        V_VT(out) = VT_NULL;
        return S_OK;
    }
    switch (value->type) {
    case ACS_CIM_STRING:
    case ACS_CIM_DATETIME:
        V_BSTR(out) = acs_bstr_from_utf8(value->string ? value->string : "");
        if (V_BSTR(out) == NULL)
            return E_OUTOFMEMORY;
        V_VT(out) = VT_BSTR;
        return S_OK;
    case ACS_CIM_BOOLEAN:
        V_VT(out) = VT_BOOL;
        V_BOOL(out) = value->boolean ? VARIANT_TRUE : VARIANT_FALSE;
        return S_OK;
    case ACS_CIM_UINT32:
        V_VT(out) = VT_I4;
        V_I4(out) = (LONG)value->uint32;
        return S_OK;
    case ACS_CIM_STRING_ARRAY:
        return string_array(value, out);
    }
    return E_INVALIDARG;
}

static HRESULT put_property(IWbemClassObject *instance, const acs_property *property, const acs_report *report,
                            size_t row)
{
    acs_value value;
    VARIANT variant;
    wchar_t *name = NULL;
    HRESULT hr;

    acs_property_value(property, report, row, &value);
    VariantInit(&variant);

    name = acs_wide_from_utf8(property->name);
    if (name == NULL) {
        hr = E_OUTOFMEMORY;
        goto done;
    }
    hr = acs_variant_from_value(&value, &variant);
    if (FAILED(hr))
        goto done;
    /* Type 0: "When you Put a property on an instance, Type must be 0"; the
     * class definition (the MOF) already carries it (IWbemClassObject::Put,
     * https://learn.microsoft.com/en-us/windows/win32/api/wbemcli/nf-wbemcli-iwbemclassobject-put). */
    hr = IWbemClassObject_Put(instance, name, 0, &variant, 0);

done:
    VariantClear(&variant);
    acs_text_free(name);
    return hr;
}

HRESULT acs_instance_make(IWbemClassObject *class_object, const acs_class *cls, const acs_report *report,
                          size_t row, IWbemClassObject **out)
{
    IWbemClassObject *instance = NULL;
    size_t i;
    HRESULT hr;

    *out = NULL;
    hr = IWbemClassObject_SpawnInstance(class_object, 0, &instance);
    if (FAILED(hr))
        goto done;
    if (instance == NULL) {
        hr = WBEM_E_FAILED;
        goto done;
    }
    for (i = 0; i < cls->property_count; i++) {
        hr = put_property(instance, &cls->properties[i], report, row);
        if (FAILED(hr))
            goto done;
    }
    *out = instance;
    instance = NULL;

done:
    if (instance != NULL)
        IWbemClassObject_Release(instance);
    return hr;
}
