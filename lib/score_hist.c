#include "score_hist.h"

#include <string.h>

#include "counter.h"
#include "percent.h"

void cxkpi__hist_init(cxkpi__score_hist *h, uint64_t *counts, int32_t min, uint32_t bins)
{
    h->min = min;
    h->bins = bins;
    h->counts = counts;
    cxkpi__hist_reset(h);
}

void cxkpi__hist_reset(cxkpi__score_hist *h)
{
    h->total = 0;
    memset(h->counts, 0, h->bins * sizeof h->counts[0]);
}

/* Batches below this size count straight into the histogram; larger ones count into four
 * interleaved local histograms first, so that runs of equal scores do not serialize on
 * one counter's store-to-load dependency, and are folded in at the end. */
#define HIST_LANES 4
#define HIST_SPLIT_MIN 256

#define DEFINE_ADD_MANY(name, type)                                                      \
    cxkpi_status name(cxkpi__score_hist *h, const type *scores, size_t n)                 \
    {                                                                                    \
        /* Validate the whole batch first: the batch is atomic. */                       \
        uint32_t bad = 0;                                                                \
        const uint32_t bins = h->bins, base = (uint32_t)h->min;                          \
        for (size_t i = 0; i < n; i++)                                                   \
            bad |= ((uint32_t)scores[i] - base) >= bins;                                 \
        if (bad)                                                                         \
            return CXKPI_ERANGE;                                                         \
        if ((uint64_t)n > UINT64_MAX - h->total)                                         \
            return CXKPI_EOVERFLOW;                                                      \
        if (n < HIST_SPLIT_MIN) {                                                        \
            for (size_t i = 0; i < n; i++)                                               \
                h->counts[(uint32_t)scores[i] - base]++;                                 \
        } else {                                                                         \
            uint64_t lane[HIST_LANES][CXKPI__HIST_MAX_BINS];                             \
            memset(lane, 0, sizeof lane);                                                \
            size_t i = 0;                                                                \
            for (; i + HIST_LANES <= n; i += HIST_LANES) {                               \
                lane[0][(uint32_t)scores[i] - base]++;                                   \
                lane[1][(uint32_t)scores[i + 1] - base]++;                               \
                lane[2][(uint32_t)scores[i + 2] - base]++;                               \
                lane[3][(uint32_t)scores[i + 3] - base]++;                               \
            }                                                                            \
            for (; i < n; i++)                                                           \
                lane[0][(uint32_t)scores[i] - base]++;                                   \
            for (uint32_t b = 0; b < bins; b++)                                          \
                h->counts[b] += lane[0][b] + lane[1][b] + lane[2][b] + lane[3][b];       \
        }                                                                                \
        h->total += n;                                                                   \
        return CXKPI_OK;                                                                 \
    }

DEFINE_ADD_MANY(cxkpi__hist_add_many_i32, int32_t)
DEFINE_ADD_MANY(cxkpi__hist_add_many_u8, uint8_t)

cxkpi_status cxkpi__hist_remove(cxkpi__score_hist *h, int32_t score)
{
    uint32_t i = cxkpi__hist_index(h, score);
    if (i >= h->bins)
        return CXKPI_ERANGE;
    if (h->counts[i] == 0)
        return CXKPI_ENOTFOUND;
    h->counts[i]--;
    h->total--;
    return CXKPI_OK;
}

cxkpi_status cxkpi__hist_merge(cxkpi__score_hist *dst, const cxkpi__score_hist *src)
{
    uint64_t total;
    if (!cxkpi__u64_add(dst->total, src->total, &total))
        return CXKPI_EOVERFLOW;
    for (uint32_t b = 0; b < dst->bins; b++)
        dst->counts[b] += src->counts[b];
    dst->total = total;
    return CXKPI_OK;
}

cxkpi_status cxkpi__hist_count_of(const cxkpi__score_hist *h, int32_t score, uint64_t *count)
{
    uint32_t i = cxkpi__hist_index(h, score);
    if (i >= h->bins)
        return CXKPI_ERANGE;
    *count = h->counts[i];
    return CXKPI_OK;
}

uint64_t cxkpi__hist_count_between(const cxkpi__score_hist *h, int32_t lo, int32_t hi)
{
    int64_t first = (int64_t)lo - h->min, last = (int64_t)hi - h->min;
    if (first < 0)
        first = 0;
    if (last > (int64_t)h->bins - 1)
        last = (int64_t)h->bins - 1;
    uint64_t sum = 0;
    for (int64_t b = first; b <= last; b++)
        sum += h->counts[b]; /* a sub-sum of total: cannot overflow */
    return sum;
}

/* The mean of integer scores on [min, max]; the two roundings (sum and total to double,
 * then the quotient) can land one ulp outside the scale (1.5e16 fives give 5.0000000000000009),
 * so the result is clamped back onto it. */
static double hist_mean_raw(const cxkpi__score_hist *h);

double cxkpi__hist_mean(const cxkpi__score_hist *h)
{
    return cxkpi__clamp(hist_mean_raw(h), (double)h->min,
                        (double)(h->min + (int32_t)h->bins - 1));
}

static double hist_mean_raw(const cxkpi__score_hist *h)
{
    /* Exact integer sum when it fits (it does below ~1.8e17 responses), so the mean is
     * one correctly rounded division, as sum(scores) / n computed by hand would be. */
    uint64_t sum = 0;
    bool exact = true;
    for (uint32_t b = 0; b < h->bins && exact; b++) {
        uint64_t term;
        exact = cxkpi__u64_mul((uint64_t)(h->min + (int32_t)b), h->counts[b], &term) &&
                cxkpi__u64_add(sum, term, &sum);
    }
    if (exact)
        return (double)sum / (double)h->total;
    long double wide = 0.0L;
    for (uint32_t b = 0; b < h->bins; b++)
        wide += (long double)(h->min + (int32_t)b) * (long double)h->counts[b];
    return (double)(wide / (long double)h->total);
}

size_t cxkpi__hist_payload_size(const cxkpi__score_hist *h)
{
    return (size_t)h->bins * 8u;
}

void cxkpi__hist_write(const cxkpi__score_hist *h, cxkpi__writer *w)
{
    for (uint32_t b = 0; b < h->bins; b++)
        cxkpi__put_u64(w, h->counts[b]);
}

cxkpi_status cxkpi__hist_read(cxkpi__score_hist *h, cxkpi__reader *r)
{
    uint64_t total = 0;
    for (uint32_t b = 0; b < h->bins; b++) {
        h->counts[b] = cxkpi__get_u64(r);
        if (!cxkpi__u64_add(total, h->counts[b], &total))
            return CXKPI_EFORMAT;
    }
    if (r->bad)
        return CXKPI_EFORMAT;
    h->total = total;
    return CXKPI_OK;
}
