/* Class and instance objects of the stand-in, Wine wbemprox style. */
#include "classobj.h"
#include "cimvalue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct class_object {
    IWbemClassObject IWbemClassObject_iface;
    LONG refs;
    const mof_class *cls;
    int is_instance;
    VARIANT *values;
    size_t enum_index;
    LONG enum_flags;
};

static const IWbemClassObjectVtbl class_object_vtbl;

static inline struct class_object *impl_from_IWbemClassObject(IWbemClassObject *iface)
{
    return CONTAINING_RECORD(iface, struct class_object, IWbemClassObject_iface);
}

static struct class_object *class_object_alloc(const mof_class *cls, int is_instance)
{
    struct class_object *obj = calloc(1, sizeof(*obj));
    size_t i;

    if (!obj)
        return NULL;
    obj->values = calloc(cls->prop_count ? cls->prop_count : 1, sizeof(VARIANT));
    if (!obj->values) {
        free(obj);
        return NULL;
    }
    for (i = 0; i < cls->prop_count; i++)
        VariantInit(&obj->values[i]);
    obj->IWbemClassObject_iface.lpVtbl = &class_object_vtbl;
    obj->refs = 1;
    obj->cls = cls;
    obj->is_instance = is_instance;
    live_object_created();
    return obj;
}

HRESULT class_object_create(const mof_class *cls, IWbemClassObject **out)
{
    struct class_object *obj = class_object_alloc(cls, 0);

    *out = NULL;
    if (!obj)
        return WBEM_E_OUT_OF_MEMORY;
    *out = &obj->IWbemClassObject_iface;
    return S_OK;
}

const mof_class *class_object_class(IWbemClassObject *obj)
{
    if (!obj || obj->lpVtbl != &class_object_vtbl)
        return NULL;
    return impl_from_IWbemClassObject(obj)->cls;
}

int class_object_is_instance(IWbemClassObject *obj)
{
    return class_object_class(obj) && impl_from_IWbemClassObject(obj)->is_instance;
}

const VARIANT *class_object_value(IWbemClassObject *obj, size_t index)
{
    return &impl_from_IWbemClassObject(obj)->values[index];
}

void class_object_label(IWbemClassObject *obj, strbuf *out)
{
    struct class_object *self = impl_from_IWbemClassObject(obj);
    size_t i;
    int first = 1;

    strbuf_puts(out, self->cls->name);
    if (self->cls->is_singleton)
        return;
    strbuf_puts(out, "[");
    for (i = 0; i < self->cls->prop_count; i++) {
        if (!self->cls->props[i].is_key)
            continue;
        if (!first)
            strbuf_puts(out, ",");
        first = 0;
        cim_render(out, self->cls->props[i].type, &self->values[i], 0);
    }
    strbuf_puts(out, "]");
}

static void append_path_literal(strbuf *out, CIMTYPE type, const VARIANT *value)
{
    if (cim_is_null(value)) {
        strbuf_puts(out, "NULL");
    } else if (V_VT(value) == VT_BSTR && type != CIM_UINT64 && type != CIM_SINT64) {
        const WCHAR *c = V_BSTR(value) ? V_BSTR(value) : L"";
        strbuf_puts(out, "\"");
        for (; *c; c++) {
            if (*c == '"' || *c == '\\')
                strbuf_puts(out, "\\");
            strbuf_put_wide(out, c, 1);
        }
        strbuf_puts(out, "\"");
    } else if (V_VT(value) == VT_BOOL) {
        strbuf_puts(out, V_BOOL(value) ? "TRUE" : "FALSE");
    } else {
        cim_render(out, type, value, 0);
    }
}

