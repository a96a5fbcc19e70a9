/* Differences between two samples: NPS (Wald) and proportions (Newcombe's hybrid score
 * interval, pooled z-test). The formulas are in cxkpi/compare.h. Only public calls of the
 * other modules are used. */
#include "cxkpi/compare.h"

#include <math.h>
#include <stdbool.h>

#include "cxkpi/stats.h"
#include "common/percent.h"

/* Two-sided p-value of a standard normal statistic: P(|Z| >= |z|) = erfc(|z| / sqrt 2),
 * accurate in the far tail (no 1 - Phi cancellation). */
static double two_sided_p(double z)
{
    return cxkpi__clamp(erfc(fabs(z) * 0.70710678118654752440), 0.0, 1.0);
}

static bool confidence_valid(double c)
{
    return c > 0.0 && c < 1.0;
}

cxkpi_status cxkpi_proportion_difference(uint64_t successes_a, uint64_t trials_a,
                                         uint64_t successes_b, uint64_t trials_b,
                                         double confidence, double *difference, double *lo,
                                         double *hi, double *p_value)
{
    if (!difference || !lo || !hi || !p_value || successes_a > trials_a ||
        successes_b > trials_b)
        return CXKPI_EINVAL;
    if (trials_a == 0 || trials_b == 0)
        return CXKPI_EEMPTY;
    if (!confidence_valid(confidence))
        return CXKPI_ERANGE;
    double la, ua, lb, ub; /* Wilson bounds, in percent */
    cxkpi_status st = cxkpi_wilson_interval(successes_a, trials_a, confidence, &la, &ua);
    if (st == CXKPI_OK)
        st = cxkpi_wilson_interval(successes_b, trials_b, confidence, &lb, &ub);
    if (st != CXKPI_OK)
        return st;
    const double pa = cxkpi__percent(successes_a, trials_a);
    const double pb = cxkpi__percent(successes_b, trials_b);
    const double d = pa - pb;
    /* Newcombe (1998), method 10: each side combines the two Wilson half-widths that face
     * it in quadrature. */
    const double l = d - sqrt((pa - la) * (pa - la) + (ub - pb) * (ub - pb));
    const double h = d + sqrt((ua - pa) * (ua - pa) + (pb - lb) * (pb - lb));
    /* Pooled z-test: under "no difference" both samples share P = (x_a + x_b) / (n_a + n_b).
     * The counts are summed as doubles (they may exceed 2^64 together). */
    const double na = (double)trials_a, nb = (double)trials_b;
    const double pooled = ((double)successes_a + (double)successes_b) / (na + nb);
    const double var0 = pooled * (1.0 - pooled) * (1.0 / na + 1.0 / nb);
    double p = 1.0;
    if (var0 > 0.0 && d != 0.0)
        p = two_sided_p((d / 100.0) / sqrt(var0));
    *difference = d;
    *lo = cxkpi__clamp(l, -100.0, d);
    *hi = cxkpi__clamp(h, d, 100.0);
    *p_value = p;
    return CXKPI_OK;
}

/* NPS and per-response variance of one sample of n = promoters + passives + detractors. */
static void nps_moments(uint64_t promoters, uint64_t detractors, uint64_t n, double *score,
                        double *variance)
{
    const double dn = (double)n;
    const double net = promoters >= detractors ? (double)(promoters - detractors)
                                               : -(double)(detractors - promoters);
    *score = cxkpi__clamp(100.0 * net / dn, -100.0, 100.0);
    const double p = (double)promoters / dn, d = (double)detractors / dn;
    const double v = p + d - (p - d) * (p - d);
    *variance = v > 0.0 ? v : 0.0; /* only rounding makes it negative */
}

static bool sum3(uint64_t a, uint64_t b, uint64_t c, uint64_t *n)
{
    if (b > UINT64_MAX - a || c > UINT64_MAX - a - b)
        return false;
    *n = a + b + c;
    return true;
}

