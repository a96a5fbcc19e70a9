/* Allocation-failure injection (built with -Dalloc_fail_injection=true; run it under
 * AddressSanitizer/LeakSanitizer to also catch leaks on the failure paths).
 *
 * For every accumulator kind and every scenario (new, clone, deserialize, a feed of events,
 * merge, remove, reset, serialize), the scenario is run again and again with its 1st, 2nd,
 * 3rd... allocation failing, until a run makes fewer allocations than the one being failed.
 * Each time the call must either succeed or return CXKPI_ENOMEM, and on CXKPI_ENOMEM leave
 * the accumulator (compared as serialized bytes) and its output pointer unchanged. The
 * number of allocation points injected is printed per scenario and in total. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "harden_kinds.h"
#include "helpers.h"

#ifndef CXKPI_ALLOC_FAIL_INJECTION
#error "test_alloc_fail needs -Dalloc_fail_injection=true"
#endif

#define FEED_EVENTS 300

/* What an output pointer holds before a call: it must still hold it after a failure. */
static char sentinel_object;
#define SENTINEL ((void *)&sentinel_object)

static unsigned long total_points;

/* Allocation calls made by the last armed section. */
static uint64_t last_calls;

static void arm(uint64_t n) { cxkpi__alloc_fail_arm(n); }

static void disarm(void)
{
    last_calls = cxkpi__alloc_fail_calls();
    cxkpi__alloc_fail_arm(0);
}

/* The status of a call whose nth allocation was to fail: success, or CXKPI_ENOMEM only
 * when that allocation was reached. */
static void check_status(cxkpi_status st, uint64_t n)
{
    if (last_calls >= n)
        assert_true(st == CXKPI_OK || st == CXKPI_ENOMEM);
    else
        assert_int_equal(st, CXKPI_OK);
}

static void *make(const harden_kind *k)
{
    void *acc = NULL;
    assert_int_equal(k->make(&acc), CXKPI_OK);
    return acc;
}

static void *populated(const harden_kind *k, uint64_t seed, int events)
{
    void *acc = make(k);
    for (int i = 0; i < events; i++)
        assert_int_equal(k->add(acc, k->random_event(&seed)), CXKPI_OK);
    return acc;
}

typedef void (*scenario_fn)(const harden_kind *k, uint64_t n);

static void sc_new(const harden_kind *k, uint64_t n)
{
    void *out = SENTINEL;
    arm(n);
    cxkpi_status st = k->make(&out);
    disarm();
    check_status(st, n);
    if (st == CXKPI_OK)
        k->destroy(out);
    else
        assert_ptr_equal(out, SENTINEL);
}

static void sc_clone(const harden_kind *k, uint64_t n)
{
    void *a = populated(k, 11, 50), *out = SENTINEL;
    size_t size;
    uint8_t *before = hk_bytes(k, a, &size);
    arm(n);
    cxkpi_status st = k->clone(a, &out);
    disarm();
    check_status(st, n);
    assert_true(hk_is(k, a, before, size));
    if (st == CXKPI_OK) {
        assert_true(hk_same(k, a, out));
        k->destroy(out);
    } else {
        assert_ptr_equal(out, SENTINEL);
    }
    free(before);
    k->destroy(a);
}

static void sc_deserialize(const harden_kind *k, uint64_t n)
{
    void *a = populated(k, 12, 50), *out = SENTINEL;
    size_t size;
    uint8_t *bytes = hk_bytes(k, a, &size);
    arm(n);
    cxkpi_status st = k->deserialize(&out, bytes, size);
    disarm();
    check_status(st, n);
    if (st == CXKPI_OK) {
        assert_true(hk_is(k, out, bytes, size));
        k->destroy(out);
    } else {
        assert_ptr_equal(out, SENTINEL);
    }
    free(bytes);
    k->destroy(a);
}

