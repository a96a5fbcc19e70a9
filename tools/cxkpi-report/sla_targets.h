/* sla_targets.h — the `--sla` option of cxkpi-report: durations and per-priority targets.
 *
 * A spec is a comma-separated list of `[PRIORITY:]METRIC=DURATION` items:
 *   first_reply=1h,resolution=24h
 *   urgent:first_reply=15m,urgent:resolution=4h,low:resolution=3d
 * METRIC is `first_reply` or `resolution`. An item without a priority is the default
 * target, used for tickets whose priority has no target of its own. Priorities compare
 * case-insensitively. A later item for the same priority and metric replaces an earlier one.
 *
 * A DURATION is one or more `<integer><unit>` parts, unit `d`, `h`, `m` or `s`
 * (`1h30m`, `90s`, `2d`), or a bare integer number of seconds (`3600`). It must be > 0.
 */
#ifndef CXKPI_REPORT_SLA_TARGETS_H
#define CXKPI_REPORT_SLA_TARGETS_H

#include <stddef.h>
#include <stdint.h>

enum sla_metric { SLA_FIRST_REPLY = 0, SLA_RESOLUTION = 1, SLA_METRICS = 2 };

#define SLA_MAX_TARGETS 64
#define SLA_MAX_PRIORITY 32

typedef struct sla_target {
    char priority[SLA_MAX_PRIORITY]; /* "" for the default target */
    int metric;                      /* enum sla_metric */
    int64_t seconds;                 /* > 0 */
} sla_target;

typedef struct sla_policy {
    size_t n;
    sla_target t[SLA_MAX_TARGETS];
} sla_policy;

/* Name of a metric as written in specs and in the report ("first_reply", "resolution"). */
const char *sla_metric_name(int metric);

/* Parses a duration (`len` bytes at `s`). Returns 0, or -1 with *why set. */
int sla_parse_duration(const char *s, size_t len, int64_t *out, const char **why);

/* Adds the targets of a spec (`len` bytes at `spec`) to `p`. Returns 0, or -1 with *why
 * set and `p` unchanged. */
int sla_parse(sla_policy *p, const char *spec, size_t len, const char **why);

/* The target for `metric` and a ticket's priority (`len` bytes), falling back to the
 * default target; NULL when there is none. */
const sla_target *sla_lookup(const sla_policy *p, int metric, const char *priority, size_t len);

#endif
