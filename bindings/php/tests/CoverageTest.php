<?php

declare(strict_types=1);

namespace Cxkpi\Tests;

/**
 * The declarations PHP's FFI reads (src/cxkpi.ffi.h, made by tools/gen-cdef.py) are all
 * exported by the library (lib/cxkpi.map), and cover every exported function (a newer one
 * is reported as a skip until the header is regenerated).
 */
final class CoverageTest extends CxkpiTestCase
{
    public function testDeclarationsMatchTheExportedFunctions(): void
    {
        $map = dirname(__DIR__, 3) . '/lib/cxkpi.map';
        if (!is_file($map)) {
            self::markTestSkipped('run from the source tree');
        }
        preg_match_all('/^\s+(cxkpi_\w+);/m', (string) file_get_contents($map), $m);
        $exported = $m[1];
        preg_match_all('/\b(cxkpi_\w+)\(/', (string) file_get_contents(dirname(__DIR__) . '/src/cxkpi.ffi.h'), $d);
        $declared = $d[1];
        sort($exported);
        sort($declared);
        self::assertGreaterThan(150, count($exported));
        self::assertSame([], array_values(array_diff($declared, $exported)), 'declared but not exported');
        // A function added to the library after the header was last generated is reported,
        // not a failure: the library's other changes must not wait for the binding.
        $new = array_values(array_diff($exported, $declared));
        if ($new !== []) {
            self::markTestSkipped('exported but not declared yet (run tools/gen-cdef.py): ' . implode(', ', $new));
        }
    }
}
