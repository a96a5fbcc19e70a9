/* TZif parser (RFC 8536), POSIX TZ footer rules and zone loading. Most cases run on tiny
 * TZif images built byte by byte below, so they need no zoneinfo files; expected instants
 * are worked out by hand in the comments. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxkpi.h"
#include "helpers.h"
#include "time/tzif.h"

#define H 3600
#define DAY 86400


/* UTC instant of y-m-d hh:mm:ss. */
static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
    return test_days(y, mo, d) * DAY + h * H + mi * 60 + s;
}

typedef struct tt {
    int32_t off;
    uint8_t isdst, desig;
} tt;

static uint8_t *be(uint8_t *p, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--)
        *p++ = (uint8_t)(v >> (8 * i));
    return p;
}

static uint8_t *header(uint8_t *p, char version, uint32_t timecnt, uint32_t typecnt, uint32_t charcnt)
{
    memcpy(p, "TZif", 4);
    p[4] = (uint8_t)version;
    memset(p + 5, 0, 15);
    p += 20;
    uint32_t counts[6] = {typecnt, typecnt, 0, timecnt, typecnt, charcnt}; /* isut, isstd, leap */
    for (int i = 0; i < 6; i++)
        p = be(p, counts[i], 4);
    return p;
}

static uint8_t *block(uint8_t *p, int tsize, const int64_t *at, const uint8_t *idx, uint32_t nt,
                      const tt *types, uint32_t ntypes, const char *chars, uint32_t nchars)
{
    for (uint32_t i = 0; i < nt; i++)
        p = be(p, (uint64_t)at[i], tsize);
    for (uint32_t i = 0; i < nt; i++)
        *p++ = idx[i];
    for (uint32_t i = 0; i < ntypes; i++) {
        p = be(p, (uint32_t)types[i].off, 4);
        *p++ = types[i].isdst;
        *p++ = types[i].desig;
    }
    memcpy(p, chars, nchars);
    p += nchars;
    for (uint32_t i = 0; i < 2 * ntypes; i++) /* isstd then isut indicators */
        *p++ = 0;
    return p;
}

/* A whole TZif image: version 0 ('\0', i.e. 1) or '2'..'4', with a footer for 2+. */
static size_t build(uint8_t *out, char version, const int64_t *at, const uint8_t *idx, uint32_t nt,
                    const tt *types, uint32_t ntypes, const char *chars, uint32_t nchars,
                    const char *footer)
{
    uint8_t *p = header(out, version, nt, ntypes, nchars);
    p = block(p, 4, at, idx, nt, types, ntypes, chars, nchars);
    if (version != 0) {
        p = header(p, version, nt, ntypes, nchars);
        p = block(p, 8, at, idx, nt, types, ntypes, chars, nchars);
        *p++ = '\n';
        memcpy(p, footer, strlen(footer));
        p += strlen(footer);
        *p++ = '\n';
    }
    return (size_t)(p - out);
}

/* One-type image with only a footer rule. */
static size_t build_rule(uint8_t *out, char version, const char *footer)
{
    static const tt t0[1] = {{0, 0, 0}};
    return build(out, version, NULL, NULL, 0, t0, 1, "ZZZ", 4, footer);
}

static int32_t off_at(const cxkpi__tz *tz, int64_t t)
{
    int32_t off;
    int64_t until;
    cxkpi__tz_at(tz, t, &off, &until);
    return off;
}

static void version1_table(void **state)
{
    (void)state;
    static const int64_t at[1] = {1000};
    static const uint8_t idx[1] = {1};
    static const tt types[2] = {{3600, 0, 0}, {7200, 1, 4}};
    uint8_t buf[256];
    size_t n = build(buf, 0, at, idx, 1, types, 2, "AAA\0BBB", 8, NULL);
    cxkpi__tz tz;
    assert_int_equal(cxkpi__tzif_parse(buf, n, &tz), CXKPI_OK);
    int32_t off;
    int64_t until;
    cxkpi__tz_at(&tz, 999, &off, &until); /* before the first transition: type 0 */
    assert_int_equal(off, 3600);
    assert_int_equal(until, 1000);
    cxkpi__tz_at(&tz, -10000000000, &off, &until);
    assert_int_equal(off, 3600);
    cxkpi__tz_at(&tz, 1000, &off, &until); /* version 1: the last type forever */
    assert_int_equal(off, 7200);
    assert_true(until == INT64_MAX);
    cxkpi__tz_free(&tz);
}

