<?php

declare(strict_types=1);

namespace Cxkpi;

/**
 * Time to resolve with open tickets included: the Kaplan-Meier estimate over resolution
 * times of solved tickets and ages of open ones (censored: each takes at least its age).
 *
 *     $km = new Cxkpi\Survival();
 *     $km->addMany([3600, 7200, 14400, 28800])->addOpenMany([10800, 21600]);
 *     $km->median() / 3600;                  // ~4.0 (the solved-only median is 2 h)
 *     $km->percentResolvedWithin(5 * 3600);  // 55.56 (100 * (1 - 5/6 * 4/5 * 2/3))
 *
 * Times are counted in the duration sketch's logarithmic buckets (alpha wide), so it
 * merges and serializes exactly; exactBounds() brackets the exact estimate of the raw
 * times. A quantile the estimate never reaches throws NotFoundException.
 */
final class Survival extends Accumulator implements \Countable
{
    protected const PREFIX = 'survival';

    /** Same configuration as Duration. */
    public function __construct(float $alpha = Duration::DEFAULT_ALPHA, int $maxBuckets = 0)
    {
        $this->create('cxkpi_survival_new', $alpha, Duration::buckets($maxBuckets));
    }

    /** Counts a resolved ticket and its resolution time (seconds). */
    public function add(int|float $resolvedAfter): static
    {
        return $this->chain('cxkpi_survival_add', (float) $resolvedAfter);
    }

    /** @param iterable<int|float> $resolvedAfter counted in one C call, atomically */
    public function addMany(iterable $resolvedAfter): static
    {
        return $this->chainSeconds('cxkpi_survival_add_many', $resolvedAfter);
    }

    /** Counts a ticket still open at `$age` seconds. */
    public function addOpen(int|float $age): static
    {
        return $this->chain('cxkpi_survival_add_open', (float) $age);
    }

    /** @param iterable<int|float> $ages open tickets' ages, in one C call */
    public function addOpenMany(iterable $ages): static
    {
        return $this->chainSeconds('cxkpi_survival_add_open_many', $ages);
    }

    /** @return array{resolved: int, open: int} */
    public function counts(): array
    {
        return array_combine(['resolved', 'open'], $this->outs('uint64_t', 2, 'cxkpi_survival_counts'));
    }

    public function count(): int
    {
        return array_sum($this->counts());
    }

    /**
     * Percent of tickets still unresolved after `$t` seconds, with its Greenwood band.
     * @return array{value: float, lo: float, hi: float}
     */
    public function survival(int|float $t, float $confidence = 0.95): array
    {
        return array_combine(['value', 'lo', 'hi'], $this->outs('double', 3, 'cxkpi_survival_at', (float) $t, $confidence));
    }

    /** Percent of tickets resolved within `$t` seconds, open tickets included. */
    public function percentResolvedWithin(int|float $t): float
    {
        return $this->out('double', 'cxkpi_survival_percent_resolved_within', (float) $t);
    }

    /** @return array{0: float, 1: float} percent unresolved: where the exact estimate lies at `$t` */
    public function exactBounds(int|float $t): array
    {
        return $this->outs('double', 2, 'cxkpi_survival_exact_bounds', (float) $t);
    }

    /**
     * Seconds by which a share `$q` (in (0, 1)) of tickets is resolved, with its band (hi
     * may be INF).
     * @return array{value: float, lo: float, hi: float}
     */
    public function quantile(float $q, float $confidence = 0.95): array
    {
        return array_combine(['value', 'lo', 'hi'], $this->outs('double', 3, 'cxkpi_survival_quantile', $q, $confidence));
    }

    public function median(): float
    {
        return $this->quantile(0.5)['value'];
    }

    protected function describe(): array
    {
        return $this->counts();
    }
}
