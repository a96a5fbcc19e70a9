/* libFuzzer harness for the cxkpi-report timestamp parser (tools/cxkpi-report/
 * timestamp.c). Invariants: a refused text leaves the output untouched and says why; an
 * accepted one lies in [TS_MIN, TS_MAX], and formatting it with ts_format() and parsing
 * that again gives the same second (for the date-time form, the days agree with
 * ts_days_from_civil()). The SLA spec parser of the same tool is fed the same bytes. */
#include <string.h>

#include "fuzz_common.h"
#include "sla_targets.h"
#include "timestamp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data, *why = NULL;
    int64_t t = INT64_MIN;
    if (ts_parse(text, size, &t, &why) != 0) {
        FUZZ_CHECK(t == INT64_MIN && why != NULL);
    } else {
        FUZZ_CHECK(t >= TS_MIN && t <= TS_MAX);
        char buf[64];
        ts_format(t, buf, sizeof buf);
        int64_t again = INT64_MIN;
        FUZZ_CHECK(ts_parse(buf, strlen(buf), &again, &why) == 0 && again == t);
        int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
        unsigned y = (unsigned)((buf[0] - '0') * 1000 + (buf[1] - '0') * 100 +
                                (buf[2] - '0') * 10 + (buf[3] - '0'));
        unsigned m = (unsigned)((buf[5] - '0') * 10 + (buf[6] - '0'));
        unsigned d = (unsigned)((buf[8] - '0') * 10 + (buf[9] - '0'));
        FUZZ_CHECK(ts_days_from_civil(y, m, d) == days);
    }

    sla_policy p;
    memset(&p, 0, sizeof p);
    why = NULL;
    if (sla_parse(&p, text, size, &why) != 0) {
        FUZZ_CHECK(why != NULL && p.n == 0);
    } else {
        FUZZ_CHECK(p.n <= SLA_MAX_TARGETS);
        for (size_t i = 0; i < p.n; i++)
            FUZZ_CHECK(p.t[i].seconds > 0 && p.t[i].metric >= 0 && p.t[i].metric < SLA_METRICS &&
                       memchr(p.t[i].priority, '\0', SLA_MAX_PRIORITY) != NULL);
    }
    return 0;
}
