/* Runs the operation list against an initialized provider: on N MTA threads
 * at once, N times each, printing the first run, comparing every other run
 * with it, and timing each call. A call that never completes is reported as
 * a hang and ends the process with exit status 3. */
#ifndef WMIPRVSE_RUNNER_H
#define WMIPRVSE_RUNNER_H

#include "options.h"
#include "host.h"

void run_operations(const options *opts, provider_host *host, const mof_schema *schema);

#endif
