/* The sinks WMI hands a provider: IWbemObjectSink for one asynchronous call
 * (instances via Indicate, then one final SetStatus) and
 * IWbemProviderInitSink for Initialize. Each signals its final status (a
 * condition variable, an event) so the caller can wait with a timeout
 * instead of hanging with the provider. */
#ifndef WMIPRVSE_SINKS_H
#define WMIPRVSE_SINKS_H

#include "standin.h"

typedef struct object_sink object_sink;

HRESULT object_sink_create(const char *operation, object_sink **out);
IWbemObjectSink *object_sink_iface(object_sink *sink);
/* TRUE when SetStatus(WBEM_STATUS_COMPLETE) arrived within timeout_ms. */
BOOL object_sink_wait(object_sink *sink, DWORD timeout_ms);
HRESULT object_sink_status(object_sink *sink);
/* Snapshots of the indicated instances, in order. */
size_t object_sink_count(object_sink *sink);
/* Milliseconds spent inside this sink's Indicate calls (cloning and checking
 * what the provider handed over): the host's share of a call, which the
 * benchmark reports apart from the provider's own. */
double object_sink_callback_ms(object_sink *sink);
IWbemClassObject *object_sink_item(object_sink *sink, size_t index);
/* Drops the caller's reference (the provider may still hold its own). */
void object_sink_release(object_sink *sink);

typedef struct init_sink init_sink;

HRESULT init_sink_create(init_sink **out);
IWbemProviderInitSink *init_sink_iface(init_sink *sink);
BOOL init_sink_wait(init_sink *sink, DWORD timeout_ms);
LONG init_sink_status(init_sink *sink);
void init_sink_release(init_sink *sink);

#endif
