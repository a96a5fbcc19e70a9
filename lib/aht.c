#include "cxkpi/aht.h"

#include <math.h>
#include <string.h>

#include "common/alloc.h"
#include "common/counter.h"
#include "duration_internal.h"
#include "common/frame.h"

#define AHT_FORMAT_VERSION 1
#define AHT_PARTS 4

struct cxkpi_aht {
    cxkpi_duration *part[AHT_PARTS]; /* indexed by cxkpi_aht_part */
};

static void aht_destroy(cxkpi_aht *acc)
{
    for (int i = 0; i < AHT_PARTS; i++)
        cxkpi_duration_free(acc->part[i]);
    cxkpi__free(acc);
}

/* An accumulator with every part NULL, to be filled by the caller. */
static cxkpi_aht *aht_alloc(void)
{
    cxkpi_aht *acc = cxkpi__alloc(sizeof *acc);
    if (acc)
        memset(acc, 0, sizeof *acc);
    return acc;
}

cxkpi_status cxkpi_aht_new(cxkpi_aht **out, double alpha, uint32_t max_buckets)
{
    if (!out)
        return CXKPI_EINVAL;
    cxkpi_duration *first = NULL;
    cxkpi_status st = cxkpi_duration_new(&first, alpha, max_buckets); /* validates */
    if (st != CXKPI_OK)
        return st;
    cxkpi_aht *acc = aht_alloc();
    if (!acc) {
        cxkpi_duration_free(first);
        return CXKPI_ENOMEM;
    }
    acc->part[0] = first;
    for (int i = 1; i < AHT_PARTS; i++) {
        if (cxkpi_duration_clone(first, &acc->part[i]) != CXKPI_OK) {
            aht_destroy(acc);
            return CXKPI_ENOMEM;
        }
    }
    *out = acc;
    return CXKPI_OK;
}

void cxkpi_aht_free(cxkpi_aht *acc)
{
    if (acc)
        aht_destroy(acc);
}

/* The four durations of one contact; false when one (or the sum) is out of range. */
static bool aht_row(double talk, double hold, double acw, double v[AHT_PARTS])
{
    v[0] = talk;
    v[1] = hold;
    v[2] = acw;
    v[3] = talk + hold + acw;
    return cxkpi__duration_valid(talk) && cxkpi__duration_valid(hold) &&
           cxkpi__duration_valid(acw) && cxkpi__duration_valid(v[3]);
}

/* Validates n contacts, checks the count and reserves every part's buckets: after
 * success, counting them cannot fail. */
static cxkpi_status aht_prepare(cxkpi_aht *acc, const double *talk, const double *hold,
                                const double *acw, size_t n)
{
    cxkpi__sketch_range r[AHT_PARTS];
    memset(r, 0, sizeof r);
    double v[AHT_PARTS];
    for (size_t i = 0; i < n; i++) {
        if (!aht_row(talk[i], hold[i], acw[i], v))
            return CXKPI_ERANGE;
        for (int p = 0; p < AHT_PARTS; p++)
            cxkpi__duration_range_add(acc->part[p], v[p], &r[p]);
    }
    if (!cxkpi__u64_room(cxkpi__duration_n(acc->part[0]), (uint64_t)n))
        return CXKPI_EOVERFLOW;
    for (int p = 0; p < AHT_PARTS; p++) {
        /* a failure here leaves only capacity changed in the earlier parts */
        cxkpi_status st = cxkpi__duration_reserve(acc->part[p], &r[p]);
        if (st != CXKPI_OK)
            return st;
    }
    return CXKPI_OK;
}

static void aht_commit(cxkpi_aht *acc, const double *talk, const double *hold,
                       const double *acw, size_t n)
{
    double v[AHT_PARTS];
    for (size_t i = 0; i < n; i++) {
        (void)aht_row(talk[i], hold[i], acw[i], v);
        for (int p = 0; p < AHT_PARTS; p++)
            cxkpi__duration_add_reserved(acc->part[p], v[p]);
    }
}

cxkpi_status cxkpi_aht_add(cxkpi_aht *acc, double talk_seconds, double hold_seconds,
                           double acw_seconds)
{
    return cxkpi_aht_add_many(acc, &talk_seconds, &hold_seconds, &acw_seconds, 1);
}

cxkpi_status cxkpi_aht_add_many(cxkpi_aht *acc, const double *talk, const double *hold,
                                const double *acw, size_t n)
{
    if (!acc || (n && (!talk || !hold || !acw)))
        return CXKPI_EINVAL;
    cxkpi_status st = aht_prepare(acc, talk, hold, acw, n);
    if (st == CXKPI_OK)
        aht_commit(acc, talk, hold, acw, n);
    return st;
}

cxkpi_status cxkpi_aht_merge(cxkpi_aht *dst, const cxkpi_aht *src)
{
    if (!dst || !src)
        return CXKPI_EINVAL;
    /* The parts share one configuration and one count: the first part's checks speak for
     * all, and a later part can only fail to reserve, which changes no count. */
    for (int p = 0; p < AHT_PARTS; p++) {
        cxkpi_status st = cxkpi__duration_merge_prepare(dst->part[p], src->part[p]);
        if (st != CXKPI_OK)
            return st;
    }
    for (int p = 0; p < AHT_PARTS; p++)
        cxkpi__duration_merge_commit(dst->part[p], src->part[p]);
    return CXKPI_OK;
}

