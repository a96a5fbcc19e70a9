#include "harden_kinds.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* Type-erased wrappers around the per-kind functions every accumulator has. The output
 * pointer is passed through as it is, so a failing call that left *out unchanged is seen
 * as such by the caller. */
#define HK_COMMON(k)                                                                     \
    static void k##_destroy(void *acc) { cxkpi_##k##_free(acc); }                        \
    static cxkpi_status k##_clone_v(const void *acc, void **out)                         \
    {                                                                                    \
        cxkpi_##k *c = *out;                                                             \
        cxkpi_status st = cxkpi_##k##_clone(acc, &c);                                    \
        *out = c;                                                                        \
        return st;                                                                       \
    }                                                                                    \
    static cxkpi_status k##_merge_v(void *dst, const void *src)                          \
    {                                                                                    \
        return cxkpi_##k##_merge(dst, src);                                              \
    }                                                                                    \
    static cxkpi_status k##_reset_v(void *acc) { return cxkpi_##k##_reset(acc); }        \
    static cxkpi_status k##_size_v(const void *acc, size_t *size)                        \
    {                                                                                    \
        return cxkpi_##k##_serialized_size(acc, size);                                   \
    }                                                                                    \
    static cxkpi_status k##_ser_v(const void *acc, void *buf, size_t cap, size_t *w)     \
    {                                                                                    \
        return cxkpi_##k##_serialize(acc, buf, cap, w);                                  \
    }                                                                                    \
    static cxkpi_status k##_deser_v(void **out, const void *buf, size_t size)            \
    {                                                                                    \
        cxkpi_##k *c = *out;                                                             \
        cxkpi_status st = cxkpi_##k##_deserialize(&c, buf, size);                        \
        *out = c;                                                                        \
        return st;                                                                       \
    }

#define HK_ENTRY(k)                                                                      \
    .name = #k, .destroy = k##_destroy, .clone = k##_clone_v, .merge = k##_merge_v,      \
    .reset = k##_reset_v, .serialized_size = k##_size_v, .serialize = k##_ser_v,         \
    .deserialize = k##_deser_v

static bool in_range(double v, double lo, double hi)
{
    return v >= lo && v <= hi; /* false for NaN */
}

/* A Wilson interval (status and bounds already computed) around `pct`, inside [0, 100]. */
static bool interval_ok(cxkpi_status st, const double *lo, const double *hi, double pct)
{
    return st == CXKPI_OK && in_range(*lo, 0, 100) && in_range(*hi, 0, 100) &&
           *lo <= pct + 1e-9 && pct <= *hi + 1e-9;
}

/* ---- CSAT: scale 1-5, satisfied from 4 ---- */
HK_COMMON(csat)

static cxkpi_status csat_make(void **out)
{
    cxkpi_csat *c = *out;
    cxkpi_status st = cxkpi_csat_new(&c, 1, 5, 4);
    *out = c;
    return st;
}

static cxkpi_status csat_make_other(void **out)
{
    cxkpi_csat *c = *out;
    cxkpi_status st = cxkpi_csat_new(&c, 1, 5, 5);
    *out = c;
    return st;
}

static hk_event csat_random(uint64_t *rng) { return (hk_event){1 + (int64_t)(test_rand(rng) % 5), 0}; }
static hk_event csat_any(uint64_t x, uint64_t y) { (void)y; return (hk_event){(int64_t)(x % 9) - 1, 0}; }
static cxkpi_status csat_add_v(void *acc, hk_event e) { return cxkpi_csat_add(acc, (int32_t)e.a); }
static cxkpi_status csat_remove_v(void *acc, hk_event e) { return cxkpi_csat_remove(acc, (int32_t)e.a); }

static uint64_t csat_count_v(const void *acc)
{
    uint64_t n = 0;
    cxkpi_csat_count(acc, &n);
    return n;
}

static bool csat_results_ok(const void *acc)
{
    uint64_t n, sat, sum = 0, above = 0, c;
    int32_t lo_score, hi_score, sat_min;
    double pct, mean, lo, hi;
    if (cxkpi_csat_count(acc, &n) || cxkpi_csat_satisfied(acc, &sat) || sat > n ||
        cxkpi_csat_config(acc, &lo_score, &hi_score, &sat_min))
        return false;
    /* the distribution adds up to the count, and its upper part to the satisfied count */
    for (int32_t s = lo_score; s <= hi_score; s++) {
        if (cxkpi_csat_score_count(acc, s, &c))
            return false;
        sum += c;
        above += s >= sat_min ? c : 0;
    }
    if (sum != n || above != sat || cxkpi_csat_score_count(acc, hi_score + 1, &c) != CXKPI_ERANGE)
        return false;
    if (n == 0)
        return cxkpi_csat_percent(acc, &pct) == CXKPI_EEMPTY &&
               cxkpi_csat_mean(acc, &mean) == CXKPI_EEMPTY &&
               cxkpi_csat_interval(acc, 0.95, &lo, &hi) == CXKPI_EEMPTY;
    if (cxkpi_csat_percent(acc, &pct) != CXKPI_OK || !in_range(pct, 0, 100) ||
        cxkpi_csat_mean(acc, &mean) != CXKPI_OK || !in_range(mean, lo_score, hi_score))
        return false;
    cxkpi_status st = cxkpi_csat_interval(acc, 0.95, &lo, &hi);
    return interval_ok(st, &lo, &hi, pct);
}

