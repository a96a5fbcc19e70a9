#include "cxkpi/churn.h"

#include <math.h>

#include "common/alloc.h"
#include "common/counter.h"
#include "cxkpi/stats.h"
#include "common/frame.h"
#include "common/percent.h"

#define CHURN_FORMAT_VERSION 1
#define CHURN_PAYLOAD_SIZE 24u

/* Invariants: lost <= at_start, and at_start + gained <= UINT64_MAX (so at_end fits). */
struct cxkpi_churn {
    uint64_t at_start;
    uint64_t gained;
    uint64_t lost;
};

static bool churn_valid(const cxkpi_churn *c)
{
    uint64_t sum;
    return c->lost <= c->at_start && cxkpi__u64_add(c->at_start, c->gained, &sum);
}

/* A heap copy of a complete state. */
static cxkpi_churn *churn_dup(const cxkpi_churn *state)
{
    cxkpi_churn *acc = cxkpi__alloc(sizeof *acc);
    if (acc)
        *acc = *state;
    return acc;
}

cxkpi_status cxkpi_churn_new(cxkpi_churn **out)
{
    if (!out)
        return CXKPI_EINVAL;
    cxkpi_churn *acc = churn_dup(&(cxkpi_churn){0, 0, 0});
    if (!acc)
        return CXKPI_ENOMEM;
    *out = acc;
    return CXKPI_OK;
}

void cxkpi_churn_free(cxkpi_churn *acc)
{
    cxkpi__free(acc);
}

/* Adds n to at_start or gained, keeping at_start + gained within 64 bits. */
static cxkpi_status churn_grow(cxkpi_churn *acc, uint64_t *field, uint64_t n)
{
    if (!cxkpi__u64_room(acc->at_start + acc->gained, n))
        return CXKPI_EOVERFLOW;
    *field += n;
    return CXKPI_OK;
}

cxkpi_status cxkpi_churn_add_start(cxkpi_churn *acc, uint64_t customers)
{
    if (!acc)
        return CXKPI_EINVAL;
    return churn_grow(acc, &acc->at_start, customers);
}

cxkpi_status cxkpi_churn_add_gained(cxkpi_churn *acc, uint64_t customers)
{
    if (!acc)
        return CXKPI_EINVAL;
    return churn_grow(acc, &acc->gained, customers);
}

cxkpi_status cxkpi_churn_add_lost(cxkpi_churn *acc, uint64_t customers)
{
    if (!acc)
        return CXKPI_EINVAL;
    if (customers > acc->at_start - acc->lost)
        return CXKPI_ERANGE;
    acc->lost += customers;
    return CXKPI_OK;
}

cxkpi_status cxkpi_churn_remove_lost(cxkpi_churn *acc, uint64_t customers)
{
    if (!acc)
        return CXKPI_EINVAL;
    if (customers > acc->lost)
        return CXKPI_ENOTFOUND;
    acc->lost -= customers;
    return CXKPI_OK;
}

cxkpi_status cxkpi_churn_merge(cxkpi_churn *dst, const cxkpi_churn *src)
{
    if (!dst || !src)
        return CXKPI_EINVAL;
    /* Both sums of at_start + gained fit, so their sum bounds every new count. */
    if (!cxkpi__u64_room(dst->at_start + dst->gained, src->at_start + src->gained))
        return CXKPI_EOVERFLOW;
    cxkpi_churn s = *src; /* dst may be src */
    dst->at_start += s.at_start;
    dst->gained += s.gained;
    dst->lost += s.lost;
    return CXKPI_OK;
}

cxkpi_status cxkpi_churn_reset(cxkpi_churn *acc)
{
    if (!acc)
        return CXKPI_EINVAL;
    *acc = (cxkpi_churn){0, 0, 0};
    return CXKPI_OK;
}

cxkpi_status cxkpi_churn_clone(const cxkpi_churn *src, cxkpi_churn **out)
{
    if (!src || !out)
        return CXKPI_EINVAL;
    cxkpi_churn *acc = churn_dup(src);
    if (!acc)
        return CXKPI_ENOMEM;
    *out = acc;
    return CXKPI_OK;
}

