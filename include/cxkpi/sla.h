/**
 * @file cxkpi/sla.h
 * @brief SLA compliance — share of tickets handled within a target time, and how late
 *        the others were.
 *
 * A service level agreement (SLA) is the promise a support operation makes, and is
 * measured against, about how fast it answers or resolves tickets. A *policy* is one
 * target duration — "first reply within 1 h", "resolved within 24 h" — and one
 * accumulator holds the tickets measured against one policy. Times are seconds, as
 * `double` so that fractional seconds are kept.
 *
 * - A **finished** ticket (cxkpi_sla_add()) with `elapsed <= target` is *met*, otherwise
 *   *breached*. `elapsed == target` is met.
 * - An **open** ticket (cxkpi_sla_add_open()) with `elapsed > target` is already
 *   *breached* (it can only get later); one with `elapsed <= target` is *in progress*:
 *   reported, but not part of compliance.
 * - `compliance_percent = 100 * met / (met + breached)`, with a Wilson interval;
 *   breached counts finished and open breaches alike.
 * - Lateness of a breached ticket is `elapsed - target` (> 0). cxkpi_sla_lateness() gives
 *   the count, total, mean and maximum over all breaches (for open ones, the lateness so
 *   far); cxkpi_sla_lateness_finished() the same over finished breaches only.
 *
 * Example (target 3600 s): finished 1800, 3600, 5400, 7200 and open 600, 4000 give
 * met 2, breached 3 (one of them open), in progress 1, compliance 100 * 2 / 5 = 40 %,
 * lateness 1800 + 3600 + 400 = 5800 s in total, mean 5800 / 3 s, maximum 3600 s.
 *
 * ## Open tickets are a snapshot
 * An open ticket's elapsed time grows, so what was reported for it is a snapshot. When a
 * ticket changes — its elapsed time is refreshed, or it finishes — the caller retracts
 * the snapshot with cxkpi_sla_remove_open() (passing the elapsed time it reported then)
 * and reports the new state: cxkpi_sla_add_open() again, or cxkpi_sla_add() once it has
 * finished. Callers that rebuild the open part periodically call cxkpi_sla_clear_open()
 * and then report every ticket still open. Finished tickets are reported once and never
 * retracted except to correct a mistake (cxkpi_sla_remove()).
 *
 * ## One accumulator per policy and priority; totals
 * Keep one accumulator per policy (and per priority: "P1 first reply within 1 h",
 * "P3 first reply within 8 h"). cxkpi_sla_merge() combines accumulators of the *same*
 * target (threads, shards, days) and refuses different targets with
 * #CXKPI_EMISMATCH. A total across priorities is made with cxkpi_sla_merge_counts(), which
 * sums met, breached, in progress and the lateness statistics whatever the targets:
 * every ticket's lateness was measured against its own target, so the sums stay
 * meaningful ("breaches were late by 35 min on average, each against its own target").
 * The total keeps its own target, which matters only for tickets later added to it
 * directly; create a separate accumulator for the total and only merge into it.
 *
 * ## Numbers
 * Counts are 64-bit; the number of tickets held (finished plus open) is at most
 * 2^64 - 1, and an operation that would exceed it fails with #CXKPI_EOVERFLOW and
 * changes nothing. Elapsed times and targets must lie in [0, #CXKPI_SLA_MAX_SECONDS]
 * (targets in (0, #CXKPI_SLA_MAX_SECONDS]); with that bound no lateness sum can reach
 * infinity. Lateness totals are compensated (Neumaier) sums of doubles: their relative
 * error is about 2^-53 + n * 2^-106 for n tickets, whatever their order (a plain running
 * sum of doubles drifts by up to n * 2^-53). Retracting a breach (cxkpi_sla_remove(),
 * cxkpi_sla_remove_open()) subtracts its lateness from the total, but cannot lower the
 * maximum, which
 * the accumulator keeps as one number: after a retraction the maximum is an upper bound
 * (the largest lateness counted since the class of tickets was last empty), and it is
 * exact again when that class becomes empty. No quantiles of lateness are kept; feed the
 * lateness to a duration accumulator for those.
 *
 * Memory: a fixed state of 88 bytes. Every operation is O(1) (batches O(n)) and only
 * creation, cloning and deserialization allocate.
 *
 * Serialized form: the cxkpi frame of kind 5, laid out in `docs/FORMAT.md`.
 */
