#include "cxkpi/nps.h"

#include <math.h>

#include "common/alloc.h"
#include "cxkpi/stats.h"
#include "common/frame.h"
#include "common/percent.h"
#include "store/score_hist.h"

#define NPS_FORMAT_VERSION 1
#define NPS_BINS 11u

struct cxkpi_nps {
    cxkpi__score_hist hist;
    uint64_t counts[NPS_BINS]; /* scores 0..10 */
};

static cxkpi_nps *nps_create(void)
{
    cxkpi_nps *acc = cxkpi__alloc(sizeof *acc);
    if (acc)
        cxkpi__hist_init(&acc->hist, acc->counts, 0, NPS_BINS);
    return acc;
}

cxkpi_status cxkpi_nps_new(cxkpi_nps **out)
{
    if (!out)
        return CXKPI_EINVAL;
    cxkpi_nps *acc = nps_create();
    if (!acc)
        return CXKPI_ENOMEM;
    *out = acc;
    return CXKPI_OK;
}

void cxkpi_nps_free(cxkpi_nps *acc)
{
    cxkpi__free(acc);
}

/* The histogram behind a handle, NULL for a NULL handle: the histogram layer checks the
 * arguments of every counting call. */
static cxkpi__score_hist *nps_hist(cxkpi_nps *acc)
{
    return acc ? &acc->hist : NULL;
}

cxkpi_status cxkpi_nps_add(cxkpi_nps *acc, int32_t score)
{
    return cxkpi__hist_add(nps_hist(acc), score);
}

cxkpi_status cxkpi_nps_add_many(cxkpi_nps *acc, const int32_t *scores, size_t n)
{
    return cxkpi__hist_add_many_i32(nps_hist(acc), scores, n);
}

cxkpi_status cxkpi_nps_add_many_u8(cxkpi_nps *acc, const uint8_t *scores, size_t n)
{
    return cxkpi__hist_add_many_u8(nps_hist(acc), scores, n);
}

cxkpi_status cxkpi_nps_add_many_i64(cxkpi_nps *acc, const int64_t *scores, size_t n)
{
    return cxkpi__hist_add_many_i64(nps_hist(acc), scores, n);
}

cxkpi_status cxkpi_nps_add_many_f64(cxkpi_nps *acc, const double *scores, size_t n, size_t *skipped)
{
    return cxkpi__hist_add_many_f64(nps_hist(acc), scores, n, skipped);
}

/* The histogram of the g-th accumulator of a caller's array (for grouped batches). */
static cxkpi__score_hist *nps_hist_at(const void *accs, size_t g)
{
    cxkpi_nps *acc = ((cxkpi_nps *const *)accs)[g];
    return acc ? &acc->hist : NULL;
}

cxkpi_status cxkpi_nps_add_grouped_f64(cxkpi_nps *const *accs, size_t groups,
                                       const uint32_t *group, const double *scores, size_t n,
                                       size_t *skipped)
{
    return cxkpi__hist_add_grouped(accs, nps_hist_at, groups, group, scores, n, NULL, skipped);
}

cxkpi_status cxkpi_nps_remove(cxkpi_nps *acc, int32_t score)
{
    return cxkpi__hist_remove(nps_hist(acc), score);
}

cxkpi_status cxkpi_nps_merge(cxkpi_nps *dst, const cxkpi_nps *src)
{
    if (!dst || !src)
        return CXKPI_EINVAL;
    return cxkpi__hist_merge(&dst->hist, &src->hist);
}

cxkpi_status cxkpi_nps_reset(cxkpi_nps *acc)
{
    if (!acc)
        return CXKPI_EINVAL;
    cxkpi__hist_reset(&acc->hist);
    return CXKPI_OK;
}

cxkpi_status cxkpi_nps_clone(const cxkpi_nps *src, cxkpi_nps **out)
{
    if (!src || !out)
        return CXKPI_EINVAL;
    cxkpi_nps *acc = nps_create();
    if (!acc)
        return CXKPI_ENOMEM;
    cxkpi__hist_copy(&acc->hist, &src->hist);
    *out = acc;
    return CXKPI_OK;
}

cxkpi_status cxkpi_nps_count(const cxkpi_nps *acc, uint64_t *count)
{
    if (!acc || !count)
        return CXKPI_EINVAL;
    *count = acc->hist.total;
    return CXKPI_OK;
}

typedef struct nps_groups {
    uint64_t promoters, passives, detractors;
} nps_groups;

static nps_groups nps_split(const cxkpi_nps *acc)
{
    return (nps_groups){
        .promoters = cxkpi__hist_count_between(&acc->hist, 9, 10),
        .passives = cxkpi__hist_count_between(&acc->hist, 7, 8),
        .detractors = cxkpi__hist_count_between(&acc->hist, 0, 6),
    };
}

