/**
 * @file cxkpi/duration.h
 * @brief Durations — time to first response, handling time, resolution time — with
 *        streaming percentiles.
 *
 * A duration is a number of seconds, a `double` in
 * [0, #CXKPI_DURATION_MAX_SECONDS]. The accumulator keeps:
 * - count, sum, mean (`sum / count`), exact minimum and maximum;
 * - the population standard deviation `sqrt(sum((x - mean)^2) / count)`, updated with
 *   Welford's method and merged with the pairwise formula of Chan, Golub and LeVeque, so it
 *   stays accurate for long streams of large, close values (1e8 values around 1e6 s);
 * - a quantile sketch for medians, p90, p95, p99 and any other quantile.
 *
 * Typical durations are the time to first response, the resolution time and the handling
 * time of a contact; see cxkpi/aht.h for handling time split into talk, hold and
 * after-call work. References: B. P. Welford, "Note on a method for calculating corrected
 * sums of squares and products", Technometrics 4(3), 1962; T. F. Chan, G. H. Golub and
 * R. J. LeVeque, "Algorithms for computing the sample variance: analysis and
 * recommendations", The American Statistician 37(3), 1983; C. Masson, J. E. Rim and
 * H. K. Lee, "DDSketch: a fast and fully-mergeable quantile sketch with relative-error
 * guarantees", PVLDB 12(12), 2019.
 *
 * @par Quantiles: rank convention and guarantee
 * For the `n` values counted, sorted ascending and numbered from 0, the *q-quantile* is the
 * value `v` at rank `k = floor(q * (n - 1))` (no interpolation), with the product
 * `q * (n - 1)` evaluated as an IEEE-754 double and then floored: the rank that
 * `numpy.quantile(x, q, method="lower")` uses (and pandas with `interpolation="lower"`).
 * So `q = 0.95` with `n = 201` is rank 190, as a user checking with numpy or a spreadsheet
 * finds, although the double nearest 0.95 lies slightly below 0.95.
 * cxkpi_duration_quantile() returns a value within `alpha * v` of
 * it, whatever the values and their order: `|answer - v| <= alpha * v`. The guarantee is
 * checked after floating-point rounding, not only in exact arithmetic. `q = 0` and `q = 1`
 * return the exact minimum and maximum, and every answer lies in [min, max].
 *
 * The sketch is DDSketch's logarithmic mapping: with `gamma = (1 + alpha) / (1 - alpha)`, a
 * value goes to bucket `ceil(log2(v) / w)`, where `w` is `log2(gamma)` less a safety margin
 * of 2e-8, so that bucket `i` holds values within `(2^((i-1) w), 2^(i w)]` up to the error of
 * the logarithm (computed without calling `log()`, from the IEEE-754 exponent, a 128-entry
 * table and a short series for the mantissa, within 1e-11). The margin covers that error
 * and the rounding, and the bucket answers with the value that is within `alpha` of every
 * value it can hold: `2^(i w + 1e-8) * 2 / (gamma + 1)`.
 * Exceptions, both documented below: values under #CXKPI_DURATION_MIN_POSITIVE, and
 * collapsed buckets.
 *
 * @par Zero and sub-nanosecond durations
 * Durations below #CXKPI_DURATION_MIN_POSITIVE (1 ns), zero included, are counted in a
 * separate counter of "zeros". A quantile whose rank falls among them is answered with 0
 * (raised to the minimum if every such value was positive), so its error is under 1 ns in
 * absolute terms rather than relative. count, sum, mean, min, max and the standard
 * deviation use the exact values.
 *
 * @par Memory and collapsing
 * The buckets form a dense array spanning the lowest to the highest non-empty bucket. It is
 * allocated on the first non-zero duration and reallocated (capacity grown by half, at most
 * `max_buckets`) only when that span grows past the capacity: adding a value whose bucket
 * is already inside the span never allocates. cxkpi_duration_reserve() preallocates for a
 * range of durations, after which values in that range never allocate; once the capacity
 * reaches `max_buckets`, nothing allocates any more. Each bucket is a 32-bit counter (4
 * bytes) while the accumulator holds at most 2^32 - 1 durations of 1 ns or more; the
 * first add or merge that goes past that widens every counter to 64 bits (8 bytes), once
 * (it allocates, so it can fail with #CXKPI_ENOMEM, changing nothing).
 *
 * Measured by `bench/bench_duration` at alpha 0.01, for durations spread over
 * 1 s .. 30 days: the span is 740 buckets, so an accumulator preallocated with
 * cxkpi_duration_reserve() holds 3,096 bytes (136 fixed + 2,960 of counters); grown on
 * demand, its capacity depends on the order of arrival and stays below 1.5 times the span
 * (4,004 bytes in the bench's run); serialized, it takes 6,026 bytes. 1 ms .. 1 year takes
 * 1,210 buckets (4,976 bytes reserved; grown on demand at most 136 + 1,813 * 4 = 7,388: within
 * 8 KiB whatever the order of arrival).
 *
 * When the span would exceed `max_buckets`, the lowest buckets are collapsed: every value
 * whose bucket index is at most `highest - max_buckets + 1` is counted in that bucket. The
 * default `max_buckets` (see cxkpi_duration_new()) spans 1 ms .. 1 year without collapsing.
 * After a collapse the guarantee still holds for every q whose rank `k` satisfies
 * `k < zeros` or `k >= zeros + collapsed`, where `zeros` is cxkpi_duration_zero_count() and
 * `collapsed` is cxkpi_duration_collapsed_count() (the count of the collapsed bucket): that
 * is, for every quantile above the collapsed low tail. For ranks inside the collapsed
 * bucket the answer is never below `(1 - alpha)` times the true value but may be above it
 * (it is still within [min, max]).
 *
 * @par Merging
 * The sketch's state depends only on the multiset of values counted, never on their order,
 * so after cxkpi_duration_merge() the count, min, max, zero count and every quantile are
 * exactly what one accumulator fed both inputs would answer. The sum, mean and standard
 * deviation are equal up to floating-point rounding (about 1e-15 relative).
 *
 * @par Serialized form
 * The cxkpi frame of kind 6, laid out in `docs/FORMAT.md`. The reader checks every field
 * against the others.
 */
