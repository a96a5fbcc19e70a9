/* The SQLite extension through the sqlite3 C API, loaded as a real loadable extension
 * (CXKPI_SQLITE_EXTENSION names the built module). Every figure is compared with the same
 * figure written in plain SQL in the same query: queries return pairs of columns
 * (extension, plain SQL) that must agree.
 *
 * The data: 2000 generated tickets (table t) with an NPS and a CSAT answer (some NULL), an
 * FCR outcome, an elapsed time against a one-hour SLA (some tickets still open), an agent
 * and a day. */
#include <math.h>
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cxkpi.h>

static const char *extension_path(void)
{
    const char *p = getenv("CXKPI_SQLITE_EXTENSION");
    if (p == NULL) {
        fprintf(stderr, "CXKPI_SQLITE_EXTENSION is not set\n");
        exit(1);
    }
    return p;
}

static void exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        print_error("%s\n-> %s\n", sql, err);
        sqlite3_free(err);
        fail();
    }
}

static const char tickets_sql[] =
    "CREATE TABLE t AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
    "WHERE i < 2000) SELECT i, i % 10 AS agent, i / 100 AS day,"
    " CASE WHEN i % 37 = 0 THEN NULL ELSE (i * 7919) % 11 END AS nps,"
    " CASE WHEN i % 41 = 0 THEN NULL ELSE 1 + (i * 104729) % 5 END AS csat,"
    " ((i * 13) % 10 < 7) AS r,"
    " ((i * 13) % 10 >= 7 AND i % 3 = 0) AS e,"
    " ((i * 13) % 10 >= 7 AND i % 5 = 0) AS o,"
    " ((i * 13) % 10 >= 7 AND i % 7 = 0) AS x,"
    " CASE WHEN i % 43 = 0 THEN NULL ELSE ((i * 31) % 17) * 450.0 + (i % 7) * 0.25 END AS elapsed,"
    " (i % 13 = 0) AS is_open FROM n";

/* Opens an in-memory database with the extension loaded through `entry` (NULL: the entry
 * point SQLite derives from the file name) and the tickets table. */
static sqlite3 *open_db(const char *entry)
{
    sqlite3 *db = NULL;
    char *err = NULL;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_enable_load_extension(db, 1), SQLITE_OK);
    if (sqlite3_load_extension(db, extension_path(), entry, &err) != SQLITE_OK) {
        print_error("load_extension: %s\n", err);
        sqlite3_free(err);
        fail();
    }
    exec(db, tickets_sql);
    return db;
}

static int group_setup(void **state)
{
    *state = open_db(NULL);
    return 0;
}

static int group_teardown(void **state)
{
    sqlite3_close(*state);
    return 0;
}

/* Runs `sql`; every row's columns come in pairs (figure, expected) that must both be NULL
 * or agree within `rel` (relative). Returns the number of rows. */
static int check_pairs(sqlite3 *db, const char *sql, double rel)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        print_error("%s\n-> %s\n", sql, sqlite3_errmsg(db));
        fail();
    }
    int rows = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        rows++;
        for (int c = 0; c + 1 < sqlite3_column_count(st); c += 2) {
            int t1 = sqlite3_column_type(st, c), t2 = sqlite3_column_type(st, c + 1);
            if (t1 == SQLITE_NULL || t2 == SQLITE_NULL) {
                if (t1 != t2)
                    print_error("row %d, columns %d/%d: NULL against a value in\n%s\n", rows,
                                c, c + 1, sql);
                assert_int_equal(t1, t2);
            } else if (t1 == SQLITE_TEXT || t2 == SQLITE_TEXT) {
                assert_string_equal(sqlite3_column_text(st, c), sqlite3_column_text(st, c + 1));
            } else if (t1 == SQLITE_BLOB || t2 == SQLITE_BLOB) {
                assert_int_equal(sqlite3_column_bytes(st, c), sqlite3_column_bytes(st, c + 1));
                assert_memory_equal(sqlite3_column_blob(st, c), sqlite3_column_blob(st, c + 1),
                                    (size_t)sqlite3_column_bytes(st, c));
            } else {
                double a = sqlite3_column_double(st, c), b = sqlite3_column_double(st, c + 1);
                if (!(fabs(a - b) <= rel * fabs(b) || (b == 0 && fabs(a) <= rel))) {
                    print_error("row %d, columns %d/%d: %.17g against %.17g in\n%s\n", rows, c,
                                c + 1, a, b, sql);
                    fail();
                }
            }
        }
    }
    if (rc != SQLITE_DONE)
        print_error("%s\n-> %s\n", sql, sqlite3_errmsg(db));
    assert_int_equal(rc, SQLITE_DONE);
    sqlite3_finalize(st);
    return rows;
}

/* `sql` fails when stepped (or prepared) with a message containing `needle`. */
static void check_error(sqlite3 *db, const char *sql, const char *needle)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            ;
        sqlite3_finalize(st);
    }
    if (rc == SQLITE_DONE || strstr(sqlite3_errmsg(db), needle) == NULL)
        print_error("%s\n-> expected an error with \"%s\", got: %s\n", sql, needle,
                    rc == SQLITE_DONE ? "success" : sqlite3_errmsg(db));
    assert_int_not_equal(rc, SQLITE_DONE);
    assert_non_null(strstr(sqlite3_errmsg(db), needle));
}

/* Plain-SQL definitions of the figures over table t (or a frame of it), used throughout. */
#define SQL_NPS "100.0 * (sum(nps >= 9) - sum(nps <= 6)) / count(nps)"
#define SQL_CSAT_PERCENT "100.0 * sum(csat >= 4) / count(csat)"
#define SQL_FCR_PERCENT "100.0 * sum(r) / count(*)"
#define SQL_FCR_NET "100.0 * sum(r) / sum(1 - x)"
#define SQL_ESCALATION "100.0 * sum(e) / count(*)"
#define SQL_REOPEN "100.0 * sum(o) / count(*)"
/* met / (met + breached): finished within target; breached: over target, open or not */
#define SQL_SLA                                                                             \
    "100.0 * sum(NOT is_open AND elapsed <= 3600)"                                          \
    " / sum(elapsed > 3600 OR (NOT is_open AND elapsed <= 3600))"
