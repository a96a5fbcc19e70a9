/* input.c — plain, gzip, Zstandard and zip input for cxkpi-report; see input.h. */
#define _POSIX_C_SOURCE 200809L

#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef CXKPI_REPORT_ZLIB
#include <limits.h>
#include <zlib.h>
#endif
#ifdef CXKPI_REPORT_ZSTD
#include <zstd.h>
#include <zstd_errors.h>
#endif
#ifdef CXKPI_REPORT_LIBZIP
#include <zip.h>
#endif

enum { FMT_CSV, FMT_GZIP, FMT_ZSTD, FMT_ZIP };

static const char *const format_names[] = {"csv", "gzip", "zstd", "zip"};

#define RAW_CHUNK ((size_t)128 << 10)

struct input {
    /* raw bytes: a file descriptor, or the caller's callback */
    int fd, own_fd;
    int seekable;        /* a regular file: zip can read it in place */
    off_t start;         /* offset of the first byte in fd */
    input_raw_fn raw;
    void *raw_ctx;
    unsigned char *ibuf; /* raw bytes read ahead (sniffing, decoder input) */
    size_t ipos, ilen;
    int raw_eof;
    int read_errno;
    uint64_t raw_done, raw_total;

    int format;
    char *base_name;     /* path or "<stdin>" (owned) */
    char *name;          /* name for messages (owned): base, or base:member */

#ifdef CXKPI_REPORT_ZLIB
    z_stream z;
    int z_ready, z_ended;
#endif
#ifdef CXKPI_REPORT_ZSTD
    ZSTD_DStream *zs;
    size_t zs_last;      /* ZSTD_decompressStream()'s hint: 0 at a frame's end */
#endif
#ifdef CXKPI_REPORT_LIBZIP
    zip_t *zip;
    zip_file_t *zf;
    uint64_t *members;   /* indexes of the members read, in order */
    size_t nmembers, member;
    uint64_t zip_done, zip_total;
#endif

    /* CSV over the decoded bytes */
    csv_reader csv;
    int csv_ready;
    size_t max_record;
    int header_seen;     /* the first header was returned */
    int skip_header;     /* the current member's header is still to be checked */
    char *header_mem;    /* the first header's fields, NUL-separated */
    size_t *header_len;
    size_t header_n;

    /* read-ahead: gzip and Zstandard decoded on a thread of their own (input_open only) */
    struct readahead *ra;

    int failure;         /* the reading side's failure (input_failure()) */
    char msg[512];
    int dfailure;        /* the decoding side's, until adopted */
    char dmsg[512];
    input_hook hook;
    void *hook_ctx;
};

/* Formats a failure into `msg`, prefixed with the input's name. */
static void vformat(const input *in, char *msg, size_t cap, const char *fmt, va_list ap)
{
    int k = snprintf(msg, cap, "%s: ", in->name ? in->name : "input");
    if (k < 0 || (size_t)k >= cap)
        k = 0;
    vsnprintf(msg + k, cap - (size_t)k, fmt, ap);
}

/* A failure of the decoding side (which may run on the read-ahead thread): kept apart
 * until the reading side takes it over (adopt()). Returns `kind`. */
static int dfail(input *in, int kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vformat(in, in->dmsg, sizeof in->dmsg, fmt, ap);
    va_end(ap);
    in->dfailure = kind;
    return kind;
}

/* A failure of the reading side (the caller's thread). */
static int fail(input *in, int kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vformat(in, in->msg, sizeof in->msg, fmt, ap);
    va_end(ap);
    in->failure = kind;
    return kind;
}

/* The reading side takes over the decoding side's failure. */
static void adopt(input *in)
{
    if (in->failure == INPUT_OK && in->dfailure != INPUT_OK) {
        in->failure = in->dfailure;
        memcpy(in->msg, in->dmsg, sizeof in->msg);
    }
}

static char *dup_str(const char *a, const char *sep, const char *b)
{
    size_t la = strlen(a), ls = sep ? strlen(sep) : 0, lb = b ? strlen(b) : 0;
    char *s = malloc(la + ls + lb + 1);
    if (s == NULL)
        return NULL;
    memcpy(s, a, la);
    if (ls)
        memcpy(s + la, sep, ls);
    if (lb)
        memcpy(s + la + ls, b, lb);
    s[la + ls + lb] = '\0';
    return s;
}

