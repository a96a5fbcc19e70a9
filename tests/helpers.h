/* Helpers shared by the cmocka unit tests. */
#ifndef CXKPI_TEST_HELPERS_H
#define CXKPI_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
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

/* Every truncation of the `n` serialized bytes in `buf` (a writable array), and every
 * single-bit flip (bit 4 of each byte), is CXKPI_EFORMAT and leaves the out-pointer as it
 * was. */
#define TEST_REJECTS_DAMAGED(kind, buf, n)                                               \
    do {                                                                                 \
        cxkpi_##kind *sentinel_ = (cxkpi_##kind *)&(buf), *out_ = sentinel_;             \
        for (size_t len_ = 0; len_ < (n); len_++)                                        \
            assert_int_equal(cxkpi_##kind##_deserialize(&out_, (buf), len_), CXKPI_EFORMAT); \
        for (size_t i_ = 0; i_ < (n); i_++) {                                            \
            (buf)[i_] ^= 0x10;                                                           \
            assert_int_equal(cxkpi_##kind##_deserialize(&out_, (buf), (n)), CXKPI_EFORMAT); \
            (buf)[i_] ^= 0x10;                                                           \
        }                                                                                \
        assert_ptr_equal(out_, sentinel_);                                               \
    } while (0)

/* Serializing `acc` (whose frame is `size` bytes) into a buffer one byte short, or into
 * none, is CXKPI_ENOSPC and writes nothing, not even *written. */
#define TEST_ENOSPC_WRITES_NOTHING(kind, acc, size)                                      \
    do {                                                                                 \
        uint8_t *buf_ = test_malloc((size));                                             \
        memset(buf_, 0x5A, (size));                                                      \
        size_t written_ = 777;                                                           \
        assert_int_equal(cxkpi_##kind##_serialize((acc), buf_, (size) - 1, &written_),   \
                         CXKPI_ENOSPC);                                                  \
        assert_int_equal(cxkpi_##kind##_serialize((acc), buf_, 0, &written_), CXKPI_ENOSPC); \
        assert_int_equal(written_, 777);                                                 \
        for (size_t i_ = 0; i_ < (size); i_++)                                           \
            assert_int_equal(buf_[i_], 0x5A);                                            \
        test_free(buf_);                                                                 \
    } while (0)

/* Deterministic pseudo-random numbers for property-style tests (splitmix64). */
uint64_t test_rand(uint64_t *state);



/* A count n for which 100.0 * n / n, evaluated as doubles, is 100.00000000000001:
 * (double)n = 7422337218502517760, 100 times that rounds up, and the quotient lands one
 * ulp above 100. Forged states with this many events check that percents stay in range. */
#define TEST_N_PAST_100 UINT64_C(7422337218502517690)

/* Builds a frame by hand (header, payload, CRC-32C) so tests can forge serialized bytes:
 * hostile counts, other kinds, newer versions. `out` needs 20 + n bytes; returns the size. */
size_t test_frame(uint8_t *out, uint16_t kind, uint16_t version, const uint8_t *payload, size_t n);
/* Little-endian field writers for forged payloads; each returns the advanced pointer. */
uint8_t *test_put_u64(uint8_t *p, uint64_t v);
uint8_t *test_put_i32(uint8_t *p, int32_t v);
uint8_t *test_put_f64(uint8_t *p, double v);
/* Days from 1970-01-01 to y-m-d (y >= 1970), counted year by year and month by month: a
 * naive reference for the calendar tests, independent of lib/civil.c. */
int64_t test_days(int y, int m, int d);
#endif
