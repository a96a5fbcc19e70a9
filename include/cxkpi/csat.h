/**
 * @file cxkpi/csat.h
 * @brief CSAT — customer satisfaction score accumulator.
 *
 * A survey answer is an integer score on a configured scale `[scale_min, scale_max]`
 * (`0 <= scale_min < scale_max <= 100`). A response is *satisfied* when
 * `score >= satisfied_min` (`scale_min < satisfied_min <= scale_max`). Common set-ups:
 * 1–5 with 4 (top-two-box), 1–10 with 8, 1–7 with 6, 0–1 (bad/good) with 1.
 *
 * - `percent = 100 * satisfied / responses` — 30 satisfied of 50 responses is 60%;
 * - `mean = sum(scores) / responses`, the other common reading of a satisfaction survey:
 *   20 fives, 10 fours, 8 threes, 7 twos and 5 ones have the mean 183 / 50 = 3.66;
 * - the count of every score (the distribution) and a Wilson interval for `percent`.
 *
 * Memory: one 64-bit counter per scale point plus a small header (about 80 bytes for a
 * 1–5 scale). Adding is O(1) and never allocates.
 *
 * Serialized form: the cxkpi frame of kind 1, laid out in `docs/FORMAT.md`.
 */
#ifndef CXKPI_CSAT_H
#define CXKPI_CSAT_H

#include "cxkpi/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Opaque CSAT accumulator. Create with cxkpi_csat_new(), destroy with cxkpi_csat_free(). */
typedef struct cxkpi_csat cxkpi_csat;

/**
 * @brief Creates an empty CSAT accumulator.
 * @param[out] out receives the new accumulator, owned by the caller (free with cxkpi_csat_free()).
 *                 Left unchanged on error.
 * @param scale_min lowest score of the scale, `0 <= scale_min`.
 * @param scale_max highest score of the scale, `scale_min < scale_max <= 100`.
 * @param satisfied_min lowest satisfied score, `scale_min < satisfied_min <= scale_max`.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p out is NULL or the configuration is invalid.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_csat_new(cxkpi_csat **out, int32_t scale_min, int32_t scale_max,
                                      int32_t satisfied_min);

/** @brief Destroys an accumulator. @param acc the accumulator; NULL is a no-op. */
CXKPI_API void cxkpi_csat_free(cxkpi_csat *acc);

/**
 * @brief Counts one response.
 * @param acc the accumulator. @param score the response, within the scale.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_ERANGE @p score is outside the scale; nothing is counted.
 * @retval CXKPI_EOVERFLOW the response count would exceed 2^64 - 1; nothing is counted.
 */
CXKPI_API cxkpi_status cxkpi_csat_add(cxkpi_csat *acc, int32_t score);

/**
 * @brief Counts a batch of responses, atomically.
 *
 * Either every score is counted, or (on any error) none is.
 * @param acc the accumulator. @param scores array of @p n scores (may be NULL when @p n is 0).
 * @param n number of scores.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL, or @p scores is NULL with n > 0.
 * @retval CXKPI_ERANGE a score is outside the scale.
 * @retval CXKPI_EOVERFLOW a count would overflow.
 */
CXKPI_API cxkpi_status cxkpi_csat_add_many(cxkpi_csat *acc, const int32_t *scores, size_t n);

/**
 * @brief Counts a batch of byte-sized scores, atomically: the zero-copy path for Python
 *        `bytes` and NumPy `uint8` arrays. Same contract as cxkpi_csat_add_many().
 */
CXKPI_API cxkpi_status cxkpi_csat_add_many_u8(cxkpi_csat *acc, const uint8_t *scores, size_t n);

/**
 * @brief Counts a batch of 64-bit integer scores (NumPy's default integer, the integers of
 *        JavaScript, Ruby and PHP FFI), atomically. Same contract as cxkpi_csat_add_many(): every
 *        score must be on the scale, or none is counted.
 * @param acc the accumulator. @param scores array of @p n scores (may be NULL when @p n is 0).
 * @param n number of scores.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL, or @p scores is NULL with n > 0.
 * @retval CXKPI_ERANGE a score is outside the scale; nothing is counted.
 * @retval CXKPI_EOVERFLOW the response count would overflow; nothing is counted.
 */
CXKPI_API cxkpi_status cxkpi_csat_add_many_i64(cxkpi_csat *acc, const int64_t *scores, size_t n);

/**
 * @brief Counts a batch of scores held as doubles (a pandas column with gaps, a JavaScript
 *        array), atomically.
 *
 * The rule for each value:
 * - an integral value on the scale (4.0, and -0.0 as 0) is that score;
 * - NaN is "no answer": it is not counted, and the number of NaNs is reported in
 *   @p skipped;
 * - anything else — a fraction (4.5), an infinity, a value off the scale — is
 *   #CXKPI_ERANGE, and then nothing of the batch is counted.
 *
 * @param acc the accumulator. @param scores array of @p n values (may be NULL when @p n is 0).
 * @param n number of values.
 * @param[out] skipped receives the number of NaN values left out (on success only);
 *             may be NULL when the caller does not need it.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL, or @p scores is NULL with n > 0.
 * @retval CXKPI_ERANGE a value is neither NaN nor an integral score on the scale; nothing is
 *         counted and @p skipped is not written.
 * @retval CXKPI_EOVERFLOW the response count would overflow; nothing is counted.
 */
CXKPI_API cxkpi_status cxkpi_csat_add_many_f64(cxkpi_csat *acc, const double *scores, size_t n,
                                            size_t *skipped);


