#include "fcr_internal.h"

#include <string.h>

#include "common/alloc.h"
#include "cxkpi/stats.h"
#include "common/percent.h"

#define FCR_FORMAT_VERSION 1
#define FCR_BAD 0xFFu

/* Slot of each 4-bit flag value, FCR_BAD for the contradictory ones (RESOLVED with any
 * other bit). The slots follow ascending flag value, which is the serialized order. */
static const uint8_t fcr_slot_of[16] = {
    0, 1, 2, FCR_BAD, 3, FCR_BAD, 4, FCR_BAD, 5, FCR_BAD, 6, FCR_BAD, 7, FCR_BAD, 8, FCR_BAD,
};
static const uint8_t fcr_flags_of[CXKPI__FCR_SLOTS] = {0, 1, 2, 4, 6, 8, 10, 12, 14};

/* Slot of a flag combination, or FCR_BAD for unknown bits and contradictions. */
static uint32_t fcr_slot(uint32_t flags)
{
    return flags > CXKPI_FCR_ALL ? FCR_BAD : fcr_slot_of[flags];
}

void cxkpi__fcr_init(cxkpi_fcr *acc)
{
    cxkpi__hist_init(&acc->hist, acc->counts, 0, CXKPI__FCR_SLOTS);
}

void cxkpi__fcr_copy(cxkpi_fcr *dst, const cxkpi_fcr *src)
{
    cxkpi__hist_copy(&dst->hist, &src->hist);
}

void cxkpi__fcr_write(const cxkpi_fcr *acc, cxkpi__writer *w)
{
    cxkpi__hist_write(&acc->hist, w);
}

cxkpi_status cxkpi__fcr_read(cxkpi_fcr *acc, cxkpi__reader *r)
{
    return cxkpi__hist_read(&acc->hist, r);
}

cxkpi_status cxkpi_fcr_new(cxkpi_fcr **out)
{
    if (!out)
        return CXKPI_EINVAL;
    cxkpi_fcr *acc = cxkpi__alloc(sizeof *acc);
    if (!acc)
        return CXKPI_ENOMEM;
    cxkpi__fcr_init(acc);
    *out = acc;
    return CXKPI_OK;
}

void cxkpi_fcr_free(cxkpi_fcr *acc)
{
    cxkpi__free(acc);
}

cxkpi_status cxkpi_fcr_add(cxkpi_fcr *acc, uint32_t flags)
{
    if (!acc)
        return CXKPI_EINVAL;
    uint32_t slot = fcr_slot(flags);
    if (slot == FCR_BAD)
        return CXKPI_ERANGE;
    /* the slot is on the histogram's scale by construction: count straight into the
     * embedded counters (no range check, no pointer to follow) */
    if (acc->hist.total == UINT64_MAX)
        return CXKPI_EOVERFLOW;
    acc->counts[slot]++;
    acc->hist.total++;
    return CXKPI_OK;
}

cxkpi_status cxkpi_fcr_add_many(cxkpi_fcr *acc, const uint32_t *flags, size_t n)
{
    if (!acc || (!flags && n))
        return CXKPI_EINVAL;
    /* Count the raw flag words as scores 0..15 with the shared histogram's batch path
     * (vectorized; a word above 15, or above INT32_MAX read as int32, is outside that
     * scale), then refuse the batch if a contradictory combination was counted: it is
     * atomic either way, since only the local counts have changed. */
    uint64_t by_flags[CXKPI_FCR_ALL + 1];
    cxkpi__score_hist h;
    cxkpi__hist_init(&h, by_flags, 0, CXKPI_FCR_ALL + 1);
    if (cxkpi__hist_add_many_i32(&h, (const int32_t *)flags, n) != CXKPI_OK)
        return CXKPI_ERANGE;
    for (uint32_t f = 0; f <= CXKPI_FCR_ALL; f++)
        if (by_flags[f] && fcr_slot_of[f] == FCR_BAD)
            return CXKPI_ERANGE;
    if ((uint64_t)n > UINT64_MAX - acc->hist.total)
        return CXKPI_EOVERFLOW;
    for (uint32_t f = 0; f <= CXKPI_FCR_ALL; f++)
        if (fcr_slot_of[f] != FCR_BAD)
            acc->counts[fcr_slot_of[f]] += by_flags[f];
    acc->hist.total += n;
    return CXKPI_OK;
}

