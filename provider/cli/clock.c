/* Wall-clock time and terminal detection, the two things the inventory's
 * progress line needs from the OS. */
#include "cli/inventory.h"

#ifdef _WIN32
#include <io.h>
#include <windows.h>

double cli_clock_seconds(void)
{
    LARGE_INTEGER frequency, counter;
    QueryPerformanceFrequency(&frequency);
    QueryPerformanceCounter(&counter);
    return (double)counter.QuadPart / (double)frequency.QuadPart;
}

bool cli_stderr_is_terminal(void)
{
    return _isatty(_fileno(stderr)) != 0;
}

#else
#include <time.h>
#include <unistd.h>

double cli_clock_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

bool cli_stderr_is_terminal(void)
{
    return isatty(fileno(stderr)) != 0;
}

#endif
