<?php

declare(strict_types=1);

namespace Cxkpi;

/**
 * What CSAT and NPS share: integer scores, one at a time or in bulk (internal base class).
 */
abstract class ScoreAccumulator extends Accumulator implements \Countable
{
    /**
     * Counts one response: an int, or a float with an integral value (4.0 is 4; NAN is "no
     * answer" and counts nothing), the rule of addMany(). RangeException for a score off the
     * scale or a float that is not integral (nothing counted). The parameter takes floats so
     * that PHP's implicit conversion cannot turn 4.5 into 4 before the check.
     */
    public function add(int|float $score): static
    {
        $fn = 'cxkpi_' . static::PREFIX . '_add';
        if (is_float($score)) {
            if (is_nan($score)) {
                return $this;
            }
            if (!is_finite($score) || floor($score) !== $score) {
                throw self::rangeError($fn, "score $score is not an integer");
            }
        }
        if ($score < self::INT32_MIN || $score > self::INT32_MAX) {  // before any cast
            throw self::rangeError($fn, "score $score is out of range");
        }
        $status = Library::ffi()->$fn($this->handle(), (int) $score);
        if ($status !== 0) {
            throw Library::error($status, $fn);
        }
        return $this;
    }

    /**
     * Counts many responses in one C call over a packed buffer, atomically: all of them or,
     * on any error, none. `null` (and NAN) means "no answer" and is skipped; a float with
     * an integral value is that score.
     *
     * @param iterable<int|float|null> $scores
     * @return int the number of "no answer" values skipped
     */
    public function addMany(iterable $scores): int
    {
        $h = $this->handle();
        $list = is_array($scores) ? ($scores === [] || array_is_list($scores) ? $scores : array_values($scores))
            : iterator_to_array($scores, false);
        $n = count($list);
        if ($n === 0) {
            return 0;
        }
        $p = 'cxkpi_' . static::PREFIX . '_add_many';
        $allInt = true;
        foreach ($list as $s) {
            if (!is_int($s)) {
                $allInt = false;
                break;
            }
        }
        if ($allInt) {
            if (Library::has("{$p}_i64")) {
                Library::call("{$p}_i64", $h, pack('q*', ...$list), $n);
                return 0;
            }
            $lo = min($list);
            $hi = max($list);
            if ($lo < self::INT32_MIN || $hi > self::INT32_MAX) {
                throw self::rangeError($p, 'score ' . ($lo < self::INT32_MIN ? $lo : $hi) . ' is out of range');
            }
            Library::call($p, $h, pack('l*', ...$list), $n);
            return 0;
        }
        foreach ($list as $i => $s) {
            if ($s === null) {
                $list[$i] = NAN;
            } elseif (!is_int($s) && !is_float($s)) {
                throw new \TypeError('a score is an int, a float or null, not ' . get_debug_type($s));
            }
        }
        $skipped = Library::ffi()->new('size_t');
        Library::call("{$p}_f64", $h, pack('d*', ...$list), $n, \FFI::addr($skipped));
        return $skipped->cdata;
    }

    protected static function groupedFunction(): string
    {
        return 'cxkpi_' . static::PREFIX . '_add_grouped_f64';
    }

    protected static function groupedExtra(): array
    {
        return [null];
    }

    /** Scores as doubles, null ("no answer") as NAN: skipped by the library. */
    protected static function packGrouped(array $values): string
    {
        foreach ($values as $i => $v) {
            if ($v === null) {
                $values[$i] = NAN;
            } elseif (!is_int($v) && !is_float($v)) {
                throw new \TypeError('a score is an int, a float or null, not ' . get_debug_type($v));
            }
        }
        return pack('d*', ...$values);
    }

    /**
     * Retracts one response previously counted (a customer changed a rating).
     * @throws Exception\NotFoundException no response with that score is counted
     */
    public function remove(int $score): static
    {
        $fn = 'cxkpi_' . static::PREFIX . '_remove';
        if ($score < self::INT32_MIN || $score > self::INT32_MAX) {
            throw self::rangeError($fn, "score $score is out of range");
        }
        Library::call($fn, $this->handle(), $score);
        return $this;
    }

    /** Number of responses counted (0 when empty). */
    public function count(): int
    {
        return $this->out('uint64_t', 'cxkpi_' . static::PREFIX . '_count');
    }

    /** Number of responses with exactly `$score`. */
    public function scoreCount(int $score): int
    {
        $fn = 'cxkpi_' . static::PREFIX . '_score_count';
        if ($score < self::INT32_MIN || $score > self::INT32_MAX) {
            throw self::rangeError($fn, "score $score is out of range");
        }
        return $this->out('uint64_t', $fn, $score);
    }
}
