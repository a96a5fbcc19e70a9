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

    /** Same class and same serialized state. */
    public function equals(mixed $other): bool
    {
        return $other instanceof self && $other::class === static::class
            && ($other === $this || $other->toBytes() === $this->toBytes());
    }
}
