#include "helpers.h"

#include <math.h>
#include <string.h>

#include "common/crc32c.h"

void assert_rel(double actual, double expected, double rel, const char *file, int line)
{
    double tol = expected == 0.0 ? rel : rel * fabs(expected);
    if (!(fabs(actual - expected) <= tol)) {
        print_error("%.17g is not within %g (relative) of %.17g\n", actual, rel, expected);
        _fail(file, line);
    }
}

uint64_t test_rand(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint8_t *put_le(uint8_t *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        *p++ = (uint8_t)(v >> (8 * i));
    return p;
}

uint8_t *test_put_u64(uint8_t *p, uint64_t v) { return put_le(p, v, 8); }
uint8_t *test_put_i32(uint8_t *p, int32_t v) { return put_le(p, (uint32_t)v, 4); }

uint8_t *test_put_f64(uint8_t *p, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    return put_le(p, bits, 8);
}

size_t test_frame(uint8_t *out, uint16_t kind, uint16_t version, const uint8_t *payload, size_t n)
{
    uint8_t *p = out;
    *p++ = 'C'; *p++ = 'X'; *p++ = 'K'; *p++ = 'P';
    p = put_le(p, kind, 2);
    p = put_le(p, version, 2);
    p = put_le(p, n, 8);
    memcpy(p, payload, n);
    p += n;
    p = put_le(p, cxkpi__crc32c(out, 16 + n), 4);
    return (size_t)(p - out);
}

int64_t test_days(int y, int m, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int64_t n = 0;
    for (int yy = 1970; yy < y; yy++)
        n += (yy % 4 == 0 && (yy % 100 != 0 || yy % 400 == 0)) ? 366 : 365;
    for (int mm = 1; mm < m; mm++)
        n += mdays[mm - 1] + (mm == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
    return n + d - 1;
}
