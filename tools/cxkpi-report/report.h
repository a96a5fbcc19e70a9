/* report.h — the pieces of cxkpi-report shared by its files: the configuration built from
 * the command line, one group's accumulators, and the output writers. */
#ifndef CXKPI_REPORT_REPORT_H
#define CXKPI_REPORT_REPORT_H

#include <cxkpi.h>
#include <stdint.h>
#include <stdio.h>

#include "sla_targets.h"

/* Exit codes (documented in docs/cli.md). */
enum {
    EXIT_OK = 0,      /* report written (bad rows, if any, were skipped) */
    EXIT_DATA = 1,    /* a bad row in --strict mode, no header, a requested column missing */
    EXIT_USAGE = 2,   /* bad command line */
    EXIT_IO = 3,      /* input unreadable or output unwritable */
    EXIT_INTERNAL = 4 /* out of memory or an unexpected library error */
};

/* The input columns the tool reads, in the order of their options. */
enum column {
    COL_CSAT,
    COL_NPS,
    COL_FCR,
    COL_CREATED,
    COL_FIRST_REPLY,
    COL_SOLVED,
    COL_PRIORITY,
    COL_BY,
    COL_COUNT
};

enum format { FORMAT_TABLE, FORMAT_JSON, FORMAT_CSV };

typedef struct report_config {
    const char *col[COL_COUNT]; /* column names; NULL or "" = not used */
    int col_explicit[COL_COUNT]; /* set on the command line: must exist in the header */
    int32_t scale_min, scale_max, satisfied_min;
    sla_policy sla;
    int has_now;
    int64_t now;
    cxkpi_calendar *calendar; /* business hours, or NULL for wall-clock time */
    const char *calendar_file;
    int format;
    int strict;
    uint64_t max_errors;
    double confidence;
    const char *input; /* file name, or NULL / "-" for stdin */
    int progress;      /* enum progress_mode: --quiet, automatic, --progress */
} report_config;

/* A ticket still open when "now" is not known yet: judged at the end of the input. */
typedef struct open_ticket {
    int64_t created;
    uint32_t target; /* index in report_config.sla */
} open_ticket;

/* One group's accumulators (the whole input is the group "(all)"). Clocks and durations
 * are indexed by enum sla_metric: first reply, resolution. */
typedef struct group {
    char *key;
    size_t key_len;
    uint64_t tickets;
    cxkpi_csat *csat;
    cxkpi_nps *nps;
    cxkpi_fcr *fcr;
    cxkpi_duration *duration[SLA_METRICS];
    /* One SLA accumulator per target of the policy (per priority), created on first use. */
    cxkpi_sla *sla[SLA_METRICS][SLA_MAX_TARGETS];
    open_ticket *open[SLA_METRICS];
    size_t open_n[SLA_METRICS], open_cap[SLA_METRICS];
} group;

/* Creates an empty group (key copied). Returns NULL when memory runs out. */
group *group_new(const report_config *cfg, const char *key, size_t key_len);
void group_free(group *g);
/* Adds everything in src to dst. Returns a cxkpi_status. */
cxkpi_status group_merge(group *dst, const group *src);
/* The SLA accumulator of a metric and target (index in cfg->sla), created if needed.
 * NULL when memory runs out. */
cxkpi_sla *group_sla(group *g, const report_config *cfg, int metric, uint32_t target);

/* Group table keyed by the --by column's value. */
typedef struct group_table {
    group **slot;
    size_t cap, n;
} group_table;

/* Finds or creates the group for a key. NULL when memory runs out. */
group *group_table_get(group_table *t, const report_config *cfg, const char *key, size_t len);
/* The groups sorted by key (bytewise); caller frees the array (not the groups). */
group **group_table_sorted(const group_table *t);
void group_table_free(group_table *t);

/* What the input held, for the report's header. */
typedef struct input_summary {
    const char *name;        /* display name of the input */
    uint64_t rows, bad_rows; /* data rows read (bad ones included), rows skipped */
    int present[COL_COUNT];  /* column found in the header */
    int64_t now;             /* reference time for open tickets (valid when has_now) */
    int has_now;
    int now_from_data;       /* `now` is the latest timestamp of the input */
} input_summary;

/* Writes the report. `groups` may be NULL (no --by). Returns 0, or -1 on a write error. */
int write_report(FILE *out, const report_config *cfg, const input_summary *in,
                 const group *all, group *const *groups, size_t ngroups);

#endif