/* The histogram of the g-th accumulator of a caller's array (for grouped batches). */
static cxkpi__score_hist *fcr_hist_at(const void *accs, size_t g)
{
    cxkpi_fcr *acc = ((cxkpi_fcr *const *)accs)[g];
    return acc ? &acc->hist : NULL;
}

cxkpi_status cxkpi_fcr_add_grouped(cxkpi_fcr *const *accs, size_t groups, const uint32_t *group,
                                   const uint32_t *flags, size_t n)
{
    /* fcr_slot_of is the map: FCR_BAD (0xFF) is above every slot */
    return cxkpi__hist_add_grouped(accs, fcr_hist_at, groups, group, flags, n, fcr_slot_of, NULL);
}

cxkpi_status cxkpi_fcr_remove(cxkpi_fcr *acc, uint32_t flags)
{
    if (!acc)
        return CXKPI_EINVAL;
    uint32_t slot = fcr_slot(flags);
    if (slot == FCR_BAD)
        return CXKPI_ERANGE;
    return cxkpi__hist_remove(&acc->hist, (int32_t)slot);
}

cxkpi_status cxkpi_fcr_merge(cxkpi_fcr *dst, const cxkpi_fcr *src)
{
    if (!dst || !src)
        return CXKPI_EINVAL;
    return cxkpi__hist_merge(&dst->hist, &src->hist);
}

cxkpi_status cxkpi_fcr_reset(cxkpi_fcr *acc)
{
    if (!acc)
        return CXKPI_EINVAL;
    cxkpi__hist_reset(&acc->hist);
    return CXKPI_OK;
}

cxkpi_status cxkpi_fcr_clone(const cxkpi_fcr *src, cxkpi_fcr **out)
{
    if (!src || !out)
        return CXKPI_EINVAL;
    cxkpi_fcr *acc = cxkpi__alloc(sizeof *acc);
    if (!acc)
        return CXKPI_ENOMEM;
    cxkpi__fcr_init(acc);
    cxkpi__fcr_copy(acc, src);
    *out = acc;
    return CXKPI_OK;
}

/* Issues whose outcome has every bit of `bit` set (a sub-sum of the total: no overflow). */
static uint64_t fcr_with(const cxkpi_fcr *acc, uint32_t bit)
{
    uint64_t sum = 0;
    for (uint32_t s = 0; s < CXKPI__FCR_SLOTS; s++)
        if (fcr_flags_of[s] & bit)
            sum += acc->counts[s];
    return sum;
}

cxkpi_status cxkpi_fcr_counts(const cxkpi_fcr *acc, uint64_t *issues,
                              uint64_t *resolved_first_contact, uint64_t *escalated,
                              uint64_t *reopened, uint64_t *excluded)
{
    if (!acc || !issues || !resolved_first_contact || !escalated || !reopened || !excluded)
        return CXKPI_EINVAL;
    *issues = acc->hist.total;
    *resolved_first_contact = fcr_with(acc, CXKPI_FCR_RESOLVED_FIRST_CONTACT);
    *escalated = fcr_with(acc, CXKPI_FCR_ESCALATED);
    *reopened = fcr_with(acc, CXKPI_FCR_REOPENED);
    *excluded = fcr_with(acc, CXKPI_FCR_EXCLUDED);
    return CXKPI_OK;
}

cxkpi_status cxkpi_fcr_combination_count(const cxkpi_fcr *acc, uint32_t flags, uint64_t *count)
{
    if (!acc || !count)
        return CXKPI_EINVAL;
    uint32_t slot = fcr_slot(flags);
    if (slot == FCR_BAD)
        return CXKPI_ERANGE;
    *count = acc->counts[slot];
    return CXKPI_OK;
}

/* The four proportions: successes have bit `bit`; the trials are all issues, or for net FCR
 * the issues without EXCLUDED. */
typedef enum fcr_metric { FCR_GROSS, FCR_NET, FCR_ESCALATION, FCR_REOPEN } fcr_metric;

static void fcr_proportion(const cxkpi_fcr *acc, fcr_metric m, uint64_t *successes,
                           uint64_t *trials)
{
    static const uint32_t bit[4] = {CXKPI_FCR_RESOLVED_FIRST_CONTACT,
                                    CXKPI_FCR_RESOLVED_FIRST_CONTACT, CXKPI_FCR_ESCALATED,
                                    CXKPI_FCR_REOPENED};
    *successes = fcr_with(acc, bit[m]);
    *trials = acc->hist.total;
    if (m == FCR_NET)
        *trials -= fcr_with(acc, CXKPI_FCR_EXCLUDED);
}