#ifndef CXKPI_DURATION_H
#define CXKPI_DURATION_H

#include "cxkpi/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief The default relative-error guarantee of the quantiles: 1 %. */
#define CXKPI_DURATION_DEFAULT_ALPHA 0.01
/** @brief Smallest accepted `alpha`. */
#define CXKPI_DURATION_ALPHA_MIN 1e-4
/** @brief Largest accepted `alpha`. */
#define CXKPI_DURATION_ALPHA_MAX 0.1
/** @brief Pass as `max_buckets` to get the default: enough buckets to cover 1 ms .. 1 year
 *         without collapsing, rounded up to a power of two (2048 at alpha 0.01). */
#define CXKPI_DURATION_DEFAULT_BUCKETS 0u
/** @brief Smallest accepted explicit `max_buckets`. */
#define CXKPI_DURATION_BUCKETS_MIN 16u
/** @brief Largest accepted `max_buckets` (2^20): more than the whole range of durations
 *         needs at any alpha, so no collapse ever happens with it. */
#define CXKPI_DURATION_BUCKETS_MAX 1048576u
/** @brief Durations below this (1 ns), zero included, are counted as zeros by the quantile
 *         sketch (see "Zero and sub-nanosecond durations"). */
#define CXKPI_DURATION_MIN_POSITIVE 1e-9
/** @brief Largest accepted duration, 1e18 s (about 3e10 years): larger is #CXKPI_ERANGE. */
#define CXKPI_DURATION_MAX_SECONDS 1e18

/** @brief Opaque duration accumulator. Create with cxkpi_duration_new(), destroy with
 *         cxkpi_duration_free(). */
typedef struct cxkpi_duration cxkpi_duration;

