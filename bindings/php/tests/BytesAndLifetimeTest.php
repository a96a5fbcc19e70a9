<?php

declare(strict_types=1);

namespace Cxkpi\Tests;

use Cxkpi\Aht;
use Cxkpi\Calendar;
use Cxkpi\Churn;
use Cxkpi\Csat;
use Cxkpi\Duration;
use Cxkpi\Exception;
use Cxkpi\Fcr;
use Cxkpi\FcrTracker;
use Cxkpi\Nps;
use Cxkpi\Sla;
use Cxkpi\TicketClock;

/** Serialization (toBytes, fromBytes, serialize), bad bytes, closed objects, destructors. */
final class BytesAndLifetimeTest extends CxkpiTestCase
{
    private static function csat201020(): Csat
    {
        $c = new Csat();
        $c->addMany(array_merge(array_fill(0, 20, 5), array_fill(0, 10, 4), array_fill(0, 20, 1)));
        return $c;
    }

    public function testFrameOfTheFormatDocument(): void
    {
        $payload = pack('V3', 1, 5, 4) . pack('P5', 20, 0, 0, 10, 20);
        $bytes = self::csat201020()->toBytes();
        self::assertSame(72, strlen($bytes));
        self::assertSame(bin2hex(self::frame(1, 1, $payload)), bin2hex($bytes));
    }

    public function testRoundTrips(): void
    {
        $all = [self::csat201020(), (new Nps())->add(1)->add(9), (new Fcr())->add(1),
            (new Sla(60))->add(30)->addOpen(90), (new Duration())->addMany([1, 2, 3]), (new Aht())->add(1),
            new Churn(5, 0, 1)];
        foreach ($all as $acc) {
            $back = $acc::fromBytes($acc->toBytes());
            self::assertTrue($back->equals($acc), $acc::class);
            $u = unserialize(serialize(['x' => $acc]));
            self::assertInstanceOf($acc::class, $u['x']);
            self::assertSame($acc->toBytes(), $u['x']->toBytes());
        }
    }

    public function testBadBytesThrowFormatException(): void
    {
        $good = self::csat201020()->toBytes();
        $corrupted = $good;
        $corrupted[30] = chr(ord($corrupted[30]) ^ 1);
        foreach ([substr($good, 0, 71), $good . "\0", $corrupted, '', 'not a state', (new Nps())->toBytes()] as $bad) {
            $e = self::assertCxkpiError(Exception\FormatException::class, 8, fn () => Csat::fromBytes($bad));
            self::assertInstanceOf(\UnexpectedValueException::class, $e);
        }
        $e = self::assertCxkpiError(Exception\FormatException::class, 8, fn () => Csat::fromBytes((new Nps())->toBytes()));
        self::assertStringContainsString('a nps state where a csat state was expected', $e->getMessage());
        $stream = str_replace($good, $corrupted, serialize(self::csat201020()));
        self::assertCxkpiError(Exception\FormatException::class, 8, fn () => unserialize($stream));
        $payload = pack('V3', 1, 5, 4) . pack('P5', 0, 0, 0, 0, 1);
        self::assertCxkpiError(Exception\VersionException::class, 9, fn () => Csat::fromBytes(self::frame(1, 99, $payload)));
        self::assertSame(1, Csat::fromBytes(self::frame(1, 1, $payload))->scoreCount(5));
        $this->expectException(Exception\FormatException::class);
        unserialize('O:10:"Cxkpi\Csat":1:{s:5:"bytes";i:5;}');
    }

    public function testJsonHasTheFiguresNotThePointer(): void
    {
        $c = new Csat();
        $c->addMany([5, 4, 2, 5, 3]);
        self::assertSame('{"scale":"1-5","satisfiedMin":4,"count":5,"percent":60}', json_encode($c));
        self::assertSame('{"count":0}', json_encode(new Nps()));
        $c->close();
        $this->expectException(Exception\ClosedException::class);
        json_encode($c, JSON_THROW_ON_ERROR);
    }

    public function testClosedObjects(): void
    {
        $objects = [new Csat(), new Nps(), new Fcr(), new Sla(1), new Duration(), new Aht(), new Churn(),
            new FcrTracker(), new Calendar(), new TicketClock()];
        foreach ($objects as $obj) {
            self::assertFalse($obj->isClosed());
            $obj->close();
            $obj->close();                                      // idempotent
            self::assertTrue($obj->isClosed());
            self::assertSame(['closed' => true], $obj->__debugInfo());
        }
        $c = new Csat();
        $c->close();
        foreach ([fn () => $c->count(), fn () => $c->add(5), fn () => $c->addMany([5]), fn () => $c->toBytes(),
            fn () => clone $c, fn () => serialize($c), fn () => (new Csat())->merge($c)] as $use) {
            try {
                $use();
                self::fail('a closed object was used');
            } catch (Exception\ClosedException $e) {
                self::assertInstanceOf(\LogicException::class, $e);
                self::assertInstanceOf(\Cxkpi\Exception::class, $e);
            }
        }
    }

    /**
     * 1,000 accumulators of ~390 KB of C memory each (alpha 1e-4 over 8 decades): 390 MB if
     * the destructors did not free them; the resident size must grow by far less.
     */
    public function testDestructorsReleaseTheCMemory(): void
    {
        if (!is_file('/proc/self/statm')) {
            self::markTestSkipped('Linux /proc only');
        }
        $rss = fn () => (int) explode(' ', (string) file_get_contents('/proc/self/statm'))[1] * 4096;
        $values = [];
        for ($i = 0; $i < 400; $i++) {
            $values[] = 1.05 ** $i;
        }
        $big = fn () => (new Duration(1e-4, 1 << 20))->addMany($values);
        self::assertGreaterThan(300000, $big()->memoryUsage());
        $before = $rss();
        for ($i = 0; $i < 1000; $i++) {
            $big();
        }
        self::assertLessThan(100000000, $rss() - $before);
    }

    public function testDestructorsFreeWithoutClose(): void
    {
        for ($i = 0; $i < 20000; $i++) {
            (new Csat())->add(5);
            $d = new Duration();
            $d->addMany([1.0, 2.0]);
        }
        gc_collect_cycles();
        self::assertCount(1, (new Csat())->add(5));
    }
}
