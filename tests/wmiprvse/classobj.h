/* IWbemClassObject as WMI hands it to an instance provider: a class built
 * from the MOF (what IWbemServices::GetObject returns) and the instances
 * spawned from it. Put enforces what WMI enforces: the property must exist
 * in the class and the VARIANT must be the CIM type's automation type. A
 * refused Put is also recorded as a finding, because a provider that ignores
 * the HRESULT would otherwise lose the property silently. */
#ifndef WMIPRVSE_CLASSOBJ_H
#define WMIPRVSE_CLASSOBJ_H

#include "standin.h"
#include "mof.h"

HRESULT class_object_create(const mof_class *cls, IWbemClassObject **out);

/* NULL when obj is not a stand-in object (a provider's own implementation). */
const mof_class *class_object_class(IWbemClassObject *obj);
int class_object_is_instance(IWbemClassObject *obj);
/* The value of the property at index (VT_EMPTY when never Put). */
const VARIANT *class_object_value(IWbemClassObject *obj, size_t index);

/* "Class" for a singleton, "Class[k1,k2]" otherwise: the stand-in's output label. */
void class_object_label(IWbemClassObject *obj, strbuf *out);
/* WMI's relative path: Class=@, Class.Id="x", Class.A="x",B=2 */
void class_object_relpath(IWbemClassObject *obj, strbuf *out);

#endif
