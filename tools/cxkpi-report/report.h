/* report.h — the pieces of cxkpi-report shared by its files: the configuration built from
 * the command line, one group's accumulators, and the output writers. */
#ifndef CXKPI_REPORT_REPORT_H
#define CXKPI_REPORT_REPORT_H

#include <cxkpi.h>
#include <stdint.h>
#include <stdio.h>

#include "sla_targets.h"
#include "values.h"

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
    COL_ESCALATED,
    COL_REOPENED,
    COL_REPLIES,
    COL_EXCLUDED,        /* could never be resolved on first contact (net FCR) */
    COL_CREATED,
    COL_FIRST_REPLY,
    COL_SOLVED,
    COL_SLA_FIRST_REPLY, /* SLA outcome columns: met / breached */
    COL_SLA_RESOLUTION,
    COL_TALK,
    COL_HOLD,
    COL_ACW,
    COL_PRIORITY,
    COL_COUNT
};

/* The metrics, each validated on its own: a bad cell skips the row for that metric only. */
enum metric { MET_CSAT, MET_NPS, MET_FCR, MET_FIRST_REPLY, MET_RESOLUTION, MET_AHT, MET_COUNT };

enum format { FORMAT_TABLE, FORMAT_JSON, FORMAT_CSV, FORMAT_HTML };

enum period { PERIOD_NONE, PERIOD_DAY, PERIOD_WEEK, PERIOD_MONTH, PERIOD_QUARTER };

/* --compare previous (each period against the one before), --compare-to GROUP. */
enum compare { COMPARE_NONE, COMPARE_PREVIOUS, COMPARE_TO };

#define BY_MAX 8
#define TIME_FORMATS_MAX 8
#define BAD_EXAMPLES 3   /* bad values kept per metric for the report */
#define PERIOD_KEY_MAX 16

typedef struct report_config {
    const char *col[COL_COUNT]; /* column names; NULL or "" = not used */
    int col_explicit[COL_COUNT]; /* set on the command line: must exist in the header */
    double col_unit[COL_COUNT];  /* > 0: the column holds a duration in these seconds
                                    (first reply, solved, talk, hold, after-call work) */
    const char *by[BY_MAX];      /* --by columns */
    size_t nby;
    int period;                  /* enum period */
    const char *time_format[TIME_FORMATS_MAX]; /* strftime-style; "unix-ms" for milliseconds */
    size_t ntime_formats;
    const char *tz_name;         /* --tz */
    cxkpi_calendar *tz;          /* the zone of timestamps without an offset, or NULL (UTC) */
    int decimal_comma;
    val_map csat_map, nps_map;
    val_words no_answer;
    const char *preset;          /* --preset name, or NULL */
    int with_aht;                /* a handling-time column is in the header (set once read) */
    int32_t scale_min, scale_max, satisfied_min;
    sla_policy sla;
    int has_now;
    const char *now_text;        /* --now as given */
    int64_t now;
    cxkpi_calendar *calendar; /* business hours, or NULL for wall-clock time */
    const char *calendar_file;
    int format;
    int strict;
    uint64_t max_errors;
    double confidence;
    int compare;              /* enum compare */
    const char *compare_to;   /* --compare-to: the reference group's label */
    uint64_t min_n;    /* --min-n: fewer answers than this marks a figure as a small sample */
    double max_width;  /* --max-width: an interval wider than this (points) marks it too */
    const char *input; /* file name, or NULL / "-" for stdin */
    int progress;      /* enum progress_mode: --quiet, automatic, --progress */
} report_config;

/* A ticket still open when "now" is not known yet: judged at the end of the input. */
typedef struct open_ticket {
    int64_t created;
    uint32_t target; /* index in report_config.sla */
} open_ticket;

/* One group's accumulators (the whole input is the group "(all)"). Clocks and durations
 * are indexed by enum sla_metric: first reply, resolution. The key is the --by values
 * joined by BY_SEP; the period is "" without --period. */
#define BY_SEP '\x1f'
typedef struct group {
    char *key;
    size_t key_len;
    char period[PERIOD_KEY_MAX];
    uint64_t tickets;
    cxkpi_csat *csat;
    cxkpi_nps *nps;
    cxkpi_fcr *fcr;
    cxkpi_aht *aht;                       /* NULL unless handling-time columns are read */
    cxkpi_sla *sla_outcome[SLA_METRICS];  /* from met/breached columns (target 1 s) */
    cxkpi_duration *duration[SLA_METRICS];
    /* One SLA accumulator per target of the policy (per priority), created on first use. */
    cxkpi_sla *sla[SLA_METRICS][SLA_MAX_TARGETS];
    open_ticket *open[SLA_METRICS];
    size_t open_n[SLA_METRICS], open_cap[SLA_METRICS];
    /* Resolution time with open tickets included (Kaplan-Meier): solved tickets' times and
     * open tickets' ages; the creation times of open tickets wait here while "now" is not
     * known yet. */
    cxkpi_survival *survival;
    int64_t *km_open;
    size_t km_open_n, km_open_cap;
} group;

/* Creates an empty group (key and period copied). Returns NULL when memory runs out. */
group *group_new(const report_config *cfg, const char *key, size_t key_len, const char *period);
void group_free(group *g);
/* Adds everything in src to dst. Returns a cxkpi_status. */
cxkpi_status group_merge(group *dst, const group *src);
/* The SLA accumulator of a metric and target (index in cfg->sla), created if needed.
 * NULL when memory runs out. */
cxkpi_sla *group_sla(group *g, const report_config *cfg, int metric, uint32_t target);

/* Group table keyed by the --by values and the period. */
typedef struct group_table {
    group **slot;
    size_t cap, n;
} group_table;

