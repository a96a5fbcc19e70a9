/* The state behind cxkpi_fcr, shared with the repeat-contact tracker that embeds one
 * (lib/fcr_tracker.c): one counter per valid outcome combination in a score histogram
 * whose "scores" are the combination slots 0..8. */
#ifndef CXKPI_FCR_INTERNAL_H
#define CXKPI_FCR_INTERNAL_H

#include "cxkpi/fcr.h"
#include "common/frame.h"
#include "store/score_hist.h"

#define CXKPI__FCR_SLOTS 9u

struct cxkpi_fcr {
    cxkpi__score_hist hist; /* hist.counts points at counts below */
    uint64_t counts[CXKPI__FCR_SLOTS];
};

/* Initialises an embedded accumulator (empty). */
void cxkpi__fcr_init(cxkpi_fcr *acc);
/* Copies the counts of src into an initialised dst. */
void cxkpi__fcr_copy(cxkpi_fcr *dst, const cxkpi_fcr *src);
/* The payload part: nine u64 LE counts, see cxkpi/fcr.h. */
#define CXKPI__FCR_PAYLOAD_SIZE (CXKPI__FCR_SLOTS * 8u)
void cxkpi__fcr_write(const cxkpi_fcr *acc, cxkpi__writer *w);
/* Reads the counts into an initialised accumulator; CXKPI_EFORMAT when the bytes run out
 * or the counts sum past 2^64 - 1. */
cxkpi_status cxkpi__fcr_read(cxkpi_fcr *acc, cxkpi__reader *r);

#endif
