/* libFuzzer harness for the TZif reader (lib/tzif.c, RFC 8536 versions 1-4, with the
 * POSIX TZ footer). Invariants of an accepted file: transitions strictly ascending; every
 * offset within RFC 8536's [-89999, 93599]; the offset function, walked from year 1 to
 * 9999 through its `until` instants, always moves forward and agrees with itself just
 * before each change; a deep copy answers the same. Anything refused is CXKPI_EFORMAT. */
#include "fuzz_common.h"
#include "time/tzif.h"

#define MIN_T (-62135596800LL) /* 0001-01-01 */
#define MAX_T 253402300799LL   /* 9999-12-31T23:59:59 */

static void walk(const cxkpi__tz *tz, const cxkpi__tz *copy)
{
    int64_t t = MIN_T;
    for (int steps = 0; steps < 4000 && t <= MAX_T; steps++) {
        int32_t off, off2, before;
        int64_t until, until2, u;
        cxkpi__tz_at(tz, t, &off, &until);
        cxkpi__tz_at(copy, t, &off2, &until2);
        FUZZ_CHECK(off == off2 && until == until2);
        FUZZ_CHECK(off >= -89999 && off <= 93599);
        FUZZ_CHECK(until > t);
        if (until == INT64_MAX)
            break;
        cxkpi__tz_at(tz, until - 1, &before, &u); /* still the same offset just before */
        FUZZ_CHECK(before == off);
        t = until;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cxkpi__tz tz, copy;
    cxkpi_status st = cxkpi__tzif_parse(data, size, &tz);
    if (st != CXKPI_OK) {
        FUZZ_CHECK(st == CXKPI_EFORMAT);
        return 0;
    }
    for (size_t i = 1; i < tz.count; i++)
        FUZZ_CHECK(tz.at[i - 1] < tz.at[i]);
    for (size_t i = 0; i < tz.count; i++)
        FUZZ_CHECK(tz.off[i] >= -89999 && tz.off[i] <= 93599);
    st = cxkpi__tz_copy(&copy, &tz);
    FUZZ_CHECK(st == CXKPI_OK);
    walk(&tz, &copy);
    cxkpi__tz_free(&copy);
    cxkpi__tz_free(&tz);
    return 0;
}