#define SQL_SLA_CLOSED "100.0 * sum(elapsed <= 3600) / count(elapsed)"
/* the value of rank floor(q (n - 1)) of the sorted non-NULL elapsed times */
#define SQL_QUANTILE(q, where)                                                              \
    "(SELECT elapsed FROM t WHERE elapsed IS NOT NULL " where " ORDER BY elapsed LIMIT 1 "    \
    "OFFSET (SELECT CAST(" q " * (count(elapsed) - 1) AS INTEGER) FROM t WHERE 1 " where "))"
/* Wilson score interval bounds for s successes of n at z = 1.959963984540054 (0.95) */
#define SQL_WILSON(s, n, sign)                                                              \
    "((" s " * 1.0 / " n " + 3.841458820694124 / (2.0 * " n "))"                              \
    " " sign " 1.959963984540054 * sqrt(" s " * 1.0 / " n " * (1 - " s " * 1.0 / " n ") / " n \
    " + 3.841458820694124 / (4.0 * " n " * " n "))) / (1 + 3.841458820694124 / " n ") * 100"

static void test_figures_equal_plain_sql(void **state)
{
    sqlite3 *db = *state;
    const char *overall =
        "SELECT nps(nps), " SQL_NPS ","
        " csat_percent(csat, 1, 5, 4), " SQL_CSAT_PERCENT ","
        " csat_mean(csat, 1, 5, 4), avg(csat),"
        " fcr_percent(r, e, o, x), " SQL_FCR_PERCENT ","
        " fcr_net_percent(r, e, o, x), " SQL_FCR_NET ","
        " fcr_escalation_percent(r, e, o, x), " SQL_ESCALATION ","
        " fcr_reopen_percent(r, e, o, x), " SQL_REOPEN ","
        " sla_compliance_percent(elapsed, 3600, is_open), " SQL_SLA ","
        " sla_compliance_percent(elapsed, 3600), " SQL_SLA_CLOSED ","
        " duration_mean(elapsed, 0.01), avg(elapsed) FROM t";
    assert_int_equal(check_pairs(db, overall, 1e-12), 1);
    /* the same per agent (GROUP BY) */
    const char *grouped =
        "SELECT nps(nps), " SQL_NPS ", csat_percent(csat, 1, 5, 4), "
        SQL_CSAT_PERCENT ", fcr_net_percent(r, e, o, x), " SQL_FCR_NET ","
        " sla_compliance_percent(elapsed, 3600, is_open), " SQL_SLA
        " FROM t GROUP BY agent";
    assert_int_equal(check_pairs(db, grouped, 1e-12), 10);
    /* quantiles: within alpha of the value of rank floor(q (n - 1)) */
    const char *quantiles =
        "SELECT duration_quantile(elapsed, 0.5, 0.01), " SQL_QUANTILE("0.5", "") ","
        " duration_quantile(elapsed, 0.9, 0.01), " SQL_QUANTILE("0.9", "") ","
        " duration_quantile(elapsed, 0.99, 0.001), " SQL_QUANTILE("0.99", "") ","
        " duration_median(elapsed), " SQL_QUANTILE("0.5", "") ","
        " duration_p90(elapsed), " SQL_QUANTILE("0.9", "") ","
        " duration_p95(elapsed), " SQL_QUANTILE("0.95", "") ","
        " duration_p99(elapsed), " SQL_QUANTILE("0.99", "") ","
        " duration_quantile(elapsed, 0, 0.01), min(elapsed),"
        " duration_quantile(elapsed, 1, 0.01), max(elapsed) FROM t";
    assert_int_equal(check_pairs(db, quantiles, 0.01), 1);
}