/* ---- raw bytes ---------------------------------------------------------------------- */

static size_t raw_read(input *in, unsigned char *buf, size_t cap)
{
    if (in->raw) {
        size_t n = in->raw(in->raw_ctx, buf, cap);
        if (n != (size_t)-1 && n > cap)
            n = (size_t)-1;
        if (n == (size_t)-1)
            in->read_errno = EIO;
        return n;
    }
    for (;;) {
        ssize_t n = read(in->fd, buf, cap);
        if (n >= 0)
            return (size_t)n;
        if (errno != EINTR) {
            in->read_errno = errno;
            return (size_t)-1;
        }
    }
}

#if defined(CXKPI_REPORT_ZLIB) || defined(CXKPI_REPORT_ZSTD) || defined(CXKPI_REPORT_LIBZIP)
/* Refills the read-ahead buffer when it is empty. Returns 0, or -1 on a read error. */
static int raw_fill(input *in)
{
    if (in->ipos < in->ilen || in->raw_eof)
        return 0;
    size_t n = raw_read(in, in->ibuf, RAW_CHUNK);
    if (n == (size_t)-1) {
        dfail(in, INPUT_EIO, "read error: %s", strerror(in->read_errno));
        return -1;
    }
    in->ipos = 0;
    in->ilen = n;
    in->raw_done += n;
    if (n == 0)
        in->raw_eof = 1;
    return 0;
}
#endif

/* Reads ahead until `want` bytes are buffered or the input ends (for sniffing). */
static int raw_peek(input *in, size_t want)
{
    while (in->ilen - in->ipos < want && !in->raw_eof) {
        size_t n = raw_read(in, in->ibuf + in->ilen, RAW_CHUNK - in->ilen);
        if (n == (size_t)-1)
            return dfail(in, INPUT_EIO, "read error: %s", strerror(in->read_errno));
        if (n == 0)
            in->raw_eof = 1;
        in->ilen += n;
        in->raw_done += n;
    }
    return INPUT_OK;
}

static int sniff(const unsigned char *b, size_t n)
{
    if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
        return FMT_GZIP;
    if (n >= 4 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd && b[0] == 0x28)
        return FMT_ZSTD;
    if (n >= 4 && (b[0] & 0xf0) == 0x50 && b[1] == 0x2a && b[2] == 0x4d && b[3] == 0x18)
        return FMT_ZSTD; /* a skippable frame, which a Zstandard stream may start with */
    if (n >= 4 && b[0] == 'P' && b[1] == 'K' &&
        ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6)))
        return FMT_ZIP;
    return FMT_CSV;
}

/* ---- decoders: each fills `buf` with up to `cap` bytes of CSV; 0 at the end ----------- */

static size_t read_plain(input *in, char *buf, size_t cap)
{
    if (in->ipos < in->ilen) {
        size_t n = in->ilen - in->ipos;
        if (n > cap)
            n = cap;
        memcpy(buf, in->ibuf + in->ipos, n);
        in->ipos += n;
        return n;
    }
    if (in->raw_eof)
        return 0;
    size_t n = raw_read(in, (unsigned char *)buf, cap);
    if (n == (size_t)-1) {
        dfail(in, INPUT_EIO, "read error: %s", strerror(in->read_errno));
        return n;
    }
    if (n == 0)
        in->raw_eof = 1;
    in->raw_done += n;
    return n;
}

