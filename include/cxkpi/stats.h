/**
 * @file cxkpi/stats.h
 * @brief The statistics every KPI's intervals use: the normal quantile and the Wilson
 *        score interval, exported so that callers can apply them to their own counts.
 */
#ifndef CXKPI_STATS_H
#define CXKPI_STATS_H

#include "cxkpi/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Two-sided critical value of the standard normal distribution.
 *
 * Returns `z` such that a standard normal variable falls in `[-z, z]` with probability
 * `confidence`, i.e. `z = Phi^-1((1 + confidence) / 2)` (1.959963984540054 for 0.95).
 * Computed with Wichura's algorithm AS 241 (M. J. Wichura, "Algorithm AS 241: the
 * percentage points of the normal distribution", Applied Statistics 37(3), 1988) from the
 * upper tail `(1 - confidence) / 2`, so it keeps a relative error near 1e-15 even for
 * confidences close to 1.
 *
 * @param confidence in the open interval (0, 1).
 * @param[out] z receives the critical value (> 0).
 * @retval CXKPI_OK       success.
 * @retval CXKPI_EINVAL   @p z is NULL.
 * @retval CXKPI_ERANGE   @p confidence is not in (0, 1) (NaN included).
 * @threadsafe
 */
CXKPI_API cxkpi_status cxkpi_normal_z(double confidence, double *z);

/**
 * @brief Wilson score interval of a proportion, in percent.
 *
 * With `p = successes / trials`, `n = trials` and `z = cxkpi_normal_z(confidence)`:
 * `center = (p + z^2/(2n)) / (1 + z^2/n)`,
 * `half = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/(4n^2))`,
 * and the interval is `100 * [center - half, center + half]`. The lower bound is exactly 0
 * when there are no successes, and the upper bound exactly 100 when all trials succeed.
 * References: E. B. Wilson, "Probable inference, the law of succession, and statistical
 * inference", JASA 22(158), 1927; R. G. Newcombe, "Two-sided confidence intervals for the
 * single proportion: comparison of seven methods", Statistics in Medicine 17(8), 1998
 * (method 3 there).
 *
 * @param successes number of successes, at most @p trials.
 * @param trials    number of trials, at least 1.
 * @param confidence in (0, 1), e.g. 0.95.
 * @param[out] lo receives the lower bound, in [0, 100].
 * @param[out] hi receives the upper bound, in [0, 100].
 * @retval CXKPI_OK      success.
 * @retval CXKPI_EINVAL  @p lo or @p hi is NULL, or @p successes > @p trials.
 * @retval CXKPI_EEMPTY  @p trials is 0.
 * @retval CXKPI_ERANGE  @p confidence is not in (0, 1).
 * @threadsafe
 */
CXKPI_API cxkpi_status cxkpi_wilson_interval(uint64_t successes, uint64_t trials,
                                             double confidence, double *lo, double *hi);

#ifdef __cplusplus
}
#endif

#endif /* CXKPI_STATS_H */
