/* Internal declarations shared by the files of the SQLite extension (not installed).
 *
 * Every accumulator crosses SQL as the library's serialized bytes (a BLOB). The table of
 * kinds below gives each accumulator's (de)serializer, merge and readers behind one
 * void-pointer interface, so the aggregate and reader code is written once. */
#ifndef CXKPI_SQLKPI_H
#define CXKPI_SQLKPI_H

#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include <cxkpi.h>

/* What a reader produces: a count (SQL INTEGER) or a figure (SQL REAL). */
typedef struct sqlkpi_out {
    int is_count;
    uint64_t count;
    double value;
} sqlkpi_out;

/* One accumulator kind, behind void pointers. `read` answers reader number `what` (an
 * index into the kind's own list of readers) with the reader's parameter (a confidence, a
 * quantile, a score; ignored by readers without one). */
typedef struct sqlkpi_kind {
    const char *name;  /* "csat", as in the SQL names */
    unsigned id;       /* the frame's kind number */
    cxkpi_status (*deserialize)(void **acc, const void *buf, size_t size);
    cxkpi_status (*serialized_size)(const void *acc, size_t *size);
    cxkpi_status (*serialize)(const void *acc, void *buf, size_t capacity, size_t *written);
    cxkpi_status (*merge)(void *dst, const void *src);
    void (*free)(void *acc);
    cxkpi_status (*read)(const void *acc, int what, double param, sqlkpi_out *out);
} sqlkpi_kind;

enum {
    SQLKPI_CSAT, SQLKPI_NPS, SQLKPI_FCR, SQLKPI_SLA, SQLKPI_DURATION, SQLKPI_SURVIVAL,
    SQLKPI_KINDS
};

extern const sqlkpi_kind sqlkpi_kinds[SQLKPI_KINDS];

/* Readers, per kind; the numbers index the kinds' switch statements in kinds.c. */
enum {
    CSAT_COUNT, CSAT_SATISFIED, CSAT_PERCENT, CSAT_MEAN, CSAT_SCORE_COUNT,
    CSAT_PERCENT_LOWER, CSAT_PERCENT_UPPER
};
enum {
    NPS_COUNT, NPS_SCORE, NPS_PROMOTERS, NPS_PASSIVES, NPS_DETRACTORS, NPS_STDERR, NPS_MARGIN,
    NPS_SCORE_COUNT
};
enum {
    FCR_ISSUES, FCR_RESOLVED, FCR_ESCALATED, FCR_REOPENED, FCR_EXCLUDED,
    FCR_PERCENT, FCR_NET_PERCENT, FCR_ESCALATION_PERCENT, FCR_REOPEN_PERCENT,
    FCR_PERCENT_LOWER, FCR_PERCENT_UPPER, FCR_NET_PERCENT_LOWER, FCR_NET_PERCENT_UPPER,
    FCR_ESCALATION_PERCENT_LOWER, FCR_ESCALATION_PERCENT_UPPER,
    FCR_REOPEN_PERCENT_LOWER, FCR_REOPEN_PERCENT_UPPER
};
enum {
    SLA_TARGET, SLA_MET, SLA_BREACHED, SLA_BREACHED_OPEN, SLA_IN_PROGRESS,
    SLA_COMPLIANCE_PERCENT, SLA_COMPLIANCE_PERCENT_LOWER, SLA_COMPLIANCE_PERCENT_UPPER,
    SLA_LATENESS_TOTAL, SLA_LATENESS_MEAN, SLA_LATENESS_MAX
};
enum {
    DURATION_COUNT, DURATION_SUM, DURATION_MEAN, DURATION_MIN, DURATION_MAX, DURATION_STDDEV,
    DURATION_QUANTILE, DURATION_ALPHA
};
/* A quantile not reached yet (CXKPI_ENOTFOUND) reads as NULL, as an empty state does. */
enum {
    SURVIVAL_RESOLVED, SURVIVAL_OPEN, SURVIVAL_ALPHA, SURVIVAL_PERCENT,
    SURVIVAL_PERCENT_RESOLVED_WITHIN, SURVIVAL_QUANTILE, SURVIVAL_MEDIAN
};

/* The kind a state BLOB claims in its frame header (not yet verified), or -1. */
int sqlkpi_claimed_kind(const void *buf, int size);

/* Deserializes a state argument. `want` is a kind index, or -1 for any of the kinds.
 * On success stores the accumulator and its kind index and returns 0; on failure sets an
 * SQL error naming the function `fn` and returns -1. A NULL argument is a failure too:
 * callers handle NULL first. */
int sqlkpi_load(sqlite3_context *ctx, const char *fn, sqlite3_value *arg, int want,
                void **acc, int *kind);

/* Sets the result to the accumulator's serialized bytes. */
void sqlkpi_result_state(sqlite3_context *ctx, const char *fn, int kind, const void *acc);

/* Sets the result to reader `what` of the accumulator: NULL when the accumulator is empty
 * (as SQL's avg() of no rows), an SQL error for a bad parameter. */
void sqlkpi_result_read(sqlite3_context *ctx, const char *fn, int kind, const void *acc,
                        int what, double param);

/* Sets an SQL error "fn: what: <the library's message>", or "fn: what" for CXKPI_OK. */
void sqlkpi_error(sqlite3_context *ctx, const char *fn, const char *what, cxkpi_status status);

/* Registration of each family of functions; `inverse` 0 registers the aggregates without
 * xInverse (SQLite then recomputes every window frame). Each returns an SQLite code. */
int sqlkpi_register_readers(sqlite3 *db);
int sqlkpi_register_aggregates(sqlite3 *db, int inverse);
int sqlkpi_register_calendar(sqlite3 *db);
int sqlkpi_register_compare(sqlite3 *db);

#endif /* CXKPI_SQLKPI_H */
