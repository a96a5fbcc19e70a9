/* libFuzzer harness for the SQLite extension (bindings/sqlite), compiled into the harness
 * with SQLITE_CORE and run on an in-memory database (the system's SQLite).
 *
 * The first input byte picks what the rest feeds:
 * - 0: a state BLOB to one of the readers, with a parameter (as given, and with the frame's
 *      CRC-32C fixed up so that mutations reach the payload checks);
 * - 1: up to four state BLOBs (each CRC fixed up) to cxkpi_merge, plainly and over a
 *      sliding window;
 * - 2: a column of small values (0x80 is NULL) to one of the raw aggregates over a sliding
 *      window of 1 to 8 rows, on two connections: one with xInverse, one recomputing every
 *      frame. Invariant: both give the same rows, or both fail;
 * - 3: a calendar text to business_seconds and business_due.
 * Every statement must end in SQLITE_DONE or SQLITE_ERROR (an SQL error with a message),
 * never crash or trip a sanitizer. */
#include <sqlite3.h>
#include <stdint.h>

#include "fuzz_common.h"

int sqlite3_cxkpi_init(sqlite3 *db, char **err, const sqlite3_api_routines *api);
int sqlite3_cxkpi_recompute_init(sqlite3 *db, char **err, const sqlite3_api_routines *api);

#define CHECK FUZZ_CHECK

static sqlite3 *open_db(int (*init)(sqlite3 *, char **, const sqlite3_api_routines *))
{
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
    CHECK(init(db, NULL, NULL) == SQLITE_OK);
    return db;
}

/* Runs a statement to the end; returns its final code, which must be DONE or ERROR. The
 * rows' columns are appended to *log (may be NULL) as text, numbers to the last bit. */
static int run(sqlite3 *db, const char *sql, const void *blob, int n, double param,
               char **log)
{
    sqlite3_stmt *st;
    CHECK(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK);
    if (sqlite3_bind_parameter_count(st) >= 1)
        sqlite3_bind_blob(st, 1, blob, n, SQLITE_TRANSIENT);
    if (sqlite3_bind_parameter_count(st) >= 2)
        sqlite3_bind_double(st, 2, param);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; log != NULL && c < sqlite3_column_count(st); c++) {
            char *next = sqlite3_column_type(st, c) == SQLITE_FLOAT
                             ? sqlite3_mprintf("%z|%.17g", *log, sqlite3_column_double(st, c))
                             : sqlite3_mprintf("%z|%s", *log,
                                               (const char *)sqlite3_column_text(st, c));
            CHECK(next != NULL);
            *log = next;
        }
    }
    CHECK(rc == SQLITE_DONE || rc == SQLITE_ERROR);
    if (rc == SQLITE_ERROR)
        CHECK(sqlite3_errmsg(db) != NULL && sqlite3_errmsg(db)[0] != '\0');
    sqlite3_finalize(st);
    return rc;
}

static void fix_crc(uint8_t *p, size_t n)
{
    if (n < 20)
        return;
    uint32_t crc = cxkpi__crc32c(p, n - 4);
    for (int i = 0; i < 4; i++)
        p[n - 4 + i] = (uint8_t)(crc >> (8 * i));
}

static const char *const readers[] = {
    "SELECT csat_count(?1), csat_satisfied(?1), csat_percent(?1), csat_mean(?1)",
    "SELECT csat_score_count(?1, ?2)", "SELECT csat_percent_lower(?1, ?2), csat_percent_upper(?1, ?2)",
    "SELECT nps_count(?1), nps_score(?1), nps_promoters(?1), nps_passives(?1),"
    " nps_detractors(?1), nps_stderr(?1)",
    "SELECT nps_margin(?1, ?2)", "SELECT nps_score_count(?1, ?2)",
    "SELECT fcr_count(?1), fcr_resolved(?1), fcr_escalated(?1), fcr_reopened(?1),"
    " fcr_excluded(?1), fcr_percent(?1), fcr_net_percent(?1), fcr_escalation_percent(?1),"
    " fcr_reopen_percent(?1)",
    "SELECT fcr_percent_lower(?1, ?2), fcr_net_percent_upper(?1, ?2),"
    " fcr_escalation_percent_lower(?1, ?2), fcr_reopen_percent_upper(?1, ?2)",
    "SELECT sla_target(?1), sla_met(?1), sla_breached(?1), sla_breached_open(?1),"
    " sla_in_progress(?1), sla_compliance_percent(?1), sla_lateness_total(?1),"
    " sla_lateness_mean(?1), sla_lateness_max(?1)",
    "SELECT sla_compliance_percent_lower(?1, ?2), sla_compliance_percent_upper(?1, ?2)",
    "SELECT duration_count(?1), duration_sum(?1), duration_mean(?1), duration_min(?1),"
    " duration_max(?1), duration_stddev(?1), duration_alpha(?1)",
    "SELECT duration_quantile(?1, ?2)", "SELECT cxkpi_kind(?1)",
};

/* The raw aggregates, each over column v of table r (values -127..127, some NULL); their
 * results are compared through quote() (states as hex, numbers to 17 digits). */
static const char *const raw[] = {
    "nps(v)", "csat_percent(v, 1, 5, 4)", "csat_mean(v, 0, 10, 8)",
    "fcr_percent(v & 1, v & 2, v & 4, v & 8)", "fcr_net_percent(v & 1, v & 2, v & 4, v & 8)",
    "sla_compliance_percent(abs(v) * 7.5, 300, v & 1)", "sla_compliance_percent(v * 10, 300)",
    "duration_mean(abs(v) * 0.5, 0.01)", "duration_median(abs(v) * 1e3)",
    "duration_quantile(abs(v), 0.9, 0.05)", "nps_state(v)", "csat_state(v, 1, 5, 4)",
    "fcr_state(v)", "sla_state(abs(v) * 30.0, 600, v & 2)", "duration_state(abs(v) / 3.0)",
};

