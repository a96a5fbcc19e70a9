/* csv.c — streaming RFC 4180 reader; see csv.h for what it accepts and rejects. */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

#define CSV_EOF_BYTE (-1)
#define CSV_READ_CHUNK ((size_t)64 << 10)

static int csv_init(csv_reader *r, size_t max_record)
{
    memset(r, 0, sizeof *r);
    r->max_record = max_record ? max_record : CSV_DEFAULT_MAX_RECORD;
    r->line = 1;
    return CSV_OK;
}

int csv_open(csv_reader *r, csv_read_fn read, void *ctx, size_t max_record)
{
    csv_init(r, max_record);
    r->read = read;
    r->ctx = ctx;
    r->in_cap = CSV_READ_CHUNK;
    r->in = malloc(r->in_cap);
    return r->in ? CSV_OK : CSV_ENOMEM;
}

int csv_open_buffer(csv_reader *r, const char *data, size_t len, size_t max_record)
{
    csv_init(r, max_record);
    r->mem = data;
    r->mem_len = len;
    return CSV_OK;
}

void csv_close(csv_reader *r)
{
    free(r->in);
    free(r->buf);
    free(r->starts);
    free(r->field_ptrs);
    free(r->field_lens);
    memset(r, 0, sizeof *r);
}

/* Next input byte, or CSV_EOF_BYTE at the end of the input or on a read error. */
static int get_byte(csv_reader *r)
{
    if (r->npushback > 0) {
        r->bytes++;
        return r->pushback[--r->npushback];
    }
    if (r->read == NULL) {
        if (r->in_pos >= r->mem_len)
            return CSV_EOF_BYTE;
        r->bytes++;
        return (unsigned char)r->mem[r->in_pos++];
    }
    if (r->in_pos >= r->in_len) {
        if (r->eof)
            return CSV_EOF_BYTE;
        size_t n = r->read(r->ctx, r->in, r->in_cap);
        if (n == (size_t)-1 || n > r->in_cap) {
            r->io_error = 1;
            r->eof = 1;
            return CSV_EOF_BYTE;
        }
        if (n == 0) {
            r->eof = 1;
            return CSV_EOF_BYTE;
        }
        r->in_len = n;
        r->in_pos = 0;
    }
    r->bytes++;
    return (unsigned char)r->in[r->in_pos++];
}

/* Gives back a byte get_byte() returned; up to three may be pending. */
static void unget_byte(csv_reader *r, int c)
{
    if (c == CSV_EOF_BYTE)
        return;
    r->pushback[r->npushback++] = c;
    r->bytes--;
}

/* After a CR: swallows the LF of a CRLF pair. Counts one physical line. */
static void finish_line_break(csv_reader *r, int c)
{
    if (c == '\r') {
        int next = get_byte(r);
        if (next != '\n')
            unget_byte(r, next);
    }
    r->line++;
}

/* Appends a byte to the record buffer. Returns 0, or -1 when the record is too long,
 * -2 when memory runs out. */
static int append(csv_reader *r, char c)
{
    if (r->buf_len >= r->max_record)
        return -1;
    if (r->buf_len == r->buf_cap) {
        size_t cap = r->buf_cap ? r->buf_cap * 2 : 256;
        if (cap > r->max_record)
            cap = r->max_record;
        char *nb = realloc(r->buf, cap);
        if (nb == NULL)
            return -2;
        r->buf = nb;
        r->buf_cap = cap;
    }
    r->buf[r->buf_len++] = c;
    return 0;
}

/* Starts field number n at the current end of the record buffer. */
static int start_field(csv_reader *r, size_t n)
{
    if (n == r->fields_cap) {
        size_t cap = r->fields_cap ? r->fields_cap * 2 : 16;
        size_t *ns = realloc(r->starts, cap * sizeof *ns);
        if (ns == NULL)
            return -2;
        r->starts = ns;
        char **np = realloc(r->field_ptrs, cap * sizeof *np);
        if (np == NULL)
            return -2;
        r->field_ptrs = np;
        size_t *nl = realloc(r->field_lens, cap * sizeof *nl);
        if (nl == NULL)
            return -2;
        r->field_lens = nl;
        r->fields_cap = cap;
    }
    r->starts[n] = r->buf_len;
    return 0;
}

