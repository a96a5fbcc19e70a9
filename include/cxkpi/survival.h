/**
 * @file cxkpi/survival.h
 * @brief Time to resolve with open tickets included: the Kaplan–Meier estimate over the
 *        resolution times of solved tickets and the ages of open ones.
 *
 * A median resolution time taken over solved tickets only drops the tickets still open —
 * usually the slow ones — and so looks better than it is. Survival analysis counts an open
 * ticket as *censored*: it is known to have taken at least its age so far. The
 * product-limit estimate of Kaplan and Meier gives the share of tickets still unresolved
 * after `t` seconds,
 *
 *     S(t) = prod over event times t_j <= t of (1 - d_j / r_j),
 *
 * where `d_j` tickets were resolved at `t_j` and `r_j` were still at risk (neither resolved
 * nor censored before `t_j`); at equal times, resolutions come before censorings. From it:
 * the share resolved within `t`, `100 * (1 - S(t))`; and the time by which a share `q` of
 * tickets is resolved, the smallest `t` with `S(t) <= 1 - q` (the median for q = 0.5, p90 for
 * q = 0.9), which may not be reached while too many tickets are open.
 *
 * @par Buckets
 * Times are counted in the duration sketch's logarithmic buckets (see cxkpi/duration.h):
 * per bucket, the number of resolutions and of censorings, so the state is small, merges
 * exactly and does not depend on the order of the input. The estimate treats the tickets of
 * a bucket as tied at the bucket's time, resolutions first. Its error against the exact
 * Kaplan–Meier estimate of the raw times is bounded by the bucket width, as follows.
 * Moving a censoring later can only raise the estimate, earlier only lower it; so with
 * every censoring of a bucket moved after that bucket's resolutions (which is what the
 * buckets compute, `Ŝ`) or before them (`Š`, computed the same way with each bucket's
 * censorings taken out of its risk set), the exact estimate at any `t` satisfies
 * `Š(bucket of t) <= S_exact(t) <= Ŝ(bucket below t's)`. cxkpi_survival_exact_bounds()
 * returns that bracket; it is narrow when censorings are few within any one bucket (with
 * alpha 1%, one bucket spans 2% of time). Quantile times are the bucket's representative,
 * within `alpha` of every time in the bucket; the exact quantile lies between the bucket
 * where `Š` first reaches `1 - q` and the one where `Ŝ` does (the same bucket when the
 * bracket is narrow). Times under #CXKPI_DURATION_MIN_POSITIVE (1 ns) count as 0.
 *
 * @par Confidence bands
 * Greenwood's variance, `Var(log S(t)) ≈ sum over t_j <= t of d_j / (r_j (r_j - d_j))`, with
 * the log transform: `S(t) · exp(±z · sqrt(that sum))`, the upper bound clipped to 100%
 * (R's `survival::survfit` default, `conf.type = "log"`). The band of a quantile (Brookmeyer
 * and Crowley) runs from the first time where the band's lower curve reaches `1 - q` to the
 * first where its upper curve does (`+INFINITY` when it never does).
 *
 * References: E. L. Kaplan, P. Meier, "Nonparametric estimation from incomplete
 * observations", JASA 53 (1958) 457–481; M. Greenwood, "The natural duration of cancer",
 * Reports on Public Health and Medical Subjects 33 (1926); R. Brookmeyer, J. Crowley,
 * "A confidence interval for the median survival time", Biometrics 38 (1982) 29–41;
 * C. Masson, J. E. Rim, H. K. Lee, "DDSketch", PVLDB 12(12) (2019).
 *
 * @par Merging and memory
 * Merging adds the bucket counts: exact, as if one accumulator had seen both inputs. The
 * memory is that of two duration sketches (a few KiB for 1 ms .. 1 year at alpha 1%); the
 * configuration and collapsing rules are those of cxkpi_duration_new() (after a collapse,
 * the bound above holds for times above the collapsed buckets).
 *
 * @par Serialized form
 * The cxkpi frame of kind 9, format version 1 (see `docs/FORMAT.md`).
 */
#ifndef CXKPI_SURVIVAL_H
#define CXKPI_SURVIVAL_H

#include "cxkpi/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Opaque Kaplan–Meier accumulator. Create with cxkpi_survival_new(), destroy with
 *         cxkpi_survival_free(). */
typedef struct cxkpi_survival cxkpi_survival;