/* Events one by one (growth paths): a failed add changes nothing, the feed goes on. */
static void sc_feed(const harden_kind *k, uint64_t n)
{
    void *a = make(k);
    uint64_t rng = 13, ok = 0;
    bool failed = false;
    arm(n);
    for (int i = 0; i < FEED_EVENTS; i++) {
        size_t size;
        uint8_t *before = hk_bytes(k, a, &size);
        assert_non_null(before);
        hk_event e = k->random_event(&rng);
        cxkpi_status st = k->add(a, e);
        if (st == CXKPI_ENOMEM) {
            assert_false(failed); /* only the nth allocation fails */
            failed = true;
            assert_true(hk_is(k, a, before, size));
        } else {
            assert_int_equal(st, CXKPI_OK);
            ok += hk_weight(k, e);
        }
        free(before);
    }
    disarm();
    assert_true(!failed || last_calls >= n);
    assert_int_equal(k->count(a), ok);
    k->destroy(a);
}

static void merge_case(const harden_kind *k, uint64_t n, void *dst, const void *src)
{
    size_t dn, sn;
    uint8_t *dst_before = hk_bytes(k, dst, &dn), *src_before = hk_bytes(k, src, &sn);
    uint64_t expect = k->count(dst) + k->count(src);
    arm(n);
    cxkpi_status st = k->merge(dst, src);
    disarm();
    check_status(st, n);
    if (st == CXKPI_OK) {
        assert_int_equal(k->count(dst), expect);
    } else {
        assert_true(hk_is(k, dst, dst_before, dn));
    }
    if (src != dst)
        assert_true(hk_is(k, src, src_before, sn));
    free(dst_before);
    free(src_before);
}

static void sc_merge(const harden_kind *k, uint64_t n)
{
    void *a = populated(k, 14, 60), *b = populated(k, 15, 80), *e = make(k);
    merge_case(k, n, a, b);
    k->destroy(a);
    k->destroy(b);
    k->destroy(e);
}

static void sc_merge_into_empty(const harden_kind *k, uint64_t n)
{
    void *b = populated(k, 16, 80), *e = make(k);
    merge_case(k, n, e, b);
    k->destroy(b);
    k->destroy(e);
}

static void sc_merge_self(const harden_kind *k, uint64_t n)
{
    void *a = populated(k, 17, 40);
    merge_case(k, n, a, a);
    k->destroy(a);
}

static void sc_remove(const harden_kind *k, uint64_t n)
{
    if (!k->remove) {
        last_calls = 0;
        return;
    }
    uint64_t rng = 18;
    void *a = make(k);
    hk_event ev[40];
    for (int i = 0; i < 40; i++) {
        ev[i] = k->random_event(&rng);
        assert_int_equal(k->add(a, ev[i]), CXKPI_OK);
    }
    uint64_t expect = k->count(a);
    arm(n);
    for (int i = 0; i < 40; i++) {
        size_t size;
        uint8_t *before = hk_bytes(k, a, &size);
        cxkpi_status st = k->remove(a, ev[i]);
        if (st == CXKPI_ENOMEM) {
            assert_true(hk_is(k, a, before, size));
        } else {
            assert_int_equal(st, CXKPI_OK);
            expect -= hk_weight(k, ev[i]);
        }
        free(before);
    }
    disarm();
    assert_int_equal(k->count(a), expect);
    k->destroy(a);
}

static void sc_reset_and_serialize(const harden_kind *k, uint64_t n)
{
    void *a = populated(k, 19, 50);
    size_t size, written;
    assert_int_equal(k->serialized_size(a, &size), CXKPI_OK);
    uint8_t *buf = malloc(size);
    arm(n);
    cxkpi_status st = k->serialize(a, buf, size, &written);
    if (st == CXKPI_OK)
        st = k->reset(a);
    disarm();
    check_status(st, n);
    free(buf);
    k->destroy(a);
}

typedef struct scenario {
    const char *name;
    scenario_fn fn;
} scenario;

/* Runs every scenario with its 1st, 2nd... allocation failing until a run makes fewer
 * allocations than the one to fail; prints and counts the points injected. */
