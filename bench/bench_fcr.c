/* FCR through the shared library: ticket outcomes (single and batch add of 10^7 flag
 * words, next to a bare C loop counting the same words; merge, serialize, memory) and the
 * repeat-contact tracker holding about 10^6 open keys (filling, steady state where every
 * new contact also finalizes expired episodes, memory, serialize).
 *
 * Usage: bench_fcr [reps] */
#include <cxkpi.h>

#include "bench.h"
#include "bench_bare.h"

#define N_EVENTS 10000000u
#define SLICES 20 /* single-add figures alternate with their reference slice by slice */

/* Outcomes out of 256: 72% resolved on first contact, the rest spread over the other
 * valid combinations (escalated, reopened, excluded and their mixes). */
static const struct {
    uint32_t flags;
    int weight;
} outcome_mix[] = {{1, 184}, {0, 20}, {2, 20}, {4, 10}, {6, 6}, {8, 10}, {10, 4}, {12, 1}, {14, 1}};

static void bare_fcr_loop(const uint32_t *f, size_t n, uint64_t *h)
{
    for (size_t i = 0; i < n; i++)
        h[f[i] & 15u]++;
}

static void outcomes(int reps)
{
    uint32_t table[256];
    int b = 0;
    for (size_t k = 0; k < sizeof outcome_mix / sizeof outcome_mix[0]; k++)
        for (int w = 0; w < outcome_mix[k].weight; w++)
            table[b++] = outcome_mix[k].flags;
    const size_t n = N_EVENTS;
    uint32_t *f = bench_xmalloc(n * sizeof *f);
    for (size_t i = 0; i < n; i++)
        f[i] = table[bench_mix(i) >> 56];

    for (int r = 0; r < reps; r++) {
        cxkpi_fcr *acc, *one;
        bench_check(cxkpi_fcr_new(&acc), "cxkpi_fcr_new");
        bench_check(cxkpi_fcr_new(&one), "cxkpi_fcr_new");
        double t_bare = 0, t_many = 0, t_one = 0, t;
        uint64_t h[16] = {0};
        for (int p = 0; p < 2; p++) {
            t = bench_now();
            bare_fcr_loop(f, n, h);
            t_bare += bench_now() - t;
            BENCH_TIME_LOOP(t, 1, cxkpi_fcr_add_many(acc, f, n), "cxkpi_fcr_add_many");
            t_many += t;
            BENCH_TIME_LOOP(t, n, cxkpi_fcr_add(one, f[i]), "cxkpi_fcr_add");
            t_one += t;
        }
        uint64_t issues, resolved, esc, reo, exc;
        bench_check(cxkpi_fcr_counts(acc, &issues, &resolved, &esc, &reo, &exc), "counts");
        if (resolved != h[1]) {
            fprintf(stderr, "bench_fcr: resolved %llu, bare loop %llu\n",
                    (unsigned long long)resolved, (unsigned long long)h[1]);
            exit(1);
        }
        bench_add_rows("fcr", "h[flags]++ over uint32 flags", "batch of 1e7 flag words",
                       2.0 * (double)n, t_bare, t_many, t_one);
        /* Single add next to a bare non-inlined function in a shared library doing the same
         * checks (handle, flag table, overflow), slice by slice on the same words. */
        bare_fcr bare = {0};
        double t_call_so = 0, t_fcr1 = 0;
        for (size_t from = 0; from < n; from += n / SLICES) {
            const uint32_t *fs = f + from;
            BENCH_TIME_LOOP(t, n / SLICES, bare_fcr_add_shared(&bare, fs[i]),
                            "bare_fcr_add_shared");
            t_call_so += t;
            BENCH_TIME_LOOP(t, n / SLICES, cxkpi_fcr_add(one, fs[i]), "cxkpi_fcr_add");
            t_fcr1 += t;
        }
        bench_sink += bare.total;
        bench_row("fcr: add speed / bare call in a shared library", t_call_so / t_fcr1, "ratio",
                  ">=0.9");
        BENCH_STATE_OPS(fcr, "fcr", acc);
        cxkpi_fcr_free(acc);
        cxkpi_fcr_free(one);
    }
    BENCH_MEMORY(fcr, "memory: FCR accumulator (heap, incl. malloc overhead)",
                 cxkpi_fcr_new(&accs_[i_]));
    free(f);
}

/* Contacts: one per second; 80% from a new customer, 20% a repeat of the customer of a
 * contact up to 10^5 contacts earlier. With a window of 10^6 s, about 10^6 contacts are
 * within the window at any time, so about 0.9 * 10^6 keys are open. */
