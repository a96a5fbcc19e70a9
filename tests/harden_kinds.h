/* Every accumulator behind one table of type-erased operations, so the hardening tests
 * (allocation-failure injection, properties, threads) and the API fuzzer run the same
 * checks over every KPI. Adding a KPI to the hardening suites = adding one entry to
 * harden_kinds[] in harden_kinds.c. */
#ifndef CXKPI_TEST_HARDEN_KINDS_H
#define CXKPI_TEST_HARDEN_KINDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxkpi.h"

/* One event of a KPI, drawn at random: `a`, `b` are its fields (a score, a flag set, a
 * duration in milliseconds...), interpreted by the kind's add/remove. */
typedef struct hk_event {
    int64_t a, b;
} hk_event;

typedef struct harden_kind {
    const char *name;
    /* An empty accumulator of the kind's default test configuration. */
    cxkpi_status (*make)(void **out);
    /* An empty accumulator of another configuration (for EMISMATCH), or NULL if the kind has
     * only one configuration. */
    cxkpi_status (*make_other)(void **out);
    void (*destroy)(void *acc);
    cxkpi_status (*clone)(const void *acc, void **out);
    cxkpi_status (*merge)(void *dst, const void *src);
    cxkpi_status (*reset)(void *acc);
    cxkpi_status (*serialized_size)(const void *acc, size_t *size);
    cxkpi_status (*serialize)(const void *acc, void *buf, size_t capacity, size_t *written);
    cxkpi_status (*deserialize)(void **out, const void *buf, size_t size);
    /* A valid random event; `rng` is a test_rand() state. */
    hk_event (*random_event)(uint64_t *rng);
    /* An event mapped from arbitrary fuzzer values, valid or not. */
    hk_event (*any_event)(uint64_t x, uint64_t y);
    cxkpi_status (*add)(void *acc, hk_event e);
    /* Retracts an added event; NULL when the KPI has no retraction. */
    cxkpi_status (*remove)(void *acc, hk_event e);
    /* What the kind counts (e.g. responses, tickets held, customers), and how much one
     * successful add of `e` raises it (NULL: 1 per event). */
    uint64_t (*count)(const void *acc);
    uint64_t (*weight)(hk_event e);
    /* For kinds whose retraction cannot restore every byte (SLA keeps its maximum lateness
     * as an upper bound): true when `after` equals `before` in everything a retraction
     * restores. NULL: the serialized bytes must be identical. */
    bool (*restored)(const void *before, const void *after);
    /* For kinds whose merge is exact only up to floating-point rounding (durations: sum,
     * mean, standard deviation): true when a and b agree on every result, exactly for
     * counts and quantiles and to 1e-9 relative for the rest. NULL: same bytes. */
    bool (*equivalent)(const void *a, const void *b);
    /* Calls every result getter; returns false when a result leaves its documented range
     * or an empty/non-empty accumulator answers with the wrong status. */
    bool (*results_ok)(const void *acc);
} harden_kind;

extern const harden_kind harden_kinds[];
extern const size_t harden_kind_count;

/* How much a successful add of e raises k->count(). */
uint64_t hk_weight(const harden_kind *k, hk_event e);

/* Serialized bytes (malloc'ed; the caller frees), or NULL on failure. Thread-safe. */
uint8_t *hk_bytes(const harden_kind *k, const void *acc, size_t *n);
/* True when both accumulators serialize to the same bytes. */
bool hk_same(const harden_kind *k, const void *a, const void *b);
/* k->equivalent when the kind has one, else hk_same(). */
bool hk_equivalent(const harden_kind *k, const void *a, const void *b);
/* True when acc serializes to exactly (p, n). */
bool hk_is(const harden_kind *k, const void *acc, const uint8_t *p, size_t n);



/* The FCR repeat-contact tracker is not in harden_kinds[]: it has no merge, and its
 * serialized keys come in an unspecified order, so its state is compared through what it
 * answers. A fingerprint holds the watermark, the open episodes and keys, the finalized
 * results, and the results a clone reaches after cxkpi_fcr_tracker_finish() (which
 * depends on every open episode). Allocates (the clone); false if that fails. */
#define HK_TRACKER_FP 16
bool hk_tracker_fingerprint(const cxkpi_fcr_tracker *t, uint64_t fp[HK_TRACKER_FP]);
/* A stream of contacts for tests: keys among `keys` values, times moving forward by up to
 * `step` seconds with some lateness up to `late` (< the tracker's lateness). */
void hk_tracker_contacts(uint64_t *rng, size_t n, uint64_t keys, int64_t step, int64_t late,
                         uint64_t *key, int64_t *t);
#endif