static void readers_op(sqlite3 *db, const uint8_t *p, size_t n)
{
    if (n < 2)
        return;
    const char *sql = readers[p[0] % (sizeof readers / sizeof readers[0])];
    double param = (double)(int8_t)p[1] / 64.0; /* -2 .. 2: confidences, quantiles, scores */
    uint8_t *copy = malloc(n - 2 + 1);
    CHECK(copy != NULL);
    memcpy(copy, p + 2, n - 2);
    run(db, sql, copy, (int)(n - 2), param, NULL);
    fix_crc(copy, n - 2);
    run(db, sql, copy, (int)(n - 2), param * 8, NULL);
    free(copy);
}

static void merge_op(sqlite3 *db, const uint8_t *p, size_t n)
{
    sqlite3_exec(db, "CREATE TABLE s(k INTEGER PRIMARY KEY, b BLOB)", NULL, NULL, NULL);
    sqlite3_stmt *ins;
    CHECK(sqlite3_prepare_v2(db, "INSERT INTO s(b) VALUES (?1)", -1, &ins, NULL) == SQLITE_OK);
    for (int piece = 0; piece < 4 && n > 0; piece++) {
        size_t len = p[0] < n - 1 ? p[0] : n - 1;
        uint8_t *copy = malloc(len + 1);
        CHECK(copy != NULL);
        memcpy(copy, p + 1, len);
        fix_crc(copy, len);
        sqlite3_bind_blob(ins, 1, copy, (int)len, SQLITE_TRANSIENT);
        CHECK(sqlite3_step(ins) == SQLITE_DONE);
        sqlite3_reset(ins);
        free(copy);
        p += 1 + len;
        n -= 1 + len;
    }
    sqlite3_finalize(ins);
    run(db, "SELECT cxkpi_merge(b), nps_merge(b) IS NULL FROM s", NULL, 0, 0, NULL);
    run(db, "SELECT cxkpi_merge(b) OVER (ORDER BY k ROWS 1 PRECEDING) FROM s", NULL, 0, 0, NULL);
}

static void windows_op(const uint8_t *p, size_t n)
{
    if (n < 1)
        return;
    const char *agg = raw[p[0] % (sizeof raw / sizeof raw[0])];
    int rows = (p[0] >> 4) % 8; /* ROWS 0..7 PRECEDING */
    sqlite3 *dbs[2] = {open_db(sqlite3_cxkpi_init), open_db(sqlite3_cxkpi_recompute_init)};
    char *sql = sqlite3_mprintf("SELECT quote(%s OVER (ORDER BY i ROWS %d PRECEDING)),"
                                " %s OVER (ORDER BY i ROWS %d PRECEDING) FROM r",
                                agg, rows, agg, rows);
    CHECK(sql != NULL);
    char *logs[2] = {sqlite3_mprintf(""), sqlite3_mprintf("")};
    int rcs[2];
    for (int d = 0; d < 2; d++) {
        sqlite3_exec(dbs[d], "CREATE TABLE r(i INTEGER PRIMARY KEY, v INTEGER)", NULL, NULL, NULL);
        sqlite3_stmt *ins;
        CHECK(sqlite3_prepare_v2(dbs[d], "INSERT INTO r(v) VALUES (?1)", -1, &ins, NULL) ==
              SQLITE_OK);
        for (size_t i = 1; i < n && i < 512; i++) {
            if (p[i] == 0x80)
                sqlite3_bind_null(ins, 1);
            else
                sqlite3_bind_int(ins, 1, (int8_t)p[i]);
            CHECK(sqlite3_step(ins) == SQLITE_DONE);
            sqlite3_reset(ins);
        }
        sqlite3_finalize(ins);
        rcs[d] = run(dbs[d], sql, NULL, 0, 0, &logs[d]);
    }
    CHECK(rcs[0] == rcs[1]);
    if (rcs[0] == SQLITE_DONE && strcmp(logs[0], logs[1]) != 0) {
        fprintf(stderr, "%s\nwith xInverse: %s\nrecomputed:   %s\n", sql, logs[0], logs[1]);
        abort();
    }
    for (int d = 0; d < 2; d++) {
        sqlite3_free(logs[d]);
        sqlite3_close(dbs[d]);
    }
    sqlite3_free(sql);
}

static void calendar_op(sqlite3 *db, const uint8_t *p, size_t n)
{
    if (n < 2)
        return;
    double span = (double)p[0] * 3600.0 * 7;
    char *sql = sqlite3_mprintf(
        "SELECT business_seconds(1795996800, 1795996800 + %d, CAST(?1 AS TEXT)),"
        " business_due(1795996800, %d, CAST(?1 AS TEXT))", (int)span, (int)p[1] * 600);
    CHECK(sql != NULL);
    run(db, sql, p + 2, (int)(n - 2), 0, NULL);
    sqlite3_free(sql);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    if (data[0] % 4 == 2) {
        windows_op(data + 1, size - 1);
        return 0;
    }
    sqlite3 *db = open_db(sqlite3_cxkpi_init);
    switch (data[0] % 4) {
    case 0: readers_op(db, data + 1, size - 1); break;
    case 1: merge_op(db, data + 1, size - 1); break;
    default: calendar_op(db, data + 1, size - 1); break;
    }
    sqlite3_close(db);
    return 0;
}
