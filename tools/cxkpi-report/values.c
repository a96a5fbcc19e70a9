/* values.c — cell values as helpdesk exports write them; see values.h. */
#include "values.h"

#include <math.h>
#include <string.h>

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

int val_equals_nocase(const char *s, size_t len, const char *word)
{
    size_t i = 0;
    for (; i < len && word[i]; i++)
        if (lower(s[i]) != lower(word[i]))
            return 0;
    return i == len && word[i] == '\0';
}

/* Digits, an optional fraction; sets *integral when the fraction is absent or all zeros. */
static int scan_number(const char *s, size_t len, int decimal_comma, double *out, int *integral)
{
    const char mark = decimal_comma ? ',' : '.';
    size_t i = 0;
    int neg = 0, digits = 0, frac_nonzero = 0;
    double v = 0.0, scale = 1.0;
    if (len > 0 && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        i = 1;
    }
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
        if (digits > 15)
            return -1; /* beyond what a double holds exactly */
        v = v * 10.0 + (s[i] - '0');
    }
    if (digits == 0)
        return -1;
    if (i < len && s[i] == mark) {
        i++;
        size_t fd = 0;
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, fd++) {
            if (fd < 15) {
                scale /= 10.0;
                v += (s[i] - '0') * scale;
            }
            frac_nonzero |= s[i] != '0';
        }
        if (fd == 0)
            return -1;
    }
    if (i != len)
        return -1;
    *out = neg ? -v : v;
    *integral = !frac_nonzero;
    return 0;
}

int val_parse_number(const char *s, size_t len, int decimal_comma, double *out, const char **why)
{
    int integral;
    double v;
    if (scan_number(s, len, decimal_comma, &v, &integral) != 0)
        return fail(why, decimal_comma ? "not a number (decimal comma)" : "not a number");
    *out = v;
    return 0;
}

int val_parse_score(const char *s, size_t len, int decimal_comma, const val_map *map, int32_t lo,
                    int32_t hi, int32_t *out, const char **why)
{
    if (map) {
        for (size_t i = 0; i < map->n; i++) {
            if (val_equals_nocase(s, len, map->e[i].label)) {
                if (map->e[i].value < lo || map->e[i].value > hi)
                    return fail(why, "the label's score is outside the scale");
                *out = map->e[i].value;
                return 0;
            }
        }
    }
    int integral;
    double v;
    if (scan_number(s, len, decimal_comma, &v, &integral) != 0)
        return fail(why, map && map->n ? "neither a score nor a label of the map" : "not a score");
    if (!integral)
        return fail(why, "not a whole score");
    if (v < lo || v > hi)
        return fail(why, "outside the scale");
    *out = (int32_t)v;
    return 0;
}

int val_parse_flag(const char *s, size_t len, int counts, int *out, const char **why)
{
    static const char *const yes[] = {"1", "true", "yes", "y"};
    static const char *const no[] = {"0", "false", "no", "n"};
    for (size_t i = 0; i < 4; i++) {
        if (val_equals_nocase(s, len, yes[i])) {
            *out = 1;
            return 0;
        }
        if (val_equals_nocase(s, len, no[i])) {
            *out = 0;
            return 0;
        }
    }
    uint64_t n;
    if (counts && val_parse_count(s, len, 0, &n, NULL) == 0) {
        *out = n > 0;
        return 0;
    }
    return fail(why, counts ? "not a flag (1/0, true/false, yes/no) nor a count"
                            : "not 1/0, true/false or yes/no");
}

int val_parse_count(const char *s, size_t len, int decimal_comma, uint64_t *out, const char **why)
{
    int integral;
    double v;
    if (scan_number(s, len, decimal_comma, &v, &integral) != 0 || !integral)
        return fail(why, "not a whole number");
    if (v < 0)
        return fail(why, "negative count");
    *out = (uint64_t)v;
    return 0;
}

/* "H:MM:SS": any hour digits, two-digit minutes and seconds below 60. */
static int parse_clock(const char *s, size_t len, double *out)
{
    size_t i = 0;
    double h = 0;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
        if (i > 9)
            return -1;
        h = h * 10 + (s[i] - '0');
    }
    if (i == 0 || len - i != 6 || s[i] != ':' || s[i + 3] != ':')
        return -1;
    const char *p = s + i;
    for (int k = 1; k < 6; k++)
        if (k != 3 && (p[k] < '0' || p[k] > '9'))
            return -1;
    int m = (p[1] - '0') * 10 + (p[2] - '0'), sec = (p[4] - '0') * 10 + (p[5] - '0');
    if (m > 59 || sec > 59)
        return -1;
    *out = h * 3600 + m * 60 + sec;
    return 0;
}

