/* Compiled with -std=c11 -Wpedantic -Werror: the public headers alone must be clean. */
#include <cxkpi.h>

int main(void)
{
    return cxkpi_version() / 10000 == CXKPI_VERSION_MAJOR ? 0 : 1;
}