static void test_readers_equal_plain_sql(void **state)
{
    sqlite3 *db = *state;
    exec(db, "CREATE TEMP TABLE s AS SELECT nps_state(nps) AS nps,"
             " csat_state(csat, 1, 5, 4) AS csat, fcr_state(r, e, o, x) AS fcr,"
             " sla_state(elapsed, 3600, is_open) AS sla,"
             " duration_state(elapsed) AS dur FROM t");
    const char *csat_nps =
        "WITH p AS (SELECT count(csat) AS n, sum(csat >= 4) AS k, avg(csat) AS mean,"
        " sum(csat = 2) AS twos, count(nps) AS m, sum(nps >= 9) AS pro,"
        " sum(nps BETWEEN 7 AND 8) AS pas, sum(nps <= 6) AS det, sum(nps = 10) AS tens FROM t),"
        " v AS (SELECT (pro + det) * 1.0 / m - ((pro - det) * 1.0 / m) * ((pro - det) * 1.0 / m)"
        " AS var FROM p)"
        " SELECT csat_count(s.csat), n, csat_satisfied(s.csat), k,"
        " csat_percent(s.csat), 100.0 * k / n, csat_mean(s.csat), mean,"
        " csat_score_count(s.csat, 2), twos,"
        " csat_percent_lower(s.csat, 0.95), " SQL_WILSON("k", "n", "-") ","
        " csat_percent_upper(s.csat, 0.95), " SQL_WILSON("k", "n", "+") ","
        " nps_count(s.nps), m, nps_score(s.nps), 100.0 * (pro - det) / m,"
        " nps_promoters(s.nps), pro, nps_passives(s.nps), pas,"
        " nps_detractors(s.nps), det, nps_score_count(s.nps, 10), tens,"
        " nps_stderr(s.nps), 100 * sqrt(var / m),"
        " nps_margin(s.nps, 0.95), 1.959963984540054 * 100 * sqrt(var / m),"
        " cxkpi_kind(s.nps), 'nps', cxkpi_kind(s.dur), 'duration'"
        " FROM s, p, v";
    assert_int_equal(check_pairs(db, csat_nps, 1e-12), 1);
    const char *fcr_sla =
        "WITH p AS (SELECT count(*) AS n, sum(r) AS res, sum(e) AS esc, sum(o) AS reo,"
        " sum(x) AS exc, sum(NOT is_open AND elapsed <= 3600) AS met,"
        " sum(elapsed > 3600) AS br, sum(is_open AND elapsed > 3600) AS bro,"
        " sum(is_open AND elapsed <= 3600) AS inp,"
        " sum(CASE WHEN elapsed > 3600 THEN elapsed - 3600 END) AS late,"
        " max(elapsed) - 3600 AS late_max FROM t)"
        " SELECT fcr_count(s.fcr), n, fcr_resolved(s.fcr), res,"
        " fcr_escalated(s.fcr), esc, fcr_reopened(s.fcr), reo,"
        " fcr_excluded(s.fcr), exc, fcr_percent(s.fcr), 100.0 * res / n,"
        " fcr_net_percent(s.fcr), 100.0 * res / (n - exc),"
        " fcr_escalation_percent(s.fcr), 100.0 * esc / n,"
        " fcr_reopen_percent(s.fcr), 100.0 * reo / n,"
        " fcr_percent_lower(s.fcr, 0.95), " SQL_WILSON("res", "n", "-") ","
        " fcr_net_percent_upper(s.fcr, 0.95), " SQL_WILSON("res", "(n - exc)", "+") ","
        " fcr_escalation_percent_upper(s.fcr, 0.95), " SQL_WILSON("esc", "n", "+") ","
        " fcr_reopen_percent_lower(s.fcr, 0.95), " SQL_WILSON("reo", "n", "-") ","
        " sla_target(s.sla), 3600, sla_met(s.sla), met,"
        " sla_breached(s.sla), br, sla_breached_open(s.sla), bro,"
        " sla_in_progress(s.sla), inp,"
        " sla_compliance_percent(s.sla), 100.0 * met / (met + br),"
        " sla_compliance_percent_lower(s.sla, 0.95), " SQL_WILSON("met", "(met + br)", "-") ","
        " sla_compliance_percent_upper(s.sla, 0.95), " SQL_WILSON("met", "(met + br)", "+") ","
        " sla_lateness_total(s.sla), late, sla_lateness_mean(s.sla), late / br,"
        " sla_lateness_max(s.sla), late_max FROM s, p";
    assert_int_equal(check_pairs(db, fcr_sla, 1e-12), 1);
    const char *duration =
        "WITH p AS (SELECT count(elapsed) AS n, sum(elapsed) AS total, avg(elapsed) AS mean,"
        " min(elapsed) AS lo, max(elapsed) AS hi,"
        " sqrt(avg(elapsed * elapsed) - avg(elapsed) * avg(elapsed)) AS sd FROM t)"
        " SELECT duration_count(dur), n, duration_sum(dur), total,"
        " duration_mean(dur), mean, duration_min(dur), lo,"
        " duration_max(dur), hi, duration_stddev(dur), sd,"
        " duration_alpha(dur), 0.01 FROM s, p";
    assert_int_equal(check_pairs(db, duration, 1e-9), 1);
    const char *quantile =
        "SELECT duration_quantile(dur, 0.25), " SQL_QUANTILE("0.25", "") ","
        " duration_quantile(dur, 0.95), " SQL_QUANTILE("0.95", "") " FROM s";
    assert_int_equal(check_pairs(db, quantile, 0.01), 1);
    exec(db, "DROP TABLE s");
}

/* Empty input, NULL-only input, one event, extremes. */
static void test_empty_one_extremes(void **state)
{
    sqlite3 *db = *state;
    assert_int_equal(
        check_pairs(db,
                    "SELECT nps(nps), NULL, nps_state(nps), NULL,"
                    " csat_percent(csat, 1, 5, 4), NULL, cxkpi_merge(NULL), NULL,"
                    " duration_quantile(elapsed, 0.5, 0.01), NULL FROM t WHERE 0",
                    0),
        1);
    assert_int_equal(check_pairs(db,
                                 "SELECT nps(NULL), NULL, nps_score(NULL), NULL,"
                                 " nps_margin(nps_state(9), NULL), NULL FROM t",
                                 0),
                     1);
    /* one response each; all detractors; all promoters; the ends of the CSAT scale */
    assert_int_equal(
        check_pairs(db,
                    "SELECT (SELECT nps(10)), 100, (SELECT nps(0)), -100,"
                    " (SELECT nps_stderr(nps_state(7))), 0,"
                    " (SELECT csat_percent(100, 0, 100, 100)), 100,"
                    " (SELECT csat_mean(0, 0, 100, 100)), 0,"
                    " (SELECT fcr_net_percent(1, 0, 0, 0)), 100,"
                    " (SELECT fcr_net_percent(0, 0, 0, 1)), NULL,"
                    " (SELECT sla_compliance_percent(3600, 3600)), 100,"
                    " (SELECT sla_compliance_percent(10, 3600, 1)), NULL,"
                    " (SELECT duration_quantile(0, 0.5, 0.01)), 0,"
                    " (SELECT duration_quantile(1e18, 0.5, 0.01)), 1e18,"
                    " (SELECT nps(nps) FROM t WHERE nps <= 6), -100",
                    0),
        1);
    /* the FCR bitmask form equals the four flags */
    assert_int_equal(check_pairs(db,
                                 "SELECT fcr_state(r | (e << 1) | (o << 2) | (x << 3)),"
                                 " fcr_state(r, e, o, x) FROM t",
                                 0),
                     1);
}

