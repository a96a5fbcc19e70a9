/* The SQLite extension (bindings/sqlite) in-process against the same figures written as
 * plain SQL expressions, on the same rows:
 *   - 10^7 rows (group, NPS answer, CSAT answer, elapsed seconds): NPS, CSAT percent and
 *     SLA compliance, over all rows and GROUP BY 100 groups; the median elapsed time
 *     against an exact ORDER BY ... LIMIT 1 OFFSET query;
 *   - a sliding window of 7 rows over 10^6 rows: the extension with xInverse (one add and
 *     one remove per row), the same functions registered without it (the entry point
 *     sqlite3_cxkpi_recompute_init: every frame recomputed from its 7 rows), and the
 *     plain SQL window expression; NPS also over 100-row frames.
 * Each figure is measured `reps` times (argument 1, default 5); printed: the median time and
 * the spread, and the ratios of the medians. Both sides' answers are compared. Times are
 * the process's CPU time (SQLite runs each query on this one thread), so that other work on
 * a shared machine inflates them less than wall-clock time would.
 *
 * Usage: bench_sqlite_ext [reps] [path of the extension module] */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#ifndef CXKPI_SQLITE_EXTENSION
#define CXKPI_SQLITE_EXTENSION "cxkpi"
#endif

#define N_ROWS 10000000
#define N_WINDOW 1000000
#define GROUPS 100
#define MAX_REPS 101

static void die(sqlite3 *db, const char *what)
{
    fprintf(stderr, "bench_sqlite_ext: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
}

static void exec(sqlite3 *db, const char *sql)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        die(db, sql);
}

