/* libFuzzer harness for the cxkpi-report timestamp parser (tools/cxkpi-report/
 * timestamp.c). Invariants: a refused text leaves the output untouched and says why; an
 * accepted one lies in [TS_MIN, TS_MAX], and formatting it with ts_format() and parsing
 * that again gives the same second (for the date-time form, the days agree with
 * ts_days_from_civil()). The SLA spec parser of the same tool is fed the same bytes, and
 * so are the strftime-style parser (the bytes before the first line break are the format)
 * and the parsers of export values (scores, durations, flags, SLA outcomes, label maps):
 * each either refuses with a reason and leaves its output alone, or gives a value in its
 * documented range. */
#include <string.h>

#include "fuzz_common.h"
#include "sla_targets.h"
#include "timestamp.h"
#include "values.h"

static void fuzz_values(const char *text, size_t size)
{
    const char *why = NULL;
    const char *nl = memchr(text, '\n', size);
    if (nl != NULL && nl - text < 64) {
        char fmt[64];
        memcpy(fmt, text, (size_t)(nl - text));
        fmt[nl - text] = '\0';
        int64_t t = INT64_MIN;
        int zone = -1;
        if (ts_parse_format(fmt, nl + 1, size - (size_t)(nl - text) - 1, &t, &zone, &why) != 0)
            FUZZ_CHECK(t == INT64_MIN && zone == -1 && why != NULL);
        else
            FUZZ_CHECK(t >= TS_MIN && t <= TS_MAX && (zone == 0 || zone == 1));
    }
    for (int dc = 0; dc <= 1; dc++) {
        int32_t score = -7;
        why = NULL;
        if (val_parse_score(text, size, dc, NULL, 1, 10, &score, &why) == 0)
            FUZZ_CHECK(score >= 1 && score <= 10);
        else
            FUZZ_CHECK(score == -7 && why != NULL);
        double secs = -7;
        why = NULL;
        if (val_parse_duration(text, size, 60, dc, &secs, &why) == 0)
            FUZZ_CHECK(secs >= 0 && secs <= DURATION_MAX_SECONDS);
        else
            FUZZ_CHECK(secs == -7 && why != NULL);
    }
    int flag = -7, met = -7;
    if (val_parse_flag(text, size, 1, &flag, &why) == 0)
        FUZZ_CHECK(flag == 0 || flag == 1);
    if (val_parse_sla_outcome(text, size, &met, &why) == 0)
        FUZZ_CHECK(met == 0 || met == 1);
    char spec[256];
    size_t n = size < sizeof spec - 1 ? size : sizeof spec - 1;
    memcpy(spec, text, n);
    spec[n] = '\0';
    val_map map;
    memset(&map, 0, sizeof map);
    if (val_parse_map(&map, spec, &why) == 0) {
        FUZZ_CHECK(map.n <= VAL_MAP_MAX);
        for (size_t i = 0; i < map.n; i++) {
            int32_t x = -1;
            FUZZ_CHECK(map.e[i].value >= 0 && map.e[i].value <= 100);
            FUZZ_CHECK(val_parse_score(map.e[i].label, strlen(map.e[i].label), 0, &map, 0, 100,
                                       &x, &why) == 0);
        }
    } else {
        FUZZ_CHECK(map.n == 0);
    }
    val_words words;
    if (val_parse_words(&words, spec, &why) == 0)
        FUZZ_CHECK(words.n <= VAL_WORDS_MAX);
}

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
    fuzz_values(text, size);
    return 0;
}
