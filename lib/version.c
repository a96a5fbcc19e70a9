/* The library version, compiled in (cxkpi/version.h). */
#include "cxkpi/common.h"
#include "cxkpi/version.h"

unsigned cxkpi_version(void)
{
    return CXKPI_VERSION_NUMBER;
}

const char *cxkpi_version_string(void)
{
    return CXKPI_VERSION_STRING;
}
