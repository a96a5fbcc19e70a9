/* SQLite in-process against cxkpi on the same 10^7 rows (group, NPS answer, CSAT answer):
 * the NPS and CSAT SQL aggregates, with and without GROUP BY over 100 groups (no index:
 * what a helpdesk that keeps its survey answers in a table would run), each timed back to
 * back with the cxkpi equivalent. Results are compared, so both sides do the same work.
 *
 * Usage: bench_sqlite [reps] */
#include <math.h>
#include <sqlite3.h>

#include <cxkpi.h>

#include "bench.h"

#define N_ROWS 10000000u
#define GROUPS 100u

static void sql_check(int rc, sqlite3 *db, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "bench_sqlite: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static void exec(sqlite3 *db, const char *sql)
{
    sql_check(sqlite3_exec(db, sql, NULL, NULL, NULL), db, sql);
}

static double load(sqlite3 *db, const bench_data *d)
{
    exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
             "CREATE TABLE answers(grp INTEGER, nps INTEGER, csat INTEGER)");
    sqlite3_stmt *ins;
    sql_check(sqlite3_prepare_v2(db, "INSERT INTO answers VALUES (?, ?, ?)", -1, &ins, NULL), db,
              "prepare insert");
    double t = bench_now();
    exec(db, "BEGIN");
    for (size_t i = 0; i < d->n; i++) {
        sqlite3_bind_int(ins, 1, (int)d->group[i]);
        sqlite3_bind_int(ins, 2, d->nps[i]);
        sqlite3_bind_int(ins, 3, d->csat[i]);
        sql_check(sqlite3_step(ins), db, "insert");
        sqlite3_reset(ins);
    }
    exec(db, "COMMIT");
    t = bench_now() - t;
    sqlite3_finalize(ins);
    return t;
}

/* Runs a query whose rows are (grp, n, a, b) or (n, a, b) and returns the sum over rows of
 * a - b (a checksum both sides must agree on), timing it into *t. */
static int64_t query(sqlite3 *db, const char *sql, int grouped, double *t)
{
    sqlite3_stmt *st;
    sql_check(sqlite3_prepare_v2(db, sql, -1, &st, NULL), db, sql);
    int64_t check = 0;
    int rc;
    *t = bench_now();
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        check += sqlite3_column_int64(st, 1 + grouped) - sqlite3_column_int64(st, 2 + grouped);
    *t = bench_now() - *t;
    sql_check(rc, db, sql);
    sqlite3_finalize(st);
    return check;
}

static void agree(int64_t a, int64_t b, const char *what)
{
    if (a != b) {
        fprintf(stderr, "bench_sqlite: %s: SQLite and cxkpi disagree (%lld vs %lld)\n", what,
                (long long)a, (long long)b);
        exit(1);
    }
}

