/**
 * @file cxkpi/compare.h
 * @brief Is a difference real? Differences between two NPS and between two proportions
 *        (CSAT, FCR, SLA compliance), with a confidence interval and a two-sided p-value.
 *
 * Every function compares a group or period **a** with another **b** and reports the
 * difference `a - b` in points (NPS points, or percentage points for proportions), an
 * interval for it at a confidence level, and the two-sided p-value of the hypothesis "no
 * difference". A difference is *significant at confidence c* when the p-value is below
 * `1 - c`; for NPS the interval then excludes 0 as well (both come from the same normal
 * approximation). For proportions the interval (Newcombe) and the test (pooled z) are
 * different constructions, so near the boundary one can exclude 0 while the other does not:
 * report the p-value as the test, the interval as the plausible range.
 *
 * @par NPS: Wald interval
 * Each response counts +1 (promoter), 0 (passive) or -1 (detractor). With `p` and `d` the
 * shares of promoters and detractors of a sample of `n`, the per-response variance is
 * `v = p + d - (p - d)^2` (as in cxkpi_nps_stderr()). For two independent samples:
 * - `difference = NPS_a - NPS_b` (points);
 * - `se = 100 * sqrt(v_a / n_a + v_b / n_b)`;
 * - interval `difference -+ z * se`, with `z = cxkpi_normal_z(confidence)`; not clipped;
 * - `p = 2 * (1 - Phi(|difference| / se))`, computed as `erfc(|difference| / se / sqrt(2))`.
 *
 * Worked example: a = 20 detractors, 30 passives, 50 promoters (NPS 30, v_a = 0.7 - 0.09 =
 * 0.61); b = 30, 30, 40 (NPS 10, v_b = 0.7 - 0.01 = 0.69): difference 20, se =
 * 100 * sqrt(0.013) = 11.401754, 95% interval [-2.347028, 42.347028], p = 0.0794106.
 * When `se` is 0 (each sample all promoters, all detractors or all passives) the interval
 * is `[difference, difference]` and `p` is 1 for a zero difference, 0 otherwise.
 *
 * @par Proportions: Newcombe's hybrid score interval and the pooled z-test
 * With `x_a` successes of `n_a` (share `p_a`) and `x_b` of `n_b` (`p_b`), and the Wilson score
 * intervals `[l_a, u_a]`, `[l_b, u_b]` of each (cxkpi_wilson_interval(), no continuity
 * correction):
 * - `difference = 100 * (p_a - p_b)` (percentage points);
 * - interval (Newcombe 1998, method 10):
 *   `[difference - sqrt((p_a - l_a)^2 + (u_b - p_b)^2), difference + sqrt((u_a - p_a)^2 + (p_b - l_b)^2)]`
 *   (all in percent), which always lies within [-100, 100];
 * - p-value of the pooled two-proportion z-test: with `P = (x_a + x_b) / (n_a + n_b)`,
 *   `z = (p_a - p_b) / sqrt(P (1 - P) (1 / n_a + 1 / n_b))` and `p = erfc(|z| / sqrt(2))`;
 *   1 when `P` is 0 or 1 (both samples all successes or all failures).
 *
 * Worked example (Newcombe 1998, Table II, example (a)): 56/70 against 48/80: difference
 * 20 points, 95% interval [5.24, 33.39]; pooled `P = 104/150`, `z = 2.6502`, p = 0.00805.
 *
 * References: R. G. Newcombe, "Interval estimation for the difference between independent
 * proportions: comparison of eleven methods", Statistics in Medicine 17 (1998) 873-890;
 * E. B. Wilson, "Probable inference, the law of succession, and statistical inference",
 * JASA 22 (1927) 209-212.
 *
 * All functions are thread-safe on `const` handles and change nothing on error.
 */
#ifndef CXKPI_COMPARE_H
#define CXKPI_COMPARE_H

#include "cxkpi/common.h"
#include "cxkpi/csat.h"
#include "cxkpi/fcr.h"
#include "cxkpi/nps.h"
#include "cxkpi/sla.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Difference of two proportions given as counts: `100 * (x_a / n_a - x_b / n_b)`
 *        percentage points, Newcombe's hybrid score interval and the pooled z-test p-value.
 * @param successes_a successes of sample a, at most @p trials_a.
 * @param trials_a size of sample a, at least 1.
 * @param successes_b successes of sample b, at most @p trials_b.
 * @param trials_b size of sample b, at least 1.
 * @param confidence level of the interval, in (0, 1), e.g. 0.95.
 * @param[out] difference receives the difference in percentage points, in [-100, 100].
 * @param[out] lo receives the interval's lower bound, in [-100, 100].
 * @param[out] hi receives the interval's upper bound, in [-100, 100].
 * @param[out] p_value receives the two-sided p-value, in [0, 1].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL an output pointer is NULL, or successes exceed trials.
 * @retval CXKPI_EEMPTY a sample is empty (0 trials).
 * @retval CXKPI_ERANGE @p confidence is not in (0, 1) (NaN included).
 * @threadsafe
 */
CXKPI_API cxkpi_status cxkpi_proportion_difference(uint64_t successes_a, uint64_t trials_a,
                                                   uint64_t successes_b, uint64_t trials_b,
                                                   double confidence, double *difference,
                                                   double *lo, double *hi, double *p_value);

