/* Time zones: TZif files (RFC 8536, versions 1-4) read from the zoneinfo directory, or a
 * fixed UTC offset. The parser works on a buffer so that fuzzers need no files. */
#ifndef CXKPI_TIME_TZIF_H
#define CXKPI_TIME_TZIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxkpi/common.h"
#include "time/posixtz.h"

/* Largest TZif file accepted (real ones are under 10 KiB). */
#define CXKPI__TZIF_MAX_SIZE (1u << 20)

typedef struct cxkpi__tz {
    size_t count;     /* transitions */
    int64_t *at;      /* transition instants, strictly ascending (owned) */
    int32_t *off;     /* UTC offset from at[i] on (owned, same count) */
    int32_t initial;  /* offset before the first transition (or always, without any) */
    bool has_rule;    /* the footer rule governs instants after the last transition */
    cxkpi__posix_tz rule;
} cxkpi__tz;

/* A zone with a constant offset (seconds east of UTC); owns nothing. */
void cxkpi__tz_fixed(cxkpi__tz *tz, int32_t offset);
/* Parses a TZif image. On success *out owns its arrays (cxkpi__tz_free). Every malformed
 * input is CXKPI_EFORMAT; files with leap-second records ("right/" zones) too. */
cxkpi_status cxkpi__tzif_parse(const uint8_t *buf, size_t n, cxkpi__tz *out);
/* Loads zone `name` (e.g. "Europe/Berlin") from $TZDIR or /usr/share/zoneinfo.
 * CXKPI_EINVAL for a name that is empty, absolute, has a ".." or "." component or
 * characters other than letters, digits, "/", "_", "-", "+" and "."; CXKPI_ENOTFOUND
 * when there is no such file; CXKPI_EIO when it cannot be read; CXKPI_EFORMAT. */
cxkpi_status cxkpi__tz_load(const char *name, cxkpi__tz *out);
/* Deep copy. CXKPI_ENOMEM. */
cxkpi_status cxkpi__tz_copy(cxkpi__tz *dst, const cxkpi__tz *src);
void cxkpi__tz_free(cxkpi__tz *tz);

/* UTC offset in effect at instant t, and the next instant > t where it may change
 * (INT64_MAX when never). */
void cxkpi__tz_at(const cxkpi__tz *tz, int64_t t, int32_t *off, int64_t *until);

#endif
