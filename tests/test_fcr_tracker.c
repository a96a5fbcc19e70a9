/* Repeat-contact tracker. Episodes are worked out by hand from the definition in
 * cxkpi/fcr_tracker.h (sort a key's contacts; an episode is every contact in
 * [first, first + W); one contact = resolved on first contact), and, for long random
 * streams, by a brute-force reference written here that sorts all contacts. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h" /* the injection hooks, in the -Dalloc_fail_injection build */
#include "cxkpi.h"
#include "helpers.h"

static cxkpi_fcr_tracker *new_tracker(int64_t w, int64_t l)
{
    cxkpi_fcr_tracker *t = NULL;
    assert_int_equal(cxkpi_fcr_tracker_new(&t, w, l), CXKPI_OK);
    assert_non_null(t);
    return t;
}

static void add_ok(cxkpi_fcr_tracker *t, uint64_t key, int64_t ts)
{
    assert_int_equal(cxkpi_fcr_tracker_add(t, key, ts), CXKPI_OK);
}

/* Finalized issues and how many were resolved on first contact. */
static void assert_results(const cxkpi_fcr_tracker *t, uint64_t issues, uint64_t resolved)
{
    const cxkpi_fcr *r = NULL;
    assert_int_equal(cxkpi_fcr_tracker_results(t, &r), CXKPI_OK);
    uint64_t n, fcr, esc, reo, exc;
    assert_int_equal(cxkpi_fcr_counts(r, &n, &fcr, &esc, &reo, &exc), CXKPI_OK);
    assert_int_equal(n, issues);
    assert_int_equal(fcr, resolved);
    assert_int_equal(esc + reo + exc, 0); /* the tracker sets no other flag */
}

static void assert_open(const cxkpi_fcr_tracker *t, uint64_t episodes, uint64_t keys)
{
    uint64_t e, k;
    assert_int_equal(cxkpi_fcr_tracker_open(t, &e, &k), CXKPI_OK);
    assert_int_equal(e, episodes);
    assert_int_equal(k, keys);
}

static size_t memory_of(const cxkpi_fcr_tracker *t)
{
    size_t bytes;
    assert_int_equal(cxkpi_fcr_tracker_memory_usage(t, &bytes), CXKPI_OK);
    return bytes;
}

/* Published FNV-1a 64 vectors, and a reference loop for other strings. */
static void key_from_bytes_is_fnv1a(void **state)
{
    (void)state;
    uint64_t k;
    assert_int_equal(cxkpi_fcr_key_from_bytes("", 0, &k), CXKPI_OK);
    assert_true(k == 0xcbf29ce484222325ull);
    assert_int_equal(cxkpi_fcr_key_from_bytes(NULL, 0, &k), CXKPI_OK);
    assert_true(k == 0xcbf29ce484222325ull);
    assert_int_equal(cxkpi_fcr_key_from_bytes("a", 1, &k), CXKPI_OK);
    assert_true(k == 0xaf63dc4c8601ec8cull);
    assert_int_equal(cxkpi_fcr_key_from_bytes("foobar", 6, &k), CXKPI_OK);
    assert_true(k == 0x85944171f73967e8ull);
    /* "a" by hand: (0xcbf29ce484222325 ^ 0x61) * 0x100000001b3 mod 2^64 */
    uint64_t by_hand = (0xcbf29ce484222325ull ^ 0x61u) * 0x100000001b3ull;
    assert_true(by_hand == 0xaf63dc4c8601ec8cull);
    const char *id = "customer-42@example.com";
    uint64_t h = 0xcbf29ce484222325ull;
    for (const char *p = id; *p; p++)
        h = (h ^ (uint8_t)*p) * 0x100000001b3ull;
    assert_int_equal(cxkpi_fcr_key_from_bytes(id, strlen(id), &k), CXKPI_OK);
    assert_true(k == h);
    k = 5;
    assert_int_equal(cxkpi_fcr_key_from_bytes(NULL, 1, &k), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_key_from_bytes("a", 1, NULL), CXKPI_EINVAL);
    assert_int_equal(k, 5);
}

/* W = 100, L = 0. Key 1: contacts at 0 and 99 (= W - 1): one episode, a repeat.
 * Key 2: contacts at 0, 100 (exactly first + W) and 201 (first 100 + W + 1): three
 * episodes of one contact each. Episodes finalize when watermark >= first + 100. */
static void window_boundaries(void **state)
{
    (void)state;
    cxkpi_fcr_tracker *t = new_tracker(100, 0);
    add_ok(t, 1, 0);
    add_ok(t, 2, 0);
    assert_open(t, 2, 2);
    add_ok(t, 1, 99);
    assert_results(t, 0, 0);
    assert_open(t, 2, 2);
    /* watermark 100: key 1 (0..99, repeated) and key 2's first episode (0, alone) are due
     * and finalized before the contact at 100 opens key 2's second episode */
    add_ok(t, 2, 100);
    assert_results(t, 2, 1);
    assert_open(t, 1, 1);
    /* watermark 201: key 2's episode at 100 (due at 200) is finalized, 201 opens a third */
    add_ok(t, 2, 201);
    assert_results(t, 3, 2);
    assert_open(t, 1, 1);
    int64_t wm;
    assert_int_equal(cxkpi_fcr_tracker_watermark(t, &wm), CXKPI_OK);
    assert_int_equal(wm, 201);
    assert_int_equal(cxkpi_fcr_tracker_finish(t), CXKPI_OK);
    /* 4 issues, 3 resolved on first contact: 75 % */
    assert_results(t, 4, 3);
    assert_open(t, 0, 0);
    const cxkpi_fcr *r;
    double pct;
    assert_int_equal(cxkpi_fcr_tracker_results(t, &r), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_percent(r, &pct), CXKPI_OK);
    assert_true(pct == 75.0);
    cxkpi_fcr_tracker_free(t);

    /* with lateness the episode at 0 is still open at 100: exactly first + W opens a new
     * episode, first + W - 1 repeats. W = 100, L = 10: key 3: {0}, {100}; key 4: {0, 99} */
    t = new_tracker(100, 10);
    add_ok(t, 3, 0);
    add_ok(t, 4, 0);
    add_ok(t, 4, 99);
    add_ok(t, 3, 100);
    assert_open(t, 3, 2);
    assert_int_equal(cxkpi_fcr_tracker_finish(t), CXKPI_OK);
    assert_results(t, 3, 2);
    cxkpi_fcr_tracker_free(t);

    /* the same boundary one second either side: W = 7 days; a contact at W - 1 repeats,
     * at W + 1 opens a new episode */
    const int64_t week = 7 * 86400;
    t = new_tracker(week, 3600);
    add_ok(t, 10, 1000);
    add_ok(t, 11, 1000);
    add_ok(t, 10, 1000 + week - 1); /* repeat */
    add_ok(t, 11, 1000 + week + 1); /* new episode */
    assert_open(t, 3, 2); /* key 11 has two open episodes: the first is due at 1000 + W + L */
    assert_int_equal(cxkpi_fcr_tracker_finish(t), CXKPI_OK);
    assert_results(t, 3, 2); /* key 10: {1000, W-1} repeat; key 11: two single contacts */
    cxkpi_fcr_tracker_free(t);
}

