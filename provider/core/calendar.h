/* The one calendar of acsready: proleptic Gregorian dates in UTC, without
 * gmtime/timegm (not thread-safe or not portable on every C runtime, and the
 * provider answers on many threads). Used by the catalog (ctl-since), the
 * command line (--root-last-sync, RootListLastSync) and the report (DMTF). */
#ifndef ACSREADY_CORE_CALENDAR_H
#define ACSREADY_CORE_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct acs_civil_time {
    int64_t year;
    unsigned month, day, hour, minute, second;
} acs_civil_time;

/* Days since 1970-01-01 of year-month-day (Howard Hinnant's days_from_civil,
 * https://howardhinnant.github.io/date_algorithms.html). */
int64_t acs_days_from_civil(int64_t year, unsigned month, unsigned day);

/* UTC calendar time for seconds since 1970 (the inverse, civil_from_days). */
void acs_civil_from_unix(int64_t unix_seconds, acs_civil_time *out);

/* "2021-10-12", or with a time of day as ISO 8601 or a SQL export writes it
 * ("2021-10-12T08:30:00[.fff][Z]", "2021-10-12 08:30:00"; UTC assumed) ->
 * seconds since 1970. False for anything else, a day the month does not have
 * (2023-02-29) or a year before 1970. */
bool acs_parse_date(const char *text, size_t len, int64_t *out);

/* DMTF datetime "yyyymmddHHMMSS.000000+000" (UTC), as CIM datetime values are written. */
void acs_format_dmtf(int64_t unix_seconds, char buf[32]);

#endif
