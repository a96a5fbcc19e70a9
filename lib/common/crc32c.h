#ifndef CXKPI_COMMON_CRC32C_H
#define CXKPI_COMMON_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, init and final xor 0xFFFFFFFF),
 * the checksum of every serialized frame. crc32c("123456789") == 0xE3069283. */
uint32_t cxkpi__crc32c(const void *data, size_t size);
/* The same through the portable byte table, whatever the CPU (for tests). */
uint32_t cxkpi__crc32c_portable(const void *data, size_t size);

#endif
