<?php

declare(strict_types=1);

namespace Cxkpi;

/**
 * Durations (response, handling, resolution times) in seconds: count, sum, mean, min, max,
 * standard deviation, and quantiles within a relative error alpha (1% by default) from a
 * mergeable logarithmic sketch.
 *
 *     $d = new Cxkpi\Duration();
 *     $d->addMany([30, 60, 90, 120]);
 *     $d->mean();        // 75.0
 *     $d->quantile(0.5); // within 1% of 60
 */
final class Duration extends Accumulator implements \Countable
{
    protected const PREFIX = 'duration';
    public const DEFAULT_ALPHA = 0.01;

    /** @throws Exception\InvalidArgumentException alpha outside [1e-4, 0.1], maxBuckets not 0 or in [16, 2^20] */
    public function __construct(float $alpha = self::DEFAULT_ALPHA, int $maxBuckets = 0)
    {
        $this->create('cxkpi_duration_new', $alpha, self::buckets($maxBuckets));
    }

    /** maxBuckets as a uint32; out of range becomes 1, which the library refuses (EINVAL). */
    public static function buckets(int $maxBuckets): int
    {
        return $maxBuckets >= 0 && $maxBuckets <= self::UINT32_MAX ? $maxBuckets : 1;
    }

    /** Counts one duration (RangeException for negative, NaN, infinite). */
    public function add(int|float $seconds): static
    {
        return $this->chain('cxkpi_duration_add', (float) $seconds);
    }

    /** @param iterable<int|float> $seconds counted in one C call, atomically */
    public function addMany(iterable $seconds): static
    {
        return $this->chainSeconds('cxkpi_duration_add_many', $seconds);
    }

    /**
     * Counts one duration `$weight` times in one step, for pre-aggregated data ("37 tickets
     * took 5 minutes"): the same counts and quantiles as `$weight` adds.
     */
    public function addWeighted(int|float $seconds, int $weight): static
    {
        if ($weight < 0) {
            throw self::rangeError('cxkpi_duration_add_weighted', "weight $weight is not a count");
        }
        return $this->chain('cxkpi_duration_add_weighted', (float) $seconds, $weight);
    }

    /**
     * The share of durations at most `$seconds`, in percent ("answered within 1 hour"); it
     * may count durations up to about 2 * alpha longer than the threshold, never miss one.
     */
    public function percentAtMost(int|float $seconds): float
    {
        return $this->out('double', 'cxkpi_duration_percent_at_most', (float) $seconds);
    }

    protected static function groupedFunction(): string
    {
        return 'cxkpi_duration_add_grouped';
    }

    protected static function packGrouped(array $values): string
    {
        return self::packSeconds($values);
    }

    /** Preallocates the buckets for durations in [min, max]. */
    public function reserve(int|float $min, int|float $max): static
    {
        return $this->chain('cxkpi_duration_reserve', (float) $min, (float) $max);
    }

    public function count(): int
    {
        return $this->out('uint64_t', 'cxkpi_duration_count');
    }

    public function sum(): float
    {
        return $this->out('double', 'cxkpi_duration_sum');
    }

    public function mean(): float
    {
        return $this->out('double', 'cxkpi_duration_mean');
    }

    public function min(): float
    {
        return $this->out('double', 'cxkpi_duration_min');
    }

    public function max(): float
    {
        return $this->out('double', 'cxkpi_duration_max');
    }

    /** Population standard deviation. */
    public function stddev(): float
    {
        return $this->out('double', 'cxkpi_duration_stddev');
    }

    /** The q-quantile (q in [0, 1]) within alpha. */
    public function quantile(float $q): float
    {
        return $this->out('double', 'cxkpi_duration_quantile', $q);
    }

    /**
     * Several quantiles in one C call.
     * @param list<float> $qs
     * @return list<float>
     */
    public function quantiles(array $qs): array
    {
        $n = count($qs);
        $out = Library::ffi()->new('double[' . max($n, 1) . ']');
        Library::call('cxkpi_duration_quantiles', $this->handle(), self::packSeconds($qs), $n, $out);
        $values = [];
        for ($i = 0; $i < $n; $i++) {
            $values[] = $out[$i];
        }
        return $values;
    }

    public function median(): float
    {
        return $this->quantile(0.5);
    }

    public function zeroCount(): int
    {
        return $this->out('uint64_t', 'cxkpi_duration_zero_count');
    }

    public function collapsedCount(): int
    {
        return $this->out('uint64_t', 'cxkpi_duration_collapsed_count');
    }

    /** Bytes of memory held. */
    public function memoryUsage(): int
    {
        return $this->out('size_t', 'cxkpi_duration_memory_usage');
    }

    protected function describe(): array
    {
        $n = $this->count();
        return ['count' => $n] + ($n > 0 ? ['mean' => $this->mean(), 'median' => $this->median()] : []);
    }
}
