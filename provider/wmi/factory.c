/* The class factory. One static object: it lives as long as the module, and
 * its references count as module locks so DllCanUnloadNow stays truthful
 * while a client holds the factory. */
#include "wmi/module.h"
#include "wmi/provider.h"

typedef struct class_factory {
    IClassFactory IClassFactory_iface;
} class_factory;

static HRESULT WINAPI class_factory_QueryInterface(IClassFactory *iface, REFIID riid, void **out)
{
    if (out == NULL)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IClassFactory)) {
        *out = iface;
        IClassFactory_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI class_factory_AddRef(IClassFactory *iface)
{
    acs_module_lock();
    return 2;
}

static ULONG WINAPI class_factory_Release(IClassFactory *iface)
{
    acs_module_unlock();
    return 1;
}

static HRESULT WINAPI class_factory_CreateInstance(IClassFactory *iface, IUnknown *outer, REFIID riid, void **out)
{
    IUnknown *provider = NULL;
    HRESULT hr;

    if (out == NULL)
        return E_POINTER;
    *out = NULL;
    if (outer != NULL)
        return CLASS_E_NOAGGREGATION;
    hr = acs_provider_create(&provider);
    if (FAILED(hr))
        return hr;
    hr = IUnknown_QueryInterface(provider, riid, out);
    IUnknown_Release(provider);
    return hr;
}

static HRESULT WINAPI class_factory_LockServer(IClassFactory *iface, BOOL lock)
{
    if (lock)
        acs_module_lock();
    else
        acs_module_unlock();
    return S_OK;
}

static const IClassFactoryVtbl class_factory_vtbl = {
    class_factory_QueryInterface,
    class_factory_AddRef,
    class_factory_Release,
    class_factory_CreateInstance,
    class_factory_LockServer,
};

static class_factory provider_factory = { { &class_factory_vtbl } };

HRESULT acs_class_factory_get(REFIID riid, void **out)
{
    return IClassFactory_QueryInterface(&provider_factory.IClassFactory_iface, riid, out);
}
