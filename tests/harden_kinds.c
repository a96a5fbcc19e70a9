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
/* Fuzzed events also go through the int64 and double batches (b = 1, 2; b = 3 is a
 * fraction, always refused); random ones (b = 0) through the single add. */
static hk_event csat_any(uint64_t x, uint64_t y) { return (hk_event){(int64_t)(x % 9) - 1, (int64_t)(y % 4)}; }
static cxkpi_status csat_add_v(void *acc, hk_event e)
{
    const int64_t i = e.a;
    const double d = (double)e.a + (e.b == 3 ? 0.5 : 0.0);
    size_t skipped;
    if (e.b == 1)
        return cxkpi_csat_add_many_i64(acc, &i, 1);
    if (e.b >= 2)
        return cxkpi_csat_add_many_f64(acc, &d, 1, &skipped);
    return cxkpi_csat_add(acc, (int32_t)e.a);
}
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
               cxkpi_csat_percent_interval(acc, 0.95, &lo, &hi) == CXKPI_EEMPTY;
    if (cxkpi_csat_percent(acc, &pct) != CXKPI_OK || !in_range(pct, 0, 100) ||
        cxkpi_csat_mean(acc, &mean) != CXKPI_OK || !in_range(mean, lo_score, hi_score))
        return false;
    cxkpi_status st = cxkpi_csat_percent_interval(acc, 0.95, &lo, &hi);
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
static hk_event nps_any(uint64_t x, uint64_t y) { return (hk_event){(int64_t)(x % 13) - 1, (int64_t)(y % 4)}; }
static cxkpi_status nps_add_v(void *acc, hk_event e) /* as csat_add_v */
{
    const int64_t i = e.a;
    const double d = (double)e.a + (e.b == 3 ? 0.5 : 0.0);
    size_t skipped;
    if (e.b == 1)
        return cxkpi_nps_add_many_i64(acc, &i, 1);
    if (e.b >= 2)
        return cxkpi_nps_add_many_f64(acc, &d, 1, &skipped);
    return cxkpi_nps_add(acc, (int32_t)e.a);
}
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

/* ---- SLA: target 3600 s; a = 0 finished, 1 open; b = elapsed seconds (whole seconds,
 * so that lateness sums are exact whatever the order and bytes can be compared) ---- */
HK_COMMON(sla)

static cxkpi_status sla_make_target(void **out, double target)
{
    cxkpi_sla *c = *out;
    cxkpi_status st = cxkpi_sla_new(&c, target);
    *out = c;
    return st;
}

static cxkpi_status sla_make(void **out) { return sla_make_target(out, 3600.0); }
static cxkpi_status sla_make_other(void **out) { return sla_make_target(out, 60.0); }

static hk_event sla_random(uint64_t *rng)
{
    uint64_t r = test_rand(rng);
    return (hk_event){(int64_t)(r & 1), (int64_t)((r >> 1) % 10000)};
}

/* Seconds carried by an event: whole seconds in b, or (when bit 1 of a is set) the bits of
 * any double, for fuzzing. */
static double event_seconds(hk_event e)
{
    double v;
    if (e.a & 2)
        memcpy(&v, &e.b, sizeof v);
    else
        v = (double)e.b;
    return v;
}

/* Mostly valid seconds from fuzzer bytes, sometimes NaN, infinities, negatives, huge or
 * tiny values, or one of `odd`. */
static hk_event any_seconds(int64_t a, uint64_t y, double odd)
{
    static const double special[] = {-1.0, 1e300, 1e18, 1e-12, 0.0, 1e9};
    double v = (y & 0xF000) == 0xF000 ? special[y % 6]
                                      : (double)(y % 20000) / ((y & 1) ? 1.0 : 4.0);
    if ((y & 0xF0000) == 0xF0000)
        v = odd;
    if ((y & 0xFF0000) == 0xFF0000)
        v = (y & 0x100) ? NAN : -INFINITY;
    hk_event e = {a | 2, 0};
    memcpy(&e.b, &v, sizeof v);
    return e;
}

static hk_event sla_any(uint64_t x, uint64_t y)
{
    return any_seconds((int64_t)(x & 1), y, (y & 0x200) ? 3600.0 : CXKPI_SLA_MAX_SECONDS);
}

