/**
 * @file cxkpi/fcr_tracker.h
 * @brief Repeat-contact tracker: first contact resolution from raw contacts.
 *
 * For operations that only log contacts `(key, unix_seconds)`, where the key is a 64-bit
 * customer or issue id (cxkpi_fcr_key_from_bytes() hashes a string id into one). An issue
 * counts as resolved on first contact when no further contact with the same key arrives
 * within a repeat window `W`: the customer did not have to come back. Finalized episodes
 * are counted into an embedded ::cxkpi_fcr readable at any time with
 * cxkpi_fcr_tracker_results().
 *
 * **Episodes, exactly.** Take the contacts of one key sorted by time. The earliest opens an
 * episode with *first contact* `f`; every contact at `t` with `f <= t < f + W` belongs to
 * it (the window is measured from the episode's first contact, not from its last, and is
 * half-open: a contact at `f + W - 1` is a repeat, one at exactly `f + W` opens a new
 * episode). The first contact at or after `f + W` opens the next episode, and so on. An
 * episode with one contact is *resolved on first contact*; one with two or more is not.
 * Each finalized episode is one issue of the embedded ::cxkpi_fcr, counted with flags
 * #CXKPI_FCR_RESOLVED_FIRST_CONTACT or 0; the tracker never sets the other flags.
 *
 * **Event time and lateness.** The *watermark* is the largest time seen (by
 * cxkpi_fcr_tracker_add() or cxkpi_fcr_tracker_flush()). Contacts may arrive out of order
 * by up to the lateness `L` (`0 <= L < W`): a contact with `t >= watermark - L` is
 * accepted and the result is exactly what the definition above gives for the sorted
 * contacts, whatever their arrival order; a contact with `t < watermark - L` is refused
 * with #CXKPI_EORDER and changes nothing. An episode is finalized (counted, its memory
 * released) as soon as `watermark >= f + W + L`: from then on no acceptable contact can
 * fall inside its window. Until then it is *open*. Because `L < W`, a late contact can
 * only join an open episode, or become the new first contact of the key's open episode
 * (which then has at least two contacts); a key has at most two open episodes.
 *
 * Timestamps are seconds in [#CXKPI_FCR_TRACKER_TIME_MIN, #CXKPI_FCR_TRACKER_TIME_MAX]
 * (about ±1.46e11 years; #CXKPI_ERANGE outside), so no time arithmetic can overflow.
 *
 * **Memory and cost.** Open episodes live in an open-addressing hash table (linear
 * probing, power-of-two capacity, backward-shift deletion: no tombstones) of 32-byte
 * slots, one per open key, never more than 3/4 full: it doubles when it fills and, above
 * its 16-slot minimum, is rebuilt at most 1/4 full once it falls under 1/8 as keys close.
 * The mixing function is fixed (not seeded), so keys chosen by an adversary to collide
 * can make probing slow; hash untrusted ids with a secret salt first. Deadlines `f + W + L`
 * wait as 16-byte entries (one per episode, plus one per late contact that moved a first
 * contact earlier; stale entries are dropped when they come due): a deadline no earlier
 * than the last one queued joins a first-in first-out ring, the others (contacts later
 * than an earlier one, a restored state) a binary min-heap. So memory is proportional to
 * the keys open within `W + L`, and after every episode is finalized it returns to the
 * floor of a new tracker (see cxkpi_fcr_tracker_memory_usage()). Per contact: expected
 * O(1) hash work, plus O(1) queue work for a contact in time order or O(log n) heap work
 * for n pending late deadlines, amortized; memory is only allocated when the table, the
 * ring or the heap grows or shrinks.
 *
 * **Merging.** Trackers are not merged: two trackers' open episodes can only be combined
 * when their key spaces are disjoint, which the library cannot check. Shard by key and
 * merge the finalized results instead: `cxkpi_fcr_merge(total, results)` with the pointer
 * from cxkpi_fcr_tracker_results().
 *
 * Serialized form: the cxkpi frame of kind 4, laid out in `docs/FORMAT.md`. A restored
 * tracker continues exactly where the original was.
 */
#ifndef CXKPI_FCR_TRACKER_H
#define CXKPI_FCR_TRACKER_H

#include "cxkpi/common.h"
#include "cxkpi/fcr.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Largest repeat window, in seconds (2^40 s, about 34,800 years). */
#define CXKPI_FCR_TRACKER_WINDOW_MAX ((int64_t)1 << 40)
/** @brief Earliest contact time accepted, in seconds (-2^62). */
#define CXKPI_FCR_TRACKER_TIME_MIN (-((int64_t)1 << 62))
/** @brief Latest contact time accepted, in seconds (2^62). */
#define CXKPI_FCR_TRACKER_TIME_MAX ((int64_t)1 << 62)

