/**
 * @file cxkpi/nps.h
 * @brief NPS — net promoter score accumulator.
 *
 * Answers to "how likely are you to recommend us?" on the fixed 0–10 scale:
 * promoters score 9–10, passives 7–8, detractors 0–6 (F. F. Reichheld, "The one number
 * you need to grow", Harvard Business Review 81(12), 2003). With `n` responses,
 * `p = promoters / n` and `d = detractors / n`:
 * - `score = 100 * (promoters - detractors) / n`, in [-100, 100];
 * - each response counts as +1 / 0 / -1, so its variance is `p + d - (p - d)^2` and
 *   `stderr = 100 * sqrt(variance / n)` (NPS points), as the R package `NPS`
 *   (`nps_var()`, `nps_se()`) computes them;
 * - `margin(c) = z(c) * stderr` with `z` the two-sided normal quantile (1.959964 at 0.95).
 *
 * Example: 50 promoters, 30 passives, 20 detractors give NPS 30, standard error
 * 100 * sqrt((0.7 - 0.09) / 100) = 7.8102497 and a 95% margin of 15.3078.
 *
 * Memory: eleven 64-bit counters. Adding is O(1) and never allocates.
 *
 * Serialized form: the cxkpi frame of kind 2, laid out in `docs/FORMAT.md`.
 */
#ifndef CXKPI_NPS_H
#define CXKPI_NPS_H

#include "cxkpi/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Opaque NPS accumulator. Create with cxkpi_nps_new(), destroy with cxkpi_nps_free(). */
typedef struct cxkpi_nps cxkpi_nps;

/**
 * @brief Creates an empty NPS accumulator.
 * @param[out] out receives the accumulator, owned by the caller (free with cxkpi_nps_free()).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p out is NULL.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_nps_new(cxkpi_nps **out);

/** @brief Destroys an accumulator. @param acc the accumulator; NULL is a no-op. */
CXKPI_API void cxkpi_nps_free(cxkpi_nps *acc);

/**
 * @brief Counts one response.
 * @param acc the accumulator. @param score the response, 0 to 10.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_ERANGE @p score is not in 0..10; nothing is counted.
 * @retval CXKPI_EOVERFLOW the response count would exceed 2^64 - 1.
 */
CXKPI_API cxkpi_status cxkpi_nps_add(cxkpi_nps *acc, int32_t score);

/**
 * @brief Counts a batch of responses, atomically: on any error none is counted.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL, or @p scores is NULL with n > 0.
 * @retval CXKPI_ERANGE a score is not in 0..10.
 * @retval CXKPI_EOVERFLOW a count would overflow.
 */
CXKPI_API cxkpi_status cxkpi_nps_add_many(cxkpi_nps *acc, const int32_t *scores, size_t n);

/** @brief Byte-sized batch (Python `bytes`, NumPy `uint8`); same contract as cxkpi_nps_add_many(). */
CXKPI_API cxkpi_status cxkpi_nps_add_many_u8(cxkpi_nps *acc, const uint8_t *scores, size_t n);

/**
 * @brief Counts a batch of 64-bit integer scores (NumPy's default integer, the integers of
 *        JavaScript, Ruby and PHP FFI), atomically. Same contract as cxkpi_nps_add_many(): every
 *        score must be on 0..10, or none is counted.
 * @param acc the accumulator. @param scores array of @p n scores (may be NULL when @p n is 0).
 * @param n number of scores.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL, or @p scores is NULL with n > 0.
 * @retval CXKPI_ERANGE a score is not in 0..10; nothing is counted.
 * @retval CXKPI_EOVERFLOW the response count would overflow; nothing is counted.
 */
CXKPI_API cxkpi_status cxkpi_nps_add_many_i64(cxkpi_nps *acc, const int64_t *scores, size_t n);

/**
 * @brief Counts a batch of scores held as doubles (a pandas column with gaps, a JavaScript
 *        array), atomically.
 *
 * The rule for each value:
 * - an integral value on 0..10 (4.0, and -0.0 as 0) is that score;
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
 * @retval CXKPI_ERANGE a value is neither NaN nor an integral score on 0..10; nothing is
 *         counted and @p skipped is not written.
 * @retval CXKPI_EOVERFLOW the response count would overflow; nothing is counted.
 */