static double sla_seconds(hk_event e) { return event_seconds(e); }

static cxkpi_status sla_add_v(void *acc, hk_event e)
{
    return (e.a & 1) ? cxkpi_sla_add_open(acc, sla_seconds(e)) : cxkpi_sla_add(acc, sla_seconds(e));
}

static cxkpi_status sla_remove_v(void *acc, hk_event e)
{
    return (e.a & 1) ? cxkpi_sla_remove_open(acc, sla_seconds(e))
                     : cxkpi_sla_remove(acc, sla_seconds(e));
}

static uint64_t sla_count_v(const void *acc)
{
    uint64_t met = 0, breached = 0, in_progress = 0;
    cxkpi_sla_met(acc, &met);
    cxkpi_sla_breached(acc, &breached);
    cxkpi_sla_in_progress(acc, &in_progress);
    return met + breached + in_progress;
}

/* Lateness statistics (count, total, mean, max) of one class; EEMPTY iff count is 0. */
static bool lateness_ok(cxkpi_status st, uint64_t expect, uint64_t count, double total,
                        double mean, double max)
{
    if (expect == 0)
        return st == CXKPI_EEMPTY;
    return st == CXKPI_OK && count == expect && total >= 0 && mean >= 0 &&
           mean <= max * (1 + 2e-12) && total <= max * (double)count * (1 + 2e-12) &&
           max <= CXKPI_SLA_MAX_SECONDS;
}

static bool sla_results_ok(const void *acc)
{
    uint64_t met, breached, open, in_progress, n, nf;
    double pct, lo, hi, total, mean, max, target;
    if (cxkpi_sla_met(acc, &met) || cxkpi_sla_breached(acc, &breached) ||
        cxkpi_sla_breached_open(acc, &open) || cxkpi_sla_in_progress(acc, &in_progress) ||
        cxkpi_sla_target(acc, &target) || open > breached || !(target > 0))
        return false;
    cxkpi_status st = cxkpi_sla_lateness(acc, &n, &total, &mean, &max);
    if (!lateness_ok(st, breached, n, total, mean, max))
        return false;
    st = cxkpi_sla_lateness_finished(acc, &nf, &total, &mean, &max);
    if (!lateness_ok(st, breached - open, nf, total, mean, max))
        return false;
    if (met + breached == 0)
        return cxkpi_sla_compliance_percent(acc, &pct) == CXKPI_EEMPTY &&
               cxkpi_sla_compliance_percent_interval(acc, 0.95, &lo, &hi) == CXKPI_EEMPTY;
    if (cxkpi_sla_compliance_percent(acc, &pct) != CXKPI_OK || !in_range(pct, 0, 100))
        return false;
    st = cxkpi_sla_compliance_percent_interval(acc, 0.95, &lo, &hi);
    return interval_ok(st, &lo, &hi, pct);
}

/* Everything but the maximum lateness, which a retraction cannot lower. */
static bool sla_restored(const void *before, const void *after)
{
    const void *acc[2] = {before, after};
    uint64_t c[2][5];
    double t[2][2];
    for (int i = 0; i < 2; i++) {
        double mean, max;
        uint64_t n;
        cxkpi_sla_met(acc[i], &c[i][0]);
        cxkpi_sla_breached(acc[i], &c[i][1]);
        cxkpi_sla_breached_open(acc[i], &c[i][2]);
        cxkpi_sla_in_progress(acc[i], &c[i][3]);
        t[i][0] = t[i][1] = 0;
        c[i][4] = 0;
        if (cxkpi_sla_lateness(acc[i], &n, &t[i][0], &mean, &max) == CXKPI_OK)
            c[i][4] = n;
        cxkpi_sla_lateness_finished(acc[i], &n, &t[i][1], &mean, &max);
    }
    return memcmp(c[0], c[1], sizeof c[0]) == 0 && t[0][0] == t[1][0] && t[0][1] == t[1][1];
}

/* ---- churn: a = the operation: 0 add_start(b), 1 add_gained(b), 2 add_lost(b),
 * 3 remove_lost(b), 4 one whole segment: b = start | gained << 16 | lost << 32 (lost <=
 * start, so valid in any sequence: what the property tests draw) ---- */
