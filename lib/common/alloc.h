/* Every allocation of the library goes through here, so a test build can make the Nth
 * allocation fail (allocation-failure injection) without touching any module. */
#ifndef CXKPI_COMMON_ALLOC_H
#define CXKPI_COMMON_ALLOC_H

#include <stddef.h>

/* malloc() with an overflow-checked element count: NULL when n * size overflows. */
void *cxkpi__alloc_array(size_t n, size_t size);
/* malloc(size); NULL on failure. */
void *cxkpi__alloc(size_t size);
/* calloc-like: zeroed memory, overflow-checked. */
void *cxkpi__alloc_zeroed(size_t n, size_t size);
/* free(); NULL is a no-op. */
void cxkpi__free(void *p);

#ifdef CXKPI_ALLOC_FAIL_INJECTION
#include <stdint.h>
/* Allocation-failure injection, compiled only with -Dalloc_fail_injection=true (the define
 * is then set for the library and the tests). Arms the calling thread: its `nth`
 * allocation from now on returns NULL (0 disarms) and the call counter restarts at 0. */
void cxkpi__alloc_fail_arm(uint64_t nth);
/* Allocation calls made by the calling thread since the last cxkpi__alloc_fail_arm(). */
uint64_t cxkpi__alloc_fail_calls(void);
#endif

#endif