CXKPI_API cxkpi_status cxkpi_nps_add_many_f64(cxkpi_nps *acc, const double *scores, size_t n,
                                           size_t *skipped);


/**
 * @brief Counts a table's column of scores into one accumulator per group, in one pass:
 *        the group-by of a data frame (one row per response, a group code per row).
 *
 * Each value follows the rule of cxkpi_nps_add_many_f64() against its own group's
 * accumulator: an integral value on 0..10 is that score, NaN is "no answer" (skipped),
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
 *         an integral score on 0..10.
 * @retval CXKPI_EOVERFLOW an accumulator's count would overflow.
 * @retval CXKPI_ENOMEM the scratch space (about 16 bytes per group) could not be allocated.
 */
CXKPI_API cxkpi_status cxkpi_nps_add_grouped_f64(cxkpi_nps *const *accs, size_t groups,
                                                 const uint32_t *group, const double *scores,
                                                 size_t n, size_t *skipped);

/**
 * @brief Retracts one response previously counted.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_ERANGE bad score.
 * @retval CXKPI_ENOTFOUND no response with that score is counted; nothing changes.
 */
CXKPI_API cxkpi_status cxkpi_nps_remove(cxkpi_nps *acc, int32_t score);

/**
 * @brief Adds everything counted by @p src into @p dst; @p src is not modified (`dst == src` allowed).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a handle is NULL.
 * @retval CXKPI_EOVERFLOW a count would overflow; @p dst is unchanged.
 */
CXKPI_API cxkpi_status cxkpi_nps_merge(cxkpi_nps *dst, const cxkpi_nps *src);

/**
 * @brief Forgets every response.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 */
CXKPI_API cxkpi_status cxkpi_nps_reset(cxkpi_nps *acc);

/**
 * @brief Creates an independent copy of @p src, owned by the caller.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_nps_clone(const cxkpi_nps *src, cxkpi_nps **out);

/**
 * @brief Number of responses counted.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_nps_count(const cxkpi_nps *acc, uint64_t *count);

/**
 * @brief Counts of promoters (9–10), passives (7–8) and detractors (0–6).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_nps_groups(const cxkpi_nps *acc, uint64_t *promoters,
                                        uint64_t *passives, uint64_t *detractors);

/**
 * @brief Shares of promoters, passives and detractors, in percent of all responses.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EEMPTY no responses.
 */
CXKPI_API cxkpi_status cxkpi_nps_group_percents(const cxkpi_nps *acc, double *promoters,
                                                double *passives, double *detractors);

/**
 * @brief Number of responses with exactly @p score.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ERANGE bad score.
 */
CXKPI_API cxkpi_status cxkpi_nps_score_count(const cxkpi_nps *acc, int32_t score, uint64_t *count);

/**
 * @brief Net promoter score, `100 * (promoters - detractors) / responses`, in [-100, 100].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EEMPTY no responses.
 */
CXKPI_API cxkpi_status cxkpi_nps_score(const cxkpi_nps *acc, double *score);

/**
 * @brief Standard error of the NPS, in NPS points: `100 * sqrt((p + d - (p - d)^2) / n)`.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EEMPTY no responses.
 */
CXKPI_API cxkpi_status cxkpi_nps_stderr(const cxkpi_nps *acc, double *se);

/**
 * @brief Margin of error at @p confidence, `z(confidence) * stderr`, in NPS points.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ERANGE @p confidence is not in (0, 1).
 * @retval CXKPI_EEMPTY no responses.
 */
CXKPI_API cxkpi_status cxkpi_nps_margin(const cxkpi_nps *acc, double confidence, double *moe);

/**
 * @brief Exact size in bytes cxkpi_nps_serialize() will write.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_nps_serialized_size(const cxkpi_nps *acc, size_t *size);

/**
 * @brief Writes the accumulator in the portable binary format.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ENOSPC @p capacity is too small; nothing is written.
 */
CXKPI_API cxkpi_status cxkpi_nps_serialize(const cxkpi_nps *acc, void *buf, size_t capacity,
                                           size_t *written);

/**
 * @brief Creates an accumulator from bytes written by cxkpi_nps_serialize().
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EFORMAT malformed, truncated, corrupted or not an NPS accumulator.
 * @retval CXKPI_EVERSION newer format version.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_nps_deserialize(cxkpi_nps **out, const void *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* CXKPI_NPS_H */