HK_COMMON(churn)

static cxkpi_status churn_make(void **out)
{
    cxkpi_churn *c = *out;
    cxkpi_status st = cxkpi_churn_new(&c);
    *out = c;
    return st;
}

static hk_event churn_random(uint64_t *rng)
{
    uint64_t r = test_rand(rng);
    uint64_t start = r % 50, gained = (r >> 8) % 10, lost = (r >> 16) % (start + 1);
    return (hk_event){4, (int64_t)(start | gained << 16 | lost << 32)};
}

static hk_event churn_any(uint64_t x, uint64_t y)
{
    /* small counts mostly, sometimes close to 2^64 */
    uint64_t b = (y >> 24) == 0xFF ? UINT64_MAX - (y & 0xFF) : y % 64;
    if (x % 5 == 4)
        b = (y & 0x3F) | ((y >> 6) & 7) << 16 | ((y >> 9) & 0x3F) << 32;
    return (hk_event){(int64_t)(x % 5), (int64_t)b};
}

static cxkpi_status churn_add_v(void *acc, hk_event e)
{
    uint64_t b = (uint64_t)e.b;
    switch (e.a) {
    case 0: return cxkpi_churn_add_start(acc, b);
    case 1: return cxkpi_churn_add_gained(acc, b);
    case 2: return cxkpi_churn_add_lost(acc, b);
    case 3: return cxkpi_churn_remove_lost(acc, b);
    default: { /* segment: check first, so that it is all or nothing */
        uint64_t start, gained, lost, s = b & 0xFFFF, g = (b >> 16) & 0xFFFF, l = b >> 32;
        cxkpi_churn_counts(acc, &start, &gained, &lost);
        if (l > s)
            return CXKPI_ERANGE;
        if (s + g > UINT64_MAX - start - gained)
            return CXKPI_EOVERFLOW;
        cxkpi_status st = cxkpi_churn_add_start(acc, s);
        if (st == CXKPI_OK)
            st = cxkpi_churn_add_gained(acc, g);
        if (st == CXKPI_OK)
            st = cxkpi_churn_add_lost(acc, l);
        return st;
    }
    }
}

/* How much a successful operation changes start + gained + lost (a retraction lowers it:
 * modulo 2^64). */
static uint64_t churn_weight(hk_event e)
{
    uint64_t b = (uint64_t)e.b;
    if (e.a == 3)
        return (uint64_t)0 - b;
    if (e.a == 4)
        return (b & 0xFFFF) + ((b >> 16) & 0xFFFF) + (b >> 32);
    return b;
}

static uint64_t churn_count_v(const void *acc)
{
    uint64_t start = 0, gained = 0, lost = 0;
    cxkpi_churn_counts(acc, &start, &gained, &lost);
    return start + gained + lost;
}

static bool churn_results_ok(const void *acc)
{
    uint64_t start, gained, lost, end;
    double rate, lo, hi, growth;
    if (cxkpi_churn_counts(acc, &start, &gained, &lost) || cxkpi_churn_at_end(acc, &end) ||
        lost > start || end != start + gained - lost)
        return false;
    if (start == 0)
        return cxkpi_churn_percent(acc, &rate) == CXKPI_EEMPTY &&
               cxkpi_churn_percent_interval(acc, 0.95, &lo, &hi) == CXKPI_EEMPTY &&
               cxkpi_churn_net_growth(acc, &growth) == CXKPI_EEMPTY;
    if (cxkpi_churn_percent(acc, &rate) != CXKPI_OK || !in_range(rate, 0, 100) ||
        cxkpi_churn_net_growth(acc, &growth) != CXKPI_OK || !(growth >= -100.0))
        return false;
    cxkpi_status st = cxkpi_churn_percent_interval(acc, 0.95, &lo, &hi);
    return interval_ok(st, &lo, &hi, rate);
}

/* ---- FCR outcomes: a = the flags ---- */
HK_COMMON(fcr)

static cxkpi_status fcr_make(void **out)
{
    cxkpi_fcr *c = *out;
    cxkpi_status st = cxkpi_fcr_new(&c);
    *out = c;
    return st;
}

