/**
 * @file cxkpi/fcr.h
 * @brief FCR — first contact resolution, escalation and reopen rates from ticket outcomes.
 *
 * The caller reports each finished issue once, as a bitmask of ::cxkpi_fcr_flag values:
 * resolved on the first contact, escalated (handed on to a second-tier agent or team),
 * reopened, and excluded (an issue that could never have been resolved on first contact,
 * left out of net FCR). Then:
 *
 * - `fcr_percent = 100 * resolved_first_contact / issues` (gross FCR): 72 resolved of 100
 *   issues is 72%;
 * - `net_fcr_percent = 100 * resolved_first_contact / (issues - excluded)`: 72 resolved of
 *   100 issues of which 10 are excluded is 80%;
 * - `escalation_percent = 100 * escalated / issues`, `reopen_percent = 100 * reopened / issues`;
 * - a Wilson score interval (cxkpi_wilson_interval()) for each of the four.
 *
 * **Contradictory flags are refused** with #CXKPI_ERANGE, and nothing is counted:
 * - #CXKPI_FCR_RESOLVED_FIRST_CONTACT with #CXKPI_FCR_ESCALATED: an issue handed to tier 2
 *   was not resolved by the first contact;
 * - #CXKPI_FCR_RESOLVED_FIRST_CONTACT with #CXKPI_FCR_REOPENED: a reopened issue came back,
 *   so its first contact did not resolve it;
 * - #CXKPI_FCR_RESOLVED_FIRST_CONTACT with #CXKPI_FCR_EXCLUDED: an excluded issue is by
 *   definition one that could not be resolved on first contact;
 * - any bit outside #CXKPI_FCR_ALL.
 *
 * Every other combination is valid: 0 (a plain issue, not resolved on first contact),
 * RESOLVED alone, and any combination of ESCALATED, REOPENED and EXCLUDED (nine in all).
 * Because of these rules `resolved_first_contact <= issues - excluded`, so net FCR is a
 * proportion too.
 *
 * Memory: one 64-bit counter per valid combination plus a small header (about 100 bytes).
 * Keeping one counter per combination makes cxkpi_fcr_remove() and cxkpi_fcr_merge() exact.
 * Adding is O(1) and never allocates.
 *
 * Serialized form: the cxkpi frame of kind 3, laid out in `docs/FORMAT.md`.
 */
#ifndef CXKPI_FCR_H
#define CXKPI_FCR_H

#include "cxkpi/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Outcome flags of a finished issue; combine with `|`. The values are part of the ABI. */
typedef enum cxkpi_fcr_flag {
    CXKPI_FCR_RESOLVED_FIRST_CONTACT = 1, /**< Resolved by the first contact. */
    CXKPI_FCR_ESCALATED = 2,              /**< Handed to a tier-2 agent or supervisor. */
    CXKPI_FCR_REOPENED = 4,               /**< Reopened after being closed. */
    CXKPI_FCR_EXCLUDED = 8,               /**< Could never be resolved on first contact: left out
                                               of net FCR's denominator. */
    CXKPI_FCR_ALL = 15                    /**< Every defined bit. */
} cxkpi_fcr_flag;

/** @brief Opaque ticket-outcomes accumulator. Create with cxkpi_fcr_new(), destroy with cxkpi_fcr_free(). */
typedef struct cxkpi_fcr cxkpi_fcr;

/**
 * @brief Creates an empty accumulator.
 * @param[out] out receives the new accumulator, owned by the caller (free with cxkpi_fcr_free()).
 *                 Left unchanged on error.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p out is NULL.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_fcr_new(cxkpi_fcr **out);

/** @brief Destroys an accumulator. @param acc the accumulator; NULL is a no-op. */
CXKPI_API void cxkpi_fcr_free(cxkpi_fcr *acc);

/**
 * @brief Counts one finished issue.
 * @param acc the accumulator. @param flags its outcome, a combination of ::cxkpi_fcr_flag.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_ERANGE unknown bits or a contradictory combination (see the file
 *         description); nothing is counted.
 * @retval CXKPI_EOVERFLOW the issue count would exceed 2^64 - 1; nothing is counted.
 */