static void run_scenarios(const char *what, const harden_kind *k, const scenario *list,
                          size_t count)
{
    for (size_t s = 0; s < count; s++) {
        uint64_t n = 1;
        for (;; n++) {
            list[s].fn(k, n);
            if (last_calls < n)
                break;
        }
        printf("alloc-fail: %-12s %-30s %3lu allocation point(s) injected\n", what,
               list[s].name, (unsigned long)(n - 1));
        total_points += n - 1;
    }
}

static const scenario scenarios[] = {
    {"new", sc_new},
    {"clone", sc_clone},
    {"deserialize", sc_deserialize},
    {"add (feed of events)", sc_feed},
    {"merge", sc_merge},
    {"merge into empty", sc_merge_into_empty},
    {"merge into itself", sc_merge_self},
    {"remove", sc_remove},
    {"serialize + reset", sc_reset_and_serialize},
};

static void inject_every_allocation(void **state)
{
    const harden_kind *k = *state;
    run_scenarios(k->name, k, scenarios, sizeof scenarios / sizeof scenarios[0]);
}

/* ---- the business-hours calendar (no serialized form: its state is compared through a
 * fingerprint of its answers) ---- */

#define FP_SIZE 24

static void cal_fingerprint(const cxkpi_calendar *cal, int64_t fp[FP_SIZE])
{
    static const int64_t at[] = {1767225600, 1772323200, 1782864000, 1798675200,
                                 1798761600, 1800000000};
    size_t i = 0;
    memset(fp, 0, FP_SIZE * sizeof fp[0]);
    assert_int_equal(cxkpi_calendar_weekly_seconds(cal, &fp[i++]), CXKPI_OK);
    for (size_t k = 0; k < 6; k++) {
        int32_t off;
        assert_int_equal(cxkpi_calendar_utc_offset(cal, at[k], &off), CXKPI_OK);
        fp[i++] = off;
    }
    for (size_t k = 0; k + 1 < 6; k++)
        assert_int_equal(cxkpi_calendar_elapsed(cal, at[k], at[k + 1], &fp[i++]), CXKPI_OK);
    for (size_t k = 0; k < 6; k++) {
        cxkpi_status st = cxkpi_calendar_add(cal, at[k], 36000, &fp[i]);
        fp[i++] += st == CXKPI_OK ? 0 : 1000 + st;
    }
}

static const char cal_text[] = "tz America/New_York\n"
                               "mon-fri 09:00-12:30 13:30-18:00\n"
                               "sat 10:00-14:00\n"
                               "fri-mon 22:00-06:00\n"
                               "holiday 2026-12-25\n"
                               "holiday 2027-01-01\n"
                               "closed 2026-12-24 13:00-24:00\n";

static void sc_calendar_new(const harden_kind *k, uint64_t n)
{
    (void)k;
    cxkpi_calendar *cal = SENTINEL;
    arm(n);
    cxkpi_status st = cxkpi_calendar_new(&cal);
    disarm();
    check_status(st, n);
    if (st == CXKPI_OK)
        cxkpi_calendar_free(cal);
    else
        assert_ptr_equal(cal, SENTINEL);
}

static void sc_calendar_parse(const harden_kind *k, uint64_t n)
{
    (void)k;
    cxkpi_calendar *cal = SENTINEL;
    size_t line = 99;
    arm(n);
    cxkpi_status st = cxkpi_calendar_parse(&cal, cal_text, sizeof cal_text - 1, &line);
    disarm();
    check_status(st, n);
    if (st == CXKPI_OK) {
        cxkpi_calendar_free(cal);
    } else {
        assert_ptr_equal(cal, SENTINEL);
        assert_int_equal(line, 0); /* an allocation failure is tied to no line */
    }
}

/* Every setter, one after the other (growth of the weekly schedule and of the exception
 * list); a setter that fails changes nothing and is simply repeated. The result must be
 * the calendar the text form describes, plus 40 holidays. */
