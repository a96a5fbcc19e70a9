/* csv.h — a streaming RFC 4180 reader, used by cxkpi-report.
 *
 * What it accepts: fields separated by ',' and records by CRLF, LF or a lone CR; fields
 * in double quotes may hold commas, line breaks and doubled quotes (""); a UTF-8 byte
 * order mark at the very start is skipped; blank lines are skipped (but counted).
 *
 * What it rejects, one record at a time (the reader then skips to the next line break and
 * carries on): a quote inside an unquoted field, anything but a
 * separator or a line break after a closing quote, a quoted field still open at the end of
 * the input, a record longer than the limit, and (once the first record has fixed it) a
 * record with a different number of fields.
 *
 * Memory is constant whatever the input size: one read buffer, plus one record buffer and
 * one field table that grow to the longest record seen (bounded by `max_record`).
 *
 * Line numbers count physical lines (1-based), so a record holding a quoted line break
 * spans two of them; csv_record.line is the line the record starts on.
 *
 * Input comes from a read callback (files, pipes) or from a memory buffer (tests, fuzzing).
 */
#ifndef CXKPI_REPORT_CSV_H
#define CXKPI_REPORT_CSV_H

#include <stddef.h>
#include <stdint.h>

enum csv_result {
    CSV_OK = 0,     /* a record was read */
    CSV_EOF,        /* no more records */
    CSV_ESYNTAX,    /* malformed record (see csv_reader.error); skipped, reading may go on */
    CSV_EFIELDS,    /* well-formed record with the wrong number of fields; the record is
                       returned (fields set) so the caller may report it; reading may go on */
    CSV_ETOOLONG,   /* record longer than max_record bytes; skipped, reading may go on */
    CSV_EIO,        /* the read callback failed; reading stops */
    CSV_ENOMEM      /* allocation failed; reading stops */
};

/* Reads up to `cap` bytes into `buf`. Returns the number of bytes read (0 at the end of
 * the input), or (size_t)-1 on a read error. */
typedef size_t (*csv_read_fn)(void *ctx, char *buf, size_t cap);

/* One record: `nfields` fields, each NUL-terminated and with its length (a field may
 * itself hold NUL bytes, so use the length). Valid until the next csv_next() call. */
typedef struct csv_record {
    size_t nfields;
    char **field;
    size_t *len;
    uint64_t line;      /* physical line the record starts on (1-based) */
    uint64_t end_line;  /* physical line it ends on */
} csv_record;

typedef struct csv_reader {
    /* input */
    csv_read_fn read;
    void *ctx;
    const char *mem;    /* memory input (read == NULL) */
    size_t mem_len;
    char *in;           /* read buffer */
    size_t in_cap, in_pos, in_len;
    int eof, io_error, started;
    int pushback[3];    /* bytes given back by the parser, read again first (LIFO) */
    int npushback;
    uint64_t bytes;     /* bytes consumed so far (progress reporting) */
    /* record being built */
    char *buf;
    size_t buf_len, buf_cap;
    size_t *starts;     /* start offsets of the fields in buf */
    size_t fields_cap;
    char **field_ptrs;
    size_t *field_lens;
    size_t max_record;
    uint64_t line;      /* current physical line */
    /* field-count tracking */
    size_t expected_fields; /* 0 until the first record */
    /* last error */
    const char *error;  /* static text describing the last CSV_ESYNTAX / CSV_ETOOLONG */
} csv_reader;

/* Default bound on one record, in bytes. */
#define CSV_DEFAULT_MAX_RECORD ((size_t)16 << 20)

/* Prepares a reader for a callback source. Returns CSV_OK or CSV_ENOMEM. */
int csv_open(csv_reader *r, csv_read_fn read, void *ctx, size_t max_record);
/* Prepares a reader over `len` bytes of memory (not copied; must outlive the reader). */
int csv_open_buffer(csv_reader *r, const char *data, size_t len, size_t max_record);
/* Reads the next record. See enum csv_result. On CSV_ESYNTAX and CSV_ETOOLONG only
 * rec->line (where the bad record starts) is meaningful. */
int csv_next(csv_reader *r, csv_record *rec);
/* Releases the reader's buffers. */
void csv_close(csv_reader *r);

#endif
