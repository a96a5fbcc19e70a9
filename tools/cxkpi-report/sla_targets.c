/* sla_targets.c — parsing of `--sla` targets; see sla_targets.h. */
#include "sla_targets.h"

#include <string.h>

static const char *const metric_names[SLA_METRICS] = {"first_reply", "resolution"};

const char *sla_metric_name(int metric)
{
    return metric >= 0 && metric < SLA_METRICS ? metric_names[metric] : "?";
}

static int fail(const char **why, const char *text)
{
    if (why)
        *why = text;
    return -1;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive comparison of a NUL-terminated name with `len` bytes. */
static int same_name(const char *name, const char *s, size_t len)
{
    size_t i = 0;
    for (; i < len; i++)
        if (name[i] == '\0' || lower(name[i]) != lower(s[i]))
            return 0;
    return name[i] == '\0';
}

int sla_parse_duration(const char *s, size_t len, int64_t *out, const char **why)
{
    const char *p = s, *end = s + len;
    int64_t total = 0;
    int parts = 0;
    if (len == 0)
        return fail(why, "empty duration");
    while (p < end) {
        if (*p < '0' || *p > '9')
            return fail(why, "duration parts are <integer><d|h|m|s>");
        int64_t v = 0;
        for (; p < end && *p >= '0' && *p <= '9'; p++) {
            if (v > (INT64_MAX / 86400 - 9) / 10)
                return fail(why, "duration too large");
            v = v * 10 + (*p - '0');
        }
        int64_t unit;
        if (p == end) {
            if (parts > 0)
                return fail(why, "duration part without a unit");
            unit = 1;
        } else {
            switch (*p++) {
            case 'd': unit = 86400; break;
            case 'h': unit = 3600; break;
            case 'm': unit = 60; break;
            case 's': unit = 1; break;
            default: return fail(why, "unknown duration unit (use d, h, m or s)");
            }
        }
        if (total > INT64_MAX / 2 - v * unit)
            return fail(why, "duration too large");
        total += v * unit;
        parts++;
    }
    if (total <= 0)
        return fail(why, "duration must be positive");
    *out = total;
    return 0;
}

int sla_parse(sla_policy *p, const char *spec, size_t len, const char **why)
{
    sla_policy next = *p;
    const char *s = spec, *end = spec + len;
    if (len == 0)
        return fail(why, "empty SLA spec");
    for (;;) {
        const char *item_end = memchr(s, ',', (size_t)(end - s));
        if (item_end == NULL)
            item_end = end;
        const char *eq = memchr(s, '=', (size_t)(item_end - s));
        if (eq == NULL)
            return fail(why, "SLA items are [PRIORITY:]METRIC=DURATION");
        const char *colon = memchr(s, ':', (size_t)(eq - s));
        const char *name = colon ? colon + 1 : s;
        size_t prio_len = colon ? (size_t)(colon - s) : 0;
        if (colon && prio_len == 0)
            return fail(why, "empty priority before ':'");
        if (prio_len >= SLA_MAX_PRIORITY)
            return fail(why, "priority name too long");
        int metric = -1;
        for (int m = 0; m < SLA_METRICS; m++)
            if (same_name(metric_names[m], name, (size_t)(eq - name)))
                metric = m;
        if (metric < 0)
            return fail(why, "unknown SLA metric (use first_reply or resolution)");
        int64_t seconds;
        if (sla_parse_duration(eq + 1, (size_t)(item_end - eq - 1), &seconds, why))
            return -1;
        sla_target t;
        memset(&t, 0, sizeof t);
        for (size_t i = 0; i < prio_len; i++)
            t.priority[i] = lower(s[i]);
        t.metric = metric;
        t.seconds = seconds;
        size_t i = 0;
        while (i < next.n && !(next.t[i].metric == metric && strcmp(next.t[i].priority, t.priority) == 0))
            i++;
        if (i == next.n) {
            if (next.n == SLA_MAX_TARGETS)
                return fail(why, "too many SLA targets");
            next.n++;
        }
        next.t[i] = t;
        if (item_end == end)
            break;
        s = item_end + 1;
    }
    *p = next;
    return 0;
}

const sla_target *sla_lookup(const sla_policy *p, int metric, const char *priority, size_t len)
{
    const sla_target *fallback = NULL;
    for (size_t i = 0; i < p->n; i++) {
        if (p->t[i].metric != metric)
            continue;
        if (p->t[i].priority[0] == '\0')
            fallback = &p->t[i];
        else if (len > 0 && same_name(p->t[i].priority, priority, len))
            return &p->t[i];
    }
    return fallback;
}
