#include "common/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef CXKPI_ALLOC_FAIL_INJECTION
/* Test builds only (meson option alloc_fail_injection): thread-local, so each test thread
 * injects into its own allocations; normal builds have no mutable state here at all. */
static _Thread_local uint64_t alloc_fail_at;  /* 0: never fail; else the Nth call fails */
static _Thread_local uint64_t alloc_calls;    /* allocation calls since the last arming */

void cxkpi__alloc_fail_arm(uint64_t nth)
{
    alloc_fail_at = nth;
    alloc_calls = 0;
}

uint64_t cxkpi__alloc_fail_calls(void)
{
    return alloc_calls;
}

/* True when this allocation is the one that must fail. */
static int alloc_should_fail(void)
{
    alloc_calls++;
    return alloc_fail_at != 0 && alloc_calls == alloc_fail_at;
}
#else
#define alloc_should_fail() 0
#endif

void *cxkpi__alloc(size_t size)
{
    if (alloc_should_fail())
        return NULL;
    return malloc(size ? size : 1);
}

void *cxkpi__alloc_array(size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    return cxkpi__alloc(n * size);
}

void *cxkpi__alloc_zeroed(size_t n, size_t size)
{
    void *p = cxkpi__alloc_array(n, size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void cxkpi__free(void *p)
{
    free(p);
}