static cxkpi_status fcr_rate(const cxkpi_fcr *acc, fcr_metric m, double *percent)
{
    if (!acc || !percent)
        return CXKPI_EINVAL;
    uint64_t successes, trials;
    fcr_proportion(acc, m, &successes, &trials);
    if (trials == 0)
        return CXKPI_EEMPTY;
    *percent = cxkpi__percent(successes, trials);
    return CXKPI_OK;
}

static cxkpi_status fcr_interval(const cxkpi_fcr *acc, fcr_metric m, double confidence,
                                 double *lo, double *hi)
{
    if (!acc || !lo || !hi)
        return CXKPI_EINVAL;
    if (!(confidence > 0.0 && confidence < 1.0))
        return CXKPI_ERANGE;
    uint64_t successes, trials;
    fcr_proportion(acc, m, &successes, &trials);
    if (trials == 0)
        return CXKPI_EEMPTY;
    return cxkpi_wilson_interval(successes, trials, confidence, lo, hi);
}

cxkpi_status cxkpi_fcr_percent(const cxkpi_fcr *acc, double *percent)
{
    return fcr_rate(acc, FCR_GROSS, percent);
}

cxkpi_status cxkpi_fcr_net_percent(const cxkpi_fcr *acc, double *percent)
{
    return fcr_rate(acc, FCR_NET, percent);
}

cxkpi_status cxkpi_fcr_escalation_percent(const cxkpi_fcr *acc, double *percent)
{
    return fcr_rate(acc, FCR_ESCALATION, percent);
}

cxkpi_status cxkpi_fcr_reopen_percent(const cxkpi_fcr *acc, double *percent)
{
    return fcr_rate(acc, FCR_REOPEN, percent);
}

cxkpi_status cxkpi_fcr_percent_interval(const cxkpi_fcr *acc, double confidence, double *lo,
                                        double *hi)
{
    return fcr_interval(acc, FCR_GROSS, confidence, lo, hi);
}

cxkpi_status cxkpi_fcr_net_percent_interval(const cxkpi_fcr *acc, double confidence,
                                            double *lo, double *hi)
{
    return fcr_interval(acc, FCR_NET, confidence, lo, hi);
}

cxkpi_status cxkpi_fcr_escalation_percent_interval(const cxkpi_fcr *acc, double confidence,
                                                   double *lo, double *hi)
{
    return fcr_interval(acc, FCR_ESCALATION, confidence, lo, hi);
}

cxkpi_status cxkpi_fcr_reopen_percent_interval(const cxkpi_fcr *acc, double confidence,
                                               double *lo, double *hi)
{
    return fcr_interval(acc, FCR_REOPEN, confidence, lo, hi);
}

static void fcr_write_payload(const void *obj, cxkpi__writer *w)
{
    cxkpi__fcr_write(obj, w);
}

cxkpi_status cxkpi_fcr_serialized_size(const cxkpi_fcr *acc, size_t *size)
{
    if (!acc || !size)
        return CXKPI_EINVAL;
    return cxkpi__frame_size(CXKPI__FCR_PAYLOAD_SIZE, size) ? CXKPI_OK : CXKPI_ENOMEM;
}

cxkpi_status cxkpi_fcr_serialize(const cxkpi_fcr *acc, void *buf, size_t capacity,
                                 size_t *written)
{
    if (!acc)
        return CXKPI_EINVAL;
    return cxkpi__frame_write(CXKPI__KIND_FCR, FCR_FORMAT_VERSION, CXKPI__FCR_PAYLOAD_SIZE,
                              fcr_write_payload, acc, buf, capacity, written);
}

cxkpi_status cxkpi_fcr_deserialize(cxkpi_fcr **out, const void *buf, size_t size)
{
    if (!out || !buf)
        return CXKPI_EINVAL;
    uint16_t version;
    cxkpi__reader r;
    cxkpi_status st = cxkpi__frame_open(buf, size, CXKPI__KIND_FCR, FCR_FORMAT_VERSION,
                                        &version, &r);
    if (st != CXKPI_OK)
        return st;
    cxkpi_fcr *acc = cxkpi__alloc(sizeof *acc);
    if (!acc)
        return CXKPI_ENOMEM;
    cxkpi__fcr_init(acc);
    st = cxkpi__reader_finish(&r, cxkpi__fcr_read(acc, &r));
    if (st != CXKPI_OK) {
        cxkpi__free(acc);
        return st;
    }
    *out = acc;
    return CXKPI_OK;
}
