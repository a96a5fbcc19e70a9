/**
 * @file cxkpi/aht.h
 * @brief AHT — average handling time, split into talk, hold and after-call work.
 *
 * Average handling time measures how long a contact keeps an agent busy, from the moment
 * the agent takes it to the end of the work it leaves behind. Each handled contact is
 * reported as three durations in seconds: talk time, hold time and after-call work
 * (wrap-up). Their sum is the contact's handling time, and
 *
 *     AHT = sum(talk + hold + after-call work) / contacts
 *
 * is the mean of the #CXKPI_AHT_TOTAL component (equal, up to rounding, to the sum of the
 * three components' means).
 *
 * The accumulator is a thin layer over cxkpi/duration.h: one duration accumulator per
 * component plus one for the total, all with the same `alpha` and `max_buckets`. So every
 * component has count, sum, mean, min, max, standard deviation and quantiles with the
 * duration accumulator's relative-error guarantee and rank convention; note that the
 * quantiles of #CXKPI_AHT_TOTAL are those of the per-contact totals, which are not the sums
 * of the components' quantiles. Reach any duration getter through cxkpi_aht_component().
 *
 * Adding, merging and the bad-input contract are those of the duration accumulator, and a
 * contact is counted in all four components or (on any error) in none.
 *
 * Memory: four duration accumulators (see cxkpi/duration.h), about 4 x 6 KB for handling
 * times spread over 1 s .. 30 days at alpha 0.01.
 *
 * Serialized form: the cxkpi frame of kind 8, laid out in `docs/FORMAT.md`.
 */
#ifndef CXKPI_AHT_H
#define CXKPI_AHT_H

#include "cxkpi/common.h"
#include "cxkpi/duration.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief The parts of a contact's handling time. */
typedef enum cxkpi_aht_part {
    CXKPI_AHT_TALK = 0,  /**< Time talking (or chatting) with the customer. */
    CXKPI_AHT_HOLD = 1,  /**< Time the customer was on hold. */
    CXKPI_AHT_ACW = 2,   /**< After-call work (wrap-up) once the customer has gone. */
    CXKPI_AHT_TOTAL = 3  /**< talk + hold + after-call work, per contact. */
} cxkpi_aht_part;

/** @brief Opaque AHT accumulator. Create with cxkpi_aht_new(), destroy with cxkpi_aht_free(). */
typedef struct cxkpi_aht cxkpi_aht;

/**
 * @brief Creates an empty AHT accumulator.
 * @param[out] out receives the new accumulator, owned by the caller (free with
 *                 cxkpi_aht_free()). Left unchanged on error.
 * @param alpha relative-error guarantee of the quantiles (see cxkpi_duration_new()).
 * @param max_buckets bucket bound of each component, or #CXKPI_DURATION_DEFAULT_BUCKETS.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p out is NULL or the configuration is invalid.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_aht_new(cxkpi_aht **out, double alpha, uint32_t max_buckets);

/** @brief Destroys an accumulator (and its components). @param acc the accumulator; NULL is a no-op. */
CXKPI_API void cxkpi_aht_free(cxkpi_aht *acc);

/**
 * @brief Counts one handled contact.
 * @param acc the accumulator. @param talk_seconds talk time. @param hold_seconds hold time.
 * @param acw_seconds after-call work. Each in [0, #CXKPI_DURATION_MAX_SECONDS], and so
 *        must be their sum.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_ERANGE a duration (or the sum) is negative, NaN, infinite or too large;
 *         nothing is counted.
 * @retval CXKPI_EOVERFLOW the count would exceed 2^64 - 1; nothing is counted.
 * @retval CXKPI_ENOMEM a bucket array had to grow and could not; nothing is counted.
 */
CXKPI_API cxkpi_status cxkpi_aht_add(cxkpi_aht *acc, double talk_seconds, double hold_seconds,
                                     double acw_seconds);