#ifndef CXKPI_SLA_H
#define CXKPI_SLA_H

#include "cxkpi/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Largest accepted target or elapsed time, in seconds: 2^53 s (about 285 million
 *        years), the range in which whole seconds are exact in a `double`.
 */
#define CXKPI_SLA_MAX_SECONDS 9007199254740992.0

/** @brief Opaque SLA accumulator. Create with cxkpi_sla_new(), destroy with cxkpi_sla_free(). */
typedef struct cxkpi_sla cxkpi_sla;

/**
 * @brief Creates an empty SLA accumulator for one policy.
 * @param[out] out receives the new accumulator, owned by the caller (free with
 *                 cxkpi_sla_free()). Left unchanged on error.
 * @param target_seconds the policy's target duration in seconds, in
 *                       (0, #CXKPI_SLA_MAX_SECONDS]; fractions are allowed.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p out is NULL.
 * @retval CXKPI_ERANGE @p target_seconds is 0, negative, NaN, infinite or above
 *         #CXKPI_SLA_MAX_SECONDS.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_sla_new(cxkpi_sla **out, double target_seconds);

/** @brief Destroys an accumulator. @param acc the accumulator; NULL is a no-op. */
CXKPI_API void cxkpi_sla_free(cxkpi_sla *acc);

/**
 * @brief Counts one finished ticket: met when `elapsed_seconds <= target`, else breached
 *        with lateness `elapsed_seconds - target`.
 * @param acc the accumulator.
 * @param elapsed_seconds the ticket's elapsed time, in [0, #CXKPI_SLA_MAX_SECONDS].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_ERANGE @p elapsed_seconds is negative, NaN, infinite or above
 *         #CXKPI_SLA_MAX_SECONDS; nothing is counted.
 * @retval CXKPI_EOVERFLOW the accumulator already holds 2^64 - 1 tickets; nothing is counted.
 */
CXKPI_API cxkpi_status cxkpi_sla_add(cxkpi_sla *acc, double elapsed_seconds);

/**
 * @brief Counts a batch of finished tickets, atomically: every one, or (on any error) none.
 * @param acc the accumulator.
 * @param elapsed_seconds array of @p n elapsed times (may be NULL when @p n is 0).
 * @param n number of tickets.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL, or @p elapsed_seconds is NULL with @p n > 0.
 * @retval CXKPI_ERANGE an elapsed time is out of range (see cxkpi_sla_add()).
 * @retval CXKPI_EOVERFLOW the ticket count would exceed 2^64 - 1.
 */
CXKPI_API cxkpi_status cxkpi_sla_add_many(cxkpi_sla *acc, const double *elapsed_seconds,
                                          size_t n);

/**
 * @brief Retracts one finished ticket counted with cxkpi_sla_add() (a correction).
 *
 * Pass the same elapsed time that was added: it decides whether a met or a breached
 * ticket is retracted, and a breach's lateness is subtracted from the lateness total.
 * The accumulator keeps no per-ticket history, so it can only refuse retractions that
 * cannot match anything counted.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_ERANGE @p elapsed_seconds is out of range (see cxkpi_sla_add()).
 * @retval CXKPI_ENOTFOUND no finished ticket of that class (met or breached) is counted,
 *         or the lateness exceeds the largest or the total lateness counted; nothing
 *         changes.
 */
CXKPI_API cxkpi_status cxkpi_sla_remove(cxkpi_sla *acc, double elapsed_seconds);