/* ---- NPS ---- */
HK_COMMON(nps)

static cxkpi_status nps_make(void **out)
{
    cxkpi_nps *c = *out;
    cxkpi_status st = cxkpi_nps_new(&c);
    *out = c;
    return st;
}

static hk_event nps_random(uint64_t *rng) { return (hk_event){(int64_t)(test_rand(rng) % 11), 0}; }
static hk_event nps_any(uint64_t x, uint64_t y) { (void)y; return (hk_event){(int64_t)(x % 13) - 1, 0}; }
static cxkpi_status nps_add_v(void *acc, hk_event e) { return cxkpi_nps_add(acc, (int32_t)e.a); }
static cxkpi_status nps_remove_v(void *acc, hk_event e) { return cxkpi_nps_remove(acc, (int32_t)e.a); }

static uint64_t nps_count_v(const void *acc)
{
    uint64_t n = 0;
    cxkpi_nps_count(acc, &n);
    return n;
}

static bool nps_results_ok(const void *acc)
{
    uint64_t n, pro, pas, det;
    double score, pp, pa, pd, se, moe;
    if (cxkpi_nps_count(acc, &n) || cxkpi_nps_groups(acc, &pro, &pas, &det) ||
        pro + pas + det != n)
        return false;
    if (n == 0)
        return cxkpi_nps_score(acc, &score) == CXKPI_EEMPTY &&
               cxkpi_nps_group_percents(acc, &pp, &pa, &pd) == CXKPI_EEMPTY &&
               cxkpi_nps_stderr(acc, &se) == CXKPI_EEMPTY &&
               cxkpi_nps_margin(acc, 0.95, &moe) == CXKPI_EEMPTY;
    return cxkpi_nps_score(acc, &score) == CXKPI_OK && in_range(score, -100, 100) &&
           cxkpi_nps_group_percents(acc, &pp, &pa, &pd) == CXKPI_OK && in_range(pp, 0, 100) &&
           in_range(pa, 0, 100) && in_range(pd, 0, 100) && fabs(pp + pa + pd - 100) < 1e-9 &&
           cxkpi_nps_stderr(acc, &se) == CXKPI_OK && in_range(se, 0, 100) &&
           cxkpi_nps_margin(acc, 0.95, &moe) == CXKPI_OK && in_range(moe, 0, 196);
}

const harden_kind harden_kinds[] = {
    {HK_ENTRY(csat), .make = csat_make, .make_other = csat_make_other,
     .random_event = csat_random, .any_event = csat_any, .add = csat_add_v,
     .remove = csat_remove_v, .count = csat_count_v, .results_ok = csat_results_ok},
    {HK_ENTRY(nps), .make = nps_make, .make_other = NULL, .random_event = nps_random,
     .any_event = nps_any, .add = nps_add_v, .remove = nps_remove_v, .count = nps_count_v,
     .results_ok = nps_results_ok},
};
const size_t harden_kind_count = sizeof harden_kinds / sizeof harden_kinds[0];

uint8_t *hk_bytes(const harden_kind *k, const void *acc, size_t *n)
{
    size_t size, written;
    if (k->serialized_size(acc, &size) != CXKPI_OK)
        return NULL;
    uint8_t *p = malloc(size);
    if (p && (k->serialize(acc, p, size, &written) != CXKPI_OK || written != size)) {
        free(p);
        return NULL;
    }
    *n = size;
    return p;
}

bool hk_is(const harden_kind *k, const void *acc, const uint8_t *p, size_t n)
{
    size_t m;
    uint8_t *q = hk_bytes(k, acc, &m);
    bool same = q && m == n && memcmp(p, q, n) == 0;
    free(q);
    return same;
}

bool hk_same(const harden_kind *k, const void *a, const void *b)
{
    size_t n;
    uint8_t *p = hk_bytes(k, a, &n);
    bool same = p && hk_is(k, b, p, n);
    free(p);
    return same;
}
