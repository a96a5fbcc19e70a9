<?php

declare(strict_types=1);

namespace Cxkpi\Tests;

use Cxkpi\Library;
use PHPUnit\Framework\TestCase;

/** Helpers: independent arithmetic for expected values, and error assertions. */
abstract class CxkpiTestCase extends TestCase
{
    protected const Z95 = 1.959963984540054; // two-sided 95% normal quantile

    /**
     * Wilson score interval in percent from its definition (Wilson 1927), not the library's.
     * @return array{0: float, 1: float}
     */
    protected static function wilson(int $successes, int $n, float $z = self::Z95): array
    {
        $p = $successes / $n;
        $denom = 1 + $z * $z / $n;
        $center = ($p + $z * $z / (2 * $n)) / $denom;
        $half = $z * sqrt($p * (1 - $p) / $n + $z * $z / (4 * $n * $n)) / $denom;
        return [100 * ($center - $half), 100 * ($center + $half)];
    }

    /** CRC-32C (Castagnoli, reflected 0x82F63B78), bit by bit. */
    protected static function crc32c(string $bytes): int
    {
        $crc = 0xFFFFFFFF;
        foreach (str_split($bytes) as $ch) {
            $crc ^= ord($ch);
            for ($k = 0; $k < 8; $k++) {
                $crc = ($crc & 1) ? (($crc >> 1) ^ 0x82F63B78) : ($crc >> 1);
            }
        }
        return $crc ^ 0xFFFFFFFF;
    }

    /** A frame as docs/FORMAT.md lays it out: magic, kind, version, length, payload, CRC. */
    protected static function frame(int $kind, int $version, string $payload): string
    {
        $head = 'CXKP' . pack('vvP', $kind, $version, strlen($payload)) . $payload;
        return $head . pack('V', self::crc32c($head));
    }

    protected static function assertClose(float $expected, float $actual, float $rel = 1e-12): void
    {
        self::assertEqualsWithDelta($expected, $actual, $rel * max(abs($expected), 1.0));
    }

    /** @param array{0: float, 1: float} $expected @param array<float> $actual */
    protected static function assertPairClose(array $expected, array $actual): void
    {
        self::assertCount(2, $actual);
        self::assertClose($expected[0], $actual[0]);
        self::assertClose($expected[1], $actual[1]);
    }

    /**
     * Runs `$fn`, which must throw `$class` that is also a Cxkpi\Exception carrying the
     * library's message for `$status`; returns the exception.
     */
    protected static function assertCxkpiError(string $class, int $status, callable $fn): \Throwable
    {
        try {
            $fn();
        } catch (\Throwable $e) {
            self::assertInstanceOf($class, $e, $e->getMessage());
            self::assertInstanceOf(\Cxkpi\Exception::class, $e);
            self::assertSame($status, $e->getStatus());
            self::assertSame($status, $e->getCode());
            self::assertStringContainsString(Library::statusMessage($status), $e->getMessage());
            return $e;
        }
        self::fail("expected $class");
    }
}