/**
 * @brief Counts a batch of contacts, atomically: contact i is
 *        (`talk[i]`, `hold[i]`, `acw[i]`). Either all are counted or none is.
 * @param acc the accumulator.
 * @param talk @p n talk times in seconds (may be NULL when @p n is 0).
 * @param hold @p n hold times in seconds (may be NULL when @p n is 0).
 * @param acw @p n after-call work times in seconds (may be NULL when @p n is 0).
 * @param n number of contacts.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL, or an array is NULL with n > 0.
 * @retval CXKPI_ERANGE a duration or a sum is out of range.
 * @retval CXKPI_EOVERFLOW the count would overflow.
 * @retval CXKPI_ENOMEM a bucket array had to grow and could not.
 */
CXKPI_API cxkpi_status cxkpi_aht_add_many(cxkpi_aht *acc, const double *talk, const double *hold,
                                          const double *acw, size_t n);

/**
 * @brief Adds everything counted by @p src into @p dst; @p src is not modified.
 *        Each component merges exactly as cxkpi_duration_merge(). `dst == src` is allowed.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a handle is NULL.
 * @retval CXKPI_EMISMATCH alpha or max_buckets differ.
 * @retval CXKPI_EOVERFLOW the count would overflow; @p dst is unchanged.
 * @retval CXKPI_ENOMEM a bucket array had to grow and could not; @p dst is unchanged.
 */
CXKPI_API cxkpi_status cxkpi_aht_merge(cxkpi_aht *dst, const cxkpi_aht *src);

/**
 * @brief Forgets every contact, keeping the configuration.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 */
CXKPI_API cxkpi_status cxkpi_aht_reset(cxkpi_aht *acc);

/**
 * @brief Creates an independent copy of @p src.
 * @param src the accumulator to copy. @param[out] out receives the copy, owned by the caller.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_aht_clone(const cxkpi_aht *src, cxkpi_aht **out);

/**
 * @brief Number of contacts counted (0 for an empty accumulator).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_aht_count(const cxkpi_aht *acc, uint64_t *count);

/**
 * @brief One component's duration accumulator, read-only, for any cxkpi_duration_* getter
 *        (sum, min, max, stddev, quantiles...).
 * @param acc the accumulator. @param component which one.
 * @param[out] out receives a pointer owned by @p acc: valid until @p acc is freed, never to
 *             be freed or modified by the caller (adding to @p acc updates it).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL or @p component is not a
 *         ::cxkpi_aht_part.
 */
CXKPI_API cxkpi_status cxkpi_aht_component(const cxkpi_aht *acc, cxkpi_aht_part component,
                                           const cxkpi_duration **out);

/**
 * @brief Mean of a component in seconds; for #CXKPI_AHT_TOTAL this is the AHT.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL or @p component is invalid.
 * @retval CXKPI_EEMPTY no contact counted.
 */
CXKPI_API cxkpi_status cxkpi_aht_mean(const cxkpi_aht *acc, cxkpi_aht_part component,
                                      double *mean);

/**
 * @brief The q-quantile of a component in seconds (see cxkpi_duration_quantile()), e.g. the
 *        median or p90 handling time with #CXKPI_AHT_TOTAL.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL or @p component is invalid.
 * @retval CXKPI_ERANGE @p q is outside [0, 1] or NaN.
 * @retval CXKPI_EEMPTY no contact counted.
 */
CXKPI_API cxkpi_status cxkpi_aht_quantile(const cxkpi_aht *acc, cxkpi_aht_part component,
                                          double q, double *value);

/**
 * @brief Exact size in bytes that cxkpi_aht_serialize() will write.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_aht_serialized_size(const cxkpi_aht *acc, size_t *size);

/**
 * @brief Writes the accumulator in the portable, versioned binary format.
 * @param acc the accumulator. @param buf destination (caller-owned). @param capacity its size in bytes.
 * @param[out] written receives the number of bytes written.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ENOSPC @p capacity is too small; nothing is written.
 */
CXKPI_API cxkpi_status cxkpi_aht_serialize(const cxkpi_aht *acc, void *buf, size_t capacity,
                                           size_t *written);

/**
 * @brief Creates an accumulator from bytes written by cxkpi_aht_serialize().
 * @param[out] out receives the new accumulator, owned by the caller.
 * @param buf the bytes. @param size their number; the frame must fill it exactly.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EFORMAT malformed, truncated, corrupted, inconsistent, or not an AHT accumulator.
 * @retval CXKPI_EVERSION written by a newer format version.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_aht_deserialize(cxkpi_aht **out, const void *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* CXKPI_AHT_H */
