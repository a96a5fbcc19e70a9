/* timestamp.h — strict parsing of the timestamps found in helpdesk exports, used by
 * cxkpi-report.
 *
 * Accepted forms (the whole text must match; no surrounding spaces):
 *   - Unix seconds: an optional '-', digits, optionally '.' and more digits
 *     ("1767225600", "1767225600.250");
 *   - ISO 8601 / RFC 3339: "YYYY-MM-DD", or "YYYY-MM-DD" then 'T', 't' or one space, then
 *     "HH:MM", "HH:MM:SS" or "HH:MM:SS.fraction" (any number of digits), then optionally a
 *     zone: 'Z', 'z', "+HH:MM", "-HH:MM", "+HHMM" or "+HH". Without a zone the time is
 *     taken as UTC.
 *
 * Fractions of a second are truncated toward the past (the result is whole seconds).
 * Unix seconds must fall in the same years 0000-9999 as the calendar form (TS_MIN..TS_MAX).
 * Validation is strict: month 1-12, day within its month (leap years by the Gregorian
 * rule), hour 0-23, minute 0-59, second 0-60 (60, a leap second, is counted as the first
 * second of the next minute), zone offset up to 23:59, year 0000-9999.
 */
#ifndef CXKPI_REPORT_TIMESTAMP_H
#define CXKPI_REPORT_TIMESTAMP_H

#include <stddef.h>
#include <stdint.h>

/* The range of every result: 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z, so that the
 * difference of two timestamps never overflows. */
#define TS_MIN (-62167219200LL)
#define TS_MAX 253402300799LL

/* Parses `len` bytes at `text` (need not be NUL-terminated) into seconds since
 * 1970-01-01T00:00:00Z. Returns 0 on success; otherwise -1 with `*why` (if not NULL)
 * set to a static description, and `*out` unchanged. */
int ts_parse(const char *text, size_t len, int64_t *out, const char **why);

/* ts_parse, also telling whether the text carried a zone (Z or an offset; Unix seconds
 * count as zoned): a time without one is local wall time read as if it were UTC, for the
 * caller to shift (cxkpi-report's --tz). */
int ts_parse_zone(const char *text, size_t len, int64_t *out, int *has_zone, const char **why);

/* Parses `len` bytes with a strftime-style format (the strptime subset of docs/cli.md):
 * %Y %y %m %d %e %H %I %M %S %p %b %h %B %a %A %f %z %Z %T %F %D %R %s %%; a blank in the
 * format matches any run of blanks (also none); every other byte matches itself. Fields
 * the format lacks default to 1970-01-01 00:00:00. *has_zone as for ts_parse_zone(). */
int ts_parse_format(const char *fmt, const char *text, size_t len, int64_t *out, int *has_zone,
                    const char **why);

/* The proleptic Gregorian date of a day count from 1970-01-01. */
void ts_civil_from_days(int64_t days, int64_t *year, unsigned *month, unsigned *day);

/* Days from 1970-01-01 to the given proleptic Gregorian date (month 1-12, day 1-31). */
int64_t ts_days_from_civil(int64_t year, unsigned month, unsigned day);

/* Formats seconds since the epoch as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes
 * for years 0000-9999; larger years are written as many digits as they need). */
void ts_format(int64_t seconds, char *buf, size_t cap);

#endif
