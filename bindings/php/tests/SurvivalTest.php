<?php

declare(strict_types=1);

namespace Cxkpi\Tests;

use Cxkpi\Duration;
use Cxkpi\Exception;
use Cxkpi\Survival;

final class SurvivalTest extends CxkpiTestCase
{
    private const H = 3600;

    public function testKaplanMeierWorkedExample(): void
    {
        $s = (new Survival())->addMany([self::H, 2 * self::H, 4 * self::H, 8 * self::H])->addOpenMany([3 * self::H, 6 * self::H]);
        self::assertSame(['resolved' => 4, 'open' => 2], $s->counts());
        // at risk 6, 5, (3 h censored), 3: S = 5/6 * 4/5 * 2/3 after 4 h
        self::assertClose(100 * (1 - 5 / 6 * 4 / 5 * 2 / 3), $s->percentResolvedWithin(5 * self::H), 1e-9);
        self::assertClose(100 * 5 / 6 * 4 / 5 * 2 / 3, $s->survival(5 * self::H)['value'], 1e-9);
        self::assertEqualsWithDelta(4 * self::H, $s->median(), 0.01 * 4 * self::H);
        self::assertEqualsWithDelta(8 * self::H, $s->quantile(0.9)['value'], 0.01 * 8 * self::H);
        [$lo, $hi] = $s->exactBounds(5 * self::H);
        self::assertLessThanOrEqual($hi, $lo);
        $open = (new Survival())->add(self::H)->addOpenMany([2 * self::H, 3 * self::H]);   // S stays 2/3
        self::assertCxkpiError(Exception\NotFoundException::class, 10, fn () => $open->median());
    }

    public function testMergeBytesAndBadInput(): void
    {
        $a = (new Survival())->addMany([self::H, 2 * self::H]);
        $b = (new Survival())->addOpen(3 * self::H);
        self::assertSame(['resolved' => 2, 'open' => 1], $a->merged($b)->counts());
        self::assertTrue(Survival::fromBytes($a->merged($b)->toBytes())->equals($a->merged($b)));
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => $a->add(-1));
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => $a->addOpenMany([1, NAN]));
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => $a->quantile(1.0));
        self::assertCxkpiError(Exception\EmptyException::class, 3, fn () => (new Survival())->median());
        self::assertCxkpiError(Exception\MismatchException::class, 6, fn () => $a->merge(new Survival(0.02)));
        self::assertCxkpiError(Exception\FormatException::class, 8, fn () => Survival::fromBytes((new Duration())->toBytes()));
        self::assertSame(['resolved' => 2, 'open' => 0], $a->counts());
    }
}