static void test_bad_input(void **state)
{
    sqlite3 *db = *state;
    exec(db, "CREATE TEMP TABLE b AS SELECT nps_state(nps) AS s,"
             " csat_state(csat, 1, 5, 4) AS c FROM t");
    check_error(db, "SELECT nps(11)", "nps: bad value: value out of range");
    check_error(db, "SELECT nps(-1)", "value out of range");
    check_error(db, "SELECT nps(7.5)", "the score must be an integer");
    check_error(db, "SELECT nps('nine')", "the score must be an integer");
    check_error(db, "SELECT nps(1e300)", "value out of range");
    check_error(db, "SELECT csat_percent(6, 1, 5, 4)", "value out of range");
    check_error(db, "SELECT csat_percent(3, 5, 1, 4)", "invalid configuration");
    check_error(db, "SELECT csat_percent(3, 1, 5, NULL)", "must be numbers");
    check_error(db, "SELECT csat_percent(csat, 1, 5 + (i > 5), 4) FROM t",
                "configuration arguments changed");
    check_error(db, "SELECT fcr_percent(1, 1, 0, 0)",
                "fcr_percent: contradictory outcome: resolved on first contact, yet escalated");
    check_error(db, "SELECT fcr_percent(1, 0, 0, 1)", "contradictory outcome");
    check_error(db, "SELECT fcr_state(16)", "fcr_state: outcome flags outside 0..15");
    check_error(db, "SELECT fcr_state(-1)", "outcome flags outside 0..15");
    check_error(db, "SELECT sla_compliance_percent(-1, 3600)", "value out of range");
    check_error(db, "SELECT sla_compliance_percent(10, 0)", "invalid configuration");
    check_error(db, "SELECT duration_mean(-1, 0.01)", "value out of range");
    check_error(db, "SELECT duration_mean(1, 0.5)", "invalid configuration");
    check_error(db, "SELECT duration_quantile(1, 1.5, 0.01)", "value out of range");
    /* readers: bad parameters */
    check_error(db, "SELECT nps_margin(s, 1.5) FROM b", "value out of range");
    check_error(db, "SELECT nps_margin(s, 'x') FROM b", "must be a number");
    check_error(db, "SELECT csat_score_count(c, 9) FROM b", "value out of range");
    /* bad BLOBs: truncated, another kind, a corrupted checksum, not a BLOB, random bytes */
    check_error(db, "SELECT nps_score(substr(s, 1, length(s) - 1)) FROM b",
                "nps_score: bad state: malformed or corrupted data");
    check_error(db, "SELECT nps_score(substr(s, 1, 10)) FROM b", "not a cxkpi state");
    check_error(db, "SELECT csat_percent(s) FROM b",
                "a nps state where csat was expected");
    check_error(db, "SELECT nps_merge(c) FROM b", "a csat state where nps was expected");
    check_error(db, "SELECT cxkpi_merge(x) FROM (SELECT s AS x FROM b UNION ALL SELECT c FROM b)",
                "cxkpi_merge: a csat state where nps was expected");
    check_error(db,
                "SELECT nps_score(CAST(substr(s, 1, length(s) - 4) ||"
                " CASE WHEN substr(s, -4, 1) = x'00' THEN x'01' ELSE x'00' END ||"
                " substr(s, -3) AS BLOB)) FROM b",
                "bad state: malformed or corrupted data");
    check_error(db, "SELECT nps_score(hex(s)) FROM b", "must be a BLOB");
    check_error(db, "SELECT nps_score(randomblob(64))", "not a cxkpi state");
    check_error(db, "SELECT cxkpi_merge(s) FROM (SELECT CAST(x'43584b5002000100' || zeroblob(20) AS BLOB) AS s)",
                "bad state");
    /* merging different configurations */
    check_error(db,
                "SELECT cxkpi_merge(s) FROM (SELECT csat_state(3, 1, 5, 4) AS s"
                " UNION ALL SELECT csat_state(3, 1, 10, 8))",
                "cxkpi_merge: cannot merge: configurations do not match");
    check_error(db,
                "SELECT duration_merge(s) FROM (SELECT duration_state(3, 0.01) AS s"
                " UNION ALL SELECT duration_state(3, 0.02))",
                "configurations do not match");
    check_error(db,
                "SELECT sla_merge(s) FROM (SELECT sla_state(3, 60) AS s"
                " UNION ALL SELECT sla_state(3, 120))",
                "configurations do not match");
    /* the connection keeps working */
    assert_int_equal(check_pairs(db, "SELECT nps(s), 100 FROM (SELECT 10 AS s)", 0), 1);
    exec(db, "DROP TABLE b");
}

/* A rollup table of daily states per agent, merged to weeks, equals the raw aggregate. */
static void test_rollup(void **state)
{
    sqlite3 *db = *state;
    exec(db, "CREATE TEMP TABLE daily AS SELECT day, agent, nps_state(nps) AS nps,"
             " csat_state(csat, 1, 5, 4) AS csat, fcr_state(r, e, o, x) AS fcr,"
             " sla_state(elapsed, 3600, is_open) AS sla,"
             " duration_state(elapsed) AS dur FROM t GROUP BY day, agent");
    const char *weeks =
        "WITH w AS (SELECT day / 7 AS week, cxkpi_merge(nps) AS nps, csat_merge(csat) AS csat,"
        " fcr_merge(fcr) AS fcr, sla_merge(sla) AS sla, cxkpi_merge(dur) AS dur"
        " FROM daily GROUP BY week),"
        " raw AS (SELECT day / 7 AS week, nps_state(nps) AS nps,"
        " csat_state(csat, 1, 5, 4) AS csat, fcr_state(r, e, o, x) AS fcr,"
        " sla_state(elapsed, 3600, is_open) AS sla, duration_state(elapsed) AS dur,"
        " " SQL_NPS " AS nps_sql, avg(elapsed) AS mean FROM t GROUP BY week)"
        " SELECT w.nps, raw.nps, w.csat, raw.csat, w.fcr, raw.fcr,"
        " nps_score(w.nps), raw.nps_sql,"
        " sla_compliance_percent(w.sla), sla_compliance_percent(raw.sla),"
        " sla_lateness_max(w.sla), sla_lateness_max(raw.sla),"
        " duration_count(w.dur), duration_count(raw.dur),"
        " duration_quantile(w.dur, 0.5), duration_quantile(raw.dur, 0.5),"
        " duration_quantile(w.dur, 0.99), duration_quantile(raw.dur, 0.99),"
        " duration_mean(w.dur), raw.mean"
        " FROM w JOIN raw USING (week)";
    assert_int_equal(check_pairs(db, weeks, 1e-12), 3);
    /* and the whole table to one state per agent, then to one */
    const char *total =
        "SELECT nps_score(cxkpi_merge(a)), (SELECT " SQL_NPS " FROM t) FROM"
        " (SELECT cxkpi_merge(nps) AS a FROM daily GROUP BY agent)";
    assert_int_equal(check_pairs(db, total, 1e-12), 1);
    exec(db, "DROP TABLE daily");
}

