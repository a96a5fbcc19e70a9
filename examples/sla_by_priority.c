/* SLA compliance per priority, and the total across priorities.
 *
 * One cxkpi_sla accumulator per priority, each with its own first-reply target. Finished
 * tickets are added with cxkpi_sla_add(), tickets still open with cxkpi_sla_add_open().
 * The per-priority accumulators cannot be merged with cxkpi_sla_merge() (their targets
 * differ), so the total row is made with cxkpi_sla_merge_counts(), which adds the counts
 * and the lateness of each ticket measured against its own target.
 *
 * Output (P1: met 600, 900, 1800, 2400 and 3600 = the target; late 900 and 3600 s,
 * and the open 5400 s ticket 1800 s so far: mean 2100 s = 35 min):
 *
 *   priority  target   met  breached (open)  in progress  compliance       95% interval  mean late   max late
 *   P1           1 h     5         3      1            1       62.5%     30.6% -  86.3%       35 m       60 m
 *   P2           4 h     6         2      0            1       75.0%     40.9% -  92.9%       90 m      120 m
 *   P3          24 h     5         2      1            2       71.4%     35.9% -  91.8%      143 m      227 m
 *   total      mixed    16         7      2            4       69.6%     49.1% -  84.4%       82 m      227 m
 *
 * Build: part of the Meson build (examples/), or
 *   cc sla_by_priority.c $(pkg-config --cflags --libs cxkpi)
 */
#include <stdio.h>
#include <stdlib.h>

#include <cxkpi.h>

/* Exits with the library's message when a call fails. */
static void check(cxkpi_status st, const char *what)
{
    if (st != CXKPI_OK) {
        fprintf(stderr, "%s: %s\n", what, cxkpi_status_str(st));
        exit(EXIT_FAILURE);
    }
}

typedef struct priority {
    const char *name;
    double target_seconds;
    const double *finished; /* elapsed seconds of finished tickets */
    size_t n_finished;
    const double *open; /* elapsed-so-far of tickets still open */
    size_t n_open;
} priority;

/* One row of the table; "-" where a result does not exist yet (nothing decided, no breach). */
static void print_row(const char *name, const char *target, const cxkpi_sla *acc)
{
    uint64_t met, breached, breached_open, in_progress, late_count;
    double pct, lo, hi, late_total, late_mean, late_max;
    check(cxkpi_sla_met(acc, &met), "met");
    check(cxkpi_sla_breached(acc, &breached), "breached");
    check(cxkpi_sla_breached_open(acc, &breached_open), "breached_open");
    check(cxkpi_sla_in_progress(acc, &in_progress), "in_progress");
    printf("%-8s %7s %5llu %9llu %6llu %12llu", name, target, (unsigned long long)met,
           (unsigned long long)breached, (unsigned long long)breached_open,
           (unsigned long long)in_progress);
    cxkpi_status st = cxkpi_sla_compliance_percent(acc, &pct);
    if (st == CXKPI_EEMPTY) {
        printf(" %11s %18s", "-", "-");
    } else {
        check(st, "compliance_percent");
        check(cxkpi_sla_compliance_percent_interval(acc, 0.95, &lo, &hi), "interval");
        printf(" %10.1f%% %8.1f%% - %5.1f%%", pct, lo, hi);
    }
    st = cxkpi_sla_lateness(acc, &late_count, &late_total, &late_mean, &late_max);
    if (st == CXKPI_EEMPTY) {
        printf(" %10s %10s\n", "-", "-");
    } else {
        check(st, "lateness");
        printf(" %8.0f m %8.0f m\n", late_mean / 60.0, late_max / 60.0);
    }
}

int main(void)
{
    /* A small day of tickets; times in seconds. */
    static const double p1_done[] = {600, 1800, 3600, 4500, 900, 7200, 2400};
    static const double p1_open[] = {1200, 5400};
    static const double p2_done[] = {3600, 10800, 14400, 18000, 7200, 9000, 21600, 1800};
    static const double p2_open[] = {3000};
    static const double p3_done[] = {43200, 86400, 90000, 20000, 60000, 30000};
    static const double p3_open[] = {50000, 100000, 70000};
    const priority prios[] = {
        {"P1", 1 * 3600.0, p1_done, sizeof p1_done / sizeof *p1_done, p1_open,
         sizeof p1_open / sizeof *p1_open},
        {"P2", 4 * 3600.0, p2_done, sizeof p2_done / sizeof *p2_done, p2_open,
         sizeof p2_open / sizeof *p2_open},
        {"P3", 24 * 3600.0, p3_done, sizeof p3_done / sizeof *p3_done, p3_open,
         sizeof p3_open / sizeof *p3_open},
    };
    const size_t n_prios = sizeof prios / sizeof *prios;

    cxkpi_sla *total = NULL;
    check(cxkpi_sla_new(&total, prios[0].target_seconds), "new total");

    printf("%-8s %7s %5s %9s %6s %12s %11s %18s %10s %10s\n", "priority", "target", "met",
           "breached", "(open)", "in progress", "compliance", "95% interval", "mean late",
           "max late");
    for (size_t i = 0; i < n_prios; i++) {
        cxkpi_sla *acc = NULL;
        check(cxkpi_sla_new(&acc, prios[i].target_seconds), "new");
        check(cxkpi_sla_add_many(acc, prios[i].finished, prios[i].n_finished), "add_many");
        check(cxkpi_sla_add_open_many(acc, prios[i].open, prios[i].n_open), "add_open_many");
        char target[16];
        snprintf(target, sizeof target, "%.0f h", prios[i].target_seconds / 3600.0);
        print_row(prios[i].name, target, acc);
        check(cxkpi_sla_merge_counts(total, acc), "merge_counts");
        cxkpi_sla_free(acc);
    }
    print_row("total", "mixed", total);
    cxkpi_sla_free(total);
    return EXIT_SUCCESS;
}
