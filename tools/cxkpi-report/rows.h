/* rows.h — cxkpi-report's reading of the rows: the header's columns, each metric's values
 * validated on its own, the group and period of a row, and the accumulators it feeds. */
#ifndef CXKPI_REPORT_ROWS_H
#define CXKPI_REPORT_ROWS_H

#include "csv.h"
#include "report.h"

/* What the tool does with a bad value or row (report.c provides it): report it on standard
 * error, and stop with --strict. */
typedef void (*rows_bad_fn)(void *ctx, uint64_t line, const char *msg);

typedef struct rows_state {
    const report_config *cfg;
    int idx[COL_COUNT];     /* column index in the header, -1 when absent */
    int by_idx[BY_MAX];
    group_table table;      /* a group per --by values and period ("" and "" without them) */
    int have_ts;
    int64_t max_ts;         /* latest valid timestamp of the input */
    uint64_t rows, bad_rows;
    uint64_t bad_values[MET_COUNT];
    bad_example bad_example[MET_COUNT][BAD_EXAMPLES];
    char *key;              /* the row's group key, reused */
    size_t key_cap;
    rows_bad_fn bad;
    void *bad_ctx;
} rows_state;

/* Maps the header's names to columns (case-insensitive, spaces trimmed). Returns 0, or -1
 * with msg set when a column named on the command line is missing. */
int rows_map_header(rows_state *s, const csv_record *hdr, char *msg, size_t cap);

/* A KPI column present? (0: none of them: nothing to report) */
int rows_any_kpi(const rows_state *s);

/* Reads one data row into its group. Returns a cxkpi_status (only ENOMEM and unexpected
 * library errors; bad values are reported through s->bad and counted). */
cxkpi_status rows_add(rows_state *s, const csv_record *rec);

/* Judges the open tickets kept until "now" was known. */
cxkpi_status rows_settle(rows_state *s, int64_t now);

/* Parses a timestamp as the options say (--time-format, --tz). 0, or -1 with *why. */
int rows_parse_time(const report_config *cfg, const char *v, size_t len, int64_t *out,
                    const char **why);

/* The period key ("2026-01-05", "2026-W02", "2026-01", "2026-Q1") of an instant, in the
 * --tz zone. 0, or -1 when the zone cannot say. */
int rows_period_key(const report_config *cfg, int64_t t, char *buf, size_t cap);

void rows_free(rows_state *s);

#endif
