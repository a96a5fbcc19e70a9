/* libFuzzer harness: the input is a program of operations on two accumulators of every
 * kind (tests/harden_kinds.c), checked after every step against a model of the event
 * count and the documented contract:
 * - a failing call changes nothing (same serialized bytes, output pointers untouched);
 * - the count getter equals the model (adds and removes that succeeded, merges, resets);
 * - every result stays in its documented range (the kind's results_ok());
 * - serialize -> deserialize is the identity; a corrupted byte is refused or, if it
 *   happens to decode, decodes to an accumulator that still keeps the invariants.
 *
 * Each operation is one byte `op` followed by the bytes it consumes:
 *   kind = op % kinds, action = (op / kinds) % 8, slot = (op / (8 * kinds)) & 1.
 * (With more than 16 kinds, one op byte no longer reaches every action of every kind:
 * then widen op to two bytes.) */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

#define MAX_KINDS 16

typedef struct input {
    const uint8_t *p;
    size_t n;
} input;

static uint64_t take(input *in, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes && in->n; i++, in->p++, in->n--)
        v |= (uint64_t)in->p[0] << (8 * i);
    return v;
}

typedef struct state {
    const harden_kind *k;
    void *acc[2];
    uint64_t count[2];
} state;

/* Runs a mutating call's outcome check: on failure the accumulator is unchanged. */
static void expect_unchanged_on_error(const state *s, int slot, cxkpi_status st,
                                      const uint8_t *before, size_t n)
{
    if (st != CXKPI_OK)
        FUZZ_CHECK(hk_is(s->k, s->acc[slot], before, n));
}

static void step(state *s, int action, int slot, input *in)
{
    const harden_kind *k = s->k;
    void *acc = s->acc[slot];
    size_t n;
    uint8_t *before = hk_bytes(k, acc, &n);
    FUZZ_CHECK(before != NULL);
    cxkpi_status st = CXKPI_OK;
    switch (action) {
    case 0: /* add */
    case 1: {
        uint64_t x = take(in, 2), y = take(in, 4);
        hk_event e = k->any_event(x, y);
        st = k->add(acc, e);
        FUZZ_CHECK(st == CXKPI_OK || st == CXKPI_ERANGE || st == CXKPI_EOVERFLOW ||
                   st == CXKPI_EORDER || st == CXKPI_ENOTFOUND);
        if (st == CXKPI_OK)
            s->count[slot] += hk_weight(k, e); /* modulo 2^64: a retraction lowers it */
        break;
    }
    case 2: /* remove */
        if (k->remove) {
            uint64_t x = take(in, 2), y = take(in, 4);
            hk_event e = k->any_event(x, y);
            st = k->remove(acc, e);
            FUZZ_CHECK(st == CXKPI_OK || st == CXKPI_ERANGE || st == CXKPI_ENOTFOUND);
            if (st == CXKPI_OK)
                s->count[slot] -= hk_weight(k, e);
        }
        break;
    case 3: { /* merge the other slot (or itself) into this one */
        int from = (int)(take(in, 1) & 1) ? slot : 1 - slot;
        uint64_t src_count = s->count[from];
        size_t sn;
        uint8_t *src_before = hk_bytes(k, s->acc[from], &sn);
        st = k->merge(acc, s->acc[from]);
        FUZZ_CHECK(st == CXKPI_OK || st == CXKPI_EOVERFLOW);
        if (st == CXKPI_OK)
            s->count[slot] += src_count;
        if (from != slot)
            FUZZ_CHECK(hk_is(k, s->acc[from], src_before, sn));
        free(src_before);
        break;
    }
    case 4: { /* serialize -> deserialize replaces the slot */
        void *back = NULL;
        FUZZ_CHECK(k->deserialize(&back, before, n) == CXKPI_OK);
        FUZZ_CHECK(hk_is(k, back, before, n));
        k->destroy(acc);
        s->acc[slot] = acc = back;
        break;
    }
    case 5: /* reset */
        FUZZ_CHECK(k->reset(acc) == CXKPI_OK);
        s->count[slot] = 0;
        break;
    case 6: { /* clone the other slot over this one */
        void *copy = NULL;
        FUZZ_CHECK(k->clone(s->acc[1 - slot], &copy) == CXKPI_OK);
        FUZZ_CHECK(hk_same(k, copy, s->acc[1 - slot]));
        k->destroy(acc);
        s->acc[slot] = acc = copy;
        s->count[slot] = s->count[1 - slot];
        break;
    }
    default: { /* corrupt one byte of the serialized form */
        size_t at = (size_t)take(in, 2) % n;
        uint8_t flip = (uint8_t)(take(in, 1) | 1);
        uint8_t *bad = malloc(n);
        memcpy(bad, before, n);
        bad[at] ^= flip;
        void *out = FUZZ_SENTINEL;
        cxkpi_status dst = k->deserialize(&out, bad, n);
        if (dst == CXKPI_OK) {
            FUZZ_CHECK(k->results_ok(out));
            k->destroy(out);
        } else {
            FUZZ_CHECK(dst == CXKPI_EFORMAT || dst == CXKPI_EVERSION);
            FUZZ_CHECK(out == FUZZ_SENTINEL);
        }
        /* a shorter buffer is refused */
        out = FUZZ_SENTINEL;
        FUZZ_CHECK(k->deserialize(&out, before, at) == CXKPI_EFORMAT);
        FUZZ_CHECK(out == FUZZ_SENTINEL);
        free(bad);
        break;
    }
    }
    expect_unchanged_on_error(s, slot, st, before, n);
    free(before);
    if (k->count(s->acc[slot]) != s->count[slot] || !k->results_ok(s->acc[slot]))
        fprintf(stderr, "fuzz_api: kind %s, action %d, slot %d, status %d\n", k->name, action,
                slot, (int)st);
    FUZZ_CHECK(k->count(s->acc[slot]) == s->count[slot]);
    FUZZ_CHECK(k->results_ok(s->acc[slot]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const size_t kinds = harden_kind_count < MAX_KINDS ? harden_kind_count : MAX_KINDS;
    state s[MAX_KINDS];
    for (size_t i = 0; i < kinds; i++) {
        s[i] = (state){.k = &harden_kinds[i]};
        for (int j = 0; j < 2; j++)
            FUZZ_CHECK(s[i].k->make(&s[i].acc[j]) == CXKPI_OK);
    }
    input in = {data, size};
    for (int steps = 0; in.n && steps < 2000; steps++) {
        unsigned op = (unsigned)take(&in, 1);
        step(&s[op % kinds], (int)((op / kinds) % 8), (int)((op / (8 * kinds)) & 1), &in);
    }
    for (size_t i = 0; i < kinds; i++) {
        fuzz_round_trip(s[i].k, s[i].acc[0]);
        for (int j = 0; j < 2; j++)
            s[i].k->destroy(s[i].acc[j]);
    }
    return 0;
}
