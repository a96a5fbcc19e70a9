/* Unit tests of cxkpi-report's parsers: the CSV reader, the timestamp parser and the
 * --sla spec parser. Expected values are worked out in the comments (timestamps checked
 * against Python's datetime), never taken from the code under test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "csv.h"
#include "sla_targets.h"
#include "timestamp.h"
#include "values.h"

/* ---- CSV ------------------------------------------------------------------------- */

static void expect_fields(const csv_record *rec, size_t n, const char *const *want)
{
    assert_int_equal(rec->nfields, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(rec->len[i], strlen(want[i]));
        assert_memory_equal(rec->field[i], want[i], strlen(want[i]) + 1);
    }
}

#define EXPECT_RECORD(r, rec, line_no, ...)                                    \
    do {                                                                       \
        static const char *const want_[] = {__VA_ARGS__};                      \
        assert_int_equal(csv_next((r), (rec)), CSV_OK);                        \
        assert_int_equal((rec)->line, (line_no));                              \
        expect_fields((rec), sizeof want_ / sizeof want_[0], want_);           \
    } while (0)

static void open_str(csv_reader *r, const char *s)
{
    assert_int_equal(csv_open_buffer(r, s, strlen(s), 0), CSV_OK);
}

static void test_csv_simple(void **state)
{
    (void)state;
    csv_reader r;
    csv_record rec;
    open_str(&r, "a,b,c\n1,2,3\n,,\n");
    EXPECT_RECORD(&r, &rec, 1, "a", "b", "c");
    EXPECT_RECORD(&r, &rec, 2, "1", "2", "3");
    EXPECT_RECORD(&r, &rec, 3, "", "", ""); /* two commas: three empty fields */
    assert_int_equal(csv_next(&r, &rec), CSV_EOF);
    assert_int_equal(csv_next(&r, &rec), CSV_EOF); /* stays at EOF */
    csv_close(&r);
}

static void test_csv_quoted(void **state)
{
    (void)state;
    csv_reader r;
    csv_record rec;
    /* line 1: header; line 2-3: a quoted LF; line 4-5: a quoted CRLF (kept as written);
     * line 6: doubled quotes, an empty quoted field, a comma inside quotes. */
    open_str(&r, "id,text\r\n"
                 "1,\"two\nlines\"\r\n"
                 "2,\"crlf\r\ninside\"\r\n"
                 "3,\"say \"\"hi\"\", ok\"\r\n"
                 "\"\",\"a,b\"\r\n");
    EXPECT_RECORD(&r, &rec, 1, "id", "text");
    EXPECT_RECORD(&r, &rec, 2, "1", "two\nlines");
    assert_int_equal(rec.end_line, 3);
    EXPECT_RECORD(&r, &rec, 4, "2", "crlf\r\ninside");
    assert_int_equal(rec.end_line, 5);
    EXPECT_RECORD(&r, &rec, 6, "3", "say \"hi\", ok");
    EXPECT_RECORD(&r, &rec, 7, "", "a,b");
    assert_int_equal(csv_next(&r, &rec), CSV_EOF);
    csv_close(&r);
}

static void test_csv_line_ends_bom_blank(void **state)
{
    (void)state;
    csv_reader r;
    csv_record rec;
    /* BOM, CRLF, a lone CR, blank lines (skipped but counted), no final line break. */
    open_str(&r, "\xEF\xBB\xBFx,y\r\n\r\n1,2\r3,4\n\n\n5,6");
    EXPECT_RECORD(&r, &rec, 1, "x", "y"); /* the BOM is not part of "x" */
    EXPECT_RECORD(&r, &rec, 3, "1", "2");
    EXPECT_RECORD(&r, &rec, 4, "3", "4");
    EXPECT_RECORD(&r, &rec, 7, "5", "6");
    assert_int_equal(csv_next(&r, &rec), CSV_EOF);
    csv_close(&r);

    /* Something that only starts like a BOM is data. */
    open_str(&r, "\xEF\xBBx,y\n");
    EXPECT_RECORD(&r, &rec, 1, "\xEF\xBBx", "y");
    csv_close(&r);
    open_str(&r, "\xEF");
    EXPECT_RECORD(&r, &rec, 1, "\xEF");
    csv_close(&r);

    /* Empty input, a lone BOM, only blank lines: no record at all. */
    const char *empties[] = {"", "\xEF\xBB\xBF", "\n\r\n\r"};
    for (size_t i = 0; i < 3; i++) {
        open_str(&r, empties[i]);
        assert_int_equal(csv_next(&r, &rec), CSV_EOF);
        csv_close(&r);
    }
}

