/* A histogram of integer scores on a small scale (at most 101 points): the state behind
 * CSAT and NPS. Counts live in storage owned by the accumulator that embeds the histogram,
 * so each KPI allocates once. All counts are <= total, so checking total for overflow
 * checks every count. */
#ifndef CXKPI_STORE_SCORE_HIST_H
#define CXKPI_STORE_SCORE_HIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxkpi/common.h"
#include "common/frame.h"

#define CXKPI__HIST_MAX_BINS 101u

typedef struct cxkpi__score_hist {
    int32_t min;      /* lowest score on the scale */
    uint32_t bins;    /* number of scale points, max - min + 1 */
    uint64_t total;   /* responses counted */
    uint64_t *counts; /* bins counters, owned by the embedding accumulator */
} cxkpi__score_hist;

void cxkpi__hist_init(cxkpi__score_hist *h, uint64_t *counts, int32_t min, uint32_t bins);
void cxkpi__hist_reset(cxkpi__score_hist *h);
/* Copies the counts of src into dst, a histogram of the same scale (its own storage). */
void cxkpi__hist_copy(cxkpi__score_hist *dst, const cxkpi__score_hist *src);

/* Index of `score` on the scale, or a value >= bins when it is outside. Unsigned
 * wrap-around makes one comparison catch both sides. */
static inline uint32_t cxkpi__hist_index(const cxkpi__score_hist *h, int32_t score)
{
    return (uint32_t)score - (uint32_t)h->min;
}

/* The counting entry points (add, add_many_*, remove) check their arguments like the public
 * functions they serve: a NULL histogram (the accumulator handle was NULL), or NULL scores
 * with n > 0, is CXKPI_EINVAL. */
static inline cxkpi_status cxkpi__hist_add(cxkpi__score_hist *h, int32_t score)
{
    if (!h)
        return CXKPI_EINVAL;
    uint32_t i = cxkpi__hist_index(h, score);
    if (i >= h->bins)
        return CXKPI_ERANGE;
    if (h->total == UINT64_MAX)
        return CXKPI_EOVERFLOW;
    h->counts[i]++;
    h->total++;
    return CXKPI_OK;
}

cxkpi_status cxkpi__hist_add_many_i32(cxkpi__score_hist *h, const int32_t *scores, size_t n);
cxkpi_status cxkpi__hist_add_many_u8(cxkpi__score_hist *h, const uint8_t *scores, size_t n);
/* The implementations of the batches: the portable one (a validation pass, then four
 * interleaved local histograms), and vector byte compares with SSE2 or AVX2 on scales of
 * up to 64 points (int32 scores narrowed to bytes first). cxkpi__hist_add_many_u8() and
 * _i32() take the best the CPU has; tests run each. */
enum cxkpi__hist_u8_path { CXKPI__HIST_U8_PORTABLE, CXKPI__HIST_U8_SSE2, CXKPI__HIST_U8_AVX2 };
bool cxkpi__hist_u8_path_available(enum cxkpi__hist_u8_path path);
/* cxkpi__hist_add_many_u8() / _i32() through `path`, which must be available. */
cxkpi_status cxkpi__hist_add_many_u8_using(cxkpi__score_hist *h, const uint8_t *scores, size_t n,
                                           enum cxkpi__hist_u8_path path);
cxkpi_status cxkpi__hist_add_many_i32_using(cxkpi__score_hist *h, const int32_t *scores, size_t n,
                                            enum cxkpi__hist_u8_path path);
/* int64 and double batches, atomic like the others: an int64 must be on the scale; a
 * double must be integral and on the scale, or NaN ("no answer": not counted; how many
 * goes to *skipped on success, unless skipped is NULL); anything else is CXKPI_ERANGE. The _using forms
 * take the narrowing and counting kernels of `path` (tests run each). */
cxkpi_status cxkpi__hist_add_many_i64(cxkpi__score_hist *h, const int64_t *scores, size_t n);
cxkpi_status cxkpi__hist_add_many_f64(cxkpi__score_hist *h, const double *scores, size_t n,
                                      size_t *skipped);
cxkpi_status cxkpi__hist_add_many_i64_using(cxkpi__score_hist *h, const int64_t *scores, size_t n,
                                            enum cxkpi__hist_u8_path path);
cxkpi_status cxkpi__hist_add_many_f64_using(cxkpi__score_hist *h, const double *scores, size_t n,
                                            size_t *skipped, enum cxkpi__hist_u8_path path);
/* Grouped batches: value i is counted in the histogram of accumulator group[i], in one
 * pass into a local table, committed only when every value is valid and no count can
 * overflow (atomic over all the histograms). at(accs, g) gives the histogram of the g-th
 * accumulator of the caller's array (NULL when that accumulator is NULL: CXKPI_EINVAL).
 * With map NULL the values are doubles under the rule of cxkpi__hist_add_many_f64() (NaN:
 * a gap, counted in *skipped on success if skipped is not NULL); otherwise they are
 * uint32 words whose bin is map[word] (CXKPI__HIST_MAP_SIZE entries; a word beyond the
 * map, or a bin >= bins, is invalid). A group index >= groups or an invalid value is
 * CXKPI_ERANGE, an overflowing count CXKPI_EOVERFLOW, scratch space CXKPI_ENOMEM. */
#define CXKPI__HIST_MAP_SIZE 16u
#define CXKPI__HIST_NO_BIN 0xFFu
typedef cxkpi__score_hist *(*cxkpi__hist_at_fn)(const void *accs, size_t g);
cxkpi_status cxkpi__hist_add_grouped(const void *accs, cxkpi__hist_at_fn at, size_t groups,
                                     const uint32_t *group, const void *values, size_t n,
                                     const uint8_t *map, size_t *skipped);
cxkpi_status cxkpi__hist_remove(cxkpi__score_hist *h, int32_t score);
/* Both histograms must have the same scale (the caller compares configurations). */
cxkpi_status cxkpi__hist_merge(cxkpi__score_hist *dst, const cxkpi__score_hist *src);
cxkpi_status cxkpi__hist_count_of(const cxkpi__score_hist *h, int32_t score, uint64_t *count);
/* Responses with a score in [lo, hi] (clamped to the scale). */
uint64_t cxkpi__hist_count_between(const cxkpi__score_hist *h, int32_t lo, int32_t hi);
/* sum(scores) / total; the caller has checked total > 0. */
double cxkpi__hist_mean(const cxkpi__score_hist *h);

/* Payload part: the bins counts as u64 LE. */
size_t cxkpi__hist_payload_size(const cxkpi__score_hist *h);
void cxkpi__hist_write(const cxkpi__score_hist *h, cxkpi__writer *w);
/* Reads bins counts into an initialised histogram; CXKPI_EFORMAT when the bytes run out
 * or the counts add up past 2^64 - 1. */
cxkpi_status cxkpi__hist_read(cxkpi__score_hist *h, cxkpi__reader *r);

#endif