#ifdef CXKPI_REPORT_ZLIB
static size_t read_gzip(input *in, char *buf, size_t cap)
{
    z_stream *z = &in->z;
    if (cap > UINT_MAX)
        cap = UINT_MAX;
    z->next_out = (Bytef *)buf;
    z->avail_out = (uInt)cap;
    for (;;) {
        if (raw_fill(in) != 0)
            return (size_t)-1;
        if (in->z_ended) {
            /* Between members: the end of the file, or another gzip member. */
            if (in->ipos == in->ilen)
                return 0;
            if (in->ibuf[in->ipos] != 0x1f) {
                dfail(in, INPUT_EIO, "corrupt gzip data: unexpected bytes after the end of "
                                    "the compressed stream");
                return (size_t)-1;
            }
            if (inflateReset(z) != Z_OK) {
                dfail(in, INPUT_EIO, "corrupt gzip data");
                return (size_t)-1;
            }
            in->z_ended = 0;
        }
        if (in->ipos == in->ilen) { /* raw_fill() found the end of the file */
            dfail(in, INPUT_EIO, "truncated gzip data (the file ends inside the compressed "
                                "stream)");
            return (size_t)-1;
        }
        z->next_in = in->ibuf + in->ipos;
        z->avail_in = (uInt)(in->ilen - in->ipos);
        int rc = inflate(z, Z_NO_FLUSH);
        in->ipos = in->ilen - z->avail_in;
        if (rc == Z_STREAM_END) {
            in->z_ended = 1;
        } else if (rc == Z_MEM_ERROR) {
            dfail(in, INPUT_ENOMEM, "out of memory");
            return (size_t)-1;
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            dfail(in, INPUT_EIO, "corrupt gzip data (%s)", z->msg ? z->msg : "inflate failed");
            return (size_t)-1;
        }
        size_t n = cap - z->avail_out;
        if (n > 0)
            return n;
    }
}
#endif

#ifdef CXKPI_REPORT_ZSTD
static size_t read_zstd(input *in, char *buf, size_t cap)
{
    ZSTD_outBuffer out = {buf, cap, 0};
    for (;;) {
        if (raw_fill(in) != 0)
            return (size_t)-1;
        ZSTD_inBuffer zin = {in->ibuf, in->ilen, in->ipos};
        size_t before = zin.pos;
        size_t rc = ZSTD_decompressStream(in->zs, &out, &zin);
        int moved = zin.pos != before || out.pos > 0;
        in->ipos = zin.pos;
        if (ZSTD_isError(rc)) {
            if (ZSTD_getErrorCode(rc) == ZSTD_error_memory_allocation)
                dfail(in, INPUT_ENOMEM, "out of memory");
            else
                dfail(in, INPUT_EIO, "corrupt zstd data (%s)", ZSTD_getErrorName(rc));
            return (size_t)-1;
        }
        if (moved) /* a call without input or output says nothing about the frame */
            in->zs_last = rc;
        if (out.pos > 0)
            return out.pos;
        if (in->ipos == in->ilen && in->raw_eof) {
            if (in->zs_last == 0)
                return 0;
            dfail(in, INPUT_EIO, "truncated zstd data (the file ends inside a frame)");
            return (size_t)-1;
        }
    }
}
#endif

#ifdef CXKPI_REPORT_LIBZIP
static size_t read_zip(input *in, char *buf, size_t cap)
{
    if (in->zf == NULL)
        return 0;
    zip_int64_t n = zip_fread(in->zf, buf, cap);
    if (n < 0) {
        dfail(in, INPUT_EIO, "corrupt zip member (%s)", zip_error_strerror(zip_file_get_error(in->zf)));
        return (size_t)-1;
    }
    if (n == 0) {
        int rc = zip_fclose(in->zf);
        in->zf = NULL;
        if (rc != 0) {
            zip_error_t ze;
            zip_error_init_with_code(&ze, rc);
            dfail(in, INPUT_EIO, "corrupt zip member (%s)", zip_error_strerror(&ze));
            zip_error_fini(&ze);
            return (size_t)-1;
        }
        return 0;
    }
    in->zip_done += (uint64_t)n;
    return (size_t)n;
}
#endif

/* Decodes the next block of CSV bytes: the count, 0 at the end, or (size_t)-1 with the
 * decoding side's failure set. */
static size_t decode_block(input *in, char *buf, size_t cap)
{
    switch (in->format) {
#ifdef CXKPI_REPORT_ZLIB
    case FMT_GZIP:
        return read_gzip(in, buf, cap);
#endif
#ifdef CXKPI_REPORT_ZSTD
    case FMT_ZSTD:
        return read_zstd(in, buf, cap);
#endif
#ifdef CXKPI_REPORT_LIBZIP
    case FMT_ZIP:
        return read_zip(in, buf, cap);
#endif
    default:
        return read_plain(in, buf, cap);
    }
}

