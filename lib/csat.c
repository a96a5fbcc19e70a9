#include "cxkpi/csat.h"

#include <string.h>

#include "common/alloc.h"
#include "cxkpi/stats.h"
#include "common/frame.h"
#include "common/percent.h"
#include "store/score_hist.h"

#define CSAT_FORMAT_VERSION 1

struct cxkpi_csat {
    cxkpi__score_hist hist;
    int32_t satisfied_min;
    /* the histogram's counters follow the struct in the same allocation */
};

static bool csat_config_valid(int32_t scale_min, int32_t scale_max, int32_t satisfied_min)
{
    return scale_min >= 0 && scale_min < scale_max && scale_max <= 100 &&
           satisfied_min > scale_min && satisfied_min <= scale_max;
}

static size_t csat_alloc_size(uint32_t bins)
{
    return sizeof(cxkpi_csat) + (size_t)bins * sizeof(uint64_t);
}

/* Allocates an accumulator for a valid configuration, counters zeroed. */
static cxkpi_csat *csat_create(int32_t scale_min, int32_t scale_max, int32_t satisfied_min)
{
    uint32_t bins = (uint32_t)(scale_max - scale_min) + 1u;
    cxkpi_csat *acc = cxkpi__alloc(csat_alloc_size(bins));
    if (!acc)
        return NULL;
    acc->satisfied_min = satisfied_min;
    cxkpi__hist_init(&acc->hist, (uint64_t *)(acc + 1), scale_min, bins);
    return acc;
}

static int32_t csat_scale_max(const cxkpi_csat *acc)
{
    return acc->hist.min + (int32_t)acc->hist.bins - 1;
}

cxkpi_status cxkpi_csat_new(cxkpi_csat **out, int32_t scale_min, int32_t scale_max,
                            int32_t satisfied_min)
{
    if (!out || !csat_config_valid(scale_min, scale_max, satisfied_min))
        return CXKPI_EINVAL;
    cxkpi_csat *acc = csat_create(scale_min, scale_max, satisfied_min);
    if (!acc)
        return CXKPI_ENOMEM;
    *out = acc;
    return CXKPI_OK;
}

void cxkpi_csat_free(cxkpi_csat *acc)
{
    cxkpi__free(acc);
}

/* The histogram behind a handle, NULL for a NULL handle: the histogram layer checks the
 * arguments of every counting call. */
static cxkpi__score_hist *csat_hist(cxkpi_csat *acc)
{
    return acc ? &acc->hist : NULL;
}

cxkpi_status cxkpi_csat_add(cxkpi_csat *acc, int32_t score)
{
    return cxkpi__hist_add(csat_hist(acc), score);
}

cxkpi_status cxkpi_csat_add_many(cxkpi_csat *acc, const int32_t *scores, size_t n)
{
    return cxkpi__hist_add_many_i32(csat_hist(acc), scores, n);
}

cxkpi_status cxkpi_csat_add_many_u8(cxkpi_csat *acc, const uint8_t *scores, size_t n)
{
    return cxkpi__hist_add_many_u8(csat_hist(acc), scores, n);
}

cxkpi_status cxkpi_csat_add_many_i64(cxkpi_csat *acc, const int64_t *scores, size_t n)
{
    return cxkpi__hist_add_many_i64(csat_hist(acc), scores, n);
}

cxkpi_status cxkpi_csat_add_many_f64(cxkpi_csat *acc, const double *scores, size_t n, size_t *skipped)
{
    return cxkpi__hist_add_many_f64(csat_hist(acc), scores, n, skipped);
}

/* The histogram of the g-th accumulator of a caller's array (for grouped batches). */
static cxkpi__score_hist *csat_hist_at(const void *accs, size_t g)
{
    cxkpi_csat *acc = ((cxkpi_csat *const *)accs)[g];
    return acc ? &acc->hist : NULL;
}

cxkpi_status cxkpi_csat_add_grouped_f64(cxkpi_csat *const *accs, size_t groups,
                                        const uint32_t *group, const double *scores, size_t n,
                                        size_t *skipped)
{
    return cxkpi__hist_add_grouped(accs, csat_hist_at, groups, group, scores, n, NULL, skipped);
}

cxkpi_status cxkpi_csat_remove(cxkpi_csat *acc, int32_t score)
{
    return cxkpi__hist_remove(csat_hist(acc), score);
}

cxkpi_status cxkpi_csat_merge(cxkpi_csat *dst, const cxkpi_csat *src)
{
    if (!dst || !src)
        return CXKPI_EINVAL;
    if (dst->hist.min != src->hist.min || dst->hist.bins != src->hist.bins ||
        dst->satisfied_min != src->satisfied_min)
        return CXKPI_EMISMATCH;
    return cxkpi__hist_merge(&dst->hist, &src->hist);
}

cxkpi_status cxkpi_csat_reset(cxkpi_csat *acc)
{
    if (!acc)
        return CXKPI_EINVAL;
    cxkpi__hist_reset(&acc->hist);
    return CXKPI_OK;
}

cxkpi_status cxkpi_csat_clone(const cxkpi_csat *src, cxkpi_csat **out)
{
    if (!src || !out)
        return CXKPI_EINVAL;
    cxkpi_csat *acc = csat_create(src->hist.min, csat_scale_max(src), src->satisfied_min);
    if (!acc)
        return CXKPI_ENOMEM;
    cxkpi__hist_copy(&acc->hist, &src->hist);
    *out = acc;
    return CXKPI_OK;
}