static hk_event fcr_random(uint64_t *rng)
{
    static const int64_t valid[] = {0, 1, 2, 4, 6, 8, 10, 12, 14};
    return (hk_event){valid[test_rand(rng) % 9], 0};
}

static hk_event fcr_any(uint64_t x, uint64_t y) { (void)y; return (hk_event){(int64_t)(x % 40), 0}; }
static cxkpi_status fcr_add_v(void *acc, hk_event e) { return cxkpi_fcr_add(acc, (uint32_t)e.a); }
static cxkpi_status fcr_remove_v(void *acc, hk_event e) { return cxkpi_fcr_remove(acc, (uint32_t)e.a); }

static uint64_t fcr_count_v(const void *acc)
{
    uint64_t issues = 0, r, e, o, x;
    cxkpi_fcr_counts(acc, &issues, &r, &e, &o, &x);
    return issues;
}

/* A rate getter and its interval: EEMPTY together when `whole` is 0, else in range. */
static bool rate_ok(cxkpi_status (*rate)(const cxkpi_fcr *, double *),
                    cxkpi_status (*interval)(const cxkpi_fcr *, double, double *, double *),
                    const void *acc, uint64_t part, uint64_t whole)
{
    double pct, lo, hi;
    if (whole == 0)
        return rate(acc, &pct) == CXKPI_EEMPTY && interval(acc, 0.95, &lo, &hi) == CXKPI_EEMPTY;
    if (rate(acc, &pct) != CXKPI_OK || !in_range(pct, 0, 100) ||
        fabs(pct - 100.0 * (double)part / (double)whole) > 1e-9)
        return false;
    cxkpi_status st = interval(acc, 0.95, &lo, &hi);
    return interval_ok(st, &lo, &hi, pct);
}

static bool fcr_results_ok(const void *acc)
{
    uint64_t n, res, esc, reo, exc, c, sum = 0;
    if (cxkpi_fcr_counts(acc, &n, &res, &esc, &reo, &exc))
        return false;
    for (uint32_t f = 0; f <= CXKPI_FCR_ALL; f++)
        if (cxkpi_fcr_combination_count(acc, f, &c) == CXKPI_OK)
            sum += c;
    if (sum != n || res > n - exc || esc > n || reo > n || exc > n)
        return false;
    return rate_ok(cxkpi_fcr_percent, cxkpi_fcr_percent_interval, acc, res, n) &&
           rate_ok(cxkpi_fcr_net_percent, cxkpi_fcr_net_percent_interval, acc, res, n - exc) &&
           rate_ok(cxkpi_fcr_escalation_percent, cxkpi_fcr_escalation_percent_interval, acc, esc, n) &&
           rate_ok(cxkpi_fcr_reopen_percent, cxkpi_fcr_reopen_percent_interval, acc, reo, n);
}

/* ---- durations: alpha 1 %, at most 64 buckets (so that wide inputs collapse the low
 * tail); events are whole seconds, zeros and sub-nanosecond values ---- */
HK_COMMON(duration)

#define DURATION_TEST_BUCKETS 64u

static cxkpi_status duration_make_cfg(void **out, double alpha)
{
    cxkpi_duration *c = *out;
    cxkpi_status st = cxkpi_duration_new(&c, alpha, DURATION_TEST_BUCKETS);
    *out = c;
    return st;
}

static cxkpi_status duration_make(void **out) { return duration_make_cfg(out, 0.01); }
static cxkpi_status duration_make_other(void **out) { return duration_make_cfg(out, 0.02); }

/* Whole seconds over 1 s .. 1e8 s (spanning more buckets than kept), some zeros. */
static hk_event duration_random(uint64_t *rng)
{
    uint64_t r = test_rand(rng);
    if (r % 16 == 0)
        return (hk_event){0, 0};
    int64_t mag = (int64_t)((r >> 8) % 8);
    int64_t v = 1 + (int64_t)((r >> 16) % 10);
    while (mag--)
        v *= 10;
    return (hk_event){0, v};
}

/* Bit 2 of a: the value goes through cxkpi_duration_add_weighted(), with the weight
 * 1 + bits 3-4 of a (1 to 4); the random events of the durations' own entry use it in a
 * quarter of the cases, the fuzzed ones when the fuzzer sets the bits. */
