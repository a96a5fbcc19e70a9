/* Seeded, reproducible property tests over every accumulator kind (tests/harden_kinds.c).
 *
 * For each kind, ITERATIONS (33,334) rounds each draw three random event sequences A, B, C
 * of 0 to MAX_LEN (7) events (so 100,002 sequences per kind, about 350,000 events), and
 * check:
 * - merge is commutative:  A+B == B+A;
 * - merge is associative:  (A+B)+C == A+(B+C);
 * - merge(A, B) equals one accumulator fed A then B;
 * - serialize -> deserialize is the identity;
 * - add then remove restores the previous state (kinds that have a retraction; for SLA
 *   every count and lateness total, as its maximum lateness is documented to stay an
 *   upper bound after a retraction);
 * - every result stays in its documented range, and an empty accumulator answers
 *   CXKPI_EEMPTY (the kind's results_ok()).
 * "Equal" means the same serialized bytes, which covers every getter; for durations and
 * AHT, whose sum, mean and deviation merge exactly only up to rounding (cxkpi/duration.h,
 * "Merging"), it means equal counts, minimum, maximum and quantiles, and the rest within
 * 1e-9 relative (the kind's equivalent()).
 * The seed is fixed (CXKPI_PROPERTY_SEED overrides it, CXKPI_PROPERTY_ITERATIONS the
 * number of rounds) and printed with any failure so a failing round can be replayed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harden_kinds.h"
#include "helpers.h"

#define ITERATIONS 33334 /* x 3 sequences = 100,002 sequences per kind */
#define MAX_LEN 7

typedef struct sequence {
    size_t n;
    uint64_t weight; /* what the sequence adds to the kind's count */
    hk_event ev[MAX_LEN];
} sequence;

static uint64_t env_u64(const char *name, uint64_t fallback)
{
    const char *s = getenv(name);
    return s && *s ? strtoull(s, NULL, 0) : fallback;
}

static void draw(const harden_kind *k, uint64_t *rng, sequence *s)
{
    s->n = test_rand(rng) % (MAX_LEN + 1);
    s->weight = 0;
    for (size_t i = 0; i < s->n; i++) {
        s->ev[i] = k->random_event(rng);
        s->weight += hk_weight(k, s->ev[i]);
    }
}

static void feed(const harden_kind *k, void *acc, const sequence *s)
{
    for (size_t i = 0; i < s->n; i++)
        assert_int_equal(k->add(acc, s->ev[i]), CXKPI_OK);
}

static void *fed(const harden_kind *k, const sequence *s)
{
    void *acc = NULL;
    assert_int_equal(k->make(&acc), CXKPI_OK);
    feed(k, acc, s);
    return acc;
}

static void *merged(const harden_kind *k, const void *a, const void *b)
{
    void *m = NULL;
    assert_int_equal(k->clone(a, &m), CXKPI_OK);
    assert_int_equal(k->merge(m, b), CXKPI_OK);
    return m;
}

static void fail_round(const harden_kind *k, uint64_t seed, unsigned long round, const char *what)
{
    print_error("%s: property '%s' fails in round %lu (seed 0x%llx)\n", k->name, what, round,
                (unsigned long long)seed);
    fail();
}

#define CHECK(cond, what)                                                                \
    do {                                                                                 \
        if (!(cond))                                                                     \
            fail_round(k, seed, round, what);                                            \
    } while (0)

static void properties_hold(void **state)
{
    const harden_kind *k = *state;
    uint64_t name_hash = 0;
    for (const char *c = k->name; *c; c++)
        name_hash = name_hash * 31 + (unsigned char)*c;
    const uint64_t seed = env_u64("CXKPI_PROPERTY_SEED", 0xC0FFEE) ^ name_hash;
    const unsigned long rounds = (unsigned long)env_u64("CXKPI_PROPERTY_ITERATIONS", ITERATIONS);
    uint64_t rng = seed;
    for (unsigned long round = 0; round < rounds; round++) {
        sequence sa, sb, sc;
        draw(k, &rng, &sa);
        draw(k, &rng, &sb);
        draw(k, &rng, &sc);
        void *a = fed(k, &sa), *b = fed(k, &sb), *c = fed(k, &sc);

        void *ab = merged(k, a, b), *ba = merged(k, b, a);
        CHECK(hk_equivalent(k, ab, ba), "merge is commutative");

        void *ab_c = merged(k, ab, c), *bc = merged(k, b, c), *a_bc = merged(k, a, bc);
        CHECK(hk_equivalent(k, ab_c, a_bc), "merge is associative");

        void *seq = fed(k, &sa);
        feed(k, seq, &sb);
        CHECK(hk_equivalent(k, seq, ab), "merge(A, B) == fed A then B");

        size_t n;
        uint8_t *bytes = hk_bytes(k, ab_c, &n);
        void *back = NULL;
        CHECK(bytes && k->deserialize(&back, bytes, n) == CXKPI_OK && hk_is(k, back, bytes, n),
              "deserialize(serialize(x)) == x");

        if (k->remove) {
            void *before = NULL;
            assert_int_equal(k->clone(a, &before), CXKPI_OK);
            hk_event e = k->random_event(&rng);
            CHECK(k->add(a, e) == CXKPI_OK && k->remove(a, e) == CXKPI_OK &&
                      (k->restored ? k->restored(before, a) : hk_same(k, before, a)),
                  "add then remove restores the state");
            k->destroy(before);
        }

        CHECK(k->results_ok(a) && k->results_ok(b) && k->results_ok(ab) &&
                  k->results_ok(ab_c) && k->results_ok(back),
              "results within their documented ranges");
        CHECK(k->count(ab_c) == sa.weight + sb.weight + sc.weight, "count of a merge");

        free(bytes);
        void *all[] = {a, b, c, ab, ba, ab_c, bc, a_bc, seq, back};
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
            k->destroy(all[i]);
    }
    print_message("properties: %-12s %lu rounds (%lu sequences), seed 0x%llx\n", k->name,
                  rounds, 3 * rounds, (unsigned long long)seed);
}

