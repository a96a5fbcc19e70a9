<?php

declare(strict_types=1);

namespace Cxkpi;

/**
 * Base class of every KPI accumulator: merging, plus Serializable's copying and bytes.
 *
 * `$a->merge($b)` adds b into a (in place, returns a); `$a->merged($b)` returns a new
 * accumulator; `$a->equals($b)`: same class and same serialized state.
 */
abstract class Accumulator extends Serializable
{
    /**
     * Adds everything `$other` counted into this accumulator (`$other` is unchanged).
     *
     * @throws Exception\MismatchException the configurations differ (this one is unchanged)
     * @throws \TypeError another kind of accumulator
     */
    public function merge(self $other): static
    {
        if (!$other instanceof static) {
            throw new \TypeError('cannot merge ' . $other::class . ' into ' . static::class);
        }
        Library::call('cxkpi_' . static::PREFIX . '_merge', $this->handle(), $other->handle());
        return $this;
    }

    /** A new accumulator holding both (neither changes). */
    public function merged(self $other): static
    {
        $copy = clone $this;
        return $copy->merge($other);
    }

    /** Sum of accumulators of one class (a new one; the inputs are unchanged). */
    public static function mergeAll(self $first, self ...$rest): static
    {
        $total = clone $first;
        foreach ($rest as $acc) {
            $total->merge($acc);
        }
        return $total;
    }

    /**
     * Counts a table's column into one accumulator per group, in one C call, atomically over
     * all of them: value i goes to `$accs[$groups[i]]`. `$accs` are accumulators of this
     * class (the caller keeps them), `$groups` indices into it. Returns `$accs`.
     *
     * @param list<static> $accs
     * @param list<int> $groups
     * @param list<mixed> $values
     * @return list<static>
     * @throws Exception\RangeException an index outside `$accs`, or a value refused
     */
    public static function addGrouped(array $accs, array $groups, array $values): array
    {
        $function = static::groupedFunction();
        if (count($groups) !== count($values)) {
            throw new \LengthException(sprintf('groups and values have different lengths (%d, %d)', count($groups), count($values)));
        }
        $accs = array_values($accs);
        $ffi = Library::ffi();
        $list = $ffi->new('void*[' . max(count($accs), 1) . ']');
        foreach ($accs as $i => $acc) {
            if (!$acc instanceof static) {
                throw new \TypeError('addGrouped needs ' . static::class . ' accumulators, not ' . get_debug_type($acc));
            }
            $list[$i] = $acc->handle();
        }
        if ($values === []) {
            return $accs;
        }
        $groups = array_values($groups);
        foreach ($groups as $g) {
            if (!is_int($g) || $g < 0 || $g > self::UINT32_MAX) {
                throw self::rangeError($function, 'group index ' . var_export($g, true) . ' is outside the accumulators');
            }
        }
        Library::call($function, ...[$list, count($accs), pack('L*', ...$groups),
            static::packGrouped(array_values($values)), count($values), ...static::groupedExtra()]);
        return $accs;
    }

    /**
     * One accumulator per distinct key: `$keys` and `$values` are two columns of a table
     * (agent and score of each row), counted in one C call.
     *
     * @param list<int|string> $keys
     * @param list<mixed> $values
     * @return array<int|string, static> key => accumulator, in order of first appearance
     */
    public static function grouped(array $keys, array $values, mixed ...$config): array
    {
        static::groupedFunction();
        $index = [];
        $codes = [];
        foreach ($keys as $k) {
            $codes[] = $index[$k] ??= count($index);
        }
        $accs = [];
        foreach ($index as $_) {
            $accs[] = new static(...$config);
        }
        static::addGrouped($accs, $codes, $values);
        return array_combine(array_keys($index), $accs);
    }

    /** The C function of the grouped batch (a class without one throws). */
    protected static function groupedFunction(): string
    {
        throw new \BadMethodCallException(static::class . ' has no grouped batch');
    }

    /** @return list<mixed> arguments after n (the skipped counter of the score kinds) */
    protected static function groupedExtra(): array
    {
        return [];
    }

    /** @param list<mixed> $values */
    protected static function packGrouped(array $values): string
    {
        throw new \BadMethodCallException(static::class . ' has no grouped batch');
    }

    /** Same class and same serialized state. */
    public function equals(mixed $other): bool
    {
        return $other instanceof self && $other::class === static::class
            && ($other === $this || $other->toBytes() === $this->toBytes());
    }
}
