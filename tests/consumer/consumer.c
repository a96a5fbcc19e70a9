/* A program that uses an installed cxkpi the way a downstream project would:
 * found with pkg-config, headers from <cxkpi.h>. */
#include <cxkpi.h>
#include <stdio.h>

int main(void)
{
    if (cxkpi_version() / 10000 != CXKPI_VERSION_MAJOR) {
        fprintf(stderr, "header/library major version mismatch\n");
        return 1;
    }
    cxkpi_csat *csat = NULL;
    cxkpi_nps *nps = NULL;
    if (cxkpi_csat_new(&csat, 1, 5, 4) != CXKPI_OK || cxkpi_nps_new(&nps) != CXKPI_OK)
        return 1;
    const int32_t scores[] = {5, 4, 3, 5};
    double pct = 0, score = 0;
    if (cxkpi_csat_add_many(csat, scores, 4) != CXKPI_OK || cxkpi_nps_add(nps, 10) != CXKPI_OK ||
        cxkpi_csat_percent(csat, &pct) != CXKPI_OK || cxkpi_nps_score(nps, &score) != CXKPI_OK)
        return 1;
    printf("cxkpi %s: CSAT %.1f%% NPS %.0f\n", cxkpi_version_string(), pct, score);
    cxkpi_csat_free(csat);
    cxkpi_nps_free(nps);
    return (pct == 75.0 && score == 100.0) ? 0 : 1;
}
