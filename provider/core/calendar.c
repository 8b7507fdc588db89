/* Dates in UTC without the C library's time zone machinery (calendar.h). */
#include "core/calendar.h"

#include <stdio.h>

int64_t acs_days_from_civil(int64_t year, unsigned month, unsigned day)
{
    int64_t y = year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153u * (month > 2 ? month - 3u : month + 9u) + 2u) / 5u + day - 1u;
    unsigned doe = yoe * 365u + yoe / 4u - yoe / 100u + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void acs_civil_from_unix(int64_t unix_seconds, acs_civil_time *out)
{
    int64_t days = unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400;
    int64_t secs = unix_seconds - days * 86400;
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    out->day = doy - (153 * mp + 2) / 5 + 1;
    out->month = mp < 10 ? mp + 3 : mp - 9;
    out->year = (int64_t)yoe + era * 400 + (out->month <= 2);
    out->hour = (unsigned)(secs / 3600);
    out->minute = (unsigned)(secs / 60 % 60);
    out->second = (unsigned)(secs % 60);
}

static bool fixed_digits(const char *text, size_t n, unsigned *out)
{
    unsigned value = 0;
    for (size_t i = 0; i < n; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        value = value * 10 + (unsigned)(text[i] - '0');
    }
    *out = value;
    return true;
}

static bool is_leap_year(unsigned y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool acs_parse_date(const char *text, size_t len, int64_t *out)
{
    static const unsigned month_days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned y, m, d, hh = 0, mm = 0, ss = 0;

    if (len < 10 || text[4] != '-' || text[7] != '-' || !fixed_digits(text, 4, &y) ||
        !fixed_digits(text + 5, 2, &m) || !fixed_digits(text + 8, 2, &d))
        return false;
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > month_days[m - 1])
        return false;
    if (m == 2 && d == 29 && !is_leap_year(y))
        return false;
    if (len > 10) {
        size_t i = 19;
        if ((text[10] != 'T' && text[10] != ' ') || len < 19 || text[13] != ':' || text[16] != ':' ||
            !fixed_digits(text + 11, 2, &hh) || !fixed_digits(text + 14, 2, &mm) ||
            !fixed_digits(text + 17, 2, &ss) || hh > 23 || mm > 59 || ss > 60)
            return false;
        if (i < len && text[i] == '.')
            for (i++; i < len && text[i] >= '0' && text[i] <= '9'; i++)
                ;
        if (i < len && text[i] == 'Z')
            i++;
        if (i != len)
            return false;
    }
    *out = acs_days_from_civil((int64_t)y, m, d) * 86400 + (int64_t)(hh * 3600 + mm * 60 + ss);
    return true;
}

void acs_format_dmtf(int64_t unix_seconds, char buf[32])
{
    acs_civil_time t;
    acs_civil_from_unix(unix_seconds, &t);
    snprintf(buf, 32, "%04u%02u%02u%02u%02u%02u.000000+000", (unsigned)t.year, t.month, t.day, t.hour, t.minute,
             t.second);
}