/* ---- read-ahead: decompression on a thread of its own -------------------------------- *
 * Parsing and decompression then overlap on two cores, as in `zcat FILE | cxkpi-report -`,
 * without the pipe's copies. The thread fills RA_SLOTS buffers in turn; the reader takes
 * them in the same order. A slot holds a block, the end (len 0) or a failure (the decoding
 * side's failure was set before the slot was published, under the lock). The thread only
 * touches the decoder's fields; the reader only its own. */

#define RA_SLOTS 4
#define RA_SLOT_SIZE ((size_t)256 << 10)

struct readahead {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t filled, emptied;
    char *buf[RA_SLOTS];
    size_t len[RA_SLOTS];
    int failed[RA_SLOTS];
    uint64_t done[RA_SLOTS]; /* input->raw_done after the block */
    uint64_t head, tail;     /* slots taken by the reader, slots published by the thread */
    size_t pos;              /* read position in the slot at head */
    int stop;
};

static void *ra_main(void *arg)
{
    input *in = arg;
    struct readahead *ra = in->ra;
    for (;;) {
        pthread_mutex_lock(&ra->mu);
        while (ra->tail - ra->head == RA_SLOTS && !ra->stop)
            pthread_cond_wait(&ra->emptied, &ra->mu);
        int stop = ra->stop;
        size_t slot = (size_t)(ra->tail % RA_SLOTS);
        pthread_mutex_unlock(&ra->mu);
        if (stop)
            return NULL;
        size_t n = decode_block(in, ra->buf[slot], RA_SLOT_SIZE);
        pthread_mutex_lock(&ra->mu);
        ra->failed[slot] = n == (size_t)-1;
        ra->len[slot] = n == (size_t)-1 ? 0 : n;
        ra->done[slot] = in->raw_done;
        ra->tail++;
        pthread_cond_signal(&ra->filled);
        pthread_mutex_unlock(&ra->mu);
        if (n == 0 || n == (size_t)-1)
            return NULL; /* the end or a failure: published, nothing more to do */
    }
}

static void ra_free(struct readahead *ra)
{
    for (int i = 0; i < RA_SLOTS; i++)
        free(ra->buf[i]);
    free(ra);
}

/* Starts the thread; without memory or a thread, decoding stays on the caller's thread. */
static void ra_start(input *in)
{
    struct readahead *ra = calloc(1, sizeof *ra);
    if (ra == NULL)
        return;
    for (int i = 0; i < RA_SLOTS; i++) {
        if ((ra->buf[i] = malloc(RA_SLOT_SIZE)) == NULL) {
            ra_free(ra);
            return;
        }
    }
    if (pthread_mutex_init(&ra->mu, NULL) != 0) {
        ra_free(ra);
        return;
    }
    if (pthread_cond_init(&ra->filled, NULL) != 0 || pthread_cond_init(&ra->emptied, NULL) != 0) {
        pthread_mutex_destroy(&ra->mu);
        ra_free(ra);
        return;
    }
    in->ra = ra;
    if (pthread_create(&ra->thread, NULL, ra_main, in) != 0) {
        in->ra = NULL;
        pthread_cond_destroy(&ra->filled);
        pthread_cond_destroy(&ra->emptied);
        pthread_mutex_destroy(&ra->mu);
        ra_free(ra);
    }
}

/* Stops the thread (it finishes the block it is decoding) and frees the buffers. */
static void ra_stop(input *in)
{
    struct readahead *ra = in->ra;
    pthread_mutex_lock(&ra->mu);
    ra->stop = 1;
    pthread_cond_signal(&ra->emptied);
    pthread_mutex_unlock(&ra->mu);
    pthread_join(ra->thread, NULL);
    pthread_cond_destroy(&ra->filled);
    pthread_cond_destroy(&ra->emptied);
    pthread_mutex_destroy(&ra->mu);
    ra_free(ra);
    in->ra = NULL;
}