/* "EST5EDT,M3.2.0,M11.1.0": 2026-03-08 is the 2nd Sunday of March (Mar 1 is a Sunday);
 * 02:00 EST = 07:00Z. 2026-11-01 is the 1st Sunday of November; 02:00 EDT = 06:00Z. */
static void version2_footer_us(void **state)
{
    (void)state;
    for (char v = '2'; v <= '4'; v++) {
        uint8_t buf[256];
        size_t n = build_rule(buf, v, "EST5EDT,M3.2.0,M11.1.0");
        cxkpi__tz tz;
        assert_int_equal(cxkpi__tzif_parse(buf, n, &tz), CXKPI_OK);
        int32_t off;
        int64_t until;
        cxkpi__tz_at(&tz, utc(2026, 3, 8, 6, 59, 59), &off, &until);
        assert_int_equal(off, -5 * H);
        assert_true(until == utc(2026, 3, 8, 7, 0, 0));
        assert_int_equal(off_at(&tz, utc(2026, 3, 8, 7, 0, 0)), -4 * H);
        assert_int_equal(off_at(&tz, utc(2026, 11, 1, 5, 59, 59)), -4 * H);
        assert_int_equal(off_at(&tz, utc(2026, 11, 1, 6, 0, 0)), -5 * H);
        assert_int_equal(off_at(&tz, utc(2026, 1, 1, 0, 0, 0)), -5 * H);
        assert_int_equal(off_at(&tz, utc(2026, 7, 1, 0, 0, 0)), -4 * H);
        cxkpi__tz_free(&tz);
    }
}

/* Transitions listed up to 2000, the footer after: the table governs before its last
 * transition, the rule after it. Types: 0 = +1h, 1 = +2h. Footer: fixed +3h ("<+03>-3"). */
static void table_then_footer(void **state)
{
    (void)state;
    static const int64_t at[2] = {0, 946684800}; /* 1970-01-01, 2000-01-01 */
    static const uint8_t idx[2] = {1, 0};
    static const tt types[2] = {{3600, 0, 0}, {7200, 1, 4}};
    uint8_t buf[256];
    size_t n = build(buf, '2', at, idx, 2, types, 2, "AAA\0BBB", 8, "<+03>-3");
    cxkpi__tz tz;
    assert_int_equal(cxkpi__tzif_parse(buf, n, &tz), CXKPI_OK);
    assert_int_equal(off_at(&tz, -1), 3600);
    assert_int_equal(off_at(&tz, 0), 7200);
    assert_int_equal(off_at(&tz, 946684799), 7200);
    assert_int_equal(off_at(&tz, 946684800), 3 * H);
    cxkpi__tz_free(&tz);
}

/* RFC 8536 version 3 extensions: negative and > 24 h transition times. */
static void version3_extensions(void **state)
{
    (void)state;
    uint8_t buf[256];
    cxkpi__tz tz;
    /* "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1" (America/Nuuk style). Last Sunday of March 2026 is
     * the 29th; -2:00 local standard (-03) = Mar 28 22:00 local = Mar 29 01:00Z. Last Sunday
     * of October 2026 is the 25th; -1:00 local daylight (-02) = Oct 24 23:00 = Oct 25 01:00Z. */
    size_t n = build_rule(buf, '3', "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1");
    assert_int_equal(cxkpi__tzif_parse(buf, n, &tz), CXKPI_OK);
    assert_int_equal(off_at(&tz, utc(2026, 3, 29, 0, 59, 59)), -3 * H);
    assert_int_equal(off_at(&tz, utc(2026, 3, 29, 1, 0, 0)), -2 * H);
    assert_int_equal(off_at(&tz, utc(2026, 10, 25, 0, 59, 59)), -2 * H);
    assert_int_equal(off_at(&tz, utc(2026, 10, 25, 1, 0, 0)), -3 * H);
    cxkpi__tz_free(&tz);
    /* "AAA0BBB-1,M1.1.0/167,J365/0": first Sunday of January 2026 is the 4th (Jan 1 is a
     * Thursday); +167 h = Jan 10 23:00 (offset 0) = Jan 10 23:00Z. J365 = Dec 31, 00:00 at
     * +1 = Dec 30 23:00Z. */
    n = build_rule(buf, '3', "AAA0BBB-1,M1.1.0/167,J365/0");
    assert_int_equal(cxkpi__tzif_parse(buf, n, &tz), CXKPI_OK);
    assert_int_equal(off_at(&tz, utc(2026, 1, 10, 22, 59, 59)), 0);
    assert_int_equal(off_at(&tz, utc(2026, 1, 10, 23, 0, 0)), H);
    assert_int_equal(off_at(&tz, utc(2026, 12, 30, 22, 59, 59)), H);
    assert_int_equal(off_at(&tz, utc(2026, 12, 30, 23, 0, 0)), 0);
    cxkpi__tz_free(&tz);
    /* RFC 8536 3.3.1: "EST5EDT,0/0,J365/25" is daylight time all year (-4 h). */
    n = build_rule(buf, '3', "EST5EDT,0/0,J365/25");
    assert_int_equal(cxkpi__tzif_parse(buf, n, &tz), CXKPI_OK);
    assert_int_equal(off_at(&tz, utc(2026, 1, 1, 0, 0, 0)), -4 * H);
    assert_int_equal(off_at(&tz, utc(2026, 1, 1, 5, 0, 0)), -4 * H);
    assert_int_equal(off_at(&tz, utc(2026, 7, 1, 0, 0, 0)), -4 * H);
    assert_int_equal(off_at(&tz, utc(2026, 12, 31, 23, 59, 59)), -4 * H);
    assert_int_equal(off_at(&tz, utc(2027, 1, 1, 4, 30, 0)), -4 * H);
    cxkpi__tz_free(&tz);
}

