<?php

declare(strict_types=1);

namespace Cxkpi;

/**
 * FCR -- first contact resolution from ticket outcomes: one call per finished issue.
 *
 *     $fcr = new Cxkpi\Fcr();
 *     $fcr->add(Cxkpi\Fcr::RESOLVED_FIRST_CONTACT);
 *     $fcr->add(Cxkpi\Fcr::ESCALATED);
 *     $fcr->add(Cxkpi\Fcr::EXCLUDED | Cxkpi\Fcr::REOPENED);
 *     $fcr->percent();      // 33.3... (100 * 1 / 3)
 *     $fcr->netPercent();   // 50.0    (100 * 1 / (3 - 1))
 *
 * Contradictory outcomes (resolved on first contact and escalated, reopened or excluded)
 * throw RangeException and count nothing.
 */
final class Fcr extends Accumulator implements \Countable
{
    protected const PREFIX = 'fcr';

    public const RESOLVED_FIRST_CONTACT = 1;
    public const ESCALATED = 2;
    public const REOPENED = 4;
    public const EXCLUDED = 8;

    public function __construct()
    {
        $this->create('cxkpi_fcr_new');
    }

    /** Counts one finished issue with these flag bits. */
    public function add(int $flags): static
    {
        Library::call('cxkpi_fcr_add', $this->handle(), self::flags($flags, 'cxkpi_fcr_add'));
        return $this;
    }

    /**
     * Counts many issues (flag ints) in one C call, atomically.
     * @param iterable<int> $flags
     */
    public function addMany(iterable $flags): static
    {
        $h = $this->handle();
        $list = is_array($flags) ? array_values($flags) : iterator_to_array($flags, false);
        if ($list === []) {
            return $this;
        }
        foreach ($list as $f) {
            if (!is_int($f)) {
                throw new \TypeError('flags are ints, not ' . get_debug_type($f));
            }
        }
        $lo = min($list);
        $hi = max($list);
        if ($lo < 0 || $hi > self::UINT32_MAX) {
            throw self::rangeError('cxkpi_fcr_add_many', 'flags ' . ($lo < 0 ? $lo : $hi) . ' are out of range');
        }
        Library::call('cxkpi_fcr_add_many', $h, pack('L*', ...$list), count($list));
        return $this;
    }

    protected static function groupedFunction(): string
    {
        return 'cxkpi_fcr_add_grouped';
    }

    protected static function packGrouped(array $values): string
    {
        foreach ($values as $f) {
            if (!is_int($f)) {
                throw new \TypeError('flags are ints, not ' . get_debug_type($f));
            }
            self::flags($f, 'cxkpi_fcr_add_grouped');
        }
        return pack('L*', ...$values);
    }

    /** Retracts one issue counted with exactly these flags (NotFoundException if none). */
    public function remove(int $flags): static
    {
        Library::call('cxkpi_fcr_remove', $this->handle(), self::flags($flags, 'cxkpi_fcr_remove'));
        return $this;
    }

    /** @return array{issues: int, resolved_first_contact: int, escalated: int, reopened: int, excluded: int} */
    public function counts(): array
    {
        return array_combine(['issues', 'resolved_first_contact', 'escalated', 'reopened', 'excluded'],
            $this->outs('uint64_t', 5, 'cxkpi_fcr_counts'));
    }

    public function count(): int
    {
        return $this->counts()['issues'];
    }

    /** Issues counted with exactly this flag combination. */
    public function combinationCount(int $flags): int
    {
        return $this->out('uint64_t', 'cxkpi_fcr_combination_count', self::flags($flags, 'cxkpi_fcr_combination_count'));
    }

    /** Gross FCR, 100 * resolved_first_contact / issues. */
    public function percent(): float
    {
        return $this->out('double', 'cxkpi_fcr_percent');
    }

    /** Net FCR, 100 * resolved_first_contact / (issues - excluded). */
    public function netPercent(): float
    {
        return $this->out('double', 'cxkpi_fcr_net_percent');
    }

    /** 100 * escalated / issues. */
    public function escalationPercent(): float
    {
        return $this->out('double', 'cxkpi_fcr_escalation_percent');
    }

    /** 100 * reopened / issues. */
    public function reopenPercent(): float
    {
        return $this->out('double', 'cxkpi_fcr_reopen_percent');
    }

    /** @return array{0: float, 1: float} Wilson interval of percent() */
    public function interval(float $confidence = 0.95): array
    {
        return $this->outs('double', 2, 'cxkpi_fcr_percent_interval', $confidence);
    }

    /** @return array{0: float, 1: float} Wilson interval of netPercent() */
    public function netInterval(float $confidence = 0.95): array
    {
        return $this->outs('double', 2, 'cxkpi_fcr_net_percent_interval', $confidence);
    }

    /** @return array{0: float, 1: float} Wilson interval of escalationPercent() */
    public function escalationInterval(float $confidence = 0.95): array
    {
        return $this->outs('double', 2, 'cxkpi_fcr_escalation_percent_interval', $confidence);
    }

    /** @return array{0: float, 1: float} Wilson interval of reopenPercent() */
    public function reopenInterval(float $confidence = 0.95): array
    {
        return $this->outs('double', 2, 'cxkpi_fcr_reopen_percent_interval', $confidence);
    }

    private static function flags(int $flags, string $function): int
    {
        if ($flags < 0 || $flags > self::UINT32_MAX) {
            throw self::rangeError($function, "flags $flags are out of range");
        }
        return $flags;
    }

    protected function describe(): array
    {
        $n = $this->count();
        return ['count' => $n] + ($n > 0 ? ['percent' => $this->percent()] : []);
    }
}