/**
 * @brief Counts a table's column of scores into one accumulator per group, in one pass:
 *        the group-by of a data frame (one row per response, a group code per row).
 *
 * Each value follows the rule of cxkpi_csat_add_many_f64() against its own group's
 * accumulator: an integral value on the accumulator's scale is that score, NaN is "no answer" (skipped),
 * anything else is refused. Atomic over all the accumulators: on any error none changes.
 * Values of one group are counted in input order.
 * @param accs array of @p groups accumulators, none NULL; the caller keeps ownership.
 * @param groups number of accumulators.
 * @param group array of @p n group indices, each below @p groups: value i goes to
 *        `accs[group[i]]` (for a table, the group code of each row).
 * @param scores array of @p n values (may be NULL when @p n is 0). @param n number of rows.
 * @param[out] skipped receives the number of NaN values (on success only); may be NULL.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p accs or one of its accumulators is NULL, or @p group or
 *         @p scores is NULL with n > 0.
 * @retval CXKPI_ERANGE a group index is not below @p groups, or a value is neither NaN nor
 *         an integral score on the accumulator's scale.
 * @retval CXKPI_EOVERFLOW an accumulator's count would overflow.
 * @retval CXKPI_ENOMEM the scratch space (about 16 bytes per group) could not be allocated.
 */
CXKPI_API cxkpi_status cxkpi_csat_add_grouped_f64(cxkpi_csat *const *accs, size_t groups,
                                                 const uint32_t *group, const double *scores,
                                                 size_t n, size_t *skipped);

/**
 * @brief Retracts one response previously counted (a customer changed a rating).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_ERANGE @p score is outside the scale.
 * @retval CXKPI_ENOTFOUND no response with that score is counted; nothing changes.
 */
CXKPI_API cxkpi_status cxkpi_csat_remove(cxkpi_csat *acc, int32_t score);

/**
 * @brief Adds everything counted by @p src into @p dst; @p src is not modified.
 *
 * After the merge, @p dst answers exactly what one accumulator fed both inputs would.
 * `dst == src` is allowed (it doubles every count).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a handle is NULL.
 * @retval CXKPI_EMISMATCH the scales or thresholds differ.
 * @retval CXKPI_EOVERFLOW a count would overflow; @p dst is unchanged.
 */
CXKPI_API cxkpi_status cxkpi_csat_merge(cxkpi_csat *dst, const cxkpi_csat *src);

/**
 * @brief Forgets every response, keeping the configuration.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 */
CXKPI_API cxkpi_status cxkpi_csat_reset(cxkpi_csat *acc);

/**
 * @brief Creates an independent copy of @p src.
 * @param src the accumulator to copy. @param[out] out receives the copy, owned by the caller.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_csat_clone(const cxkpi_csat *src, cxkpi_csat **out);

/**
 * @brief Number of responses counted (0 for an empty accumulator).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_csat_count(const cxkpi_csat *acc, uint64_t *count);

/**
 * @brief Number of satisfied responses (`score >= satisfied_min`).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_csat_satisfied(const cxkpi_csat *acc, uint64_t *satisfied);

/**
 * @brief CSAT percentage, `100 * satisfied / responses`, in [0, 100].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EEMPTY no responses.
 */
CXKPI_API cxkpi_status cxkpi_csat_percent(const cxkpi_csat *acc, double *percent);

/**
 * @brief Mean score, `sum(scores) / responses`, in the scale's units.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EEMPTY no responses.
 */
CXKPI_API cxkpi_status cxkpi_csat_mean(const cxkpi_csat *acc, double *mean);

/**
 * @brief Number of responses with exactly @p score (one bar of the distribution).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ERANGE @p score is outside the scale.
 */
CXKPI_API cxkpi_status cxkpi_csat_score_count(const cxkpi_csat *acc, int32_t score, uint64_t *count);

/**
 * @brief Wilson score interval of the CSAT percentage (see cxkpi_wilson_interval()).
 * @param acc the accumulator. @param confidence in (0, 1), e.g. 0.95.
 * @param[out] lo lower bound in percent. @param[out] hi upper bound in percent.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ERANGE @p confidence is not in (0, 1).
 * @retval CXKPI_EEMPTY no responses.
 */
CXKPI_API cxkpi_status cxkpi_csat_percent_interval(const cxkpi_csat *acc, double confidence,
                                                   double *lo, double *hi);

/**
 * @brief The configuration the accumulator was created with.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_csat_config(const cxkpi_csat *acc, int32_t *scale_min,
                                         int32_t *scale_max, int32_t *satisfied_min);

/**
 * @brief Exact size in bytes that cxkpi_csat_serialize() will write.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_csat_serialized_size(const cxkpi_csat *acc, size_t *size);

/**
 * @brief Writes the accumulator in the portable, versioned binary format.
 * @param acc the accumulator. @param buf destination (caller-owned). @param capacity its size in bytes.
 * @param[out] written receives the number of bytes written.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ENOSPC @p capacity is too small; nothing is written.
 */
CXKPI_API cxkpi_status cxkpi_csat_serialize(const cxkpi_csat *acc, void *buf, size_t capacity,
                                            size_t *written);

/**
 * @brief Creates an accumulator from bytes written by cxkpi_csat_serialize().
 * @param[out] out receives the new accumulator, owned by the caller.
 * @param buf the bytes. @param size their number; the frame must fill it exactly.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EFORMAT malformed, truncated, corrupted, or not a CSAT accumulator.
 * @retval CXKPI_EVERSION written by a newer format version.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_csat_deserialize(cxkpi_csat **out, const void *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* CXKPI_CSAT_H */