/* Sliding windows equal the same aggregate recomputed over each frame (a correlated
 * subquery over rows i - 6 .. i), and the plain SQL figure over that frame. */
static void check_windows(sqlite3 *db)
{
#define FRAME(expr) "(SELECT " expr " FROM t AS f WHERE f.i BETWEEN t.i - 6 AND t.i)"
    const char *figures =
        "SELECT nps(nps) OVER w, " FRAME("nps(nps)") ","
        " nps(nps) OVER w, " FRAME(SQL_NPS) ","
        " csat_percent(csat, 1, 5, 4) OVER w, " FRAME(SQL_CSAT_PERCENT) ","
        " csat_mean(csat, 1, 5, 4) OVER w, " FRAME("avg(csat)") ","
        " fcr_net_percent(r, e, o, x) OVER w, " FRAME(SQL_FCR_NET) ","
        " fcr_reopen_percent(r, e, o, x) OVER w, " FRAME(SQL_REOPEN) ","
        " sla_compliance_percent(elapsed, 3600, is_open) OVER w, " FRAME(SQL_SLA) ","
        " duration_mean(elapsed, 0.01) OVER w, " FRAME("avg(elapsed)") ","
        " duration_quantile(elapsed, 0.5, 0.01) OVER w,"
        " " FRAME("duration_quantile(elapsed, 0.5, 0.01)") ","
        " nps_state(nps) OVER w, " FRAME("nps_state(nps)") ","
        " csat_state(csat, 1, 5, 4) OVER w, " FRAME("csat_state(csat, 1, 5, 4)") ","
        " fcr_state(r, e, o, x) OVER w, " FRAME("fcr_state(r, e, o, x)") ","
        " sla_state(elapsed, 3600, is_open) OVER w,"
        " " FRAME("sla_state(elapsed, 3600, is_open)") ","
        " duration_state(elapsed) OVER w, " FRAME("duration_state(elapsed)")
        " FROM t WINDOW w AS (ORDER BY i ROWS 6 PRECEDING) ORDER BY i";
    assert_int_equal(check_pairs(db, figures, 1e-12), 2000);
#undef FRAME
    /* a 7-day sliding merge of daily states equals the raw aggregate over those days */
    exec(db, "CREATE TEMP TABLE daily AS SELECT day, nps_state(nps) AS nps,"
             " duration_state(elapsed) AS dur FROM t GROUP BY day");
    const char *merges =
        "SELECT cxkpi_merge(nps) OVER w,"
        " (SELECT nps_state(nps) FROM t WHERE t.day BETWEEN d.day - 6 AND d.day),"
        " duration_quantile(cxkpi_merge(dur) OVER w, 0.9),"
        " (SELECT duration_quantile(elapsed, 0.9, 0.01) FROM t"
        "  WHERE t.day BETWEEN d.day - 6 AND d.day)"
        " FROM daily AS d WINDOW w AS (ORDER BY day ROWS 6 PRECEDING) ORDER BY day";
    assert_int_equal(check_pairs(db, merges, 0), 21);
    exec(db, "DROP TABLE daily");
    /* other frame shapes: following rows, a frame excluding the current row, a range */
    const char *shapes =
        "SELECT nps(nps) OVER (ORDER BY i ROWS BETWEEN 2 FOLLOWING AND 5 FOLLOWING),"
        " (SELECT nps(nps) FROM t AS f WHERE f.i BETWEEN t.i + 2 AND t.i + 5),"
        " duration_mean(elapsed, 0.01) OVER (ORDER BY i ROWS BETWEEN 3 PRECEDING AND"
        " 1 PRECEDING), (SELECT avg(elapsed) FROM t AS f WHERE f.i BETWEEN t.i - 3 AND t.i - 1),"
        " csat_percent(csat, 1, 5, 4) OVER (ORDER BY day RANGE BETWEEN 1 PRECEDING AND"
        " CURRENT ROW), (SELECT " SQL_CSAT_PERCENT " FROM t AS f WHERE f.day BETWEEN t.day - 1"
        " AND t.day), nps(nps) OVER (PARTITION BY agent ORDER BY i ROWS 3 PRECEDING),"
        " (SELECT nps(nps) FROM t AS f WHERE f.agent = t.agent AND f.i BETWEEN"
        " t.i - 30 AND t.i) FROM t ORDER BY i";
    assert_int_equal(check_pairs(db, shapes, 1e-12), 2000);
}

static void test_windows(void **state)
{
    check_windows(*state);
}

/* The same with every aggregate recomputing its frames (the entry point without xInverse). */
static void test_windows_recomputed(void **state)
{
    (void)state;
    sqlite3 *db = open_db("sqlite3_cxkpi_recompute_init");
    check_windows(db);
    sqlite3_close(db);
}

/* A frame whose first result comes later than the rows kept for recomputation is an
 * error, not a wrong figure. */
static void test_window_too_far(void **state)
{
    sqlite3 *db = *state;
    check_error(db,
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 70000)"
                " SELECT duration_mean(i, 0.01) OVER (ORDER BY i ROWS BETWEEN CURRENT ROW"
                " AND 66000 FOLLOWING) FROM n",
                "cannot recompute it");
}

