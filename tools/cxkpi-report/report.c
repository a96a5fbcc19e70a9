/* cxkpi-report — reads a helpdesk export (CSV) and prints its customer-service KPIs.
 *
 *   cxkpi-report examples/data/tickets.csv
 *   cxkpi-report --by agent --format json tickets.csv
 *   cxkpi-report --sla urgent:first_reply=15m,first_reply=1h,resolution=24h --by priority -
 *
 * One pass over the input in constant memory (apart from one entry per group, and one
 * 8-byte deadline per ticket still open when --now is not given): each row is parsed,
 * validated as a whole, and only then fed to its group's accumulators; a bad row is
 * counted, reported and skipped. See docs/cli.md for every option and output key. */
#define _POSIX_C_SOURCE 200809L

#include "csv.h"
#include "input.h"
#include "progress.h"
#include "report.h"
#include "timestamp.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const default_col[COL_COUNT] = {
    "csat", "nps", "fcr", "created_at", "first_reply_at", "solved_at", "priority", NULL,
};

static const char usage_text[] =
    "Usage: cxkpi-report [OPTION]... [FILE]\n"
    "Reads a CSV export of tickets (FILE, or standard input when FILE is '-' or absent)\n"
    "and prints CSAT, NPS, FCR and SLA compliance, overall and per group.\n"
    "FILE may be gzip, zstd or zip compressed (every .csv member of a zip archive in\n"
    "turn, or one: FILE.zip:MEMBER); see --version for the formats of this build.\n"
    "\n"
    "Columns (default name in brackets; an empty name turns the metric off):\n"
    "  --csat-col NAME         CSAT score [csat]\n"
    "  --csat-scale MIN-MAX    CSAT scale [1-5]\n"
    "  --satisfied-min N       lowest satisfied CSAT score [4 on 1-5; see docs/cli.md]\n"
    "  --nps-col NAME          NPS answer, 0-10 [nps]\n"
    "  --fcr-col NAME          resolved on first contact: 1/0, true/false, yes/no [fcr]\n"
    "  --created-col NAME      ticket creation time [created_at]\n"
    "  --first-reply-col NAME  first agent reply time [first_reply_at]\n"
    "  --solved-col NAME       solve time, empty while open [solved_at]\n"
    "  --priority-col NAME     priority, for per-priority SLA targets [priority]\n"
    "  --by NAME               also report per value of this column (agent, team, ...)\n"
    "\n"
    "SLA:\n"
    "  --sla LIST              targets [first_reply=1h,resolution=24h]; LIST is a list of\n"
    "                          [PRIORITY:]METRIC=DURATION, e.g. urgent:first_reply=15m;\n"
    "                          'none' turns SLA off. Repeatable.\n"
    "  --now TIMESTAMP         time at which open tickets are judged [latest in the input]\n"
    "  --calendar FILE         business hours: SLA clocks and durations count working\n"
    "                          time only (format: docs/cli.md)\n"
    "\n"
    "Output:\n"
    "  --format table|json|csv [table]\n"
    "  --confidence C          level of every interval, in (0, 1) [0.95]\n"
    "\n"
    "Bad rows:\n"
    "  --strict                stop at the first bad row (exit status 1)\n"
    "  --max-errors N          report the first N bad rows on stderr [10]\n"
    "\n"
    "Progress (a line on stderr when it is a terminal and the work takes a while):\n"
    "  --progress              show it wherever stderr goes (even in CI)\n"
    "  --quiet                 never show it\n"
    "\n"
    "  -h, --help              this help;  --version  the version\n"
    "\n"
    "Exit status: 0 report written, 1 data error (a bad row with --strict, no header, a\n"
    "requested column missing), 2 usage error, 3 I/O error, 4 out of memory.\n";

static const char *prog = "cxkpi-report";

_Noreturn static void die(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(code);
}

_Noreturn static void usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", prog);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry '%s --help'.\n", prog);
    exit(EXIT_USAGE);
}