cxkpi_status cxkpi_csat_count(const cxkpi_csat *acc, uint64_t *count)
{
    if (!acc || !count)
        return CXKPI_EINVAL;
    *count = acc->hist.total;
    return CXKPI_OK;
}

static uint64_t csat_satisfied(const cxkpi_csat *acc)
{
    return cxkpi__hist_count_between(&acc->hist, acc->satisfied_min, csat_scale_max(acc));
}

cxkpi_status cxkpi_csat_satisfied(const cxkpi_csat *acc, uint64_t *satisfied)
{
    if (!acc || !satisfied)
        return CXKPI_EINVAL;
    *satisfied = csat_satisfied(acc);
    return CXKPI_OK;
}

cxkpi_status cxkpi_csat_percent(const cxkpi_csat *acc, double *percent)
{
    if (!acc || !percent)
        return CXKPI_EINVAL;
    if (acc->hist.total == 0)
        return CXKPI_EEMPTY;
    *percent = cxkpi__percent(csat_satisfied(acc), acc->hist.total);
    return CXKPI_OK;
}

cxkpi_status cxkpi_csat_mean(const cxkpi_csat *acc, double *mean)
{
    if (!acc || !mean)
        return CXKPI_EINVAL;
    if (acc->hist.total == 0)
        return CXKPI_EEMPTY;
    *mean = cxkpi__hist_mean(&acc->hist);
    return CXKPI_OK;
}

cxkpi_status cxkpi_csat_score_count(const cxkpi_csat *acc, int32_t score, uint64_t *count)
{
    if (!acc || !count)
        return CXKPI_EINVAL;
    return cxkpi__hist_count_of(&acc->hist, score, count);
}

cxkpi_status cxkpi_csat_percent_interval(const cxkpi_csat *acc, double confidence,
                                         double *lo, double *hi)
{
    if (!acc || !lo || !hi)
        return CXKPI_EINVAL;
    if (!(confidence > 0.0 && confidence < 1.0))
        return CXKPI_ERANGE;
    if (acc->hist.total == 0)
        return CXKPI_EEMPTY;
    return cxkpi_wilson_interval(csat_satisfied(acc), acc->hist.total, confidence, lo, hi);
}

cxkpi_status cxkpi_csat_config(const cxkpi_csat *acc, int32_t *scale_min, int32_t *scale_max,
                               int32_t *satisfied_min)
{
    if (!acc || !scale_min || !scale_max || !satisfied_min)
        return CXKPI_EINVAL;
    *scale_min = acc->hist.min;
    *scale_max = csat_scale_max(acc);
    *satisfied_min = acc->satisfied_min;
    return CXKPI_OK;
}

/* Payload v1: scale_min, scale_max, satisfied_min (i32 LE), then the counts. */
static size_t csat_payload_size(const cxkpi_csat *acc)
{
    return 3 * 4 + cxkpi__hist_payload_size(&acc->hist);
}

static void csat_write_payload(const void *obj, cxkpi__writer *w)
{
    const cxkpi_csat *acc = obj;
    cxkpi__put_i32(w, acc->hist.min);
    cxkpi__put_i32(w, csat_scale_max(acc));
    cxkpi__put_i32(w, acc->satisfied_min);
    cxkpi__hist_write(&acc->hist, w);
}

cxkpi_status cxkpi_csat_serialized_size(const cxkpi_csat *acc, size_t *size)
{
    if (!acc || !size)
        return CXKPI_EINVAL;
    return cxkpi__frame_size(csat_payload_size(acc), size) ? CXKPI_OK : CXKPI_ENOMEM;
}

cxkpi_status cxkpi_csat_serialize(const cxkpi_csat *acc, void *buf, size_t capacity,
                                  size_t *written)
{
    if (!acc)
        return CXKPI_EINVAL;
    return cxkpi__frame_write(CXKPI__KIND_CSAT, CSAT_FORMAT_VERSION, csat_payload_size(acc),
                              csat_write_payload, acc, buf, capacity, written);
}

cxkpi_status cxkpi_csat_deserialize(cxkpi_csat **out, const void *buf, size_t size)
{
    if (!out || !buf)
        return CXKPI_EINVAL;
    uint16_t version;
    cxkpi__reader r;
    cxkpi_status st = cxkpi__frame_open(buf, size, CXKPI__KIND_CSAT, CSAT_FORMAT_VERSION,
                                        &version, &r);
    if (st != CXKPI_OK)
        return st;
    int32_t scale_min = cxkpi__get_i32(&r);
    int32_t scale_max = cxkpi__get_i32(&r);
    int32_t satisfied_min = cxkpi__get_i32(&r);
    if (r.bad || !csat_config_valid(scale_min, scale_max, satisfied_min))
        return CXKPI_EFORMAT;
    cxkpi_csat *acc = csat_create(scale_min, scale_max, satisfied_min);
    if (!acc)
        return CXKPI_ENOMEM;
    st = cxkpi__reader_finish(&r, cxkpi__hist_read(&acc->hist, &r));
    if (st != CXKPI_OK)
        cxkpi_csat_free(acc);
    else
        *out = acc;
    return st;
}