/* Working time under business-hours calendars, worked by hand. */
static void test_business_hours(void **state)
{
    sqlite3 *db = *state;
    const char *cal = "'mon-fri 09:00-18:00'";
    const char *sql =
        /* Fri 2026-11-27 17:55 -> Mon 2026-11-30 09:05: 5 + 5 minutes */
        "SELECT business_seconds('2026-11-27 17:55:00', '2026-11-30 09:05:00', %s), 600,"
        /* the same as Unix seconds, and with T and Z */
        " business_seconds(strftime('%%s', '2026-11-27 17:55:00') + 0,"
        "  strftime('%%s', '2026-11-30 09:05:00') + 0, %s), 600,"
        " business_seconds('2026-11-27T17:55:00Z', '2026-11-30T09:05Z', %s), 600,"
        /* a whole week: 5 days of 9 hours */
        " business_seconds('2026-11-23', '2026-11-30', %s), 5 * 9 * 3600,"
        /* due 600 working seconds after Friday 17:55: Monday 09:05 */
        " business_due('2026-11-27 17:55', 600, %s), strftime('%%s', '2026-11-30 09:05') + 0,"
        /* at +02:00, 09:00-17:00 local is 07:00-15:00 UTC: 06:00-16:00 UTC holds 8 h */
        " business_seconds('2026-11-24 06:00', '2026-11-24 16:00',"
        "  'offset +02:00' || char(10) || 'daily 09:00-17:00'), 8 * 3600,"
        /* a holiday removes its day */
        " business_seconds('2026-12-24', '2026-12-26',"
        "  'mon-fri 09:00-18:00' || char(10) || 'holiday 2026-12-25'), 9 * 3600,"
        " business_seconds(NULL, '2026-12-26', %s), NULL";
    char *q = sqlite3_mprintf(sql, cal, cal, cal, cal, cal, cal);
    assert_int_equal(check_pairs(db, q, 0), 1);
    sqlite3_free(q);
    /* one calendar over many rows (kept by SQLite for the call site): SLA in business hours */
    assert_int_equal(
        check_pairs(db,
                    "SELECT sla_compliance_percent(business_seconds("
                    " 1795996800 + i * 600, 1795996800 + i * 600 + 7200, 'daily 00:00-24:00'),"
                    " 7200), 100.0, sum(business_seconds(1795996800, 1795996800 + i,"
                    " 'daily 00:00-24:00')), sum(i) FROM t",
                    0),
        1);
    check_error(db, "SELECT business_seconds('2026-11-27', '2026-11-30', 'mon-xyz 09:00-18:00')",
                "business_seconds: calendar line 1: malformed or corrupted data");
    check_error(db, "SELECT business_seconds('2026-11-30', '2026-11-27', 'daily 09:00-18:00')",
                "the end is before the start");
    check_error(db, "SELECT business_seconds('2026-02-30', '2026-11-27', 'daily 09:00-18:00')",
                "an instant must be");
    check_error(db, "SELECT business_seconds(x'00', 1, 'daily 09:00-18:00')",
                "an instant must be");
    check_error(db, "SELECT business_due(0, 10, '')", "no due instant");
    check_error(db, "SELECT business_due(0, 1.5, 'daily 09:00-18:00')", "must be an integer");
}

/* A state made by the C library reads the same in SQL, and a state made in SQL is the C
 * library's own bytes: 10, 9 and 3 are 2 promoters and 1 detractor, NPS 100 / 3. */
static void test_states_shared_with_c(void **state)
{
    sqlite3 *db = *state;
    cxkpi_nps *nps;
    assert_int_equal(cxkpi_nps_new(&nps), CXKPI_OK);
    const int32_t scores[] = {10, 9, 3};
    assert_int_equal(cxkpi_nps_add_many(nps, scores, 3), CXKPI_OK);
    size_t n = 0, written = 0;
    assert_int_equal(cxkpi_nps_serialized_size(nps, &n), CXKPI_OK);
    unsigned char *bytes = malloc(n);
    assert_non_null(bytes);
    assert_int_equal(cxkpi_nps_serialize(nps, bytes, n, &written), CXKPI_OK);

    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT nps_score(?1), nps_count(?1),"
                                        " (SELECT nps_state(s) FROM (SELECT 10 AS s UNION ALL"
                                        " SELECT 9 UNION ALL SELECT 3))",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_bind_blob(st, 1, bytes, (int)n, SQLITE_STATIC), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_true(fabs(sqlite3_column_double(st, 0) - 100.0 / 3.0) <= 1e-12);
    assert_int_equal(sqlite3_column_int64(st, 1), 3);
    assert_int_equal(sqlite3_column_bytes(st, 2), (int)n);
    assert_memory_equal(sqlite3_column_blob(st, 2), bytes, n);
    cxkpi_nps *back = NULL;
    assert_int_equal(cxkpi_nps_deserialize(&back, sqlite3_column_blob(st, 2),
                                           (size_t)sqlite3_column_bytes(st, 2)),
                     CXKPI_OK);
    double score = 0;
    assert_int_equal(cxkpi_nps_score(back, &score), CXKPI_OK);
    assert_true(fabs(score - 100.0 / 3.0) <= 1e-12);
    sqlite3_finalize(st);
    cxkpi_nps_free(back);
    cxkpi_nps_free(nps);
    free(bytes);
}

/* Kaplan-Meier in plain SQL over table km (e: time, open: still open): one row per
 * resolution time tj with d resolved at tj and r still at risk (time >= tj); with times on
 * a coarse grid (multiples of 450 s, each its own bucket) the state's ties are the raw ties,
 * so the estimate is exactly the product-limit one. S(t) = exp(sum ln(1 - d/r)); Greenwood:
 * sum d / (r (r - d)). */
#define SQL_KM_EVENTS                                                                       \
    "ev AS (SELECT e AS tj, sum(NOT open) AS d,"                                            \
    " (SELECT count(*) FROM km AS k2 WHERE k2.e >= km.e) AS r FROM km GROUP BY e"           \
    " HAVING sum(NOT open) > 0)"

