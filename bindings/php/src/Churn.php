<?php

declare(strict_types=1);

namespace Cxkpi;

/**
 * Customer churn over one period, for one population.
 *
 * `lost` counts customers of the starting population who left (so lost <= atStart);
 * `gained` are new customers, reported but not part of the rate.
 *
 *     $c = new Cxkpi\Churn(atStart: 200, gained: 25, lost: 10);
 *     $c->percent();     // 5.0 (100 * 10 / 200)
 *     $c->netGrowth();   // 7.5 (100 * (25 - 10) / 200)
 */
final class Churn extends Accumulator
{
    protected const PREFIX = 'churn';

    public function __construct(int $atStart = 0, int $gained = 0, int $lost = 0)
    {
        $this->create('cxkpi_churn_new');
        if ($atStart !== 0) {
            $this->addStart($atStart);
        }
        if ($gained !== 0) {
            $this->addGained($gained);
        }
        if ($lost !== 0) {
            $this->addLost($lost);
        }
    }

    public function addStart(int $customers): static
    {
        return $this->chain('cxkpi_churn_add_start', self::customers($customers, 'cxkpi_churn_add_start'));
    }

    public function addGained(int $customers): static
    {
        return $this->chain('cxkpi_churn_add_gained', self::customers($customers, 'cxkpi_churn_add_gained'));
    }

    /** RangeException when lost would exceed atStart. */
    public function addLost(int $customers = 1): static
    {
        return $this->chain('cxkpi_churn_add_lost', self::customers($customers, 'cxkpi_churn_add_lost'));
    }

    /** NotFoundException when fewer are counted as lost. */
    public function removeLost(int $customers = 1): static
    {
        return $this->chain('cxkpi_churn_remove_lost', self::customers($customers, 'cxkpi_churn_remove_lost'));
    }

    /** @return array{at_start: int, gained: int, lost: int} */
    public function counts(): array
    {
        return array_combine(['at_start', 'gained', 'lost'], $this->outs('uint64_t', 3, 'cxkpi_churn_counts'));
    }

    /** Customers at the end, atStart + gained - lost. */
    public function atEnd(): int
    {
        return $this->out('uint64_t', 'cxkpi_churn_at_end');
    }

    /** Churn in percent, 100 * lost / atStart. */
    public function percent(): float
    {
        return $this->out('double', 'cxkpi_churn_percent');
    }

    /** @return array{0: float, 1: float} Wilson interval of percent() */
    public function interval(float $confidence = 0.95): array
    {
        return $this->outs('double', 2, 'cxkpi_churn_percent_interval', $confidence);
    }

    /** 100 * (gained - lost) / atStart. */
    public function netGrowth(): float
    {
        return $this->out('double', 'cxkpi_churn_net_growth');
    }

    private static function customers(int $n, string $function): int
    {
        if ($n < 0) {
            throw self::rangeError($function, "$n is not a count of customers");
        }
        return $n;
    }

    protected function describe(): array
    {
        $c = $this->counts();
        return $c + ($c['at_start'] > 0 ? ['percent' => $this->percent()] : []);
    }
}
