/* per_agent: one CSAT accumulator per agent, merged into a team total.
 *
 * Reads "agent score" pairs (one per line) from stdin, e.g.
 *     alice 5
 *     bob 3
 * and prints each agent's CSAT and the team's. Merging is exact: the team figure is the
 * same as if every score had gone into one accumulator. */
#include <cxkpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_AGENTS 64

typedef struct agent {
    char name[32];
    cxkpi_csat *csat;
} agent;

static void check(cxkpi_status st, const char *what)
{
    if (st != CXKPI_OK) {
        fprintf(stderr, "per_agent: %s: %s\n", what, cxkpi_status_str(st));
        exit(1);
    }
}

/* Finds the agent's accumulator, creating it on first sight. */
static cxkpi_csat *agent_csat(agent *agents, size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(agents[i].name, name) == 0)
            return agents[i].csat;
    if (*n == MAX_AGENTS) {
        fprintf(stderr, "per_agent: more than %d agents\n", MAX_AGENTS);
        exit(1);
    }
    agent *a = &agents[(*n)++];
    snprintf(a->name, sizeof a->name, "%s", name);
    check(cxkpi_csat_new(&a->csat, 1, 5, 4), "new"); /* 1-5 scale, 4 and 5 satisfied */
    return a->csat;
}

static void print_row(const char *who, const cxkpi_csat *csat)
{
    uint64_t n;
    double pct, lo, hi;
    check(cxkpi_csat_count(csat, &n), "count");
    check(cxkpi_csat_percent(csat, &pct), "percent");
    check(cxkpi_csat_percent_interval(csat, 0.95, &lo, &hi), "interval");
    printf("%-12s %6llu  %5.1f%%  [%5.1f%%, %5.1f%%]\n", who, (unsigned long long)n, pct, lo, hi);
}

int main(void)
{
    agent agents[MAX_AGENTS];
    size_t n_agents = 0;
    char name[32];
    int score;
    while (scanf("%31s %d", name, &score) == 2) {
        cxkpi_status st = cxkpi_csat_add(agent_csat(agents, &n_agents, name), score);
        if (st == CXKPI_ERANGE)
            fprintf(stderr, "per_agent: %s: score %d is not on the 1-5 scale, skipped\n", name, score);
        else
            check(st, "add");
    }
    if (n_agents == 0) {
        fprintf(stderr, "per_agent: no input\n");
        return 1;
    }

    cxkpi_csat *team;
    check(cxkpi_csat_new(&team, 1, 5, 4), "new");
    printf("%-12s %6s  %6s  %s\n", "agent", "n", "CSAT", "95% interval");
    for (size_t i = 0; i < n_agents; i++) {
        uint64_t n;
        check(cxkpi_csat_count(agents[i].csat, &n), "count");
        if (n > 0)
            print_row(agents[i].name, agents[i].csat);
        check(cxkpi_csat_merge(team, agents[i].csat), "merge"); /* src is left as it was */
        cxkpi_csat_free(agents[i].csat);
    }
    uint64_t total;
    check(cxkpi_csat_count(team, &total), "count");
    if (total > 0)
        print_row("TEAM", team);
    cxkpi_csat_free(team);
    return 0;
}
