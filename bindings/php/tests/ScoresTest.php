<?php

declare(strict_types=1);

namespace Cxkpi\Tests;

use Cxkpi\Csat;
use Cxkpi\Exception;
use Cxkpi\Nps;

final class ScoresTest extends CxkpiTestCase
{
    public function testCsatWorkedExample(): void
    {
        $c = new Csat(1, 5, 4);
        self::assertSame(0, $c->addMany([5, 4, 2, 5, 3]));
        self::assertCount(5, $c);
        self::assertSame(3, $c->satisfied());                  // 5, 4, 5
        self::assertSame(60.0, $c->percent());                 // 100 * 3 / 5
        self::assertClose(3.8, $c->mean());                    // 19 / 5
        self::assertSame([1 => 0, 2 => 1, 3 => 1, 4 => 1, 5 => 2], $c->distribution());
        self::assertPairClose(self::wilson(3, 5), $c->interval(0.95));
        self::assertSame([1, 5, 4], $c->config());
    }

    public function testOneEventExtremesAndEmpty(): void
    {
        $c = new Csat(0, 1, 1);
        self::assertCxkpiError(Exception\EmptyException::class, 3, fn () => $c->percent());
        self::assertCxkpiError(\UnderflowException::class, 3, fn () => $c->mean());
        self::assertSame(0, $c->addMany([]));
        $c->add(1);
        self::assertSame(100.0, $c->percent());
        $c->add(0)->add(0);
        self::assertClose(100 / 3, $c->percent());
        $wide = new Csat(0, 100, 100);
        $wide->addMany([0, 100, 100]);
        self::assertClose(200 / 3, $wide->mean());
    }

    public function testNullIsNoAnswerAndIntegralFloatsCount(): void
    {
        $c = new Csat();
        self::assertSame(2, $c->addMany([5, null, 4.0, NAN, 1]));  // two "no answer" skipped
        self::assertCount(3, $c);
        self::assertSame(2, $c->satisfied());
        $c->addMany(new \ArrayIterator(['a' => 5, 'b' => 5]));      // any iterable, keys ignored
        self::assertCount(5, $c);
    }

    public function testSingleAddFollowsTheRuleOfAddMany(): void
    {
        $c = new Csat();
        $c->add(4.0)->add(NAN)->add(2);  // 4.0 is 4, NAN is no answer: two responses, one satisfied
        self::assertCount(2, $c);
        self::assertSame(1, $c->satisfied());
        $before = $c->toBytes();
        self::assertCxkpiError(\RangeException::class, 2, fn () => $c->add(4.5));  // not a 4
        self::assertCxkpiError(\RangeException::class, 2, fn () => $c->add(INF));
        self::assertCxkpiError(\RangeException::class, 2, fn () => $c->add(6.0));
        self::assertCxkpiError(\RangeException::class, 2, fn () => $c->add(1e300));
        self::assertCxkpiError(\RangeException::class, 2, fn () => (new Nps())->add(9.9));
        self::assertSame($before, $c->toBytes());
    }

    public function testOutOfScaleCountsNothing(): void
    {
        $c = new Csat();
        $c->addMany([5, 4]);
        $before = $c->toBytes();
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => $c->add(6));
        self::assertCxkpiError(\RangeException::class, 2, fn () => $c->addMany([5, 5, 0]));
        self::assertCxkpiError(\RangeException::class, 2, fn () => $c->addMany([5, PHP_INT_MAX]));
        self::assertCxkpiError(\RangeException::class, 2, fn () => $c->addMany([5, 4.5]));
        self::assertCxkpiError(\RangeException::class, 2, fn () => $c->addMany([5, INF]));
        $this->expectException(\TypeError::class);
        try {
            $c->addMany([5, '4']);
        } finally {
            self::assertSame($before, $c->toBytes());
            self::assertCount(2, $c);
        }
    }

    public function testInvalidConfigurations(): void
    {
        foreach ([[5, 1, 4], [1, 5, 1], [1, 5, 6], [-1, 5, 4], [1, 101, 4], [1, 1 << 40, 4]] as [$lo, $hi, $sat]) {
            self::assertInstanceOf(\InvalidArgumentException::class, self::catchIt(fn () => new Csat($lo, $hi, $sat)));
        }
    }

    public function testRemoveMergeAndMismatch(): void
    {
        $a = (new Csat())->add(5)->add(2);
        $a->remove(2);
        self::assertSame(100.0, $a->percent());
        $e = self::assertCxkpiError(Exception\NotFoundException::class, 10, fn () => $a->remove(2));
        self::assertInstanceOf(\OutOfBoundsException::class, $e);
        $b = (new Csat())->add(1);
        $sum = $a->merged($b);
        self::assertCount(1, $a);
        self::assertCount(2, $sum);
        self::assertSame(50.0, $sum->percent());
        self::assertTrue(Csat::mergeAll($a, $b)->equals($sum));
        $other = (new Csat(1, 10, 8))->add(9);
        self::assertCxkpiError(Exception\MismatchException::class, 6, fn () => $a->merge($other));
        self::assertCount(1, $a);
        self::assertInstanceOf(\TypeError::class, self::catchIt(fn () => $a->merge(new Nps())));
    }

    public function testCloneIsIndependent(): void
    {
        $a = (new Csat())->add(5);
        $b = clone $a;
        $b->add(1);
        self::assertCount(1, $a);
        self::assertCount(2, $b);
        $a->close();
        self::assertCount(2, $b);
    }

    public function testLargeBatch(): void
    {
        $c = new Csat(1, 10, 8);
        $scores = [];
        for ($i = 0; $i < 100000; $i++) {
            $scores[] = $i % 10 + 1;
        }
        $c->addMany($scores);
        self::assertCount(100000, $c);
        self::assertSame(30000, $c->satisfied());               // 8, 9, 10 of every ten
        self::assertClose(5.5, $c->mean());
    }

    public function testNps(): void
    {
        $n = new Nps();
        $n->addMany(array_merge(array_fill(0, 50, 10), array_fill(0, 30, 7), array_fill(0, 20, 0)));
        self::assertSame(['promoters' => 50, 'passives' => 30, 'detractors' => 20], $n->groups());
        self::assertSame(30.0, $n->score());
        $se = 100 * sqrt(0.61 / 100);                           // p + d - (p - d)^2 = 0.7 - 0.09
        self::assertClose($se, $n->stderr());
        self::assertClose(self::Z95 * $se, $n->margin(), 1e-9);
        self::assertSame(['promoters' => 50.0, 'passives' => 30.0, 'detractors' => 20.0], $n->groupPercents());
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => $n->add(11));
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => $n->margin(1.0));
        $one = (new Nps())->add(0);
        self::assertSame(-100.0, $one->score());
        self::assertSame([-100.0, -100.0], $one->interval());
        self::assertCxkpiError(Exception\EmptyException::class, 3, fn () => (new Nps())->score());
    }

    private static function catchIt(callable $fn): ?\Throwable
    {
        try {
            $fn();
        } catch (\Throwable $e) {
            return $e;
        }
        return null;
    }
}
