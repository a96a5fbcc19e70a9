<?php

declare(strict_types=1);

namespace Cxkpi;

/**
 * Is a difference real? Two NPS, or two proportions (CSAT, FCR, SLA compliance), compared:
 * NPS with the Wald standard error `100 * sqrt(v_a / n_a + v_b / n_b)` (per-response
 * variance `v = p + d - (p - d)^2`), proportions with Newcombe's hybrid score interval and
 * the pooled two-proportion z-test.
 *
 *     $c = Cxkpi\Compare::npsDifferenceCounts([50, 30, 20], [40, 30, 30]);
 *     $c->difference;       // 20.0 NPS points
 *     $c->significant();    // false: p = 0.079
 */
final class Compare
{
    private const PERCENT = [
        Csat::class => 'cxkpi_csat_percent_difference',
        Fcr::class => 'cxkpi_fcr_percent_difference',
        Sla::class => 'cxkpi_sla_compliance_percent_difference',
    ];

    /**
     * `100 * (successesA / trialsA - successesB / trialsB)` percentage points, Newcombe's
     * interval and the pooled z-test p-value.
     * @throws Exception\EmptyException 0 trials
     * @throws Exception\InvalidArgumentException successes exceed trials
     */
    public static function proportionDifference(int $successesA, int $trialsA, int $successesB, int $trialsB,
                                                float $confidence = 0.95): Comparison
    {
        $counts = self::counts([$successesA, $trialsA, $successesB, $trialsB], 'cxkpi_proportion_difference');
        return self::run('cxkpi_proportion_difference', $counts, $confidence, false);
    }

    /**
     * NPS of `$a` minus NPS of `$b`, each [promoters, passives, detractors].
     * @param array{0: int, 1: int, 2: int} $a
     * @param array{0: int, 1: int, 2: int} $b
     */
    public static function npsDifferenceCounts(array $a, array $b, float $confidence = 0.95): Comparison
    {
        if (count($a) !== 3 || count($b) !== 3) {
            throw new \LengthException('give [promoters, passives, detractors] twice');
        }
        $counts = self::counts([...array_values($a), ...array_values($b)], 'cxkpi_nps_difference_counts');
        return self::run('cxkpi_nps_difference_counts', $counts, $confidence, true);
    }

    /** npsDifferenceCounts() of two Nps accumulators. */
    public static function npsDifference(Nps $a, Nps $b, float $confidence = 0.95): Comparison
    {
        return self::run('cxkpi_nps_difference', [self::handleOf($a), self::handleOf($b)], $confidence, true);
    }

    /**
     * The difference of two CSAT percentages, gross FCR percentages or SLA compliance
     * percentages (both of one class), as proportionDifference().
     * @throws Exception\MismatchException CSAT scales or SLA targets that differ
     */
    public static function percentDifference(Csat|Fcr|Sla $a, Csat|Fcr|Sla $b, float $confidence = 0.95): Comparison
    {
        if ($a::class !== $b::class) {
            throw new \TypeError('percentDifference: expected two Csat, two Fcr or two Sla');
        }
        return self::run(self::PERCENT[$a::class], [self::handleOf($a), self::handleOf($b)], $confidence, false);
    }

    /** @param list<mixed> $args */
    private static function run(string $function, array $args, float $confidence, bool $withSe): Comparison
    {
        $n = $withSe ? 5 : 4;
        $o = Library::ffi()->new("double[$n]");
        $ptrs = [];
        for ($i = 0; $i < $n; $i++) {
            $ptrs[] = \FFI::addr($o[$i]);
        }
        Library::call($function, ...[...$args, $confidence, ...$ptrs]);
        return $withSe ? new Comparison($o[0], $o[2], $o[3], $o[4], $confidence, $o[1])
            : new Comparison($o[0], $o[1], $o[2], $o[3], $confidence);
    }

    /**
     * @param list<int> $counts
     * @return list<int>
     */
    private static function counts(array $counts, string $function): array
    {
        foreach ($counts as $c) {
            if ($c < 0) {
                throw new Exception\RangeException(Library::statusMessage(2) . ": $c is not a count", null, $function);
            }
        }
        return $counts;
    }

    private static function handleOf(Handle $acc): \FFI\CData
    {
        return (fn () => $this->handle())->call($acc);
    }
}
