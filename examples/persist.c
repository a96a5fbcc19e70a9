/* persist: keep an accumulator across runs in a file.
 *
 *   persist STATE_FILE SCORE...
 *
 * Loads the CSAT accumulator saved in STATE_FILE (if any), adds the scores, prints the
 * running figure and saves the accumulator back — atomically: the bytes go to a temporary
 * file in the same directory, are flushed to disk with fsync(), and the temporary file is
 * renamed over the old one, so a crash leaves either the old state or the new one, never a
 * torn file. The format is portable (docs/FORMAT.md): a file written on one machine loads
 * on any other. */
#define _POSIX_C_SOURCE 200809L
#include <cxkpi.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Reads the whole file into a malloc'ed buffer; NULL with errno == ENOENT when absent. */
static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            uint8_t *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = grown;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        return NULL;
    }
    *size = len;
    return buf;
}

/* Writes `size` bytes to `path` through a temporary file, fsync and rename. */
static int write_atomically(const char *path, const void *bytes, size_t size)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path) >= (int)sizeof tmp)
        return -1;
    int fd = mkstemp(tmp);
    if (fd < 0)
        return -1;
    const uint8_t *p = bytes;
    size_t left = size;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            goto fail;
        p += w;
        left -= (size_t)w;
    }
    if (fsync(fd) != 0)
        goto fail;
    if (close(fd) != 0) {
        unlink(tmp);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
fail:
    close(fd);
    unlink(tmp);
    return -1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: persist STATE_FILE [SCORE...]   (scores 1-5)\n");
        return 2;
    }
    cxkpi_csat *csat = NULL;
    size_t size = 0;
    uint8_t *saved = read_file(argv[1], &size);
    cxkpi_status st;
    if (saved) {
        st = cxkpi_csat_deserialize(&csat, saved, size);
        free(saved);
        if (st != CXKPI_OK) { /* corrupted, truncated, or from a newer version */
            fprintf(stderr, "persist: %s: %s\n", argv[1], cxkpi_status_str(st));
            return 1;
        }
    } else if (errno == ENOENT) {
        st = cxkpi_csat_new(&csat, 1, 5, 4);
        if (st != CXKPI_OK)
            return 1;
    } else {
        fprintf(stderr, "persist: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }

    for (int i = 2; i < argc; i++) {
        st = cxkpi_csat_add(csat, atoi(argv[i]));
        if (st != CXKPI_OK)
            fprintf(stderr, "persist: score '%s': %s\n", argv[i], cxkpi_status_str(st));
    }

    uint64_t n;
    double pct;
    cxkpi_csat_count(csat, &n);
    if (cxkpi_csat_percent(csat, &pct) == CXKPI_OK)
        printf("%llu responses, CSAT %.1f%%\n", (unsigned long long)n, pct);
    else
        printf("no responses yet\n");

    /* Ask for the exact size, serialize, save. */
    uint8_t *bytes = NULL;
    size_t written = 0;
    if (cxkpi_csat_serialized_size(csat, &size) != CXKPI_OK || !(bytes = malloc(size)) ||
        cxkpi_csat_serialize(csat, bytes, size, &written) != CXKPI_OK ||
        write_atomically(argv[1], bytes, written) != 0) {
        fprintf(stderr, "persist: cannot save %s\n", argv[1]);
        free(bytes);
        cxkpi_csat_free(csat);
        return 1;
    }
    free(bytes);
    cxkpi_csat_free(csat);
    return 0;
}
