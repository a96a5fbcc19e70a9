#include "cxkpi/sla.h"

#include <math.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__SSE2__) && (defined(__x86_64__) || defined(__i386__)) && \
    (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define SLA_AVX2 1
#else
#define SLA_AVX2 0
#endif

#include "common/alloc.h"
#include "common/compsum.h"
#include "common/counter.h"
#include "cxkpi/stats.h"
#include "common/frame.h"
#include "common/percent.h"

#define SLA_FORMAT_VERSION 1
#define SLA_PAYLOAD_SIZE 88u
#define SLA_BLOCK 64 /* values per block of a batch: one bit each in a uint64_t */

/* The breached tickets of one class (finished, or open snapshots). */
typedef struct sla_late {
    uint64_t count;
    cxkpi__compsum lateness; /* sum of elapsed - target */
    double max;              /* >= every lateness counted since count was last 0 */
} sla_late;

/* Invariant: met + in_progress + finished.count + open.count <= UINT64_MAX, so any sum of
 * these counters fits. */
struct cxkpi_sla {
    double target;
    uint64_t met;
    uint64_t in_progress;
    sla_late finished;
    sla_late open;
};

static bool sla_seconds_valid(double s)
{
    return s >= 0.0 && s <= CXKPI_SLA_MAX_SECONDS; /* false for NaN */
}

static bool sla_target_valid(double t)
{
    return t > 0.0 && t <= CXKPI_SLA_MAX_SECONDS;
}

static uint64_t sla_tickets(const cxkpi_sla *acc)
{
    return acc->met + acc->in_progress + acc->finished.count + acc->open.count;
}

static void late_clear(sla_late *l)
{
    *l = (sla_late){0, {0.0, 0.0}, 0.0};
}

static void late_add(sla_late *l, double lateness)
{
    l->count++;
    cxkpi__compsum_add(&l->lateness, lateness);
    if (lateness > l->max)
        l->max = lateness;
}

static bool late_valid(const sla_late *l);

/* Retracts a lateness that was added; ENOTFOUND when it cannot have been. */
static cxkpi_status late_remove(sla_late *l, double lateness)
{
    double total = cxkpi__compsum_value(&l->lateness);
    if (l->count == 0 || lateness > l->max || lateness > total + total * 1e-9)
        return CXKPI_ENOTFOUND;
    sla_late left = *l;
    if (--left.count == 0) {
        late_clear(l); /* exact again: no rounding residue, no stale maximum */
        return CXKPI_OK;
    }
    cxkpi__compsum_add(&left.lateness, -lateness);
    if (cxkpi__compsum_value(&left.lateness) < 0.0)
        left.lateness = (cxkpi__compsum){0.0, 0.0}; /* rounding below zero */
    /* The count - 1 latenesses left are each <= max: a retraction leaving more than that
     * cannot match what was counted (it would leave a mean above the maximum, and a state
     * that deserialization refuses). The one test of late_valid() decides both. */
    if (!late_valid(&left))
        return CXKPI_ENOTFOUND;
    *l = left;
    return CXKPI_OK;
}

static void late_merge(sla_late *dst, const sla_late *src)
{
    sla_late s = *src; /* dst may be src */
    if (s.count == 0)
        return;
    dst->count += s.count;
    cxkpi__compsum_merge(&dst->lateness, &s.lateness);
    if (s.max > dst->max)
        dst->max = s.max;
}

static void sla_clear(cxkpi_sla *acc)
{
    acc->met = 0;
    acc->in_progress = 0;
    late_clear(&acc->finished);
    late_clear(&acc->open);
}

/* A heap copy of a complete state (the state is one flat struct). */
static cxkpi_sla *sla_dup(const cxkpi_sla *state)
{
    cxkpi_sla *acc = cxkpi__alloc(sizeof *acc);
    if (acc)
        *acc = *state;
    return acc;
}

cxkpi_status cxkpi_sla_new(cxkpi_sla **out, double target_seconds)
{
    if (!out)
        return CXKPI_EINVAL;
    if (!sla_target_valid(target_seconds))
        return CXKPI_ERANGE;
    cxkpi_sla empty = {.target = target_seconds};
    sla_clear(&empty);
    cxkpi_sla *acc = sla_dup(&empty);
    if (!acc)
        return CXKPI_ENOMEM;
    *out = acc;
    return CXKPI_OK;
}

void cxkpi_sla_free(cxkpi_sla *acc)
{
    cxkpi__free(acc);
}

/* Counts one valid elapsed time; the caller has checked the range and the room. */
static void sla_count(cxkpi_sla *acc, double elapsed, bool open)
{
    if (elapsed > acc->target)
        late_add(open ? &acc->open : &acc->finished, elapsed - acc->target);
    else if (open)
        acc->in_progress++;
    else
        acc->met++;
}

static cxkpi_status sla_add_one(cxkpi_sla *acc, double elapsed, bool open)
{
    if (!acc)
        return CXKPI_EINVAL;
    if (!sla_seconds_valid(elapsed))
        return CXKPI_ERANGE;
    if (sla_tickets(acc) == UINT64_MAX)
        return CXKPI_EOVERFLOW;
    sla_count(acc, elapsed, open);
    return CXKPI_OK;
}

/* Bit j of the result is set when v[j] > target (a breach), for the m <= SLA_BLOCK values
 * at v; *bad gets a nonzero value when one of them is not a valid elapsed time. */
static uint64_t sla_breaches(const double *v, size_t m, double target, uint64_t *bad)
{
    uint64_t bits = 0;
    size_t j = 0;
#if defined(__SSE2__)
    const __m128d t = _mm_set1_pd(target), zero = _mm_setzero_pd();
    const __m128d top = _mm_set1_pd(CXKPI_SLA_MAX_SECONDS);
    __m128d out = _mm_setzero_pd();
    for (; j + 2 <= m; j += 2) {
        __m128d x = _mm_loadu_pd(v + j);
        /* not (x <= top) is true for NaN as well */
        out = _mm_or_pd(out, _mm_or_pd(_mm_cmpnle_pd(x, top), _mm_cmplt_pd(x, zero)));
        bits |= (uint64_t)_mm_movemask_pd(_mm_cmpgt_pd(x, t)) << j;
    }
    *bad |= (uint64_t)_mm_movemask_pd(out);
#endif
    for (; j < m; j++) {
        *bad |= !sla_seconds_valid(v[j]);
        bits |= (uint64_t)(v[j] > target) << j;
    }
    return bits;
}

#if SLA_AVX2
/* The same, four values per step, on a CPU with AVX2 (the caller checks). */
__attribute__((target("avx2"))) static uint64_t sla_breaches_avx2(const double *v, size_t m,
                                                                  double target, uint64_t *bad)
{
    uint64_t bits = 0;
    size_t j = 0;
    const __m256d t = _mm256_set1_pd(target), zero = _mm256_setzero_pd();
    const __m256d top = _mm256_set1_pd(CXKPI_SLA_MAX_SECONDS);
    __m256d out = _mm256_setzero_pd();
    for (; j + 4 <= m; j += 4) {
        __m256d x = _mm256_loadu_pd(v + j);
        out = _mm256_or_pd(out, _mm256_or_pd(_mm256_cmp_pd(x, top, _CMP_NLE_UQ),
                                             _mm256_cmp_pd(x, zero, _CMP_LT_OQ)));
        bits |= (uint64_t)_mm256_movemask_pd(_mm256_cmp_pd(x, t, _CMP_GT_OQ)) << j;
    }
    *bad |= (uint64_t)_mm256_movemask_pd(out);
    _mm256_zeroupper(); /* before the SSE code of the tail and of the caller */
    if (j < m) /* (a shift by 64 would be undefined) */
        bits |= sla_breaches(v + j, m - j, target, bad) << j;
    return bits;
}
#endif

static unsigned sla_popcount(uint64_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    return (unsigned)__builtin_popcountll(x);
#else
    unsigned c = 0;
    for (; x; x &= x - 1)
        c++;
    return c;
#endif
}

static unsigned sla_lowest_bit(uint64_t x) /* x != 0 */
{
#if defined(__GNUC__) || defined(__clang__)
    return (unsigned)__builtin_ctzll(x);
#else
    unsigned j = 0;
    for (; !(x & 1u); x >>= 1)
        j++;
    return j;
#endif
}

static cxkpi_status sla_add_batch(cxkpi_sla *acc, const double *elapsed, size_t n, bool open)
{
    if (!acc || (!elapsed && n))
        return CXKPI_EINVAL;
    if (!cxkpi__u64_room(sla_tickets(acc), (uint64_t)n))
        return CXKPI_EOVERFLOW;
    /* One pass, in locals (registers), committed only when every value was valid (the
     * batch is atomic). Per block of 64 values, a vector compare gives the breaches as bits;
     * only those are visited, in their order, for the lateness sum and maximum: the same
     * operations, in the same order, as one add per value. */
    sla_late late = open ? acc->open : acc->finished;
    uint64_t within = 0, bad = 0;
    const double target = acc->target;
#if SLA_AVX2
    const bool avx2 = __builtin_cpu_supports("avx2");
#endif
    for (size_t i = 0; i < n; i += SLA_BLOCK) {
        const size_t m = n - i < SLA_BLOCK ? n - i : SLA_BLOCK;
#if SLA_AVX2
        uint64_t bits = avx2 ? sla_breaches_avx2(elapsed + i, m, target, &bad)
                             : sla_breaches(elapsed + i, m, target, &bad);
#else
        uint64_t bits = sla_breaches(elapsed + i, m, target, &bad);
#endif
        const unsigned k = sla_popcount(bits);
        late.count += k;
        within += m - k;
        for (; bits; bits &= bits - 1) {
            const double x = elapsed[i + sla_lowest_bit(bits)] - target;
            cxkpi__compsum_add(&late.lateness, x);
            late.max = x > late.max ? x : late.max;
        }
    }
    if (bad)
        return CXKPI_ERANGE;
    *(open ? &acc->open : &acc->finished) = late;
    *(open ? &acc->in_progress : &acc->met) += within;
    return CXKPI_OK;
}

static cxkpi_status sla_remove_one(cxkpi_sla *acc, double elapsed, bool open)
{
    if (!acc)
        return CXKPI_EINVAL;
    if (!sla_seconds_valid(elapsed))
        return CXKPI_ERANGE;
    if (elapsed > acc->target)
        return late_remove(open ? &acc->open : &acc->finished, elapsed - acc->target);
    uint64_t *within = open ? &acc->in_progress : &acc->met;
    if (*within == 0)
        return CXKPI_ENOTFOUND;
    (*within)--;
    return CXKPI_OK;
}

cxkpi_status cxkpi_sla_add(cxkpi_sla *acc, double elapsed_seconds)
{
    return sla_add_one(acc, elapsed_seconds, false);
}

cxkpi_status cxkpi_sla_add_many(cxkpi_sla *acc, const double *elapsed_seconds, size_t n)
{
    return sla_add_batch(acc, elapsed_seconds, n, false);
}

cxkpi_status cxkpi_sla_remove(cxkpi_sla *acc, double elapsed_seconds)
{
    return sla_remove_one(acc, elapsed_seconds, false);
}

cxkpi_status cxkpi_sla_add_open(cxkpi_sla *acc, double elapsed_seconds)
{
    return sla_add_one(acc, elapsed_seconds, true);
}

cxkpi_status cxkpi_sla_add_open_many(cxkpi_sla *acc, const double *elapsed_seconds, size_t n)
{
    return sla_add_batch(acc, elapsed_seconds, n, true);
}

cxkpi_status cxkpi_sla_remove_open(cxkpi_sla *acc, double elapsed_seconds)
{
    return sla_remove_one(acc, elapsed_seconds, true);
}

cxkpi_status cxkpi_sla_clear_open(cxkpi_sla *acc)
{
    if (!acc)
        return CXKPI_EINVAL;
    acc->in_progress = 0;
    late_clear(&acc->open);
    return CXKPI_OK;
}

cxkpi_status cxkpi_sla_merge_counts(cxkpi_sla *dst, const cxkpi_sla *src)
{
    if (!dst || !src)
        return CXKPI_EINVAL;
    if (!cxkpi__u64_room(sla_tickets(dst), sla_tickets(src)))
        return CXKPI_EOVERFLOW;
    /* Read src's counters before writing: dst may be src. */
    uint64_t met = src->met, in_progress = src->in_progress;
    late_merge(&dst->finished, &src->finished);
    late_merge(&dst->open, &src->open);
    dst->met += met;
    dst->in_progress += in_progress;
    return CXKPI_OK;
}

cxkpi_status cxkpi_sla_merge(cxkpi_sla *dst, const cxkpi_sla *src)
{
    if (!dst || !src)
        return CXKPI_EINVAL;
    if (dst->target != src->target)
        return CXKPI_EMISMATCH;
    return cxkpi_sla_merge_counts(dst, src);
}

cxkpi_status cxkpi_sla_reset(cxkpi_sla *acc)
{
    if (!acc)
        return CXKPI_EINVAL;
    sla_clear(acc);
    return CXKPI_OK;
}

cxkpi_status cxkpi_sla_clone(const cxkpi_sla *src, cxkpi_sla **out)
{
    if (!src || !out)
        return CXKPI_EINVAL;
    cxkpi_sla *acc = sla_dup(src);
    if (!acc)
        return CXKPI_ENOMEM;
    *out = acc;
    return CXKPI_OK;
}

cxkpi_status cxkpi_sla_target(const cxkpi_sla *acc, double *target_seconds)
{
    if (!acc || !target_seconds)
        return CXKPI_EINVAL;
    *target_seconds = acc->target;
    return CXKPI_OK;
}

cxkpi_status cxkpi_sla_met(const cxkpi_sla *acc, uint64_t *met)
{
    if (!acc || !met)
        return CXKPI_EINVAL;
    *met = acc->met;
    return CXKPI_OK;
}

static uint64_t sla_breached(const cxkpi_sla *acc)
{
    return acc->finished.count + acc->open.count;
}

cxkpi_status cxkpi_sla_breached(const cxkpi_sla *acc, uint64_t *breached)
{
    if (!acc || !breached)
        return CXKPI_EINVAL;
    *breached = sla_breached(acc);
    return CXKPI_OK;
}

cxkpi_status cxkpi_sla_breached_open(const cxkpi_sla *acc, uint64_t *breached_open)
{
    if (!acc || !breached_open)
        return CXKPI_EINVAL;
    *breached_open = acc->open.count;
    return CXKPI_OK;
}

cxkpi_status cxkpi_sla_in_progress(const cxkpi_sla *acc, uint64_t *in_progress)
{
    if (!acc || !in_progress)
        return CXKPI_EINVAL;
    *in_progress = acc->in_progress;
    return CXKPI_OK;
}

cxkpi_status cxkpi_sla_compliance_percent(const cxkpi_sla *acc, double *percent)
{
    if (!acc || !percent)
        return CXKPI_EINVAL;
    uint64_t decided = acc->met + sla_breached(acc);
    if (decided == 0)
        return CXKPI_EEMPTY;
    *percent = cxkpi__percent(acc->met, decided);
    return CXKPI_OK;
}

cxkpi_status cxkpi_sla_compliance_percent_interval(const cxkpi_sla *acc, double confidence,
                                                   double *lo, double *hi)
{
    if (!acc || !lo || !hi)
        return CXKPI_EINVAL;
    if (!(confidence > 0.0 && confidence < 1.0))
        return CXKPI_ERANGE;
    uint64_t decided = acc->met + sla_breached(acc);
    if (decided == 0)
        return CXKPI_EEMPTY;
    return cxkpi_wilson_interval(acc->met, decided, confidence, lo, hi);
}

static cxkpi_status late_report(const sla_late *l, uint64_t *count, double *total,
                                double *mean, double *max)
{
    if (l->count == 0)
        return CXKPI_EEMPTY;
    double t = cxkpi__compsum_value(&l->lateness);
    *count = l->count;
    *total = t;
    *mean = t / (double)l->count;
    *max = l->max;
    return CXKPI_OK;
}

cxkpi_status cxkpi_sla_lateness(const cxkpi_sla *acc, uint64_t *count, double *total_seconds,
                                double *mean_seconds, double *max_seconds)
{
    if (!acc || !count || !total_seconds || !mean_seconds || !max_seconds)
        return CXKPI_EINVAL;
    sla_late all = acc->finished;
    late_merge(&all, &acc->open);
    return late_report(&all, count, total_seconds, mean_seconds, max_seconds);
}

cxkpi_status cxkpi_sla_lateness_finished(const cxkpi_sla *acc, uint64_t *count,
                                         double *total_seconds, double *mean_seconds,
                                         double *max_seconds)
{
    if (!acc || !count || !total_seconds || !mean_seconds || !max_seconds)
        return CXKPI_EINVAL;
    return late_report(&acc->finished, count, total_seconds, mean_seconds, max_seconds);
}

/* Payload v1 (88 bytes): target f64; met u64; in_progress u64; finished then open:
 * count u64, lateness sum f64, compensation f64, max f64. */
static void late_write(const sla_late *l, cxkpi__writer *w)
{
    cxkpi__put_u64(w, l->count);
    cxkpi__put_f64(w, l->lateness.sum);
    cxkpi__put_f64(w, l->lateness.comp);
    cxkpi__put_f64(w, l->max);
}

static void sla_write_payload(const void *obj, cxkpi__writer *w)
{
    const cxkpi_sla *acc = obj;
    cxkpi__put_f64(w, acc->target);
    cxkpi__put_u64(w, acc->met);
    cxkpi__put_u64(w, acc->in_progress);
    late_write(&acc->finished, w);
    late_write(&acc->open, w);
}

/* A class the library can have written. */
static bool late_valid(const sla_late *l)
{
    if (l->count == 0)
        return l->lateness.sum == 0.0 && l->lateness.comp == 0.0 && l->max == 0.0;
    double total = cxkpi__compsum_value(&l->lateness);
    /* Each lateness is in (0, MAX]: the total lies in [0, count * MAX] (no rounding
     * residue below 0 is ever kept). NaN fails every comparison. */
    return isfinite(l->lateness.sum) && isfinite(l->lateness.comp) && total >= 0.0 &&
           total <= (double)l->count * CXKPI_SLA_MAX_SECONDS && l->max > 0.0 &&
           l->max <= CXKPI_SLA_MAX_SECONDS &&
           /* no lateness exceeds the maximum, so neither can their mean (the margin
            * covers the compensated sum's relative error, below 2^-53 + n 2^-106) */
           total <= (double)l->count * l->max * (1.0 + 2e-12);
}

/* Reads one class and checks it is one the library can have written. */
static bool late_read(sla_late *l, cxkpi__reader *r)
{
    l->count = cxkpi__get_u64(r);
    l->lateness.sum = cxkpi__get_f64(r);
    l->lateness.comp = cxkpi__get_f64(r);
    l->max = cxkpi__get_f64(r);
    return late_valid(l);
}

cxkpi_status cxkpi_sla_serialized_size(const cxkpi_sla *acc, size_t *size)
{
    if (!acc || !size)
        return CXKPI_EINVAL;
    return cxkpi__frame_size(SLA_PAYLOAD_SIZE, size) ? CXKPI_OK : CXKPI_ENOMEM;
}

cxkpi_status cxkpi_sla_serialize(const cxkpi_sla *acc, void *buf, size_t capacity,
                                 size_t *written)
{
    if (!acc)
        return CXKPI_EINVAL;
    return cxkpi__frame_write(CXKPI__KIND_SLA, SLA_FORMAT_VERSION, SLA_PAYLOAD_SIZE,
                              sla_write_payload, acc, buf, capacity, written);
}

cxkpi_status cxkpi_sla_deserialize(cxkpi_sla **out, const void *buf, size_t size)
{
    if (!out || !buf)
        return CXKPI_EINVAL;
    uint16_t version;
    cxkpi__reader r;
    cxkpi_status st = cxkpi__frame_open(buf, size, CXKPI__KIND_SLA, SLA_FORMAT_VERSION,
                                        &version, &r);
    if (st != CXKPI_OK)
        return st;
    cxkpi_sla s;
    s.target = cxkpi__get_f64(&r);
    s.met = cxkpi__get_u64(&r);
    s.in_progress = cxkpi__get_u64(&r);
    bool ok = late_read(&s.finished, &r);
    ok = late_read(&s.open, &r) && ok;
    uint64_t tickets;
    ok = ok && cxkpi__reader_finish(&r, CXKPI_OK) == CXKPI_OK && sla_target_valid(s.target) &&
         cxkpi__u64_add(s.met, s.in_progress, &tickets) &&
         cxkpi__u64_add(tickets, s.finished.count, &tickets) &&
         cxkpi__u64_add(tickets, s.open.count, &tickets);
    if (!ok)
        return CXKPI_EFORMAT;
    cxkpi_sla *acc = sla_dup(&s);
    if (!acc)
        return CXKPI_ENOMEM;
    *out = acc;
    return CXKPI_OK;
}