int val_parse_duration(const char *s, size_t len, double unit, int decimal_comma, double *seconds,
                       const char **why)
{
    int integral;
    double v;
    if (memchr(s, ':', len) != NULL) {
        if (parse_clock(s, len, &v) != 0)
            return fail(why, "not a duration (H:MM:SS)");
    } else {
        if (scan_number(s, len, decimal_comma, &v, &integral) != 0)
            return fail(why, "not a duration (a number, or H:MM:SS)");
        if (v < 0)
            return fail(why, "negative duration");
        v *= unit;
    }
    /* Both forms share one ceiling: ten hour digits reach 3.6e13 s. */
    if (!isfinite(v) || v > DURATION_MAX_SECONDS)
        return fail(why, "duration too large");
    *seconds = v;
    return 0;
}

int val_parse_sla_outcome(const char *s, size_t len, int *met, const char **why)
{
    static const char *const yes[] = {"met", "achieved", "ok", "within sla", "yes", "true", "1", "y"};
    static const char *const no[] = {"breached", "violated", "missed", "sla violated", "no",
                                     "false", "0", "n", "breach", "failed"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (val_equals_nocase(s, len, yes[i])) {
            *met = 1;
            return 0;
        }
    }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        if (val_equals_nocase(s, len, no[i])) {
            *met = 0;
            return 0;
        }
    }
    return fail(why, "not an SLA outcome (met/breached, within sla/sla violated, yes/no)");
}

int val_parse_unit(const char *s, size_t len, double *seconds)
{
    static const struct {
        const char *name;
        double seconds;
    } units[] = {
        {"ms", 0.001}, {"milliseconds", 0.001}, {"s", 1}, {"sec", 1}, {"seconds", 1},
        {"m", 60}, {"min", 60}, {"minutes", 60}, {"h", 3600}, {"hours", 3600},
        {"d", 86400}, {"days", 86400},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (val_equals_nocase(s, len, units[i].name)) {
            *seconds = units[i].seconds;
            return 0;
        }
    }
    return -1;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* The next comma-separated item of *p, trimmed; advances *p past the comma. */
static void next_item(const char **p, const char **item, size_t *len)
{
    const char *s = *p, *e = strchr(s, ',');
    if (e == NULL)
        e = s + strlen(s);
    *p = *e ? e + 1 : e;
    while (s < e && is_blank(*s))
        s++;
    while (e > s && is_blank(e[-1]))
        e--;
    *item = s;
    *len = (size_t)(e - s);
}

int val_parse_map(val_map *map, const char *spec, const char **why)
{
    val_map m = *map;
    const char *p = spec;
    while (*p) {
        const char *item;
        size_t len;
        next_item(&p, &item, &len);
        const char *eq = NULL;
        for (size_t i = len; i > 0; i--) {
            if (item[i - 1] == '=') {
                eq = item + i - 1;
                break;
            }
        }
        if (eq == NULL || eq == item)
            return fail(why, "expected LABEL=SCORE items separated by commas");
        size_t llen = (size_t)(eq - item);
        while (llen > 0 && is_blank(item[llen - 1]))
            llen--;
        const char *v = eq + 1;
        size_t vlen = len - (size_t)(v - item);
        while (vlen > 0 && is_blank(*v)) {
            v++;
            vlen--;
        }
        int integral;
        double x;
        if (scan_number(v, vlen, 0, &x, &integral) != 0 || !integral || x < 0 || x > 100)
            return fail(why, "a label's score must be an integer 0-100");
        if (llen >= VAL_LABEL_MAX)
            return fail(why, "label too long");
        size_t k = 0;
        while (k < m.n && !val_equals_nocase(item, llen, m.e[k].label))
            k++;
        if (k == m.n) {
            if (m.n == VAL_MAP_MAX)
                return fail(why, "too many labels");
            m.n++;
        }
        memcpy(m.e[k].label, item, llen);
        m.e[k].label[llen] = '\0';
        m.e[k].value = (int32_t)x;
    }
    *map = m;
    return 0;
}

int val_parse_words(val_words *w, const char *spec, const char **why)
{
    val_words out;
    const char *p = spec;
    out.n = 0;
    while (*p) {
        const char *item;
        size_t len;
        next_item(&p, &item, &len);
        if (len == 0)
            continue;
        if (len >= VAL_LABEL_MAX)
            return fail(why, "word too long");
        if (out.n == VAL_WORDS_MAX)
            return fail(why, "too many words");
        memcpy(out.w[out.n], item, len);
        out.w[out.n][len] = '\0';
        out.n++;
    }
    *w = out;
    return 0;
}

int val_is_word(const val_words *w, const char *s, size_t len)
{
    for (size_t i = 0; i < w->n; i++)
        if (val_equals_nocase(s, len, w->w[i]))
            return 1;
    return 0;
}