CXKPI_API cxkpi_status cxkpi_fcr_add(cxkpi_fcr *acc, uint32_t flags);

/**
 * @brief Counts a batch of finished issues, atomically: either every one is counted or,
 *        on any error, none is.
 * @param acc the accumulator. @param flags array of @p n outcomes (may be NULL when @p n is 0).
 * @param n number of outcomes.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL, or @p flags is NULL with n > 0.
 * @retval CXKPI_ERANGE an outcome is invalid (see cxkpi_fcr_add()).
 * @retval CXKPI_EOVERFLOW the issue count would overflow.
 */
CXKPI_API cxkpi_status cxkpi_fcr_add_many(cxkpi_fcr *acc, const uint32_t *flags, size_t n);


/**
 * @brief Counts a table's column of outcomes into one accumulator per group, in one pass
 *        (the group-by of a data frame). Atomic over all the accumulators.
 * @param accs array of @p groups accumulators, none NULL; the caller keeps ownership.
 * @param groups number of accumulators.
 * @param group array of @p n group indices, each below @p groups: value i goes to
 *        `accs[group[i]]` (for a table, the group code of each row).
 * @param flags array of @p n outcomes (see cxkpi_fcr_add()); may be NULL when @p n is 0.
 * @param n number of rows.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p accs or one of its accumulators is NULL, or @p group or @p flags
 *         is NULL with n > 0.
 * @retval CXKPI_ERANGE a group index is not below @p groups, or an outcome is invalid.
 * @retval CXKPI_EOVERFLOW an accumulator's count would overflow.
 * @retval CXKPI_ENOMEM the scratch space (about 16 bytes per group) could not be allocated.
 */
CXKPI_API cxkpi_status cxkpi_fcr_add_grouped(cxkpi_fcr *const *accs, size_t groups,
                                             const uint32_t *group, const uint32_t *flags,
                                             size_t n);

/**
 * @brief Retracts one issue previously counted with exactly these @p flags (an outcome was
 *        corrected: remove the old one, add the new one).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_ERANGE @p flags is not a valid combination.
 * @retval CXKPI_ENOTFOUND no issue with exactly this combination is counted; nothing changes.
 */
CXKPI_API cxkpi_status cxkpi_fcr_remove(cxkpi_fcr *acc, uint32_t flags);

/**
 * @brief Adds everything counted by @p src into @p dst; @p src is not modified.
 *
 * `dst == src` is allowed (it doubles every count). There is no configuration, so any two
 * accumulators merge.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a handle is NULL.
 * @retval CXKPI_EOVERFLOW the issue count would overflow; @p dst is unchanged.
 */
CXKPI_API cxkpi_status cxkpi_fcr_merge(cxkpi_fcr *dst, const cxkpi_fcr *src);

/**
 * @brief Forgets every issue.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 */
CXKPI_API cxkpi_status cxkpi_fcr_reset(cxkpi_fcr *acc);

/**
 * @brief Creates an independent copy of @p src.
 * @param src the accumulator to copy. @param[out] out receives the copy, owned by the caller.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_fcr_clone(const cxkpi_fcr *src, cxkpi_fcr **out);

/**
 * @brief All the counts at once (0s for an empty accumulator).
 * @param acc the accumulator.
 * @param[out] issues issues counted.
 * @param[out] resolved_first_contact issues with #CXKPI_FCR_RESOLVED_FIRST_CONTACT.
 * @param[out] escalated issues with #CXKPI_FCR_ESCALATED.
 * @param[out] reopened issues with #CXKPI_FCR_REOPENED.
 * @param[out] excluded issues with #CXKPI_FCR_EXCLUDED.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_fcr_counts(const cxkpi_fcr *acc, uint64_t *issues,
                                        uint64_t *resolved_first_contact, uint64_t *escalated,
                                        uint64_t *reopened, uint64_t *excluded);

/**
 * @brief Number of issues counted with exactly the combination @p flags.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ERANGE @p flags is not a valid combination.
 */