/**
 * @brief Difference of two NPS given as group counts: `NPS_a - NPS_b` points, its Wald
 *        standard error, interval and two-sided p-value (see "NPS: Wald interval").
 * @param promoters_a promoters (9-10) of sample a. @param passives_a passives (7-8) of a.
 * @param detractors_a detractors (0-6) of a. @param promoters_b promoters of sample b.
 * @param passives_b passives of b. @param detractors_b detractors of b.
 * @param confidence level of the interval, in (0, 1).
 * @param[out] difference receives the difference in NPS points, in [-200, 200].
 * @param[out] se receives its standard error, in NPS points.
 * @param[out] lo receives `difference - z * se` (not clipped).
 * @param[out] hi receives `difference + z * se` (not clipped).
 * @param[out] p_value receives the two-sided p-value, in [0, 1].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL an output pointer is NULL.
 * @retval CXKPI_EOVERFLOW a sample's total count exceeds 2^64 - 1.
 * @retval CXKPI_EEMPTY a sample has no responses.
 * @retval CXKPI_ERANGE @p confidence is not in (0, 1).
 * @threadsafe
 */
CXKPI_API cxkpi_status cxkpi_nps_difference_counts(uint64_t promoters_a, uint64_t passives_a,
                                                   uint64_t detractors_a, uint64_t promoters_b,
                                                   uint64_t passives_b, uint64_t detractors_b,
                                                   double confidence, double *difference,
                                                   double *se, double *lo, double *hi,
                                                   double *p_value);

/**
 * @brief cxkpi_nps_difference_counts() of two NPS accumulators (a minus b).
 * @param a the first accumulator. @param b the second (may be the same as @p a).
 * @param confidence in (0, 1). @param[out] difference NPS points. @param[out] se NPS points.
 * @param[out] lo lower bound. @param[out] hi upper bound. @param[out] p_value in [0, 1].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a handle or pointer is NULL.
 * @retval CXKPI_EEMPTY an accumulator has no responses.
 * @retval CXKPI_ERANGE @p confidence is not in (0, 1).
 * @threadsafe
 */
CXKPI_API cxkpi_status cxkpi_nps_difference(const cxkpi_nps *a, const cxkpi_nps *b,
                                            double confidence, double *difference, double *se,
                                            double *lo, double *hi, double *p_value);

/**
 * @brief Difference of two CSAT percentages (a minus b): satisfied of responses, compared
 *        with cxkpi_proportion_difference().
 * @param a the first accumulator. @param b the second.
 * @param confidence in (0, 1). @param[out] difference percentage points.
 * @param[out] lo lower bound. @param[out] hi upper bound. @param[out] p_value in [0, 1].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a handle or pointer is NULL.
 * @retval CXKPI_EMISMATCH the scales or the satisfied thresholds differ (the percentages
 *         would not measure the same thing).
 * @retval CXKPI_EEMPTY an accumulator has no responses.
 * @retval CXKPI_ERANGE @p confidence is not in (0, 1).
 * @threadsafe
 */
CXKPI_API cxkpi_status cxkpi_csat_percent_difference(const cxkpi_csat *a, const cxkpi_csat *b,
                                                     double confidence, double *difference,
                                                     double *lo, double *hi, double *p_value);

/**
 * @brief Difference of two gross FCR percentages (a minus b): issues resolved on first
 *        contact of all issues, compared with cxkpi_proportion_difference(). For the net,
 *        escalation or reopen percentages, pass the counts of cxkpi_fcr_counts() to
 *        cxkpi_proportion_difference().
 * @param a the first accumulator. @param b the second.
 * @param confidence in (0, 1). @param[out] difference percentage points.
 * @param[out] lo lower bound. @param[out] hi upper bound. @param[out] p_value in [0, 1].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a handle or pointer is NULL.
 * @retval CXKPI_EEMPTY an accumulator has no issues.
 * @retval CXKPI_ERANGE @p confidence is not in (0, 1).
 * @threadsafe
 */
CXKPI_API cxkpi_status cxkpi_fcr_percent_difference(const cxkpi_fcr *a, const cxkpi_fcr *b,
                                                    double confidence, double *difference,
                                                    double *lo, double *hi, double *p_value);

/**
 * @brief Difference of two SLA compliance percentages (a minus b): met of `met + breached`,
 *        compared with cxkpi_proportion_difference(). Tickets in progress are left out, as
 *        in cxkpi_sla_compliance_percent().
 * @param a the first accumulator. @param b the second.
 * @param confidence in (0, 1). @param[out] difference percentage points.
 * @param[out] lo lower bound. @param[out] hi upper bound. @param[out] p_value in [0, 1].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a handle or pointer is NULL.
 * @retval CXKPI_EMISMATCH the targets differ (compare counts of different policies with
 *         cxkpi_proportion_difference() if that is really meant).
 * @retval CXKPI_EEMPTY an accumulator has no finished or breached ticket.
 * @retval CXKPI_ERANGE @p confidence is not in (0, 1).
 * @threadsafe
 */
CXKPI_API cxkpi_status cxkpi_sla_compliance_percent_difference(const cxkpi_sla *a,
                                                               const cxkpi_sla *b,
                                                               double confidence,
                                                               double *difference, double *lo,
                                                               double *hi, double *p_value);

#ifdef __cplusplus
}
#endif

#endif /* CXKPI_COMPARE_H */