static void test_survival(void **state)
{
    sqlite3 *db = *state;
    exec(db, "CREATE TEMP TABLE km AS SELECT i, day, ((i * 31) % 17) * 450.0 AS e,"
             " (i % 13 = 0 OR (i % 5 = 0 AND (i * 31) % 17 > 12)) AS open FROM t");
    /* percent unresolved at 3000 s (between the grid's 2700 and 3150), resolved within,
     * and the 95% Greenwood band (log transform) */
    assert_int_equal(
        check_pairs(db,
                    "WITH " SQL_KM_EVENTS ", s AS (SELECT survival_state(e, NOT open) AS s FROM km),"
                    " p AS (SELECT exp(sum(ln(1 - 1.0 * d / r))) AS sv,"
                    " sum(1.0 * d / (r * (r - d))) AS g FROM ev WHERE tj <= 3000)"
                    " SELECT survival_percent(s, 3000), 100 * sv,"
                    " survival_percent_resolved_within(s, 3000), 100 - 100 * sv,"
                    " survival_percent_lower(s, 3000), 100 * sv * exp(-1.959963984540054 * sqrt(g)),"
                    " survival_percent_upper(s, 3000, 0.95),"
                    " min(100, 100 * sv * exp(1.959963984540054 * sqrt(g))),"
                    " survival_resolved(s), (SELECT sum(NOT open) FROM km),"
                    " survival_open(s), (SELECT sum(open) FROM km), survival_alpha(s), 0.01"
                    " FROM s, p",
                    1e-9),
        1);
    /* the median and p75: the first resolution time where S falls to 1 - q, within alpha
     * (the bucket's representative); the aggregate form of the median */
    assert_int_equal(
        check_pairs(db,
                    "WITH " SQL_KM_EVENTS ", c AS (SELECT tj, exp(sum(ln(1 - 1.0 * d / r))"
                    " OVER (ORDER BY tj)) AS sv FROM ev)"
                    " SELECT survival_median(s), (SELECT min(tj) FROM c WHERE sv <= 0.5 + 1e-12),"
                    " survival_quantile(s, 0.75), (SELECT min(tj) FROM c WHERE sv <= 0.25 + 1e-12),"
                    " (SELECT survival_median(e, NOT open) FROM km),"
                    " (SELECT min(tj) FROM c WHERE sv <= 0.5 + 1e-12)"
                    " FROM (SELECT survival_state(e, NOT open) AS s FROM km)",
                    0.01),
        1);
    /* the median's band holds the median; daily states merged equal one pass */
    assert_int_equal(
        check_pairs(db,
                    "SELECT survival_quantile_lower(s, 0.5) <= survival_median(s), 1,"
                    " survival_quantile_upper(s, 0.5, 0.9) >= survival_median(s), 1,"
                    " (SELECT survival_merge(d) FROM (SELECT survival_state(e, NOT open) AS d"
                    " FROM km GROUP BY day)), s,"
                    " (SELECT cxkpi_merge(d) FROM (SELECT survival_state(e, NOT open, 0.02) AS d"
                    " FROM km GROUP BY day)), (SELECT survival_state(e, NOT open, 0.02) FROM km),"
                    " cxkpi_kind(s), 'survival'"
                    " FROM (SELECT survival_state(e, NOT open) AS s FROM km)",
                    0),
        1);
    /* empty, NULLs skipped, one event, only open tickets (quantile not reached: NULL) */
    assert_int_equal(
        check_pairs(db,
                    "SELECT (SELECT survival_state(e, 1) FROM km WHERE 0), NULL,"
                    " (SELECT survival_resolved(survival_state(x, y)) FROM (SELECT NULL AS x,"
                    " 1 AS y UNION ALL SELECT 5, NULL UNION ALL SELECT 5, 1)), 1,"
                    " (SELECT survival_percent(survival_state(0, 1), 1)), 0,"
                    " (SELECT survival_percent(survival_state(0, 1), -1)), 100,"
                    " (SELECT survival_median(5, 0)), NULL,"
                    " (SELECT survival_quantile_upper(survival_state(5, 0), 0.5)), NULL,"
                    " (SELECT survival_percent(survival_state(5, 0), 1e9)), 100,"
                    " survival_median(NULL), NULL, survival_percent_lower(NULL, 1), NULL",
                    1e-12),
        1);
    exec(db, "DROP TABLE km");
}

/* Differences of two states against the definitions written in SQL (Wald for NPS; for
 * proportions Newcombe's interval from two Wilson intervals) and against the worked
 * examples of the library's documentation (p-values: SQLite has no erfc). */