static size_t ra_read(input *in, char *buf, size_t cap)
{
    struct readahead *ra = in->ra;
    pthread_mutex_lock(&ra->mu);
    while (ra->head == ra->tail)
        pthread_cond_wait(&ra->filled, &ra->mu);
    size_t slot = (size_t)(ra->head % RA_SLOTS);
    size_t len = ra->len[slot];
    uint64_t done = ra->done[slot];
    if (ra->failed[slot])
        adopt(in); /* the thread's failure, published under this lock */
    pthread_mutex_unlock(&ra->mu);
    if (in->failure)
        return (size_t)-1;
    if (len == 0)
        return 0; /* the end: the slot stays, so later calls return 0 too */

    size_t n = len - ra->pos < cap ? len - ra->pos : cap;
    memcpy(buf, ra->buf[slot] + ra->pos, n);
    ra->pos += n;
    if (ra->pos == len) {
        ra->pos = 0;
        pthread_mutex_lock(&ra->mu);
        ra->head++;
        pthread_cond_signal(&ra->emptied);
        pthread_mutex_unlock(&ra->mu);
    }
    if (in->hook)
        in->hook(in->hook_ctx, done, in->raw_total);
    return n;
}

/* The CSV reader's callback. */
static size_t decode(void *ctx, char *buf, size_t cap)
{
    input *in = ctx;
    if (in->failure)
        return (size_t)-1;
    if (in->ra)
        return ra_read(in, buf, cap);
    size_t n = decode_block(in, buf, cap);
    if (n == (size_t)-1) {
        adopt(in);
        return n;
    }
    if (n > 0 && in->hook) {
        uint64_t done = in->raw_done, total = in->raw_total;
#ifdef CXKPI_REPORT_LIBZIP
        if (in->format == FMT_ZIP) {
            done = in->zip_done;
            total = in->zip_total;
        }
#endif
        in->hook(in->hook_ctx, done, total);
    }
    return n;
}

/* ---- zip archives -------------------------------------------------------------------- */

#ifdef CXKPI_REPORT_LIBZIP
static int is_csv_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 4 || strncmp(s, "__MACOSX/", 9) == 0 || s[n - 1] == '/')
        return 0;
    const char *e = s + n - 4;
    return e[0] == '.' && (e[1] | 0x20) == 'c' && (e[2] | 0x20) == 's' && (e[3] | 0x20) == 'v';
}

/* The archive as a FILE libzip may seek: the file itself, or a temporary copy of a pipe. */
static FILE *zip_backing_file(input *in, off_t *start)
{
    if (in->seekable && in->fd >= 0) {
        int fd = dup(in->fd);
        FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
        if (f == NULL) {
            if (fd >= 0)
                close(fd);
            dfail(in, INPUT_EIO, "%s", strerror(errno));
        }
        *start = in->start;
        return f;
    }
    FILE *f = tmpfile();
    if (f == NULL) {
        dfail(in, INPUT_EIO, "cannot create a temporary file for a zip archive read from a pipe: %s",
             strerror(errno));
        return NULL;
    }
    for (;;) {
        if (raw_fill(in) != 0)
            break;
        if (in->ipos == in->ilen) { /* the end */
            if (fflush(f) == 0) {
                *start = 0;
                return f;
            }
            dfail(in, INPUT_EIO, "writing a temporary copy of the zip archive: %s", strerror(errno));
            break;
        }
        if (fwrite(in->ibuf + in->ipos, 1, in->ilen - in->ipos, f) != in->ilen - in->ipos) {
            dfail(in, INPUT_EIO, "writing a temporary copy of the zip archive: %s", strerror(errno));
            break;
        }
        in->ipos = in->ilen;
    }
    fclose(f);
    return NULL;
}

static int zip_open_member(input *in)
{
    zip_stat_t st;
    uint64_t idx = in->members[in->member];
    zip_stat_init(&st);
    const char *mname = zip_stat_index(in->zip, idx, 0, &st) == 0 && st.name ? st.name : "?";
    char *name = dup_str(in->base_name, ":", mname);
    if (name == NULL)
        return dfail(in, INPUT_ENOMEM, "out of memory");
    free(in->name);
    in->name = name;
    in->zf = zip_fopen_index(in->zip, idx, 0);
    if (in->zf == NULL)
        return dfail(in, INPUT_EIO, "cannot read this member (%s)",
                    zip_error_strerror(zip_get_error(in->zip)));
    return INPUT_OK;
}

