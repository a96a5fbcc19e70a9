/* POSIX TZ strings, as found in the footer of TZif files (RFC 8536 section 3.3), e.g.
 * "EST5EDT,M3.2.0,M11.1.0" or "<+0330>-3:30": standard and daylight offsets and the two
 * yearly rules (Jn, n and Mm.w.d dates, each with an optional /time of -167..167 hours,
 * the RFC 8536 version 3 extension). */
#ifndef CXKPI_TIME_POSIXTZ_H
#define CXKPI_TIME_POSIXTZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxkpi/common.h"

typedef struct cxkpi__tz_rule {
    char kind;      /* 'J' (1-365, no Feb 29), 'n' (0-365, counts Feb 29), 'M' (month.week.day) */
    uint16_t n;     /* J and n forms */
    uint8_t month;  /* M form: 1-12 */
    uint8_t week;   /* M form: 1-5, 5 = last */
    uint8_t wday;   /* M form: 0 = Sunday ... 6 */
    int32_t time;   /* seconds after local midnight of the date, in the time then in effect */
} cxkpi__tz_rule;

typedef struct cxkpi__posix_tz {
    int32_t std_off; /* seconds east of UTC (POSIX writes the opposite sign) */
    int32_t dst_off;
    bool has_dst;
    cxkpi__tz_rule start, end; /* daylight time from start to end */
} cxkpi__posix_tz;

/* Parses exactly n bytes (no NUL needed). CXKPI_EFORMAT for anything malformed. */
cxkpi_status cxkpi__posix_tz_parse(const char *s, size_t n, cxkpi__posix_tz *out);

/* UTC offset at instant t (seconds since the epoch) and the next instant > t at which
 * the offset may change (INT64_MAX when it never does). */
void cxkpi__posix_tz_at(const cxkpi__posix_tz *tz, int64_t t, int32_t *off, int64_t *until);

#endif