cxkpi_status cxkpi_churn_counts(const cxkpi_churn *acc, uint64_t *at_start, uint64_t *gained,
                                uint64_t *lost)
{
    if (!acc || !at_start || !gained || !lost)
        return CXKPI_EINVAL;
    *at_start = acc->at_start;
    *gained = acc->gained;
    *lost = acc->lost;
    return CXKPI_OK;
}

cxkpi_status cxkpi_churn_at_end(const cxkpi_churn *acc, uint64_t *at_end)
{
    if (!acc || !at_end)
        return CXKPI_EINVAL;
    *at_end = acc->at_start - acc->lost + acc->gained;
    return CXKPI_OK;
}

cxkpi_status cxkpi_churn_percent(const cxkpi_churn *acc, double *percent)
{
    if (!acc || !percent)
        return CXKPI_EINVAL;
    if (acc->at_start == 0)
        return CXKPI_EEMPTY;
    *percent = cxkpi__percent(acc->lost, acc->at_start);
    return CXKPI_OK;
}

cxkpi_status cxkpi_churn_percent_interval(const cxkpi_churn *acc, double confidence,
                                          double *lo, double *hi)
{
    if (!acc || !lo || !hi)
        return CXKPI_EINVAL;
    if (!(confidence > 0.0 && confidence < 1.0))
        return CXKPI_ERANGE;
    if (acc->at_start == 0)
        return CXKPI_EEMPTY;
    return cxkpi_wilson_interval(acc->lost, acc->at_start, confidence, lo, hi);
}

cxkpi_status cxkpi_churn_net_growth(const cxkpi_churn *acc, double *percent)
{
    if (!acc || !percent)
        return CXKPI_EINVAL;
    if (acc->at_start == 0)
        return CXKPI_EEMPTY;
    /* The difference is taken in integers, so it is exact before the one division. */
    double diff = acc->gained >= acc->lost ? (double)(acc->gained - acc->lost)
                                           : -(double)(acc->lost - acc->gained);
    /* lost <= at_start, so the growth is at least -100 (kept so through the rounding) */
    *percent = cxkpi__clamp(100.0 * diff / (double)acc->at_start, -100.0, HUGE_VAL);
    return CXKPI_OK;
}

/* Payload v1: at_start, gained, lost (u64 LE). */
static void churn_write_payload(const void *obj, cxkpi__writer *w)
{
    const cxkpi_churn *acc = obj;
    cxkpi__put_u64(w, acc->at_start);
    cxkpi__put_u64(w, acc->gained);
    cxkpi__put_u64(w, acc->lost);
}

cxkpi_status cxkpi_churn_serialized_size(const cxkpi_churn *acc, size_t *size)
{
    if (!acc || !size)
        return CXKPI_EINVAL;
    return cxkpi__frame_size(CHURN_PAYLOAD_SIZE, size) ? CXKPI_OK : CXKPI_ENOMEM;
}

cxkpi_status cxkpi_churn_serialize(const cxkpi_churn *acc, void *buf, size_t capacity,
                                   size_t *written)
{
    if (!acc)
        return CXKPI_EINVAL;
    return cxkpi__frame_write(CXKPI__KIND_CHURN, CHURN_FORMAT_VERSION, CHURN_PAYLOAD_SIZE,
                              churn_write_payload, acc, buf, capacity, written);
}

cxkpi_status cxkpi_churn_deserialize(cxkpi_churn **out, const void *buf, size_t size)
{
    if (!out || !buf)
        return CXKPI_EINVAL;
    uint16_t version;
    cxkpi__reader r;
    cxkpi_status st = cxkpi__frame_open(buf, size, CXKPI__KIND_CHURN, CHURN_FORMAT_VERSION,
                                        &version, &r);
    if (st != CXKPI_OK)
        return st;
    cxkpi_churn c;
    c.at_start = cxkpi__get_u64(&r);
    c.gained = cxkpi__get_u64(&r);
    c.lost = cxkpi__get_u64(&r);
    if (cxkpi__reader_finish(&r, CXKPI_OK) != CXKPI_OK || !churn_valid(&c))
        return CXKPI_EFORMAT;
    cxkpi_churn *acc = churn_dup(&c);
    if (!acc)
        return CXKPI_ENOMEM;
    *out = acc;
    return CXKPI_OK;
}
