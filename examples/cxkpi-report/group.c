/* group.c — one group's accumulators, and the table of groups for --by. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

group *group_new(const report_config *cfg, const char *key, size_t key_len)
{
    group *g = calloc(1, sizeof *g);
    if (g == NULL)
        return NULL;
    g->key = malloc(key_len + 1);
    if (g->key == NULL ||
        cxkpi_csat_new(&g->csat, cfg->scale_min, cfg->scale_max, cfg->satisfied_min) != CXKPI_OK ||
        cxkpi_nps_new(&g->nps) != CXKPI_OK) {
        group_free(g);
        return NULL;
    }
    memcpy(g->key, key, key_len);
    g->key[key_len] = '\0';
    g->key_len = key_len;
    return g;
}

void group_free(group *g)
{
    if (g == NULL)
        return;
    cxkpi_csat_free(g->csat);
    cxkpi_nps_free(g->nps);
    for (int m = 0; m < SLA_METRICS; m++)
        free(g->open_deadline[m]);
    free(g->key);
    free(g);
}

cxkpi_status group_merge(group *dst, const group *src)
{
    cxkpi_status st = cxkpi_csat_merge(dst->csat, src->csat);
    if (st == CXKPI_OK)
        st = cxkpi_nps_merge(dst->nps, src->nps);
    if (st != CXKPI_OK)
        return st;
    /* Plain counts: bounded by the number of rows read, far below 2^64. */
    dst->tickets += src->tickets;
    dst->fcr_resolved += src->fcr_resolved;
    dst->fcr_answered += src->fcr_answered;
    for (int m = 0; m < SLA_METRICS; m++) {
        dst->sla_met[m] += src->sla_met[m];
        dst->sla_breached[m] += src->sla_breached[m];
        dst->sla_in_progress[m] += src->sla_in_progress[m];
    }
    return CXKPI_OK;
}

/* FNV-1a, 64-bit. */
static uint64_t hash_key(const char *s, size_t len)
{
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return h;
}

static int grow(group_table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    group **slot = calloc(cap, sizeof *slot);
    if (slot == NULL)
        return -1;
    for (size_t i = 0; i < t->cap; i++) {
        group *g = t->slot[i];
        if (g == NULL)
            continue;
        size_t j = (size_t)hash_key(g->key, g->key_len) & (cap - 1);
        while (slot[j] != NULL)
            j = (j + 1) & (cap - 1);
        slot[j] = g;
    }
    free(t->slot);
    t->slot = slot;
    t->cap = cap;
    return 0;
}

group *group_table_get(group_table *t, const report_config *cfg, const char *key, size_t len)
{
    if ((t->n + 1) * 4 > t->cap * 3 && grow(t) != 0)
        return NULL;
    size_t j = (size_t)hash_key(key, len) & (t->cap - 1);
    for (; t->slot[j] != NULL; j = (j + 1) & (t->cap - 1)) {
        group *g = t->slot[j];
        if (g->key_len == len && memcmp(g->key, key, len) == 0)
            return g;
    }
    group *g = group_new(cfg, key, len);
    if (g == NULL)
        return NULL;
    t->slot[j] = g;
    t->n++;
    return g;
}

static int by_key(const void *a, const void *b)
{
    const group *x = *(group *const *)a, *y = *(group *const *)b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = memcmp(x->key, y->key, n);
    if (c != 0)
        return c;
    return (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

group **group_table_sorted(const group_table *t)
{
    group **v = malloc((t->n ? t->n : 1) * sizeof *v);
    if (v == NULL)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slot[i] != NULL)
            v[k++] = t->slot[i];
    qsort(v, k, sizeof *v, by_key);
    return v;
}

void group_table_free(group_table *t)
{
    for (size_t i = 0; i < t->cap; i++)
        group_free(t->slot[i]);
    free(t->slot);
    memset(t, 0, sizeof *t);
}