static uint64_t duration_weight(hk_event e)
{
    return (e.a & 4) ? 1 + (uint64_t)((e.a >> 3) & 3) : 1;
}

static hk_event duration_random_weighted(uint64_t *rng)
{
    hk_event e = duration_random(rng);
    uint64_t r = test_rand(rng);
    if (r % 4 == 0)
        e.a |= 4 | (int64_t)((r >> 8) & 3) << 3;
    return e;
}

static hk_event duration_any(uint64_t x, uint64_t y)
{
    hk_event e = any_seconds(0, y ^ x << 32, (x & 1) ? CXKPI_DURATION_MAX_SECONDS : 5e-10);
    e.a |= (int64_t)(x & 0x1c); /* bit 2: weighted; bits 3-4: the weight */
    return e;
}

static cxkpi_status duration_add_v(void *acc, hk_event e)
{
    if (e.a & 4)
        return cxkpi_duration_add_weighted(acc, event_seconds(e), duration_weight(e));
    return cxkpi_duration_add(acc, event_seconds(e));
}

static uint64_t duration_count_v(const void *acc)
{
    uint64_t n = 0;
    cxkpi_duration_count(acc, &n);
    return n;
}

static const double probe_q[] = {0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0};
#define PROBES (sizeof probe_q / sizeof probe_q[0])

static bool duration_results_ok(const void *acc)
{
    uint64_t n, zeros, collapsed;
    double sum, mean, min, max, sd, q[PROBES];
    if (cxkpi_duration_count(acc, &n) || cxkpi_duration_zero_count(acc, &zeros) ||
        cxkpi_duration_collapsed_count(acc, &collapsed) || zeros > n || collapsed > n - zeros)
        return false;
    if (n == 0)
        return cxkpi_duration_mean(acc, &mean) == CXKPI_EEMPTY &&
               cxkpi_duration_min(acc, &min) == CXKPI_EEMPTY &&
               cxkpi_duration_max(acc, &max) == CXKPI_EEMPTY &&
               cxkpi_duration_stddev(acc, &sd) == CXKPI_EEMPTY &&
               cxkpi_duration_quantile(acc, 0.5, &q[0]) == CXKPI_EEMPTY;
    if (cxkpi_duration_sum(acc, &sum) || cxkpi_duration_mean(acc, &mean) ||
        cxkpi_duration_min(acc, &min) || cxkpi_duration_max(acc, &max) ||
        cxkpi_duration_stddev(acc, &sd) || cxkpi_duration_quantiles(acc, probe_q, PROBES, q))
        return false;
    double tol = 1e-9 * max;
    if (!(min >= 0 && min <= max && max <= CXKPI_DURATION_MAX_SECONDS && sum >= 0 &&
          mean >= min - tol && mean <= max + tol && sd >= 0 && sd <= (max - min) + tol))
        return false;
    for (size_t i = 0; i < PROBES; i++)
        if (!(q[i] >= min && q[i] <= max && (i == 0 || q[i] >= q[i - 1])))
            return false;
    return q[0] == min && q[PROBES - 1] == max;
}

static bool close_rel(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b)) + 1e-300;
}

static bool duration_equivalent(const void *a, const void *b)
{
    const void *acc[2] = {a, b};
    uint64_t c[2][3];
    double d[2][5], q[2][PROBES];
    for (int i = 0; i < 2; i++) {
        cxkpi_duration_count(acc[i], &c[i][0]);
        cxkpi_duration_zero_count(acc[i], &c[i][1]);
        cxkpi_duration_collapsed_count(acc[i], &c[i][2]);
        memset(d[i], 0, sizeof d[i]);
        memset(q[i], 0, sizeof q[i]);
        cxkpi_duration_sum(acc[i], &d[i][0]);
        cxkpi_duration_mean(acc[i], &d[i][1]);
        cxkpi_duration_stddev(acc[i], &d[i][2]);
        cxkpi_duration_min(acc[i], &d[i][3]);
        cxkpi_duration_max(acc[i], &d[i][4]);
        cxkpi_duration_quantiles(acc[i], probe_q, PROBES, q[i]);
    }
    bool same = memcmp(c[0], c[1], sizeof c[0]) == 0 && memcmp(q[0], q[1], sizeof q[0]) == 0 &&
                d[0][3] == d[1][3] && d[0][4] == d[1][4];
    for (int j = 0; j < 2; j++)
        same = same && close_rel(d[0][j], d[1][j]);
    /* the deviation: relative to the largest value, as it can be a tiny difference */
    return same && fabs(d[0][2] - d[1][2]) <= 1e-9 * d[0][4] + 1e-300;
}