void class_object_relpath(IWbemClassObject *obj, strbuf *out)
{
    struct class_object *self = impl_from_IWbemClassObject(obj);
    size_t i;
    int first = 1;

    strbuf_puts(out, self->cls->name);
    if (!self->is_instance)
        return;
    if (self->cls->is_singleton) {
        strbuf_puts(out, "=@");
        return;
    }
    for (i = 0; i < self->cls->prop_count; i++) {
        if (!self->cls->props[i].is_key)
            continue;
        strbuf_printf(out, "%s%s=", first ? "." : ",", self->cls->props[i].name);
        first = 0;
        append_path_literal(out, self->cls->props[i].type, &self->values[i]);
    }
}

static HRESULT WINAPI class_object_QueryInterface(IWbemClassObject *iface, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IWbemClassObject)) {
        *ppv = iface;
        IWbemClassObject_AddRef(iface);
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI class_object_AddRef(IWbemClassObject *iface)
{
    return (ULONG)InterlockedIncrement(&impl_from_IWbemClassObject(iface)->refs);
}

static ULONG WINAPI class_object_Release(IWbemClassObject *iface)
{
    struct class_object *obj = impl_from_IWbemClassObject(iface);
    LONG refs = InterlockedDecrement(&obj->refs);
    size_t i;

    if (refs == 0) {
        for (i = 0; i < obj->cls->prop_count; i++)
            VariantClear(&obj->values[i]);
        free(obj->values);
        free(obj);
        live_object_destroyed();
    } else if (refs < 0) {
        finding(FINDING_CHECK, "Release on a class object whose count is already zero");
    }
    return (ULONG)(refs < 0 ? 0 : refs);
}

static HRESULT WINAPI class_object_GetQualifierSet(IWbemClassObject *iface, IWbemQualifierSet **set)
{
    if (set)
        *set = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT get_system_property(struct class_object *obj, LPCWSTR name, VARIANT *value, CIMTYPE *type)
{
    strbuf text;
    HRESULT hr = S_OK;

    strbuf_init(&text);
    if (!_wcsicmp(name, L"__GENUS")) {
        if (value) {
            V_VT(value) = VT_I4;
            V_I4(value) = obj->is_instance ? WBEM_GENUS_INSTANCE : WBEM_GENUS_CLASS;
        }
        if (type)
            *type = CIM_SINT32;
        goto done;
    }
    if (!_wcsicmp(name, L"__CLASS"))
        strbuf_puts(&text, obj->cls->name);
    else if (!_wcsicmp(name, L"__RELPATH"))
        class_object_relpath(&obj->IWbemClassObject_iface, &text);
    else if (!_wcsicmp(name, L"__NAMESPACE"))
        strbuf_puts(&text, obj->cls->namespace_path);
    else if (!_wcsicmp(name, L"__SUPERCLASS") && obj->cls->superclass)
        strbuf_puts(&text, obj->cls->superclass);
    else if (!_wcsicmp(name, L"__SUPERCLASS")) {
        if (value)
            V_VT(value) = VT_NULL;
        if (type)
            *type = CIM_STRING;
        goto done;
    } else {
        hr = WBEM_E_NOT_FOUND;
        goto done;
    }
    if (type)
        *type = CIM_STRING;
    if (value) {
        WCHAR *wide = wide_from_utf8(text.data ? text.data : "");
        V_VT(value) = VT_BSTR;
        V_BSTR(value) = wide ? SysAllocString(wide) : NULL;
        free(wide);
        if (!V_BSTR(value)) {
            V_VT(value) = VT_EMPTY;
            hr = WBEM_E_OUT_OF_MEMORY;
        }
    }
done:
    strbuf_free(&text);
    return hr;
}

static HRESULT WINAPI class_object_Get(IWbemClassObject *iface, LPCWSTR name, LONG flags, VARIANT *value,
                                       CIMTYPE *type, LONG *flavor)
{
    struct class_object *obj = impl_from_IWbemClassObject(iface);
    int index;
    HRESULT hr;

    if (!name)
        return WBEM_E_INVALID_PARAMETER;
    if (value)
        VariantInit(value);
    if (flavor)
        *flavor = WBEM_FLAVOR_ORIGIN_LOCAL;
    if (name[0] == '_' && name[1] == '_') {
        if (flavor)
            *flavor = WBEM_FLAVOR_ORIGIN_SYSTEM;
        return get_system_property(obj, name, value, type);
    }
    index = mof_find_property(obj->cls, name);
    if (index < 0)
        return WBEM_E_NOT_FOUND;
    if (type)
        *type = obj->cls->props[index].type;
    if (!value)
        return S_OK;
    if (cim_is_null(&obj->values[index])) {
        V_VT(value) = VT_NULL;
        return S_OK;
    }
    hr = VariantCopy(value, &obj->values[index]);
    return FAILED(hr) ? WBEM_E_OUT_OF_MEMORY : S_OK;
}

static HRESULT WINAPI class_object_Put(IWbemClassObject *iface, LPCWSTR name, LONG flags, VARIANT *value,
                                       CIMTYPE type)
{
    struct class_object *obj = impl_from_IWbemClassObject(iface);
    char *name_utf8 = NULL;
    char why[256];
    int index;
    HRESULT hr = S_OK;

    if (!name) {
        finding(FINDING_CHECK, "Put on %s with a NULL property name", obj->cls->name);
        return WBEM_E_INVALID_PARAMETER;
    }
    name_utf8 = utf8_from_wide(name);
    index = mof_find_property(obj->cls, name);
    if (index < 0) {
        finding(FINDING_CHECK, "Put(%s.%s): no such property in the MOF (WBEM_E_NOT_FOUND)", obj->cls->name,
                name_utf8 ? name_utf8 : "?");
        hr = WBEM_E_NOT_FOUND;
        goto done;
    }
    if (!obj->is_instance) {
        finding(FINDING_CHECK, "Put(%s.%s) on the class object itself: an instance provider must SpawnInstance",
                obj->cls->name, obj->cls->props[index].name);
        hr = WBEM_E_INVALID_OPERATION;
        goto done;
    }
    /* "When you Put a property on an instance, Type must be 0": the type comes
     * from the class definition (IWbemClassObject::Put,
     * https://learn.microsoft.com/en-us/windows/win32/api/wbemcli/nf-wbemcli-iwbemclassobject-put). */
    if (type != 0) {
        finding(FINDING_CHECK,
                "Put(%s.%s): CIMTYPE argument %ld on an instance, which must be 0 (the MOF says %s; "
                "WBEM_E_INVALID_PARAMETER)",
                obj->cls->name, obj->cls->props[index].name, (long)type, mof_type_name(obj->cls->props[index].type));
        hr = WBEM_E_INVALID_PARAMETER;
        goto done;
    }
    hr = cim_check_value(obj->cls->props[index].type, value, why, sizeof(why));
    if (FAILED(hr)) {
        finding(FINDING_CHECK, "Put(%s.%s): %s (WBEM_E_TYPE_MISMATCH)", obj->cls->name, obj->cls->props[index].name,
                why);
        goto done;
    }
    VariantClear(&obj->values[index]);
    if (cim_is_null(value)) {
        V_VT(&obj->values[index]) = VT_NULL;
    } else if (FAILED(VariantCopy(&obj->values[index], value))) {
        hr = WBEM_E_OUT_OF_MEMORY;
    }
done:
    free(name_utf8);
    return hr;
}

static HRESULT WINAPI class_object_Delete(IWbemClassObject *iface, LPCWSTR name)
{
    return WBEM_E_NOT_SUPPORTED;
}

static int name_selected(const mof_property *prop, LONG flags)
{
    if ((flags & WBEM_FLAG_KEYS_ONLY) && !prop->is_key)
        return 0;
    if ((flags & WBEM_FLAG_REFS_ONLY) && prop->type != CIM_REFERENCE)
        return 0;
    if ((flags & 0x70) == WBEM_FLAG_SYSTEM_ONLY)
        return 0;
    return 1;
}

static HRESULT WINAPI class_object_GetNames(IWbemClassObject *iface, LPCWSTR qualifier, LONG flags,
                                            VARIANT *qualifier_value, SAFEARRAY **names)
{
    struct class_object *obj = impl_from_IWbemClassObject(iface);
    SAFEARRAY *array;
    LONG count = 0, i;
    size_t p;

    if (!names)
        return WBEM_E_INVALID_PARAMETER;
    *names = NULL;
    if (qualifier && _wcsicmp(qualifier, L"key"))
        return WBEM_E_NOT_SUPPORTED;
    if (qualifier)
        flags |= WBEM_FLAG_KEYS_ONLY;
    for (p = 0; p < obj->cls->prop_count; p++)
        count += name_selected(&obj->cls->props[p], flags);
    array = SafeArrayCreateVector(VT_BSTR, 0, (ULONG)count);
    if (!array)
        return WBEM_E_OUT_OF_MEMORY;
    for (p = 0, i = 0; p < obj->cls->prop_count; p++) {
        BSTR name;
        HRESULT hr;
        if (!name_selected(&obj->cls->props[p], flags))
            continue;
        name = SysAllocString(obj->cls->props[p].wname);
        hr = name ? SafeArrayPutElement(array, &i, name) : E_OUTOFMEMORY;
        SysFreeString(name);
        if (FAILED(hr)) {
            SafeArrayDestroy(array);
            return WBEM_E_OUT_OF_MEMORY;
        }
        i++;
    }
    *names = array;
    return S_OK;
}

static HRESULT WINAPI class_object_BeginEnumeration(IWbemClassObject *iface, LONG flags)
{
    struct class_object *obj = impl_from_IWbemClassObject(iface);
    obj->enum_index = 0;
    obj->enum_flags = flags;
    return S_OK;
}

static HRESULT WINAPI class_object_Next(IWbemClassObject *iface, LONG flags, BSTR *name, VARIANT *value,
                                        CIMTYPE *type, LONG *flavor)
{
    struct class_object *obj = impl_from_IWbemClassObject(iface);

    while (obj->enum_index < obj->cls->prop_count &&
           !name_selected(&obj->cls->props[obj->enum_index], obj->enum_flags))
        obj->enum_index++;
    if (obj->enum_index >= obj->cls->prop_count)
        return WBEM_S_NO_MORE_DATA;
    if (name) {
        *name = SysAllocString(obj->cls->props[obj->enum_index].wname);
        if (!*name)
            return WBEM_E_OUT_OF_MEMORY;
    }
    obj->enum_index++;
    return class_object_Get(iface, obj->cls->props[obj->enum_index - 1].wname, 0, value, type, flavor);
}

static HRESULT WINAPI class_object_EndEnumeration(IWbemClassObject *iface)
{
    impl_from_IWbemClassObject(iface)->enum_index = 0;
    return S_OK;
}

static HRESULT WINAPI class_object_GetPropertyQualifierSet(IWbemClassObject *iface, LPCWSTR property,
                                                           IWbemQualifierSet **set)
{
    if (set)
        *set = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT copy_object(struct class_object *from, int is_instance, IWbemClassObject **out)
{
    struct class_object *copy;
    size_t i;

    if (!out)
        return WBEM_E_INVALID_PARAMETER;
    *out = NULL;
    copy = class_object_alloc(from->cls, is_instance);
    if (!copy)
        return WBEM_E_OUT_OF_MEMORY;
    if (is_instance == from->is_instance) {
        for (i = 0; i < from->cls->prop_count; i++) {
            if (FAILED(VariantCopy(&copy->values[i], &from->values[i]))) {
                IWbemClassObject_Release(&copy->IWbemClassObject_iface);
                return WBEM_E_OUT_OF_MEMORY;
            }
        }
    }
    *out = &copy->IWbemClassObject_iface;
    return S_OK;
}

static HRESULT WINAPI class_object_Clone(IWbemClassObject *iface, IWbemClassObject **copy)
{
    struct class_object *obj = impl_from_IWbemClassObject(iface);
    return copy_object(obj, obj->is_instance, copy);
}

static HRESULT WINAPI class_object_GetObjectText(IWbemClassObject *iface, LONG flags, BSTR *text)
{
    if (text)
        *text = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI class_object_SpawnDerivedClass(IWbemClassObject *iface, LONG flags, IWbemClassObject **out)
{
    if (out)
        *out = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI class_object_SpawnInstance(IWbemClassObject *iface, LONG flags, IWbemClassObject **out)
{
    struct class_object *obj = impl_from_IWbemClassObject(iface);

    if (obj->is_instance) {
        if (out)
            *out = NULL;
        finding(FINDING_CHECK, "SpawnInstance called on an instance of %s, not on its class", obj->cls->name);
        return WBEM_E_INVALID_OPERATION;
    }
    return copy_object(obj, 1, out);
}

static HRESULT WINAPI class_object_CompareTo(IWbemClassObject *iface, LONG flags, IWbemClassObject *other)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI class_object_GetPropertyOrigin(IWbemClassObject *iface, LPCWSTR name, BSTR *class_name)
{
    if (class_name)
        *class_name = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI class_object_InheritsFrom(IWbemClassObject *iface, LPCWSTR ancestor)
{
    struct class_object *obj = impl_from_IWbemClassObject(iface);
    WCHAR *super;
    HRESULT hr;

    if (!ancestor)
        return WBEM_E_INVALID_PARAMETER;
    if (!obj->cls->superclass)
        return WBEM_S_FALSE;
    super = wide_from_utf8(obj->cls->superclass);
    hr = super && !_wcsicmp(super, ancestor) ? S_OK : WBEM_S_FALSE;
    free(super);
    return hr;
}

static HRESULT WINAPI class_object_GetMethod(IWbemClassObject *iface, LPCWSTR name, LONG flags,
                                             IWbemClassObject **in, IWbemClassObject **out)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI class_object_PutMethod(IWbemClassObject *iface, LPCWSTR name, LONG flags,
                                             IWbemClassObject *in, IWbemClassObject *out)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI class_object_DeleteMethod(IWbemClassObject *iface, LPCWSTR name)
{
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI class_object_BeginMethodEnumeration(IWbemClassObject *iface, LONG flags)
{
    return S_OK;
}

static HRESULT WINAPI class_object_NextMethod(IWbemClassObject *iface, LONG flags, BSTR *name,
                                              IWbemClassObject **in, IWbemClassObject **out)
{
    return WBEM_S_NO_MORE_DATA;
}

static HRESULT WINAPI class_object_EndMethodEnumeration(IWbemClassObject *iface)
{
    return S_OK;
}

static HRESULT WINAPI class_object_GetMethodQualifierSet(IWbemClassObject *iface, LPCWSTR method,
                                                         IWbemQualifierSet **set)
{
    if (set)
        *set = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static HRESULT WINAPI class_object_GetMethodOrigin(IWbemClassObject *iface, LPCWSTR method, BSTR *class_name)
{
    if (class_name)
        *class_name = NULL;
    return WBEM_E_NOT_SUPPORTED;
}

static const IWbemClassObjectVtbl class_object_vtbl = {
    class_object_QueryInterface,
    class_object_AddRef,
    class_object_Release,
    class_object_GetQualifierSet,
    class_object_Get,
    class_object_Put,
    class_object_Delete,
    class_object_GetNames,
    class_object_BeginEnumeration,
    class_object_Next,
    class_object_EndEnumeration,
    class_object_GetPropertyQualifierSet,
    class_object_Clone,
    class_object_GetObjectText,
    class_object_SpawnDerivedClass,
    class_object_SpawnInstance,
    class_object_CompareTo,
    class_object_GetPropertyOrigin,
    class_object_InheritsFrom,
    class_object_GetMethod,
    class_object_PutMethod,
    class_object_DeleteMethod,
    class_object_BeginMethodEnumeration,
    class_object_NextMethod,
    class_object_EndMethodEnumeration,
    class_object_GetMethodQualifierSet,
    class_object_GetMethodOrigin,
};