int main(int argc, char **argv)
{
    int reps = bench_reps(argc, argv);
    bench_data d = bench_make(N_ROWS, GROUPS);
    sqlite3 *db;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        return 1;
    double t_load = load(db, &d);
    bench_row("sqlite: INSERT of the 1e7 rows (for scale, not compared)", (double)d.n / t_load,
              "rows/s", "");
    const double n = (double)d.n;

    for (int r = 0; r < reps; r++) {
        double t_sql, t_lib;
        uint64_t p, pas, det, sat;
        int st = 0;

        /* NPS over all rows. */
        int64_t sql_nps = query(db, "SELECT count(*), sum(nps >= 9), sum(nps <= 6) FROM answers",
                                0, &t_sql);
        cxkpi_nps *nps;
        bench_check(cxkpi_nps_new(&nps), "cxkpi_nps_new");
        t_lib = bench_now();
        st |= cxkpi_nps_add_many_u8(nps, d.nps, d.n);
        double score;
        st |= cxkpi_nps_score(nps, &score);
        t_lib = bench_now() - t_lib;
        bench_check(st, "cxkpi nps");
        cxkpi_nps_groups(nps, &p, &pas, &det);
        agree(sql_nps, (int64_t)p - (int64_t)det, "NPS");
        cxkpi_nps_free(nps);
        bench_row("sqlite: NPS aggregate (SUM over 1e7 rows)", n / t_sql, "events/s", "");
        bench_row("sqlite: cxkpi NPS add_many_u8 / SQLite aggregate", t_sql / t_lib, "ratio",
                  ">=100");

        /* CSAT over all rows. */
        int64_t sql_csat = query(db, "SELECT count(*), sum(csat >= 4), 0 FROM answers", 0, &t_sql);
        cxkpi_csat *csat;
        bench_check(cxkpi_csat_new(&csat, 1, 5, 4), "cxkpi_csat_new");
        t_lib = bench_now();
        st |= cxkpi_csat_add_many_u8(csat, d.csat, d.n);
        double pct;
        st |= cxkpi_csat_percent(csat, &pct);
        t_lib = bench_now() - t_lib;
        bench_check(st, "cxkpi csat");
        cxkpi_csat_satisfied(csat, &sat);
        agree(sql_csat, (int64_t)sat, "CSAT");
        cxkpi_csat_free(csat);
        bench_row("sqlite: CSAT aggregate (SUM over 1e7 rows)", n / t_sql, "events/s", "");
        bench_row("sqlite: cxkpi CSAT add_many_u8 / SQLite aggregate", t_sql / t_lib, "ratio",
                  ">=100");

        /* NPS per group: one accumulator per group, one add per row. */
        int64_t sql_g = query(db,
                              "SELECT grp, count(*), sum(nps >= 9), sum(nps <= 6) FROM answers "
                              "GROUP BY grp",
                              1, &t_sql);
        cxkpi_nps *g_nps[GROUPS];
        for (unsigned g = 0; g < GROUPS; g++)
            bench_check(cxkpi_nps_new(&g_nps[g]), "cxkpi_nps_new");
        t_lib = bench_now();
        for (size_t i = 0; i < d.n; i++)
            st |= cxkpi_nps_add(g_nps[d.group[i]], d.nps[i]);
        for (unsigned g = 0; g < GROUPS; g++)
            st |= cxkpi_nps_score(g_nps[g], &score);
        t_lib = bench_now() - t_lib;
        bench_check(st, "cxkpi nps groups");
        int64_t lib_g = 0;
        for (unsigned g = 0; g < GROUPS; g++) {
            cxkpi_nps_groups(g_nps[g], &p, &pas, &det);
            lib_g += (int64_t)p - (int64_t)det;
            cxkpi_nps_free(g_nps[g]);
        }
        agree(sql_g, lib_g, "NPS GROUP BY");
        bench_row("sqlite: NPS GROUP BY 100 groups", n / t_sql, "events/s", "");
        bench_row("sqlite: cxkpi NPS add per group / SQLite GROUP BY", t_sql / t_lib, "ratio", "");

        /* CSAT per group. */
        sql_g = query(db, "SELECT grp, count(*), sum(csat >= 4), 0 FROM answers GROUP BY grp", 1,
                      &t_sql);
        cxkpi_csat *g_csat[GROUPS];
        for (unsigned g = 0; g < GROUPS; g++)
            bench_check(cxkpi_csat_new(&g_csat[g], 1, 5, 4), "cxkpi_csat_new");
        t_lib = bench_now();
        for (size_t i = 0; i < d.n; i++)
            st |= cxkpi_csat_add(g_csat[d.group[i]], d.csat[i]);
        for (unsigned g = 0; g < GROUPS; g++)
            st |= cxkpi_csat_percent(g_csat[g], &pct);
        t_lib = bench_now() - t_lib;
        bench_check(st, "cxkpi csat groups");
        lib_g = 0;
        for (unsigned g = 0; g < GROUPS; g++) {
            cxkpi_csat_satisfied(g_csat[g], &sat);
            lib_g += (int64_t)sat;
            cxkpi_csat_free(g_csat[g]);
        }
        agree(sql_g, lib_g, "CSAT GROUP BY");
        bench_row("sqlite: CSAT GROUP BY 100 groups", n / t_sql, "events/s", "");
        bench_row("sqlite: cxkpi CSAT add per group / SQLite GROUP BY", t_sql / t_lib, "ratio", "");
        bench_sink += (uint64_t)(score + pct);
    }
    sqlite3_close(db);
    bench_free(&d);
    return 0;
}
