<?php

declare(strict_types=1);

namespace Cxkpi\Tests;

/** The FreeScout-module example runs and prints the figures worked out by hand. */
final class ExampleTest extends CxkpiTestCase
{
    public function testFreescoutModuleExample(): void
    {
        $script = dirname(__DIR__, 3) . '/examples/php/freescout_module.php';
        $p = proc_open([PHP_BINARY, '-d', 'ffi.enable=1', $script], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        self::assertSame(0, proc_close($p), $err);
        $rows = array_map(fn ($l) => preg_split('/\s+/', trim($l)), explode("\n", trim($out)));
        // support: great, great, okay -> 2 of 3; replies in 45 min (met) and 3 h (breached)
        self::assertSame(['support', '3', '66.7%'], array_slice($rows[1], 0, 3));
        self::assertSame(['2', '50.0%'], array_slice($rows[1], -2));
        // billing: not good, great -> 1 of 2; 20 min and 30 min met, one open for 3 h breached
        self::assertSame(['billing', '2', '50.0%'], array_slice($rows[2], 0, 3));
        self::assertSame(['3', '66.7%'], array_slice($rows[2], -2));
        // all: 3 of 5 satisfied; 3 met of 5
        self::assertSame(['all', '5', '60.0%'], array_slice($rows[3], 0, 3));
        self::assertSame(['5', '60.0%'], array_slice($rows[3], -2));
    }
}
