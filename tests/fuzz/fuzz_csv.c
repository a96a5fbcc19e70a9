/* libFuzzer harness for the cxkpi-report CSV reader (tools/cxkpi-report/csv.c) and its
 * input module (input.c).
 * The input is read from memory in one piece, and through the read callback in chunks of
 * 1 to 7 bytes (sizes drawn from the input itself), with a small record limit. Both must
 * give the same sequence of results and records (the streaming reader must not depend on
 * where reads end). When zlib is built in, the input is also gzip-compressed here and
 * read back through the input module in 1-7-byte raw reads: the same sequence again. And
 * the raw input goes through the input module as it is: read as plain CSV it must give
 * the same sequence; sniffed as gzip or Zstandard, it exercises the decoders on damaged
 * data, which must end in CSV_EOF or CSV_EIO with a message, never a crash.
 * Invariants of every record: at least one field; each field
 * NUL-terminated at its length; lines never go backwards and a record ends on or after
 * the line it starts on; every record but CSV_EFIELDS ones has the first record's field
 * count; the reader ends with CSV_EOF, or CSV_ENOMEM/CSV_EIO, after finitely many calls. */
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "fuzz_common.h"
#include "input.h"

#ifdef CXKPI_REPORT_ZLIB
#include <zlib.h>
#endif

#define MAX_RECORD 256

typedef struct chunks {
    const uint8_t *data;
    size_t size, pos;
} chunks;

static size_t read_chunk(void *ctx, char *buf, size_t cap)
{
    chunks *c = ctx;
    if (c->pos >= c->size)
        return 0;
    size_t n = 1 + c->data[c->pos] % 7; /* the chunk size comes from the data */
    if (n > cap)
        n = cap;
    if (n > c->size - c->pos)
        n = c->size - c->pos;
    memcpy(buf, c->data + c->pos, n);
    c->pos += n;
    return n;
}

static size_t read_raw_chunk(void *ctx, unsigned char *buf, size_t cap)
{
    return read_chunk(ctx, (char *)buf, cap);
}

static int next_csv(void *src, csv_record *rec)
{
    return csv_next(src, rec);
}

static int next_input(void *src, csv_record *rec)
{
    return input_next(src, rec);
}

/* One record, flattened for comparison: result, lines, then each field as length + bytes. */
typedef struct flat {
    uint8_t *p;
    size_t n, cap;
} flat;

static void put(flat *f, const void *p, size_t n)
{
    if (f->n + n > f->cap) {
        f->cap = (f->n + n) * 2;
        f->p = realloc(f->p, f->cap);
        FUZZ_CHECK(f->p != NULL);
    }
    memcpy(f->p + f->n, p, n);
    f->n += n;
}

static void read_all(int (*next)(void *, csv_record *), void *r, flat *out)
{
    csv_record rec;
    uint64_t last_line = 0;
    size_t fields = 0;
    for (int calls = 0;; calls++) {
        FUZZ_CHECK(calls < 1000000);
        memset(&rec, 0, sizeof rec);
        int res = next(r, &rec);
        put(out, &res, sizeof res);
        if (res == CSV_EOF || res == CSV_EIO || res == CSV_ENOMEM)
            return;
        FUZZ_CHECK(rec.line >= last_line);
        last_line = rec.line;
        put(out, &rec.line, sizeof rec.line);
        if (res != CSV_OK && res != CSV_EFIELDS)
            continue;
        FUZZ_CHECK(rec.nfields >= 1 && rec.end_line >= rec.line);
        if (fields == 0)
            fields = rec.nfields;
        FUZZ_CHECK(res == CSV_EFIELDS ? rec.nfields != fields : rec.nfields == fields);
        put(out, &rec.end_line, sizeof rec.end_line);
        for (size_t i = 0; i < rec.nfields; i++) {
            FUZZ_CHECK(rec.field[i][rec.len[i]] == '\0');
            FUZZ_CHECK(rec.len[i] <= MAX_RECORD);
            put(out, &rec.len[i], sizeof rec.len[i]);
            put(out, rec.field[i], rec.len[i]);
        }
    }
}

/* Reads `data` through the input module; compares with `want` when it is read as CSV
 * (or `must_match`). */
static void through_input(const uint8_t *data, size_t size, const flat *want, int must_match)
{
    chunks c = {data, size, 0};
    input *in;
    char msg[256];
    int rc = input_open_source(&in, read_raw_chunk, &c, "fuzz", MAX_RECORD, msg, sizeof msg);
    if (rc != INPUT_OK) {
        FUZZ_CHECK(!must_match && msg[0] != '\0');
        return;
    }
    flat got = {0};
    read_all(next_input, in, &got);
    int plain = strcmp(input_format(in), "csv") == 0;
    if (must_match || plain)
        FUZZ_CHECK(got.n == want->n && memcmp(got.p, want->p, got.n) == 0);
    if (input_failure(in) != INPUT_OK)
        FUZZ_CHECK(!plain && input_message(in)[0] != '\0');
    input_close(in);
    free(got.p);
}

#ifdef CXKPI_REPORT_ZLIB
static void through_gzip(const uint8_t *data, size_t size, const flat *want)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    FUZZ_CHECK(deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    uLong cap = deflateBound(&z, (uLong)size);
    uint8_t *gz = malloc(cap);
    FUZZ_CHECK(gz != NULL);
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)size;
    z.next_out = gz;
    z.avail_out = (uInt)cap;
    FUZZ_CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
    size_t n = z.total_out;
    deflateEnd(&z);
    through_input(gz, n, want, 1);
    free(gz);
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    csv_reader whole, pieces;
    flat a = {0}, b = {0};
    FUZZ_CHECK(csv_open_buffer(&whole, (const char *)data, size, MAX_RECORD) == CSV_OK);
    read_all(next_csv, &whole, &a);
    csv_close(&whole);
    chunks c = {data, size, 0};
    FUZZ_CHECK(csv_open(&pieces, read_chunk, &c, MAX_RECORD) == CSV_OK);
    read_all(next_csv, &pieces, &b);
    csv_close(&pieces);
    FUZZ_CHECK(a.n == b.n && memcmp(a.p, b.p, a.n) == 0);
#ifdef CXKPI_REPORT_ZLIB
    through_gzip(data, size, &a);
#endif
    through_input(data, size, &a, 0);
    free(a.p);
    free(b.p);
    return 0;
}
