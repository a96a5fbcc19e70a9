/* Threads (cxkpi/common.h: accumulators are not locked; one per thread, then merge; functions
 * taking a const handle may run concurrently on one handle). scripts/harden.sh runs this
 * under ThreadSanitizer; it is also an ordinary unit test.
 * - THREADS workers each feed their own accumulator of every kind and merge it into a
 *   shared one under a mutex, ROUNDS times; the shared total must equal the sum.
 * - THREADS readers call every const getter and serialize one shared accumulator at once;
 *   every reader must see the same bytes.
 * - THREADS readers query one business-hours calendar (elapsed, add, utc_offset), and one
 *   FCR tracker (results, open, watermark, serialized size, clone + finish). */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harden_kinds.h"
#include "helpers.h"

#define THREADS 4
#define ROUNDS 20
#define EVENTS 500

typedef struct shared {
    const harden_kind *k;
    pthread_mutex_t lock;
    void *total;
} shared;

typedef struct worker {
    shared *sh;
    uint64_t seed;
    uint64_t fed;
    int ok;
} worker;

static void *feed_and_merge(void *arg)
{
    worker *w = arg;
    const harden_kind *k = w->sh->k;
    uint64_t rng = w->seed;
    w->ok = 1;
    for (int r = 0; r < ROUNDS; r++) {
        void *mine = NULL;
        if (k->make(&mine) != CXKPI_OK) {
            w->ok = 0;
            return NULL;
        }
        for (int i = 0; i < EVENTS; i++) {
            hk_event e = k->random_event(&rng);
            if (k->add(mine, e) == CXKPI_OK)
                w->fed += hk_weight(k, e);
            else
                w->ok = 0;
        }
        w->ok &= k->results_ok(mine);
        pthread_mutex_lock(&w->sh->lock);
        w->ok &= k->merge(w->sh->total, mine) == CXKPI_OK;
        pthread_mutex_unlock(&w->sh->lock);
        k->destroy(mine);
    }
    return NULL;
}

static void workers_merge_under_a_mutex(void **state)
{
    const harden_kind *k = *state;
    shared sh = {.k = k};
    assert_int_equal(pthread_mutex_init(&sh.lock, NULL), 0);
    assert_int_equal(k->make(&sh.total), CXKPI_OK);
    pthread_t tid[THREADS];
    worker w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (worker){.sh = &sh, .seed = 1000u + (uint64_t)i};
        assert_int_equal(pthread_create(&tid[i], NULL, feed_and_merge, &w[i]), 0);
    }
    uint64_t fed = 0;
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(tid[i], NULL), 0);
        assert_true(w[i].ok);
        fed += w[i].fed;
    }
    assert_int_equal(k->count(sh.total), fed);
    assert_true(k->results_ok(sh.total));
    k->destroy(sh.total);
    pthread_mutex_destroy(&sh.lock);
}

typedef struct reader {
    const harden_kind *k;
    const void *acc;
    const uint8_t *expect;
    size_t n;
    int ok;
} reader;

static void *read_concurrently(void *arg)
{
    reader *r = arg;
    r->ok = 1;
    for (int i = 0; i < 200; i++) {
        r->ok &= r->k->results_ok(r->acc);
        r->ok &= hk_is(r->k, r->acc, r->expect, r->n);
        void *copy = NULL;
        r->ok &= r->k->clone(r->acc, &copy) == CXKPI_OK;
        r->k->destroy(copy);
    }
    return NULL;
}

