/* svg.h — the charts of cxkpi-report's HTML report, drawn as inline SVG (no script, no
 * font, nothing fetched). Every mark carries its figure in data attributes (data-key,
 * data-value, data-lo, data-hi) written as the JSON report writes numbers, so that a test
 * can check the drawing against the JSON. */
#ifndef CXKPI_REPORT_SVG_H
#define CXKPI_REPORT_SVG_H

#include <stddef.h>
#include <stdio.h>

/* One bar or point: a label, a value, and optionally an interval. `ok` is 0 when the value
 * is undefined (nothing counted): the label is drawn, the mark is not. */
typedef struct svg_item {
    const char *label;
    int ok, has_interval;
    double value, lo, hi;
} svg_item;

/* Writes text for HTML or SVG: &, <, >, " escaped, control characters and bytes that are
 * not valid UTF-8 shown as U+FFFD. */
void svg_text(FILE *out, const char *s, size_t len);

/* Vertical bars with interval whiskers on a [ymin, ymax] axis (percent, NPS points). */
void svg_bars(FILE *out, const char *chart, const svg_item *items, size_t n, double ymin,
              double ymax, const char *unit);

/* A line over periods with its interval as a band. */
void svg_trend(FILE *out, const char *chart, const svg_item *items, size_t n, double ymin,
               double ymax, const char *unit);

/* Horizontal bars of durations in seconds (mean and quantiles), axis from 0. */
void svg_durations(FILE *out, const char *chart, const svg_item *items, size_t n);

#endif
