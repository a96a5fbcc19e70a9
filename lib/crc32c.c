#include "crc32c.h"

#define CRC32C_POLY 0x82F63B78u

static uint32_t crc32c_bitwise(uint32_t crc, const uint8_t *p, size_t n)
{
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (CRC32C_POLY & (0u - (crc & 1u)));
    }
    return crc;
}

uint32_t cxkpi__crc32c(const void *data, size_t size)
{
    const uint8_t *p = data;
    uint32_t crc = 0xFFFFFFFFu;
    /* Short frames go bit by bit; long ones (sketches, tracker state) pay 256 * 8 steps
     * once for a byte table on the stack, which keeps the library free of global state. */
    if (size < 1024)
        return ~crc32c_bitwise(crc, p, size);
    uint32_t table[256];
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t v = i;
        for (int k = 0; k < 8; k++)
            v = (v >> 1) ^ (CRC32C_POLY & (0u - (v & 1u)));
        table[i] = v;
    }
    while (size--)
        crc = (crc >> 8) ^ table[(crc ^ *p++) & 0xFFu];
    return ~crc;
}