static void const_getters_run_concurrently(void **state)
{
    const harden_kind *k = *state;
    void *acc = NULL;
    assert_int_equal(k->make(&acc), CXKPI_OK);
    uint64_t rng = 77;
    for (int i = 0; i < 2000; i++)
        assert_int_equal(k->add(acc, k->random_event(&rng)), CXKPI_OK);
    size_t n;
    uint8_t *expect = hk_bytes(k, acc, &n);
    assert_non_null(expect);
    pthread_t tid[THREADS];
    reader r[THREADS];
    for (int i = 0; i < THREADS; i++) {
        r[i] = (reader){.k = k, .acc = acc, .expect = expect, .n = n};
        assert_int_equal(pthread_create(&tid[i], NULL, read_concurrently, &r[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(tid[i], NULL), 0);
        assert_true(r[i].ok);
    }
    free(expect);
    k->destroy(acc);
}

/* Calendars: elapsed() and add() take a const calendar and may run concurrently on one
 * (include/cxkpi/calendar.h). Every reader recomputes answers known beforehand. */
#define CAL_QUERIES 64

typedef struct cal_reader {
    const cxkpi_calendar *cal;
    const int64_t *start, *end, *elapsed, *due;
    int ok;
} cal_reader;

static void *cal_read(void *arg)
{
    cal_reader *r = arg;
    r->ok = 1;
    for (int round = 0; round < 20; round++)
        for (int i = 0; i < CAL_QUERIES; i++) {
            int64_t e = -1, d = -1;
            int32_t off;
            r->ok &= cxkpi_calendar_elapsed(r->cal, r->start[i], r->end[i], &e) == CXKPI_OK &&
                     e == r->elapsed[i];
            r->ok &= cxkpi_calendar_add(r->cal, r->start[i], 3 * 3600, &d) == CXKPI_OK &&
                     d == r->due[i];
            r->ok &= cxkpi_calendar_utc_offset(r->cal, r->start[i], &off) == CXKPI_OK;
        }
    return NULL;
}

static void calendar_queries_run_concurrently(void **state)
{
    (void)state;
    const char *dir = getenv("CXKPI_TEST_TZDIR");
    if (dir)
        assert_int_equal(setenv("TZDIR", dir, 1), 0);
    static const char text[] = "tz America/New_York\nmon-fri 09:00-17:00\nsat 10:00-12:00\n"
                               "holiday 2026-12-25\nclosed 2026-12-24 12:00-24:00\n";
    cxkpi_calendar *cal = NULL;
    assert_int_equal(cxkpi_calendar_parse(&cal, text, sizeof text - 1, NULL), CXKPI_OK);
    int64_t start[CAL_QUERIES], end[CAL_QUERIES], elapsed[CAL_QUERIES], due[CAL_QUERIES];
    uint64_t rng = 5;
    for (int i = 0; i < CAL_QUERIES; i++) {
        start[i] = 1767225600 + (int64_t)(test_rand(&rng) % (400 * 86400));
        end[i] = start[i] + (int64_t)(test_rand(&rng) % (30 * 86400));
        assert_int_equal(cxkpi_calendar_elapsed(cal, start[i], end[i], &elapsed[i]), CXKPI_OK);
        assert_int_equal(cxkpi_calendar_add(cal, start[i], 3 * 3600, &due[i]), CXKPI_OK);
    }
    pthread_t tid[THREADS];
    cal_reader r[THREADS];
    for (int i = 0; i < THREADS; i++) {
        r[i] = (cal_reader){cal, start, end, elapsed, due, 0};
        assert_int_equal(pthread_create(&tid[i], NULL, cal_read, &r[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(tid[i], NULL), 0);
        assert_true(r[i].ok);
    }
    cxkpi_calendar_free(cal);
}

/* The FCR tracker: const getters (results, open, watermark, serialize, clone) on one
 * tracker from every thread at once. */
typedef struct tracker_reader {
    const cxkpi_fcr_tracker *t;
    const uint64_t *expect;
    int ok;
} tracker_reader;

static void *tracker_read(void *arg)
{
    tracker_reader *r = arg;
    r->ok = 1;
    for (int i = 0; i < 100; i++) {
        uint64_t fp[HK_TRACKER_FP];
        r->ok &= hk_tracker_fingerprint(r->t, fp) && memcmp(fp, r->expect, sizeof fp) == 0;
    }
    return NULL;
}

static void tracker_getters_run_concurrently(void **state)
{
    (void)state;
    cxkpi_fcr_tracker *t = NULL;
    assert_int_equal(cxkpi_fcr_tracker_new(&t, 600, 60), CXKPI_OK);
    uint64_t rng = 8, key[500];
    int64_t at[500];
    hk_tracker_contacts(&rng, 500, 40, 20, 60, key, at);
    assert_int_equal(cxkpi_fcr_tracker_add_many(t, key, at, 500), CXKPI_OK);
    uint64_t expect[HK_TRACKER_FP];
    assert_true(hk_tracker_fingerprint(t, expect));
    pthread_t tid[THREADS];
    tracker_reader r[THREADS];
    for (int i = 0; i < THREADS; i++) {
        r[i] = (tracker_reader){t, expect, 0};
        assert_int_equal(pthread_create(&tid[i], NULL, tracker_read, &r[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(tid[i], NULL), 0);
        assert_true(r[i].ok);
    }
    cxkpi_fcr_tracker_free(t);
}

int main(void)
{
    static struct CMUnitTest tests[32];
    static char names[32][64];
    size_t t = 0;
    for (size_t i = 0; i < harden_kind_count && t + 4 <= 32; i++) {
        void *k = (void *)&harden_kinds[i];
        struct CMUnitTest u = cmocka_unit_test_prestate(workers_merge_under_a_mutex, k);
        struct CMUnitTest v = cmocka_unit_test_prestate(const_getters_run_concurrently, k);
        snprintf(names[t], sizeof names[t], "%s: workers merge under a mutex", harden_kinds[i].name);
        u.name = names[t];
        tests[t++] = u;
        snprintf(names[t], sizeof names[t], "%s: concurrent const getters", harden_kinds[i].name);
        v.name = names[t];
        tests[t++] = v;
    }
    tests[t++] = (struct CMUnitTest)cmocka_unit_test(calendar_queries_run_concurrently);
    tests[t++] = (struct CMUnitTest)cmocka_unit_test(tracker_getters_run_concurrently);
    return _cmocka_run_group_tests("threads", tests, t, NULL, NULL);
}