/* ---- small parsers ---------------------------------------------------------------- */

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Trims spaces and tabs around `len` bytes at *s. */
static void trim(const char **s, size_t *len)
{
    while (*len > 0 && is_space(**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && is_space((*s)[*len - 1]))
        (*len)--;
}

/* A decimal integer (optional '-') in [lo, hi]. Returns 0, or -1. */
static int parse_int(const char *s, size_t len, long long lo, long long hi, long long *out)
{
    size_t i = 0;
    int neg = 0;
    long long v = 0;
    if (len > 0 && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        i = 1;
    }
    if (i == len)
        return -1;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9' || v > 1000000000LL)
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    if (neg)
        v = -v;
    if (v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* `len` bytes at s equal the NUL-terminated word, ignoring ASCII case. */
static int equals_nocase(const char *s, size_t len, const char *word)
{
    size_t i = 0;
    for (; i < len && word[i]; i++)
        if (ascii_lower(s[i]) != ascii_lower(word[i]))
            return 0;
    return i == len && word[i] == '\0';
}

/* FCR flag: 1/0, true/false, yes/no, y/n (any case). Returns 0, or -1. */
static int parse_flag(const char *s, size_t len, int *out)
{
    static const char *const yes[] = {"1", "true", "yes", "y"};
    static const char *const no[] = {"0", "false", "no", "n"};
    for (size_t i = 0; i < 4; i++) {
        if (equals_nocase(s, len, yes[i])) {
            *out = 1;
            return 0;
        }
        if (equals_nocase(s, len, no[i])) {
            *out = 0;
            return 0;
        }
    }
    return -1;
}

/* Copies up to 40 bytes of a field for an error message, control bytes shown as '?'. */
static const char *shown(const char *s, size_t len, char *buf, size_t cap)
{
    size_t n = len < 40 ? len : 40;
    if (n > cap - 4)
        n = cap - 4;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        buf[k++] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
    if (n < len) {
        buf[k++] = '.';
        buf[k++] = '.';
        buf[k++] = '.';
    }
    buf[k] = '\0';
    return buf;
}

/* ---- command line ----------------------------------------------------------------- */

static int64_t parse_timestamp_arg(const char *opt, const char *arg)
{
    int64_t t;
    const char *why;
    if (ts_parse(arg, strlen(arg), &t, &why) != 0) {
        fprintf(stderr, "%s: %s '%s': %s\n", prog, opt, arg, why);
        usage_error("%s", "bad timestamp");
    }
    return t;
}

static void default_satisfied(report_config *cfg)
{
    /* Top-two-box for short scales (1-5 -> 4, 1-7 -> 6), top three for longer ones
     * (1-10 -> 8, 0-10 -> 8), the top point for a binary scale (0-1 -> 1). */
    int32_t points = cfg->scale_max - cfg->scale_min + 1;
    cfg->satisfied_min = points == 2 ? cfg->scale_max : points <= 7 ? cfg->scale_max - 1 : cfg->scale_max - 2;
}

/* The options that take a value (all but --strict, --help and --version). */
static int takes_value(const char *name)
{
    static const char *const names[] = {
        "--csat-col", "--csat-scale", "--satisfied-min", "--nps-col", "--fcr-col",
        "--created-col", "--first-reply-col", "--solved-col", "--priority-col", "--by", "--sla",
        "--now", "--calendar", "--format", "--confidence", "--max-errors",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return 1;
    return 0;
}

static void parse_args(int argc, char **argv, report_config *cfg)
{
    static const struct {
        const char *name;
        int column; /* enum column */
    } col_opts[] = {
        {"--csat-col", COL_CSAT},         {"--nps-col", COL_NPS},       {"--fcr-col", COL_FCR},
        {"--created-col", COL_CREATED},   {"--first-reply-col", COL_FIRST_REPLY},
        {"--solved-col", COL_SOLVED},     {"--priority-col", COL_PRIORITY}, {"--by", COL_BY},
    };
    int satisfied_given = 0, sla_given = 0, files = 0;

    memset(cfg, 0, sizeof *cfg);
    for (int c = 0; c < COL_COUNT; c++)
        cfg->col[c] = default_col[c];
    cfg->scale_min = 1;
    cfg->scale_max = 5;
    cfg->confidence = 0.95;
    cfg->max_errors = 10;
    cfg->format = FORMAT_TABLE;

    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (a[0] != '-' || strcmp(a, "-") == 0 || strncmp(a, "-:", 2) == 0) { /* -:MEMBER */
            if (files++)
                usage_error("only one input file may be given (extra: '%s')", a);
            cfg->input = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            if (i + 1 < argc) {
                cfg->input = argv[++i];
                files++;
            }
            if (i + 1 < argc || files > 1)
                usage_error("%s", "only one input file may be given");
            break;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            exit(fflush(stdout) == 0 ? EXIT_OK : EXIT_IO);
        }
        if (strcmp(a, "--version") == 0) {
            printf("cxkpi-report %s\ninput formats: %s\n", cxkpi_version_string(),
                   input_formats_built());
            exit(fflush(stdout) == 0 ? EXIT_OK : EXIT_IO);
        }
        if (strcmp(a, "--strict") == 0) {
            cfg->strict = 1;
            continue;
        }
        if (strcmp(a, "--progress") == 0 || strcmp(a, "--quiet") == 0) {
            cfg->progress = a[2] == 'p' ? PROGRESS_ALWAYS : PROGRESS_NEVER;
            continue;
        }
        /* Every other option takes a value: --opt VALUE or --opt=VALUE. */
        char *val = strchr(a, '=');
        char name[64];
        size_t nlen = val ? (size_t)(val - a) : strlen(a);
        if (nlen >= sizeof name)
            usage_error("unknown option '%s'", a);
        memcpy(name, a, nlen);
        name[nlen] = '\0';
        if (!takes_value(name))
            usage_error(strcmp(name, "--strict") == 0 || strcmp(name, "--help") == 0 ||
                                strcmp(name, "--version") == 0 ||
                                strcmp(name, "--progress") == 0 || strcmp(name, "--quiet") == 0
                            ? "option '%s' takes no value"
                            : "unknown option '%s'",
                        name);
        if (val) {
            val++;
        } else {
            if (i + 1 >= argc)
                usage_error("option '%s' needs a value", a);
            val = argv[++i];
        }

        int handled = 0;
        for (size_t k = 0; k < sizeof col_opts / sizeof col_opts[0]; k++) {
            if (strcmp(name, col_opts[k].name) == 0) {
                cfg->col[col_opts[k].column] = val;
                cfg->col_explicit[col_opts[k].column] = val[0] != '\0';
                handled = 1;
            }
        }
        if (handled)
            continue;
        if (strcmp(name, "--csat-scale") == 0) {
            long long lo, hi;
            char *dash = strchr(val, '-');
            if (dash == NULL || parse_int(val, (size_t)(dash - val), 0, 100, &lo) ||
                parse_int(dash + 1, strlen(dash + 1), 0, 100, &hi) || lo >= hi)
                usage_error("--csat-scale '%s': expected MIN-MAX with 0 <= MIN < MAX <= 100", val);
            cfg->scale_min = (int32_t)lo;
            cfg->scale_max = (int32_t)hi;
        } else if (strcmp(name, "--satisfied-min") == 0) {
            long long v;
            if (parse_int(val, strlen(val), 0, 100, &v))
                usage_error("--satisfied-min '%s': expected an integer 0-100", val);
            cfg->satisfied_min = (int32_t)v;
            satisfied_given = 1;
        } else if (strcmp(name, "--sla") == 0) {
            const char *why;
            if (!sla_given)
                cfg->sla.n = 0;
            sla_given = 1;
            if (strcmp(val, "none") == 0) {
                cfg->sla.n = 0;
            } else if (sla_parse(&cfg->sla, val, strlen(val), &why) != 0) {
                fprintf(stderr, "%s: --sla '%s': %s\n", prog, val, why);
                usage_error("%s", "bad SLA spec");
            }
        } else if (strcmp(name, "--now") == 0) {
            cfg->now = parse_timestamp_arg("--now", val);
            cfg->has_now = 1;
        } else if (strcmp(name, "--calendar") == 0) {
            cfg->calendar_file = val;
        } else if (strcmp(name, "--format") == 0) {
            if (strcmp(val, "table") == 0)
                cfg->format = FORMAT_TABLE;
            else if (strcmp(val, "json") == 0)
                cfg->format = FORMAT_JSON;
            else if (strcmp(val, "csv") == 0)
                cfg->format = FORMAT_CSV;
            else
                usage_error("--format '%s': expected table, json or csv", val);
        } else if (strcmp(name, "--max-errors") == 0) {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(val, &end, 10);
            if (errno || end == val || *end || val[0] == '-')
                usage_error("--max-errors '%s': expected a count", val);
            cfg->max_errors = v;
        } else if (strcmp(name, "--confidence") == 0) {
            char *end;
            errno = 0;
            double v = strtod(val, &end);
            if (errno || end == val || *end || !(v > 0.0 && v < 1.0))
                usage_error("--confidence '%s': expected a number in (0, 1), e.g. 0.95", val);
            cfg->confidence = v;
        }
    }

    if (!sla_given) {
        static const char default_sla[] = "first_reply=1h,resolution=24h";
        sla_parse(&cfg->sla, default_sla, sizeof default_sla - 1, NULL);
    }
    if (!satisfied_given)
        default_satisfied(cfg);
    if (cfg->satisfied_min <= cfg->scale_min || cfg->satisfied_min > cfg->scale_max) {
        char msg[96];
        snprintf(msg, sizeof msg, "%d (scale %d-%d)", (int)cfg->satisfied_min,
                 (int)cfg->scale_min, (int)cfg->scale_max);
        usage_error("--satisfied-min %s: must be above the lowest score and at most the highest",
                    msg);
    }
}

/* ---- rows ------------------------------------------------------------------------- */

typedef struct state {
    const report_config *cfg;
    int idx[COL_COUNT]; /* column index in the header, -1 when absent */
    group *all;         /* the only group without --by */
    group_table table;  /* the groups with --by */
    int have_ts;
    int64_t max_ts;     /* latest timestamp of the good rows */
    uint64_t rows, bad;
    progress prog;
} state;

/* The trimmed text of a mapped column; 0 when the column is absent or the field empty. */
static int field(const state *s, const csv_record *rec, int col, const char **v, size_t *len)
{
    if (s->idx[col] < 0)
        return 0;
    *v = rec->field[s->idx[col]];
    *len = rec->len[s->idx[col]];
    trim(v, len);
    return *len > 0;
}

/* The values of one row, parsed and validated before anything is counted. */
typedef struct row {
    int has_csat, has_nps, has_fcr, has_created, has_reply, has_solved;
    int32_t csat, nps;
    int fcr;
    int64_t created, reply, solved;
    const char *priority;
    size_t priority_len;
} row;

static int parse_ts_field(const state *s, const csv_record *rec, int col, int64_t *out,
                          char *msg, size_t cap)
{
    const char *v, *why;
    size_t len;
    char b[48];
    if (!field(s, rec, col, &v, &len))
        return 0;
    if (ts_parse(v, len, out, &why) != 0) {
        snprintf(msg, cap, "%s: '%s' is not a timestamp (%s)", s->cfg->col[col],
                 shown(v, len, b, sizeof b), why);
        return -1;
    }
    if (s->cfg->calendar && *out < CXKPI_CALENDAR_MIN_INSTANT) {
        snprintf(msg, cap, "%s: '%s' is before year 1, outside what a calendar covers",
                 s->cfg->col[col], shown(v, len, b, sizeof b));
        return -1;
    }
    return 1;
}

/* Parses a row. Returns 0, or -1 with a message. */
static int parse_row(const state *s, const csv_record *rec, row *r, char *msg, size_t cap)
{
    const report_config *cfg = s->cfg;
    const char *v;
    size_t len;
    long long x;
    char b[48];
    int k;

    memset(r, 0, sizeof *r);
    if (field(s, rec, COL_CSAT, &v, &len)) {
        if (parse_int(v, len, cfg->scale_min, cfg->scale_max, &x)) {
            snprintf(msg, cap, "%s: '%s' is not an integer score in %d-%d", cfg->col[COL_CSAT],
                     shown(v, len, b, sizeof b), (int)cfg->scale_min, (int)cfg->scale_max);
            return -1;
        }
        r->has_csat = 1;
        r->csat = (int32_t)x;
    }
    if (field(s, rec, COL_NPS, &v, &len)) {
        if (parse_int(v, len, 0, 10, &x)) {
            snprintf(msg, cap, "%s: '%s' is not an integer score in 0-10", cfg->col[COL_NPS],
                     shown(v, len, b, sizeof b));
            return -1;
        }
        r->has_nps = 1;
        r->nps = (int32_t)x;
    }
    if (field(s, rec, COL_FCR, &v, &len)) {
        if (parse_flag(v, len, &r->fcr)) {
            snprintf(msg, cap, "%s: '%s' is not 1/0, true/false or yes/no", cfg->col[COL_FCR],
                     shown(v, len, b, sizeof b));
            return -1;
        }
        r->has_fcr = 1;
    }
    if ((k = parse_ts_field(s, rec, COL_CREATED, &r->created, msg, cap)) < 0)
        return -1;
    r->has_created = k;
    if ((k = parse_ts_field(s, rec, COL_FIRST_REPLY, &r->reply, msg, cap)) < 0)
        return -1;
    r->has_reply = k;
    if ((k = parse_ts_field(s, rec, COL_SOLVED, &r->solved, msg, cap)) < 0)
        return -1;
    r->has_solved = k;
    if ((r->has_reply || r->has_solved) && !r->has_created) {
        snprintf(msg, cap, "%s is empty but the ticket has a %s time", cfg->col[COL_CREATED],
                 r->has_reply ? cfg->col[COL_FIRST_REPLY] : cfg->col[COL_SOLVED]);
        return -1;
    }
    if (r->has_reply && r->reply < r->created) {
        snprintf(msg, cap, "%s is before %s", cfg->col[COL_FIRST_REPLY], cfg->col[COL_CREATED]);
        return -1;
    }
    if (r->has_solved && r->solved < r->created) {
        snprintf(msg, cap, "%s is before %s", cfg->col[COL_SOLVED], cfg->col[COL_CREATED]);
        return -1;
    }
    if (field(s, rec, COL_PRIORITY, &v, &len)) {
        r->priority = v;
        r->priority_len = len;
    }
    return 0;
}

/* Seconds from start to end: wall-clock, or working time under --calendar; 0 when end is
 * not after start. Returns a cxkpi_status. */
static cxkpi_status elapsed(const report_config *cfg, int64_t start, int64_t end, int64_t *out)
{
    if (end <= start) {
        *out = 0;
        return CXKPI_OK;
    }
    if (cfg->calendar == NULL) {
        *out = end - start; /* both within years 0000-9999: no overflow */
        return CXKPI_OK;
    }
    return cxkpi_calendar_elapsed(cfg->calendar, start, end, out);
}

static int push_open(group *g, int m, int64_t created, uint32_t target)
{
    if (g->open_n[m] == g->open_cap[m]) {
        size_t cap = g->open_cap[m] ? g->open_cap[m] * 2 : 64;
        open_ticket *nt = realloc(g->open[m], cap * sizeof *nt);
        if (nt == NULL)
            return CXKPI_ENOMEM;
        g->open[m] = nt;
        g->open_cap[m] = cap;
    }
    g->open[m][g->open_n[m]].created = created;
    g->open[m][g->open_n[m]].target = target;
    g->open_n[m]++;
    return CXKPI_OK;
}

/* Counts an open ticket's snapshot at "now" in the accumulator of its target. */
static cxkpi_status add_open(const report_config *cfg, group *g, int m, uint32_t target,
                             int64_t created, int64_t now)
{
    int64_t secs;
    cxkpi_sla *acc = group_sla(g, cfg, m, target);
    if (acc == NULL)
        return CXKPI_ENOMEM;
    cxkpi_status st = elapsed(cfg, created, now, &secs);
    return st != CXKPI_OK ? st : cxkpi_sla_add_open(acc, (double)secs);
}

/* One SLA clock of a ticket: stopped at `end` (finished) or still running. */
static cxkpi_status count_sla(const state *s, group *g, int m, const row *r, int finished,
                              int64_t end)
{
    const report_config *cfg = s->cfg;
    const sla_target *t = sla_lookup(&cfg->sla, m, r->priority, r->priority_len);
    if (t == NULL)
        return CXKPI_OK; /* no target for this priority */
    uint32_t idx = (uint32_t)(t - cfg->sla.t);
    if (!finished) {
        if (!cfg->has_now)
            return push_open(g, m, r->created, idx);
        return add_open(cfg, g, m, idx, r->created, cfg->now);
    }
    int64_t secs;
    cxkpi_sla *acc = group_sla(g, cfg, m, idx);
    if (acc == NULL)
        return CXKPI_ENOMEM;
    cxkpi_status st = elapsed(cfg, r->created, end, &secs);
    return st != CXKPI_OK ? st : cxkpi_sla_add(acc, (double)secs);
}

/* Feeds a parsed row to its group. Returns a cxkpi_status (an error here is unexpected:
 * the row was validated). */
static cxkpi_status count_row(state *s, group *g, const row *r)
{
    const report_config *cfg = s->cfg;
    cxkpi_status st = CXKPI_OK;
    g->tickets++;
    if (r->has_csat)
        st = cxkpi_csat_add(g->csat, r->csat);
    if (st == CXKPI_OK && r->has_nps)
        st = cxkpi_nps_add(g->nps, r->nps);
    if (st == CXKPI_OK && r->has_fcr)
        st = cxkpi_fcr_add(g->fcr, r->fcr ? CXKPI_FCR_RESOLVED_FIRST_CONTACT : 0);
    if (st != CXKPI_OK || !r->has_created)
        return st;

    int64_t latest = r->created;
    if (r->has_reply && r->reply > latest)
        latest = r->reply;
    if (r->has_solved && r->solved > latest)
        latest = r->solved;
    if (!s->have_ts || latest > s->max_ts)
        s->max_ts = latest;
    s->have_ts = 1;

    /* Durations: time to first reply, resolution time (tickets that have them). */
    int64_t secs;
    if (r->has_reply && (st = elapsed(cfg, r->created, r->reply, &secs)) == CXKPI_OK)
        st = cxkpi_duration_add(g->duration[SLA_FIRST_REPLY], (double)secs);
    if (st == CXKPI_OK && r->has_solved && (st = elapsed(cfg, r->created, r->solved, &secs)) == CXKPI_OK)
        st = cxkpi_duration_add(g->duration[SLA_RESOLUTION], (double)secs);

    /* First reply clock: stops at the first reply, or at the solve time of a ticket solved
     * without a reply; still runs on an open ticket without a reply. */
    if (st == CXKPI_OK && s->idx[COL_FIRST_REPLY] >= 0) {
        if (r->has_reply)
            st = count_sla(s, g, SLA_FIRST_REPLY, r, 1, r->reply);
        else if (r->has_solved)
            st = count_sla(s, g, SLA_FIRST_REPLY, r, 1, r->solved);
        else
            st = count_sla(s, g, SLA_FIRST_REPLY, r, 0, 0);
    }
    if (st == CXKPI_OK && s->idx[COL_SOLVED] >= 0)
        st = count_sla(s, g, SLA_RESOLUTION, r, r->has_solved, r->solved);
    return st;
}

/* Judges the open tickets that were kept, now that "now" is known. */
static cxkpi_status settle_open(const report_config *cfg, group *g, int64_t now)
{
    for (int m = 0; m < SLA_METRICS; m++) {
        for (size_t i = 0; i < g->open_n[m]; i++) {
            cxkpi_status st = add_open(cfg, g, m, g->open[m][i].target, g->open[m][i].created, now);
            if (st != CXKPI_OK)
                return st;
        }
        free(g->open[m]);
        g->open[m] = NULL;
        g->open_n[m] = g->open_cap[m] = 0;
    }
    return CXKPI_OK;
}

static void bad_row(state *s, const char *file, uint64_t line, const char *msg)
{
    s->bad++;
    if (s->bad <= s->cfg->max_errors || s->cfg->strict) {
        progress_clear(&s->prog);
        fprintf(stderr, "%s: %s:%llu: %s\n", prog, file, (unsigned long long)line, msg);
    }
    if (s->cfg->strict)
        die(EXIT_DATA, "stopping at the first bad row (--strict)");
}

/* Maps the header's names to column indexes (case-insensitive, spaces trimmed). */
static void map_header(state *s, const csv_record *hdr, const char *file)
{
    for (int c = 0; c < COL_COUNT; c++) {
        s->idx[c] = -1;
        const char *want = s->cfg->col[c];
        if (want == NULL || want[0] == '\0')
            continue;
        for (size_t i = 0; i < hdr->nfields && s->idx[c] < 0; i++) {
            const char *v = hdr->field[i];
            size_t len = hdr->len[i];
            trim(&v, &len);
            if (equals_nocase(v, len, want))
                s->idx[c] = (int)i;
        }
        if (s->idx[c] < 0 && s->cfg->col_explicit[c])
            die(EXIT_DATA, "%s: no column named '%s' in the header (line %llu)", file, want,
                (unsigned long long)hdr->line);
    }
}

#define CALENDAR_MAX_BYTES ((size_t)1 << 20)

/* Reads and parses the --calendar file (the library's text form). */
static void load_calendar(report_config *cfg)
{
    const char *path = cfg->calendar_file;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        die(EXIT_IO, "--calendar %s: %s", path, strerror(errno));
    char *text = malloc(CALENDAR_MAX_BYTES);
    if (text == NULL)
        die(EXIT_INTERNAL, "out of memory");
    size_t len = fread(text, 1, CALENDAR_MAX_BYTES, f);
    int err = ferror(f), more = !err && len == CALENDAR_MAX_BYTES && fgetc(f) != EOF;
    fclose(f);
    if (err)
        die(EXIT_IO, "--calendar %s: read error", path);
    if (more)
        die(EXIT_USAGE, "--calendar %s: larger than 1 MiB", path);

    size_t line = 0;
    int64_t weekly = 0;
    cxkpi_status st = cxkpi_calendar_parse(&cfg->calendar, text, len, &line);
    free(text);
    switch (st) {
    case CXKPI_OK:
        break;
    case CXKPI_EFORMAT:
        die(EXIT_USAGE, "--calendar %s:%zu: not a valid calendar rule, or a bad time zone file",
            path, line);
    case CXKPI_ENOTFOUND:
        die(EXIT_USAGE, "--calendar %s:%zu: unknown time zone (no such file in the zoneinfo "
            "directory)", path, line);
    case CXKPI_EIO:
        die(EXIT_IO, "--calendar %s:%zu: the time zone file cannot be read", path, line);
    default:
        die(EXIT_INTERNAL, "--calendar %s: %s", path, cxkpi_status_str(st));
    }
    if (cxkpi_calendar_weekly_seconds(cfg->calendar, &weekly) != CXKPI_OK || weekly == 0)
        die(EXIT_USAGE, "--calendar %s: no working hours in the week", path);
    if (cfg->has_now && cfg->now < CXKPI_CALENDAR_MIN_INSTANT)
        die(EXIT_USAGE, "--now: before year 1, outside what a calendar covers");
}

/* Exit status for an enum input_failure. */
static int input_exit(int failure)
{
    switch (failure) {
    case INPUT_EIO:
    case INPUT_EUNSUPPORTED:
        return EXIT_IO;
    case INPUT_EDATA:
        return EXIT_DATA;
    default:
        return EXIT_INTERNAL;
    }
}

/* Stops on a failure of the input (truncated, corrupt, unreadable): no report. */
_Noreturn static void input_failed(state *s, const input *in)
{
    progress_clear(&s->prog);
    die(input_exit(input_failure(in)), "%s", input_message(in));
}

int main(int argc, char **argv)
{
    report_config cfg;
    state s;
    input *in;
    csv_record rec;
    char msg[512];

    parse_args(argc, argv, &cfg);
    if (cfg.calendar_file)
        load_calendar(&cfg);
    memset(&s, 0, sizeof s);
    s.cfg = &cfg;

    progress_init(&s.prog, cfg.progress, stderr, prog, &s.rows);
    int rc = input_open(&in, cfg.input, 0, msg, sizeof msg);
    if (rc != INPUT_OK)
        die(input_exit(rc), "%s", msg);
    input_set_hook(in, progress_hook, &s.prog);

    rc = input_next(in, &rec);
    if (rc == CSV_EOF)
        die(EXIT_DATA, "%s: empty input (expected a header row)", input_name(in));
    if (rc == CSV_EIO || rc == CSV_ENOMEM)
        input_failed(&s, in);
    if (rc != CSV_OK)
        die(EXIT_DATA, "%s:%llu: bad header row: %s", input_name(in),
            (unsigned long long)rec.line, input_csv(in)->error);
    map_header(&s, &rec, input_name(in));
    if (s.idx[COL_BY] < 0 && cfg.col[COL_BY] && cfg.col[COL_BY][0]) /* --by given */
        die(EXIT_DATA, "%s: no column named '%s'", input_name(in), cfg.col[COL_BY]);
    if (s.idx[COL_BY] < 0 && (s.all = group_new(&cfg, "(all)", 5)) == NULL)
        die(EXIT_INTERNAL, "out of memory");

    for (;;) {
        rc = input_next(in, &rec);
        if (rc == CSV_EOF)
            break;
        if (rc == CSV_EIO || rc == CSV_ENOMEM)
            input_failed(&s, in);
        s.rows++;
        if (rc == CSV_EFIELDS) {
            snprintf(msg, sizeof msg, "%zu fields where the header has %zu", rec.nfields,
                     input_csv(in)->expected_fields);
            bad_row(&s, input_name(in), rec.line, msg);
            continue;
        }
        if (rc != CSV_OK) {
            bad_row(&s, input_name(in), rec.line, input_csv(in)->error);
            continue;
        }
        row r;
        if (parse_row(&s, &rec, &r, msg, sizeof msg) != 0) {
            bad_row(&s, input_name(in), rec.line, msg);
            continue;
        }
        group *g = s.all;
        if (g == NULL) {
            const char *key = rec.field[s.idx[COL_BY]];
            size_t len = rec.len[s.idx[COL_BY]];
            trim(&key, &len);
            g = group_table_get(&s.table, &cfg, key, len);
        }
        if (g == NULL)
            die(EXIT_INTERNAL, "out of memory");
        cxkpi_status stc = count_row(&s, g, &r);
        if (stc != CXKPI_OK)
            die(EXIT_INTERNAL, "%s:%llu: counting the row: %s", input_name(in),
                (unsigned long long)rec.line, cxkpi_status_str(stc));
    }
    progress_finish(&s.prog);
    input_close(in);

    input_summary sum;
    memset(&sum, 0, sizeof sum);
    sum.name = cfg.input && strcmp(cfg.input, "-") != 0 ? cfg.input : "<stdin>";
    sum.rows = s.rows;
    sum.bad_rows = s.bad;
    for (int c = 0; c < COL_COUNT; c++)
        sum.present[c] = s.idx[c] >= 0;
    if (cfg.has_now) {
        sum.has_now = 1;
        sum.now = cfg.now;
    } else if (s.have_ts) {
        sum.has_now = 1;
        sum.now = s.max_ts;
        sum.now_from_data = 1;
    }

    group **sorted = NULL;
    size_t ngroups = 0;
    if (s.all == NULL) {
        sorted = group_table_sorted(&s.table);
        if (sorted == NULL || (s.all = group_new(&cfg, "(all)", 5)) == NULL)
            die(EXIT_INTERNAL, "out of memory");
        ngroups = s.table.n;
        for (size_t i = 0; i < ngroups; i++) {
            cxkpi_status stc = settle_open(&cfg, sorted[i], sum.now);
            if (stc == CXKPI_OK)
                stc = group_merge(s.all, sorted[i]);
            if (stc != CXKPI_OK)
                die(EXIT_INTERNAL, "totalling the groups: %s", cxkpi_status_str(stc));
        }
    } else {
        cxkpi_status stc = settle_open(&cfg, s.all, sum.now);
        if (stc != CXKPI_OK)
            die(EXIT_INTERNAL, "open tickets: %s", cxkpi_status_str(stc));
    }

    if (s.bad > 0)
        fprintf(stderr, "%s: %s: %llu bad row%s skipped%s\n", prog, sum.name,
                (unsigned long long)s.bad, s.bad == 1 ? "" : "s",
                s.bad > cfg.max_errors ? " (only the first ones are listed above)" : "");

    int wr = write_report(stdout, &cfg, &sum, s.all, sorted, ngroups);
    if (fflush(stdout) != 0 || ferror(stdout))
        wr = -1;
    free(sorted);
    group_free(s.all);
    group_table_free(&s.table);
    cxkpi_calendar_free(cfg.calendar);
    if (wr != 0)
        die(EXIT_IO, "error writing the report: %s", strerror(errno));
    return EXIT_OK;
}