#define OPEN_TARGET 1000000u
#define WINDOW ((int64_t)OPEN_TARGET)
#define LATENESS 600
#define BATCH 1000u

static void tracker(int reps)
{
    const size_t fill = OPEN_TARGET, steady = N_EVENTS, n = fill + steady;
    uint64_t *key = bench_xmalloc(n * sizeof *key);
    for (size_t i = 0; i < n; i++) {
        uint64_t z = bench_mix(i);
        size_t back = (size_t)((z >> 8) % 100000u) + 1;
        key[i] = ((z & 0xFF) < 51 && i >= back) ? key[i - back] : z;
    }
    const int64_t t0 = 1700000000;
    int64_t *ts = bench_xmalloc(n * sizeof *ts);
    for (size_t i = 0; i < n; i++)
        ts[i] = t0 + (int64_t)i;
    for (int r = 0; r < reps; r++) {
        cxkpi_fcr_tracker *tr;
        bench_check(cxkpi_fcr_tracker_new(&tr, WINDOW, LATENESS), "cxkpi_fcr_tracker_new");
        double t_fill, t_steady;
        BENCH_TIME_LOOP(t_fill, fill, cxkpi_fcr_tracker_add(tr, key[i], t0 + (int64_t)i),
                        "cxkpi_fcr_tracker_add");
        BENCH_TIME_LOOP(t_steady, steady,
                        cxkpi_fcr_tracker_add(tr, key[fill + i], t0 + (int64_t)(fill + i)),
                        "cxkpi_fcr_tracker_add");
        uint64_t episodes, keys;
        size_t bytes, size, written;
        bench_check(cxkpi_fcr_tracker_open(tr, &episodes, &keys), "cxkpi_fcr_tracker_open");
        bench_check(cxkpi_fcr_tracker_memory_usage(tr, &bytes), "memory_usage");
        bench_row("fcr tracker: add, filling up to 1e6 contacts in the window",
                  t_fill / (double)fill * 1e9, "ns/event", "");
        bench_row("fcr tracker: add, steady state (~1e6 open keys, finalizing as they expire)",
                  t_steady / (double)steady * 1e9, "ns/event", "<=120");
        bench_row("fcr tracker: open keys at the end", (double)keys, "keys", "");
        bench_row("memory: FCR tracker with those open keys (memory_usage)", (double)bytes,
                  "bytes", "");
        bench_row("memory: FCR tracker, bytes per open key", (double)bytes / (double)keys,
                  "bytes", "");
        bench_check(cxkpi_fcr_tracker_serialized_size(tr, &size), "serialized_size");
        unsigned char *buf = bench_xmalloc(size);
        double t;
        BENCH_TIME_LOOP(t, 1, cxkpi_fcr_tracker_serialize(tr, buf, size, &written), "serialize");
        bench_row("fcr tracker: serialize with ~1e6 open keys", t * 1e3, "ms", "");
        cxkpi_fcr_tracker *back = NULL;
        BENCH_TIME_LOOP(t, 1, cxkpi_fcr_tracker_deserialize(&back, buf, written), "deserialize");
        bench_row("fcr tracker: deserialize with ~1e6 open keys", t * 1e3, "ms", "");
        bench_row("fcr tracker: serialized size with ~1e6 open keys", (double)written, "bytes", "");
        cxkpi_fcr_tracker_free(back);
        free(buf);
        cxkpi_fcr_tracker_free(tr);
        /* the same contacts through add_many, BATCH at a time (it prefetches the slots of
         * the keys a few contacts ahead) */
        bench_check(cxkpi_fcr_tracker_new(&tr, WINDOW, LATENESS), "cxkpi_fcr_tracker_new");
        BENCH_TIME_LOOP(t_fill, fill / BATCH,
                        cxkpi_fcr_tracker_add_many(tr, key + i * BATCH, ts + i * BATCH, BATCH),
                        "cxkpi_fcr_tracker_add_many");
        BENCH_TIME_LOOP(t_steady, steady / BATCH,
                        cxkpi_fcr_tracker_add_many(tr, key + fill + i * BATCH,
                                                   ts + fill + i * BATCH, BATCH),
                        "cxkpi_fcr_tracker_add_many");
        bench_row("fcr tracker: add_many (batches of 1000), steady state (~1e6 open keys)",
                  t_steady / (double)steady * 1e9, "ns/event", "<=120");
        cxkpi_fcr_tracker_free(tr);
    }
    free(ts);
    free(key);
}

int main(int argc, char **argv)
{
    int reps = bench_reps(argc, argv);
    outcomes(reps);
    tracker(reps);
    return 0;
}
