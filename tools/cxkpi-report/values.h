/* values.h — cell values as helpdesk exports write them, used by cxkpi-report.
 *
 * Every parser takes `len` bytes (already trimmed, not NUL-terminated) and returns 0, or -1
 * with *why (if not NULL) set to a static description and the output unchanged.
 *
 * - Numbers: an optional sign, digits, optionally a decimal mark and more digits. The
 *   decimal mark is '.' or, with `decimal_comma`, ','. No exponent, no thousands separator.
 * - Scores: an integer, or a number whose fraction is zero ("4.0", "4,0" with the decimal
 *   comma), or a label of a label map ("good" -> 1); anything else is refused.
 * - Flags: 1/0, true/false, yes/no, y/n (any case); with `counts`, a whole number is also a
 *   flag: 0 is false, more than 0 true (a reopen count, a number of escalations).
 * - Durations: a non-negative number of `unit` seconds ("12.5" minutes), or a clock
 *   duration "H:MM:SS" whatever the unit.
 * - SLA outcomes: met/achieved/ok/within sla/yes/true/1, breached/violated/missed/
 *   sla violated/no/false/0.
 */
#ifndef CXKPI_REPORT_VALUES_H
#define CXKPI_REPORT_VALUES_H

#include <stddef.h>
#include <stdint.h>

#define VAL_MAP_MAX 32
#define VAL_LABEL_MAX 48
#define VAL_WORDS_MAX 16

/* Labels that stand for scores, compared case-insensitively ("very satisfied" -> 5). */
typedef struct val_map {
    size_t n;
    struct {
        char label[VAL_LABEL_MAX];
        int32_t value;
    } e[VAL_MAP_MAX];
} val_map;

/* Values that mean "no answer" and are read as an empty cell ("n/a", "offered"). */
typedef struct val_words {
    size_t n;
    char w[VAL_WORDS_MAX][VAL_LABEL_MAX];
} val_words;

/* `len` bytes at s equal the NUL-terminated word, ignoring ASCII case. */
int val_equals_nocase(const char *s, size_t len, const char *word);

int val_parse_number(const char *s, size_t len, int decimal_comma, double *out, const char **why);

/* A score in [lo, hi]: label (when map is not NULL and has it), integer or integral decimal. */
int val_parse_score(const char *s, size_t len, int decimal_comma, const val_map *map, int32_t lo,
                    int32_t hi, int32_t *out, const char **why);

int val_parse_flag(const char *s, size_t len, int counts, int *out, const char **why);

/* A whole number >= 0 (an integral decimal such as "2.0" included). */
int val_parse_count(const char *s, size_t len, int decimal_comma, uint64_t *out, const char **why);

/* The longest duration a cell may give, in seconds (about 31,700 years): anything longer is
 * a unit mix-up or a corrupt cell, and refusing it keeps sums far from overflow. */
#define DURATION_MAX_SECONDS 1e12

/* A duration in seconds, at most DURATION_MAX_SECONDS: a non-negative number times `unit`
 * seconds, or a clock form "H:MM:SS" (hours of up to ten digits, two-digit minutes and
 * seconds) whatever the unit. */
int val_parse_duration(const char *s, size_t len, double unit, int decimal_comma, double *seconds,
                       const char **why);

/* An SLA outcome: *met = 1 (met) or 0 (breached). */
int val_parse_sla_outcome(const char *s, size_t len, int *met, const char **why);

/* A unit name: ms, s/sec/seconds, m/min/minutes, h/hours, d/days. Seconds per unit. */
int val_parse_unit(const char *s, size_t len, double *seconds);

/* Parses "label=value,label=value" (values integers 0-100) into map, added to what it
 * holds; a later label replaces an earlier one. */
int val_parse_map(val_map *map, const char *spec, const char **why);

/* Parses a comma-separated list of words (an empty spec empties the list). */
int val_parse_words(val_words *w, const char *spec, const char **why);

int val_is_word(const val_words *w, const char *s, size_t len);

#endif