static void test_csv_nul_and_trailing_comma(void **state)
{
    (void)state;
    csv_reader r;
    csv_record rec;
    static const char data[] = "a\0b,c,\n";
    assert_int_equal(csv_open_buffer(&r, data, sizeof data - 1, 0), CSV_OK);
    assert_int_equal(csv_next(&r, &rec), CSV_OK);
    assert_int_equal(rec.nfields, 3);
    assert_int_equal(rec.len[0], 3); /* 'a', NUL, 'b' */
    assert_memory_equal(rec.field[0], "a\0b", 4);
    assert_int_equal(rec.len[2], 0); /* the trailing comma opens an empty last field */
    csv_close(&r);
}

static void test_csv_errors_resync(void **state)
{
    (void)state;
    csv_reader r;
    csv_record rec;
    open_str(&r, "a,b\n"
                 "1,x\"y\n"        /* line 2: quote inside an unquoted field */
                 "2,\"q\"z\n"      /* line 3: text after a closing quote */
                 "3\n"             /* line 4: one field where the header has two */
                 "4,5\n"           /* line 5: good */
                 "6,\"never closed\n7,8\n");  /* line 6: the quote runs to the end */
    EXPECT_RECORD(&r, &rec, 1, "a", "b");
    assert_int_equal(csv_next(&r, &rec), CSV_ESYNTAX);
    assert_int_equal(rec.line, 2);
    assert_non_null(r.error);
    assert_int_equal(csv_next(&r, &rec), CSV_ESYNTAX);
    assert_int_equal(rec.line, 3);
    assert_int_equal(csv_next(&r, &rec), CSV_EFIELDS);
    assert_int_equal(rec.line, 4);
    assert_int_equal(rec.nfields, 1);
    assert_int_equal(r.expected_fields, 2);
    EXPECT_RECORD(&r, &rec, 5, "4", "5");
    assert_int_equal(csv_next(&r, &rec), CSV_ESYNTAX);
    assert_int_equal(rec.line, 6);
    assert_int_equal(csv_next(&r, &rec), CSV_EOF);
    csv_close(&r);
}

static void test_csv_too_long(void **state)
{
    (void)state;
    csv_reader r;
    csv_record rec;
    /* Records are limited to 8 bytes here (fields plus one NUL each). "1234,5678" needs
     * 10; "ab,cd" needs 6. */
    const char *s = "ab,cd\n1234,5678\nef,gh\n";
    assert_int_equal(csv_open_buffer(&r, s, strlen(s), 8), CSV_OK);
    EXPECT_RECORD(&r, &rec, 1, "ab", "cd");
    assert_int_equal(csv_next(&r, &rec), CSV_ETOOLONG);
    assert_int_equal(rec.line, 2);
    EXPECT_RECORD(&r, &rec, 3, "ef", "gh");
    assert_true(r.buf_cap <= 8);
    csv_close(&r);
}

/* A read callback serving a string a few bytes at a time (pipes do that). */
typedef struct trickle {
    const char *s;
    size_t len, pos, step;
    size_t fail_at; /* report a read error once pos reaches this (0 = never) */
    uint64_t repeat; /* serve s this many times (for the memory test) */
} trickle;

static size_t trickle_read(void *ctx, char *buf, size_t cap)
{
    trickle *t = ctx;
    if (t->fail_at && t->pos >= t->fail_at)
        return (size_t)-1;
    if (t->pos == t->len) {
        if (t->repeat <= 1)
            return 0;
        t->repeat--;
        t->pos = 0;
    }
    size_t n = t->len - t->pos;
    if (n > t->step)
        n = t->step;
    if (n > cap)
        n = cap;
    memcpy(buf, t->s + t->pos, n);
    t->pos += n;
    return n;
}