static cxkpi_status cal_step(cxkpi_calendar *cal, int i)
{
    switch (i) {
    case 0: return cxkpi_calendar_set_timezone(cal, "America/New_York");
    case 1: return cxkpi_calendar_add_interval(cal, 0x1F, 9 * 3600, 12 * 3600 + 1800);
    case 2: return cxkpi_calendar_add_interval(cal, 0x1F, 13 * 3600 + 1800, 18 * 3600);
    case 3: return cxkpi_calendar_add_interval(cal, CXKPI_SATURDAY, 10 * 3600, 14 * 3600);
    case 4: return cxkpi_calendar_add_interval(cal, CXKPI_FRIDAY | CXKPI_SATURDAY | CXKPI_SUNDAY |
                                               CXKPI_MONDAY, 22 * 3600, 6 * 3600);
    case 5: return cxkpi_calendar_add_holiday(cal, 2026, 12, 25);
    case 6: return cxkpi_calendar_add_holiday(cal, 2027, 1, 1);
    case 7: return cxkpi_calendar_add_closure(cal, 2026, 12, 24, 13 * 3600, 86400);
    default: return cxkpi_calendar_add_holiday(cal, 2030 + (i - 8) / 12, 1 + (i - 8) % 12, 1);
    }
}

#define CAL_STEPS (8 + 40)

static void sc_calendar_setters(const harden_kind *k, uint64_t n)
{
    (void)k;
    cxkpi_calendar *cal = NULL, *want = NULL;
    assert_int_equal(cxkpi_calendar_new(&cal), CXKPI_OK);
    assert_int_equal(cxkpi_calendar_new(&want), CXKPI_OK);
    for (int i = 0; i < CAL_STEPS; i++)
        assert_int_equal(cal_step(want, i), CXKPI_OK);
    bool failed = false;
    arm(n);
    for (int i = 0; i < CAL_STEPS; i++) {
        int64_t before[FP_SIZE], after[FP_SIZE];
        cal_fingerprint(cal, before);
        cxkpi_status st = cal_step(cal, i);
        if (st == CXKPI_ENOMEM) {
            assert_false(failed);
            failed = true;
            cal_fingerprint(cal, after);
            assert_memory_equal(before, after, sizeof before);
            st = cal_step(cal, i); /* only the nth allocation fails: now it works */
        }
        assert_int_equal(st, CXKPI_OK);
    }
    disarm();
    int64_t got[FP_SIZE], expect[FP_SIZE];
    cal_fingerprint(cal, got);
    cal_fingerprint(want, expect);
    assert_memory_equal(got, expect, sizeof got);
    cxkpi_calendar_free(cal);
    cxkpi_calendar_free(want);
}

static void sc_ticket_clock_new(const harden_kind *k, uint64_t n)
{
    (void)k;
    cxkpi_calendar *cal = NULL;
    assert_int_equal(cxkpi_calendar_new(&cal), CXKPI_OK);
    cxkpi_ticket_clock *clock = SENTINEL;
    arm(n);
    cxkpi_status st = cxkpi_ticket_clock_new(&clock, cal);
    disarm();
    check_status(st, n);
    if (st == CXKPI_OK)
        cxkpi_ticket_clock_free(clock);
    else
        assert_ptr_equal(clock, SENTINEL);
    cxkpi_calendar_free(cal);
}

static const scenario calendar_scenarios[] = {
    {"new", sc_calendar_new},
    {"parse (tz + rules)", sc_calendar_parse},
    {"setters (48 calls)", sc_calendar_setters},
    {"ticket clock new", sc_ticket_clock_new},
};

static void inject_calendar(void **state)
{
    (void)state;
    const char *dir = getenv("CXKPI_TEST_TZDIR");
    if (dir)
        assert_int_equal(setenv("TZDIR", dir, 1), 0);
    run_scenarios("calendar", NULL, calendar_scenarios,
                  sizeof calendar_scenarios / sizeof calendar_scenarios[0]);
}

/* ---- the FCR repeat-contact tracker (compared through hk_tracker_fingerprint()) ---- */

#define TRACKER_WINDOW 600
#define TRACKER_LATE 60
#define TRACKER_CONTACTS 400

/* Pausing the injection while a fingerprint (which allocates) is taken: `used` counts the
 * allocations of the scenario itself. */
static uint64_t armed_at, used;

static void arm_scenario(uint64_t n)
{
    armed_at = n;
    used = 0;
    arm(n);
}

