/* group.c — one group's accumulators, and the table of groups for --by. */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

group *group_new(const report_config *cfg, const char *key, size_t key_len, const char *period)
{
    group *g = calloc(1, sizeof *g);
    if (g == NULL)
        return NULL;
    g->key = malloc(key_len + 1);
    int ok = g->key != NULL &&
             cxkpi_csat_new(&g->csat, cfg->scale_min, cfg->scale_max, cfg->satisfied_min) == CXKPI_OK &&
             cxkpi_nps_new(&g->nps) == CXKPI_OK && cxkpi_fcr_new(&g->fcr) == CXKPI_OK;
    if (ok && cfg->with_aht) /* only when the input has handling-time columns */
        ok = cxkpi_aht_new(&g->aht, CXKPI_DURATION_DEFAULT_ALPHA, CXKPI_DURATION_DEFAULT_BUCKETS) == CXKPI_OK;
    for (int m = 0; ok && m < SLA_METRICS; m++)
        ok = cxkpi_duration_new(&g->duration[m], CXKPI_DURATION_DEFAULT_ALPHA,
                                CXKPI_DURATION_DEFAULT_BUCKETS) == CXKPI_OK;
    if (ok)
        ok = cxkpi_survival_new(&g->survival, CXKPI_DURATION_DEFAULT_ALPHA,
                                CXKPI_DURATION_DEFAULT_BUCKETS) == CXKPI_OK;
    if (!ok) {
        group_free(g);
        return NULL;
    }
    memcpy(g->key, key, key_len);
    g->key[key_len] = '\0';
    g->key_len = key_len;
    snprintf(g->period, sizeof g->period, "%s", period ? period : "");
    return g;
}

void group_free(group *g)
{
    if (g == NULL)
        return;
    cxkpi_csat_free(g->csat);
    cxkpi_nps_free(g->nps);
    cxkpi_fcr_free(g->fcr);
    cxkpi_aht_free(g->aht);
    for (int m = 0; m < SLA_METRICS; m++) {
        cxkpi_sla_free(g->sla_outcome[m]);
        cxkpi_duration_free(g->duration[m]);
        for (size_t t = 0; t < SLA_MAX_TARGETS; t++)
            cxkpi_sla_free(g->sla[m][t]);
        free(g->open[m]);
    }
    cxkpi_survival_free(g->survival);
    free(g->km_open);
    free(g->key);
    free(g);
}

cxkpi_sla *group_sla(group *g, const report_config *cfg, int metric, uint32_t target)
{
    if (g->sla[metric][target] == NULL &&
        cxkpi_sla_new(&g->sla[metric][target], (double)cfg->sla.t[target].seconds) != CXKPI_OK)
        return NULL;
    return g->sla[metric][target];
}

cxkpi_status group_merge(group *dst, const group *src)
{
    /* Each accumulator merges exactly (same configuration on both sides: the same scale,
     * the same SLA target per index). */
    cxkpi_status st = cxkpi_csat_merge(dst->csat, src->csat);
    if (st == CXKPI_OK)
        st = cxkpi_nps_merge(dst->nps, src->nps);
    if (st == CXKPI_OK)
        st = cxkpi_fcr_merge(dst->fcr, src->fcr);
    if (st == CXKPI_OK && dst->aht && src->aht)
        st = cxkpi_aht_merge(dst->aht, src->aht);
    for (int m = 0; st == CXKPI_OK && m < SLA_METRICS; m++) {
        st = cxkpi_duration_merge(dst->duration[m], src->duration[m]);
        if (st == CXKPI_OK && src->sla_outcome[m])
            st = dst->sla_outcome[m] ? cxkpi_sla_merge(dst->sla_outcome[m], src->sla_outcome[m])
                                     : cxkpi_sla_clone(src->sla_outcome[m], &dst->sla_outcome[m]);
        for (size_t t = 0; st == CXKPI_OK && t < SLA_MAX_TARGETS; t++) {
            if (src->sla[m][t] == NULL)
                continue;
            if (dst->sla[m][t] == NULL)
                st = cxkpi_sla_clone(src->sla[m][t], &dst->sla[m][t]);
            else
                st = cxkpi_sla_merge(dst->sla[m][t], src->sla[m][t]);
        }
    }
    if (st == CXKPI_OK)
        st = cxkpi_survival_merge(dst->survival, src->survival);
    if (st == CXKPI_OK)
        dst->tickets += src->tickets; /* bounded by the rows read, far below 2^64 */
    return st;
}

/* FNV-1a, 64-bit, over the key then the period. */
static uint64_t hash_key(const char *s, size_t len, const char *period)
{
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    for (; *period; period++) {
        h ^= (unsigned char)*period;
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
        size_t j = (size_t)hash_key(g->key, g->key_len, g->period) & (cap - 1);
        while (slot[j] != NULL)
            j = (j + 1) & (cap - 1);
        slot[j] = g;
    }
    free(t->slot);
    t->slot = slot;
    t->cap = cap;
    return 0;
}

group *group_table_get(group_table *t, const report_config *cfg, const char *key, size_t len,
                       const char *period)
{
    if ((t->n + 1) * 4 > t->cap * 3 && grow(t) != 0)
        return NULL;
    size_t j = (size_t)hash_key(key, len, period) & (t->cap - 1);
    for (; t->slot[j] != NULL; j = (j + 1) & (t->cap - 1)) {
        group *g = t->slot[j];
        if (g->key_len == len && memcmp(g->key, key, len) == 0 && strcmp(g->period, period) == 0)
            return g;
    }
    group *g = group_new(cfg, key, len, period);
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
    if (x->key_len != y->key_len)
        return (x->key_len > y->key_len) - (x->key_len < y->key_len);
    return strcmp(x->period, y->period);
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

void group_label(const group *g, char *buf, size_t cap)
{
    size_t k = 0;
    const char *p = g->key, *end = g->key + g->key_len;
    if (cap == 0)
        return;
    for (;;) {
        const char *sep = memchr(p, BY_SEP, (size_t)(end - p));
        const char *e = sep ? sep : end;
        const char *part = p;
        size_t n = (size_t)(e - p);
        if (n == 0) {
            part = "(empty)";
            n = 7;
        }
        for (size_t i = 0; i < n && k + 1 < cap; i++)
            buf[k++] = part[i];
        if (sep == NULL)
            break;
        for (const char *s = " / "; *s && k + 1 < cap; s++)
            buf[k++] = *s;
        p = sep + 1;
    }
    buf[k] = '\0';
}