/* W = 100, L = 30: out-of-order contacts within the lateness. Key 9:
 *   0      opens A                               open: A(0)
 *   110    110 - 0 >= W: opens B; A (due 130) stays open: key 9 has two open episodes
 *   90     late (>= 110 - 30): inside A's window: A repeated
 *   105    late: not in A's window (105 - 0 >= W), before B: it becomes B's first; B repeated
 * Sorted: 0, 90, 105, 110 -> {0, 90}, {105, 110}: two episodes, neither resolved.
 * Key 5: 100, then late 95: 95 becomes the first contact: {95, 100}, repeated.
 * Key 6: 120 alone: resolved. */
static void out_of_order_within_lateness(void **state)
{
    (void)state;
    cxkpi_fcr_tracker *t = new_tracker(100, 30);
    add_ok(t, 9, 0);
    add_ok(t, 9, 110);
    assert_open(t, 2, 1);
    add_ok(t, 9, 90);
    add_ok(t, 9, 105);
    add_ok(t, 5, 100);
    add_ok(t, 6, 120);
    add_ok(t, 5, 95);
    assert_results(t, 0, 0);
    assert_open(t, 4, 3);
    /* flush(130): A's deadline 0 + 100 + 30 = 130 -> finalized (repeated) */
    assert_int_equal(cxkpi_fcr_tracker_flush(t, 130), CXKPI_OK);
    assert_results(t, 1, 0);
    assert_open(t, 3, 3);
    /* too late: 99 < 130 - 30 = 100 -> EORDER, nothing changes */
    test_bytes before;
    TEST_SNAPSHOT(fcr_tracker, t, before);
    assert_int_equal(cxkpi_fcr_tracker_add(t, 9, 99), CXKPI_EORDER);
    assert_int_equal(cxkpi_fcr_tracker_add(t, 77, 0), CXKPI_EORDER);
    assert_int_equal(cxkpi_fcr_tracker_add(t, 9, CXKPI_FCR_TRACKER_TIME_MIN), CXKPI_EORDER);
    TEST_ASSERT_UNCHANGED(fcr_tracker, t, before);
    /* exactly watermark - L is accepted: 100 becomes B's first (sorted 0, 90 | 100, 105, 110) */
    add_ok(t, 9, 100);
    assert_open(t, 3, 3);
    /* flush(225): key 5 (95, due 225) finalized, repeated; key 6 (120, due 250) and
     * key 9's B (100, due 230) stay open */
    assert_int_equal(cxkpi_fcr_tracker_flush(t, 225), CXKPI_OK);
    assert_results(t, 2, 0);
    assert_open(t, 2, 2);
    /* flush(250): B (due 230) and key 6 (due 250) */
    assert_int_equal(cxkpi_fcr_tracker_flush(t, 250), CXKPI_OK);
    assert_results(t, 4, 1);
    assert_open(t, 0, 0);
    cxkpi_fcr_tracker_free(t);
}

/* W = 10, L = 2: an episode at 0 is due at 12. */
static void flush_and_finish(void **state)
{
    (void)state;
    cxkpi_fcr_tracker *t = new_tracker(10, 2);
    int64_t wm = 5;
    assert_int_equal(cxkpi_fcr_tracker_watermark(t, &wm), CXKPI_EEMPTY);
    assert_int_equal(wm, 5);
    add_ok(t, 1, 0);
    assert_int_equal(cxkpi_fcr_tracker_flush(t, 11), CXKPI_OK);
    assert_open(t, 1, 1);
    assert_results(t, 0, 0);
    assert_int_equal(cxkpi_fcr_tracker_flush(t, 12), CXKPI_OK);
    assert_open(t, 0, 0);
    assert_results(t, 1, 1);
    /* a flush below the watermark changes nothing */
    assert_int_equal(cxkpi_fcr_tracker_flush(t, 3), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_tracker_watermark(t, &wm), CXKPI_OK);
    assert_int_equal(wm, 12);
    /* the flush moved the watermark: 9 < 12 - 2 is too late, 10 is fine */
    assert_int_equal(cxkpi_fcr_tracker_add(t, 1, 9), CXKPI_EORDER);
    add_ok(t, 1, 10);
    add_ok(t, 2, 11);
    add_ok(t, 2, 12);
    assert_int_equal(cxkpi_fcr_tracker_finish(t), CXKPI_OK);
    /* {0}, {10}, {11, 12}: 3 issues, 2 resolved */
    assert_results(t, 3, 2);
    assert_open(t, 0, 0);
    /* after finish every contact is too late, until reset */
    assert_int_equal(cxkpi_fcr_tracker_add(t, 3, CXKPI_FCR_TRACKER_TIME_MAX), CXKPI_EORDER);
    assert_int_equal(cxkpi_fcr_tracker_reset(t), CXKPI_OK);
    assert_results(t, 0, 0);
    assert_int_equal(cxkpi_fcr_tracker_watermark(t, &wm), CXKPI_EEMPTY);
    add_ok(t, 3, CXKPI_FCR_TRACKER_TIME_MAX);
    add_ok(t, 3, CXKPI_FCR_TRACKER_TIME_MAX - 2); /* late by 2 = L: a repeat */
    assert_int_equal(cxkpi_fcr_tracker_finish(t), CXKPI_OK);
    assert_results(t, 1, 0);
    /* a flush on a fresh tracker sets the watermark */
    cxkpi_fcr_tracker *f = new_tracker(10, 2);
    assert_int_equal(cxkpi_fcr_tracker_flush(f, 100), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_tracker_add(f, 1, 97), CXKPI_EORDER);
    add_ok(f, 1, 98);
    cxkpi_fcr_tracker_free(f);
    cxkpi_fcr_tracker_free(t);
}

/* 20000 keys open at once, then every episode finalized: the open counts go back to 0
 * and the memory to a new tracker's floor. */
static void memory_returns_to_floor(void **state)
{
    (void)state;
    cxkpi_fcr_tracker *t = new_tracker(1000000, 0), *fresh = new_tracker(1000000, 0);
    const size_t floor = memory_of(fresh);
    for (uint64_t k = 0; k < 20000; k++)
        add_ok(t, k * 0x9E3779B97F4A7C15ull, (int64_t)k);
    assert_open(t, 20000, 20000);
    /* at least 20000 slots of 32 bytes and 20000 heap entries of 16 bytes */
    assert_true(memory_of(t) >= floor + 20000 * 48);
    assert_int_equal(cxkpi_fcr_tracker_flush(t, 1000000 + 9999), CXKPI_OK);
    assert_open(t, 10000, 10000); /* keys added at 0..9999 are due */
    assert_results(t, 10000, 10000);
    assert_int_equal(cxkpi_fcr_tracker_finish(t), CXKPI_OK);
    assert_open(t, 0, 0);
    assert_results(t, 20000, 20000);
    assert_int_equal(memory_of(t), floor);
    /* a rolling stream keeps memory proportional to the keys open within W: 200 keys per
     * window, 200000 contacts */
    cxkpi_fcr_tracker *r = new_tracker(200, 0);
    size_t peak = 0;
    for (int64_t i = 0; i < 200000; i++) {
        add_ok(r, (uint64_t)i, i);
        size_t m = memory_of(r);
        peak = m > peak ? m : peak;
    }
    assert_true(peak <= floor + 2048 * 32 + 1024 * 16);
    assert_int_equal(cxkpi_fcr_tracker_finish(r), CXKPI_OK);
    assert_int_equal(memory_of(r), floor);
    /* reset gives the memory back too */
    for (uint64_t k = 0; k < 5000; k++)
        add_ok(fresh, k, 0);
    assert_int_equal(cxkpi_fcr_tracker_reset(fresh), CXKPI_OK);
    assert_int_equal(memory_of(fresh), floor);
    assert_open(fresh, 0, 0);
    cxkpi_fcr_tracker_free(t);
    cxkpi_fcr_tracker_free(r);
    cxkpi_fcr_tracker_free(fresh);
}