static void pause_injection(void)
{
    used += cxkpi__alloc_fail_calls();
    cxkpi__alloc_fail_arm(0);
}

static void resume_injection(void)
{
    arm(used < armed_at ? armed_at - used : 0);
}

static void end_scenario(void)
{
    pause_injection();
    last_calls = used;
}

static cxkpi_fcr_tracker *tracker_fed(size_t n, uint64_t seed)
{
    cxkpi_fcr_tracker *t = NULL;
    assert_int_equal(cxkpi_fcr_tracker_new(&t, TRACKER_WINDOW, TRACKER_LATE), CXKPI_OK);
    uint64_t key[TRACKER_CONTACTS];
    int64_t at[TRACKER_CONTACTS];
    hk_tracker_contacts(&seed, n, 50, 30, TRACKER_LATE, key, at);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(cxkpi_fcr_tracker_add(t, key[i], at[i]), CXKPI_OK);
    return t;
}

static void tracker_assert_same(const cxkpi_fcr_tracker *a, const cxkpi_fcr_tracker *b)
{
    uint64_t fa[HK_TRACKER_FP], fb[HK_TRACKER_FP];
    assert_true(hk_tracker_fingerprint(a, fa));
    assert_true(hk_tracker_fingerprint(b, fb));
    assert_memory_equal(fa, fb, sizeof fa);
}

static void sc_tracker_new(const harden_kind *k, uint64_t n)
{
    (void)k;
    cxkpi_fcr_tracker *t = SENTINEL;
    arm(n);
    cxkpi_status st = cxkpi_fcr_tracker_new(&t, TRACKER_WINDOW, TRACKER_LATE);
    disarm();
    check_status(st, n);
    if (st == CXKPI_OK)
        cxkpi_fcr_tracker_free(t);
    else
        assert_ptr_equal(t, SENTINEL);
}

static void sc_tracker_clone_and_deserialize(const harden_kind *k, uint64_t n)
{
    (void)k;
    cxkpi_fcr_tracker *t = tracker_fed(300, 21), *c = SENTINEL, *d = SENTINEL;
    size_t size, written;
    assert_int_equal(cxkpi_fcr_tracker_serialized_size(t, &size), CXKPI_OK);
    uint8_t *bytes = malloc(size);
    assert_int_equal(cxkpi_fcr_tracker_serialize(t, bytes, size, &written), CXKPI_OK);
    arm_scenario(n);
    cxkpi_status st = cxkpi_fcr_tracker_clone(t, &c);
    if (st == CXKPI_OK)
        st = cxkpi_fcr_tracker_deserialize(&d, bytes, size);
    end_scenario();
    check_status(st, n);
    if (c != SENTINEL) {
        tracker_assert_same(t, c);
        cxkpi_fcr_tracker_free(c);
    }
    if (d != SENTINEL) {
        tracker_assert_same(t, d);
        cxkpi_fcr_tracker_free(d);
    }
    assert_true(st == CXKPI_OK || c == SENTINEL || d == SENTINEL);
    free(bytes);
    cxkpi_fcr_tracker_free(t);
}

/* Contacts one by one (the table and the heap grow and shrink), then a batch, a flush far
 * ahead and finish: each call that fails changes nothing and is repeated; the end state
 * must be that of a tracker that never failed. */