cxkpi_status cxkpi_nps_difference_counts(uint64_t promoters_a, uint64_t passives_a,
                                         uint64_t detractors_a, uint64_t promoters_b,
                                         uint64_t passives_b, uint64_t detractors_b,
                                         double confidence, double *difference, double *se,
                                         double *lo, double *hi, double *p_value)
{
    if (!difference || !se || !lo || !hi || !p_value)
        return CXKPI_EINVAL;
    uint64_t na, nb;
    if (!sum3(promoters_a, passives_a, detractors_a, &na) ||
        !sum3(promoters_b, passives_b, detractors_b, &nb))
        return CXKPI_EOVERFLOW;
    if (na == 0 || nb == 0)
        return CXKPI_EEMPTY;
    double z;
    cxkpi_status st = cxkpi_normal_z(confidence, &z);
    if (st != CXKPI_OK)
        return st;
    double sa, va, sb, vb;
    nps_moments(promoters_a, detractors_a, na, &sa, &va);
    nps_moments(promoters_b, detractors_b, nb, &sb, &vb);
    const double d = sa - sb;
    const double s = 100.0 * sqrt(va / (double)na + vb / (double)nb);
    *difference = d;
    *se = s;
    *lo = d - z * s;
    *hi = d + z * s;
    *p_value = s > 0.0 ? two_sided_p(d / s) : (d == 0.0 ? 1.0 : 0.0);
    return CXKPI_OK;
}

cxkpi_status cxkpi_nps_difference(const cxkpi_nps *a, const cxkpi_nps *b, double confidence,
                                  double *difference, double *se, double *lo, double *hi,
                                  double *p_value)
{
    uint64_t pa, ma, da, pb, mb, db;
    if (!a || !b || cxkpi_nps_groups(a, &pa, &ma, &da) != CXKPI_OK ||
        cxkpi_nps_groups(b, &pb, &mb, &db) != CXKPI_OK)
        return CXKPI_EINVAL;
    return cxkpi_nps_difference_counts(pa, ma, da, pb, mb, db, confidence, difference, se, lo,
                                       hi, p_value);
}

cxkpi_status cxkpi_csat_percent_difference(const cxkpi_csat *a, const cxkpi_csat *b,
                                           double confidence, double *difference, double *lo,
                                           double *hi, double *p_value)
{
    if (!a || !b)
        return CXKPI_EINVAL;
    int32_t amin, amax, athr, bmin, bmax, bthr;
    uint64_t xa, na, xb, nb;
    if (cxkpi_csat_config(a, &amin, &amax, &athr) != CXKPI_OK ||
        cxkpi_csat_config(b, &bmin, &bmax, &bthr) != CXKPI_OK ||
        cxkpi_csat_satisfied(a, &xa) != CXKPI_OK || cxkpi_csat_count(a, &na) != CXKPI_OK ||
        cxkpi_csat_satisfied(b, &xb) != CXKPI_OK || cxkpi_csat_count(b, &nb) != CXKPI_OK)
        return CXKPI_EINVAL;
    if (amin != bmin || amax != bmax || athr != bthr)
        return CXKPI_EMISMATCH;
    return cxkpi_proportion_difference(xa, na, xb, nb, confidence, difference, lo, hi, p_value);
}

cxkpi_status cxkpi_fcr_percent_difference(const cxkpi_fcr *a, const cxkpi_fcr *b,
                                          double confidence, double *difference, double *lo,
                                          double *hi, double *p_value)
{
    uint64_t na, xa, nb, xb, unused;
    if (!a || !b || cxkpi_fcr_counts(a, &na, &xa, &unused, &unused, &unused) != CXKPI_OK ||
        cxkpi_fcr_counts(b, &nb, &xb, &unused, &unused, &unused) != CXKPI_OK)
        return CXKPI_EINVAL;
    return cxkpi_proportion_difference(xa, na, xb, nb, confidence, difference, lo, hi, p_value);
}

/* met and met + breached of an SLA accumulator */
static bool sla_counts(const cxkpi_sla *s, uint64_t *met, uint64_t *decided)
{
    uint64_t breached;
    if (cxkpi_sla_met(s, met) != CXKPI_OK || cxkpi_sla_breached(s, &breached) != CXKPI_OK ||
        breached > UINT64_MAX - *met)
        return false;
    *decided = *met + breached;
    return true;
}

cxkpi_status cxkpi_sla_compliance_percent_difference(const cxkpi_sla *a, const cxkpi_sla *b,
                                                     double confidence, double *difference,
                                                     double *lo, double *hi, double *p_value)
{
    if (!a || !b)
        return CXKPI_EINVAL;
    double ta, tb;
    uint64_t xa, na, xb, nb;
    if (cxkpi_sla_target(a, &ta) != CXKPI_OK || cxkpi_sla_target(b, &tb) != CXKPI_OK ||
        !sla_counts(a, &xa, &na) || !sla_counts(b, &xb, &nb))
        return CXKPI_EINVAL;
    if (ta != tb)
        return CXKPI_EMISMATCH;
    return cxkpi_proportion_difference(xa, na, xb, nb, confidence, difference, lo, hi, p_value);
}
