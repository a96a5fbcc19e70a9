<?php

declare(strict_types=1);

namespace Cxkpi\Tests;

use Cxkpi\Csat;
use Cxkpi\Duration;
use Cxkpi\Exception;
use Cxkpi\Fcr;
use Cxkpi\Nps;
use Cxkpi\Sla;

/** One accumulator per group from two columns, in one C call. */
final class GroupedTest extends CxkpiTestCase
{
    public function testCsatPerAgentFromTwoColumns(): void
    {
        $by = Csat::grouped(['ana', 'ana', 'bruno', 'ana', 'chen', 'bruno'], [5, 2, null, 4, 1, 5]);
        self::assertSame(['ana', 'bruno', 'chen'], array_keys($by));
        self::assertSame([3, 1, 1], array_map('count', array_values($by)));
        self::assertClose(200 / 3, $by['ana']->percent());      // 5, 4 of 5, 2, 4
        self::assertSame(100.0, $by['bruno']->percent());
        $one = new Csat();
        $one->addMany([5, 2, 4]);
        self::assertTrue($one->equals($by['ana']));
        $wide = Csat::grouped(['a', 'b'], [10, 7], 1, 10, 8);
        self::assertSame([1, 10, 8], $wide['a']->config());
    }

    public function testOtherKindsAndAtomicity(): void
    {
        $nps = Nps::grouped([1, 2, 1], [10, 0, 9]);
        self::assertSame([100.0, -100.0], [$nps[1]->score(), $nps[2]->score()]);
        $fcr = Fcr::grouped(['a', 'b', 'a'], [1, 2, 0]);
        self::assertSame(50.0, $fcr['a']->percent());
        $d = Duration::grouped(['a', 'b', 'a'], [1.0, 2, 3]);
        self::assertSame([2.0, 2.0], [$d['a']->mean(), $d['b']->mean()]);
        $accs = [new Csat(), new Csat()];
        Csat::addGrouped($accs, [0, 1], [5, 4]);
        $before = array_map(fn ($a) => $a->toBytes(), $accs);
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => Csat::addGrouped($accs, [0, 1, 0], [5, 5, 9]));
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => Csat::addGrouped($accs, [0, 2], [5, 5]));
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => Csat::addGrouped($accs, [0, -1], [5, 5]));
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => Fcr::addGrouped([new Fcr()], [0], [3]));
        self::assertSame($before, array_map(fn ($a) => $a->toBytes(), $accs));
        $this->expectException(\BadMethodCallException::class);
        Sla::grouped([1], [1], 60);
    }
}