static void test_csv_callback_one_byte(void **state)
{
    (void)state;
    csv_reader r;
    csv_record rec;
    const char *s = "\xEF\xBB\xBFh1,h2\r\n\"a\r\nb\",\"c\"\"\"\r\nx,y";
    trickle t = {s, strlen(s), 0, 1, 0, 1};
    assert_int_equal(csv_open(&r, trickle_read, &t, 0), CSV_OK);
    EXPECT_RECORD(&r, &rec, 1, "h1", "h2");
    EXPECT_RECORD(&r, &rec, 2, "a\r\nb", "c\"");
    EXPECT_RECORD(&r, &rec, 4, "x", "y");
    assert_int_equal(csv_next(&r, &rec), CSV_EOF);
    assert_int_equal(r.bytes, strlen(s));
    csv_close(&r);
}

static void test_csv_read_error(void **state)
{
    (void)state;
    csv_reader r;
    csv_record rec;
    const char *s = "a,b\n1,2\n3,4\n";
    trickle t = {s, strlen(s), 0, 4, 8, 1}; /* fails after "a,b\n1,2\n" */
    assert_int_equal(csv_open(&r, trickle_read, &t, 0), CSV_OK);
    EXPECT_RECORD(&r, &rec, 1, "a", "b");
    EXPECT_RECORD(&r, &rec, 2, "1", "2");
    assert_int_equal(csv_next(&r, &rec), CSV_EIO);
    csv_close(&r);
}

static void test_csv_constant_memory(void **state)
{
    (void)state;
    csv_reader r;
    csv_record rec;
    /* 200000 records of 3 short fields, served through a 64 KiB-chunk reader: the record
     * buffer never grows past its first allocation (256 bytes), the field table past 16. */
    const char *s = "12345,\"quoted, field\",x\r\n";
    trickle t = {s, strlen(s), 0, 1 << 16, 0, 200000};
    uint64_t n = 0;
    assert_int_equal(csv_open(&r, trickle_read, &t, 0), CSV_OK);
    while (csv_next(&r, &rec) == CSV_OK)
        n++;
    assert_int_equal(n, 200000);
    assert_int_equal(r.line, 200001);
    assert_true(r.buf_cap <= 256);
    assert_true(r.fields_cap <= 16);
    csv_close(&r);
}

/* ---- timestamps -------------------------------------------------------------------- */

static void ok_ts(const char *s, int64_t want)
{
    int64_t t = 12345;
    const char *why = NULL;
    if (ts_parse(s, strlen(s), &t, &why) != 0)
        fail_msg("'%s' rejected: %s", s, why);
    if (t != want)
        fail_msg("'%s' gave %lld, want %lld", s, (long long)t, (long long)want);
}

static void bad_ts(const char *s)
{
    int64_t t = 12345;
    const char *why = NULL;
    if (ts_parse(s, strlen(s), &t, &why) == 0)
        fail_msg("'%s' accepted as %lld", s, (long long)t);
    assert_non_null(why);
    assert_int_equal(t, 12345); /* output untouched on error */
}

static void test_ts_valid(void **state)
{
    (void)state;
    ok_ts("1970-01-01T00:00:00Z", 0);
    /* 2026-01-01T00:00:00Z = 1767225600 (Python: datetime(2026,1,1,tzinfo=utc).timestamp()) */
    ok_ts("2026-01-01T00:00:00Z", 1767225600);
    ok_ts("2026-01-01t00:00:00z", 1767225600);
    ok_ts("2026-01-01 00:00:00", 1767225600);    /* space, no zone: UTC */
    ok_ts("2026-01-01", 1767225600);             /* date only: midnight UTC */
    ok_ts("2026-01-01T00:00", 1767225600);       /* no seconds */
    ok_ts("2026-01-01T02:00:00+02:00", 1767225600);
    ok_ts("2026-01-01T02:00:00+0200", 1767225600);
    ok_ts("2026-01-01T02:00:00+02", 1767225600);
    ok_ts("2025-12-31T18:30:00-05:30", 1767225600); /* 18:30 + 5:30 = 24:00 */
    ok_ts("2026-01-01T00:00:00.999Z", 1767225600);  /* fractions truncated */
    ok_ts("2026-01-01T00:00:00,5+00:00", 1767225600);
    /* 2026-03-31T23:17:28Z = 1774999048 */
    ok_ts("2026-03-31T23:17:28Z", 1774999048);
    /* leap days: 2024-02-29T12:00Z = 1709208000, 2000-02-29 = 951782400 (400-year rule) */
    ok_ts("2024-02-29T12:00:00Z", 1709208000);
    ok_ts("2000-02-29", 951782400);
    ok_ts("1969-12-31T23:59:59Z", -1);
    /* 9999-12-31T23:59:59Z = 253402300799; 0000-01-01 = 0001-01-01 (-62135596800) minus
     * the 366 days of the leap year 0 = -62167219200 */
    ok_ts("9999-12-31T23:59:59Z", 253402300799);
    ok_ts("0000-01-01", -62167219200);
    /* a leap second counts as the next minute's first second */
    ok_ts("2016-12-31T23:59:60Z", 1483228800);
    /* Unix seconds */
    ok_ts("1767225600", 1767225600);
    ok_ts("0", 0);
    ok_ts("12", 12);
    ok_ts("1767225600.75", 1767225600);
    ok_ts("-1", -1);
    ok_ts("-1.5", -2); /* truncated toward the past */
    ok_ts("-1.0", -1);
    ok_ts("253402300799", 253402300799);   /* 9999-12-31T23:59:59Z, the last one */
    ok_ts("-62167219200", -62167219200);   /* 0000-01-01, the first one */
}

