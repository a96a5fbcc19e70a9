/* The normal quantile and the Wilson score interval, shared by every KPI's intervals. */
#include "cxkpi/stats.h"

#include <math.h>

static double horner8(const double c[8], double x)
{
    double v = c[7];
    for (int i = 6; i >= 0; i--)
        v = v * x + c[i];
    return v;
}

/* Wichura, "Algorithm AS 241: The percentage points of the normal distribution",
 * Applied Statistics 37(3), 1988 (PPND16, about 1e-16 relative accuracy).
 * Takes the upper-tail probability `tail` in (0, 0.5] directly and returns z >= 0 with
 * P(Z > z) = tail: forming 1 - tail first would throw away the digits that matter
 * for confidences close to 1. */
static double normal_upper_quantile(double tail)
{
    static const double a[8] = {
        3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3,
        1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
        3.3430575583588128105e+4, 2.5090809287301226727e+3};
    static const double b[8] = {
        1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
        2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4,
        5.2264952788528545610e+3};
    static const double c[8] = {
        1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
        3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
        2.27238449892691845833e-2, 7.74545014278341407640e-4};
    static const double d[8] = {
        1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
        1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4,
        1.05075007164441684324e-9};
    static const double e[8] = {
        6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
        2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
        2.71155556874348757815e-5, 2.01033439929228813265e-7};
    static const double f[8] = {
        1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
        7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7,
        2.04426310338993978564e-15};

    double q = 0.5 - tail; /* = p - 0.5 for p = 1 - tail, without forming p */
    if (q <= 0.425) {
        double r = 0.180625 - q * q;
        return q * horner8(a, r) / horner8(b, r);
    }
    double r = sqrt(-log(tail));
    if (r <= 5.0) {
        r -= 1.6;
        return horner8(c, r) / horner8(d, r);
    }
    r -= 5.0;
    return horner8(e, r) / horner8(f, r);
}

cxkpi_status cxkpi_normal_z(double confidence, double *z)
{
    if (!z)
        return CXKPI_EINVAL;
    if (!(confidence > 0.0 && confidence < 1.0))
        return CXKPI_ERANGE;
    /* 1 - confidence is exact for confidence in [0.5, 1) (Sterbenz). */
    *z = normal_upper_quantile((1.0 - confidence) * 0.5);
    return CXKPI_OK;
}

cxkpi_status cxkpi_wilson_interval(uint64_t successes, uint64_t trials, double confidence,
                                   double *lo, double *hi)
{
    if (!lo || !hi || successes > trials)
        return CXKPI_EINVAL;
    if (trials == 0)
        return CXKPI_EEMPTY;
    double z;
    cxkpi_status st = cxkpi_normal_z(confidence, &z);
    if (st != CXKPI_OK)
        return st;

    /* The count form of the Wilson bounds, (x + z^2/2 -+ z sqrt(x(n-x)/n + z^2/4)) / (n + z^2),
     * algebraically the same as the p-hat form in the header. */
    double n = (double)trials;
    double x = (double)successes;
    double z2 = z * z;
    double spread = z * sqrt(x * ((double)(trials - successes) / n) + z2 * 0.25);
    double denom = n + z2;
    double center = x + z2 * 0.5;
    double l = successes == 0 ? 0.0 : 100.0 * ((center - spread) / denom);
    double h = successes == trials ? 100.0 : 100.0 * ((center + spread) / denom);
    *lo = l < 0.0 ? 0.0 : (l > 100.0 ? 100.0 : l);
    *hi = h < 0.0 ? 0.0 : (h > 100.0 ? 100.0 : h);
    return CXKPI_OK;
}