/* ---- AHT: b = talk | hold << 20 | acw << 40, whole seconds ---- */
HK_COMMON(aht)

static cxkpi_status aht_make_cfg(void **out, double alpha)
{
    cxkpi_aht *c = *out;
    cxkpi_status st = cxkpi_aht_new(&c, alpha, DURATION_TEST_BUCKETS);
    *out = c;
    return st;
}

static cxkpi_status aht_make(void **out) { return aht_make_cfg(out, 0.01); }
static cxkpi_status aht_make_other(void **out) { return aht_make_cfg(out, 0.05); }

static hk_event aht_random(uint64_t *rng)
{
    uint64_t r = test_rand(rng);
    uint64_t talk = r % 3600, hold = (r >> 12) % 8 ? 0 : (r >> 16) % 600, acw = (r >> 28) % 300;
    return (hk_event){0, (int64_t)(talk | hold << 20 | acw << 40)};
}

/* a = 1: three doubles from fuzzer bytes, one of them possibly bad */
static hk_event aht_any(uint64_t x, uint64_t y)
{
    hk_event e = any_seconds(1, y, (x & 1) ? 1e18 : -0.0);
    e.a |= (int64_t)(x % 3) << 8; /* which of the three gets the odd value */
    return e;
}

static void aht_parts(hk_event e, double v[3])
{
    if (e.a & 1) {
        double odd = event_seconds(e);
        int which = (int)((e.a >> 8) & 3);
        for (int i = 0; i < 3; i++)
            v[i] = i == which ? odd : 60.0 * (i + 1);
        return;
    }
    uint64_t b = (uint64_t)e.b;
    v[0] = (double)(b & 0xFFFFF);
    v[1] = (double)((b >> 20) & 0xFFFFF);
    v[2] = (double)(b >> 40);
}

static cxkpi_status aht_add_v(void *acc, hk_event e)
{
    double v[3];
    aht_parts(e, v);
    return cxkpi_aht_add(acc, v[0], v[1], v[2]);
}

static uint64_t aht_count_v(const void *acc)
{
    uint64_t n = 0;
    cxkpi_aht_count(acc, &n);
    return n;
}

static bool aht_results_ok(const void *acc)
{
    uint64_t n;
    double mean[4];
    if (cxkpi_aht_count(acc, &n))
        return false;
    for (int p = 0; p < 4; p++) {
        const cxkpi_duration *d = NULL;
        uint64_t dn;
        if (cxkpi_aht_component(acc, (cxkpi_aht_part)p, &d) || !duration_results_ok(d) ||
            cxkpi_duration_count(d, &dn) || dn != n)
            return false;
        cxkpi_status st = cxkpi_aht_mean(acc, (cxkpi_aht_part)p, &mean[p]);
        if (st != (n ? CXKPI_OK : CXKPI_EEMPTY))
            return false;
    }
    /* AHT = mean of the totals = the sum of the components' means, up to rounding */
    return n == 0 || fabs(mean[3] - (mean[0] + mean[1] + mean[2])) <= 1e-9 * (mean[3] + 1);
}

static bool aht_equivalent(const void *a, const void *b)
{
    for (int p = 0; p < 4; p++) {
        const cxkpi_duration *da = NULL, *db = NULL;
        cxkpi_aht_component(a, (cxkpi_aht_part)p, &da);
        cxkpi_aht_component(b, (cxkpi_aht_part)p, &db);
        if (!duration_equivalent(da, db))
            return false;
    }
    return true;
}

/* ---- Kaplan-Meier: alpha 1 %, 64 buckets per count (wide inputs collapse); a & 1 = an
 * open ticket (censored), b its whole seconds as for durations ---- */
HK_COMMON(survival)

