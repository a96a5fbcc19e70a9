#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *cxkpi__alloc(size_t size)
{
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
