/* Writes the seed corpora of the fuzz harnesses: valid serialized accumulators of every
 * kind (empty, one event, a few dozen events, a merge that nearly overflows nothing...)
 * for fuzz_deserialize_<kind>, and short operation programs for fuzz_api.
 *
 *   build/tests/fuzz/gen_corpus tests/fuzz/corpus
 *
 * The output is committed; it is deterministic, so re-running it changes nothing unless
 * a format changes. Parsers of text (calendar, CSV, timestamps) have hand-written seeds. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "harden_kinds.h"
#include "helpers.h"

static void write_file(const char *dir, const char *name, const uint8_t *p, size_t n)
{
    char path[512];
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        perror(dir);
        exit(1);
    }
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

static void write_acc(const harden_kind *k, const char *dir, const char *name, const void *acc)
{
    size_t n;
    uint8_t *bytes = hk_bytes(k, acc, &n);
    if (!bytes) {
        fprintf(stderr, "%s: cannot serialize\n", k->name);
        exit(1);
    }
    write_file(dir, name, bytes, n);
    free(bytes);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    char dir[512];
    if (mkdir(argv[1], 0777) != 0 && errno != EEXIST) {
        perror(argv[1]);
        return 1;
    }
    static const int sizes[] = {0, 1, 5, 40};
    for (size_t i = 0; i < harden_kind_count; i++) {
        const harden_kind *k = &harden_kinds[i];
        snprintf(dir, sizeof dir, "%s/deserialize_%s", argv[1], k->name);
        uint64_t rng = 42 + i;
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            void *acc = NULL;
            if (k->make(&acc) != CXKPI_OK)
                return 1;
            for (int e = 0; e < sizes[s]; e++)
                k->add(acc, k->random_event(&rng));
            char name[32];
            snprintf(name, sizeof name, "events-%d", sizes[s]);
            write_acc(k, dir, name, acc);
            k->destroy(acc);
        }
        if (k->make_other) {
            void *acc = NULL;
            if (k->make_other(&acc) != CXKPI_OK)
                return 1;
            k->add(acc, k->random_event(&rng));
            write_acc(k, dir, "other-config", acc);
            k->destroy(acc);
        }
    }
    /* fuzz_deserialize_fcr_tracker: trackers with open episodes, before and after finish */
    snprintf(dir, sizeof dir, "%s/deserialize_fcr_tracker", argv[1]);
    static const size_t contacts[] = {0, 1, 30, 200};
    for (size_t s = 0; s < sizeof contacts / sizeof contacts[0]; s++) {
        cxkpi_fcr_tracker *t = NULL;
        if (cxkpi_fcr_tracker_new(&t, 600, 60) != CXKPI_OK)
            return 1;
        uint64_t rng = 9 + s, key[200];
        int64_t at[200];
        hk_tracker_contacts(&rng, contacts[s], 20, 40, 60, key, at);
        for (size_t i = 0; i < contacts[s]; i++)
            cxkpi_fcr_tracker_add(t, key[i], at[i]);
        for (int finished = 0; finished < 2; finished++) {
            size_t size, written;
            cxkpi_fcr_tracker_serialized_size(t, &size);
            uint8_t *bytes = malloc(size);
            if (!bytes || cxkpi_fcr_tracker_serialize(t, bytes, size, &written) != CXKPI_OK)
                return 1;
            char name[48];
            snprintf(name, sizeof name, "contacts-%zu%s", contacts[s], finished ? "-finished" : "");
            write_file(dir, name, bytes, written);
            free(bytes);
            cxkpi_fcr_tracker_finish(t);
        }
        cxkpi_fcr_tracker_free(t);
    }
    /* fuzz_api and fuzz_fcr_tracker_api: a few programs of random operation bytes */
    snprintf(dir, sizeof dir, "%s/api", argv[1]);
    char path_dir[512];
    uint64_t rng = 7;
    for (int f = 0; f < 8; f++) {
        uint8_t prog[64 * 8];
        size_t n = 64u << (f % 4);
        for (size_t j = 0; j < n; j++)
            prog[j] = (uint8_t)test_rand(&rng);
        char name[32];
        snprintf(name, sizeof name, "program-%d", f);
        write_file(dir, name, prog, n);
        snprintf(path_dir, sizeof path_dir, "%s/fcr_tracker_api", argv[1]);
        write_file(path_dir, name, prog, n);
    }
    return 0;
}
