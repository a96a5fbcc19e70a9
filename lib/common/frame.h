/* The serialization frame shared by every accumulator (docs/FORMAT.md):
 *
 *   offset  size  field
 *   0       4     magic "CXKP"
 *   4       2     kind (u16 LE, enum cxkpi__kind)
 *   6       2     format version of that kind's payload (u16 LE, from 1)
 *   8       8     payload length in bytes (u64 LE)
 *   16      n     payload (fixed-width little-endian fields)
 *   16+n    4     CRC-32C of bytes [0, 16+n) (u32 LE)
 *
 * Writers are handed a buffer already checked to be large enough; readers check every
 * field against the bytes that remain, and a reader that ran past the end is "bad". */
#ifndef CXKPI_COMMON_FRAME_H
#define CXKPI_COMMON_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxkpi/common.h"

#define CXKPI__FRAME_HEADER_SIZE 16u
#define CXKPI__FRAME_TRAILER_SIZE 4u

/* Kind numbers are part of the format: never renumber, only append. */
enum cxkpi__kind {
    CXKPI__KIND_CSAT = 1,
    CXKPI__KIND_NPS = 2,
    CXKPI__KIND_FCR = 3,
    CXKPI__KIND_FCR_TRACKER = 4,
    CXKPI__KIND_SLA = 5,
    CXKPI__KIND_DURATION = 6,
    CXKPI__KIND_CHURN = 7,
    CXKPI__KIND_AHT = 8,
    CXKPI__KIND_SURVIVAL = 9
};

typedef struct cxkpi__writer {
    uint8_t *p;
    size_t pos;
    size_t end;
} cxkpi__writer;

typedef struct cxkpi__reader {
    const uint8_t *p;
    size_t pos;
    size_t end;
    bool bad; /* set once a read ran past the end; every later read returns 0 */
} cxkpi__reader;

void cxkpi__put_u8(cxkpi__writer *w, uint8_t v);
void cxkpi__put_u16(cxkpi__writer *w, uint16_t v);
void cxkpi__put_u32(cxkpi__writer *w, uint32_t v);
void cxkpi__put_u64(cxkpi__writer *w, uint64_t v);
void cxkpi__put_i32(cxkpi__writer *w, int32_t v);
void cxkpi__put_i64(cxkpi__writer *w, int64_t v);
void cxkpi__put_f64(cxkpi__writer *w, double v);

uint8_t cxkpi__get_u8(cxkpi__reader *r);
uint16_t cxkpi__get_u16(cxkpi__reader *r);
uint32_t cxkpi__get_u32(cxkpi__reader *r);
uint64_t cxkpi__get_u64(cxkpi__reader *r);
int32_t cxkpi__get_i32(cxkpi__reader *r);
int64_t cxkpi__get_i64(cxkpi__reader *r);
double cxkpi__get_f64(cxkpi__reader *r);
/* Bytes not yet read (0 once bad): lets a reader bound a count before allocating. */
size_t cxkpi__reader_left(const cxkpi__reader *r);
/* True when every byte of the payload was read and no read ran past the end. */
bool cxkpi__reader_done(const cxkpi__reader *r);
/* The end of every deserializer: `st` when it is an error, else CXKPI_EFORMAT unless the
 * payload was read to its last byte and no further (a frame's length must be exact). */
cxkpi_status cxkpi__reader_finish(const cxkpi__reader *r, cxkpi_status st);

/* Total frame size for a payload of `payload_size` bytes; false on size_t overflow. */
bool cxkpi__frame_size(size_t payload_size, size_t *frame_size);

typedef void (*cxkpi__payload_writer)(const void *obj, cxkpi__writer *w);

/* Writes a whole frame: checks the pointers and the capacity (CXKPI_ENOSPC, nothing written),
 * then the header, the payload through `write_payload` (which must write exactly
 * `payload_size` bytes), and the checksum. */
cxkpi_status cxkpi__frame_write(uint16_t kind, uint16_t version, size_t payload_size,
                                cxkpi__payload_writer write_payload, const void *obj,
                                void *buf, size_t capacity, size_t *written);

/* Validates a frame of `kind` filling exactly `size` bytes and readable by a reader of
 * format versions 1..newest_version; on success *payload reads its payload and *version
 * is the frame's version. Malformed, corrupted or another kind: CXKPI_EFORMAT; a version
 * above newest_version: CXKPI_EVERSION. */
cxkpi_status cxkpi__frame_open(const void *buf, size_t size, uint16_t kind,
                               uint16_t newest_version, uint16_t *version,
                               cxkpi__reader *payload);

#endif