/**
 * @brief Creates an empty duration accumulator. Allocates only the fixed part; the buckets
 *        are allocated by the first non-zero duration (or by cxkpi_duration_reserve()).
 * @param[out] out receives the new accumulator, owned by the caller (free with
 *                 cxkpi_duration_free()). Left unchanged on error.
 * @param alpha relative-error guarantee of the quantiles, in
 *              [#CXKPI_DURATION_ALPHA_MIN, #CXKPI_DURATION_ALPHA_MAX]; usually
 *              #CXKPI_DURATION_DEFAULT_ALPHA.
 * @param max_buckets bound on the number of buckets (4 bytes each, 8 past 2^32 - 1 values), in
 *              [#CXKPI_DURATION_BUCKETS_MIN, #CXKPI_DURATION_BUCKETS_MAX], or
 *              #CXKPI_DURATION_DEFAULT_BUCKETS for the default at this alpha.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p out is NULL, or @p alpha or @p max_buckets is out of range (or NaN).
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_duration_new(cxkpi_duration **out, double alpha, uint32_t max_buckets);

/** @brief Destroys an accumulator. @param acc the accumulator; NULL is a no-op. */
CXKPI_API void cxkpi_duration_free(cxkpi_duration *acc);

/**
 * @brief Counts one duration.
 * @param acc the accumulator. @param seconds the duration in seconds,
 *            in [0, #CXKPI_DURATION_MAX_SECONDS].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_ERANGE @p seconds is negative, NaN, infinite or above
 *         #CXKPI_DURATION_MAX_SECONDS; nothing is counted.
 * @retval CXKPI_EOVERFLOW the count would exceed 2^64 - 1; nothing is counted.
 * @retval CXKPI_ENOMEM the bucket array had to grow and could not; nothing is counted.
 */
CXKPI_API cxkpi_status cxkpi_duration_add(cxkpi_duration *acc, double seconds);

/**
 * @brief Counts a batch of durations, atomically: either all are counted or (on any error)
 *        none is. The bucket array grows at most once per batch.
 * @param acc the accumulator. @param seconds array of @p n durations (may be NULL when @p n
 *        is 0). @param n number of durations.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL, or @p seconds is NULL with n > 0.
 * @retval CXKPI_ERANGE a duration is out of range.
 * @retval CXKPI_EOVERFLOW the count would overflow.
 * @retval CXKPI_ENOMEM the bucket array had to grow and could not.
 */
CXKPI_API cxkpi_status cxkpi_duration_add_many(cxkpi_duration *acc, const double *seconds, size_t n);


/**
 * @brief Counts a table's column of durations into one accumulator per group, in one pass
 *        (the group-by of a data frame). Atomic over all the accumulators; the values of
 *        one group are counted in input order, so each accumulator ends exactly as one
 *        cxkpi_duration_add() per value would leave it.
 * @param accs array of @p groups accumulators, none NULL; the caller keeps ownership.
 * @param groups number of accumulators.
 * @param group array of @p n group indices, each below @p groups: value i goes to
 *        `accs[group[i]]` (for a table, the group code of each row).
 * @param seconds array of @p n durations (may be NULL when @p n is 0). @param n number of rows.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p accs or one of its accumulators is NULL, or @p group or
 *         @p seconds is NULL with n > 0.
 * @retval CXKPI_ERANGE a group index is not below @p groups, or a duration is out of range
 *         (negative, NaN, infinite).
 * @retval CXKPI_EOVERFLOW an accumulator's count would overflow.
 * @retval CXKPI_ENOMEM scratch space or a bucket array could not be allocated (then only
 *         the capacity of some accumulators may have grown; what they count is unchanged).
 */
CXKPI_API cxkpi_status cxkpi_duration_add_grouped(cxkpi_duration *const *accs, size_t groups,
                                                  const uint32_t *group, const double *seconds,
                                                  size_t n);

/**
 * @brief Counts one duration @p weight times, in one step: the same counts, minimum,
 *        maximum and quantiles as @p weight calls of cxkpi_duration_add(), so merged and
 *        serialized states stay exact. The sum, mean and standard deviation take the
 *        weighted value in one step (equal to the repeated adds up to rounding, about 1e-15
 *        relative). For data that comes pre-aggregated ("37 tickets took 5 minutes").
 * @param acc the accumulator.
 * @param seconds the duration, in [0, #CXKPI_DURATION_MAX_SECONDS].
 * @param weight how many times to count it; 0 counts nothing and succeeds, 1 is exactly
 *        cxkpi_duration_add().
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_ERANGE @p seconds is negative, NaN, infinite or too large; nothing is counted.
 * @retval CXKPI_EOVERFLOW the count would exceed 2^64 - 1; nothing is counted.
 * @retval CXKPI_ENOMEM the bucket array had to grow (or widen to 64-bit counters) and
 *         could not; nothing is counted.
 */