/**
 * @brief Counts a snapshot of one open ticket: breached when `elapsed_seconds > target`
 *        (lateness so far `elapsed_seconds - target`), else in progress.
 *
 * See "Open tickets are a snapshot" above for how to refresh it or finish the ticket.
 * @param acc the accumulator.
 * @param elapsed_seconds the time the ticket has been open so far, in
 *        [0, #CXKPI_SLA_MAX_SECONDS].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_ERANGE @p elapsed_seconds is out of range; nothing is counted.
 * @retval CXKPI_EOVERFLOW the accumulator already holds 2^64 - 1 tickets; nothing is counted.
 */
CXKPI_API cxkpi_status cxkpi_sla_add_open(cxkpi_sla *acc, double elapsed_seconds);

/**
 * @brief Counts a batch of open-ticket snapshots, atomically. Same contract as
 *        cxkpi_sla_add_many(), with the classification of cxkpi_sla_add_open().
 */
CXKPI_API cxkpi_status cxkpi_sla_add_open_many(cxkpi_sla *acc, const double *elapsed_seconds,
                                               size_t n);

/**
 * @brief Retracts one open-ticket snapshot counted with cxkpi_sla_add_open(), typically
 *        right before reporting the ticket's new state.
 *
 * Pass the elapsed time that was reported for the snapshot being retracted.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 * @retval CXKPI_ERANGE @p elapsed_seconds is out of range.
 * @retval CXKPI_ENOTFOUND no open ticket of that class (in progress or breached) is
 *         counted, or the lateness exceeds the largest or the total lateness of open
 *         breaches; nothing changes.
 */
CXKPI_API cxkpi_status cxkpi_sla_remove_open(cxkpi_sla *acc, double elapsed_seconds);

/**
 * @brief Forgets every open-ticket snapshot (in progress and open breaches), keeping the
 *        finished tickets: the first step of a periodic refresh of the open part.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 */
CXKPI_API cxkpi_status cxkpi_sla_clear_open(cxkpi_sla *acc);

/**
 * @brief Adds everything counted by @p src into @p dst; @p src is not modified.
 *
 * After the merge, @p dst answers what one accumulator fed both inputs would (lateness
 * totals up to the rounding of one addition). `dst == src` is allowed (it doubles
 * every count).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a handle is NULL.
 * @retval CXKPI_EMISMATCH the targets differ (see cxkpi_sla_merge_counts() for totals
 *         across policies).
 * @retval CXKPI_EOVERFLOW the ticket count would exceed 2^64 - 1; @p dst is unchanged.
 */
CXKPI_API cxkpi_status cxkpi_sla_merge(cxkpi_sla *dst, const cxkpi_sla *src);

/**
 * @brief Adds the counts and lateness statistics of @p src into @p dst whatever the two
 *        targets: the total across priorities or policies.
 *
 * Each ticket stays classified (met, breached, in progress) and its lateness measured
 * against the target of the accumulator it was added to. @p dst keeps its own target.
 * With equal targets this is exactly cxkpi_sla_merge(). `dst == src` is allowed.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a handle is NULL.
 * @retval CXKPI_EOVERFLOW the ticket count would exceed 2^64 - 1; @p dst is unchanged.
 */
CXKPI_API cxkpi_status cxkpi_sla_merge_counts(cxkpi_sla *dst, const cxkpi_sla *src);

/**
 * @brief Forgets every ticket, keeping the target.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p acc is NULL.
 */
CXKPI_API cxkpi_status cxkpi_sla_reset(cxkpi_sla *acc);