static int open_zip(input *in, const char *member)
{
    off_t start = 0;
    FILE *f = zip_backing_file(in, &start);
    if (f == NULL)
        return in->dfailure;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_filep_create(f, (zip_uint64_t)start, -1, &ze);
    if (src == NULL) {
        fclose(f);
        dfail(in, INPUT_EIO, "cannot read the zip archive (%s)", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return in->dfailure;
    }
    in->zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (in->zip == NULL) {
        zip_source_free(src);
        dfail(in, INPUT_EIO, "truncated or corrupt zip archive (%s)", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return in->dfailure;
    }
    zip_error_fini(&ze);

    zip_int64_t n = zip_get_num_entries(in->zip, 0);
    in->members = malloc((n > 0 ? (size_t)n : 1) * sizeof *in->members);
    if (in->members == NULL)
        return dfail(in, INPUT_ENOMEM, "out of memory");
    for (zip_int64_t i = 0; i < n; i++) {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(in->zip, (zip_uint64_t)i, 0, &st) != 0 || st.name == NULL)
            continue;
        if (member ? strcmp(st.name, member) == 0 : is_csv_name(st.name)) {
            in->members[in->nmembers++] = (uint64_t)i;
            if (st.valid & ZIP_STAT_SIZE)
                in->zip_total += st.size;
        }
    }
    if (in->nmembers == 0) {
        if (member)
            return dfail(in, INPUT_EIO, "no member named '%s' in the archive", member);
        return dfail(in, INPUT_EDATA, "no CSV member (a name ending in .csv) in the archive; "
                                     "name one with %s:MEMBER", in->base_name);
    }
    return zip_open_member(in);
}
#endif

/* ---- opening ------------------------------------------------------------------------ */

static int start_csv(input *in)
{
    if (csv_open(&in->csv, decode, in, in->max_record) != CSV_OK) {
        csv_close(&in->csv);
        return dfail(in, INPUT_ENOMEM, "out of memory");
    }
    in->csv_ready = 1;
    return INPUT_OK;
}

#if !defined(CXKPI_REPORT_ZLIB) || !defined(CXKPI_REPORT_ZSTD) || !defined(CXKPI_REPORT_LIBZIP)
static int unsupported(input *in, const char *what, const char *lib, const char *pkg,
                       const char *tool)
{
    return dfail(in, INPUT_EUNSUPPORTED,
                "%s, but this cxkpi-report was built without %s (install %s and build it again%s%s)",
                what, lib, pkg, tool ? ", or decompress first: " : "", tool ? tool : "");
}
#endif

/* Sniffs the format and prepares its decoder. `member` is the zip member asked for. */
static int start(input *in, const char *member)
{
    if (raw_peek(in, 4) != INPUT_OK)
        return in->dfailure;
    in->format = sniff(in->ibuf + in->ipos, in->ilen - in->ipos);
    if (member && in->format != FMT_ZIP)
        return dfail(in, INPUT_EIO, "not a zip archive, so it has no member '%s'", member);
    switch (in->format) {
    case FMT_GZIP:
#ifdef CXKPI_REPORT_ZLIB
        if (inflateInit2(&in->z, 15 + 16) != Z_OK) /* gzip wrapper only */
            return dfail(in, INPUT_ENOMEM, "out of memory");
        in->z_ready = 1;
        break;
#else
        return unsupported(in, "gzip-compressed", "zlib", "zlib1g-dev", "zcat FILE | cxkpi-report -");
#endif
    case FMT_ZSTD:
#ifdef CXKPI_REPORT_ZSTD
        in->zs = ZSTD_createDStream();
        if (in->zs == NULL || ZSTD_isError(ZSTD_initDStream(in->zs)))
            return dfail(in, INPUT_ENOMEM, "out of memory");
        break;
#else
        return unsupported(in, "zstd-compressed", "libzstd", "libzstd-dev", "zstdcat FILE | cxkpi-report -");
#endif
    case FMT_ZIP:
#ifdef CXKPI_REPORT_LIBZIP
        if (open_zip(in, member) != INPUT_OK)
            return in->dfailure;
        break;
#else
        return unsupported(in, "a zip archive", "libzip", "libzip-dev", "unzip -p FILE | cxkpi-report -");
#endif
    default:
        break;
    }
    return start_csv(in);
}

static input *input_alloc(const char *name, size_t max_record)
{
    input *in = calloc(1, sizeof *in);
    if (in == NULL)
        return NULL;
    in->fd = -1;
    in->max_record = max_record;
    in->ibuf = malloc(RAW_CHUNK);
    in->base_name = dup_str(name, NULL, NULL);
    in->name = dup_str(name, NULL, NULL);
    if (in->ibuf == NULL || in->base_name == NULL || in->name == NULL) {
        input_close(in);
        return NULL;
    }
    return in;
}

static int finish_open(input **out, input *in, const char *member, int read_ahead,
                       char *msg, size_t cap)
{
    int rc = start(in, member);
    if (rc != INPUT_OK) {
        snprintf(msg, cap, "%s", in->dmsg);
        input_close(in);
        return rc;
    }
    if (read_ahead && (in->format == FMT_GZIP || in->format == FMT_ZSTD))
        ra_start(in);
    *out = in;
    return INPUT_OK;
}

int input_open_source(input **out, input_raw_fn read, void *ctx, const char *name,
                      size_t max_record, char *msg, size_t cap)
{
    *out = NULL;
    input *in = input_alloc(name, max_record);
    if (in == NULL) {
        snprintf(msg, cap, "%s: out of memory", name);
        return INPUT_ENOMEM;
    }
    in->raw = read;
    in->raw_ctx = ctx;
    return finish_open(out, in, NULL, 0, msg, cap);
}

int input_open(input **out, const char *arg, size_t max_record, char *msg, size_t cap)
{
    const char *member = NULL;
    char *path = NULL;
    int fd = -1, err = 0;

    *out = NULL;
    if (arg == NULL || strcmp(arg, "-") == 0 || strncmp(arg, "-:", 2) == 0) {
        if (arg && arg[1] == ':')
            member = arg + 2;
        fd = STDIN_FILENO;
    } else {
        fd = open(arg, O_RDONLY);
        err = errno;
        /* ARCHIVE:MEMBER, when no file has the whole name: the first ':' after which a
         * regular file is left of it. */
        for (const char *c = strchr(arg, ':'); fd < 0 && c != NULL; c = strchr(c + 1, ':')) {
            struct stat st;
            char *p = malloc((size_t)(c - arg) + 1);
            if (p == NULL)
                break;
            memcpy(p, arg, (size_t)(c - arg));
            p[c - arg] = '\0';
            if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && (fd = open(p, O_RDONLY)) >= 0) {
                path = p;
                member = c + 1;
            } else {
                free(p);
            }
        }
        if (fd < 0) {
            snprintf(msg, cap, "%s: %s", arg, strerror(err));
            return INPUT_EIO;
        }
    }

    input *in = input_alloc(fd == STDIN_FILENO && !path && (arg == NULL || arg[0] == '-')
                                ? "<stdin>" : (path ? path : arg),
                            max_record);
    if (in == NULL) {
        if (fd != STDIN_FILENO)
            close(fd);
        free(path);
        snprintf(msg, cap, "%s: out of memory", arg ? arg : "<stdin>");
        return INPUT_ENOMEM;
    }
    free(path);
    in->fd = fd;
    in->own_fd = fd != STDIN_FILENO;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        in->start = lseek(fd, 0, SEEK_CUR);
        in->seekable = in->start >= 0;
        if (in->seekable && (uint64_t)st.st_size > (uint64_t)in->start)
            in->raw_total = (uint64_t)st.st_size - (uint64_t)in->start;
    }
    return finish_open(out, in, member, 1, msg, cap);
}