/**
 * @brief Creates an empty accumulator.
 * @param[out] out receives the accumulator, owned by the caller (free with
 *                 cxkpi_survival_free()); unchanged on error.
 * @param alpha the buckets' relative width, as in cxkpi_duration_new() (usually 0.01).
 * @param max_buckets bound on the buckets of each of the two counts, as in
 *                    cxkpi_duration_new(); 0 for the default.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p out is NULL, or @p alpha or @p max_buckets is out of range.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_survival_new(cxkpi_survival **out, double alpha,
                                          uint32_t max_buckets);

/** @brief Destroys an accumulator. @param acc the accumulator; NULL is a no-op. */
CXKPI_API void cxkpi_survival_free(cxkpi_survival *acc);

/**
 * @brief Counts a resolved ticket that took @p seconds to resolve (an event).
 * @param acc the accumulator.
 * @param seconds the resolution time, in [0, #CXKPI_DURATION_MAX_SECONDS].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_ERANGE @p seconds is negative, NaN, infinite or too large; nothing counted.
 * @retval CXKPI_EOVERFLOW resolved plus open tickets would exceed 2^64 - 1.
 * @retval CXKPI_ENOMEM the buckets had to grow and could not; nothing counted.
 */
CXKPI_API cxkpi_status cxkpi_survival_add(cxkpi_survival *acc, double seconds);

/**
 * @brief Counts resolved tickets, atomically (all or, on error, none).
 * @param acc the accumulator.
 * @param seconds @p n resolution times (may be NULL when @p n is 0).
 * @param n their number.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL, or @p seconds is NULL with @p n > 0.
 * @retval CXKPI_ERANGE a time is out of range.
 * @retval CXKPI_EOVERFLOW the count would overflow.
 * @retval CXKPI_ENOMEM the buckets had to grow and could not.
 */
CXKPI_API cxkpi_status cxkpi_survival_add_many(cxkpi_survival *acc, const double *seconds,
                                               size_t n);

/**
 * @brief Counts a ticket still open at age @p seconds (a censored time: it takes at least
 *        that long).
 * @param acc the accumulator.
 * @param seconds the ticket's age, in [0, #CXKPI_DURATION_MAX_SECONDS].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_ERANGE @p seconds is out of range; nothing counted.
 * @retval CXKPI_EOVERFLOW the count would overflow.
 * @retval CXKPI_ENOMEM the buckets had to grow and could not.
 */
CXKPI_API cxkpi_status cxkpi_survival_add_open(cxkpi_survival *acc, double seconds);

/**
 * @brief Counts open tickets' ages, atomically.
 * @param acc the accumulator.
 * @param seconds @p n ages (may be NULL when @p n is 0).
 * @param n their number.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL, or @p seconds is NULL with @p n > 0.
 * @retval CXKPI_ERANGE an age is out of range.
 * @retval CXKPI_EOVERFLOW the count would overflow.
 * @retval CXKPI_ENOMEM the buckets had to grow and could not.
 */
CXKPI_API cxkpi_status cxkpi_survival_add_open_many(cxkpi_survival *acc, const double *seconds,
                                                    size_t n);

/**
 * @brief Adds everything counted by @p src into @p dst (exact); @p src is not modified;
 *        `dst == src` is allowed.
 * @param dst the accumulator that receives.
 * @param src the accumulator added.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a handle is NULL.
 * @retval CXKPI_EMISMATCH alpha or max_buckets differ.
 * @retval CXKPI_EOVERFLOW the count would overflow; @p dst unchanged.
 * @retval CXKPI_ENOMEM the buckets had to grow and could not; @p dst unchanged.
 */
CXKPI_API cxkpi_status cxkpi_survival_merge(cxkpi_survival *dst, const cxkpi_survival *src);

/**
 * @brief Forgets everything counted, keeping the configuration.
 * @param acc the accumulator.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 */
CXKPI_API cxkpi_status cxkpi_survival_reset(cxkpi_survival *acc);

/**
 * @brief Creates an independent copy of @p src.
 * @param src the accumulator to copy.
 * @param[out] out receives the copy, owned by the caller.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_survival_clone(const cxkpi_survival *src, cxkpi_survival **out);

/**
 * @brief The numbers of resolved and open tickets counted (0s when empty).
 * @param acc the accumulator.
 * @param[out] resolved receives the number of resolved tickets (events).
 * @param[out] open receives the number of open tickets (censored).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_survival_counts(const cxkpi_survival *acc, uint64_t *resolved,
                                             uint64_t *open);

/**
 * @brief The configuration.
 * @param acc the accumulator.
 * @param[out] alpha receives alpha.
 * @param[out] max_buckets receives max_buckets (the default resolved).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_survival_config(const cxkpi_survival *acc, double *alpha,
                                             uint32_t *max_buckets);

/**
 * @brief The estimated share of tickets still unresolved after @p seconds, `100 · S(t)`,
 *        with its Greenwood confidence band (log transform).
 * @param acc the accumulator.
 * @param seconds the time `t`; any number but NaN (below 0: 100% unresolved).
 * @param confidence level of the band, in (0, 1).
 * @param[out] percent receives `100 · S(t)`, in [0, 100]: the estimate of t's bucket.
 * @param[out] lo receives the band's lower bound, in [0, percent].
 * @param[out] hi receives the band's upper bound, in [percent, 100].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ERANGE @p seconds is NaN, or @p confidence is not in (0, 1).
 * @retval CXKPI_EEMPTY nothing counted.
 */