/** @brief Opaque repeat-contact tracker. Create with cxkpi_fcr_tracker_new(), destroy with cxkpi_fcr_tracker_free(). */
typedef struct cxkpi_fcr_tracker cxkpi_fcr_tracker;

/**
 * @brief Creates an empty tracker.
 * @param[out] out receives the new tracker, owned by the caller (free with
 *                 cxkpi_fcr_tracker_free()). Left unchanged on error.
 * @param window_seconds repeat window `W`, in [1, #CXKPI_FCR_TRACKER_WINDOW_MAX]
 *        (7 days = 604800).
 * @param lateness_seconds tolerated lateness `L`, `0 <= L < W`.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p out is NULL, or the window or the lateness is out of range.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_fcr_tracker_new(cxkpi_fcr_tracker **out, int64_t window_seconds,
                                             int64_t lateness_seconds);

/** @brief Destroys a tracker (and its embedded results). @param tracker NULL is a no-op. */
CXKPI_API void cxkpi_fcr_tracker_free(cxkpi_fcr_tracker *tracker);

/**
 * @brief Records one contact, first finalizing every episode due at the new watermark.
 * @param tracker the tracker. @param key customer or issue id (any value).
 * @param unix_seconds the contact's time, in [#CXKPI_FCR_TRACKER_TIME_MIN, #CXKPI_FCR_TRACKER_TIME_MAX].
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p tracker is NULL.
 * @retval CXKPI_ERANGE @p unix_seconds is outside the accepted range.
 * @retval CXKPI_EORDER `unix_seconds < watermark - lateness` (or after cxkpi_fcr_tracker_finish()).
 * @retval CXKPI_EOVERFLOW the results' issue count could exceed 2^64 - 1.
 * @retval CXKPI_ENOMEM the table, the ring or the heap of deadlines could not grow.
 * On every error nothing changes.
 */
CXKPI_API cxkpi_status cxkpi_fcr_tracker_add(cxkpi_fcr_tracker *tracker, uint64_t key,
                                             int64_t unix_seconds);

/**
 * @brief Records a batch of contacts, in array order, atomically: either every contact is
 *        recorded, or (on any error) nothing changes.
 *
 * Equivalent to calling cxkpi_fcr_tracker_add() for each element, except that the whole
 * batch is checked first: a contact that would be too late given the watermark the batch
 * itself produces makes the batch fail with #CXKPI_EORDER. Room for @p n new keys and
 * deadlines is reserved up front, so a huge batch briefly takes table memory proportional
 * to @p n (given back as keys close); batches of a few thousand are a good size. The
 * batch also asks the cache for the table slots of the keys a few contacts ahead, so it
 * costs less per contact than single adds on a table larger than the cache. This is
 * the zero-copy path for two parallel NumPy arrays (uint64 keys, int64 times).
 * @param tracker the tracker. @param keys @p n keys. @param unix_seconds @p n contact times.
 * @param n number of contacts (the arrays may be NULL when it is 0).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p tracker is NULL, or an array is NULL with n > 0.
 * @retval CXKPI_ERANGE a time is outside the accepted range.
 * @retval CXKPI_EORDER a contact is too late.
 * @retval CXKPI_EOVERFLOW the results' issue count could exceed 2^64 - 1.
 * @retval CXKPI_ENOMEM the table, the ring or the heap of deadlines could not grow.
 */
CXKPI_API cxkpi_status cxkpi_fcr_tracker_add_many(cxkpi_fcr_tracker *tracker,
                                                  const uint64_t *keys,
                                                  const int64_t *unix_seconds, size_t n);

/**
 * @brief Declares that event time has reached @p now: the watermark becomes
 *        `max(watermark, now)` and every episode due (`f + W + L <= watermark`) is finalized.
 *
 * Contacts older than `now - L` are refused afterwards. A @p now at or below the watermark
 * changes nothing.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p tracker is NULL.
 * @retval CXKPI_ERANGE @p now is outside the accepted time range.
 * @retval CXKPI_EOVERFLOW the results' issue count could exceed 2^64 - 1.
 */
CXKPI_API cxkpi_status cxkpi_fcr_tracker_flush(cxkpi_fcr_tracker *tracker, int64_t now);

/**
 * @brief End of data: finalizes every open episode, as if their windows had elapsed.
 *
 * The watermark moves past the last accepted time, so every later contact is
 * #CXKPI_EORDER until cxkpi_fcr_tracker_reset().
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p tracker is NULL.
 * @retval CXKPI_EOVERFLOW the results' issue count could exceed 2^64 - 1.
 */
CXKPI_API cxkpi_status cxkpi_fcr_tracker_finish(cxkpi_fcr_tracker *tracker);

/**
 * @brief Forgets everything (results, open episodes, watermark), keeping the window and
 *        the lateness; memory goes back to the floor when it can be reallocated.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p tracker is NULL.
 */
CXKPI_API cxkpi_status cxkpi_fcr_tracker_reset(cxkpi_fcr_tracker *tracker);

