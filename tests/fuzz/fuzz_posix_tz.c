/* libFuzzer harness for POSIX TZ strings (lib/posixtz.c; the footer of TZif files, e.g.
 * "EST5EDT,M3.2.0,M11.1.0"). An accepted string gives an offset function that, walked
 * through its `until` instants over a few centuries, always moves forward, only takes the
 * standard or the daylight offset, and is constant up to each change. */
#include "fuzz_common.h"
#include "time/posixtz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cxkpi__posix_tz tz;
    cxkpi_status st = cxkpi__posix_tz_parse((const char *)data, size, &tz);
    if (st != CXKPI_OK) {
        FUZZ_CHECK(st == CXKPI_EFORMAT);
        return 0;
    }
    /* from 1900 on, in steps; a zone with daylight time changes twice a year */
    static const int64_t starts[] = {-2208988800LL, 0, 1767225600LL, 253370764800LL};
    for (size_t s = 0; s < sizeof starts / sizeof starts[0]; s++) {
        int64_t t = starts[s];
        for (int steps = 0; steps < 300; steps++) {
            int32_t off, before;
            int64_t until, u;
            cxkpi__posix_tz_at(&tz, t, &off, &until);
            FUZZ_CHECK(off == tz.std_off || (tz.has_dst && off == tz.dst_off));
            FUZZ_CHECK(until > t);
            if (until == INT64_MAX)
                break;
            cxkpi__posix_tz_at(&tz, until - 1, &before, &u);
            FUZZ_CHECK(before == off);
            t = until;
        }
    }
    return 0;
}
