<?php

declare(strict_types=1);

namespace Cxkpi;

/**
 * SLA compliance for one policy (a target duration): met, breached, in progress.
 *
 * A finished ticket with `elapsed <= target` is met, otherwise breached; an open ticket
 * past the target is already breached, one within it is in progress (reported, not part
 * of compliance). Times are seconds (int or float).
 *
 *     $sla = new Cxkpi\Sla(3600);
 *     $sla->addMany([1800, 3600, 5400, 7200]);
 *     $sla->addOpen(600)->addOpen(4000);
 *     $sla->percent();      // 40.0 (100 * 2 / 5)
 */
final class Sla extends Accumulator implements \Countable
{
    protected const PREFIX = 'sla';

    /** @throws Exception\RangeException unless 0 < target <= 2^53 seconds */
    public function __construct(int|float $target)
    {
        $this->create('cxkpi_sla_new', (float) $target);
    }

    /** The policy's target, in seconds. */
    public function target(): float
    {
        return $this->out('double', 'cxkpi_sla_target');
    }

    /** Counts one finished ticket (RangeException for a negative, NaN, infinite time). */
    public function add(int|float $elapsed): static
    {
        return $this->chain('cxkpi_sla_add', (float) $elapsed);
    }

    /** @param iterable<int|float> $elapsed counted in one C call, atomically */
    public function addMany(iterable $elapsed): static
    {
        return $this->chainSeconds('cxkpi_sla_add_many', $elapsed);
    }

    /** Retracts a finished ticket. */
    public function remove(int|float $elapsed): static
    {
        return $this->chain('cxkpi_sla_remove', (float) $elapsed);
    }

    /** Counts a snapshot of one open ticket (breached if already past the target). */
    public function addOpen(int|float $elapsed): static
    {
        return $this->chain('cxkpi_sla_add_open', (float) $elapsed);
    }

    /** @param iterable<int|float> $elapsed open-ticket snapshots, in one C call */
    public function addOpenMany(iterable $elapsed): static
    {
        return $this->chainSeconds('cxkpi_sla_add_open_many', $elapsed);
    }

    /** Retracts an open-ticket snapshot. */
    public function removeOpen(int|float $elapsed): static
    {
        return $this->chain('cxkpi_sla_remove_open', (float) $elapsed);
    }

    /** Forgets every open-ticket snapshot, keeping finished tickets. */
    public function clearOpen(): static
    {
        return $this->chain('cxkpi_sla_clear_open');
    }

    /** Adds `$other`'s counts whatever its target (totals across policies). */
    public function mergeCounts(Sla $other): static
    {
        return $this->chain('cxkpi_sla_merge_counts', $other->handle());
    }

    public function met(): int
    {
        return $this->out('uint64_t', 'cxkpi_sla_met');
    }

    public function breached(): int
    {
        return $this->out('uint64_t', 'cxkpi_sla_breached');
    }

    public function breachedOpen(): int
    {
        return $this->out('uint64_t', 'cxkpi_sla_breached_open');
    }

    public function inProgress(): int
    {
        return $this->out('uint64_t', 'cxkpi_sla_in_progress');
    }

    /** Tickets held: met + breached + in progress. */
    public function count(): int
    {
        return $this->met() + $this->breached() + $this->inProgress();
    }

    /** Compliance in percent, 100 * met / (met + breached). */
    public function percent(): float
    {
        return $this->out('double', 'cxkpi_sla_compliance_percent');
    }

    /** @return array{0: float, 1: float} Wilson interval of percent() */
    public function interval(float $confidence = 0.95): array
    {
        return $this->outs('double', 2, 'cxkpi_sla_compliance_percent_interval', $confidence);
    }

    /** @return array{count: int, total: float, mean: float, max: float} lateness of every breach */
    public function lateness(): array
    {
        return $this->latenessOf('cxkpi_sla_lateness');
    }

    /** @return array{count: int, total: float, mean: float, max: float} lateness of finished breaches */
    public function latenessFinished(): array
    {
        return $this->latenessOf('cxkpi_sla_lateness_finished');
    }

    /** @return array{count: int, total: float, mean: float, max: float} */
    private function latenessOf(string $function): array
    {
        $ffi = Library::ffi();
        $n = $ffi->new('uint64_t');
        $d = $ffi->new('double[3]');
        Library::call($function, $this->handle(), \FFI::addr($n), \FFI::addr($d[0]), \FFI::addr($d[1]), \FFI::addr($d[2]));
        return ['count' => $n->cdata, 'total' => $d[0], 'mean' => $d[1], 'max' => $d[2]];
    }

    protected function describe(): array
    {
        $c = ['target' => $this->target(), 'met' => $this->met(), 'breached' => $this->breached(),
            'inProgress' => $this->inProgress()];
        return $c + ($c['met'] + $c['breached'] > 0 ? ['percent' => $this->percent()] : []);
    }
}
