<?php

declare(strict_types=1);

namespace Cxkpi\Tests;

use Cxkpi\Calendar;
use Cxkpi\Exception;
use Cxkpi\TicketClock;

final class CalendarTest extends CxkpiTestCase
{
    private const NY = "tz America/New_York\nmon-fri 09:00-18:00\nholiday 2026-12-25\n";

    public function testFridayEveningToMondayMorning(): void
    {
        $cal = new Calendar(self::NY);
        $fri = new \DateTimeImmutable('2026-11-20T22:55:00Z');  // 17:55 EST
        $mon = new \DateTimeImmutable('2026-11-23T14:05:00Z');  // 09:05 EST
        self::assertSame(600, $cal->elapsed($fri, $mon));       // 5 + 5 working minutes
        self::assertSame(45 * 3600, $cal->weeklySeconds());
        self::assertSame(-5 * 3600, $cal->utcOffset($fri));
        self::assertEquals($mon, $cal->due($fri, 600));
        self::assertSame(0, $cal->elapsed(new \DateTimeImmutable('2026-12-25T15:00Z'), new \DateTimeImmutable('2026-12-25T20:00Z')));
    }

    public function testCalendarQuestions(): void
    {
        $cal = new Calendar(self::NY);
        $fri1830 = new \DateTimeImmutable('2026-11-20T23:30:00Z');   // Friday 18:30 EST
        self::assertFalse($cal->isWorking($fri1830));
        self::assertTrue($cal->isWorking(new \DateTimeImmutable('2026-11-20T14:00:00Z')));
        self::assertFalse($cal->isWorking(new \DateTimeImmutable('2026-11-20T23:00:00Z')));   // 18:00: half-open
        self::assertEquals(new \DateTimeImmutable('2026-11-23T14:00:00Z'), $cal->nextOpening($fri1830));
        self::assertSame(8 * 3600, $cal->secondsLeftToday(new \DateTimeImmutable('2026-11-23T15:00:00Z')));
        self::assertSame(0, $cal->secondsLeftToday($fri1830));
        self::assertCxkpiError(Exception\NotFoundException::class, 10, fn () => (new Calendar())->nextOpening(0));
    }

    public function testSetters(): void
    {
        $cal = (new Calendar())->setUtcOffset(3600)->addInterval(Calendar::WEEKDAYS, '09:00', '17:00')
            ->addInterval(Calendar::SATURDAY, 36000, '12:00')->addHoliday('2026-12-25')
            ->addClosure(new \DateTimeImmutable('2026-12-24'), '13:00', '24:00');
        self::assertSame((5 * 8 + 2) * 3600, $cal->weeklySeconds());
        // Thursday 2026-12-24, 09:00-13:00 local = 08:00-12:00 UTC
        self::assertSame(4 * 3600, $cal->elapsed(1798070400, 1798156800));
    }

    public function testBadCalendars(): void
    {
        $e = self::assertCxkpiError(Exception\FormatException::class, 8,
            fn () => new Calendar("mon-fri 09:00-18:00\nfunday 10:00-11:00\n"));
        self::assertStringContainsString('line 2', $e->getMessage());
        self::assertCxkpiError(Exception\NotFoundException::class, 10, fn () => (new Calendar())->setTimezone('Mars/Olympus_Mons'));
        $cal = new Calendar(self::NY);
        self::assertCxkpiError(Exception\OrderException::class, 11, fn () => $cal->elapsed(10, 5));
        self::assertCxkpiError(Exception\RangeException::class, 2, fn () => $cal->elapsed(0, 1 << 62));
        $this->expectException(\InvalidArgumentException::class);
        $cal->addInterval(Calendar::WEEKDAYS, '9am', '5pm');
    }

    public function testCalendarsAndClocksDoNotClone(): void
    {
        $cal = new Calendar(self::NY);
        foreach ([$cal, new TicketClock($cal)] as $obj) {
            try {
                $copy = clone $obj;
                self::fail('cloned a ' . $obj::class);
            } catch (\LogicException $e) {
                self::assertStringContainsString('cannot be cloned', $e->getMessage());
            }
        }
        self::assertSame(45 * 3600, $cal->weeklySeconds());
    }

    public function testTicketClock(): void
    {
        $cal = new Calendar(self::NY);
        $clock = new TicketClock($cal);
        self::assertSame(TicketClock::IDLE, $clock->state());
        $mon9 = 1795442400;                                     // 2026-11-23T14:00Z, Monday 09:00 EST
        $clock->start($mon9);
        self::assertSame(1800, $clock->seconds($mon9 + 1800));
        $clock->pause($mon9 + 3600)->resume($mon9 + 3 * 3600);  // pending for 2 hours
        self::assertSame($mon9 + 3 * 3600 + 1800, $clock->due(5400));
        $clock->stop($mon9 + 4 * 3600);
        self::assertSame(2 * 3600, $clock->seconds());
        self::assertCxkpiError(Exception\OrderException::class, 11, fn () => $clock->pause($mon9 + 5 * 3600));
        self::assertSame(TicketClock::IDLE, $clock->reset()->state());
        $cal->close();
        $this->expectException(Exception\ClosedException::class);
        $clock->start(0);
    }
}