/* Jn counts 1-365 without Feb 29, n counts 0-365 with it. "AAA0BBB-1,J60/0,300/0":
 * J60 is March 1 in every year. n300 is Jan 1 + 300 days: in 2024 (leap; Sep 30 is day
 * 273, 0-based 273... ) Oct 27, in 2025 Oct 28 (Jan..Sep = 273 days, 300 - 273 = 27 ->
 * Oct 28); 2024: Jan..Sep = 274 days, 300 - 274 = 26 -> Oct 27. Ends at 00:00 at +1. */
static void julian_forms(void **state)
{
    (void)state;
    uint8_t buf[256];
    cxkpi__tz tz;
    size_t n = build_rule(buf, '2', "AAA0BBB-1,J60/0,300/0");
    assert_int_equal(cxkpi__tzif_parse(buf, n, &tz), CXKPI_OK);
    assert_int_equal(off_at(&tz, utc(2024, 2, 29, 23, 59, 59)), 0);
    assert_int_equal(off_at(&tz, utc(2024, 3, 1, 0, 0, 0)), H);
    assert_int_equal(off_at(&tz, utc(2024, 10, 26, 22, 59, 59)), H);
    assert_int_equal(off_at(&tz, utc(2024, 10, 26, 23, 0, 0)), 0);
    assert_int_equal(off_at(&tz, utc(2025, 2, 28, 23, 59, 59)), 0);
    assert_int_equal(off_at(&tz, utc(2025, 3, 1, 0, 0, 0)), H);
    assert_int_equal(off_at(&tz, utc(2025, 10, 27, 22, 59, 59)), H);
    assert_int_equal(off_at(&tz, utc(2025, 10, 27, 23, 0, 0)), 0);
    cxkpi__tz_free(&tz);
}

/* Southern hemisphere, "AEST-10AEDT,M10.1.0,M4.1.0/3": daylight time spans the new year.
 * 1st Sunday of April 2026 is the 5th; 03:00 AEDT (+11) = Apr 4 16:00Z. 1st Sunday of
 * October 2026 is the 4th; 02:00 AEST (+10) = Oct 3 16:00Z. */
static void southern_hemisphere(void **state)
{
    (void)state;
    uint8_t buf[256];
    cxkpi__tz tz;
    size_t n = build_rule(buf, '2', "AEST-10AEDT,M10.1.0,M4.1.0/3");
    assert_int_equal(cxkpi__tzif_parse(buf, n, &tz), CXKPI_OK);
    assert_int_equal(off_at(&tz, utc(2026, 1, 1, 0, 0, 0)), 11 * H);
    assert_int_equal(off_at(&tz, utc(2026, 4, 4, 15, 59, 59)), 11 * H);
    assert_int_equal(off_at(&tz, utc(2026, 4, 4, 16, 0, 0)), 10 * H);
    assert_int_equal(off_at(&tz, utc(2026, 10, 3, 15, 59, 59)), 10 * H);
    assert_int_equal(off_at(&tz, utc(2026, 10, 3, 16, 0, 0)), 11 * H);
    assert_int_equal(off_at(&tz, utc(2026, 12, 31, 23, 0, 0)), 11 * H);
    cxkpi__tz_free(&tz);
}