/* Finds or creates the group for a key and period. NULL when memory runs out. */
group *group_table_get(group_table *t, const report_config *cfg, const char *key, size_t len,
                       const char *period);
/* The groups sorted by key, then period (bytewise); caller frees the array (not the groups). */
group **group_table_sorted(const group_table *t);
void group_table_free(group_table *t);

/* A bad value kept for the report: where and why. */
typedef struct bad_example {
    uint64_t line;
    char msg[160];
} bad_example;

/* What the input held, for the report's header. */
typedef struct input_summary {
    const char *name;        /* display name of the input */
    uint64_t rows, bad_rows; /* data rows read (bad ones included), rows skipped */
    uint64_t bad_values[MET_COUNT];               /* rows each metric skipped */
    bad_example bad_example[MET_COUNT][BAD_EXAMPLES];
    int present[COL_COUNT];  /* column found in the header */
    int64_t now;             /* reference time for open tickets (valid when has_now) */
    int has_now;
    int now_from_data;       /* `now` is the latest timestamp of the input */
} input_summary;

/* The groups of a report: the total, and (each may be empty) the --by groups over every
 * period, the periods over every group, and each group in each period. */
typedef struct report_groups {
    const group *all;
    group **by;
    size_t nby;
    group **periods;
    size_t nperiods;
    group **cells;
    size_t ncells;
} report_groups;

/* Name of a metric in the report ("csat", "first_reply", "aht"...). */
const char *metric_name(int metric);

/* Writes the report. Returns 0, or -1 on a write error. */
int write_report(FILE *out, const report_config *cfg, const input_summary *in,
                 const report_groups *rg);

/* ---- figures computed once per group, shared by every format (output.c) ----------- */

/* A proportion as the library reports it. `ok` is 0 when nothing was counted: the
 * percentage and interval are then undefined (the library says CXKPI_EEMPTY). */
typedef struct ratio {
    uint64_t successes, trials;
    int ok;
    double percent, lo, hi;
    int small; /* ok, and trials < --min-n or the interval wider than --max-width */
} ratio;

typedef struct nps_values {
    uint64_t n, promoters, passives, detractors;
    int ok;
    double score, se, margin, pro_pct, pas_pct, det_pct;
    double lo, hi; /* score -+ margin, clipped to [-100, 100] as the bindings' interval is */
    int small;     /* as ratio.small, for the interval [lo, hi] */
} nps_values;

typedef struct sla_values {
    ratio compliance; /* successes = met, trials = met + breached */
    uint64_t breached_open, in_progress;
} sla_values;

/* Quantiles reported for every duration: median, p90, p95, p99. */
#define DURATION_Q 4
extern const double duration_q[DURATION_Q];
extern const char *const duration_q_name[DURATION_Q];

typedef struct duration_values {
    uint64_t n;
    int ok;
    double mean, q[DURATION_Q];
} duration_values;

/* The median resolution time with open tickets included (Kaplan-Meier): `ok` is 0 when
 * nothing was counted or the estimate never falls to one half (too many tickets open). */
typedef struct km_values {
    uint64_t resolved, open;
    int ok;
    double median;
} km_values;

typedef struct values {
    ratio csat;
    double csat_mean;
    nps_values nps;
    ratio fcr, net_fcr, escalation, reopen;
    sla_values sla[SLA_METRICS];
    duration_values duration[SLA_METRICS];
    duration_values aht[4]; /* talk, hold, after-call work, total (enum cxkpi_aht_part) */
    km_values km;           /* resolution time, open tickets included */
} values;

void compute_values(const report_config *cfg, const group *g, values *v);

/* Which sections the report has: a metric appears when its columns are in the input. */
typedef struct sections {
    int csat, nps, fcr, fcr_escalated, fcr_reopened, fcr_excluded, sla[SLA_METRICS], duration[SLA_METRICS], aht;
    const char *fcr_source; /* "column", "replies" (one-touch) or "none" */
} sections;

sections report_sections(const report_config *cfg, const input_summary *in);

/* A group's display name: the --by values joined by " / " ("(empty)" for an empty one),
 * written into buf. */
void group_label(const group *g, char *buf, size_t cap);

/* A duration as the table writes it: "42s", "5m07s", "3h05m", "2d04h", or "-" when !ok. */
void format_seconds(int ok, double seconds, char *buf, size_t cap);

/* Length of the well-formed UTF-8 sequence starting at s[0] (a byte >= 0x80), or 0 when it
 * is malformed. */
size_t utf8_sequence(const unsigned char *s, size_t left);

/* A JSON string (invalid UTF-8 as U+FFFD) and a JSON number, as the report writes them. */
void json_write_string(FILE *out, const char *s, size_t len);
void json_write_number(FILE *out, double x);

/* Comparisons (compare.c): the section of the table, and the "comparisons" member of the
 * JSON object (written with its leading comma). Return 0. */
int compare_write_table(FILE *out, const report_config *cfg, const sections *sec,
                        const report_groups *rg);
int compare_write_json(FILE *out, const report_config *cfg, const sections *sec,
                       const report_groups *rg);
/* The comparison rows of the CSV output, and the section of the HTML page. */
int compare_write_csv(FILE *out, const report_config *cfg, const sections *sec,
                      const report_groups *rg);
int compare_write_html(FILE *out, const report_config *cfg, const sections *sec,
                       const report_groups *rg);
/* An RFC 4180 CSV field, quoted when it needs to be. */
void csv_write_field(FILE *out, const char *s, size_t len);
/* Whether the --compare-to group exists among the --by groups. */
int compare_reference_found(const report_config *cfg, const report_groups *rg);

/* The HTML report (html.c). Returns 0, or -1 on a write error. */
int write_html(FILE *out, const report_config *cfg, const input_summary *in,
               const report_groups *rg);

#endif