cxkpi_status cxkpi_aht_reset(cxkpi_aht *acc)
{
    if (!acc)
        return CXKPI_EINVAL;
    for (int p = 0; p < AHT_PARTS; p++)
        (void)cxkpi_duration_reset(acc->part[p]);
    return CXKPI_OK;
}

cxkpi_status cxkpi_aht_clone(const cxkpi_aht *src, cxkpi_aht **out)
{
    if (!src || !out)
        return CXKPI_EINVAL;
    cxkpi_aht *acc = aht_alloc();
    if (!acc)
        return CXKPI_ENOMEM;
    for (int p = 0; p < AHT_PARTS; p++) {
        if (cxkpi_duration_clone(src->part[p], &acc->part[p]) != CXKPI_OK) {
            aht_destroy(acc);
            return CXKPI_ENOMEM;
        }
    }
    *out = acc;
    return CXKPI_OK;
}

cxkpi_status cxkpi_aht_count(const cxkpi_aht *acc, uint64_t *count)
{
    if (!acc || !count)
        return CXKPI_EINVAL;
    return cxkpi_duration_count(acc->part[0], count);
}

cxkpi_status cxkpi_aht_component(const cxkpi_aht *acc, cxkpi_aht_part component,
                                 const cxkpi_duration **out)
{
    if (!acc || !out || (unsigned)component >= AHT_PARTS)
        return CXKPI_EINVAL;
    *out = acc->part[component];
    return CXKPI_OK;
}

cxkpi_status cxkpi_aht_mean(const cxkpi_aht *acc, cxkpi_aht_part component, double *mean)
{
    const cxkpi_duration *d;
    cxkpi_status st = cxkpi_aht_component(acc, component, &d);
    return st != CXKPI_OK ? st : cxkpi_duration_mean(d, mean);
}

cxkpi_status cxkpi_aht_quantile(const cxkpi_aht *acc, cxkpi_aht_part component, double q,
                                double *value)
{
    const cxkpi_duration *d;
    cxkpi_status st = cxkpi_aht_component(acc, component, &d);
    return st != CXKPI_OK ? st : cxkpi_duration_quantile(d, q, value);
}

/* Payload v1: the four duration payloads, talk, hold, after-call work, total. */
static size_t aht_payload_size(const cxkpi_aht *acc)
{
    size_t size = 0;
    for (int p = 0; p < AHT_PARTS; p++)
        size += cxkpi__duration_payload_size(acc->part[p]);
    return size;
}

static void aht_write_payload(const void *obj, cxkpi__writer *w)
{
    const cxkpi_aht *acc = obj;
    for (int p = 0; p < AHT_PARTS; p++)
        cxkpi__duration_write(acc->part[p], w);
}

cxkpi_status cxkpi_aht_serialized_size(const cxkpi_aht *acc, size_t *size)
{
    if (!acc || !size)
        return CXKPI_EINVAL;
    return cxkpi__frame_size(aht_payload_size(acc), size) ? CXKPI_OK : CXKPI_ENOMEM;
}

cxkpi_status cxkpi_aht_serialize(const cxkpi_aht *acc, void *buf, size_t capacity,
                                 size_t *written)
{
    if (!acc)
        return CXKPI_EINVAL;
    return cxkpi__frame_write(CXKPI__KIND_AHT, AHT_FORMAT_VERSION, aht_payload_size(acc),
                              aht_write_payload, acc, buf, capacity, written);
}

/* The parts agree on the configuration and the count, and the totals add up to the sum of
 * the three components (up to a slack far above the rounding of the sums). */
static bool aht_consistent(const cxkpi_aht *acc)
{
    double alpha0, alpha;
    uint32_t k0, k;
    (void)cxkpi_duration_config(acc->part[0], &alpha0, &k0);
    for (int p = 1; p < AHT_PARTS; p++) {
        (void)cxkpi_duration_config(acc->part[p], &alpha, &k);
        if (alpha != alpha0 || k != k0 ||
            cxkpi__duration_n(acc->part[p]) != cxkpi__duration_n(acc->part[0]))
            return false;
    }
    if (cxkpi__duration_n(acc->part[0]) == 0)
        return true;
    double sum[AHT_PARTS];
    for (int p = 0; p < AHT_PARTS; p++)
        (void)cxkpi_duration_sum(acc->part[p], &sum[p]);
    double parts = sum[CXKPI_AHT_TALK] + sum[CXKPI_AHT_HOLD] + sum[CXKPI_AHT_ACW];
    return fabs(sum[CXKPI_AHT_TOTAL] - parts) <= 1e-9 * parts;
}

cxkpi_status cxkpi_aht_deserialize(cxkpi_aht **out, const void *buf, size_t size)
{
    if (!out || !buf)
        return CXKPI_EINVAL;
    uint16_t version;
    cxkpi__reader r;
    cxkpi_status st = cxkpi__frame_open(buf, size, CXKPI__KIND_AHT, AHT_FORMAT_VERSION, &version,
                                        &r);
    if (st != CXKPI_OK)
        return st;
    cxkpi_aht *acc = aht_alloc();
    if (!acc)
        return CXKPI_ENOMEM;
    for (int p = 0; p < AHT_PARTS && st == CXKPI_OK; p++)
        st = cxkpi__duration_read(&acc->part[p], &r);
    st = cxkpi__reader_finish(&r, st);
    if (st == CXKPI_OK && !aht_consistent(acc))
        st = CXKPI_EFORMAT;
    if (st != CXKPI_OK) {
        aht_destroy(acc);
        return st;
    }
    *out = acc;
    return CXKPI_OK;
}