static void posix_strings(void **state)
{
    (void)state;
    static const char *good[] = {
        "UTC0", "<+0530>-5:30", "EST5EDT", "CET-1CEST,M3.5.0,M10.5.0/3", "IST-2IDT,M3.4.4/26,M10.5.0",
        "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", "XXX-24:59:59", "AAA+5BBB+4:30:15,J1/0,J365/23:59:59",
        "AAA0BBB,0/-167,365/167",
    };
    static const char *bad[] = {
        "", "EST", "ES5", "E5", "<AB>5", "<ABC5", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.6.0,M11.1.0",
        "EST5EDT,M3.2.7,M11.1.0", "EST5EDT,M0.2.0,M11.1.0", "EST25", "EST5:60", "EST5:00:60",
        "EST5EDT,J0,J365", "EST5EDT,J366,J1", "EST5EDT,366,1", "EST5EDT,M3.2.0/168,M11.1.0",
        "EST5EDT,M3.2.0", "EST5EDT,M3.2.0,", "EST5,M3.2.0,M11.1.0", "EST5EDT,M3.2.0,M11.1.0x",
        "EST5 ", "EST5EDT4x", "EST-", "EST5EDT,M3..0,M11.1.0", "EST5EDT,M3.2.0/,M11.1.0", "EST0005",
    };
    cxkpi__posix_tz tz;
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        if (cxkpi__posix_tz_parse(good[i], strlen(good[i]), &tz) != CXKPI_OK)
            fail_msg("rejected %s", good[i]);
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (cxkpi__posix_tz_parse(bad[i], strlen(bad[i]), &tz) != CXKPI_EFORMAT)
            fail_msg("accepted %s", bad[i]);
    }
    /* "<+0530>-5:30": POSIX offsets count west, so this is +5:30 = 19800 s east. */
    assert_int_equal(cxkpi__posix_tz_parse("<+0530>-5:30", 12, &tz), CXKPI_OK);
    assert_int_equal(tz.std_off, 19800);
    assert_false(tz.has_dst);
    /* "EST5EDT" without rules: DST 1 h ahead under the default US rules. */
    assert_int_equal(cxkpi__posix_tz_parse("EST5EDT", 7, &tz), CXKPI_OK);
    assert_int_equal(tz.std_off, -5 * H);
    assert_int_equal(tz.dst_off, -4 * H);
    assert_true(tz.has_dst);
}

/* A valid version 2 image with two types and two transitions, for the corruption tests. */
static size_t valid_image(uint8_t *buf)
{
    static const int64_t at[2] = {100, 200};
    static const uint8_t idx[2] = {1, 0};
    static const tt types[2] = {{-5 * H, 0, 0}, {-4 * H, 1, 4}};
    return build(buf, '2', at, idx, 2, types, 2, "EST\0EDT", 8, "EST5EDT,M3.2.0,M11.1.0");
}

/* Offsets in valid_image(): v1 header at 0, v1 block at 44 (2*4 times, 2 idx, 2*6 types,
 * 8 chars, 2+2 flags = 34 bytes), v2 header at 78, v2 block at 122 (times 122..137,
 * idx 138..139, types 140..151, chars 152..159, flags 160..163), footer at 164. */
#define V2H 78
#define V2B 122

static void expect_bad(const uint8_t *buf, size_t n)
{
    cxkpi__tz tz;
    memset(&tz, 0x5A, sizeof tz);
    cxkpi__tz before = tz;
    assert_int_equal(cxkpi__tzif_parse(buf, n, &tz), CXKPI_EFORMAT);
    assert_memory_equal(&tz, &before, sizeof tz); /* output untouched */
}