/* The issue's scale: 10 million contacts over 1 million keys (W = 7 days, L = 1 h, about
 * 2 contacts per second with up to 10 min of jitter). Run under AddressSanitizer this is
 * the leak check; here it asserts the open episodes stay bounded by the keys and that
 * everything drains back to the floor. About 2 s optimized, 4 s under ASan. */
static void ten_million_contacts(void **state)
{
    (void)state;
    cxkpi_fcr_tracker *t = new_tracker(7 * 86400, 3600);
    const size_t floor = memory_of(t);
    uint64_t seed = 1, accepted = 0;
    int64_t ts = 0;
    for (long i = 0; i < 10000000; i++) {
        uint64_t r = test_rand(&seed);
        ts += (int64_t)(r & 1);
        add_ok(t, (r >> 8) % 1000000, ts - (int64_t)((r >> 40) % 600));
        accepted++;
    }
    uint64_t e, k;
    assert_int_equal(cxkpi_fcr_tracker_open(t, &e, &k), CXKPI_OK);
    assert_true(k > 0 && k <= 1000000 && e >= k && e <= 2 * k);
    /* 32-byte slots at most 3/4 full, 16-byte heap entries at most twice the episodes
     * (plus stale ones) */
    assert_true(memory_of(t) <= floor + 2 * 1048576 * 32 + 4 * 1048576 * 16);
    assert_int_equal(cxkpi_fcr_tracker_finish(t), CXKPI_OK);
    assert_open(t, 0, 0);
    assert_int_equal(memory_of(t), floor);
    const cxkpi_fcr *res;
    uint64_t n, f, x;
    assert_int_equal(cxkpi_fcr_tracker_results(t, &res), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_counts(res, &n, &f, &x, &x, &x), CXKPI_OK);
    /* about 10 contacts per key spread over ~58 days with W = 7 days: several episodes per
     * key, so well over 1e6 episodes, and fewer episodes than contacts */
    assert_true(n >= 1000000 && n < accepted && f < n);
    cxkpi_fcr_tracker_free(t);
}

/* ---- brute-force reference ---- */

typedef struct contact {
    uint64_t key;
    int64_t t;
} contact;

static int contact_cmp(const void *a, const void *b)
{
    const contact *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->t > y->t) - (x->t < y->t);
}

typedef struct ref_episode {
    int64_t first;
    int repeat;
} ref_episode;

/* Episodes of `n` accepted contacts by the definition: sort by key then time; walk. */
static size_t reference_episodes(contact *c, size_t n, ref_episode *out, int64_t w)
{
    qsort(c, n, sizeof *c, contact_cmp);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && i > 0 && c[i].key == c[i - 1].key && c[i].t < out[m - 1].first + w) {
            out[m - 1].repeat = 1;
            continue;
        }
        out[m].first = c[i].t;
        out[m].repeat = 0;
        m++;
    }
    return m;
}

typedef struct checkpoint {
    int64_t watermark;
    uint64_t issues, resolved;
} checkpoint;

/* 100000 contacts over 1000 keys, W = 1000, L = 200, times drifting forward with jitter;
 * some contacts too late (EORDER), some flushes. At checkpoints the tracker's finalized
 * counts must equal the reference episodes whose deadline first + W + L <= watermark; at
 * the end, after finish, every reference episode. Half way, the state is serialized and a
 * restored copy fed the rest must end identical. */
static void random_stream_matches_reference(void **state)
{
    (void)state;
    const int64_t W = 1000, L = 200;
    const size_t N = 100000;
    contact *accepted = malloc(N * sizeof *accepted);
    ref_episode *eps = malloc(N * sizeof *eps);
    checkpoint cps[64];
    size_t ncp = 0, na = 0, late = 0;
    cxkpi_fcr_tracker *t = new_tracker(W, L), *restored = NULL;
    uint64_t seed = 20261123;
    int64_t wm = 0, base = 0;
    for (size_t i = 0; i < N; i++) {
        base += (int64_t)(test_rand(&seed) % 3); /* about 1 s per contact */
        uint64_t key = test_rand(&seed) % 1000;
        int64_t ts = base - (int64_t)(test_rand(&seed) % (uint64_t)(L + 40));
        bool ok = i == 0 || ts >= wm - L;
        cxkpi_status st = cxkpi_fcr_tracker_add(t, key, ts);
        if (restored)
            assert_int_equal(cxkpi_fcr_tracker_add(restored, key, ts), st);
        if (!ok) {
            assert_int_equal(st, CXKPI_EORDER);
            late++;
            continue;
        }
        assert_int_equal(st, CXKPI_OK);
        accepted[na++] = (contact){key, ts};
        if (i == 0 || ts > wm)
            wm = ts;
        if (test_rand(&seed) % 5000 == 0) { /* a flush a little ahead of the data */
            int64_t now = wm + (int64_t)(test_rand(&seed) % 100);
            assert_int_equal(cxkpi_fcr_tracker_flush(t, now), CXKPI_OK);
            if (restored)
                assert_int_equal(cxkpi_fcr_tracker_flush(restored, now), CXKPI_OK);
            wm = now;
            base = base > now ? base : now;
        }
        if (i % 2000 == 1999 && ncp < 64) {
            const cxkpi_fcr *r;
            uint64_t a, b, c, d, e;
            assert_int_equal(cxkpi_fcr_tracker_results(t, &r), CXKPI_OK);
            assert_int_equal(cxkpi_fcr_counts(r, &a, &b, &c, &d, &e), CXKPI_OK);
            cps[ncp++] = (checkpoint){wm, a, b};
        }
        if (i == N / 2) {
            size_t size, written;
            assert_int_equal(cxkpi_fcr_tracker_serialized_size(t, &size), CXKPI_OK);
            uint8_t *buf = malloc(size);
            assert_int_equal(cxkpi_fcr_tracker_serialize(t, buf, size, &written), CXKPI_OK);
            assert_int_equal(cxkpi_fcr_tracker_deserialize(&restored, buf, written), CXKPI_OK);
            free(buf);
            uint64_t e1, k1, e2, k2;
            assert_int_equal(cxkpi_fcr_tracker_open(t, &e1, &k1), CXKPI_OK);
            assert_int_equal(cxkpi_fcr_tracker_open(restored, &e2, &k2), CXKPI_OK);
            assert_true(e1 == e2 && k1 == k2 && e1 > 0);
        }
    }
    assert_true(late > 1000 && late < N / 2); /* the stream did exercise EORDER */
    assert_int_equal(cxkpi_fcr_tracker_finish(t), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_tracker_finish(restored), CXKPI_OK);
    size_t m = reference_episodes(accepted, na, eps, W);
    uint64_t resolved = 0;
    for (size_t j = 0; j < m; j++)
        resolved += !eps[j].repeat;
    assert_true(resolved > m / 10 && resolved < m); /* both outcomes occur */
    assert_results(t, m, resolved);
    assert_results(restored, m, resolved);
    assert_open(t, 0, 0);
    for (size_t c = 0; c < ncp; c++) {
        uint64_t due = 0, due_resolved = 0;
        for (size_t j = 0; j < m; j++)
            if (eps[j].first + W + L <= cps[c].watermark) {
                due++;
                due_resolved += !eps[j].repeat;
            }
        assert_int_equal(cps[c].issues, due);
        assert_int_equal(cps[c].resolved, due_resolved);
    }
    free(accepted);
    free(eps);
    cxkpi_fcr_tracker_free(t);
    cxkpi_fcr_tracker_free(restored);
}