/* ---- the FCR repeat-contact tracker: its results against an independent reference (the
 * definition in cxkpi/fcr_tracker.h applied to the sorted contacts), over TRACKER_SEQUENCES
 * random streams of up to TRACKER_LEN contacts that arrive out of order within the
 * lateness, each stream interrupted once by a serialize -> deserialize round trip. ---- */

#define TRACKER_SEQUENCES 20000
#define TRACKER_LEN 24
#define TRACKER_W 100
#define TRACKER_L 20

typedef struct contact {
    uint64_t key;
    int64_t t, arrival;
} contact;

static int by_key_then_time(const void *pa, const void *pb)
{
    const contact *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->t > b->t) - (a->t < b->t);
}

static int by_arrival(const void *pa, const void *pb)
{
    const contact *a = pa, *b = pb;
    return (a->arrival > b->arrival) - (a->arrival < b->arrival);
}

/* Episodes and first-contact resolutions by the definition: per key, sorted by time, an
 * episode opened at f takes every contact in [f, f + W); one contact = resolved. */
static void reference(contact *c, size_t n, uint64_t *issues, uint64_t *resolved)
{
    qsort(c, n, sizeof *c, by_key_then_time);
    *issues = *resolved = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && c[j].key == c[i].key && c[j].t < c[i].t + TRACKER_W)
            j++;
        ++*issues;
        *resolved += j - i == 1;
        i = j;
    }
}

static cxkpi_fcr_tracker *round_trip(cxkpi_fcr_tracker *t)
{
    size_t size, written;
    assert_int_equal(cxkpi_fcr_tracker_serialized_size(t, &size), CXKPI_OK);
    uint8_t *bytes = malloc(size);
    assert_int_equal(cxkpi_fcr_tracker_serialize(t, bytes, size, &written), CXKPI_OK);
    cxkpi_fcr_tracker *back = NULL;
    assert_int_equal(cxkpi_fcr_tracker_deserialize(&back, bytes, written), CXKPI_OK);
    free(bytes);
    cxkpi_fcr_tracker_free(t);
    return back;
}

static void tracker_matches_reference(void **state)
{
    (void)state;
    uint64_t rng = env_u64("CXKPI_PROPERTY_SEED", 0xC0FFEE) ^ 0x7EAC;
    const uint64_t seed = rng;
    for (unsigned long round = 0; round < TRACKER_SEQUENCES; round++) {
        contact c[TRACKER_LEN];
        size_t n = test_rand(&rng) % (TRACKER_LEN + 1), cut = n ? test_rand(&rng) % n : 0;
        int64_t now = 1000;
        for (size_t i = 0; i < n; i++) {
            now += (int64_t)(test_rand(&rng) % 60);
            c[i].key = test_rand(&rng) % 4;
            c[i].t = now;
            /* arriving up to L late keeps every contact acceptable (t >= watermark - L) */
            c[i].arrival = now + (int64_t)(test_rand(&rng) % (TRACKER_L + 1));
        }
        qsort(c, n, sizeof *c, by_arrival);
        cxkpi_fcr_tracker *t = NULL;
        assert_int_equal(cxkpi_fcr_tracker_new(&t, TRACKER_W, TRACKER_L), CXKPI_OK);
        for (size_t i = 0; i < n; i++) {
            if (i == cut)
                t = round_trip(t);
            if (cxkpi_fcr_tracker_add(t, c[i].key, c[i].t) != CXKPI_OK) {
                print_error("tracker: contact %zu refused in round %lu (seed 0x%llx)\n", i,
                            round, (unsigned long long)seed);
                fail();
            }
        }
        assert_int_equal(cxkpi_fcr_tracker_finish(t), CXKPI_OK);
        const cxkpi_fcr *res = NULL;
        uint64_t issues, resolved, e, o, x, want_issues, want_resolved;
        assert_int_equal(cxkpi_fcr_tracker_results(t, &res), CXKPI_OK);
        assert_int_equal(cxkpi_fcr_counts(res, &issues, &resolved, &e, &o, &x), CXKPI_OK);
        reference(c, n, &want_issues, &want_resolved);
        if (issues != want_issues || resolved != want_resolved) {
            print_error("tracker: %llu/%llu issues/resolved, reference %llu/%llu, round %lu "
                        "(seed 0x%llx)\n", (unsigned long long)issues,
                        (unsigned long long)resolved, (unsigned long long)want_issues,
                        (unsigned long long)want_resolved, round, (unsigned long long)seed);
            fail();
        }
        cxkpi_fcr_tracker_free(t);
    }
    print_message("properties: %-12s %d streams of up to %d contacts, seed 0x%llx\n",
                  "fcr_tracker", TRACKER_SEQUENCES, TRACKER_LEN, (unsigned long long)seed);
}

int main(void)
{
    struct CMUnitTest tests[16];
    size_t t = 0;
    for (size_t i = 0; i < harden_kind_count && t < 15; i++) {
        struct CMUnitTest u = cmocka_unit_test_prestate(properties_hold, (void *)&harden_kinds[i]);
        u.name = harden_kinds[i].name;
        tests[t++] = u;
    }
    tests[t++] = (struct CMUnitTest)cmocka_unit_test(tracker_matches_reference);
    return _cmocka_run_group_tests("properties", tests, t, NULL, NULL);
}