CXKPI_API cxkpi_status cxkpi_duration_add_weighted(cxkpi_duration *acc, double seconds,
                                                   uint64_t weight);

/**
 * @brief Preallocates the buckets for durations in [@p min_seconds, @p max_seconds] (as well
 *        as those already counted), so that adding such durations never allocates. The
 *        capacity never exceeds `max_buckets`. Changes no result.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_ERANGE a bound is out of range, or @p min_seconds > @p max_seconds.
 * @retval CXKPI_ENOMEM allocation failed; nothing changed.
 */
CXKPI_API cxkpi_status cxkpi_duration_reserve(cxkpi_duration *acc, double min_seconds,
                                              double max_seconds);

/**
 * @brief Adds everything counted by @p src into @p dst; @p src is not modified.
 *
 * Exact for the counts and quantiles (see "Merging"). `dst == src` is allowed.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a handle is NULL.
 * @retval CXKPI_EMISMATCH alpha or max_buckets differ.
 * @retval CXKPI_EOVERFLOW the count would overflow; @p dst is unchanged.
 * @retval CXKPI_ENOMEM the bucket array had to grow and could not; @p dst is unchanged.
 */
CXKPI_API cxkpi_status cxkpi_duration_merge(cxkpi_duration *dst, const cxkpi_duration *src);

/**
 * @brief Forgets every duration, keeping the configuration and the allocated buckets.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 */
CXKPI_API cxkpi_status cxkpi_duration_reset(cxkpi_duration *acc);

/**
 * @brief Creates an independent copy of @p src (its buckets allocated to the exact span).
 * @param src the accumulator to copy. @param[out] out receives the copy, owned by the caller.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_duration_clone(const cxkpi_duration *src, cxkpi_duration **out);

/**
 * @brief Number of durations counted (0 for an empty accumulator).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_duration_count(const cxkpi_duration *acc, uint64_t *count);

/**
 * @brief Sum of the durations in seconds (compensated summation).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EEMPTY nothing counted.
 */
CXKPI_API cxkpi_status cxkpi_duration_sum(const cxkpi_duration *acc, double *sum);

/**
 * @brief Mean duration, `sum / count`, in seconds.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EEMPTY nothing counted.
 */
CXKPI_API cxkpi_status cxkpi_duration_mean(const cxkpi_duration *acc, double *mean);

/**
 * @brief Smallest duration counted, exactly, in seconds.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EEMPTY nothing counted.
 */
CXKPI_API cxkpi_status cxkpi_duration_min(const cxkpi_duration *acc, double *min);

/**
 * @brief Largest duration counted, exactly, in seconds.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EEMPTY nothing counted.
 */
CXKPI_API cxkpi_status cxkpi_duration_max(const cxkpi_duration *acc, double *max);

/**
 * @brief Population standard deviation, `sqrt(sum((x - mean)^2) / count)`, in seconds
 *        (0 for a single duration).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EEMPTY nothing counted.
 */
CXKPI_API cxkpi_status cxkpi_duration_stddev(const cxkpi_duration *acc, double *stddev);

/**
 * @brief The q-quantile in seconds: within `alpha` (relative) of the value at rank
 *        `floor(q * (n - 1))` of the sorted durations, the product taken in double
 *        precision as numpy's `method="lower"` does (see "Quantiles").
 * @param acc the accumulator. @param q in [0, 1]: 0.5 for the median, 0.9 for p90...
 * @param[out] value receives the quantile.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ERANGE @p q is outside [0, 1] or NaN.
 * @retval CXKPI_EEMPTY nothing counted.
 */
CXKPI_API cxkpi_status cxkpi_duration_quantile(const cxkpi_duration *acc, double q, double *value);

