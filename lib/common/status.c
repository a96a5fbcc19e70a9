/* The text of every status code (cxkpi/common.h). */
#include "cxkpi/common.h"

const char *cxkpi_status_str(cxkpi_status status)
{
    switch (status) {
    case CXKPI_OK:        return "success";
    case CXKPI_EINVAL:    return "invalid argument (NULL pointer or invalid configuration)";
    case CXKPI_ERANGE:    return "value out of range";
    case CXKPI_EEMPTY:    return "accumulator is empty";
    case CXKPI_EOVERFLOW: return "counter overflow";
    case CXKPI_ENOMEM:    return "out of memory";
    case CXKPI_EMISMATCH: return "configurations do not match";
    case CXKPI_ENOSPC:    return "buffer too small";
    case CXKPI_EFORMAT:   return "malformed or corrupted data";
    case CXKPI_EVERSION:  return "unsupported (newer) format version";
    case CXKPI_ENOTFOUND: return "not found";
    case CXKPI_EORDER:    return "out of order or in the wrong state";
    case CXKPI_EIO:       return "input/output error";
    }
    return "unknown status";
}