/**
 * @brief Creates an independent copy of @p src.
 * @param src the accumulator to copy. @param[out] out receives the copy, owned by the caller.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_sla_clone(const cxkpi_sla *src, cxkpi_sla **out);

/**
 * @brief The target the accumulator was created with, in seconds.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_sla_target(const cxkpi_sla *acc, double *target_seconds);

/**
 * @brief Number of finished tickets that met the target.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_sla_met(const cxkpi_sla *acc, uint64_t *met);

/**
 * @brief Number of breached tickets: finished over target plus open already over target.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_sla_breached(const cxkpi_sla *acc, uint64_t *breached);

/**
 * @brief How many of the breached tickets are still open (included in cxkpi_sla_breached()).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_sla_breached_open(const cxkpi_sla *acc, uint64_t *breached_open);

/**
 * @brief Number of open tickets still within the target (not part of compliance).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_sla_in_progress(const cxkpi_sla *acc, uint64_t *in_progress);

/**
 * @brief Compliance, `100 * met / (met + breached)`, in [0, 100].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EEMPTY `met + breached` is 0 (nothing counted, or only tickets in progress).
 */
CXKPI_API cxkpi_status cxkpi_sla_compliance_percent(const cxkpi_sla *acc, double *percent);

/**
 * @brief Wilson score interval of the compliance percentage, `met` successes out of
 *        `met + breached` (see cxkpi_wilson_interval()).
 * @param acc the accumulator. @param confidence in (0, 1), e.g. 0.95.
 * @param[out] lo lower bound in percent. @param[out] hi upper bound in percent.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ERANGE @p confidence is not in (0, 1).
 * @retval CXKPI_EEMPTY `met + breached` is 0.
 */
CXKPI_API cxkpi_status cxkpi_sla_compliance_percent_interval(const cxkpi_sla *acc,
                                                             double confidence,
                                                             double *lo, double *hi);

/**
 * @brief How late the breaches were, over every breached ticket (finished and open; an
 *        open ticket contributes its lateness so far).
 * @param acc the accumulator.
 * @param[out] count number of breached tickets (as cxkpi_sla_breached()).
 * @param[out] total_seconds sum of `elapsed - target` over them.
 * @param[out] mean_seconds `total_seconds / count`.
 * @param[out] max_seconds the largest lateness (an upper bound after a retraction: see
 *             "Numbers" above).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EEMPTY no breached ticket is counted.
 */
CXKPI_API cxkpi_status cxkpi_sla_lateness(const cxkpi_sla *acc, uint64_t *count,
                                          double *total_seconds, double *mean_seconds,
                                          double *max_seconds);

/**
 * @brief How late the breaches were, over finished breached tickets only (final
 *        lateness, no open snapshots). Same outputs and errors as cxkpi_sla_lateness(),
 *        with #CXKPI_EEMPTY when no finished ticket breached.
 */
CXKPI_API cxkpi_status cxkpi_sla_lateness_finished(const cxkpi_sla *acc, uint64_t *count,
                                                   double *total_seconds,
                                                   double *mean_seconds, double *max_seconds);

/**
 * @brief Exact size in bytes that cxkpi_sla_serialize() will write (always 108).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_sla_serialized_size(const cxkpi_sla *acc, size_t *size);

/**
 * @brief Writes the accumulator in the portable, versioned binary format.
 * @param acc the accumulator. @param buf destination (caller-owned).
 * @param capacity its size in bytes. @param[out] written receives the number of bytes written.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ENOSPC @p capacity is too small; nothing is written.
 */
CXKPI_API cxkpi_status cxkpi_sla_serialize(const cxkpi_sla *acc, void *buf, size_t capacity,
                                           size_t *written);

/**
 * @brief Creates an accumulator from bytes written by cxkpi_sla_serialize().
 * @param[out] out receives the new accumulator, owned by the caller.
 * @param buf the bytes. @param size their number; the frame must fill it exactly.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EFORMAT malformed, truncated, corrupted, not an SLA accumulator, or
 *         holding impossible values (a target or lateness out of range, counts summing
 *         past 2^64 - 1, statistics for an empty class).
 * @retval CXKPI_EVERSION written by a newer format version.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_sla_deserialize(cxkpi_sla **out, const void *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* CXKPI_SLA_H */