/**
 * @brief Several quantiles at once: `values[i]` is the `qs[i]`-quantile. Atomic: on error
 *        nothing is written.
 * @param acc the accumulator. @param qs @p n probabilities in [0, 1], any order.
 * @param n their number (NULL arrays are allowed when 0). @param[out] values @p n results.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL (with n > 0 for the arrays).
 * @retval CXKPI_ERANGE a q is outside [0, 1] or NaN.
 * @retval CXKPI_EEMPTY nothing counted (n > 0).
 */
CXKPI_API cxkpi_status cxkpi_duration_quantiles(const cxkpi_duration *acc, const double *qs,
                                                size_t n, double *values);

/**
 * @brief The share of durations at most @p seconds, in percent: "answered within 1 hour"
 *        read straight from the accumulator.
 *
 * Error bound: with `F(x)` the true percentage of durations `<= x` and
 * `gamma = (1 + alpha) / (1 - alpha)` (1.0202 at alpha 0.01), the answer lies in
 * `[F(seconds), F(seconds * gamma * (1 + 1e-9))]`: every duration at most @p seconds is
 * counted, and no duration more than a factor `gamma` (plus 1e-9, the logarithm's error)
 * above it. That is, it may count durations up to about `2 * alpha` (2%) longer than the
 * threshold, never miss one within it. Exact (0 or 100) below the minimum and from the
 * maximum on. Durations under #CXKPI_DURATION_MIN_POSITIVE count as at most any
 * threshold of 1 ns or more, and as at most any smaller non-negative threshold from the
 * minimum on. After a collapse (see "Memory and collapsing"), a threshold below the
 * collapsed bucket counts that bucket whole (the answer may then be too high).
 * @param acc the accumulator.
 * @param seconds the threshold, any number but NaN (negative gives 0, infinite 100).
 * @param[out] percent receives the percentage, in [0, 100].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ERANGE @p seconds is NaN.
 * @retval CXKPI_EEMPTY nothing counted.
 */
CXKPI_API cxkpi_status cxkpi_duration_percent_at_most(const cxkpi_duration *acc, double seconds,
                                                      double *percent);

/**
 * @brief Number of durations below #CXKPI_DURATION_MIN_POSITIVE (the sketch's zeros).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_duration_zero_count(const cxkpi_duration *acc, uint64_t *count);

/**
 * @brief Number of durations in the collapsed lowest bucket, 0 when nothing has collapsed:
 *        the ranks `[zeros, zeros + count)` are the only ones without the guarantee.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_duration_collapsed_count(const cxkpi_duration *acc, uint64_t *count);

/**
 * @brief The configuration: @p alpha and the effective @p max_buckets (the default resolved).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_duration_config(const cxkpi_duration *acc, double *alpha,
                                             uint32_t *max_buckets);

/**
 * @brief Bytes of memory the accumulator holds (fixed part plus bucket capacity).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_duration_memory_usage(const cxkpi_duration *acc, size_t *bytes);

/**
 * @brief Exact size in bytes that cxkpi_duration_serialize() will write.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_duration_serialized_size(const cxkpi_duration *acc, size_t *size);

/**
 * @brief Writes the accumulator in the portable, versioned binary format (see "Serialized form").
 * @param acc the accumulator. @param buf destination (caller-owned). @param capacity its size in bytes.
 * @param[out] written receives the number of bytes written.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ENOSPC @p capacity is too small; nothing is written.
 */
CXKPI_API cxkpi_status cxkpi_duration_serialize(const cxkpi_duration *acc, void *buf,
                                                size_t capacity, size_t *written);

/**
 * @brief Creates an accumulator from bytes written by cxkpi_duration_serialize(); it
 *        answers every getter exactly as the original did.
 * @param[out] out receives the new accumulator, owned by the caller.
 * @param buf the bytes. @param size their number; the frame must fill it exactly.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EFORMAT malformed, truncated, corrupted, inconsistent, or not a duration accumulator.
 * @retval CXKPI_EVERSION written by a newer format version.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_duration_deserialize(cxkpi_duration **out, const void *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* CXKPI_DURATION_H */
