<?php

declare(strict_types=1);

namespace Cxkpi\Tests;

use Cxkpi\Compare;
use Cxkpi\Csat;
use Cxkpi\Exception;
use Cxkpi\Fcr;
use Cxkpi\Nps;
use Cxkpi\Sla;

final class CompareTest extends CxkpiTestCase
{
    public function testNpsDifferenceWorkedExample(): void
    {
        // a: 50/30/20 (NPS 30, v = 0.61); b: 40/30/30 (NPS 10, v = 0.69); p published as 0.0794106
        $se = 100 * sqrt(0.61 / 100 + 0.69 / 100);
        $c = Compare::npsDifferenceCounts([50, 30, 20], [40, 30, 30]);
        self::assertClose(20.0, $c->difference);
        self::assertClose($se, $c->stderr);
        self::assertClose(20 - self::Z95 * $se, $c->lo, 1e-9);
        self::assertClose(20 + self::Z95 * $se, $c->hi, 1e-9);
        self::assertEqualsWithDelta(0.0794106, $c->pValue, 5e-8);
        self::assertFalse($c->significant());
        $a = new Nps();
        $a->addMany([...array_fill(0, 50, 10), ...array_fill(0, 30, 8), ...array_fill(0, 20, 0)]);
        $b = new Nps();
        $b->addMany([...array_fill(0, 40, 9), ...array_fill(0, 30, 7), ...array_fill(0, 30, 6)]);
        self::assertEquals($c, Compare::npsDifference($a, $b));
    }

    public function testProportionsNewcombeExample(): void
    {
        // 56/70 against 48/80 (Newcombe 1998, example (a)): 20 points, [5.24, 33.39], p 0.00805
        $pa = 56 / 70;
        $pb = 48 / 80;
        [$la, $ua] = array_map(fn ($x) => $x / 100, self::wilson(56, 70));
        [$lb, $ub] = array_map(fn ($x) => $x / 100, self::wilson(48, 80));
        $c = Compare::proportionDifference(56, 70, 48, 80);
        self::assertClose(20.0, $c->difference);
        self::assertClose(100 * ($pa - $pb - sqrt(($pa - $la) ** 2 + ($ub - $pb) ** 2)), $c->lo, 1e-9);
        self::assertClose(100 * ($pa - $pb + sqrt(($ua - $pa) ** 2 + ($pb - $lb) ** 2)), $c->hi, 1e-9);
        self::assertEqualsWithDelta(0.00805, $c->pValue, 5e-6);
        self::assertTrue($c->significant(0.95));
        self::assertNull($c->stderr);
    }

    public function testAccumulatorsAndBadInput(): void
    {
        $a = new Csat();
        $a->addMany([...array_fill(0, 56, 5), ...array_fill(0, 14, 1)]);
        $b = new Csat();
        $b->addMany([...array_fill(0, 48, 4), ...array_fill(0, 32, 2)]);
        self::assertEquals(Compare::proportionDifference(56, 70, 48, 80), Compare::percentDifference($a, $b));
        $f = (new Fcr())->addMany([1, 1, 1, 0]);
        self::assertEquals(Compare::proportionDifference(3, 4, 1, 2), Compare::percentDifference($f, (new Fcr())->addMany([1, 0])));
        $s = (new Sla(60))->addMany([10, 20, 90]);
        self::assertEquals(Compare::proportionDifference(2, 3, 1, 2), Compare::percentDifference($s, (new Sla(60))->addMany([10, 90])));
        self::assertCxkpiError(Exception\EmptyException::class, 3, fn () => Compare::proportionDifference(0, 0, 1, 2));
        self::assertCxkpiError(Exception\InvalidArgumentException::class, 1, fn () => Compare::proportionDifference(3, 2, 1, 2));
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => Compare::proportionDifference(1, 2, 1, 2, 1.5));
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => Compare::proportionDifference(-1, 2, 1, 2));
        self::assertCxkpiError(Exception\MismatchException::class, 6,
            fn () => Compare::percentDifference((new Csat())->add(5), (new Csat(1, 10, 8))->add(9)));
        self::assertCxkpiError(Exception\EmptyException::class, 3, fn () => Compare::npsDifference(new Nps(), (new Nps())->add(9)));
        $this->expectException(\TypeError::class);
        Compare::percentDifference(new Csat(), new Fcr());
    }
}
