/* threads: one accumulator per thread, merged at the end.
 *
 * Accumulators are not locked. The fast and correct pattern is to give each thread its
 * own accumulator, let it count without any synchronization, and merge the partial results
 * once the threads are done — the merged figure is exactly what one accumulator fed every
 * event would report. */
#include <cxkpi.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 4
#define SCORES_PER_THREAD 1000000

typedef struct worker {
    unsigned seed;
    cxkpi_nps *nps; /* owned by this thread until it finishes */
    cxkpi_status status;
} worker;

static void *count_scores(void *arg)
{
    worker *w = arg;
    uint8_t batch[4096];
    uint64_t x = w->seed;
    for (int done = 0; done < SCORES_PER_THREAD; done += (int)sizeof batch) {
        for (size_t i = 0; i < sizeof batch; i++) {
            x = x * 6364136223846793005ull + 1442695040888963407ull; /* a small LCG */
            batch[i] = (uint8_t)((x >> 33) % 11);                     /* scores 0..10 */
        }
        w->status = cxkpi_nps_add_many_u8(w->nps, batch, sizeof batch); /* one call per batch */
        if (w->status != CXKPI_OK)
            break;
    }
    return NULL;
}

int main(void)
{
    worker workers[THREADS];
    pthread_t tids[THREADS];
    for (int i = 0; i < THREADS; i++) {
        workers[i] = (worker){.seed = 1234u + (unsigned)i, .status = CXKPI_OK};
        if (cxkpi_nps_new(&workers[i].nps) != CXKPI_OK ||
            pthread_create(&tids[i], NULL, count_scores, &workers[i]) != 0) {
            fprintf(stderr, "threads: cannot start worker %d\n", i);
            return 1;
        }
    }

    cxkpi_nps *total;
    if (cxkpi_nps_new(&total) != CXKPI_OK)
        return 1;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(tids[i], NULL);
        cxkpi_status st = workers[i].status;
        if (st == CXKPI_OK)
            st = cxkpi_nps_merge(total, workers[i].nps);
        if (st != CXKPI_OK) {
            fprintf(stderr, "threads: worker %d: %s\n", i, cxkpi_status_str(st));
            return 1;
        }
        cxkpi_nps_free(workers[i].nps);
    }

    uint64_t n;
    double score, moe;
    if (cxkpi_nps_count(total, &n) != CXKPI_OK || cxkpi_nps_score(total, &score) != CXKPI_OK ||
        cxkpi_nps_margin(total, 0.95, &moe) != CXKPI_OK)
        return 1;
    printf("%d threads, %llu responses: NPS %+.2f +/- %.2f (95%%)\n", THREADS,
           (unsigned long long)n, score, moe);
    cxkpi_nps_free(total);
    return 0;
}