CXKPI_API cxkpi_status cxkpi_fcr_combination_count(const cxkpi_fcr *acc, uint32_t flags,
                                                   uint64_t *count);

/**
 * @brief Gross FCR, `100 * resolved_first_contact / issues`, in [0, 100].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EEMPTY no issues.
 */
CXKPI_API cxkpi_status cxkpi_fcr_percent(const cxkpi_fcr *acc, double *percent);

/**
 * @brief Net FCR, `100 * resolved_first_contact / (issues - excluded)`, in [0, 100].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EEMPTY `issues - excluded` is 0 (no issues, or every issue excluded).
 */
CXKPI_API cxkpi_status cxkpi_fcr_net_percent(const cxkpi_fcr *acc, double *percent);

/**
 * @brief Escalation rate, `100 * escalated / issues`, in [0, 100].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EEMPTY no issues.
 */
CXKPI_API cxkpi_status cxkpi_fcr_escalation_percent(const cxkpi_fcr *acc, double *percent);

/**
 * @brief Reopen rate, `100 * reopened / issues`, in [0, 100].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EEMPTY no issues.
 */
CXKPI_API cxkpi_status cxkpi_fcr_reopen_percent(const cxkpi_fcr *acc, double *percent);

/**
 * @brief Wilson score interval of gross FCR (successes `resolved_first_contact`, trials `issues`).
 * @param acc the accumulator. @param confidence in (0, 1), e.g. 0.95.
 * @param[out] lo lower bound in percent. @param[out] hi upper bound in percent.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ERANGE @p confidence is not in (0, 1).
 * @retval CXKPI_EEMPTY no issues.
 */
CXKPI_API cxkpi_status cxkpi_fcr_percent_interval(const cxkpi_fcr *acc, double confidence,
                                                  double *lo, double *hi);

/**
 * @brief Wilson score interval of net FCR (trials `issues - excluded`).
 * Same contract as cxkpi_fcr_percent_interval(); #CXKPI_EEMPTY when `issues - excluded` is 0.
 */
CXKPI_API cxkpi_status cxkpi_fcr_net_percent_interval(const cxkpi_fcr *acc, double confidence,
                                                      double *lo, double *hi);

/**
 * @brief Wilson score interval of the escalation rate (successes `escalated`, trials `issues`).
 * Same contract as cxkpi_fcr_percent_interval().
 */
CXKPI_API cxkpi_status cxkpi_fcr_escalation_percent_interval(const cxkpi_fcr *acc,
                                                             double confidence,
                                                             double *lo, double *hi);

/**
 * @brief Wilson score interval of the reopen rate (successes `reopened`, trials `issues`).
 * Same contract as cxkpi_fcr_percent_interval().
 */
CXKPI_API cxkpi_status cxkpi_fcr_reopen_percent_interval(const cxkpi_fcr *acc, double confidence,
                                                         double *lo, double *hi);

/**
 * @brief Exact size in bytes that cxkpi_fcr_serialize() will write (always 92).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_fcr_serialized_size(const cxkpi_fcr *acc, size_t *size);

/**
 * @brief Writes the accumulator in the portable, versioned binary format.
 * @param acc the accumulator. @param buf destination (caller-owned). @param capacity its size in bytes.
 * @param[out] written receives the number of bytes written.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ENOSPC @p capacity is too small; nothing is written.
 */
CXKPI_API cxkpi_status cxkpi_fcr_serialize(const cxkpi_fcr *acc, void *buf, size_t capacity,
                                           size_t *written);

/**
 * @brief Creates an accumulator from bytes written by cxkpi_fcr_serialize().
 * @param[out] out receives the new accumulator, owned by the caller.
 * @param buf the bytes. @param size their number; the frame must fill it exactly.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EFORMAT malformed, truncated, corrupted, counts summing past 2^64 - 1, or not
 *         an FCR accumulator.
 * @retval CXKPI_EVERSION written by a newer format version.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_fcr_deserialize(cxkpi_fcr **out, const void *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* CXKPI_FCR_H */
