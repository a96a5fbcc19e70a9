#include "time/tzif.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"

#define TZIF_HEADER 44
/* RFC 8536 section 3.2: utoff in [-89999, 93599] (-25h+1s .. 26h-1s). */
#define TZIF_MIN_OFF (-89999)
#define TZIF_MAX_OFF 93599

typedef struct tzif_header {
    char version; /* 0 for version 1, else '2', '3', '4' */
    uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
} tzif_header;

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const uint8_t *p)
{
    uint64_t v = (uint64_t)be32(p) << 32 | be32(p + 4);
    return v <= INT64_MAX ? (int64_t)v : -(int64_t)(~v) - 1; /* two's complement, portably */
}

static int32_t be32s(const uint8_t *p)
{
    uint32_t v = be32(p);
    return v <= INT32_MAX ? (int32_t)v : -(int32_t)(~v) - 1;
}

static bool read_header(const uint8_t *p, size_t left, tzif_header *h)
{
    if (left < TZIF_HEADER || memcmp(p, "TZif", 4) != 0)
        return false;
    h->version = (char)p[4];
    if (h->version != 0 && h->version != '2' && h->version != '3' && h->version != '4')
        return false;
    h->isutcnt = be32(p + 20);
    h->isstdcnt = be32(p + 24);
    h->leapcnt = be32(p + 28);
    h->timecnt = be32(p + 32);
    h->typecnt = be32(p + 36);
    h->charcnt = be32(p + 40);
    /* RFC 8536 3.1: typecnt and charcnt nonzero; isutcnt and isstdcnt 0 or typecnt. */
    return h->typecnt != 0 && h->charcnt != 0 && (h->isutcnt == 0 || h->isutcnt == h->typecnt) &&
           (h->isstdcnt == 0 || h->isstdcnt == h->typecnt);
}

/* Size of a data block; counts are 32-bit so the sum fits in 64 bits. */
static uint64_t block_size(const tzif_header *h, unsigned time_size)
{
    return (uint64_t)h->timecnt * time_size + h->timecnt + (uint64_t)h->typecnt * 6 +
           h->charcnt + (uint64_t)h->leapcnt * (time_size + 4) + h->isstdcnt + h->isutcnt;
}

/* Decodes a data block already known to lie within the buffer. */
static cxkpi_status read_block(const uint8_t *p, const tzif_header *h, unsigned time_size,
                               cxkpi__tz *out)
{
    const uint8_t *times = p, *idx = p + (size_t)h->timecnt * time_size;
    const uint8_t *types = idx + h->timecnt, *chars = types + (size_t)h->typecnt * 6;
    if (h->leapcnt != 0)
        return CXKPI_EFORMAT; /* leap-second ("right/") zones are not supported */
    for (uint32_t i = 0; i < h->typecnt; i++) {
        int32_t off = be32s(types + 6 * i);
        if (off < TZIF_MIN_OFF || off > TZIF_MAX_OFF || types[6 * i + 4] > 1 ||
            types[6 * i + 5] >= h->charcnt)
            return CXKPI_EFORMAT;
    }
    if (chars[h->charcnt - 1] != 0)
        return CXKPI_EFORMAT; /* designations are NUL-terminated */
    const uint8_t *flags = chars + h->charcnt + (size_t)h->leapcnt * (time_size + 4);
    for (uint32_t i = 0; i < h->isstdcnt + h->isutcnt; i++)
        if (flags[i] > 1)
            return CXKPI_EFORMAT;
    int64_t *at = NULL;
    int32_t *off = NULL;
    if (h->timecnt > 0) {
        at = cxkpi__alloc_array(h->timecnt, sizeof *at);
        off = cxkpi__alloc_array(h->timecnt, sizeof *off);
        if (!at || !off) {
            cxkpi__free(at);
            cxkpi__free(off);
            return CXKPI_ENOMEM;
        }
    }
    for (uint32_t i = 0; i < h->timecnt; i++) {
        at[i] = time_size == 8 ? be64(times + 8 * (size_t)i) : be32s(times + 4 * (size_t)i);
        if (idx[i] >= h->typecnt || (i > 0 && at[i] <= at[i - 1])) {
            cxkpi__free(at);
            cxkpi__free(off);
            return CXKPI_EFORMAT;
        }
        off[i] = be32s(types + 6 * (size_t)idx[i]);
    }
    out->count = h->timecnt;
    out->at = at;
    out->off = off;
    /* RFC 8536 3.2: local time before the first transition is given by time type 0. */
    out->initial = be32s(types);
    out->has_rule = false;
    return CXKPI_OK;
}