/* The lateness at its maximum (W - 1) and at 0, with a small key space: many repeats and
 * many keys holding two open episodes. */
static void random_extreme_lateness(void **state)
{
    (void)state;
    static const int64_t lat[2] = {0, 49};
    for (int v = 0; v < 2; v++) {
        const int64_t W = 50, L = lat[v];
        const size_t N = 20000;
        contact *accepted = malloc(N * sizeof *accepted);
        ref_episode *eps = malloc(N * sizeof *eps);
        size_t na = 0;
        cxkpi_fcr_tracker *t = new_tracker(W, L);
        uint64_t seed = 99 + (uint64_t)v;
        int64_t wm = 0, base = 1000;
        for (size_t i = 0; i < N; i++) {
            base += (int64_t)(test_rand(&seed) % 4);
            uint64_t key = test_rand(&seed) % 37;
            int64_t ts = base - (int64_t)(test_rand(&seed) % (uint64_t)(L + 1));
            cxkpi_status st = cxkpi_fcr_tracker_add(t, key, ts);
            if (na > 0 && ts < wm - L) {
                assert_int_equal(st, CXKPI_EORDER);
                continue;
            }
            assert_int_equal(st, CXKPI_OK);
            accepted[na++] = (contact){key, ts};
            wm = ts > wm ? ts : wm;
        }
        assert_int_equal(cxkpi_fcr_tracker_finish(t), CXKPI_OK);
        size_t m = reference_episodes(accepted, na, eps, W);
        uint64_t resolved = 0;
        for (size_t j = 0; j < m; j++)
            resolved += !eps[j].repeat;
        assert_results(t, m, resolved);
        free(accepted);
        free(eps);
        cxkpi_fcr_tracker_free(t);
    }
}

/* Batches give exactly what single adds give; a bad element anywhere fails the whole
 * batch and changes nothing. */
/* Deadlines of contacts in time order and of late contacts interleave: each is finalized
 * exactly when the watermark reaches it, whichever order the contacts came in, through
 * add_many and through single adds alike. W = 100, L = 50, so a deadline is first + 150:
 * key 1 at 100 (due 250), key 2 at 60 (late by 40 <= L; due 210), key 3 at 120 (due 270),
 * key 4 at 90 (late; due 240), key 1 again at 150 (150 - 100 < W: a repeat). */
static void late_and_in_order_deadlines_interleave(void **state)
{
    (void)state;
    const uint64_t keys[] = {1, 2, 3, 4, 1};
    const int64_t times[] = {100, 60, 120, 90, 150};
    for (int many = 0; many < 2; many++) {
        cxkpi_fcr_tracker *t = new_tracker(100, 50);
        if (many)
            assert_int_equal(cxkpi_fcr_tracker_add_many(t, keys, times, 5), CXKPI_OK);
        else
            for (size_t i = 0; i < 5; i++)
                add_ok(t, keys[i], times[i]);
        assert_open(t, 4, 4);
        assert_int_equal(cxkpi_fcr_tracker_flush(t, 209), CXKPI_OK);
        assert_results(t, 0, 0);
        assert_int_equal(cxkpi_fcr_tracker_flush(t, 210), CXKPI_OK); /* key 2 */
        assert_results(t, 1, 1);
        assert_int_equal(cxkpi_fcr_tracker_flush(t, 245), CXKPI_OK); /* key 4 */
        assert_results(t, 2, 2);
        assert_int_equal(cxkpi_fcr_tracker_flush(t, 250), CXKPI_OK); /* key 1, repeated */
        assert_results(t, 3, 2);
        assert_open(t, 1, 1);
        /* a contact in order after the late ones: key 5 at 260 (due 410), key 3 is due at
         * 270 */
        add_ok(t, 5, 260);
        assert_int_equal(cxkpi_fcr_tracker_flush(t, 270), CXKPI_OK);
        assert_results(t, 4, 3);
        assert_int_equal(cxkpi_fcr_tracker_flush(t, 409), CXKPI_OK);
        assert_open(t, 1, 1);
        assert_int_equal(cxkpi_fcr_tracker_flush(t, 410), CXKPI_OK);
        assert_results(t, 5, 4);
        assert_open(t, 0, 0);
        cxkpi_fcr_tracker_free(t);
    }
}