static cxkpi_status survival_make_cfg(void **out, double alpha)
{
    cxkpi_survival *c = *out;
    cxkpi_status st = cxkpi_survival_new(&c, alpha, DURATION_TEST_BUCKETS);
    *out = c;
    return st;
}

static cxkpi_status survival_make(void **out) { return survival_make_cfg(out, 0.01); }
static cxkpi_status survival_make_other(void **out) { return survival_make_cfg(out, 0.02); }

static hk_event survival_random(uint64_t *rng)
{
    hk_event e = duration_random(rng);
    e.a = (int64_t)(test_rand(rng) % 3 == 0); /* a third of the tickets still open */
    return e;
}

static hk_event survival_any(uint64_t x, uint64_t y)
{
    return any_seconds((int64_t)(x & 1), y ^ x << 32, (x & 2) ? CXKPI_DURATION_MAX_SECONDS : 5e-10);
}

static cxkpi_status survival_add_v(void *acc, hk_event e)
{
    const double t = event_seconds(e);
    return (e.a & 1) ? cxkpi_survival_add_open(acc, t) : cxkpi_survival_add(acc, t);
}

static uint64_t survival_count_v(const void *acc)
{
    uint64_t r = 0, o = 0;
    cxkpi_survival_counts(acc, &r, &o);
    return r + o;
}

static bool survival_results_ok(const void *acc)
{
    static const double probe_t[] = {-1.0, 0.0, 1e-10, 1.0, 60.0, 3600.0, 86400.0, 1e8, 1e18, INFINITY};
    uint64_t r, o;
    double pct, lo, hi, within, t;
    if (cxkpi_survival_counts(acc, &r, &o))
        return false;
    if (r + o == 0)
        return cxkpi_survival_at(acc, 1.0, 0.95, &pct, &lo, &hi) == CXKPI_EEMPTY &&
               cxkpi_survival_quantile(acc, 0.5, 0.95, &t, &lo, &hi) == CXKPI_EEMPTY &&
               cxkpi_survival_exact_bounds(acc, 1.0, &lo, &hi) == CXKPI_EEMPTY;
    double prev = 100.0;
    for (size_t i = 0; i < sizeof probe_t / sizeof probe_t[0]; i++) {
        if (cxkpi_survival_at(acc, probe_t[i], 0.95, &pct, &lo, &hi) ||
            cxkpi_survival_percent_resolved_within(acc, probe_t[i], &within) ||
            !(in_range(pct, 0, 100) && in_range(lo, 0, pct) && in_range(hi, pct, 100) &&
              pct <= prev && fabs(pct + within - 100.0) <= 1e-9))
            return false;
        prev = pct;
        if (cxkpi_survival_exact_bounds(acc, probe_t[i], &lo, &hi) || !in_range(lo, 0, 100) ||
            !in_range(hi, lo, 100))
            return false;
    }
    /* nothing resolved: no quantile */
    cxkpi_status st = cxkpi_survival_quantile(acc, 0.5, 0.95, &t, &lo, &hi);
    if (r == 0)
        return st == CXKPI_ENOTFOUND;
    return st == CXKPI_ENOTFOUND ||
           (st == CXKPI_OK && t >= 0 && lo >= 0 && lo <= t && t <= hi);
}