cxkpi_status cxkpi__tzif_parse(const uint8_t *buf, size_t n, cxkpi__tz *out)
{
    tzif_header h;
    if (!buf || !out || n > CXKPI__TZIF_MAX_SIZE || !read_header(buf, n, &h))
        return CXKPI_EFORMAT;
    uint64_t v1 = block_size(&h, 4);
    if (v1 > n - TZIF_HEADER)
        return CXKPI_EFORMAT;
    if (h.version == 0) {
        cxkpi__tz tz;
        cxkpi_status st = read_block(buf + TZIF_HEADER, &h, 4, &tz);
        if (st == CXKPI_OK)
            *out = tz;
        return st;
    }
    /* Version 2+: skip the 32-bit block, read the second header and 64-bit block. */
    size_t pos = TZIF_HEADER + (size_t)v1;
    tzif_header h2;
    if (!read_header(buf + pos, n - pos, &h2) || h2.version != h.version)
        return CXKPI_EFORMAT;
    pos += TZIF_HEADER;
    uint64_t v2 = block_size(&h2, 8);
    /* the block, then the footer: '\n', the TZ string, '\n' */
    if (v2 > n - pos || n - pos - (size_t)v2 < 2)
        return CXKPI_EFORMAT;
    const uint8_t *footer = buf + pos + (size_t)v2;
    size_t flen = n - pos - (size_t)v2;
    if (footer[0] != '\n')
        return CXKPI_EFORMAT;
    const uint8_t *nl = memchr(footer + 1, '\n', flen - 1);
    if (!nl)
        return CXKPI_EFORMAT;
    cxkpi__posix_tz rule;
    size_t rlen = (size_t)(nl - footer - 1);
    bool has_rule = rlen > 0;
    if (has_rule && cxkpi__posix_tz_parse((const char *)footer + 1, rlen, &rule) != CXKPI_OK)
        return CXKPI_EFORMAT;
    cxkpi__tz tz;
    cxkpi_status st = read_block(buf + pos, &h2, 8, &tz);
    if (st != CXKPI_OK)
        return st;
    tz.has_rule = has_rule;
    if (has_rule)
        tz.rule = rule;
    *out = tz;
    return CXKPI_OK;
}

void cxkpi__tz_fixed(cxkpi__tz *tz, int32_t offset)
{
    memset(tz, 0, sizeof *tz);
    tz->initial = offset;
}

void cxkpi__tz_free(cxkpi__tz *tz)
{
    if (!tz)
        return;
    cxkpi__free(tz->at);
    cxkpi__free(tz->off);
    tz->at = NULL;
    tz->off = NULL;
    tz->count = 0;
}

cxkpi_status cxkpi__tz_copy(cxkpi__tz *dst, const cxkpi__tz *src)
{
    cxkpi__tz tz = *src;
    tz.at = NULL;
    tz.off = NULL;
    if (src->count > 0) {
        tz.at = cxkpi__alloc_array(src->count, sizeof *tz.at);
        tz.off = cxkpi__alloc_array(src->count, sizeof *tz.off);
        if (!tz.at || !tz.off) {
            cxkpi__tz_free(&tz);
            return CXKPI_ENOMEM;
        }
        memcpy(tz.at, src->at, src->count * sizeof *tz.at);
        memcpy(tz.off, src->off, src->count * sizeof *tz.off);
    }
    *dst = tz;
    return CXKPI_OK;
}

void cxkpi__tz_at(const cxkpi__tz *tz, int64_t t, int32_t *off, int64_t *until)
{
    /* i = number of transitions at or before t */
    size_t lo = 0, hi = tz->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tz->at[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < tz->count) {
        *off = lo == 0 ? tz->initial : tz->off[lo - 1];
        *until = tz->at[lo];
    } else if (tz->has_rule) {
        cxkpi__posix_tz_at(&tz->rule, t, off, until);
    } else {
        *off = lo == 0 ? tz->initial : tz->off[lo - 1];
        *until = INT64_MAX;
    }
}

static bool name_valid(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > 255 || name[0] == '/')
        return false;
    const char *comp = name;
    for (const char *p = name;; p++) {
        char c = *p;
        if (c == '/' || c == 0) {
            size_t clen = (size_t)(p - comp);
            if (clen == 0 || (clen == 1 && comp[0] == '.') ||
                (clen == 2 && comp[0] == '.' && comp[1] == '.'))
                return false;
            if (c == 0)
                return true;
            comp = p + 1;
        } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '_' || c == '-' || c == '+' || c == '.')) {
            return false;
        }
    }
}

cxkpi_status cxkpi__tz_load(const char *name, cxkpi__tz *out)
{
    if (!name || !out || !name_valid(name))
        return CXKPI_EINVAL;
    const char *dir = getenv("TZDIR");
    if (!dir || !*dir)
        dir = "/usr/share/zoneinfo";
    size_t dlen = strlen(dir), nlen = strlen(name);
    char *path = cxkpi__alloc(dlen + nlen + 2);
    if (!path)
        return CXKPI_ENOMEM;
    memcpy(path, dir, dlen);
    path[dlen] = '/';
    memcpy(path + dlen + 1, name, nlen + 1);
    int saved_errno = errno; /* read to classify failures, then restored for the caller */
    errno = 0;
    FILE *f = fopen(path, "rb");
    cxkpi__free(path);
    if (!f) {
#if defined(ENOENT) && defined(ENOTDIR)
        cxkpi_status st = errno == ENOENT || errno == ENOTDIR ? CXKPI_ENOTFOUND : CXKPI_EIO;
#else
        cxkpi_status st = CXKPI_ENOTFOUND;
#endif
        errno = saved_errno;
        return st;
    }
    uint8_t *buf = cxkpi__alloc(CXKPI__TZIF_MAX_SIZE + 1);
    if (!buf) {
        fclose(f);
        errno = saved_errno;
        return CXKPI_ENOMEM;
    }
    errno = 0;
    size_t n = fread(buf, 1, CXKPI__TZIF_MAX_SIZE + 1, f);
    bool failed = ferror(f) != 0;
#ifdef EISDIR
    bool is_dir = failed && errno == EISDIR;
#else
    bool is_dir = false;
#endif
    fclose(f);
    cxkpi_status st = is_dir ? CXKPI_ENOTFOUND : failed ? CXKPI_EIO : cxkpi__tzif_parse(buf, n, out);
    cxkpi__free(buf);
    errno = saved_errno;
    return st;
}
