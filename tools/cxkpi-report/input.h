/* input.h — where cxkpi-report's CSV comes from: a file or standard input, plain or
 * compressed, recognised by its first bytes (never by its name):
 *
 *   1f 8b              gzip (RFC 1952), through zlib; concatenated members are one stream
 *   28 b5 2f fd        Zstandard frame (RFC 8878), through libzstd; likewise for several
 *                      frames, and skippable frames (5? 2a 4d 18) are skipped
 *   50 4b 03 04 / 05 06  zip archive, through libzip: every member whose name ends in
 *                      ".csv" (any case), in the archive's order, or the one member named
 *                      in "FILE.zip:MEMBER"; directories and macOS "__MACOSX/" entries
 *                      are ignored
 *   anything else      plain CSV
 *
 * gzip and Zstandard are decoded as a stream, in constant memory; input_open() decodes
 * them on a thread of its own, a few blocks ahead of the CSV reader, so that decompression
 * and parsing overlap (input_open_source() decodes on the caller's thread). Closing the
 * input before its end waits for the block being decoded. A zip archive needs
 * random access (its directory is at the end): a zip arriving on a pipe is first copied to
 * an unnamed temporary file (tmpfile(3)), so memory stays constant there too.
 *
 * The members of an archive are one table: each later member must start with the same
 * header as the first (compared like the tool compares column names: trimmed, ignoring
 * ASCII case), and that header is not returned again. Line numbers in messages are those of
 * the member, and input_name() names it ("export.zip:tickets-2.csv").
 *
 * A library left out of the build (see meson_options.txt) makes its format an error that
 * names the missing library; the other formats keep working.
 *
 * Errors of the container (truncated or corrupt data, a failed check value) make
 * input_next() return CSV_EIO; input_failure() and input_message() then say what went
 * wrong. The CSV reader never sees the bytes of a container that failed its check after
 * the point where the failure is detected; the caller must not print a report then. */
#ifndef CXKPI_REPORT_INPUT_H
#define CXKPI_REPORT_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "csv.h"

/* Why opening or reading failed (0: it did not). */
enum input_failure {
    INPUT_OK = 0,
    INPUT_EIO,          /* cannot open or read the file; truncated or corrupt container */
    INPUT_EDATA,        /* a zip archive without CSV members, or whose members' headers differ */
    INPUT_ENOMEM,       /* out of memory */
    INPUT_EUNSUPPORTED  /* the format needs a library this build left out */
};

typedef struct input input;

/* Reads up to `cap` raw bytes into `buf`: the count (0 at the end), or (size_t)-1 on a read
 * error. Used by input_open_source() for sources other than files (tests, fuzzing). */
typedef size_t (*input_raw_fn)(void *ctx, unsigned char *buf, size_t cap);

/* Called after each block of data handed to the CSV reader: `done` and `total` measure
 * the file as stored (compressed bytes for gzip and Zstandard, the members' uncompressed
 * sizes for zip); `total` is 0 when unknown (a pipe). */
typedef void (*input_hook)(void *ctx, uint64_t done, uint64_t total);

/* Opens `arg`: a path, "-" or NULL for standard input, or "ARCHIVE:MEMBER" (tried only
 * when `arg` itself does not exist; "-:MEMBER" reads a zip archive on standard input).
 * `max_record` is passed to the CSV reader (0: its default). Returns INPUT_OK and sets
 * *out, or another enum input_failure with a message (prefixed with the input's name) in
 * `msg`; *out is then NULL. */
int input_open(input **out, const char *arg, size_t max_record, char *msg, size_t cap);

/* The same over a caller's source (`name` is used in messages; not copied), decoded on the
 * caller's thread. A zip archive from a source is spooled to a temporary file. */
int input_open_source(input **out, input_raw_fn read, void *ctx, const char *name,
                      size_t max_record, char *msg, size_t cap);

/* Sets the progress hook (NULL: none). */
void input_set_hook(input *in, input_hook hook, void *ctx);

/* The next CSV record, across the members of an archive; results as csv_next(). On
 * CSV_EIO see input_failure() and input_message(). The first record returned is the
 * header. */
int input_next(input *in, csv_record *rec);

/* The CSV reader of the current member (its `error` and `expected_fields`). */
const csv_reader *input_csv(const input *in);

/* The name for messages: the path, "<stdin>", or "ARCHIVE:MEMBER" inside a zip archive. */
const char *input_name(const input *in);

/* "csv", "gzip", "zstd" or "zip". */
const char *input_format(const input *in);

/* After CSV_EIO: an enum input_failure and a message (the input's name included). */
int input_failure(const input *in);
const char *input_message(const input *in);

/* Closes the input (NULL is a no-op). Standard input is not closed. */
void input_close(input *in);

/* The formats this build reads, space-separated: "csv gzip zstd zip" when every library
 * was found, "csv" alone when none was. */
const char *input_formats_built(void);

#endif