const harden_kind harden_kinds[] = {
    {HK_ENTRY(csat), .make = csat_make, .make_other = csat_make_other,
     .random_event = csat_random, .any_event = csat_any, .add = csat_add_v,
     .remove = csat_remove_v, .count = csat_count_v, .results_ok = csat_results_ok},
    {HK_ENTRY(nps), .make = nps_make, .make_other = NULL, .random_event = nps_random,
     .any_event = nps_any, .add = nps_add_v, .remove = nps_remove_v, .count = nps_count_v,
     .results_ok = nps_results_ok},
    {HK_ENTRY(sla), .make = sla_make, .make_other = sla_make_other, .random_event = sla_random,
     .any_event = sla_any, .add = sla_add_v, .remove = sla_remove_v, .count = sla_count_v,
     .restored = sla_restored, .results_ok = sla_results_ok},
    {HK_ENTRY(churn), .make = churn_make, .make_other = NULL, .random_event = churn_random,
     .any_event = churn_any, .add = churn_add_v, .remove = NULL, .count = churn_count_v,
     .weight = churn_weight, .results_ok = churn_results_ok},
    {HK_ENTRY(fcr), .make = fcr_make, .make_other = NULL, .random_event = fcr_random,
     .any_event = fcr_any, .add = fcr_add_v, .remove = fcr_remove_v, .count = fcr_count_v,
     .results_ok = fcr_results_ok},
    {HK_ENTRY(duration), .make = duration_make, .make_other = duration_make_other,
     .random_event = duration_random_weighted, .any_event = duration_any, .add = duration_add_v,
     .remove = NULL, .count = duration_count_v, .weight = duration_weight,
     .equivalent = duration_equivalent,
     .results_ok = duration_results_ok},
    {HK_ENTRY(aht), .make = aht_make, .make_other = aht_make_other, .random_event = aht_random,
     .any_event = aht_any, .add = aht_add_v, .remove = NULL, .count = aht_count_v,
     .equivalent = aht_equivalent, .results_ok = aht_results_ok},
    {HK_ENTRY(survival), .make = survival_make, .make_other = survival_make_other,
     .random_event = survival_random, .any_event = survival_any, .add = survival_add_v,
     .remove = NULL, .count = survival_count_v, .results_ok = survival_results_ok},
};
const size_t harden_kind_count = sizeof harden_kinds / sizeof harden_kinds[0];

uint64_t hk_weight(const harden_kind *k, hk_event e)
{
    return k->weight ? k->weight(e) : 1;
}

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

bool hk_equivalent(const harden_kind *k, const void *a, const void *b)
{
    return k->equivalent ? k->equivalent(a, b) : hk_same(k, a, b);
}

bool hk_same(const harden_kind *k, const void *a, const void *b)
{
    size_t n;
    uint8_t *p = hk_bytes(k, a, &n);
    bool same = p && hk_is(k, b, p, n);
    free(p);
    return same;
}

static void fcr_counts_into(const cxkpi_fcr *f, uint64_t out[5])
{
    memset(out, 0, 5 * sizeof out[0]);
    cxkpi_fcr_counts(f, &out[0], &out[1], &out[2], &out[3], &out[4]);
}

bool hk_tracker_fingerprint(const cxkpi_fcr_tracker *t, uint64_t fp[HK_TRACKER_FP])
{
    memset(fp, 0, HK_TRACKER_FP * sizeof fp[0]);
    int64_t wm = 0;
    fp[0] = (uint64_t)cxkpi_fcr_tracker_watermark(t, &wm);
    fp[1] = (uint64_t)wm;
    cxkpi_fcr_tracker_open(t, &fp[2], &fp[3]);
    const cxkpi_fcr *res = NULL;
    if (cxkpi_fcr_tracker_results(t, &res) != CXKPI_OK)
        return false;
    fcr_counts_into(res, &fp[4]);
    cxkpi_fcr_tracker *c = NULL;
    if (cxkpi_fcr_tracker_clone(t, &c) != CXKPI_OK)
        return false;
    /* finish can fail with EOVERFLOW (results near 2^64): that status is part of the state */
    fp[15] = (uint64_t)cxkpi_fcr_tracker_finish(c);
    bool ok = cxkpi_fcr_tracker_results(c, &res) == CXKPI_OK;
    if (ok)
        fcr_counts_into(res, &fp[9]);
    size_t size = 0;
    ok = ok && cxkpi_fcr_tracker_serialized_size(t, &size) == CXKPI_OK;
    fp[14] = size;
    cxkpi_fcr_tracker_free(c);
    return ok;
}

void hk_tracker_contacts(uint64_t *rng, size_t n, uint64_t keys, int64_t step, int64_t late,
                         uint64_t *key, int64_t *t)
{
    int64_t now = 1700000000;
    for (size_t i = 0; i < n; i++) {
        uint64_t r = test_rand(rng);
        now += (int64_t)(r % (uint64_t)(step + 1));
        key[i] = (r >> 16) % keys;
        t[i] = now - ((r >> 8) % 4 == 0 ? (int64_t)((r >> 32) % (uint64_t)(late + 1)) : 0);
    }
}
