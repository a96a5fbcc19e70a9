<?php

declare(strict_types=1);

namespace Cxkpi;

/**
 * Average handling time: each contact is (talk, hold, after-call work) in seconds.
 *
 *     $a = new Cxkpi\Aht();
 *     $a->add(240, 30, 60)->add(180, 0, 90);
 *     $a->aht();                     // 300.0 ((330 + 270) / 2)
 *     $a->mean(Cxkpi\Aht::HOLD);     // 15.0
 */
final class Aht extends Accumulator implements \Countable
{
    protected const PREFIX = 'aht';

    public const TALK = 0;
    public const HOLD = 1;
    /** After-call work (wrap-up). */
    public const ACW = 2;
    /** talk + hold + after-call work, per contact. */
    public const TOTAL = 3;

    /** Same configuration as Duration, shared by the four components. */
    public function __construct(float $alpha = Duration::DEFAULT_ALPHA, int $maxBuckets = 0)
    {
        $this->create('cxkpi_aht_new', $alpha, Duration::buckets($maxBuckets));
    }

    /** Counts one handled contact. */
    public function add(int|float $talk, int|float $hold = 0.0, int|float $acw = 0.0): static
    {
        return $this->chain('cxkpi_aht_add', (float) $talk, (float) $hold, (float) $acw);
    }

    /**
     * Counts contacts (talk[i], hold[i], acw[i]) in one C call, atomically.
     * @param iterable<int|float> $talk
     * @param iterable<int|float> $hold
     * @param iterable<int|float> $acw
     */
    public function addMany(iterable $talk, iterable $hold, iterable $acw): static
    {
        $h = $this->handle();
        $cols = [self::packSeconds($talk), self::packSeconds($hold), self::packSeconds($acw)];
        $sizes = array_unique(array_map('strlen', $cols));
        if (count($sizes) > 1) {
            throw new \LengthException('the arrays have different lengths');
        }
        Library::call('cxkpi_aht_add_many', $h, ...[...$cols, intdiv(strlen($cols[0]), 8)]);
        return $this;
    }

    public function count(): int
    {
        return $this->out('uint64_t', 'cxkpi_aht_count');
    }

    /** Mean of a component (TALK, HOLD, ACW, TOTAL) in seconds; TOTAL is the AHT. */
    public function mean(int $part = self::TOTAL): float
    {
        return $this->out('double', 'cxkpi_aht_mean', self::part($part));
    }

    /** Average handling time, sum(talk + hold + acw) / contacts. */
    public function aht(): float
    {
        return $this->mean(self::TOTAL);
    }

    /** The q-quantile of a component. */
    public function quantile(float $q, int $part = self::TOTAL): float
    {
        return $this->out('double', 'cxkpi_aht_quantile', self::part($part), $q);
    }

    /** A copy of one component's Duration (a snapshot). */
    public function component(int $part): Duration
    {
        $borrowed = Library::ffi()->new('void*');
        Library::call('cxkpi_aht_component', $this->handle(), self::part($part), \FFI::addr($borrowed));
        return self::cloned(Duration::class, 'cxkpi_duration_clone', $borrowed);
    }

    private static function part(int $part): int
    {
        if ($part < self::TALK || $part > self::TOTAL) {
            throw new \ValueError("unknown AHT part $part (Aht::TALK, HOLD, ACW or TOTAL)");
        }
        return $part;
    }

    protected function describe(): array
    {
        $n = $this->count();
        return ['count' => $n] + ($n > 0 ? ['aht' => $this->aht()] : []);
    }
}
