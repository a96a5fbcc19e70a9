/* cxkpi-report — reads a helpdesk export (CSV) and prints its customer-service KPIs.
 *
 *   cxkpi-report examples/data/tickets.csv
 *   cxkpi-report --by agent --format json tickets.csv
 *   cxkpi-report --sla urgent:first_reply=15m,first_reply=1h,resolution=24h --by priority -
 *   cxkpi-report --preset zendesk --by "Group,Priority" --period month --format html export.csv
 *
 * One pass over the input in constant memory (apart from one entry per group and period,
 * and one 16-byte deadline per ticket still open when --now is not given). Each metric
 * reads and validates its own cells (rows.c): a bad cell is counted, reported and skipped
 * by the metrics that need it, while the row's other metrics still count it. See
 * docs/cli.md for every option and output key. */
#define _POSIX_C_SOURCE 200809L

#include "csv.h"
#include "input.h"
#include "preset.h"
#include "progress.h"
#include "report.h"
#include "rows.h"
#include "timestamp.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const default_col[COL_COUNT] = {
    "csat", "nps", "fcr", "escalated", "reopened", "agent_replies", "excluded", "created_at",
    "first_reply_at", "solved_at", "sla_first_reply", "sla_resolution", "talk_time",
    "hold_time", "acw_time", "priority",
};

static const char usage_text[] =
    "Usage: cxkpi-report [OPTION]... [FILE]\n"
    "Reads a CSV export of tickets (FILE, or standard input when FILE is '-' or absent)\n"
    "and prints CSAT, NPS, FCR, SLA compliance, durations and handling time, overall, per\n"
    "group and per period.\n"
    "FILE may be gzip, zstd or zip compressed (every .csv member of a zip archive in\n"
    "turn, or one: FILE.zip:MEMBER); see --version for the formats of this build.\n"
    "\n"
    "  --preset NAME           column names and values of a helpdesk's export:\n"
    "                          zendesk, freshdesk, zammad, chatwoot (docs/cli.md)\n"
    "\n"
    "Columns (default name in brackets; an empty name turns the metric off). A column\n"
    "marked (D) may be given as NAME:UNIT (ms, s, m, h, d) when it holds durations:\n"
    "  --csat-col NAME         CSAT score [csat]\n"
    "  --csat-scale MIN-MAX    CSAT scale [1-5]\n"
    "  --satisfied-min N       lowest satisfied CSAT score [4 on 1-5; see docs/cli.md]\n"
    "  --csat-map LABEL=N,...  labels that stand for scores (good=1,bad=0)\n"
    "  --nps-col NAME          NPS answer, 0-10 [nps]\n"
    "  --nps-map LABEL=N,...   labels that stand for NPS answers\n"
    "  --no-answer WORD,...    values read as an empty cell [n/a,na,offered,unoffered]\n"
    "  --fcr-col NAME          resolved on first contact: 1/0, true/false, yes/no [fcr]\n"
    "  --escalated-col NAME    escalated: a flag or a count [escalated]\n"
    "  --reopened-col NAME     reopened: a flag or a count [reopened]\n"
    "  --replies-col NAME      agent replies; without an FCR column, FCR is one-touch\n"
    "                          resolution (solved with at most one reply) [agent_replies]\n"
    "  --excluded-col NAME     could never be resolved on first contact: a flag, left\n"
    "                          out of net FCR [excluded]\n"
    "  --created-col NAME      ticket creation time [created_at]\n"
    "  --first-reply-col NAME  first agent reply time (D) [first_reply_at]\n"
    "  --solved-col NAME       solve time, empty while open (D) [solved_at]\n"
    "  --sla-first-reply-col NAME, --sla-resolution-col NAME\n"
    "                          SLA outcome given by the export: met/breached\n"
    "                          [sla_first_reply, sla_resolution]\n"
    "  --talk-col NAME, --hold-col NAME, --acw-col NAME\n"
    "                          handling time parts, seconds or H:MM:SS (D)\n"
    "                          [talk_time, hold_time, acw_time]\n"
    "  --priority-col NAME     priority, for per-priority SLA targets [priority]\n"
    "  --by NAME[,NAME...]     also report per value of these columns (agent, team, ...)\n"
    "  --period day|week|month|quarter\n"
    "                          also report per period of the creation time (ISO weeks)\n"
    "\n"
    "Values:\n"
    "  --time-format FMT       strftime-style format of the timestamps (%m/%d/%Y %H:%M),\n"
    "                          or unix-ms; repeatable; ISO 8601 and Unix seconds always work\n"
    "  --tz ZONE               zone of timestamps without an offset, and of the periods:\n"
    "                          an IANA name (Europe/Berlin) or +HH:MM [UTC]\n"
    "  --decimal-comma         numbers are written 4,5 (decimal comma)\n"
    "\n"
    "SLA:\n"
    "  --sla LIST              targets [first_reply=1h,resolution=24h]; LIST is a list of\n"
    "                          [PRIORITY:]METRIC=DURATION, e.g. urgent:first_reply=15m;\n"
    "                          'none' turns SLA off. Repeatable.\n"
    "  --now TIMESTAMP         time at which open tickets are judged [latest in the input]\n"
    "  --calendar FILE         business hours: SLA clocks and durations count working\n"
    "                          time only (format: docs/cli.md)\n"
    "\n"
    ;

