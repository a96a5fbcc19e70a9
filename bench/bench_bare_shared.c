/* The same bare function as bench_bare.c, built into a shared library of its own: what
 * any call across a shared-library boundary costs (an indirect jump through the GOT to
 * code mapped elsewhere), whoever wrote the function. */
#include "bench_bare.h"

int bare_add_shared(bare_hist *h, int32_t score)
{
    return bare_add_impl(h, score);
}

int bare_fcr_add_shared(bare_fcr *h, uint32_t flags)
{
    return bare_fcr_add_impl(h, flags);
}