#define SQL_JSON(f, key) "json_extract(" f ", '$." key "')"
static void test_compare(void **state)
{
    sqlite3 *db = *state;
    /* NPS of agents 1 and 2 from table t */
    const char *nps =
        "WITH g AS (SELECT agent, count(nps) AS n, 1.0 * sum(nps >= 9) / count(nps) AS p,"
        " 1.0 * sum(nps <= 6) / count(nps) AS d, nps_state(nps) AS s FROM t"
        " WHERE agent IN (1, 2) GROUP BY agent),"
        " a AS (SELECT * FROM g WHERE agent = 1), b AS (SELECT * FROM g WHERE agent = 2),"
        " w AS (SELECT 100 * (a.p - a.d - b.p + b.d) AS diff, 100 * sqrt((a.p + a.d"
        " - (a.p - a.d) * (a.p - a.d)) / a.n + (b.p + b.d - (b.p - b.d) * (b.p - b.d)) / b.n)"
        " AS se, nps_difference(a.s, b.s) AS j, nps_difference(a.s, b.s, 0.9) AS j90 FROM a, b)"
        " SELECT " SQL_JSON("j", "difference") ", diff, " SQL_JSON("j", "lower")
        ", diff - 1.959963984540054 * se, " SQL_JSON("j", "upper")
        ", diff + 1.959963984540054 * se, " SQL_JSON("j90", "upper")
        ", diff + 1.6448536269514722 * se FROM w";
    assert_int_equal(check_pairs(db, nps, 1e-9), 1);
    /* the worked example: a = 20 detractors, 30 passives, 50 promoters; b = 30, 30, 40:
     * difference 20, 95% [-2.347028, 42.347028], p = 0.0794106 */
    exec(db, "CREATE TEMP TABLE ab AS SELECT"
             " (SELECT nps_state(CASE WHEN i <= 20 THEN 3 WHEN i <= 50 THEN 8 ELSE 10 END)"
             " FROM t WHERE i <= 100) AS na,"
             " (SELECT nps_state(CASE WHEN i <= 30 THEN 0 WHEN i <= 60 THEN 7 ELSE 9 END)"
             " FROM t WHERE i <= 100) AS nb,"
             " (SELECT csat_state(CASE WHEN i <= 56 THEN 5 ELSE 1 END, 1, 5, 4) FROM t"
             " WHERE i <= 70) AS ca,"
             " (SELECT csat_state(CASE WHEN i <= 48 THEN 5 ELSE 1 END, 1, 5, 4) FROM t"
             " WHERE i <= 80) AS cb,"
             " (SELECT fcr_state(i <= 56, 0, 0, 0) FROM t WHERE i <= 70) AS fa,"
             " (SELECT fcr_state(i <= 48, 0, 0, 0) FROM t WHERE i <= 80) AS fb,"
             " (SELECT sla_state(CASE WHEN i <= 56 THEN 60 ELSE 7200 END, 3600) FROM t"
             " WHERE i <= 70) AS sa,"
             " (SELECT sla_state(CASE WHEN i <= 48 THEN 60 ELSE 7200 END, 3600) FROM t"
             " WHERE i <= 80) AS sb");
    assert_int_equal(check_pairs(db,
                                 "SELECT " SQL_JSON("nps_difference(na, nb)", "difference")
                                 ", 20, " SQL_JSON("nps_difference(na, nb)", "lower")
                                 ", -2.347028, " SQL_JSON("nps_difference(na, nb)", "upper")
                                 ", 42.347028, " SQL_JSON("nps_difference(na, nb)", "p_value")
                                 ", 0.0794106 FROM ab",
                                 1e-6),
                     1);
    /* Newcombe 1998, Table II (a): 56/70 against 48/80; the interval from the Wilson
     * intervals in SQL, p = 0.00805 (pooled z = 2.6502) */
    const char *newcombe =
        "WITH w AS (SELECT 0.8 AS pa, " SQL_WILSON("56", "70", "-") " / 100 AS la, "
        SQL_WILSON("56", "70", "+") " / 100 AS ua, 0.6 AS pb, " SQL_WILSON("48", "80", "-")
        " / 100 AS lb, " SQL_WILSON("48", "80", "+") " / 100 AS ub),"
        " nw AS (SELECT 20 - 100 * sqrt((pa - la) * (pa - la) + (ub - pb) * (ub - pb)) AS lo,"
        " 20 + 100 * sqrt((ua - pa) * (ua - pa) + (pb - lb) * (pb - lb)) AS hi FROM w)"
        " SELECT " SQL_JSON("f", "difference") ", 20, " SQL_JSON("f", "lower") ", lo, "
        SQL_JSON("f", "upper") ", hi FROM nw, (SELECT csat_percent_difference(ca, cb) AS f"
        " FROM ab UNION ALL SELECT fcr_percent_difference(fa, fb) FROM ab UNION ALL"
        " SELECT sla_compliance_percent_difference(sa, sb) FROM ab)";
    assert_int_equal(check_pairs(db, newcombe, 1e-9), 3);
    assert_int_equal(check_pairs(db,
                                 "SELECT " SQL_JSON("csat_percent_difference(ca, cb)", "p_value")
                                 ", 0.00805, round(" SQL_JSON("csat_percent_difference(ca, cb)",
                                                              "lower") ", 2), 5.24,"
                                 " " SQL_JSON("csat_percent_difference(ca, ca)", "p_value") ", 1,"
                                 " " SQL_JSON("nps_difference(nb, na)", "difference") ", -20,"
                                 " nps_difference(na, NULL), NULL,"
                                 " nps_difference(na, (SELECT nps_state(nps) FROM t WHERE 0)), NULL,"
                                 " nps_difference(na, (SELECT nps_state(NULL))), NULL FROM ab",
                                 1e-3),
                     1);
    check_error(db, "SELECT nps_difference(na, nb, 1) FROM ab",
                "nps_difference: cannot compare: value out of range");
    check_error(db, "SELECT nps_difference(na, nb, 'x') FROM ab",
                "nps_difference: the parameters must be numbers");
    check_error(db, "SELECT nps_difference(na, ca) FROM ab", "a csat state where nps was expected");
    check_error(db, "SELECT csat_percent_difference(ca, csat_state(5, 1, 10, 7)) FROM ab",
                "csat_percent_difference: the states measure different things");
    check_error(db, "SELECT sla_compliance_percent_difference(sa, sla_state(1, 60)) FROM ab",
                "the states measure different things");
    exec(db, "DROP TABLE ab");
}

static void test_survival_bad_input(void **state)
{
    sqlite3 *db = *state;
    check_error(db, "SELECT survival_state(-1, 1)", "survival_state: bad value: value out of range");
    check_error(db, "SELECT survival_state('x', 1)", "the duration must be a number");
    check_error(db, "SELECT survival_state(1, 'yes')", "an outcome flag must be 0 or 1");
    check_error(db, "SELECT survival_state(1, 1, 0.5)", "survival_state: invalid configuration");
    check_error(db, "SELECT survival_quantile(survival_state(1, 1), 1)",
                "survival_quantile: cannot compute: value out of range");
    check_error(db, "SELECT survival_percent_lower(survival_state(1, 1), 10, 2)",
                "survival_percent_lower: cannot compute: value out of range");
    check_error(db, "SELECT survival_quantile_upper(survival_state(1, 1), 'x')",
                "the parameters must be numbers");
    check_error(db, "SELECT survival_percent(nps_state(9), 1)",
                "a nps state where survival was expected");
    check_error(db, "SELECT survival_median(x'00112233')", "not a cxkpi state of a known kind");
    check_error(db, "SELECT survival_merge(s) FROM (SELECT survival_state(1, 1) AS s"
                    " UNION ALL SELECT survival_state(1, 1, 0.02))",
                "survival_merge: cannot merge");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figures_equal_plain_sql),
        cmocka_unit_test(test_readers_equal_plain_sql),
        cmocka_unit_test(test_empty_one_extremes),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_rollup),
        cmocka_unit_test(test_windows),
        cmocka_unit_test(test_windows_recomputed),
        cmocka_unit_test(test_window_too_far),
        cmocka_unit_test(test_business_hours),
        cmocka_unit_test(test_states_shared_with_c),
        cmocka_unit_test(test_survival),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_survival_bad_input),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