/* The rest of the help (one string literal may not exceed 4095 characters in ISO C). */
static const char usage_text2[] =
    "Output:\n"
    "  --format table|json|csv|html [table]\n"
    "  --confidence C          level of every interval, in (0, 1) [0.95]\n"
    "  --compare previous      compare each period with the one before (needs --period)\n"
    "  --compare-to GROUP      compare each --by group with GROUP (its label, values\n"
    "                          joined by ' / ')\n"
    "  --min-n N               mark figures from fewer than N answers as small samples [30]\n"
    "  --max-width W           mark figures whose interval is wider than W points [20]\n"
    "\n"
    "Bad values:\n"
    "  --strict                stop at the first bad value or row (exit status 1)\n"
    "  --max-errors N          report the first N bad values on stderr [10]\n"
    "\n"
    "Progress (a line on stderr when it is a terminal and the work takes a while):\n"
    "  --progress              show it wherever stderr goes (even in CI)\n"
    "  --quiet                 never show it\n"
    "\n"
    "  -h, --help              this help;  --version  the version\n"
    "\n"
    "Exit status: 0 report written, 1 data error (a bad value with --strict, no header, a\n"
    "requested column missing, no KPI column found), 2 usage error, 3 I/O error,\n"
    "4 out of memory.\n";

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

/* ---- command line ----------------------------------------------------------------- */