static void add_many_equals_single_adds(void **state)
{
    (void)state;
    enum { N = 30000 };
    uint64_t *keys = malloc(N * sizeof *keys);
    int64_t *times = malloc(N * sizeof *times);
    uint64_t seed = 5;
    int64_t base = 0;
    for (size_t i = 0; i < N; i++) { /* late by at most 20 <= L: always accepted */
        base += (int64_t)(test_rand(&seed) % 3);
        keys[i] = test_rand(&seed) % 300;
        times[i] = base - (int64_t)(test_rand(&seed) % 21);
    }
    cxkpi_fcr_tracker *one = new_tracker(500, 20), *many = new_tracker(500, 20);
    for (size_t i = 0; i < N; i++)
        add_ok(one, keys[i], times[i]);
    for (size_t i = 0, len = 0; i < N; i += len) {
        len = 1 + (size_t)(test_rand(&seed) % 2000);
        len = len > N - i ? N - i : len;
        assert_int_equal(cxkpi_fcr_tracker_add_many(many, keys + i, times + i, len), CXKPI_OK);
    }
    uint64_t e1, k1, e2, k2;
    assert_int_equal(cxkpi_fcr_tracker_open(one, &e1, &k1), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_tracker_open(many, &e2, &k2), CXKPI_OK);
    assert_true(e1 == e2 && k1 == k2);
    assert_int_equal(cxkpi_fcr_tracker_finish(one), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_tracker_finish(many), CXKPI_OK);
    const cxkpi_fcr *r1, *r2;
    uint64_t n1, f1, n2, f2, x;
    assert_int_equal(cxkpi_fcr_tracker_results(one, &r1), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_tracker_results(many, &r2), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_counts(r1, &n1, &f1, &x, &x, &x), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_counts(r2, &n2, &f2, &x, &x, &x), CXKPI_OK);
    assert_true(n1 == n2 && f1 == f2 && n1 > 0);

    /* atomic failures: W = 100, L = 10, watermark 50 */
    cxkpi_fcr_tracker *t = new_tracker(100, 10);
    add_ok(t, 1, 50);
    test_bytes before;
    TEST_SNAPSHOT(fcr_tracker, t, before);
    const uint64_t k[3] = {1, 2, 3};
    /* 39 < 50 - 10 */
    assert_int_equal(cxkpi_fcr_tracker_add_many(t, k, (const int64_t[]){60, 55, 39}, 3),
                     CXKPI_EORDER);
    /* fine against the current watermark, too late after the batch's own 80: 69 < 70 */
    assert_int_equal(cxkpi_fcr_tracker_add_many(t, k, (const int64_t[]){80, 70, 69}, 3),
                     CXKPI_EORDER);
    assert_int_equal(cxkpi_fcr_tracker_add_many(
                         t, k, (const int64_t[]){60, 61, CXKPI_FCR_TRACKER_TIME_MAX + 1}, 3),
                     CXKPI_ERANGE);
    TEST_ASSERT_UNCHANGED(fcr_tracker, t, before);
    /* the same batches minus the bad element are fine: 80, 70 */
    assert_int_equal(cxkpi_fcr_tracker_add_many(t, k, (const int64_t[]){80, 70}, 2), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_tracker_add_many(t, NULL, NULL, 0), CXKPI_OK);
    assert_open(t, 2, 2); /* key 1 {50, 80}, key 2 {70} */
    cxkpi_fcr_tracker_free(t);
    free(keys);
    free(times);
    cxkpi_fcr_tracker_free(one);
    cxkpi_fcr_tracker_free(many);
}

#ifdef CXKPI_ALLOC_FAIL_INJECTION
/* Every allocation that can fail, failing: ENOMEM, and nothing changes. Runs in the
 * allocation-failure injection build (-Dalloc_fail_injection=true, scripts/harden.sh):
 * fail_at(k) makes the library's k-th allocation from now fail, never_fail() disarms. */
static void fail_at(uint64_t k) { cxkpi__alloc_fail_arm(k); }
static void never_fail(void) { cxkpi__alloc_fail_arm(0); }

static void allocation_failures_change_nothing(void **state)
{
    (void)state;
    cxkpi_fcr_tracker *sentinel = (cxkpi_fcr_tracker *)&sentinel, *out = sentinel;
    for (uint64_t k = 1; k <= 3; k++) { /* the struct, the table, the heap */
        fail_at(k);
        assert_int_equal(cxkpi_fcr_tracker_new(&out, 10, 0), CXKPI_ENOMEM);
        assert_ptr_equal(out, sentinel);
    }
    never_fail();
    /* table growth: 12 keys fill 16 slots to 3/4, the 13th key needs 32 */
    cxkpi_fcr_tracker *t = new_tracker(1000, 0);
    for (uint64_t k = 0; k < 12; k++)
        add_ok(t, k, (int64_t)k);
    test_bytes before;
    TEST_SNAPSHOT(fcr_tracker, t, before);
    fail_at(1);
    assert_int_equal(cxkpi_fcr_tracker_add(t, 100, 20), CXKPI_ENOMEM);
    fail_at(1);
    assert_int_equal(
        cxkpi_fcr_tracker_add_many(t, (const uint64_t[]){100}, (const int64_t[]){20}, 1),
        CXKPI_ENOMEM);
    never_fail();
    TEST_ASSERT_UNCHANGED(fcr_tracker, t, before);
    for (uint64_t k = 12; k < 16; k++) /* 16 deadlines fill the 16-entry heap */
        add_ok(t, k, (int64_t)k);
    TEST_SNAPSHOT(fcr_tracker, t, before);
    fail_at(1);
    assert_int_equal(cxkpi_fcr_tracker_add(t, 100, 20), CXKPI_ENOMEM); /* heap growth */
    /* a repeat needs no new key, but a deadline slot is reserved for every contact */
    fail_at(1);
    assert_int_equal(cxkpi_fcr_tracker_add(t, 1, 20), CXKPI_ENOMEM);
    never_fail();
    TEST_ASSERT_UNCHANGED(fcr_tracker, t, before);
    add_ok(t, 100, 20);
    /* clone and deserialize: the struct, the table, the heap */
    size_t size, written;
    assert_int_equal(cxkpi_fcr_tracker_serialized_size(t, &size), CXKPI_OK);
    uint8_t *buf = malloc(size);
    assert_int_equal(cxkpi_fcr_tracker_serialize(t, buf, size, &written), CXKPI_OK);
    for (uint64_t k = 1; k <= 3; k++) {
        fail_at(k);
        assert_int_equal(cxkpi_fcr_tracker_clone(t, &out), CXKPI_ENOMEM);
        fail_at(k);
        assert_int_equal(cxkpi_fcr_tracker_deserialize(&out, buf, written), CXKPI_ENOMEM);
        assert_ptr_equal(out, sentinel);
    }
    never_fail();
    free(buf);
    /* shrinking is best-effort: when the first allocation of the rebuild fails, everything
     * is still finalized, the larger arrays are kept, and the next call gives them back */
    cxkpi_fcr_tracker *fresh = new_tracker(1000, 0);
    const size_t floor = memory_of(fresh);
    cxkpi_fcr_tracker_free(fresh);
    fail_at(1);
    assert_int_equal(cxkpi_fcr_tracker_finish(t), CXKPI_OK);
    assert_open(t, 0, 0);
    assert_results(t, 17, 17);
    assert_true(memory_of(t) > floor);
    never_fail();
    assert_int_equal(cxkpi_fcr_tracker_flush(t, 0), CXKPI_OK);
    assert_int_equal(memory_of(t), floor);
    cxkpi_fcr_tracker_free(t);
    /* the outcomes accumulator: new, clone, deserialize */
    cxkpi_fcr *fsent = (cxkpi_fcr *)&fsent, *fout = fsent, *f = NULL;
    fail_at(1);
    assert_int_equal(cxkpi_fcr_new(&fout), CXKPI_ENOMEM);
    never_fail();
    assert_int_equal(cxkpi_fcr_new(&f), CXKPI_OK);
    uint8_t fbuf[92];
    assert_int_equal(cxkpi_fcr_serialize(f, fbuf, sizeof fbuf, &written), CXKPI_OK);
    fail_at(1);
    assert_int_equal(cxkpi_fcr_clone(f, &fout), CXKPI_ENOMEM);
    fail_at(1);
    assert_int_equal(cxkpi_fcr_deserialize(&fout, fbuf, written), CXKPI_ENOMEM);
    never_fail();
    assert_ptr_equal(fout, fsent);
    cxkpi_fcr_free(f);
}
#endif