/* Skips to just past the next line break (or the end of the input). */
static void skip_line(csv_reader *r, int c)
{
    while (c != CSV_EOF_BYTE && c != '\n' && c != '\r')
        c = get_byte(r);
    if (c != CSV_EOF_BYTE)
        finish_line_break(r, c);
}

/* Fails the record being read: `c` is the offending byte, already consumed. */
static int fail(csv_reader *r, int result, const char *why, int c)
{
    r->error = why;
    skip_line(r, c);
    return r->io_error ? CSV_EIO : result;
}

/* Maps an append()/start_field() failure to a result, skipping the rest of the line. */
static int fail_append(csv_reader *r, int err, int c)
{
    if (err == -2)
        return CSV_ENOMEM;
    return fail(r, CSV_ETOOLONG, "record longer than the maximum record size", c);
}

int csv_next(csv_reader *r, csv_record *rec)
{
    int c, err;

    if (!r->started) {
        r->started = 1;
        /* A UTF-8 byte order mark is not part of the first field. */
        int b0 = get_byte(r);
        if (b0 == 0xEF) {
            int b1 = get_byte(r);
            int b2 = b1 == 0xBB ? get_byte(r) : CSV_EOF_BYTE;
            if (b1 != 0xBB || b2 != 0xBF) {
                /* Not a BOM: give the bytes back, last read first. */
                if (b1 == 0xBB)
                    unget_byte(r, b2);
                unget_byte(r, b1);
                unget_byte(r, b0);
            }
        } else {
            unget_byte(r, b0);
        }
    }

    /* Skip blank lines. */
    for (;;) {
        c = get_byte(r);
        if (c == '\n' || c == '\r') {
            finish_line_break(r, c);
            continue;
        }
        break;
    }
    if (c == CSV_EOF_BYTE)
        return r->io_error ? CSV_EIO : CSV_EOF;

    uint64_t first_line = r->line;
    size_t n = 0;
    rec->line = first_line; /* also valid when the record turns out malformed */
    rec->end_line = first_line;
    rec->nfields = 0;
    r->buf_len = 0;
    r->error = NULL;

    for (;;) {
        if ((err = start_field(r, n)) != 0)
            return fail_append(r, err, c);
        if (c == '"') {
            for (;;) {
                c = get_byte(r);
                if (c == CSV_EOF_BYTE) {
                    r->error = "quoted field not closed before the end of the input";
                    return r->io_error ? CSV_EIO : CSV_ESYNTAX;
                }
                if (c == '"') {
                    c = get_byte(r);
                    if (c != '"')
                        break; /* closing quote; c is the byte after it */
                } else if (c == '\r' || c == '\n') {
                    /* A line break inside quotes is data, kept as written. */
                    if (c == '\r') {
                        int next = get_byte(r);
                        if (next == '\n') {
                            if ((err = append(r, '\r')) != 0)
                                return fail_append(r, err, next);
                            c = '\n';
                        } else {
                            unget_byte(r, next);
                        }
                    }
                    r->line++;
                }
                if ((err = append(r, (char)c)) != 0)
                    return fail_append(r, err, c);
            }
            if (c != ',' && c != '\n' && c != '\r' && c != CSV_EOF_BYTE)
                return fail(r, CSV_ESYNTAX, "unexpected character after a closing quote", c);
        } else {
            while (c != ',' && c != '\n' && c != '\r' && c != CSV_EOF_BYTE) {
                if (c == '"')
                    return fail(r, CSV_ESYNTAX, "quote inside an unquoted field", c);
                if ((err = append(r, (char)c)) != 0)
                    return fail_append(r, err, c);
                c = get_byte(r);
            }
        }
        if ((err = append(r, '\0')) != 0)
            return fail_append(r, err, c);
        r->field_lens[n] = r->buf_len - 1 - r->starts[n];
        n++;
        if (c == ',') {
            c = get_byte(r);
            continue;
        }
        break;
    }
    rec->end_line = r->line;
    if (c != CSV_EOF_BYTE)
        finish_line_break(r, c);
    if (r->io_error)
        return CSV_EIO;

    for (size_t i = 0; i < n; i++)
        r->field_ptrs[i] = r->buf + r->starts[i];
    rec->nfields = n;
    rec->field = r->field_ptrs;
    rec->len = r->field_lens;
    rec->line = first_line;

    if (r->expected_fields == 0) {
        r->expected_fields = n;
    } else if (n != r->expected_fields) {
        r->error = "wrong number of fields";
        return CSV_EFIELDS;
    }
    return CSV_OK;
}