static void sc_tracker_feed(const harden_kind *k, uint64_t n)
{
    (void)k;
    cxkpi_fcr_tracker *t = NULL, *want = tracker_fed(TRACKER_CONTACTS, 22);
    assert_int_equal(cxkpi_fcr_tracker_new(&t, TRACKER_WINDOW, TRACKER_LATE), CXKPI_OK);
    uint64_t rng = 22, key[TRACKER_CONTACTS];
    int64_t at[TRACKER_CONTACTS];
    hk_tracker_contacts(&rng, TRACKER_CONTACTS, 50, 30, TRACKER_LATE, key, at);
    const size_t batch = 100, single = TRACKER_CONTACTS - batch;
    assert_int_equal(cxkpi_fcr_tracker_add_many(want, NULL, NULL, 0), CXKPI_OK);
    int failures = 0;
    arm_scenario(n);
    for (size_t i = 0; i <= single + 2; i++) {
        uint64_t before[HK_TRACKER_FP], after[HK_TRACKER_FP];
        pause_injection();
        assert_true(hk_tracker_fingerprint(t, before));
        resume_injection();
        cxkpi_status st;
        for (int attempt = 0;; attempt++) {
            if (i < single)
                st = cxkpi_fcr_tracker_add(t, key[i], at[i]);
            else if (i == single)
                st = cxkpi_fcr_tracker_add_many(t, key + single, at + single, batch);
            else if (i == single + 1)
                st = cxkpi_fcr_tracker_flush(t, at[TRACKER_CONTACTS - 1] + TRACKER_WINDOW / 2);
            else
                st = cxkpi_fcr_tracker_finish(t);
            if (st != CXKPI_ENOMEM)
                break;
            assert_int_equal(attempt, 0);
            failures++;
            pause_injection();
            assert_true(hk_tracker_fingerprint(t, after));
            assert_memory_equal(before, after, sizeof before);
            resume_injection();
        }
        assert_int_equal(st, CXKPI_OK);
    }
    end_scenario();
    assert_true(failures <= 1);
    assert_int_equal(cxkpi_fcr_tracker_flush(want, at[TRACKER_CONTACTS - 1] + TRACKER_WINDOW / 2),
                     CXKPI_OK);
    assert_int_equal(cxkpi_fcr_tracker_finish(want), CXKPI_OK);
    tracker_assert_same(t, want);
    cxkpi_fcr_tracker_free(t);
    cxkpi_fcr_tracker_free(want);
}

static const scenario tracker_scenarios[] = {
    {"new", sc_tracker_new},
    {"clone + deserialize", sc_tracker_clone_and_deserialize},
    {"add, add_many, flush, finish", sc_tracker_feed},
};

static void inject_tracker(void **state)
{
    (void)state;
    run_scenarios("fcr_tracker", NULL, tracker_scenarios,
                  sizeof tracker_scenarios / sizeof tracker_scenarios[0]);
}

/* The seam itself: the nth call fails, the others do not, and the count restarts. */
static void seam_counts_and_fails_the_nth_call(void **state)
{
    (void)state;
    cxkpi__alloc_fail_arm(2);
    void *a = cxkpi__alloc(8), *b = cxkpi__alloc(8), *c = cxkpi__alloc_zeroed(2, 8);
    assert_non_null(a);
    assert_null(b);
    assert_non_null(c);
    assert_int_equal(cxkpi__alloc_fail_calls(), 3);
    cxkpi__alloc_fail_arm(0);
    assert_int_equal(cxkpi__alloc_fail_calls(), 0);
    cxkpi__free(a);
    cxkpi__free(c);
}

int main(void)
{
    struct CMUnitTest tests[16 + 3];
    size_t t = 0;
    tests[t++] = (struct CMUnitTest)cmocka_unit_test(seam_counts_and_fails_the_nth_call);
    for (size_t i = 0; i < harden_kind_count && t < 17; i++) {
        struct CMUnitTest u = cmocka_unit_test_prestate(inject_every_allocation,
                                                        (void *)&harden_kinds[i]);
        u.name = harden_kinds[i].name;
        tests[t++] = u;
    }
    tests[t++] = (struct CMUnitTest)cmocka_unit_test(inject_calendar);
    tests[t++] = (struct CMUnitTest)cmocka_unit_test(inject_tracker);
    int failed = _cmocka_run_group_tests("alloc_fail", tests, t, NULL, NULL);
    printf("alloc-fail: %lu allocation point(s) injected over %zu kinds x %zu scenarios "
           "and %zu calendar + %zu tracker scenarios\n",
           total_points, harden_kind_count, sizeof scenarios / sizeof scenarios[0],
           sizeof calendar_scenarios / sizeof calendar_scenarios[0],
           sizeof tracker_scenarios / sizeof tracker_scenarios[0]);
    return failed;
}
