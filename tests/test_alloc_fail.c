/* Allocation-failure injection (built with -Dalloc_fail_injection=true; run it under
 * AddressSanitizer/LeakSanitizer to also catch leaks on the failure paths).
 *
 * For every accumulator kind and every scenario (new, clone, deserialize, a feed of events,
 * merge, remove, reset, serialize), the scenario is run again and again with its 1st, 2nd,
 * 3rd... allocation failing, until a run makes fewer allocations than the one being failed.
 * Each time the call must either succeed or return CXKPI_ENOMEM, and on CXKPI_ENOMEM leave
 * the accumulator (compared as serialized bytes) and its output pointer unchanged. The
 * number of allocation points injected is printed per scenario and in total. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
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

static const struct {
    const char *name;
    scenario_fn fn;
} scenarios[] = {
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
    unsigned long kind_points = 0;
    for (size_t s = 0; s < sizeof scenarios / sizeof scenarios[0]; s++) {
        uint64_t n = 1;
        for (;; n++) {
            scenarios[s].fn(k, n);
            if (last_calls < n)
                break;
        }
        printf("alloc-fail: %-12s %-24s %3lu allocation point(s) injected\n", k->name,
               scenarios[s].name, (unsigned long)(n - 1));
        kind_points += n - 1;
    }
    total_points += kind_points;
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
    struct CMUnitTest tests[16 + 1];
    size_t t = 0;
    tests[t++] = (struct CMUnitTest)cmocka_unit_test(seam_counts_and_fails_the_nth_call);
    for (size_t i = 0; i < harden_kind_count && t < 17; i++) {
        struct CMUnitTest u = cmocka_unit_test_prestate(inject_every_allocation,
                                                        (void *)&harden_kinds[i]);
        u.name = harden_kinds[i].name;
        tests[t++] = u;
    }
    int failed = _cmocka_run_group_tests("alloc_fail", tests, t, NULL, NULL);
    printf("alloc-fail: %lu allocation point(s) injected over %zu kinds x %zu scenarios\n",
           total_points, harden_kind_count, sizeof scenarios / sizeof scenarios[0]);
    return failed;
}
