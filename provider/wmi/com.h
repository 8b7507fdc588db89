/* The Windows headers as this provider uses them: C macros for COM calls
 * (IWbemServices_GetObject(...)) and const vtables. Include first, before
 * anything that pulls in windows.h, so the defines take effect. */
#ifndef ACSREADY_WMI_COM_H
#define ACSREADY_WMI_COM_H

#ifndef COBJMACROS
#define COBJMACROS
#endif
#ifndef CONST_VTABLE
#define CONST_VTABLE
#endif

#include <windows.h>
#include <ole2.h>
#include <oleauto.h>
#include <wbemcli.h>
#include <wbemprov.h>

#endif
