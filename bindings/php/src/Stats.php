<?php

declare(strict_types=1);

namespace Cxkpi;

/** The statistics behind every interval, for your own counts. */
final class Stats
{
    /** Two-sided standard normal critical value: 1.959963984540054 for 0.95. */
    public static function normalZ(float $confidence = 0.95): float
    {
        $z = Library::ffi()->new('double');
        Library::call('cxkpi_normal_z', $confidence, \FFI::addr($z));
        return $z->cdata;
    }

    /**
     * Wilson score interval of successes / trials, [lo, hi] in percent.
     * @return array{0: float, 1: float}
     */
    public static function wilsonInterval(int $successes, int $trials, float $confidence = 0.95): array
    {
        if ($successes < 0 || $trials < 0) {
            throw new Exception\RangeException(Library::statusMessage(2) . ': counts must be >= 0', null, 'cxkpi_wilson_interval');
        }
        $o = Library::ffi()->new('double[2]');
        Library::call('cxkpi_wilson_interval', $successes, $trials, $confidence, \FFI::addr($o[0]), \FFI::addr($o[1]));
        return [$o[0], $o[1]];
    }
}
