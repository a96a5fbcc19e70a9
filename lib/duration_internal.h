/* The duration accumulator's internals, for the modules built on it (cxkpi_aht): batches
 * that span several accumulators stay atomic by validating, then reserving the buckets of
 * every accumulator (the only step that can fail), then counting (which cannot). */
#ifndef CXKPI_DURATION_INTERNAL_H
#define CXKPI_DURATION_INTERNAL_H

#include <stdbool.h>

#include "cxkpi/duration.h"
#include "common/frame.h"
#include "store/sketch.h"

/* True for a duration in [0, CXKPI_DURATION_MAX_SECONDS]. */
bool cxkpi__duration_valid(double seconds);
/* Creates an accumulator for a configuration already validated (max_buckets resolved). */
cxkpi_duration *cxkpi__duration_create(double alpha, uint32_t max_buckets);
/* Bucket indices a batch will touch, and making room for them (CXKPI_ENOMEM only). */
void cxkpi__duration_range_add(const cxkpi_duration *d, double seconds, cxkpi__sketch_range *r);
cxkpi_status cxkpi__duration_reserve(cxkpi_duration *d, const cxkpi__sketch_range *r);
/* Counts a valid duration whose bucket was reserved; the caller checked the count. */
void cxkpi__duration_add_reserved(cxkpi_duration *d, double seconds);
/* Merge in two steps: prepare checks the configuration and the count and makes room
 * (CXKPI_EMISMATCH, CXKPI_EOVERFLOW, CXKPI_ENOMEM; dst unchanged); commit cannot fail. */
cxkpi_status cxkpi__duration_merge_prepare(cxkpi_duration *dst, const cxkpi_duration *src);
void cxkpi__duration_merge_commit(cxkpi_duration *dst, const cxkpi_duration *src);
uint64_t cxkpi__duration_n(const cxkpi_duration *d);
/* cxkpi_duration_add_many(), with the AVX2 path allowed (when the CPU has it) or not (the
 * SSE2 / portable path): tests run both. */
cxkpi_status cxkpi__duration_add_many_using(cxkpi_duration *acc, const double *seconds, size_t n,
                                            bool avx2);
/* The payload of cxkpi/duration.h's format, for embedding in another kind's payload. */
size_t cxkpi__duration_payload_size(const cxkpi_duration *d);
void cxkpi__duration_write(const cxkpi_duration *d, cxkpi__writer *w);
/* CXKPI_EFORMAT for anything malformed or inconsistent, CXKPI_ENOMEM. */
cxkpi_status cxkpi__duration_read(cxkpi_duration **out, cxkpi__reader *r);

#endif