static void malformed_files(void **state)
{
    (void)state;
    uint8_t good[512], b[512];
    size_t n = valid_image(good);
    assert_int_equal(n, 164 + 1 + 22 + 1);
    cxkpi__tz tz;
    assert_int_equal(cxkpi__tzif_parse(good, n, &tz), CXKPI_OK);
    assert_int_equal(off_at(&tz, 150), -4 * H);
    cxkpi__tz_free(&tz);
    /* every truncation, including the headers and the footer's final newline */
    for (size_t k = 0; k < n; k++)
        expect_bad(good, k);
    assert_int_equal(cxkpi__tzif_parse(NULL, 10, &tz), CXKPI_EFORMAT);
#define MUTATE(stmt)                                                                     \
    do {                                                                                 \
        memcpy(b, good, n);                                                              \
        stmt;                                                                            \
        expect_bad(b, n);                                                                \
    } while (0)
    MUTATE(b[0] = 'X');                                   /* magic */
    MUTATE(b[4] = '1');                                   /* unknown version */
    MUTATE(b[4] = '5');
    MUTATE(b[V2H + 4] = '3');                             /* versions of the headers differ */
    MUTATE(b[V2H + 39] = 0);                              /* typecnt 0 (v2 header) */
    MUTATE(b[39] = 0);                                    /* typecnt 0 (v1 header) */
    MUTATE(b[V2H + 43] = 0);                              /* charcnt 0 */
    MUTATE(b[V2H + 23] = 1);                              /* isutcnt neither 0 nor typecnt */
    MUTATE(b[V2H + 27] = 3);                              /* isstdcnt neither 0 nor typecnt */
    MUTATE(memset(b + 32, 0xFF, 4));                      /* v1 timecnt exceeds the file */
    MUTATE(memset(b + V2H + 32, 0xFF, 4));                /* v2 timecnt exceeds the file */
    MUTATE(memset(b + V2H + 40, 0x7F, 4));                /* charcnt exceeds the file */
    MUTATE(b[V2H + 35] = 3);                              /* timecnt 3: block runs into footer */
    MUTATE(b[V2H + 31] = 1);                              /* leap second records */
    MUTATE(b[V2B + 17] = 2);                              /* transition type index >= typecnt */
    MUTATE(memcpy(b + V2B + 18, "\x80\0\0\0", 4));        /* utoff = -2^31 */
    MUTATE(memcpy(b + V2B + 18, "\0\x01\x6E\x20", 4));    /* utoff = 93728 > 93599 */
    MUTATE(memcpy(b + V2B + 18, "\xFF\xFE\xA0\x70", 4));  /* utoff = -90000 < -89999 */
    MUTATE(b[V2B + 22] = 2);                              /* isdst not 0/1 */
    MUTATE(b[V2B + 23] = 8);                              /* designation index >= charcnt */
    MUTATE(b[V2B + 37] = 'x');                            /* designations not NUL-terminated */
    MUTATE(b[V2B + 38] = 2);                              /* isstd indicator not 0/1 */
    MUTATE(b[V2B + 7] = 200);                             /* times not ascending (200, 200) */
    MUTATE(b[V2B + 15] = 50);                             /* times descending (100, 50) */
    MUTATE(b[164] = 'x');                                 /* footer without leading newline */
    MUTATE(b[164 + 5] = '!');                             /* footer not a POSIX TZ string */
    MUTATE(b[n - 1] = 'x');                               /* footer not terminated */
#undef MUTATE
    /* An empty footer is allowed: no rule, the last type stays. */
    static const tt t1[1] = {{H, 0, 0}};
    n = build(b, '2', NULL, NULL, 0, t1, 1, "AAA", 4, "");
    assert_int_equal(cxkpi__tzif_parse(b, n, &tz), CXKPI_OK);
    assert_int_equal(off_at(&tz, utc(2026, 6, 1, 0, 0, 0)), H);
    cxkpi__tz_free(&tz);
}

/* Random corruptions never crash and give either OK or EFORMAT (ASan checks the reads). */
static void random_corruptions(void **state)
{
    (void)state;
    uint8_t good[512], b[512];
    size_t n = valid_image(good);
    uint64_t seed = 5;
    for (int round = 0; round < 20000; round++) {
        memcpy(b, good, n);
        int flips = 1 + (int)(test_rand(&seed) % 4);
        for (int i = 0; i < flips; i++)
            b[test_rand(&seed) % n] = (uint8_t)test_rand(&seed);
        size_t len = test_rand(&seed) % 8 == 0 ? test_rand(&seed) % (n + 1) : n;
        cxkpi__tz tz;
        cxkpi_status st = cxkpi__tzif_parse(b, len, &tz);
        assert_true(st == CXKPI_OK || st == CXKPI_EFORMAT);
        if (st == CXKPI_OK) {
            (void)off_at(&tz, utc(2026, 3, 8, 7, 0, 0));
            cxkpi__tz_free(&tz);
        }
    }
}

static const char *test_tzdir(const char *var)
{
    const char *dir = getenv(var);
    return dir && *dir ? dir : NULL;
}