/* --now, read as the input's timestamps are (--time-format, --tz): once the zone is loaded. */
static int64_t parse_timestamp_arg(const report_config *cfg, const char *opt, const char *arg)
{
    int64_t t;
    const char *why = "";
    if (rows_parse_time(cfg, arg, strlen(arg), &t, &why) != 0) {
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

/* The options that take no value. */
static int is_switch(const char *name)
{
    return strcmp(name, "--strict") == 0 || strcmp(name, "--help") == 0 ||
           strcmp(name, "--version") == 0 || strcmp(name, "--decimal-comma") == 0 ||
           strcmp(name, "--progress") == 0 || strcmp(name, "--quiet") == 0;
}

/* The options that take a value. */
static int takes_value(const char *name)
{
    static const char *const names[] = {
        "--csat-col", "--csat-scale", "--satisfied-min", "--nps-col", "--fcr-col",
        "--created-col", "--first-reply-col", "--solved-col", "--priority-col", "--by", "--sla",
        "--now", "--calendar", "--format", "--confidence", "--max-errors", "--min-n", "--max-width",
        "--compare", "--compare-to",
        /* exports as they are */
        "--escalated-col", "--reopened-col", "--replies-col", "--excluded-col", "--sla-first-reply-col",
        "--sla-resolution-col", "--talk-col", "--hold-col", "--acw-col", "--csat-map",
        "--nps-map", "--no-answer", "--time-format", "--tz", "--period", "--preset",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return 1;
    return 0;
}

/* The column options; `unit` marks those whose column may hold durations (NAME:UNIT). */
static const struct {
    const char *name;
    int column; /* enum column */
    int unit;
} col_opts[] = {
    {"--csat-col", COL_CSAT, 0},           {"--nps-col", COL_NPS, 0},
    {"--fcr-col", COL_FCR, 0},             {"--escalated-col", COL_ESCALATED, 0},
    {"--reopened-col", COL_REOPENED, 0},   {"--replies-col", COL_REPLIES, 0},
    {"--excluded-col", COL_EXCLUDED, 0},
    {"--created-col", COL_CREATED, 0},     {"--first-reply-col", COL_FIRST_REPLY, 1},
    {"--solved-col", COL_SOLVED, 1},       {"--sla-first-reply-col", COL_SLA_FIRST_REPLY, 0},
    {"--sla-resolution-col", COL_SLA_RESOLUTION, 0},
    {"--talk-col", COL_TALK, 1},           {"--hold-col", COL_HOLD, 1},
    {"--acw-col", COL_ACW, 1},             {"--priority-col", COL_PRIORITY, 0},
};

/* Sets a column from NAME or NAME:UNIT. */
static void set_column(report_config *cfg, int c, int unit_ok, char *val, int explicit_)
{
    char *colon = strrchr(val, ':');
    double unit;
    cfg->col_unit[c] = (c == COL_TALK || c == COL_HOLD || c == COL_ACW) ? 1.0 : 0.0;
    if (unit_ok && colon && colon != val && val_parse_unit(colon + 1, strlen(colon + 1), &unit) == 0) {
        *colon = '\0';
        cfg->col_unit[c] = unit;
    }
    cfg->col[c] = val;
    cfg->col_explicit[c] = explicit_ && val[0] != '\0';
}

/* Splits the --by list (a copy owned by the configuration's lifetime: argv). */
static void set_by(report_config *cfg, char *val)
{
    cfg->nby = 0;
    for (char *p = val; *p;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        while (*p == ' ')
            p++;
        size_t n = strlen(p);
        while (n > 0 && p[n - 1] == ' ')
            p[--n] = '\0';
        if (*p) {
            if (cfg->nby == BY_MAX)
                usage_error("--by: at most %s columns", "8");
            cfg->by[cfg->nby++] = p;
        }
        if (!comma)
            break;
        p = comma + 1;
    }
}

/* Applies a preset: column names, units, label maps, time formats. */
static const preset *apply_preset(report_config *cfg, const char *name)
{
    const preset *p = preset_find(name);
    if (p == NULL) {
        fprintf(stderr, "%s: --preset '%s': unknown; known presets:", prog, name);
        for (size_t i = 0; i < preset_count(); i++)
            fprintf(stderr, " %s", preset_at(i)->name);
        fputc('\n', stderr);
        usage_error("%s", "unknown preset");
    }
    cfg->preset = p->name;
    for (int c = 0; c < COL_COUNT; c++) {
        if (p->col[c] == NULL)
            continue;
        cfg->col[c] = p->col[c];
        if (p->unit[c] > 0)
            cfg->col_unit[c] = p->unit[c];
    }
    if (p->scale_max > p->scale_min) {
        cfg->scale_min = p->scale_min;
        cfg->scale_max = p->scale_max;
    }
    const char *why;
    if (p->csat_map && val_parse_map(&cfg->csat_map, p->csat_map, &why) != 0)
        die(EXIT_INTERNAL, "preset %s: %s", p->name, why);
    if (p->no_answer && val_parse_words(&cfg->no_answer, p->no_answer, &why) != 0)
        die(EXIT_INTERNAL, "preset %s: %s", p->name, why);
    cfg->ntime_formats = 0;
    for (size_t i = 0; i < PRESET_TIME_FORMATS && p->time_format[i]; i++)
        cfg->time_format[cfg->ntime_formats++] = p->time_format[i];
    return p;
}

static void parse_args(int argc, char **argv, report_config *cfg)
{
    int satisfied_given = 0, sla_given = 0, files = 0, formats_given = 0;
    const preset *pre = NULL;

    memset(cfg, 0, sizeof *cfg);
    for (int c = 0; c < COL_COUNT; c++)
        cfg->col[c] = default_col[c];
    cfg->col_unit[COL_TALK] = cfg->col_unit[COL_HOLD] = cfg->col_unit[COL_ACW] = 1.0;
    cfg->scale_min = 1;
    cfg->scale_max = 5;
    cfg->confidence = 0.95;
    cfg->min_n = 30;
    cfg->max_width = 20.0;
    cfg->max_errors = 10;
    cfg->format = FORMAT_TABLE;
    val_parse_words(&cfg->no_answer, "n/a,na,offered,unoffered", NULL);

    /* A preset first, so that every other option overrides it wherever it stands. */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--preset") == 0 && i + 1 < argc)
            pre = apply_preset(cfg, argv[i + 1]);
        else if (strncmp(argv[i], "--preset=", 9) == 0)
            pre = apply_preset(cfg, argv[i] + 9);
    }

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
            fputs(usage_text2, stdout);
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
        if (strcmp(a, "--decimal-comma") == 0) {
            cfg->decimal_comma = 1;
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
            usage_error(is_switch(name) ? "option '%s' takes no value" : "unknown option '%s'", name);
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
                set_column(cfg, col_opts[k].column, col_opts[k].unit, val, 1);
                handled = 1;
            }
        }
        if (handled)
            continue;
        const char *why = "";
        if (strcmp(name, "--preset") == 0) {
            /* applied above */
        } else if (strcmp(name, "--by") == 0) {
            set_by(cfg, val);
        } else if (strcmp(name, "--period") == 0) {
            static const char *const periods[] = {"none", "day", "week", "month", "quarter"};
            cfg->period = -1;
            for (int k = 0; k < 5; k++)
                if (strcmp(val, periods[k]) == 0)
                    cfg->period = k;
            if (cfg->period < 0)
                usage_error("--period '%s': expected day, week, month or quarter", val);
        } else if (strcmp(name, "--time-format") == 0) {
            if (!formats_given)
                cfg->ntime_formats = 0; /* the command line replaces a preset's formats */
            formats_given = 1;
            if (cfg->ntime_formats == TIME_FORMATS_MAX)
                usage_error("--time-format '%s': at most 8 formats", val);
            int known = val[0] != '\0';
            for (const char *f = val; known && strcmp(val, "unix-ms") != 0 && *f; f++) {
                if (*f == '%') {
                    known = f[1] != '\0' && strchr("YymdeHIMSfpbhBaAzZsTFDRnt%", f[1]) != NULL;
                    f++;
                }
            }
            if (!known)
                usage_error("--time-format '%s': empty, or a directive not supported "
                            "(docs/cli.md lists them)", val);
            cfg->time_format[cfg->ntime_formats++] = val;
        } else if (strcmp(name, "--tz") == 0) {
            cfg->tz_name = val;
        } else if (strcmp(name, "--csat-map") == 0 || strcmp(name, "--nps-map") == 0) {
            val_map *map = name[2] == 'c' ? &cfg->csat_map : &cfg->nps_map;
            if (val_parse_map(map, val, &why) != 0) {
                fprintf(stderr, "%s: %s '%s': %s\n", prog, name, val, why);
                usage_error("%s", "bad label map");
            }
        } else if (strcmp(name, "--no-answer") == 0) {
            if (val_parse_words(&cfg->no_answer, val, &why) != 0) {
                fprintf(stderr, "%s: --no-answer '%s': %s\n", prog, val, why);
                usage_error("%s", "bad word list");
            }
        } else if (strcmp(name, "--csat-scale") == 0) {
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
            cfg->now_text = val; /* read in main(), once --tz is known */
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
            else if (strcmp(val, "html") == 0)
                cfg->format = FORMAT_HTML;
            else
                usage_error("--format '%s': expected table, json, csv or html", val);
        } else if (strcmp(name, "--max-errors") == 0) {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(val, &end, 10);
            if (errno || end == val || *end || val[0] == '-')
                usage_error("--max-errors '%s': expected a count", val);
            cfg->max_errors = v;
        } else if (strcmp(name, "--compare") == 0) {
            if (strcmp(val, "previous") != 0)
                usage_error("--compare '%s': expected previous (or use --compare-to GROUP)", val);
            cfg->compare = COMPARE_PREVIOUS;
        } else if (strcmp(name, "--compare-to") == 0) {
            cfg->compare = COMPARE_TO;
            cfg->compare_to = val;
        } else if (strcmp(name, "--min-n") == 0) {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(val, &end, 10);
            if (errno || end == val || *end || val[0] == '-')
                usage_error("--min-n '%s': expected a count", val);
            cfg->min_n = v;
        } else if (strcmp(name, "--max-width") == 0) {
            char *end;
            errno = 0;
            double v = strtod(val, &end);
            if (errno || end == val || *end || !(v > 0.0 && v <= 200.0))
                usage_error("--max-width '%s': expected points in (0, 200], e.g. 20", val);
            cfg->max_width = v;
        } else if (strcmp(name, "--confidence") == 0) {
            char *end;
            errno = 0;
            double v = strtod(val, &end);
            if (errno || end == val || *end || !(v > 0.0 && v < 1.0))
                usage_error("--confidence '%s': expected a number in (0, 1), e.g. 0.95", val);
            cfg->confidence = v;
        }
    }

    if (cfg->compare == COMPARE_PREVIOUS && cfg->period == PERIOD_NONE)
        usage_error("--compare %s: needs --period (day, week, month or quarter)", "previous");
    if (cfg->compare == COMPARE_TO && cfg->nby == 0)
        usage_error("--compare-to '%s': needs --by (the groups to compare)", cfg->compare_to);
    if (!sla_given) {
        static const char default_sla[] = "first_reply=1h,resolution=24h";
        sla_parse(&cfg->sla, default_sla, sizeof default_sla - 1, NULL);
    }
    if (!satisfied_given) {
        if (pre && pre->satisfied_min && cfg->scale_min == pre->scale_min &&
            cfg->scale_max == pre->scale_max)
            cfg->satisfied_min = pre->satisfied_min;
        else
            default_satisfied(cfg);
    }
    if (cfg->satisfied_min <= cfg->scale_min || cfg->satisfied_min > cfg->scale_max) {
        char msg[96];
        snprintf(msg, sizeof msg, "%d (scale %d-%d)", (int)cfg->satisfied_min,
                 (int)cfg->scale_min, (int)cfg->scale_max);
        usage_error("--satisfied-min %s: must be above the lowest score and at most the highest",
                    msg);
    }
}