CXKPI_API cxkpi_status cxkpi_survival_at(const cxkpi_survival *acc, double seconds,
                                         double confidence, double *percent, double *lo,
                                         double *hi);

/**
 * @brief The estimated share of tickets resolved within @p seconds, open tickets included:
 *        `100 · (1 - S(t))` (see cxkpi_survival_at()).
 * @param acc the accumulator.
 * @param seconds the time `t`; any number but NaN.
 * @param[out] percent receives the share, in [0, 100].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ERANGE @p seconds is NaN.
 * @retval CXKPI_EEMPTY nothing counted.
 */
CXKPI_API cxkpi_status cxkpi_survival_percent_resolved_within(const cxkpi_survival *acc,
                                                              double seconds, double *percent);

/**
 * @brief The bracket that holds the exact Kaplan–Meier estimate of the raw times at
 *        @p seconds, in percent unresolved: `[100 · Š(bucket of t), 100 · Ŝ(bucket below)]`
 *        (see "Buckets").
 * @param acc the accumulator.
 * @param seconds the time `t`; any number but NaN.
 * @param[out] lo receives the lower end, in [0, 100].
 * @param[out] hi receives the upper end, in [lo, 100].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ERANGE @p seconds is NaN.
 * @retval CXKPI_EEMPTY nothing counted.
 */
CXKPI_API cxkpi_status cxkpi_survival_exact_bounds(const cxkpi_survival *acc, double seconds,
                                                   double *lo, double *hi);

/**
 * @brief The time by which a share @p q of tickets is resolved, open tickets included: the
 *        smallest bucket time with `S(t) <= 1 - q` (a survival within 1e-12 of `1 - q`
 *        counts as reached), and its confidence band.
 * @param acc the accumulator.
 * @param q the share, in (0, 1): 0.5 for the median, 0.9 for p90.
 * @param confidence level of the band, in (0, 1).
 * @param[out] seconds receives the time, the representative of its bucket (0 for times
 *             under 1 ns).
 * @param[out] lo receives the band's lower end, in [0, @p seconds].
 * @param[out] hi receives the band's upper end, `>= seconds`, or `+INFINITY` when the
 *             band's upper curve never reaches `1 - q`.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ERANGE @p q is not in (0, 1), or @p confidence is not in (0, 1).
 * @retval CXKPI_EEMPTY nothing counted.
 * @retval CXKPI_ENOTFOUND `S(t)` never falls to `1 - q` (too many tickets are still open, or
 *         the open ones are older than every resolution): the quantile is not known yet.
 */
CXKPI_API cxkpi_status cxkpi_survival_quantile(const cxkpi_survival *acc, double q,
                                               double confidence, double *seconds, double *lo,
                                               double *hi);

/**
 * @brief Size of the serialized state in bytes.
 * @param acc the accumulator.
 * @param[out] size receives the size.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_survival_serialized_size(const cxkpi_survival *acc, size_t *size);

/**
 * @brief Writes the state (kind 9 of `docs/FORMAT.md`) into @p buf.
 * @param acc the accumulator.
 * @param buf the output buffer.
 * @param capacity its size in bytes.
 * @param[out] written receives the number of bytes written.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ENOSPC @p capacity is too small; nothing is written.
 */
CXKPI_API cxkpi_status cxkpi_survival_serialize(const cxkpi_survival *acc, void *buf,
                                                size_t capacity, size_t *written);

/**
 * @brief Restores an accumulator from serialized bytes.
 * @param[out] out receives the new accumulator, owned by the caller; unchanged on error.
 * @param buf the bytes.
 * @param size their number.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EFORMAT malformed, truncated, corrupted, inconsistent or another kind.
 * @retval CXKPI_EVERSION a newer format version.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_survival_deserialize(cxkpi_survival **out, const void *buf,
                                                  size_t size);

#ifdef __cplusplus
}
#endif

#endif /* CXKPI_SURVIVAL_H */