/**
 * @brief Creates an independent copy of @p src (open episodes and results).
 * @param src the tracker. @param[out] out receives the copy, owned by the caller.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_fcr_tracker_clone(const cxkpi_fcr_tracker *src,
                                               cxkpi_fcr_tracker **out);

/**
 * @brief The finalized episodes, as an FCR accumulator owned by the tracker.
 *
 * Read it with the `const` getters of cxkpi/fcr.h (cxkpi_fcr_percent(), cxkpi_fcr_counts(),
 * …), copy it with cxkpi_fcr_clone(), or merge it into another with cxkpi_fcr_merge().
 * The pointer is borrowed: do not free it; it stays valid, and follows the tracker's
 * progress, until the tracker is freed.
 * @param tracker the tracker. @param[out] results receives the borrowed pointer.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_fcr_tracker_results(const cxkpi_fcr_tracker *tracker,
                                                 const cxkpi_fcr **results);

/**
 * @brief How much is still open.
 * @param tracker the tracker. @param[out] episodes open episodes (not yet finalized).
 * @param[out] keys keys with at least one open episode.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_fcr_tracker_open(const cxkpi_fcr_tracker *tracker,
                                              uint64_t *episodes, uint64_t *keys);

/**
 * @brief The watermark: the largest time given to cxkpi_fcr_tracker_add() or
 *        cxkpi_fcr_tracker_flush() (after cxkpi_fcr_tracker_finish(), a time past
 *        #CXKPI_FCR_TRACKER_TIME_MAX).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EEMPTY no contact and no flush yet.
 */
CXKPI_API cxkpi_status cxkpi_fcr_tracker_watermark(const cxkpi_fcr_tracker *tracker,
                                                   int64_t *watermark);

/**
 * @brief The configuration the tracker was created with.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_fcr_tracker_config(const cxkpi_fcr_tracker *tracker,
                                                int64_t *window_seconds,
                                                int64_t *lateness_seconds);

/**
 * @brief Bytes of heap memory the tracker holds now (its struct, hash table and deadline heap).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 */
CXKPI_API cxkpi_status cxkpi_fcr_tracker_memory_usage(const cxkpi_fcr_tracker *tracker,
                                                      size_t *bytes);

/**
 * @brief Exact size in bytes that cxkpi_fcr_tracker_serialize() will write now.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ENOMEM the size does not fit in a `size_t`.
 */
CXKPI_API cxkpi_status cxkpi_fcr_tracker_serialized_size(const cxkpi_fcr_tracker *tracker,
                                                         size_t *size);

/**
 * @brief Writes the whole state (configuration, watermark, open episodes, results).
 * @param tracker the tracker. @param buf destination (caller-owned). @param capacity its size.
 * @param[out] written receives the number of bytes written.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_ENOSPC @p capacity is too small; nothing is written.
 */
CXKPI_API cxkpi_status cxkpi_fcr_tracker_serialize(const cxkpi_fcr_tracker *tracker, void *buf,
                                                   size_t capacity, size_t *written);

/**
 * @brief Creates a tracker from bytes written by cxkpi_fcr_tracker_serialize().
 * @param[out] out receives the new tracker, owned by the caller.
 * @param buf the bytes. @param size their number; the frame must fill it exactly.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a pointer is NULL.
 * @retval CXKPI_EFORMAT malformed, truncated, corrupted, inconsistent (an invalid
 *         configuration, an episode already due or after the watermark, two episodes of a
 *         key closer than the window, a key listed twice, a count larger than the bytes
 *         could hold), or not a tracker.
 * @retval CXKPI_EVERSION written by a newer format version.
 * @retval CXKPI_ENOMEM allocation failed.
 */
CXKPI_API cxkpi_status cxkpi_fcr_tracker_deserialize(cxkpi_fcr_tracker **out, const void *buf,
                                                     size_t size);

/**
 * @brief Hashes a byte string id (an e-mail address, a ticket number…) into a tracker key.
 *
 * The hash is 64-bit FNV-1a, and is stable across versions and platforms: start from
 * `0xcbf29ce484222325` and, for each byte, XOR it in and multiply by `0x100000001b3`
 * modulo 2^64. "" hashes to `0xcbf29ce484222325` and "a" to `0xaf63dc4c8601ec8c`.
 * Distinct ids may collide (about n^2 / 2^65 expected collisions among n ids); colliding
 * ids are tracked as one customer.
 * @param bytes the id (may be NULL when @p n is 0). @param n its length in bytes.
 * @param[out] key receives the key.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p key is NULL, or @p bytes is NULL with n > 0.
 */
CXKPI_API cxkpi_status cxkpi_fcr_key_from_bytes(const void *bytes, size_t n, uint64_t *key);

#ifdef __cplusplus
}
#endif

#endif /* CXKPI_FCR_TRACKER_H */
