/* Paths of the library that the module tests do not reach (found with the coverage build
 * of scripts/harden.sh): internal helpers called directly, and malformed-input branches. */
#include <string.h>

#include "cxkpi.h"
#include "helpers.h"
#include "tzif.h"

/* cxkpi__tz_copy: a fixed zone (no transitions) and a zone with transitions, both deep
 * copies that answer the same and outlive the original. */
static void tz_copy_is_deep(void **state)
{
    (void)state;
    cxkpi__tz fixed, copy;
    cxkpi__tz_fixed(&fixed, 19800); /* +05:30 */
    assert_int_equal(cxkpi__tz_copy(&copy, &fixed), CXKPI_OK);
    int32_t off;
    int64_t until;
    cxkpi__tz_at(&copy, 0, &off, &until);
    assert_int_equal(off, 19800);
    cxkpi__tz_free(&copy);

    /* a version 1 TZif file with one transition at t = 1000 from +0 to +3600 */
    uint8_t file[44 + 8 + 1 + 12 + 8], *p = file;
    memset(file, 0, sizeof file);
    memcpy(p, "TZif", 4);
    p += 20;
    static const uint32_t counts[6] = {0, 0, 0, 1, 2, 4}; /* isut std leap time type char */
    for (int i = 0; i < 6; i++, p += 4)
        p[3] = (uint8_t)counts[i];
    p[2] = 0x03, p[3] = 0xE8, p += 4; /* transition time 1000 = 0x3E8 (i32 BE) */
    *p++ = 1;                         /* it switches to type 1 */
    p += 4, p += 2;                   /* type 0: utoff 0, isdst 0, abbrind 0 */
    p[2] = 0x0E, p[3] = 0x10, p += 4; /* type 1: utoff 3600 */
    *p++ = 1, *p++ = 0;               /* isdst 1, abbrind 0 */
    memcpy(p, "UT\0", 4);
    p += 4;
    cxkpi__tz tz;
    assert_int_equal(cxkpi__tzif_parse(file, (size_t)(p - file), &tz), CXKPI_OK);
    assert_int_equal(cxkpi__tz_copy(&copy, &tz), CXKPI_OK);
    cxkpi__tz_free(&tz);
    cxkpi__tz_at(&copy, 999, &off, &until);
    assert_int_equal(off, 0);
    assert_int_equal(until, 1000);
    cxkpi__tz_at(&copy, 1000, &off, &until);
    assert_int_equal(off, 3600);
    cxkpi__tz_free(&copy);
}

/* A duration frame with a byte after a valid payload is malformed. */
static void duration_with_trailing_bytes_is_refused(void **state)
{
    (void)state;
    cxkpi_duration *d = NULL;
    assert_int_equal(cxkpi_duration_new(&d, 0.01, 0), CXKPI_OK);
    assert_int_equal(cxkpi_duration_add(d, 42.0), CXKPI_OK);
    uint8_t buf[512], frame[512];
    size_t n;
    assert_int_equal(cxkpi_duration_serialize(d, buf, sizeof buf, &n), CXKPI_OK);
    cxkpi_duration_free(d);
    uint8_t payload[512];
    memcpy(payload, buf + 16, n - 20);
    payload[n - 20] = 0; /* one byte too many */
    size_t m = test_frame(frame, 6, 1, payload, n - 20 + 1);
    cxkpi_duration *back = NULL;
    assert_int_equal(cxkpi_duration_deserialize(&back, frame, m), CXKPI_EFORMAT);
    assert_null(back);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tz_copy_is_deep),
        cmocka_unit_test(duration_with_trailing_bytes_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