/* The --tz zone, through the library's calendar: an IANA name, UTC, or +HH:MM. */
static void load_tz(report_config *cfg)
{
    const char *z = cfg->tz_name;
    cxkpi_status st = cxkpi_calendar_new(&cfg->tz);
    if (st != CXKPI_OK)
        die(EXIT_INTERNAL, "out of memory");
    if ((z[0] == '+' || z[0] == '-') && strlen(z) >= 3) {
        long long h, m = 0;
        const char *colon = strchr(z, ':');
        size_t hl = colon ? (size_t)(colon - z - 1) : strlen(z) - 1;
        if (parse_int(z + 1, hl, 0, 23, &h) != 0 ||
            (colon && parse_int(colon + 1, strlen(colon + 1), 0, 59, &m) != 0))
            usage_error("--tz '%s': expected an IANA zone name or +HH:MM", z);
        int32_t off = (int32_t)(h * 3600 + m * 60) * (z[0] == '-' ? -1 : 1);
        st = cxkpi_calendar_set_utc_offset(cfg->tz, off);
    } else {
        st = cxkpi_calendar_set_timezone(cfg->tz, z);
    }
    switch (st) {
    case CXKPI_OK:
        return;
    case CXKPI_ENOTFOUND:
        die(EXIT_USAGE, "--tz '%s': unknown time zone (no such file in the zoneinfo directory)", z);
    case CXKPI_EINVAL:
    case CXKPI_EFORMAT:
        die(EXIT_USAGE, "--tz '%s': not a valid time zone name or zone file", z);
    case CXKPI_EIO:
        die(EXIT_IO, "--tz '%s': the time zone file cannot be read", z);
    default:
        die(EXIT_INTERNAL, "--tz '%s': %s", z, cxkpi_status_str(st));
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

/* ---- a first run that helps --------------------------------------------------------- */

/* Lower-case letters and digits of a header name ("First reply time (in hrs)" ->
 * "firstreplytimeinhrs"). */
static void normalize(const char *s, size_t len, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < len && k + 1 < cap; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out[k++] = c;
    }
    out[k] = '\0';
}

/* No KPI column in the header: say which columns the file has, the closest column for
 * each option, and the presets whose columns are there; exit 1. */
_Noreturn static void no_kpi_column(const char *file, const csv_record *hdr)
{
    static const struct {
        const char *opt;
        const char *keys[6];
        int duration;
    } hints[] = {
        {"--first-reply-col", {"firstreply", "firstresponse"}, 1},
        {"--solved-col", {"solved", "resolved", "resolution", "closed", "close"}, 1},
        {"--created-col", {"created", "opened", "submitted", "recorded"}, 0},
        {"--nps-col", {"nps", "promoter", "recommend"}, 0},
        {"--fcr-col", {"fcr", "firstcontact", "onetouch"}, 0},
        {"--csat-col", {"csat", "satisfaction", "rating", "survey", "score"}, 0},
        {"--escalated-col", {"escalat"}, 0},
        {"--reopened-col", {"reopen"}, 0},
        {"--replies-col", {"replies", "agentinteraction", "replycount"}, 0},
        {"--talk-col", {"talk"}, 1},
        {"--hold-col", {"hold"}, 1},
        {"--acw-col", {"acw", "wrap", "aftercall"}, 1},
    };
    size_t n = hdr->nfields;
    char used[256] = {0};
    fprintf(stderr, "%s: %s: no KPI column found (none of the default names", prog, file);
    fprintf(stderr, " csat, nps, fcr, created_at, first_reply_at, solved_at, ...).\n");
    fprintf(stderr, "%s: the header has %zu column%s:", prog, n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        char shown[64];
        snprintf(shown, sizeof shown, "%.*s", (int)(hdr->len[i] < 60 ? hdr->len[i] : 60), hdr->field[i]);
        fprintf(stderr, "%s '%s'", i ? "," : "", shown);
    }
    fputc('\n', stderr);
    int any = 0;
    for (size_t h = 0; h < sizeof hints / sizeof hints[0]; h++) {
        int best = -1;
        size_t best_len = 0;
        for (size_t i = 0; i < n && i < sizeof used; i++) {
            char norm[128];
            if (used[i])
                continue;
            normalize(hdr->field[i], hdr->len[i], norm, sizeof norm);
            for (size_t k = 0; k < 6 && hints[h].keys[k]; k++) {
                if (strstr(norm, hints[h].keys[k]) && (best < 0 || strlen(norm) < best_len)) {
                    best = (int)i;
                    best_len = strlen(norm);
                }
            }
        }
        if (best < 0)
            continue;
        used[best] = 1;
        char norm[128];
        normalize(hdr->field[best], hdr->len[best], norm, sizeof norm);
        const char *unit = "";
        if (hints[h].duration) {
            if (strstr(norm, "minute") || strstr(norm, "inmin"))
                unit = ":minutes";
            else if (strstr(norm, "hrs") || strstr(norm, "hour"))
                unit = ":hours";
            else if (strstr(norm, "second") || strstr(norm, "insec"))
                unit = ":seconds";
        }
        fprintf(stderr, "%s: try %s '%.*s%s'\n", prog, hints[h].opt,
                (int)(hdr->len[best] < 60 ? hdr->len[best] : 60), hdr->field[best], unit);
        any = 1;
    }
    for (size_t p = 0; p < preset_count(); p++) {
        const preset *pr = preset_at(p);
        int found = 0, named = 0;
        for (int c = 0; c < COL_COUNT; c++) {
            if (pr->col[c] == NULL)
                continue;
            named++;
            for (size_t i = 0; i < n; i++)
                if (val_equals_nocase(hdr->field[i], hdr->len[i], pr->col[c]))
                    found++;
        }
        if (found >= 2 || (found >= 1 && named <= 2)) {
            fprintf(stderr, "%s: try --preset %s (%s: %d of its %d columns are here)\n", prog,
                    pr->name, pr->title, found, named);
            any = 1;
        }
    }
    if (!any)
        fprintf(stderr, "%s: name the columns with --csat-col, --nps-col, --created-col ... "
                        "(see --help)\n", prog);
    exit(EXIT_DATA);
}

/* ---- main ------------------------------------------------------------------------- */

typedef struct bad_ctx {
    const report_config *cfg;
    const char *file;
    progress *prog;
    uint64_t reported; /* bad values and rows listed so far */
} bad_ctx;

static void report_bad(void *ctx, uint64_t line, const char *msg)
{
    bad_ctx *b = ctx;
    b->reported++;
    if (b->reported <= b->cfg->max_errors || b->cfg->strict) {
        progress_clear(b->prog);
        fprintf(stderr, "%s: %s:%llu: %s\n", prog, b->file, (unsigned long long)line, msg);
    }
    if (b->cfg->strict)
        die(EXIT_DATA, "stopping at the first bad value (--strict)");
}

/* Merges every group of the table into the groups of `out` keyed by (key or "", period or
 * ""), and returns them sorted. */
static group **regroup(const report_config *cfg, group *const *cells, size_t n, int keep_key,
                       int keep_period, group_table *out, size_t *count)
{
    for (size_t i = 0; i < n; i++) {
        const group *c = cells[i];
        group *g = group_table_get(out, cfg, keep_key ? c->key : "", keep_key ? c->key_len : 0,
                                   keep_period ? c->period : "");
        if (g == NULL)
            die(EXIT_INTERNAL, "out of memory");
        cxkpi_status st = group_merge(g, c);
        if (st != CXKPI_OK)
            die(EXIT_INTERNAL, "totalling the groups: %s", cxkpi_status_str(st));
    }
    group **sorted = group_table_sorted(out);
    if (sorted == NULL)
        die(EXIT_INTERNAL, "out of memory");
    *count = out->n;
    return sorted;
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
_Noreturn static void input_failed(progress *p, input *in)
{
    char msg[512];
    int code = input_exit(input_failure(in));
    snprintf(msg, sizeof msg, "%s", input_message(in));
    input_close(in); /* the decoding thread, if any, has ended: joined here */
    progress_clear(p);
    die(code, "%s", msg);
}

int main(int argc, char **argv)
{
    report_config cfg;
    rows_state s;
    input *in;
    csv_record rec;
    char msg[512];

    parse_args(argc, argv, &cfg);
    if (cfg.tz_name)
        load_tz(&cfg);
    if (cfg.has_now)
        cfg.now = parse_timestamp_arg(&cfg, "--now", cfg.now_text);
    if (cfg.calendar_file)
        load_calendar(&cfg);

    memset(&s, 0, sizeof s);
    progress prog_line;
    progress_init(&prog_line, cfg.progress, stderr, prog, &s.rows);
    int rc = input_open(&in, cfg.input, 0, msg, sizeof msg);
    if (rc != INPUT_OK)
        die(input_exit(rc), "%s", msg);
    input_set_hook(in, progress_hook, &prog_line);

    bad_ctx bctx = {&cfg, input_name(in), &prog_line, 0};
    s.cfg = &cfg;
    s.bad = report_bad;
    s.bad_ctx = &bctx;

    rc = input_next(in, &rec);
    if (rc == CSV_EOF)
        die(EXIT_DATA, "%s: empty input (expected a header row)", input_name(in));
    if (rc == CSV_EIO || rc == CSV_ENOMEM)
        input_failed(&prog_line, in);
    if (rc != CSV_OK)
        die(EXIT_DATA, "%s:%llu: bad header row: %s", input_name(in),
            (unsigned long long)rec.line, input_csv(in)->error);
    if (rows_map_header(&s, &rec, msg, sizeof msg) != 0)
        die(EXIT_DATA, "%s: %s", input_name(in), msg);
    if (!rows_any_kpi(&s))
        no_kpi_column(input_name(in), &rec);
    cfg.with_aht = s.idx[COL_TALK] >= 0 || s.idx[COL_HOLD] >= 0 || s.idx[COL_ACW] >= 0;

    for (;;) {
        rc = input_next(in, &rec);
        if (rc == CSV_EOF)
            break;
        if (rc == CSV_EIO || rc == CSV_ENOMEM)
            input_failed(&prog_line, in);
        bctx.file = input_name(in); /* changes from one zip member to the next */
        s.rows++;
        if (rc == CSV_EFIELDS) {
            snprintf(msg, sizeof msg, "%zu fields where the header has %zu", rec.nfields,
                     input_csv(in)->expected_fields);
            s.bad_rows++;
            report_bad(&bctx, rec.line, msg);
            continue;
        }
        if (rc != CSV_OK) {
            s.bad_rows++;
            report_bad(&bctx, rec.line, input_csv(in)->error);
            continue;
        }
        cxkpi_status stc = rows_add(&s, &rec);
        if (stc != CXKPI_OK)
            die(EXIT_INTERNAL, "%s:%llu: counting the row: %s", input_name(in),
                (unsigned long long)rec.line, cxkpi_status_str(stc));
    }
    progress_finish(&prog_line);
    input_close(in);

    input_summary sum;
    memset(&sum, 0, sizeof sum);
    sum.name = cfg.input && strcmp(cfg.input, "-") != 0 ? cfg.input : "<stdin>";
    sum.rows = s.rows;
    sum.bad_rows = s.bad_rows;
    memcpy(sum.bad_values, s.bad_values, sizeof sum.bad_values);
    memcpy(sum.bad_example, s.bad_example, sizeof sum.bad_example);
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
    cxkpi_status stc = rows_settle(&s, sum.now);
    if (stc != CXKPI_OK)
        die(EXIT_INTERNAL, "open tickets: %s", cxkpi_status_str(stc));

    /* The cells (a group per --by values and period), then the totals built from them
     * with the accumulators' exact merges. */
    report_groups rg;
    memset(&rg, 0, sizeof rg);
    group_table by_t, period_t, all_t;
    memset(&by_t, 0, sizeof by_t);
    memset(&period_t, 0, sizeof period_t);
    memset(&all_t, 0, sizeof all_t);
    size_t ncells = s.table.n, nall;
    group **cells = group_table_sorted(&s.table);
    if (cells == NULL)
        die(EXIT_INTERNAL, "out of memory");
    group **all = regroup(&cfg, cells, ncells, 0, 0, &all_t, &nall);
    if (nall == 0) {
        free(all);
        if (group_table_get(&all_t, &cfg, "", 0, "") == NULL)
            die(EXIT_INTERNAL, "out of memory");
        all = group_table_sorted(&all_t);
        if (all == NULL)
            die(EXIT_INTERNAL, "out of memory");
    }
    rg.all = all[0];
    /* With only one of --by and --period, the cells are the groups (or the periods). */
    int both = cfg.nby > 0 && cfg.period != PERIOD_NONE;
    if (cfg.nby > 0 && !both) {
        rg.by = cells;
        rg.nby = ncells;
    } else if (cfg.nby > 0) {
        rg.by = regroup(&cfg, cells, ncells, 1, 0, &by_t, &rg.nby);
    }
    if (cfg.period != PERIOD_NONE && !both) {
        rg.periods = cells;
        rg.nperiods = ncells;
    } else if (cfg.period != PERIOD_NONE) {
        rg.periods = regroup(&cfg, cells, ncells, 0, 1, &period_t, &rg.nperiods);
    }
    if (both) {
        rg.cells = cells;
        rg.ncells = ncells;
    }

    uint64_t bad_total = s.bad_rows;
    for (int m = 0; m < MET_COUNT; m++)
        bad_total += s.bad_values[m];
    if (bctx.reported > 0)
        fprintf(stderr, "%s: %s: %llu bad row%s skipped, %llu bad value%s skipped by their "
                        "metrics%s\n", prog, sum.name,
                (unsigned long long)s.bad_rows, s.bad_rows == 1 ? "" : "s",
                (unsigned long long)(bad_total - s.bad_rows), bad_total - s.bad_rows == 1 ? "" : "s",
                bctx.reported > cfg.max_errors ? " (only the first ones are listed above)" : "");

    if (cfg.compare == COMPARE_TO && !compare_reference_found(&cfg, &rg))
        die(EXIT_DATA, "--compare-to '%s': no such group in the input (groups are named by "
                       "their --by values joined by ' / ')", cfg.compare_to);
    int wr = write_report(stdout, &cfg, &sum, &rg);
    if (fflush(stdout) != 0 || ferror(stdout))
        wr = -1;
    if (rg.by != cells)
        free(rg.by);
    if (rg.periods != cells)
        free(rg.periods);
    free(cells);
    free(all);
    group_table_free(&by_t);
    group_table_free(&period_t);
    group_table_free(&all_t);
    rows_free(&s);
    cxkpi_calendar_free(cfg.calendar);
    cxkpi_calendar_free(cfg.tz);
    if (wr != 0)
        die(EXIT_IO, "error writing the report: %s", strerror(errno));
    return EXIT_OK;
}
