/* Proleptic Gregorian date arithmetic on day numbers (days since 1970-01-01), after
 * H. Hinnant's "chrono-compatible low-level date algorithms". Pure functions, no tables. */
#ifndef CXKPI_TIME_CIVIL_H
#define CXKPI_TIME_CIVIL_H

#include <stdbool.h>
#include <stdint.h>

#define CXKPI__DAY 86400

/* Floor division and the matching non-negative remainder (b > 0). */
int64_t cxkpi__floor_div(int64_t a, int64_t b);
int64_t cxkpi__floor_mod(int64_t a, int64_t b);

bool cxkpi__is_leap(int64_t year);
/* Days in month m (1-12) of year. */
unsigned cxkpi__month_days(int64_t year, unsigned month);
/* Day number of year-month-day (month 1-12, day 1-31; not validated). */
int64_t cxkpi__days_from_civil(int64_t year, unsigned month, unsigned day);
void cxkpi__civil_from_days(int64_t days, int64_t *year, unsigned *month, unsigned *day);
/* Weekday of a day number, 0 = Monday ... 6 = Sunday (ISO order). */
unsigned cxkpi__weekday(int64_t days);
/* True when year-month-day is a real date of the proleptic Gregorian calendar. */
bool cxkpi__valid_date(int64_t year, unsigned month, unsigned day);

#endif