static void clone_and_results_pointer(void **state)
{
    (void)state;
    cxkpi_fcr_tracker *t = new_tracker(100, 10), *c = NULL;
    add_ok(t, 1, 0);
    add_ok(t, 2, 5);
    add_ok(t, 2, 50);
    assert_int_equal(cxkpi_fcr_tracker_clone(t, &c), CXKPI_OK);
    const cxkpi_fcr *r = NULL;
    assert_int_equal(cxkpi_fcr_tracker_results(t, &r), CXKPI_OK);
    /* the clone moves on alone: key 1 repeats only in the clone */
    add_ok(c, 1, 60);
    assert_int_equal(cxkpi_fcr_tracker_finish(t), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_tracker_finish(c), CXKPI_OK);
    assert_results(t, 2, 1); /* {0} resolved, {5, 50} not */
    assert_results(c, 2, 0); /* {0, 60}, {5, 50} */
    /* the borrowed pointer follows the tracker; merge it into an outside accumulator */
    uint64_t n, f, x;
    assert_int_equal(cxkpi_fcr_counts(r, &n, &f, &x, &x, &x), CXKPI_OK);
    assert_int_equal(n, 2);
    cxkpi_fcr *total = NULL;
    assert_int_equal(cxkpi_fcr_new(&total), CXKPI_OK);
    const cxkpi_fcr *rc;
    assert_int_equal(cxkpi_fcr_tracker_results(c, &rc), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_merge(total, r), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_merge(total, rc), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_counts(total, &n, &f, &x, &x, &x), CXKPI_OK);
    assert_int_equal(n, 4);
    assert_int_equal(f, 1);
    int64_t w, l;
    assert_int_equal(cxkpi_fcr_tracker_config(c, &w, &l), CXKPI_OK);
    assert_true(w == 100 && l == 10);
    cxkpi_fcr_free(total);
    cxkpi_fcr_tracker_free(t);
    cxkpi_fcr_tracker_free(c);
}

static void invalid_configurations_and_times(void **state)
{
    (void)state;
    cxkpi_fcr_tracker *t = (cxkpi_fcr_tracker *)&t;
    cxkpi_fcr_tracker *const sentinel = t;
    static const int64_t bad[][2] = {
        {0, 0}, {-1, 0}, {10, 10}, {10, 11}, {10, -1}, {INT64_MIN, 0}, {INT64_MAX, 0},
        {CXKPI_FCR_TRACKER_WINDOW_MAX + 1, 0}, {1, 1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(cxkpi_fcr_tracker_new(&t, bad[i][0], bad[i][1]), CXKPI_EINVAL);
        assert_ptr_equal(t, sentinel);
    }
    assert_int_equal(cxkpi_fcr_tracker_new(NULL, 10, 0), CXKPI_EINVAL);
    cxkpi_fcr_tracker *ok = new_tracker(CXKPI_FCR_TRACKER_WINDOW_MAX,
                                        CXKPI_FCR_TRACKER_WINDOW_MAX - 1);
    cxkpi_fcr_tracker_free(ok);
    ok = new_tracker(1, 0);
    add_ok(ok, 1, 5);
    test_bytes before;
    TEST_SNAPSHOT(fcr_tracker, ok, before);
    static const int64_t bad_t[] = {INT64_MIN, INT64_MAX, CXKPI_FCR_TRACKER_TIME_MIN - 1,
                                    CXKPI_FCR_TRACKER_TIME_MAX + 1};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(cxkpi_fcr_tracker_add(ok, 1, bad_t[i]), CXKPI_ERANGE);
        assert_int_equal(cxkpi_fcr_tracker_flush(ok, bad_t[i]), CXKPI_ERANGE);
    }
    TEST_ASSERT_UNCHANGED(fcr_tracker, ok, before);
    /* W = 1: every contact one second later is a new episode, the same second a repeat */
    add_ok(ok, 1, 5);
    add_ok(ok, 1, 6);
    assert_int_equal(cxkpi_fcr_tracker_finish(ok), CXKPI_OK);
    assert_results(ok, 2, 1);
    cxkpi_fcr_tracker_free(ok);
}

/* ---- serialization ---- */

static uint8_t *put_i64(uint8_t *p, int64_t v) { return test_put_u64(p, (uint64_t)v); }

/* Forges a tracker payload: config, started, watermark, fcr counts (resolved, plain). */
static uint8_t *forge_head(uint8_t *p, int64_t w, int64_t l, uint8_t started, int64_t wm,
                           uint64_t resolved, uint64_t plain, uint64_t keys)
{
    p = put_i64(p, w);
    p = put_i64(p, l);
    *p++ = started;
    p = put_i64(p, wm);
    p = test_put_u64(p, plain); /* flags 0 */
    p = test_put_u64(p, resolved); /* flags 1 */
    for (int k = 0; k < 7; k++)
        p = test_put_u64(p, 0);
    return test_put_u64(p, keys);
}

static uint8_t *forge_key(uint8_t *p, uint64_t key, uint8_t n, const int64_t *first,
                          const uint8_t *repeat)
{
    p = test_put_u64(p, key);
    *p++ = n;
    for (int e = 0; e < n; e++) {
        p = put_i64(p, first[e]);
        *p++ = repeat[e];
    }
    return p;
}

static void serialize_round_trip_layout(void **state)
{
    (void)state;
    cxkpi_fcr_tracker *t = new_tracker(100, 30);
    add_ok(t, 9, 0);
    add_ok(t, 9, 110); /* key 9: episodes at 0 and 110 */
    add_ok(t, 9, 90);  /* repeat of 0 */
    size_t size, written;
    assert_int_equal(cxkpi_fcr_tracker_serialized_size(t, &size), CXKPI_OK);
    /* 16 + (8 + 8 + 1 + 8 + 72 + 8) + key (8 + 1) + 2 x (8 + 1) + 4 = 152 */
    assert_int_equal(size, 152);
    uint8_t buf[152];
    assert_int_equal(cxkpi_fcr_tracker_serialize(t, buf, sizeof buf, &written), CXKPI_OK);
    assert_int_equal(written, 152);
    uint8_t expect[132], *p = forge_head(expect, 100, 30, 1, 110, 0, 0, 1);
    p = forge_key(p, 9, 2, (const int64_t[]){0, 110}, (const uint8_t[]){1, 0});
    assert_int_equal((size_t)(p - expect), 132);
    assert_memory_equal(buf + 16, expect, 132);
    assert_int_equal(buf[4], 4); /* kind 4 */
    cxkpi_fcr_tracker *b = NULL;
    assert_int_equal(cxkpi_fcr_tracker_deserialize(&b, buf, written), CXKPI_OK);
    test_bytes again;
    TEST_SNAPSHOT(fcr_tracker, b, again);
    assert_memory_equal(again.p, buf, 152);
    test_free(again.p);
    /* small buffers: nothing written */
    uint8_t small[152];
    memset(small, 0x5A, sizeof small);
    size_t w = 777;
    assert_int_equal(cxkpi_fcr_tracker_serialize(t, small, 151, &w), CXKPI_ENOSPC);
    assert_int_equal(w, 777);
    for (size_t i = 0; i < sizeof small; i++)
        assert_int_equal(small[i], 0x5A);
    /* the restored tracker continues: 105 absorbs the second episode */
    add_ok(b, 9, 105);
    assert_int_equal(cxkpi_fcr_tracker_finish(b), CXKPI_OK);
    assert_results(b, 2, 0);
    /* a fresh tracker round-trips: 16 + 105 + 4 */
    cxkpi_fcr_tracker *e = new_tracker(5, 0), *e2 = NULL;
    uint8_t ebuf[125];
    assert_int_equal(cxkpi_fcr_tracker_serialize(e, ebuf, sizeof ebuf, &written), CXKPI_OK);
    assert_int_equal(written, 125);
    assert_int_equal(cxkpi_fcr_tracker_deserialize(&e2, ebuf, written), CXKPI_OK);
    int64_t wm;
    assert_int_equal(cxkpi_fcr_tracker_watermark(e2, &wm), CXKPI_EEMPTY);
    cxkpi_fcr_tracker_free(e);
    cxkpi_fcr_tracker_free(e2);
    cxkpi_fcr_tracker_free(t);
    cxkpi_fcr_tracker_free(b);
}