/* ---- records across members ------------------------------------------------------------ */

static void save_header(input *in, const csv_record *rec)
{
    size_t total = 0;
    for (size_t i = 0; i < rec->nfields; i++)
        total += rec->len[i] + 1;
    in->header_mem = malloc(total ? total : 1);
    in->header_len = malloc((rec->nfields ? rec->nfields : 1) * sizeof *in->header_len);
    if (in->header_mem == NULL || in->header_len == NULL)
        return; /* only a later member's header check needs it; it then fails cleanly */
    char *p = in->header_mem;
    for (size_t i = 0; i < rec->nfields; i++) {
        memcpy(p, rec->field[i], rec->len[i] + 1);
        in->header_len[i] = rec->len[i];
        p += rec->len[i] + 1;
    }
    in->header_n = rec->nfields;
}

#ifdef CXKPI_REPORT_LIBZIP
static void trim(const char **s, size_t *len)
{
    while (*len > 0 && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

static int same_name(const char *a, size_t la, const char *b, size_t lb)
{
    trim(&a, &la);
    trim(&b, &lb);
    if (la != lb)
        return 0;
    for (size_t i = 0; i < la; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y)
            return 0;
    }
    return 1;
}

static int same_header(const input *in, const csv_record *rec)
{
    if (in->header_mem == NULL || rec->nfields != in->header_n)
        return 0;
    const char *p = in->header_mem;
    for (size_t i = 0; i < rec->nfields; i++) {
        if (!same_name(p, in->header_len[i], rec->field[i], rec->len[i]))
            return 0;
        p += in->header_len[i] + 1;
    }
    return 1;
}

/* Moves to the next member: 1 when there is one, 0 at the end, -1 on failure. */
static int next_member(input *in)
{
    if (in->member + 1 >= in->nmembers)
        return 0;
    csv_close(&in->csv);
    in->csv_ready = 0;
    in->member++;
    if (zip_open_member(in) != INPUT_OK || start_csv(in) != INPUT_OK) {
        adopt(in);
        return -1;
    }
    in->skip_header = in->header_seen;
    return 1;
}
#endif

int input_next(input *in, csv_record *rec)
{
    for (;;) {
        if (in->failure)
            return CSV_EIO;
        int rc = csv_next(&in->csv, rec);
        if (rc == CSV_ENOMEM) {
            fail(in, INPUT_ENOMEM, "out of memory");
            return rc;
        }
        if (rc == CSV_EIO && !in->failure)
            fail(in, INPUT_EIO, "read error");
#ifdef CXKPI_REPORT_LIBZIP
        if (in->format == FMT_ZIP && rc == CSV_EOF) {
            int m = next_member(in);
            if (m < 0)
                return CSV_EIO;
            if (m > 0)
                continue;
            return CSV_EOF;
        }
        if (in->format == FMT_ZIP && in->skip_header && rc != CSV_EIO) {
            in->skip_header = 0;
            if (rc != CSV_OK || !same_header(in, rec)) {
                fail(in, INPUT_EDATA, "line %llu: this member's header differs from the first "
                     "member's; read one member at a time (ARCHIVE:MEMBER)",
                     (unsigned long long)rec->line);
                return CSV_EIO;
            }
            continue;
        }
#endif
        if (rc == CSV_OK && !in->header_seen) {
            in->header_seen = 1;
            if (in->format == FMT_ZIP)
                save_header(in, rec);
        }
        return rc;
    }
}

/* ---- accessors ------------------------------------------------------------------------ */

void input_set_hook(input *in, input_hook hook, void *ctx)
{
    in->hook = hook;
    in->hook_ctx = ctx;
}

const csv_reader *input_csv(const input *in)
{
    return &in->csv;
}

const char *input_name(const input *in)
{
    return in->name;
}

const char *input_format(const input *in)
{
    return format_names[in->format];
}

int input_failure(const input *in)
{
    return in->failure;
}

const char *input_message(const input *in)
{
    return in->msg;
}

void input_close(input *in)
{
    if (in == NULL)
        return;
    if (in->ra)
        ra_stop(in);
    if (in->csv_ready)
        csv_close(&in->csv);
#ifdef CXKPI_REPORT_ZLIB
    if (in->z_ready)
        inflateEnd(&in->z);
#endif
#ifdef CXKPI_REPORT_ZSTD
    ZSTD_freeDStream(in->zs);
#endif
#ifdef CXKPI_REPORT_LIBZIP
    if (in->zf)
        zip_fclose(in->zf);
    if (in->zip)
        zip_discard(in->zip);
    free(in->members);
#endif
    if (in->own_fd)
        close(in->fd);
    free(in->header_mem);
    free(in->header_len);
    free(in->ibuf);
    free(in->base_name);
    free(in->name);
    free(in);
}

const char *input_formats_built(void)
{
    return "csv"
#ifdef CXKPI_REPORT_ZLIB
           " gzip"
#endif
#ifdef CXKPI_REPORT_ZSTD
           " zstd"
#endif
#ifdef CXKPI_REPORT_LIBZIP
           " zip"
#endif
        ;
}
