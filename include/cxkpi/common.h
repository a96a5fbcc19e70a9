/**
 * @file cxkpi/common.h
 * @brief Status codes, the export macro and the conventions every cxkpi module shares.
 *
 * Conventions that hold for every function of the library:
 * - Every fallible function returns a ::cxkpi_status; #CXKPI_OK (0) means success.
 *   Results are written through pointer arguments, and only on success.
 * - On any error the accumulator and every output are left unchanged.
 * - Handles are opaque. `*_free(NULL)` is a harmless no-op.
 * - Nothing prints, nothing touches `errno`, nothing aborts on bad input, and the library
 *   keeps no global mutable state.
 * - Threads: accumulators are not locked. Use one accumulator per thread and merge them;
 *   functions taking a `const` handle may run concurrently on the same handle.
 *
 * Naming, the same in every header (`<kind>` is the accumulator: `csat`, `nps`, `sla`…):
 * - `cxkpi_<kind>_new()` creates, `_free()` destroys, `_clone()` copies, `_reset()` forgets
 *   every event and keeps the configuration (every reset returns a ::cxkpi_status),
 *   `_merge()` adds another accumulator of the same configuration.
 * - `_add()` counts one event, `_add_many()` an array of them in one call, `_remove()`
 *   retracts an event counted earlier.
 * - A figure in percent ends in `_percent` (`cxkpi_fcr_reopen_percent()`); its confidence
 *   interval is the same name followed by `_interval`
 *   (`cxkpi_fcr_reopen_percent_interval()`), so each interval pairs with its getter.
 * - Counts end in `_count` or name what they count (`cxkpi_nps_groups()`); times and
 *   durations are in seconds unless the name says otherwise.
 * - `_memory_usage()` is the number of bytes a handle holds.
 * - `_serialized_size()`, `_serialize()` and `_deserialize()` write and read the portable
 *   byte format (docs/FORMAT.md).
 * - One public header per concept (`cxkpi/<concept>.h`, all included by `cxkpi.h`); the
 *   status functions are declared here and defined in one source file of their own.
 */
#ifndef CXKPI_COMMON_H
#define CXKPI_COMMON_H

#include <stddef.h>
#include <stdint.h>

/**
 * @def CXKPI_API
 * @brief Marks a symbol as part of the exported ABI.
 *
 * Everything else in the shared library is hidden. On Windows, define `CXKPI_STATIC`
 * when linking the static library.
 */
#if defined(_WIN32) || defined(__CYGWIN__)
#  if defined(CXKPI_BUILDING)
#    define CXKPI_API __declspec(dllexport)
#  elif defined(CXKPI_STATIC)
#    define CXKPI_API
#  else
#    define CXKPI_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define CXKPI_API __attribute__((visibility("default")))
#else
#  define CXKPI_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Result of every fallible cxkpi function.
 *
 * The numeric values are part of the ABI: they are never renumbered, and new codes are
 * only ever appended.
 */
typedef enum cxkpi_status {
    CXKPI_OK = 0,        /**< Success. */
    CXKPI_EINVAL = 1,    /**< Invalid argument: a NULL handle or pointer, or an invalid configuration. */
    CXKPI_ERANGE = 2,    /**< A value outside its domain: a score outside the scale, a confidence
                              not in (0, 1), a negative, NaN or infinite duration. */
    CXKPI_EEMPTY = 3,    /**< A result was asked of an accumulator that has counted nothing. */
    CXKPI_EOVERFLOW = 4, /**< A 64-bit counter would overflow; nothing was counted. */
    CXKPI_ENOMEM = 5,    /**< Memory allocation failed; nothing was changed. */
    CXKPI_EMISMATCH = 6, /**< Merge of accumulators with different configurations. */
    CXKPI_ENOSPC = 7,    /**< The output buffer is too small; nothing was written. */
    CXKPI_EFORMAT = 8,   /**< Serialized bytes (or a parsed text or file) are malformed, truncated
                              or corrupted, or are not of the expected kind. */
    CXKPI_EVERSION = 9,  /**< Serialized bytes use a newer format version than this library reads. */
    CXKPI_ENOTFOUND = 10,/**< The thing to remove, look up or open does not exist
                              (e.g. removing a score that was never counted). */
    CXKPI_EORDER = 11,   /**< An event arrived out of order beyond the tolerated lateness,
                              or an operation was called in the wrong state. */
    CXKPI_EIO = 12       /**< A file could not be read (e.g. a zoneinfo file). */
} cxkpi_status;

/**
 * @brief A short, static, English description of a status code.
 *
 * @param status any value, including ones this library version does not know.
 * @return a NUL-terminated string with static storage duration; never NULL.
 *         Unknown values give "unknown status". The caller must not free it.
 */
CXKPI_API const char *cxkpi_status_str(cxkpi_status status);

#ifdef __cplusplus
}
#endif

#endif /* CXKPI_COMMON_H */