static void hostile_bytes_are_rejected(void **state)
{
    (void)state;
    cxkpi_fcr_tracker *t = new_tracker(100, 30);
    add_ok(t, 9, 0);
    add_ok(t, 9, 110);
    add_ok(t, 4, 100);
    uint8_t buf[256];
    size_t written;
    assert_int_equal(cxkpi_fcr_tracker_serialize(t, buf, sizeof buf, &written), CXKPI_OK);
    cxkpi_fcr_tracker *sentinel = (cxkpi_fcr_tracker *)&sentinel, *out = sentinel;
    for (size_t n = 0; n < written; n++)
        assert_int_equal(cxkpi_fcr_tracker_deserialize(&out, buf, n), CXKPI_EFORMAT);
    for (size_t i = 0; i < written; i++) {
        buf[i] ^= 0x04;
        assert_int_equal(cxkpi_fcr_tracker_deserialize(&out, buf, written), CXKPI_EFORMAT);
        buf[i] ^= 0x04;
    }
    uint8_t payload[512], frame[600], *p;
    size_t fn;
    /* an FCR frame is not a tracker; a newer version */
    cxkpi_fcr *fcr = NULL;
    assert_int_equal(cxkpi_fcr_new(&fcr), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_serialize(fcr, frame, sizeof frame, &fn), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_tracker_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    cxkpi_fcr_free(fcr);
    memcpy(payload, buf + 16, written - 20);
    fn = test_frame(frame, 4, 2, payload, written - 20);
    assert_int_equal(cxkpi_fcr_tracker_deserialize(&out, frame, fn), CXKPI_EVERSION);
    fn = test_frame(frame, 4, 1, payload, written - 20);
    assert_int_equal(cxkpi_fcr_tracker_deserialize(&out, frame, fn), CXKPI_OK);
    cxkpi_fcr_tracker_free(out);
    out = sentinel;

    /* a valid forged base: W 100, L 30, watermark 110, one key at 100 */
    p = forge_head(payload, 100, 30, 1, 110, 3, 1, 1);
    p = forge_key(p, 4, 1, (const int64_t[]){100}, (const uint8_t[]){0});
    fn = test_frame(frame, 4, 1, payload, (size_t)(p - payload));
    assert_int_equal(cxkpi_fcr_tracker_deserialize(&out, frame, fn), CXKPI_OK);
    assert_results(out, 4, 3);
    assert_open(out, 1, 1);
    cxkpi_fcr_tracker_free(out);
    out = sentinel;

    struct {
        int64_t w, l;
        uint8_t started;
        int64_t wm;
        uint64_t keys;
    } heads[] = {
        {0, 0, 1, 110, 0},      /* window 0 */
        {100, 100, 1, 110, 0},  /* lateness == window */
        {100, -1, 1, 110, 0},   /* negative lateness */
        {100, 30, 2, 110, 0},   /* started not a boolean */
        {100, 30, 0, 110, 0},   /* not started with a watermark */
        {100, 30, 0, 0, 1},     /* not started with keys */
        {100, 30, 1, CXKPI_FCR_TRACKER_TIME_MAX + 131, 0}, /* watermark too large */
        {100, 30, 1, INT64_MIN, 0},
        {100, 30, 1, 110, UINT64_MAX},     /* hostile key count */
        {100, 30, 1, 110, 1ull << 40},
        {100, 30, 1, 110, 2},              /* one more key than present */
    };
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        p = forge_head(payload, heads[i].w, heads[i].l, heads[i].started, heads[i].wm, 0, 0,
                       heads[i].keys);
        if (heads[i].keys)
            p = forge_key(p, 4, 1, (const int64_t[]){100}, (const uint8_t[]){0});
        fn = test_frame(frame, 4, 1, payload, (size_t)(p - payload));
        assert_int_equal(cxkpi_fcr_tracker_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    }
    /* a not-started state with results is inconsistent */
    p = forge_head(payload, 100, 30, 0, 0, 1, 0, 0);
    fn = test_frame(frame, 4, 1, payload, (size_t)(p - payload));
    assert_int_equal(cxkpi_fcr_tracker_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    /* inconsistent key records (watermark 110, W + L = 130) */
    struct {
        uint8_t n;
        int64_t first[2];
        uint8_t repeat[2];
    } recs[] = {
        {0, {0, 0}, {0, 0}},        /* no episode */
        {3, {0, 0}, {0, 0}},        /* three episodes */
        {1, {100, 0}, {2, 0}},      /* repeat not a boolean */
        {1, {111, 0}, {0, 0}},      /* first after the watermark */
        {1, {-20, 0}, {0, 0}},      /* already due: -20 + 130 <= 110 */
        {2, {0, 99}, {0, 0}},       /* two episodes closer than W */
        {2, {100, 0}, {0, 0}},      /* two episodes out of order */
        {1, {INT64_MIN, 0}, {0, 0}},
    };
    for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++) {
        p = forge_head(payload, 100, 30, 1, 110, 0, 0, 1);
        p = forge_key(p, 4, recs[i].n, recs[i].first, recs[i].repeat);
        fn = test_frame(frame, 4, 1, payload, (size_t)(p - payload));
        assert_int_equal(cxkpi_fcr_tracker_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    }
    /* a duplicate key */
    p = forge_head(payload, 100, 30, 1, 110, 0, 0, 2);
    p = forge_key(p, 4, 1, (const int64_t[]){100}, (const uint8_t[]){0});
    p = forge_key(p, 4, 1, (const int64_t[]){90}, (const uint8_t[]){0});
    fn = test_frame(frame, 4, 1, payload, (size_t)(p - payload));
    assert_int_equal(cxkpi_fcr_tracker_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    /* trailing bytes after the last key */
    p = forge_head(payload, 100, 30, 1, 110, 0, 0, 1);
    p = forge_key(p, 4, 1, (const int64_t[]){100}, (const uint8_t[]){0});
    *p++ = 0;
    fn = test_frame(frame, 4, 1, payload, (size_t)(p - payload));
    assert_int_equal(cxkpi_fcr_tracker_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    /* fcr counts summing past 2^64 */
    p = forge_head(payload, 100, 30, 1, 110, UINT64_MAX, 1, 0);
    fn = test_frame(frame, 4, 1, payload, (size_t)(p - payload));
    assert_int_equal(cxkpi_fcr_tracker_deserialize(&out, frame, fn), CXKPI_EFORMAT);
    assert_ptr_equal(out, sentinel);
    cxkpi_fcr_tracker_free(t);
}

static cxkpi_fcr_tracker *forge_full(uint64_t resolved)
{
    /* W 100, L 0, watermark 50, `resolved` finalized, one open episode at 50 */
    uint8_t payload[200], frame[240], *p = forge_head(payload, 100, 0, 1, 50, resolved, 0, 1);
    p = forge_key(p, 7, 1, (const int64_t[]){50}, (const uint8_t[]){0});
    size_t fn = test_frame(frame, 4, 1, payload, (size_t)(p - payload));
    cxkpi_fcr_tracker *t = NULL;
    assert_int_equal(cxkpi_fcr_tracker_deserialize(&t, frame, fn), CXKPI_OK);
    return t;
}

static void counter_overflow_is_refused(void **state)
{
    (void)state;
    /* 2^64 - 2 finalized + 1 open: one more episode would not fit */
    cxkpi_fcr_tracker *t = forge_full(UINT64_MAX - 1);
    test_bytes before;
    TEST_SNAPSHOT(fcr_tracker, t, before);
    assert_int_equal(cxkpi_fcr_tracker_add(t, 8, 60), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_fcr_tracker_add(t, 7, 60), CXKPI_EOVERFLOW);
    assert_int_equal(
        cxkpi_fcr_tracker_add_many(t, (const uint64_t[]){8}, (const int64_t[]){60}, 1),
        CXKPI_EOVERFLOW);
    TEST_ASSERT_UNCHANGED(fcr_tracker, t, before);
    /* finalizing the open one still fits */
    assert_int_equal(cxkpi_fcr_tracker_flush(t, 150), CXKPI_OK);
    assert_results(t, UINT64_MAX, UINT64_MAX);
    assert_open(t, 0, 0);
    cxkpi_fcr_tracker_free(t);
    /* 2^64 - 1 finalized + 1 open: not even a flush fits */
    t = forge_full(UINT64_MAX);
    TEST_SNAPSHOT(fcr_tracker, t, before);
    assert_int_equal(cxkpi_fcr_tracker_flush(t, 150), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_fcr_tracker_finish(t), CXKPI_EOVERFLOW);
    assert_int_equal(cxkpi_fcr_tracker_add(t, 7, 60), CXKPI_EOVERFLOW);
    TEST_ASSERT_UNCHANGED(fcr_tracker, t, before);
    cxkpi_fcr_tracker_free(t);
}

static void null_arguments(void **state)
{
    (void)state;
    cxkpi_fcr_tracker *t = new_tracker(10, 0), *out = NULL;
    add_ok(t, 1, 1);
    const cxkpi_fcr *r;
    uint64_t u;
    int64_t i;
    size_t n;
    uint8_t buf[256];
    cxkpi_fcr_tracker_free(NULL);
    assert_int_equal(cxkpi_fcr_tracker_add(NULL, 1, 1), CXKPI_EINVAL);
    const uint64_t key = 2;
    const int64_t when = 2;
    assert_int_equal(cxkpi_fcr_tracker_add_many(NULL, &key, &when, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_add_many(t, NULL, &when, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_add_many(t, &key, NULL, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_flush(NULL, 1), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_finish(NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_reset(NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_clone(NULL, &out), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_clone(t, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_results(NULL, &r), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_results(t, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_open(NULL, &u, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_open(t, NULL, &u), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_open(t, &u, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_watermark(NULL, &i), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_watermark(t, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_config(NULL, &i, &i), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_config(t, NULL, &i), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_config(t, &i, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_memory_usage(NULL, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_memory_usage(t, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_serialized_size(NULL, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_serialized_size(t, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_serialize(NULL, buf, sizeof buf, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_serialize(t, NULL, sizeof buf, &n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_serialize(t, buf, sizeof buf, NULL), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_serialize(t, buf, sizeof buf, &n), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_tracker_deserialize(NULL, buf, n), CXKPI_EINVAL);
    assert_int_equal(cxkpi_fcr_tracker_deserialize(&out, NULL, n), CXKPI_EINVAL);
    assert_null(out);
    assert_open(t, 1, 1);
    cxkpi_fcr_tracker_free(t);
}

/* Found by fuzz_deserialize_fcr_tracker: a tracker frame whose results counted escalated
 * issues (which a tracker never reports) was accepted. */
static void fcr_tracker_deserialize_refuses_flags_it_never_sets(void **state)
{
    (void)state;
    cxkpi_fcr_tracker *t = NULL;
    assert_int_equal(cxkpi_fcr_tracker_new(&t, 600, 60), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_tracker_add(t, 1, 1000), CXKPI_OK);
    assert_int_equal(cxkpi_fcr_tracker_finish(t), CXKPI_OK); /* one issue, resolved */
    uint8_t buf[256], frame[256];
    size_t n;
    assert_int_equal(cxkpi_fcr_tracker_serialize(t, buf, sizeof buf, &n), CXKPI_OK);
    cxkpi_fcr_tracker_free(t);
    /* payload: window, lateness (i64), started (u8), watermark (i64), then the nine FCR
     * counts: slot 2 (flags ESCALATED) is at payload offset 25 + 16 */
    uint8_t *payload = buf + 16;
    test_put_u64(payload + 25 + 16, 1);
    n = test_frame(frame, 4, 1, payload, n - 20);
    cxkpi_fcr_tracker *back = NULL;
    assert_int_equal(cxkpi_fcr_tracker_deserialize(&back, frame, n), CXKPI_EFORMAT);
    assert_null(back);
    test_put_u64(payload + 25 + 16, 0);
    n = test_frame(frame, 4, 1, payload, n - 20);
    assert_int_equal(cxkpi_fcr_tracker_deserialize(&back, frame, n), CXKPI_OK);
    cxkpi_fcr_tracker_free(back);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(key_from_bytes_is_fnv1a),
        cmocka_unit_test(window_boundaries),
        cmocka_unit_test(out_of_order_within_lateness),
        cmocka_unit_test(flush_and_finish),
        cmocka_unit_test(memory_returns_to_floor),
        cmocka_unit_test(random_stream_matches_reference),
        cmocka_unit_test(random_extreme_lateness),
        cmocka_unit_test(ten_million_contacts),
        cmocka_unit_test(add_many_equals_single_adds),
        cmocka_unit_test(late_and_in_order_deadlines_interleave),
#ifdef CXKPI_ALLOC_FAIL_INJECTION
        cmocka_unit_test(allocation_failures_change_nothing),
#endif
        cmocka_unit_test(clone_and_results_pointer),
        cmocka_unit_test(invalid_configurations_and_times),
        cmocka_unit_test(serialize_round_trip_layout),
        cmocka_unit_test(hostile_bytes_are_rejected),
        cmocka_unit_test(counter_overflow_is_refused),
        cmocka_unit_test(null_arguments),
        cmocka_unit_test(fcr_tracker_deserialize_refuses_flags_it_never_sets),
    };
    return cmocka_run_group_tests_name("fcr_tracker", tests, NULL, NULL);
}
