#include "time/civil.h"

int64_t cxkpi__floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t cxkpi__floor_mod(int64_t a, int64_t b)
{
    return a - cxkpi__floor_div(a, b) * b;
}

bool cxkpi__is_leap(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

unsigned cxkpi__month_days(int64_t year, unsigned month)
{
    static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && cxkpi__is_leap(year))
        return 29;
    return days[(month - 1) % 12];
}

/* Eras of 400 years (146097 days) starting on March 1st, so the leap day ends the year. */
int64_t cxkpi__days_from_civil(int64_t year, unsigned month, unsigned day)
{
    int64_t y = month <= 2 ? year - 1 : year;
    int64_t era = cxkpi__floor_div(y, 400);
    int64_t yoe = y - era * 400;                                   /* [0, 399] */
    int64_t mp = month > 2 ? (int64_t)month - 3 : (int64_t)month + 9; /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5 + (int64_t)day - 1;            /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

void cxkpi__civil_from_days(int64_t days, int64_t *year, unsigned *month, unsigned *day)
{
    int64_t z = days + 719468;
    int64_t era = cxkpi__floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    unsigned m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *day = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *month = m;
    *year = yoe + era * 400 + (m <= 2);
}

unsigned cxkpi__weekday(int64_t days)
{
    /* 1970-01-01 was a Thursday (3 in Monday-based numbering). */
    return (unsigned)cxkpi__floor_mod(days + 3, 7);
}

bool cxkpi__valid_date(int64_t year, unsigned month, unsigned day)
{
    return month >= 1 && month <= 12 && day >= 1 && day <= cxkpi__month_days(year, month);
}