/* Zone names: no traversal, and the loading errors. */
static void loading(void **state)
{
    (void)state;
    const char *dir = test_tzdir("CXKPI_TEST_TZDIR");
    if (!dir)
        skip(); /* zic was not found at configure time */
    assert_int_equal(setenv("TZDIR", dir, 1), 0);
    cxkpi__tz tz;
    static const char *invalid[] = {"", "/etc/passwd", "../etc/passwd", "America/../UTC", "a//b",
                                    "./UTC", "UTC/", "..", "America/New York", "Europe\\Berlin",
                                    "UTC\n"};
    for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++)
        assert_int_equal(cxkpi__tz_load(invalid[i], &tz), CXKPI_EINVAL);
    assert_int_equal(cxkpi__tz_load(NULL, &tz), CXKPI_EINVAL);
    assert_int_equal(cxkpi__tz_load("No/Such_Zone", &tz), CXKPI_ENOTFOUND);
    assert_int_equal(cxkpi__tz_load("America", &tz), CXKPI_ENOTFOUND); /* a directory */
    assert_int_equal(cxkpi__tz_load("UTC", &tz), CXKPI_OK);
    assert_int_equal(off_at(&tz, 0), 0);
    cxkpi__tz_free(&tz);
    assert_int_equal(cxkpi__tz_load("Asia/Kolkata", &tz), CXKPI_OK);
    assert_int_equal(off_at(&tz, utc(2026, 1, 1, 0, 0, 0)), 5 * H + 30 * 60);
    cxkpi__tz_free(&tz);
    /* a file that is not TZif: the zic source itself */
    const char *src = getenv("CXKPI_TEST_SRCDIR");
    assert_non_null(src);
    assert_int_equal(setenv("TZDIR", src, 1), 0);
    assert_int_equal(cxkpi__tz_load("zoneinfo/tzdata.zi", &tz), CXKPI_EFORMAT);
    unsetenv("TZDIR");
}

/* The compiled test zones: "slim" (footer from early on) and "fat" (table to 2037) must
 * give the same offsets, hour by hour, 2007-2045; and both must agree with the system's
 * tzdata when it is installed (CI installs the tzdata package). */
static void compare_zone(const char *name, const char *dir_a, const char *dir_b, int y0, int y1)
{
    cxkpi__tz a, b;
    assert_int_equal(setenv("TZDIR", dir_a, 1), 0);
    assert_int_equal(cxkpi__tz_load(name, &a), CXKPI_OK);
    assert_int_equal(setenv("TZDIR", dir_b, 1), 0);
    assert_int_equal(cxkpi__tz_load(name, &b), CXKPI_OK);
    for (int64_t t = utc(y0, 1, 1, 0, 0, 0); t < utc(y1, 1, 1, 0, 0, 0); t += 1800) {
        if (off_at(&a, t) != off_at(&b, t))
            fail_msg("%s differs at %lld", name, (long long)t);
    }
    cxkpi__tz_free(&a);
    cxkpi__tz_free(&b);
    unsetenv("TZDIR");
}

static void slim_fat_system_agree(void **state)
{
    (void)state;
    const char *slim = test_tzdir("CXKPI_TEST_TZDIR"), *fat = test_tzdir("CXKPI_TEST_TZDIR_FAT");
    if (!slim || !fat)
        skip();
    static const char *zones[] = {"America/New_York", "Europe/Berlin", "Australia/Sydney"};
    for (size_t i = 0; i < 3; i++)
        compare_zone(zones[i], slim, fat, 2008, 2045);
    FILE *f = fopen("/usr/share/zoneinfo/America/New_York", "rb");
    if (!f) {
        print_message("system zoneinfo absent: comparison with it skipped (CI installs tzdata)\n");
        return;
    }
    fclose(f);
    compare_zone("America/New_York", slim, "/usr/share/zoneinfo", 2008, 2030);
    compare_zone("Europe/Berlin", slim, "/usr/share/zoneinfo", 2008, 2030);
}

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version1_table),
        cmocka_unit_test(version2_footer_us),
        cmocka_unit_test(table_then_footer),
        cmocka_unit_test(version3_extensions),
        cmocka_unit_test(julian_forms),
        cmocka_unit_test(southern_hemisphere),
        cmocka_unit_test(posix_strings),
        cmocka_unit_test(malformed_files),
        cmocka_unit_test(random_corruptions),
        cmocka_unit_test(loading),
        cmocka_unit_test(slim_fat_system_agree),
        cmocka_unit_test(tz_copy_is_deep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
