/* preset.h — the CSV exports of common helpdesks, as cxkpi-report's --preset NAME: their
 * column names, duration units, rating labels and time formats (sources in docs/cli.md). */
#ifndef CXKPI_REPORT_PRESET_H
#define CXKPI_REPORT_PRESET_H

#include "report.h"

#define PRESET_TIME_FORMATS 4

typedef struct preset {
    const char *name;
    const char *title;                /* "Zendesk Support ticket export" */
    const char *col[COL_COUNT];       /* NULL: the tool's default name */
    double unit[COL_COUNT];           /* > 0: the column holds durations in these seconds */
    int32_t scale_min, scale_max;     /* CSAT scale, or 0, 0 for the default */
    int32_t satisfied_min;            /* 0: the default for the scale */
    const char *csat_map;             /* label map, or NULL */
    const char *no_answer;            /* "no answer" words, or NULL for the default */
    const char *time_format[PRESET_TIME_FORMATS];
    const char *by_hint;              /* a column worth grouping by, for suggestions */
} preset;

size_t preset_count(void);
const preset *preset_at(size_t i);
/* The preset of that name (case-insensitive), or NULL. */
const preset *preset_find(const char *name);

#endif
