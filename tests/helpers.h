/* Helpers shared by the cmocka unit tests. */
#ifndef CXKPI_TEST_HELPERS_H
#define CXKPI_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* |actual - expected| <= rel * |expected| (or <= rel when expected is 0). */
void assert_rel(double actual, double expected, double rel, const char *file, int line);
#define assert_close(actual, expected, rel) assert_rel((actual), (expected), (rel), __FILE__, __LINE__)

/* Serialized bytes of an accumulator: "the state" that must not change when a call fails. */
typedef struct test_bytes {
    uint8_t *p;
    size_t n;
} test_bytes;

#define TEST_SNAPSHOT(kind, acc, out)                                                    \
    do {                                                                                 \
        size_t size_, written_;                                                          \
        assert_int_equal(cxkpi_##kind##_serialized_size((acc), &size_), CXKPI_OK);       \
        (out).p = test_malloc(size_);                                                    \
        assert_int_equal(cxkpi_##kind##_serialize((acc), (out).p, size_, &written_),     \
                         CXKPI_OK);                                                      \
        assert_int_equal(written_, size_);                                               \
        (out).n = size_;                                                                 \
    } while (0)

/* Asserts that acc serializes to exactly `before`, then frees `before`. */
#define TEST_ASSERT_UNCHANGED(kind, acc, before)                                         \
    do {                                                                                 \
        test_bytes after_;                                                               \
        TEST_SNAPSHOT(kind, acc, after_);                                                \
        assert_int_equal(after_.n, (before).n);                                          \
        assert_memory_equal(after_.p, (before).p, (before).n);                           \
        test_free(after_.p);                                                             \
        test_free((before).p);                                                           \
    } while (0)

/* Deterministic pseudo-random numbers for property-style tests (splitmix64). */
uint64_t test_rand(uint64_t *state);



/* Builds a frame by hand (header, payload, CRC-32C) so tests can forge serialized bytes:
 * hostile counts, other kinds, newer versions. `out` needs 20 + n bytes; returns the size. */
size_t test_frame(uint8_t *out, uint16_t kind, uint16_t version, const uint8_t *payload, size_t n);
/* Little-endian field writers for forged payloads; each returns the advanced pointer. */
uint8_t *test_put_u64(uint8_t *p, uint64_t v);
uint8_t *test_put_i32(uint8_t *p, int32_t v);
/* Days from 1970-01-01 to y-m-d (y >= 1970), counted year by year and month by month: a
 * naive reference for the calendar tests, independent of lib/civil.c. */
int64_t test_days(int y, int m, int d);
#endif
