// The public headers must also be usable from C++ (extern "C", no C-only constructs).
#include <cxkpi.h>

int main()
{
    return cxkpi_version() / 10000 == CXKPI_VERSION_MAJOR ? 0 : 1;
}