cxkpi_status cxkpi_nps_groups(const cxkpi_nps *acc, uint64_t *promoters, uint64_t *passives,
                              uint64_t *detractors)
{
    if (!acc || !promoters || !passives || !detractors)
        return CXKPI_EINVAL;
    nps_groups g = nps_split(acc);
    *promoters = g.promoters;
    *passives = g.passives;
    *detractors = g.detractors;
    return CXKPI_OK;
}

cxkpi_status cxkpi_nps_group_percents(const cxkpi_nps *acc, double *promoters,
                                      double *passives, double *detractors)
{
    if (!acc || !promoters || !passives || !detractors)
        return CXKPI_EINVAL;
    if (acc->hist.total == 0)
        return CXKPI_EEMPTY;
    nps_groups g = nps_split(acc);
    *promoters = cxkpi__percent(g.promoters, acc->hist.total);
    *passives = cxkpi__percent(g.passives, acc->hist.total);
    *detractors = cxkpi__percent(g.detractors, acc->hist.total);
    return CXKPI_OK;
}

cxkpi_status cxkpi_nps_score_count(const cxkpi_nps *acc, int32_t score, uint64_t *count)
{
    if (!acc || !count)
        return CXKPI_EINVAL;
    return cxkpi__hist_count_of(&acc->hist, score, count);
}

cxkpi_status cxkpi_nps_score(const cxkpi_nps *acc, double *score)
{
    if (!acc || !score)
        return CXKPI_EINVAL;
    if (acc->hist.total == 0)
        return CXKPI_EEMPTY;
    nps_groups g = nps_split(acc);
    /* The difference is taken on the integer counts, in whichever order keeps it exact. */
    double net = g.promoters >= g.detractors ? (double)(g.promoters - g.detractors)
                                             : -(double)(g.detractors - g.promoters);
    *score = cxkpi__clamp(100.0 * net / (double)acc->hist.total, -100.0, 100.0);
    return CXKPI_OK;
}

static double nps_stderr(const cxkpi_nps *acc)
{
    nps_groups g = nps_split(acc);
    double n = (double)acc->hist.total;
    double p = (double)g.promoters / n, d = (double)g.detractors / n;
    double variance = p + d - (p - d) * (p - d);
    if (variance < 0.0) /* only rounding can make it negative: all answers in one group */
        variance = 0.0;
    return 100.0 * sqrt(variance / n);
}

cxkpi_status cxkpi_nps_stderr(const cxkpi_nps *acc, double *se)
{
    if (!acc || !se)
        return CXKPI_EINVAL;
    if (acc->hist.total == 0)
        return CXKPI_EEMPTY;
    *se = nps_stderr(acc);
    return CXKPI_OK;
}

cxkpi_status cxkpi_nps_margin(const cxkpi_nps *acc, double confidence, double *moe)
{
    if (!acc || !moe)
        return CXKPI_EINVAL;
    double z;
    cxkpi_status st = cxkpi_normal_z(confidence, &z);
    if (st != CXKPI_OK)
        return st;
    if (acc->hist.total == 0)
        return CXKPI_EEMPTY;
    *moe = z * nps_stderr(acc);
    return CXKPI_OK;
}

static void nps_write_payload(const void *obj, cxkpi__writer *w)
{
    cxkpi__hist_write(&((const cxkpi_nps *)obj)->hist, w);
}

cxkpi_status cxkpi_nps_serialized_size(const cxkpi_nps *acc, size_t *size)
{
    if (!acc || !size)
        return CXKPI_EINVAL;
    return cxkpi__frame_size(cxkpi__hist_payload_size(&acc->hist), size) ? CXKPI_OK
                                                                         : CXKPI_ENOMEM;
}

cxkpi_status cxkpi_nps_serialize(const cxkpi_nps *acc, void *buf, size_t capacity,
                                 size_t *written)
{
    if (!acc)
        return CXKPI_EINVAL;
    return cxkpi__frame_write(CXKPI__KIND_NPS, NPS_FORMAT_VERSION,
                              cxkpi__hist_payload_size(&acc->hist), nps_write_payload, acc,
                              buf, capacity, written);
}

cxkpi_status cxkpi_nps_deserialize(cxkpi_nps **out, const void *buf, size_t size)
{
    if (!out || !buf)
        return CXKPI_EINVAL;
    uint16_t version;
    cxkpi__reader r;
    cxkpi_status st = cxkpi__frame_open(buf, size, CXKPI__KIND_NPS, NPS_FORMAT_VERSION,
                                        &version, &r);
    if (st != CXKPI_OK)
        return st;
    cxkpi_nps *acc = nps_create();
    if (!acc)
        return CXKPI_ENOMEM;
    st = cxkpi__reader_finish(&r, cxkpi__hist_read(&acc->hist, &r));
    if (st != CXKPI_OK)
        cxkpi_nps_free(acc);
    else
        *out = acc;
    return st;
}
