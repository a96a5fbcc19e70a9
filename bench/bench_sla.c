/* SLA compliance through the shared library: single add, batch add of 10^7 elapsed times
 * (exponential, mean 30 min, target 1 h: about 13.5% breaches), next to a bare C loop that
 * computes the same met / breached counts and lateness sum and maximum (a plain, not a
 * compensated, sum); merge, serialize, memory.
 *
 * Usage: bench_sla [reps] */
#include <cxkpi.h>

#include "bench.h"

#define N_EVENTS 10000000u
#define TARGET 3600.0

typedef struct bare_sla {
    uint64_t met, breached;
    double late_sum, late_max;
} bare_sla;

static void bare_sla_loop(bare_sla *s, const double *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (e[i] <= TARGET) {
            s->met++;
        } else {
            double late = e[i] - TARGET;
            s->breached++;
            s->late_sum += late;
            if (late > s->late_max)
                s->late_max = late;
        }
    }
}

int main(int argc, char **argv)
{
    int reps = bench_reps(argc, argv);
    const size_t n = N_EVENTS;
    double *e = bench_xmalloc(n * sizeof *e);
    for (size_t i = 0; i < n; i++)
        e[i] = bench_exp_seconds(i, 1800.0);

    for (int r = 0; r < reps; r++) {
        cxkpi_sla *acc, *one;
        bench_check(cxkpi_sla_new(&acc, TARGET), "cxkpi_sla_new");
        bench_check(cxkpi_sla_new(&one, TARGET), "cxkpi_sla_new");
        double t_bare = 0, t_many = 0, t_one = 0, t;
        bare_sla bare = {0, 0, 0.0, 0.0};
        for (int p = 0; p < 2; p++) {
            t = bench_now();
            bare_sla_loop(&bare, e, n);
            t_bare += bench_now() - t;
            BENCH_TIME_LOOP(t, 1, cxkpi_sla_add_many(acc, e, n), "cxkpi_sla_add_many");
            t_many += t;
            BENCH_TIME_LOOP(t, n, cxkpi_sla_add(one, e[i]), "cxkpi_sla_add");
            t_one += t;
        }
        uint64_t met;
        bench_check(cxkpi_sla_met(acc, &met), "cxkpi_sla_met");
        if (met != bare.met) {
            fprintf(stderr, "bench_sla: met %llu, bare loop %llu\n", (unsigned long long)met,
                    (unsigned long long)bare.met);
            return 1;
        }
        bench_add_rows("sla", "met, breached, plain lateness sum and max",
                       "batch of 1e7 doubles", 2.0 * (double)n, t_bare, t_many, t_one);
        BENCH_STATE_OPS(sla, "sla", acc);
        cxkpi_sla_free(acc);
        cxkpi_sla_free(one);
    }

    BENCH_MEMORY(sla, "memory: SLA accumulator (heap, incl. malloc overhead)",
                 cxkpi_sla_new(&accs_[i_], TARGET));
    free(e);
    return 0;
}