static void test_ts_invalid(void **state)
{
    (void)state;
    const char *bad[] = {
        "", " 2026-01-01", "2026-01-01 ", "2026-13-01", "2026-00-10", "2026-02-30",
        "2023-02-29", "1900-02-29", "2026-04-31", "2026-01-00", "2026-01-32",
        "2026-01-01T25:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T10:60:00Z",
        "2026-01-01T10:00:61Z", "2026-01-01T", "2026-01-01T10", "2026-01-01T10:0",
        "2026-1-01", "2026-01-1", "26-01-01", "2026/01/01", "2026-01-01T10:00:00ZZ",
        "2026-01-01T10:00:00+24:00", "2026-01-01T10:00:00+02:60", "2026-01-01T10:00:00+2:00",
        "2026-01-01T10:00:00+02:", "2026-01-01T10:00:00+020", "2026-01-01T10:00:00.Z",
        "2026-01-01T10:00:00 UTC", "2026-01-01X10:00", "abc", "12a", "-", "1.", ".5", "--1",
        "99999999999999999999", "1e9", "+5",
        /* Unix seconds outside 0000-01-01..9999-12-31T23:59:59Z */
        "253402300800", "-62167219201", "-62167219200.5",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        bad_ts(bad[i]);
    /* a length that stops early is honoured: "2026-01-01" inside a longer buffer */
    int64_t t;
    assert_int_equal(ts_parse("2026-01-01T99", 10, &t, NULL), 0);
    assert_int_equal(t, 1767225600);
    assert_int_equal(ts_parse(NULL, 0, &t, NULL), -1);
}

/* Found by tests/fuzz/fuzz_timestamp: the calendar form could give results outside
 * [TS_MIN, TS_MAX] through a leap second or a zone offset at either end of the range. */
static void test_ts_range_edges(void **state)
{
    (void)state;
    ok_ts("9999-12-31T23:59:59Z", TS_MAX);
    ok_ts("0000-01-01T00:00:00Z", TS_MIN);
    bad_ts("9999-12-31T23:59:60Z");       /* TS_MAX + 1 */
    bad_ts("9999-12-31T23:59:59-00:01");  /* TS_MAX + 60 */
    bad_ts("0000-01-01T00:00:00+05:30");  /* TS_MIN - 19800 */
    ok_ts("0000-01-01T05:30:00+05:30", TS_MIN);
}

static void test_ts_format(void **state)
{
    (void)state;
    char buf[32];
    ts_format(1774999048, buf, sizeof buf);
    assert_string_equal(buf, "2026-03-31T23:17:28Z");
    ts_format(-1, buf, sizeof buf);
    assert_string_equal(buf, "1969-12-31T23:59:59Z");
    ts_format(951782400, buf, sizeof buf);
    assert_string_equal(buf, "2000-02-29T00:00:00Z");
}

/* ---- --sla specs -------------------------------------------------------------------- */

static int64_t dur(const char *s)
{
    int64_t v = -7;
    const char *why = NULL;
    if (sla_parse_duration(s, strlen(s), &v, &why) != 0)
        return -1;
    return v;
}

static void test_sla_durations(void **state)
{
    (void)state;
    assert_int_equal(dur("90s"), 90);
    assert_int_equal(dur("15m"), 900);
    assert_int_equal(dur("1h30m"), 5400);  /* 3600 + 1800 */
    assert_int_equal(dur("24h"), 86400);
    assert_int_equal(dur("2d"), 172800);
    assert_int_equal(dur("1d2h3m4s"), 93784); /* 86400 + 7200 + 180 + 4 */
    assert_int_equal(dur("3600"), 3600);
    const char *bad[] = {"", "0", "0h", "h", "1x", "1h30", "-1h", "1.5h", " 1h", "1h ",
                         "99999999999999999999d"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (dur(bad[i]) != -1)
            fail_msg("duration '%s' accepted", bad[i]);
}

static void test_sla_targets(void **state)
{
    (void)state;
    sla_policy p;
    const char *why = NULL;
    memset(&p, 0, sizeof p);
    const char *spec = "first_reply=1h,resolution=24h,Urgent:first_reply=15m,urgent:resolution=4h";
    assert_int_equal(sla_parse(&p, spec, strlen(spec), &why), 0);
    assert_int_equal(p.n, 4);
    const sla_target *t = sla_lookup(&p, SLA_FIRST_REPLY, "URGENT", 6);
    assert_non_null(t);
    assert_int_equal(t->seconds, 900);
    t = sla_lookup(&p, SLA_RESOLUTION, "urgent", 6);
    assert_int_equal(t->seconds, 14400);
    t = sla_lookup(&p, SLA_FIRST_REPLY, "low", 3); /* no own target: the default */
    assert_int_equal(t->seconds, 3600);
    t = sla_lookup(&p, SLA_FIRST_REPLY, NULL, 0);
    assert_int_equal(t->seconds, 3600);
    t = sla_lookup(&p, SLA_FIRST_REPLY, "urgentx", 7);
    assert_int_equal(t->seconds, 3600);

    /* a later item replaces an earlier one for the same priority and metric */
    assert_int_equal(sla_parse(&p, "urgent:first_reply=10m", 22, &why), 0);
    assert_int_equal(p.n, 4);
    assert_int_equal(sla_lookup(&p, SLA_FIRST_REPLY, "urgent", 6)->seconds, 600);

    /* without a default, a priority without its own target has none */
    sla_policy q;
    memset(&q, 0, sizeof q);
    assert_int_equal(sla_parse(&q, "high:resolution=8h", 18, &why), 0);
    assert_null(sla_lookup(&q, SLA_RESOLUTION, "low", 3));
    assert_null(sla_lookup(&q, SLA_FIRST_REPLY, "high", 4));
    assert_int_equal(sla_lookup(&q, SLA_RESOLUTION, "High", 4)->seconds, 28800);

    /* errors leave the policy unchanged */
    const char *bad[] = {"", "first_reply", "reply=1h", ":first_reply=1h", "first_reply=1h,",
                         ",first_reply=1h", "first_reply=", "first_reply=0",
                         "a-very-long-priority-name-over-31:first_reply=1h",
                         "first_reply=1h,resolution=2h,oops"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sla_policy before = p;
        why = NULL;
        if (sla_parse(&p, bad[i], strlen(bad[i]), &why) == 0)
            fail_msg("spec '%s' accepted", bad[i]);
        assert_non_null(why);
        assert_memory_equal(&before, &p, sizeof p);
    }
}

/* ---- strftime-style formats and export values -------------------------------------- */

static void expect_fmt(const char *fmt, const char *text, int64_t want, int want_zone)
{
    int64_t t = 0;
    int zone = -1;
    const char *why = NULL;
    assert_int_equal(ts_parse_format(fmt, text, strlen(text), &t, &zone, &why), 0);
    assert_int_equal(t, want);
    assert_int_equal(zone, want_zone);
}

static void expect_fmt_bad(const char *fmt, const char *text)
{
    int64_t t = 42;
    int zone = -1;
    const char *why = NULL;
    assert_int_equal(ts_parse_format(fmt, text, strlen(text), &t, &zone, &why), -1);
    assert_non_null(why);
    assert_int_equal(t, 42); /* unchanged */
}

static void test_time_formats(void **state)
{
    (void)state;
    /* Epochs from Python: datetime(2020, 11, 13, 14, 5, tzinfo=timezone.utc).timestamp()
     * = 1605276300; 00:05 = 1605225900; 02:05 = 1605233100; 2024-02-29 23:59:59 =
     * 1709251199; 14:05 at +05:30 = 1605256500; 2020-01-03 04:05 = 1578024300;
     * 1970-11-13 = 27302400. */
    expect_fmt("%m/%d/%Y %H:%M", "11/13/2020 14:05", 1605276300, 0);
    expect_fmt("%m/%d/%Y %H:%M", "1/3/2020 4:05", 1578024300, 0); /* one digit each */
    expect_fmt("%d.%m.%Y %H:%M:%S", "29.02.2024 23:59:59", 1709251199, 0);
    expect_fmt("%Y-%m-%d %I:%M %p", "2020-11-13 02:05 PM", 1605276300, 0);
    expect_fmt("%Y-%m-%d %I:%M %p", "2020-11-13 12:05 am", 1605225900, 0);
    expect_fmt("%Y-%m-%d %I:%M %p", "2020-11-13 02:05 a.m.", 1605233100, 0);
    expect_fmt("%b %d, %Y %H:%M", "Nov 13, 2020 14:05", 1605276300, 0);
    expect_fmt("%A %d %B %Y %T", "Friday 13 November 2020 14:05:00", 1605276300, 0);
    expect_fmt("%F %R %z", "2020-11-13 14:05 +05:30", 1605256500, 1);
    expect_fmt("%F %R %Z", "2020-11-13 14:05 UTC", 1605276300, 1);
    expect_fmt("%F  %H:%M", "2020-11-13 14:05", 1605276300, 0); /* blanks match any run */
    expect_fmt("%D %H:%M", "11/13/20 14:05", 1605276300, 0);
    expect_fmt("%s", "1605276300", 1605276300, 1);
    expect_fmt("%F %T.%f", "2020-11-13 14:05:00.999", 1605276300, 0);
    /* 64 fraction digits (found by fuzzing: the digits once overflowed an int64). */
    expect_fmt("%F %T.%f", "2020-11-13 14:05:00."
               "9999999999999999999999999999999999999999999999999999999999999999",
               1605276300, 0);
    expect_fmt("%d%%%m", "13%11", 27302400, 0); /* no year: 1970-11-13 */
    expect_fmt_bad("%m/%d/%Y", "13/01/2020");     /* month 13 */
    expect_fmt_bad("%d.%m.%Y", "31.04.2021");     /* April has 30 days */
    expect_fmt_bad("%Y-%m-%d %I:%M", "2020-11-13 02:05");   /* %I without %p */
    expect_fmt_bad("%Y-%m-%d %I:%M %p", "2020-11-13 13:05 PM");
    expect_fmt_bad("%Y-%m-%d", "2020-11-13 extra");
    expect_fmt_bad("%Y-%m-%d %Q", "2020-11-13 x");   /* unknown directive */
    expect_fmt_bad("%F %Z", "2020-11-13 CET");       /* only UTC/GMT/Z by name */
}

static void test_values(void **state)
{
    (void)state;
    int32_t x = -1;
    const char *why = NULL;
    val_map map = {0};
    assert_int_equal(val_parse_map(&map, "good=1, bad = 0,Very Satisfied=1", &why), 0);
    assert_int_equal(map.n, 3);
    assert_int_equal(val_parse_score("4.0", 3, 0, NULL, 1, 5, &x, &why), 0);
    assert_int_equal(x, 4);
    assert_int_equal(val_parse_score("4,00", 4, 1, NULL, 1, 5, &x, &why), 0);
    assert_int_equal(x, 4);
    assert_int_equal(val_parse_score("4,0", 3, 0, NULL, 1, 5, &x, &why), -1); /* comma not the mark */
    assert_int_equal(val_parse_score("4.5", 3, 0, NULL, 1, 5, &x, &why), -1);
    assert_int_equal(val_parse_score("6", 1, 0, NULL, 1, 5, &x, &why), -1);
    assert_int_equal(val_parse_score("GOOD", 4, 0, &map, 0, 1, &x, &why), 0);
    assert_int_equal(x, 1);
    assert_int_equal(val_parse_score("very satisfied", 14, 0, &map, 0, 1, &x, &why), 0);
    assert_int_equal(val_parse_score("meh", 3, 0, &map, 0, 1, &x, &why), -1);
    assert_int_equal(val_parse_map(&map, "good", &why), -1);
    assert_int_equal(val_parse_map(&map, "good=101", &why), -1);

    double secs = -1;
    assert_int_equal(val_parse_duration("12.5", 4, 60, 0, &secs, &why), 0);
    assert_true(secs == 750.0);
    assert_int_equal(val_parse_duration("1:02:03", 7, 60, 0, &secs, &why), 0); /* unit ignored */
    assert_true(secs == 3723.0);
    assert_int_equal(val_parse_duration("2,5", 3, 3600, 1, &secs, &why), 0);
    assert_true(secs == 9000.0);
    assert_int_equal(val_parse_duration("-1", 2, 1, 0, &secs, &why), -1);
    assert_int_equal(val_parse_duration("1:60:00", 7, 1, 0, &secs, &why), -1);
    assert_int_equal(val_parse_duration("1e3", 3, 1, 0, &secs, &why), -1);
    /* 277,777,777 h 46 min 40 s = 1e12 s exactly is the ceiling; one second more is refused,
     * and so are ten hour digits (9,999,999,999 h = 3.6e13 s), which fuzzing found passing. */
    assert_int_equal(val_parse_duration("277777777:46:40", 15, 1, 0, &secs, &why), 0);
    assert_true(secs == 1e12);
    secs = -7;
    assert_int_equal(val_parse_duration("277777777:46:41", 15, 1, 0, &secs, &why), -1);
    assert_int_equal(val_parse_duration("9999999999:00:00", 16, 1, 0, &secs, &why), -1);
    assert_true(secs == -7);

    int flag = -1, met = -1;
    assert_int_equal(val_parse_flag("Yes", 3, 0, &flag, &why), 0);
    assert_int_equal(flag, 1);
    assert_int_equal(val_parse_flag("3", 1, 0, &flag, &why), -1);
    assert_int_equal(val_parse_flag("3", 1, 1, &flag, &why), 0); /* a count */
    assert_int_equal(flag, 1);
    assert_int_equal(val_parse_flag("0", 1, 1, &flag, &why), 0);
    assert_int_equal(flag, 0);
    assert_int_equal(val_parse_sla_outcome("SLA Violated", 12, &met, &why), 0);
    assert_int_equal(met, 0);
    assert_int_equal(val_parse_sla_outcome("within SLA", 10, &met, &why), 0);
    assert_int_equal(met, 1);
    assert_int_equal(val_parse_sla_outcome("late", 4, &met, &why), -1);

    val_words w;
    assert_int_equal(val_parse_words(&w, "n/a, Offered ,,-", &why), 0);
    assert_int_equal(w.n, 3);
    assert_true(val_is_word(&w, "OFFERED", 7));
    assert_false(val_is_word(&w, "offer", 5));
    double unit = 0;
    assert_int_equal(val_parse_unit("hours", 5, &unit), 0);
    assert_true(unit == 3600.0);
    assert_int_equal(val_parse_unit("weeks", 5, &unit), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_simple),
        cmocka_unit_test(test_csv_quoted),
        cmocka_unit_test(test_csv_line_ends_bom_blank),
        cmocka_unit_test(test_csv_nul_and_trailing_comma),
        cmocka_unit_test(test_csv_errors_resync),
        cmocka_unit_test(test_csv_too_long),
        cmocka_unit_test(test_csv_callback_one_byte),
        cmocka_unit_test(test_csv_read_error),
        cmocka_unit_test(test_csv_constant_memory),
        cmocka_unit_test(test_ts_valid),
        cmocka_unit_test(test_ts_invalid),
        cmocka_unit_test(test_ts_range_edges),
        cmocka_unit_test(test_ts_format),
        cmocka_unit_test(test_sla_durations),
        cmocka_unit_test(test_sla_targets),
        cmocka_unit_test(test_time_formats),
        cmocka_unit_test(test_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
