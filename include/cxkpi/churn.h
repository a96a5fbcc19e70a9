/**
 * @file cxkpi/churn.h
 * @brief Customer churn over one period.
 *
 * A customer has churned when the relationship with the company has ended: the customer
 * cancelled, or did not come back within the period in which a customer normally would.
 * One accumulator describes one period (a month, a quarter) for one population (all
 * customers, a plan, a region):
 *
 * - *at start*: customers at the start of the period;
 * - *lost*: customers **of that starting population** who left during the period, so
 *   `lost <= at_start` always;
 * - *gained*: customers acquired during the period. They are reported, but not in the
 *   churn rate. A customer both acquired and lost within the same period is reported in
 *   neither, so that `at_end = at_start + gained - lost` holds.
 *
 * - `churn_percent = 100 * lost / at_start`, in [0, 100], with a Wilson interval (lost
 *   customers as successes out of `at_start` trials);
 * - `net_growth = 100 * (gained - lost) / at_start`, in [-100, +inf): the period's
 *   growth of the customer base in percent.
 *
 * Example: 200 customers at the start, 10 of them lost, 25 gained: churn 5 %, net growth
 * 100 * 15 / 200 = 7.5 %, 215 customers at the end.
 *
 * Counts are added, so the segments of a period (per region, per shard) merge by
 * summing. Report the starting count before the losses: a loss that would make
 * `lost > at_start` is refused with #CXKPI_ERANGE. `at_start + gained` (hence every count
 * and `at_end`) stays at most 2^64 - 1; an addition past that is #CXKPI_EOVERFLOW.
 *
 * Memory: three 64-bit counters. Every operation is O(1).
 *
 * Serialized form: the cxkpi frame of kind 7, laid out in `docs/FORMAT.md`.
 */
#ifndef CXKPI_CHURN_H
#define CXKPI_CHURN_H

#include "cxkpi/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Opaque churn accumulator. Create with cxkpi_churn_new(), destroy with cxkpi_churn_free(). */
typedef struct cxkpi_churn cxkpi_churn;

/**
 * @brief Creates an empty churn accumulator (all counts 0).
 * @param[out] out receives the new accumulator, owned by the caller (free with
 *                 cxkpi_churn_free()). Left unchanged on error.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p out is NULL.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_churn_new(cxkpi_churn **out);

/** @brief Destroys an accumulator. @param acc the accumulator; NULL is a no-op. */
CXKPI_API void cxkpi_churn_free(cxkpi_churn *acc);

/**
 * @brief Adds @p customers to the count at the start of the period (a segment's
 *        starting count, or the whole of it).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_EOVERFLOW `at_start + gained` would exceed 2^64 - 1; nothing changes.
 */
CXKPI_API cxkpi_status cxkpi_churn_add_start(cxkpi_churn *acc, uint64_t customers);

/**
 * @brief Adds @p customers acquired during the period.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_EOVERFLOW `at_start + gained` would exceed 2^64 - 1; nothing changes.
 */
CXKPI_API cxkpi_status cxkpi_churn_add_gained(cxkpi_churn *acc, uint64_t customers);

/**
 * @brief Adds @p customers of the starting population lost during the period.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_ERANGE `lost + customers` would exceed `at_start` (report the starting
 *         count first); nothing changes.
 */
CXKPI_API cxkpi_status cxkpi_churn_add_lost(cxkpi_churn *acc, uint64_t customers);

/**
 * @brief Retracts @p customers previously counted as lost (a cancellation that was
 *        reversed, a data correction).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_ENOTFOUND fewer than @p customers are counted as lost; nothing changes.
 */
CXKPI_API cxkpi_status cxkpi_churn_remove_lost(cxkpi_churn *acc, uint64_t customers);

/**
 * @brief Adds every count of @p src into @p dst (segments of one period); @p src is not
 *        modified. `dst == src` is allowed (it doubles every count).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a handle is NULL.
 * @retval CXKPI_EOVERFLOW `at_start + gained` would exceed 2^64 - 1; @p dst is unchanged.
 */
CXKPI_API cxkpi_status cxkpi_churn_merge(cxkpi_churn *dst, const cxkpi_churn *src);

/**
 * @brief Sets every count back to 0.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 */
CXKPI_API cxkpi_status cxkpi_churn_reset(cxkpi_churn *acc);

/**
 * @brief Creates an independent copy of @p src.
 * @param src the accumulator to copy. @param[out] out receives the copy, owned by the caller.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_churn_clone(const cxkpi_churn *src, cxkpi_churn **out);

/**
 * @brief The three counts: customers at the start, gained and lost.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_churn_counts(const cxkpi_churn *acc, uint64_t *at_start,
                                          uint64_t *gained, uint64_t *lost);

/**
 * @brief Customers at the end of the period, `at_start + gained - lost` (never overflows).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_churn_at_end(const cxkpi_churn *acc, uint64_t *at_end);

/**
 * @brief Churn rate, `100 * lost / at_start`, in [0, 100].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EEMPTY `at_start` is 0.
 */
CXKPI_API cxkpi_status cxkpi_churn_percent(const cxkpi_churn *acc, double *percent);

/**
 * @brief Wilson score interval of the churn rate, `lost` successes out of `at_start`
 *        trials (see cxkpi_wilson_interval()).
 * @param acc the accumulator. @param confidence in (0, 1), e.g. 0.95.
 * @param[out] lo lower bound in percent. @param[out] hi upper bound in percent.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ERANGE @p confidence is not in (0, 1).
 * @retval CXKPI_EEMPTY `at_start` is 0.
 */
CXKPI_API cxkpi_status cxkpi_churn_percent_interval(const cxkpi_churn *acc, double confidence,
                                                    double *lo, double *hi);

/**
 * @brief Net growth of the customer base, `100 * (gained - lost) / at_start`, in percent
 *        (negative when more were lost than gained; at least -100).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EEMPTY `at_start` is 0.
 */
CXKPI_API cxkpi_status cxkpi_churn_net_growth(const cxkpi_churn *acc, double *percent);

/**
 * @brief Exact size in bytes that cxkpi_churn_serialize() will write (always 44).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_churn_serialized_size(const cxkpi_churn *acc, size_t *size);

/**
 * @brief Writes the accumulator in the portable, versioned binary format.
 * @param acc the accumulator. @param buf destination (caller-owned).
 * @param capacity its size in bytes. @param[out] written receives the number of bytes written.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ENOSPC @p capacity is too small; nothing is written.
 */
CXKPI_API cxkpi_status cxkpi_churn_serialize(const cxkpi_churn *acc, void *buf,
                                             size_t capacity, size_t *written);

/**
 * @brief Creates an accumulator from bytes written by cxkpi_churn_serialize().
 * @param[out] out receives the new accumulator, owned by the caller.
 * @param buf the bytes. @param size their number; the frame must fill it exactly.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EFORMAT malformed, truncated, corrupted, not a churn accumulator, or
 *         impossible counts (`lost > at_start`, `at_start + gained` past 2^64 - 1).
 * @retval CXKPI_EVERSION written by a newer format version.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_churn_deserialize(cxkpi_churn **out, const void *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* CXKPI_CHURN_H */