static void load(sqlite3 *db, const char *path, const char *entry)
{
    char *err = NULL;
    if (sqlite3_load_extension(db, path, entry, &err) != SQLITE_OK) {
        fprintf(stderr, "bench_sqlite_ext: loading %s: %s\n", path, err);
        exit(1);
    }
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Runs `sql`, returning the sum over rows of the last column (a checksum both sides of a
 * comparison must agree on) and the time taken. */
static double query(sqlite3 *db, const char *sql, double *seconds)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        die(db, sql);
    double sum = 0, t = cpu_now();
    int rc, last = sqlite3_column_count(st) - 1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        sum += sqlite3_column_double(st, last);
    *seconds = cpu_now() - t;
    if (rc != SQLITE_DONE)
        die(db, sql);
    sqlite3_finalize(st);
    return sum;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct timing {
    double t[MAX_REPS];
    int n;
    double check;
} timing;

static double median(timing *m)
{
    qsort(m->t, (size_t)m->n, sizeof m->t[0], cmp_double);
    return m->t[m->n / 2];
}

/* Times `sql` reps times into m (checksum kept from the last run). */
static void measure(sqlite3 *db, const char *sql, int reps, timing *m)
{
    m->n = 0;
    for (int r = 0; r < reps; r++)
        m->check = query(db, sql, &m->t[m->n++]);
}

static void agree(double a, double b, double rel, const char *what)
{
    if (!(fabs(a - b) <= rel * fabs(b))) {
        fprintf(stderr, "bench_sqlite_ext: %s: the two sides disagree (%.17g vs %.17g)\n", what,
                a, b);
        exit(1);
    }
}

/* Prints one comparison: the extension's time against the baseline's, both medians. */
static void compare(const char *what, double rows, timing *ext, timing *base,
                    const char *base_name, const char *target, double rel)
{
    agree(ext->check, base->check, rel, what);
    double te = median(ext), tb = median(base);
    printf("| %s | %.3f s (%.3f–%.3f) | %.3f s (%.3f–%.3f) | %s | %.1f M rows/s | **%.2f×** | %s |\n",
           what, te, ext->t[0], ext->t[ext->n - 1], tb, base->t[0], base->t[base->n - 1],
           base_name, rows / te / 1e6, tb / te, target);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    int reps = bench_reps(argc, argv);
    if (reps > MAX_REPS)
        reps = MAX_REPS;
    const char *path = argc > 2 ? argv[2] : CXKPI_SQLITE_EXTENSION;
    sqlite3 *db;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        return 1;
    sqlite3_enable_load_extension(db, 1);
    load(db, path, NULL);

    bench_data d = bench_make(N_ROWS, GROUPS);
    exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
             "CREATE TABLE a(grp INTEGER, nps INTEGER, csat INTEGER, elapsed REAL)");
    sqlite3_stmt *ins;
    if (sqlite3_prepare_v2(db, "INSERT INTO a VALUES (?, ?, ?, ?)", -1, &ins, NULL) != SQLITE_OK)
        die(db, "prepare");
    exec(db, "BEGIN");
    for (size_t i = 0; i < d.n; i++) {
        sqlite3_bind_int(ins, 1, (int)d.group[i]);
        sqlite3_bind_int(ins, 2, d.nps[i]);
        sqlite3_bind_int(ins, 3, d.csat[i]);
        sqlite3_bind_double(ins, 4, bench_exp_seconds(i, 3600.0));
        if (sqlite3_step(ins) != SQLITE_DONE)
            die(db, "insert");
        sqlite3_reset(ins);
    }
    exec(db, "COMMIT");
    sqlite3_finalize(ins);
    bench_free(&d);
    exec(db, "CREATE TABLE w AS SELECT nps, csat, elapsed FROM a WHERE rowid <= 1000000");

    printf("%d repetitions, medians (min–max); SQLite %s\n\n", reps, sqlite3_libversion());
    printf("| figure | cxkpi extension | baseline | baseline is | ext. throughput | speed-up |"
           " target |\n|---|---|---|---|---|---|---|\n");

    static const struct {
        const char *what, *ext, *sql;
    } figures[] = {
        {"NPS, 1e7 rows", "SELECT nps(nps) FROM a",
         "SELECT 100.0 * (sum(nps >= 9) - sum(nps <= 6)) / count(nps) FROM a"},
        {"CSAT % (1-5, >= 4), 1e7 rows", "SELECT csat_percent(csat, 1, 5, 4) FROM a",
         "SELECT 100.0 * sum(csat >= 4) / count(csat) FROM a"},
        {"SLA compliance (1 h), 1e7 rows", "SELECT sla_compliance_percent(elapsed, 3600) FROM a",
         "SELECT 100.0 * sum(elapsed <= 3600) / count(elapsed) FROM a"},
        {"NPS GROUP BY 100 groups", "SELECT grp, nps(nps) FROM a GROUP BY grp",
         "SELECT grp, 100.0 * (sum(nps >= 9) - sum(nps <= 6)) / count(nps) FROM a GROUP BY grp"},
        {"CSAT % GROUP BY 100 groups", "SELECT grp, csat_percent(csat, 1, 5, 4) FROM a GROUP BY grp",
         "SELECT grp, 100.0 * sum(csat >= 4) / count(csat) FROM a GROUP BY grp"},
        {"SLA compliance GROUP BY 100 groups",
         "SELECT grp, sla_compliance_percent(elapsed, 3600) FROM a GROUP BY grp",
         "SELECT grp, 100.0 * sum(elapsed <= 3600) / count(elapsed) FROM a GROUP BY grp"},
    };
    timing ext, base;
    for (size_t f = 0; f < sizeof figures / sizeof figures[0]; f++) {
        measure(db, figures[f].ext, reps, &ext);
        measure(db, figures[f].sql, reps, &base);
        compare(figures[f].what, N_ROWS, &ext, &base, "SQL expression", ">= 2×", 1e-9);
    }
    /* The median: the sketch (within 1 %) against the exact value by sorting, on 1e6 rows. */
    measure(db, "SELECT duration_median(elapsed) FROM w", reps, &ext);
    measure(db, "SELECT elapsed FROM w ORDER BY elapsed LIMIT 1 OFFSET "
                "(SELECT (count(*) - 1) / 2 FROM w)", reps, &base);
    compare("median elapsed, 1e6 rows (within 1 %)", N_WINDOW, &ext, &base,
            "ORDER BY … LIMIT 1 OFFSET", "", 0.01);

    /* Sliding windows of 7 rows over 1e6 rows. */
    static const struct {
        const char *what, *ext, *sql;
    } windows[] = {
        {"NPS, sliding 7 rows, 1e6 rows",
         "SELECT sum(x) FROM (SELECT nps(nps) OVER w AS x FROM w"
         " WINDOW w AS (ORDER BY rowid ROWS 6 PRECEDING))",
         "SELECT sum(x) FROM (SELECT 100.0 * (sum(nps >= 9) OVER w - sum(nps <= 6) OVER w)"
         " / count(nps) OVER w AS x FROM w WINDOW w AS (ORDER BY rowid ROWS 6 PRECEDING))"},
        {"NPS, sliding 100 rows, 1e6 rows",
         "SELECT sum(x) FROM (SELECT nps(nps) OVER w AS x FROM w"
         " WINDOW w AS (ORDER BY rowid ROWS 99 PRECEDING))",
         "SELECT sum(x) FROM (SELECT 100.0 * (sum(nps >= 9) OVER w - sum(nps <= 6) OVER w)"
         " / count(nps) OVER w AS x FROM w WINDOW w AS (ORDER BY rowid ROWS 99 PRECEDING))"},
        {"CSAT %, sliding 7 rows, 1e6 rows",
         "SELECT sum(x) FROM (SELECT csat_percent(csat, 1, 5, 4) OVER w AS x FROM w"
         " WINDOW w AS (ORDER BY rowid ROWS 6 PRECEDING))",
         "SELECT sum(x) FROM (SELECT 100.0 * sum(csat >= 4) OVER w / count(csat) OVER w AS x"
         " FROM w WINDOW w AS (ORDER BY rowid ROWS 6 PRECEDING))"},
    };
    size_t nw = sizeof windows / sizeof windows[0];
    timing inv[3], sql[3], rec[3];
    for (size_t k = 0; k < nw; k++) {
        measure(db, windows[k].ext, reps, &inv[k]);
        measure(db, windows[k].sql, reps, &sql[k]);
    }
    load(db, path, "sqlite3_cxkpi_recompute_init"); /* the same names, without xInverse */
    for (size_t k = 0; k < nw; k++)
        measure(db, windows[k].ext, reps, &rec[k]);
    for (size_t k = 0; k < nw; k++) {
        char what[128];
        snprintf(what, sizeof what, "%s: xInverse vs recomputed frames", windows[k].what);
        compare(what, N_WINDOW, &inv[k], &rec[k], "same functions, no xInverse", ">= 5×", 1e-9);
        snprintf(what, sizeof what, "%s: xInverse vs SQL window", windows[k].what);
        compare(what, N_WINDOW, &inv[k], &sql[k], "SQL window expression", "", 1e-9);
    }
    sqlite3_close(db);
    return 0;
}
