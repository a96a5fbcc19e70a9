/* progress.c — the progress line; see progress.h. */
#define _POSIX_C_SOURCE 200809L

#include "progress.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROGRESS_DELAY 1.0    /* seconds of work before the automatic line appears */
#define PROGRESS_MIN_LEFT 0.5 /* ... unless less than this is left */
#define PROGRESS_PERIOD 0.5   /* seconds between redraws */

static double now_seconds(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int in_ci(void)
{
    const char *ci = getenv("CI");
    return ci != NULL && ci[0] != '\0' && strcmp(ci, "0") != 0 && strcmp(ci, "false") != 0;
}

void progress_init(progress *p, int mode, FILE *out, const char *prog, const uint64_t *rows)
{
    memset(p, 0, sizeof *p);
    p->out = out;
    p->prog = prog;
    p->rows = rows;
    p->tty = isatty(fileno(out));
    p->forced = mode == PROGRESS_ALWAYS;
    p->enabled = p->forced || (mode == PROGRESS_AUTO && p->tty && !in_ci());
    p->start = now_seconds();
    p->next = p->forced ? p->start : p->start + PROGRESS_DELAY;
}

/* A byte count with a binary unit chosen for `scale`: "512.0 MiB". */
static const char *unit_for(uint64_t scale, double *div)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    *div = 1.0;
    while (u < 4 && (double)scale >= 1024.0 * *div) {
        *div *= 1024.0;
        u++;
    }
    return units[u];
}

static void draw(progress *p, double t)
{
    char line[160];
    double elapsed = t - p->start, div, rdiv;
    double rate = elapsed > 0.0 ? (double)p->done / elapsed : 0.0;
    unsigned long long rows = p->rows ? (unsigned long long)*p->rows : 0ULL;
    int n;

    if (p->total > 0) {
        const char *u = unit_for(p->total, &div);
        double pct = 100.0 * (double)p->done / (double)p->total;
        n = snprintf(line, sizeof line, "%s: %.0f%% %.1f/%.1f %s, %llu rows", p->prog,
                     pct > 100.0 ? 100.0 : pct, (double)p->done / div, (double)p->total / div,
                     u, rows);
    } else {
        const char *u = unit_for(p->done, &div);
        n = snprintf(line, sizeof line, "%s: %.1f %s, %llu rows", p->prog,
                     (double)p->done / div, u, rows);
    }
    if (n > 0 && (size_t)n < sizeof line && rate > 0.0) {
        const char *ru = unit_for((uint64_t)rate, &rdiv);
        n += snprintf(line + n, sizeof line - (size_t)n, ", %.1f %s/s", rate / rdiv, ru);
        if (p->total > 0 && p->done <= p->total && n > 0 && (size_t)n < sizeof line) {
            unsigned long long left = (unsigned long long)((double)(p->total - p->done) / rate + 0.5);
            if (left >= 3600)
                n += snprintf(line + n, sizeof line - (size_t)n, ", %llu:%02llu:%02llu left",
                              left / 3600, left / 60 % 60, left % 60);
            else
                n += snprintf(line + n, sizeof line - (size_t)n, ", %llu:%02llu left",
                              left / 60, left % 60);
        }
    }
    if (n < 0)
        return;
    size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    /* Pad over a longer previous line. */
    fprintf(p->out, "\r%s%*s", line, p->width > len ? (int)(p->width - len) : 0, "");
    fflush(p->out);
    p->width = len;
    p->shown = 1;
}

void progress_hook(void *ctx, uint64_t done, uint64_t total)
{
    progress *p = ctx;
    p->done = done;
    p->total = total;
    if (!p->enabled)
        return;
    double t = now_seconds();
    if (t < p->next)
        return;
    if (!p->forced && !p->shown && total > 0 && done > 0) {
        /* Not worth a line when the end is near. */
        double left = (t - p->start) * (double)(total - (done < total ? done : total)) / (double)done;
        if (left < PROGRESS_MIN_LEFT) {
            p->next = t + PROGRESS_PERIOD;
            return;
        }
    }
    p->next = t + PROGRESS_PERIOD;
    draw(p, t);
}

void progress_clear(progress *p)
{
    if (!p->shown)
        return;
    fprintf(p->out, "\r%*s\r", (int)p->width, "");
    fflush(p->out);
    p->shown = 0;
    p->width = 0;
}

void progress_finish(progress *p)
{
    if (!p->enabled)
        return;
    if (p->tty) {
        progress_clear(p);
        return;
    }
    draw(p, now_seconds());
    fputc('\n', p->out);
    fflush(p->out);
    p->shown = 0;
}
