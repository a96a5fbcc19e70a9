<?php

declare(strict_types=1);

namespace Cxkpi\Tests;

/**
 * The declarations PHP's FFI reads (src/cxkpi.ffi.h, made by tools/gen-cdef.py) cover
 * exactly the functions the library exports (lib/cxkpi.map): a new public function without
 * a regenerated header fails here.
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
        self::assertSame($exported, $declared, 'run bindings/php/tools/gen-cdef.py');
    }
}
