<?php

declare(strict_types=1);

namespace Cxkpi\Tests;

use Cxkpi\Aht;
use Cxkpi\Churn;
use Cxkpi\Duration;
use Cxkpi\Exception;
use Cxkpi\Fcr;
use Cxkpi\FcrTracker;
use Cxkpi\Sla;
use Cxkpi\Stats;

final class OutcomesTest extends CxkpiTestCase
{
    public function testFcrRates(): void
    {
        $f = new Fcr();
        $f->add(Fcr::RESOLVED_FIRST_CONTACT)->add(Fcr::ESCALATED)->add(Fcr::EXCLUDED | Fcr::REOPENED);
        $f->addMany([Fcr::RESOLVED_FIRST_CONTACT, 0]);
        self::assertSame(['issues' => 5, 'resolved_first_contact' => 2, 'escalated' => 1, 'reopened' => 1,
            'excluded' => 1], $f->counts());
        self::assertClose(40.0, $f->percent());                 // 100 * 2 / 5
        self::assertClose(50.0, $f->netPercent());              // 100 * 2 / (5 - 1)
        self::assertClose(20.0, $f->escalationPercent());
        self::assertClose(20.0, $f->reopenPercent());
        self::assertPairClose(self::wilson(2, 5), $f->interval());
        self::assertPairClose(self::wilson(2, 4), $f->netInterval());
        self::assertPairClose(self::wilson(1, 5), $f->escalationInterval());
        self::assertPairClose(self::wilson(1, 5), $f->reopenInterval());
        self::assertSame(1, $f->combinationCount(Fcr::EXCLUDED | Fcr::REOPENED));
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => $f->add(Fcr::RESOLVED_FIRST_CONTACT | Fcr::ESCALATED));
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => $f->addMany([1, 16]));
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => $f->addMany([1, -1]));
        self::assertCount(5, $f);
        self::assertCxkpiError(Exception\EmptyException::class, 3, fn () => (new Fcr())->percent());
    }

    public function testTracker(): void
    {
        $t = new FcrTracker(7 * 86400);
        $t->add('alice@example.com', 0)->add('alice@example.com', 3600)
            ->add('bob@example.com', new \DateTimeImmutable('@7200'));
        self::assertSame([2, 2], $t->openEpisodes());
        self::assertSame(7200, $t->watermark());
        $copy = FcrTracker::fromBytes($t->toBytes());
        foreach ([$t, $copy] as $tr) {
            $tr->finish();
            self::assertSame(50.0, $tr->results()->percent());  // bob's issue only
        }
        // 64-bit FNV-1a of "a" is 0xaf63dc4c8601ec8c (the published test vector), as a PHP int
        self::assertSame(unpack('J', (string) hex2bin('af63dc4c8601ec8c'))[1], FcrTracker::key('a'));
        $b = new FcrTracker(100, 10);
        $b->addMany([1, 2, 1, 'x'], [0, 5, 50, 60]);
        $b->add(2, 200);
        self::assertCxkpiError(Exception\OrderException::class, 11, fn () => $b->add(3, 100));
        $b->finish();
        self::assertSame(4, $b->results()->count());
        self::assertCxkpiError(Exception\InvalidArgumentException::class, 1, fn () => new FcrTracker(0));
    }

    public function testSla(): void
    {
        $s = new Sla(3600);
        $s->addMany([1800, 3600, 5400, 7200])->addOpen(600)->addOpen(4000);
        self::assertSame([2, 3, 1, 1], [$s->met(), $s->breached(), $s->inProgress(), $s->breachedOpen()]);
        self::assertSame(40.0, $s->percent());                  // 100 * 2 / (2 + 3)
        self::assertPairClose(self::wilson(2, 5), $s->interval());
        self::assertSame(['count' => 3, 'total' => 5800.0, 'mean' => 5800 / 3, 'max' => 3600.0], $s->lateness());
        self::assertSame(['count' => 2, 'total' => 5400.0, 'mean' => 2700.0, 'max' => 3600.0], $s->latenessFinished());
        foreach ([-1, NAN, INF] as $bad) {
            self::assertCxkpiError(Exception\RangeException::class, 2, fn () => $s->add($bad));
            self::assertCxkpiError(Exception\RangeException::class, 2, fn () => $s->addMany([1, $bad]));
        }
        self::assertSame(2, $s->met());
        self::assertCxkpiError(Exception\MismatchException::class, 6, fn () => $s->merge(new Sla(60)));
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => new Sla(0));
    }

    public function testDurationAndAht(): void
    {
        $values = [30, 60, 90, 120, 0.5];
        $d = new Duration();
        $d->addMany([30, 60, 90, 120])->add(0.5);
        $mean = array_sum($values) / 5;
        self::assertCount(5, $d);
        self::assertClose($mean, $d->mean());
        self::assertSame(0.5, $d->min());
        self::assertSame(120.0, $d->max());
        self::assertClose(sqrt(array_sum(array_map(fn ($v) => ($v - $mean) ** 2, $values)) / 5), $d->stddev(), 1e-9);
        foreach ([[0.0, 0.5], [0.5, 60], [1.0, 120]] as [$q, $exact]) {   // rank floor(q * 4)
            self::assertEqualsWithDelta($exact, $d->quantile($q), 0.01 * $exact);
        }
        self::assertSame([$d->median(), $d->quantile(0.9)], $d->quantiles([0.5, 0.9]));
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => $d->addMany([1, -1]));
        self::assertCount(5, $d);
        self::assertCxkpiError(Exception\InvalidArgumentException::class, 1, fn () => new Duration(0.5));
        $a = new Aht();
        $a->add(240, 30, 60)->add(180, 0, 90)->addMany([100], [0], [20]);
        self::assertClose((330 + 270 + 120) / 3, $a->aht());
        self::assertClose(10.0, $a->mean(Aht::HOLD));
        self::assertSame(240.0, $a->component(Aht::TALK)->max());
        $this->expectException(\LengthException::class);
        $a->addMany([1, 2], [1], [1]);
    }

    public function testDurationWeighted(): void
    {
        $d = (new Duration())->addWeighted(30, 3)->addWeighted(120, 1)->addWeighted(500, 0);
        self::assertCount(4, $d);
        self::assertClose((3 * 30 + 120) / 4, $d->mean());
        self::assertSame(75.0, $d->percentAtMost(60));          // three 30 s of four; 120 > 60 * 1.0202
        self::assertSame(0.0, $d->percentAtMost(10));           // below the minimum
        self::assertSame(100.0, $d->percentAtMost(120));        // from the maximum on
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => $d->addWeighted(-1, 2));
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => $d->addWeighted(1, -2));
        self::assertCxkpiError(Exception\EmptyException::class, 3, fn () => (new Duration())->percentAtMost(1));
        self::assertCount(4, $d);
    }

    public function testChurnAndStats(): void
    {
        $c = new Churn(atStart: 200, gained: 25, lost: 10);
        self::assertSame(5.0, $c->percent());                   // 100 * 10 / 200
        self::assertSame(7.5, $c->netGrowth());                 // 100 * 15 / 200
        self::assertSame(215, $c->atEnd());
        self::assertPairClose(self::wilson(10, 200), $c->interval());
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => $c->addLost(191));
        self::assertCxkpiError(Exception\NotFoundException::class, 10, fn () => $c->removeLost(11));
        self::assertClose(self::Z95, Stats::normalZ(0.95));
        self::assertPairClose(self::wilson(30, 50), Stats::wilsonInterval(30, 50));
        self::assertCxkpiError(Exception\EmptyException::class, 3, fn () => Stats::wilsonInterval(0, 0));
    }
}
