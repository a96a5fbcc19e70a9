#include "common/frame.h"

#include <string.h>

#include "common/crc32c.h"

static const uint8_t frame_magic[4] = {'C', 'X', 'K', 'P'};

static void put_le(cxkpi__writer *w, uint64_t v, unsigned bytes)
{
    /* A writer always gets a buffer sized by the caller's own payload computation; the
     * check only keeps a wrong computation from writing out of bounds (frame_write then
     * notices pos != end and fails). */
    if (w->pos > w->end || w->end - w->pos < bytes) {
        w->pos = w->end + 1;
        return;
    }
    for (unsigned i = 0; i < bytes; i++)
        w->p[w->pos + i] = (uint8_t)(v >> (8 * i));
    w->pos += bytes;
}

void cxkpi__put_u8(cxkpi__writer *w, uint8_t v) { put_le(w, v, 1); }
void cxkpi__put_u16(cxkpi__writer *w, uint16_t v) { put_le(w, v, 2); }
void cxkpi__put_u32(cxkpi__writer *w, uint32_t v) { put_le(w, v, 4); }
void cxkpi__put_u64(cxkpi__writer *w, uint64_t v) { put_le(w, v, 8); }
void cxkpi__put_i32(cxkpi__writer *w, int32_t v) { put_le(w, (uint32_t)v, 4); }
void cxkpi__put_i64(cxkpi__writer *w, int64_t v) { put_le(w, (uint64_t)v, 8); }

void cxkpi__put_f64(cxkpi__writer *w, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    put_le(w, bits, 8);
}

static uint64_t get_le(cxkpi__reader *r, unsigned bytes)
{
    if (r->bad || r->end - r->pos < bytes) {
        r->bad = true;
        return 0;
    }
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (uint64_t)r->p[r->pos + i] << (8 * i);
    r->pos += bytes;
    return v;
}

uint8_t cxkpi__get_u8(cxkpi__reader *r) { return (uint8_t)get_le(r, 1); }
uint16_t cxkpi__get_u16(cxkpi__reader *r) { return (uint16_t)get_le(r, 2); }
uint32_t cxkpi__get_u32(cxkpi__reader *r) { return (uint32_t)get_le(r, 4); }
uint64_t cxkpi__get_u64(cxkpi__reader *r) { return get_le(r, 8); }

int32_t cxkpi__get_i32(cxkpi__reader *r)
{
    uint32_t u = (uint32_t)get_le(r, 4);
    int32_t v;
    memcpy(&v, &u, sizeof v); /* two's complement reinterpretation without UB */
    return v;
}

int64_t cxkpi__get_i64(cxkpi__reader *r)
{
    uint64_t u = get_le(r, 8);
    int64_t v;
    memcpy(&v, &u, sizeof v);
    return v;
}

double cxkpi__get_f64(cxkpi__reader *r)
{
    uint64_t bits = get_le(r, 8);
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

size_t cxkpi__reader_left(const cxkpi__reader *r)
{
    return r->bad ? 0 : r->end - r->pos;
}

bool cxkpi__reader_done(const cxkpi__reader *r)
{
    return !r->bad && r->pos == r->end;
}

cxkpi_status cxkpi__reader_finish(const cxkpi__reader *r, cxkpi_status st)
{
    if (st != CXKPI_OK)
        return st;
    return cxkpi__reader_done(r) ? CXKPI_OK : CXKPI_EFORMAT;
}

bool cxkpi__frame_size(size_t payload_size, size_t *frame_size)
{
    const size_t overhead = CXKPI__FRAME_HEADER_SIZE + CXKPI__FRAME_TRAILER_SIZE;
    if (payload_size > SIZE_MAX - overhead)
        return false;
    *frame_size = payload_size + overhead;
    return true;
}

cxkpi_status cxkpi__frame_write(uint16_t kind, uint16_t version, size_t payload_size,
                                cxkpi__payload_writer write_payload, const void *obj,
                                void *buf, size_t capacity, size_t *written)
{
    size_t total;
    if (!buf || !written)
        return CXKPI_EINVAL;
    if (!cxkpi__frame_size(payload_size, &total))
        return CXKPI_ENOMEM;
    if (capacity < total)
        return CXKPI_ENOSPC;

    cxkpi__writer w = {buf, 0, total - CXKPI__FRAME_TRAILER_SIZE};
    memcpy(w.p, frame_magic, sizeof frame_magic);
    w.pos = sizeof frame_magic;
    cxkpi__put_u16(&w, kind);
    cxkpi__put_u16(&w, version);
    cxkpi__put_u64(&w, (uint64_t)payload_size);
    write_payload(obj, &w);
    if (w.pos != w.end)
        return CXKPI_EFORMAT; /* a payload writer disagreed with its own size: a library bug */
    w.end = total;
    cxkpi__put_u32(&w, cxkpi__crc32c(buf, total - CXKPI__FRAME_TRAILER_SIZE));
    *written = total;
    return CXKPI_OK;
}

cxkpi_status cxkpi__frame_open(const void *buf, size_t size, uint16_t kind,
                               uint16_t newest_version, uint16_t *version,
                               cxkpi__reader *payload)
{
    const uint8_t *p = buf;
    if (size < CXKPI__FRAME_HEADER_SIZE + CXKPI__FRAME_TRAILER_SIZE)
        return CXKPI_EFORMAT;
    if (memcmp(p, frame_magic, sizeof frame_magic) != 0)
        return CXKPI_EFORMAT;

    cxkpi__reader h = {p, sizeof frame_magic, CXKPI__FRAME_HEADER_SIZE, false};
    uint16_t frame_kind = cxkpi__get_u16(&h);
    uint16_t frame_version = cxkpi__get_u16(&h);
    uint64_t payload_size = cxkpi__get_u64(&h);
    if (payload_size != size - CXKPI__FRAME_HEADER_SIZE - CXKPI__FRAME_TRAILER_SIZE)
        return CXKPI_EFORMAT;

    cxkpi__reader t = {p, size - CXKPI__FRAME_TRAILER_SIZE, size, false};
    if (cxkpi__get_u32(&t) != cxkpi__crc32c(p, size - CXKPI__FRAME_TRAILER_SIZE))
        return CXKPI_EFORMAT;
    /* Only now, with the bytes known intact, do kind and version mean anything. */
    if (frame_kind != kind || frame_version == 0)
        return CXKPI_EFORMAT;
    if (frame_version > newest_version)
        return CXKPI_EVERSION;

    *version = frame_version;
    *payload = (cxkpi__reader){p, CXKPI__FRAME_HEADER_SIZE, size - CXKPI__FRAME_TRAILER_SIZE, false};
    return CXKPI_OK;
}
