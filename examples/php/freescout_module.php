<?php

declare(strict_types=1);

/*
 * A team KPI report in the shape of a FreeScout module's service class: FreeScout keeps
 * satisfaction ratings per thread ("great" / "okay" / "not good") and conversations with
 * their creation and first-reply times; a module computes, per mailbox, CSAT with its
 * confidence interval and first-reply SLA compliance in business hours, and stores each
 * mailbox's state as bytes (a BLOB column) so the monthly total is a merge, not a re-scan.
 *
 *   CXKPI_LIBRARY=build/lib/libcxkpi.so.0 php -d ffi.enable=1 examples/php/freescout_module.php
 *
 * In a real module the class lives in Modules/CxkpiReports/Services/ and the rows come from
 * Eloquent queries; here they are arrays so the example runs on its own.
 */

namespace Modules\CxkpiReports\Services;

require __DIR__ . '/../../bindings/php/autoload.php';

use Cxkpi\Calendar;
use Cxkpi\Csat;
use Cxkpi\Sla;

final class TeamReport
{
    /** FreeScout's three-level rating as a 1-3 scale; "great" is satisfied. */
    private const RATING = ['not good' => 1, 'okay' => 2, 'great' => 3];

    private Calendar $hours;

    public function __construct(string $businessHours, private readonly int $firstReplyTarget,
                                private readonly \DateTimeImmutable $now)
    {
        $this->hours = new Calendar($businessHours);
    }

    /**
     * Per-mailbox states as bytes, ready for a BLOB column.
     *
     * @param list<array{mailbox: string, rating: ?string}> $ratings
     * @param list<array{mailbox: string, created_at: string, first_reply_at: ?string}> $conversations
     * @return array<string, array{csat: string, sla: string}>
     */
    public function states(array $ratings, array $conversations): array
    {
        // Every mailbox's CSAT in one C call (a grouped batch); null is "no rating".
        $csat = Csat::grouped(array_column($ratings, 'mailbox'),
            array_map(fn ($r) => $r['rating'] === null ? null : self::RATING[$r['rating']], $ratings), 1, 3, 3);
        $sla = [];
        foreach ($conversations as $c) {
            $sla[$c['mailbox']] ??= new Sla($this->firstReplyTarget);
            $created = new \DateTimeImmutable($c['created_at']);
            if ($c['first_reply_at'] === null) {           // still waiting: an open ticket
                $sla[$c['mailbox']]->addOpen($this->hours->elapsed($created, $this->now));
            } else {
                $sla[$c['mailbox']]->add($this->hours->elapsed($created, new \DateTimeImmutable($c['first_reply_at'])));
            }
        }
        $out = [];
        foreach ($csat as $mailbox => $acc) {
            $out[$mailbox] = ['csat' => $acc->toBytes(), 'sla' => ($sla[$mailbox] ?? new Sla($this->firstReplyTarget))->toBytes()];
        }
        return $out;
    }

    /** @param array<string, array{csat: string, sla: string}> $states */
    public static function render(array $states): string
    {
        $lines = [sprintf('%-10s %4s %7s %17s %4s %8s', 'mailbox', 'n', 'CSAT', '95% interval', 'n', 'SLA')];
        $totalCsat = new Csat(1, 3, 3);
        $totalSla = null;
        foreach ($states as $mailbox => $s) {
            $csat = Csat::fromBytes($s['csat']);
            $sla = Sla::fromBytes($s['sla']);
            $totalCsat->merge($csat);
            $totalSla = $totalSla === null ? clone $sla : $totalSla->merge($sla);
            $lines[] = self::row($mailbox, $csat, $sla);
        }
        $lines[] = self::row('all', $totalCsat, $totalSla);
        return implode("\n", $lines) . "\n";
    }

    private static function row(string $name, Csat $csat, Sla $sla): string
    {
        [$lo, $hi] = $csat->interval(0.95);
        return sprintf('%-10s %4d %6.1f%% %7.1f%%-%5.1f%% %4d %7.1f%%', $name, count($csat), $csat->percent(),
            $lo, $hi, $sla->met() + $sla->breached(), $sla->percent());
    }
}

$ratings = [
    ['mailbox' => 'support', 'rating' => 'great'],
    ['mailbox' => 'support', 'rating' => 'great'],
    ['mailbox' => 'support', 'rating' => 'okay'],
    ['mailbox' => 'support', 'rating' => null],       // asked, never answered
    ['mailbox' => 'billing', 'rating' => 'not good'],
    ['mailbox' => 'billing', 'rating' => 'great'],
];
$conversations = [
    // Friday 17:30 New York time, answered Monday 09:15: 30 + 15 working minutes.
    ['mailbox' => 'support', 'created_at' => '2026-11-20T22:30:00Z', 'first_reply_at' => '2026-11-23T14:15:00Z'],
    // Monday 10:00, answered 13:00: 3 working hours, over the 2-hour target.
    ['mailbox' => 'support', 'created_at' => '2026-11-23T15:00:00Z', 'first_reply_at' => '2026-11-23T18:00:00Z'],
    // Tuesday 09:00, answered 09:20.
    ['mailbox' => 'billing', 'created_at' => '2026-11-24T14:00:00Z', 'first_reply_at' => '2026-11-24T14:20:00Z'],
    // Thanksgiving is a holiday: created Thursday 10:00, answered Friday 09:30 = 30 minutes.
    ['mailbox' => 'billing', 'created_at' => '2026-11-26T15:00:00Z', 'first_reply_at' => '2026-11-27T14:30:00Z'],
    // Friday 14:00, still unanswered on Monday 07:00: 3 working hours, already breached.
    ['mailbox' => 'billing', 'created_at' => '2026-11-27T19:00:00Z', 'first_reply_at' => null],
];

$report = new TeamReport("tz America/New_York\nmon-fri 09:00-17:00\nholiday 2026-11-26\n", 2 * 3600,
    new \DateTimeImmutable('2026-11-30T12:00:00Z'));
echo TeamReport::render($report->states($ratings, $conversations));
