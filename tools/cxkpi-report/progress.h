/* progress.h — cxkpi-report's progress line on standard error.
 *
 * One line, rewritten in place ('\r'), with the bytes read, the rows read and the rate,
 * and for an input of known size (a regular file) the percentage done and the time left.
 * In the automatic mode it appears only when standard error is a terminal, the CI
 * environment variable is unset (or "0"/"false"), and the work has already taken a second
 * with more than half a second left; it is redrawn at most twice a second. The forced mode
 * draws it from the first block of input on, wherever standard error goes.
 *
 * The cost while reading is at most one clock reading per block of input (64 KiB), and
 * nothing per row. */
#ifndef CXKPI_REPORT_PROGRESS_H
#define CXKPI_REPORT_PROGRESS_H

#include <stdint.h>
#include <stdio.h>

enum progress_mode {
    PROGRESS_NEVER = -1, /* --quiet */
    PROGRESS_AUTO = 0,
    PROGRESS_ALWAYS = 1  /* --progress */
};

typedef struct progress {
    FILE *out;
    const char *prog;      /* prefix of the line */
    const uint64_t *rows;  /* the caller's row counter, read when the line is drawn */
    int enabled, tty, forced, shown;
    size_t width;          /* length of the line on screen, to blank it */
    double start, next;    /* monotonic seconds */
    uint64_t done, total;  /* last figures seen */
} progress;

/* Prepares the line for `out` (standard error) in one of the enum progress_mode modes.
 * `rows` must outlive the progress line. */
void progress_init(progress *p, int mode, FILE *out, const char *prog, const uint64_t *rows);

/* An input_hook: `done` of `total` bytes (total 0: unknown) have been read. */
void progress_hook(void *p, uint64_t done, uint64_t total);

/* Blanks the line, if drawn, before another message is written to `out`; it is drawn
 * again at the next update. */
void progress_clear(progress *p);

/* At the end of the input: blanks the line on a terminal; elsewhere (forced mode) writes
 * its last state and a newline. */
void progress_finish(progress *p);

#endif
