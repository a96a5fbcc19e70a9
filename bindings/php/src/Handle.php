<?php

declare(strict_types=1);

namespace Cxkpi;

use Cxkpi\Exception\ClosedException;
use Cxkpi\Exception\RangeException;

/**
 * Owner of one C object (internal base class of every Cxkpi class).
 *
 * The C object is freed exactly once: by close(), or by the destructor when PHP releases
 * the last reference. Any use after close() throws Cxkpi\Exception\ClosedException.
 */
abstract class Handle implements \JsonSerializable
{
    /** C name stem of the class: "csat" for cxkpi_csat_*. */
    protected const PREFIX = '';

    protected const INT32_MIN = -2147483648;
    protected const INT32_MAX = 2147483647;
    protected const UINT32_MAX = 4294967295;

    /** The C pointer (a `void *` CData), null once closed. */
    protected ?\FFI\CData $h = null;

    /** Frees the C object now. Idempotent; any later use throws ClosedException. */
    public function close(): void
    {
        $h = $this->h;
        $this->h = null;
        if ($h !== null) {
            $free = 'cxkpi_' . static::PREFIX . '_free';
            Library::ffi()->$free($h);
        }
    }

    /** Whether close() has been called. */
    public function isClosed(): bool
    {
        return $this->h === null;
    }

    public function __destruct()
    {
        $this->close();
    }

    /** A calendar or a clock has no C copy: cloning one would free its pointer twice. */
    public function __clone()
    {
        $this->h = null;
        throw new \LogicException(static::class . ' cannot be cloned');
    }

    /** What var_dump() and print_r() show. */
    public function __debugInfo(): array
    {
        return $this->h === null ? ['closed' => true] : $this->describe();
    }

    /**
     * json_encode(): the figures, never the C pointer.
     * @return array<string, mixed>
     */
    public function jsonSerialize(): array
    {
        return $this->describe();
    }

    /** @return array<string, mixed> */
    protected function describe(): array
    {
        return [];
    }

    /** The live C pointer, or ClosedException. */
    protected function handle(): \FFI\CData
    {
        return $this->h ?? throw new ClosedException('this ' . static::class . ' is closed', null, static::class);
    }

    /** Calls `$function($this, ...$args, &out)` and returns the out value of C type `$type`. */
    protected function out(string $type, string $function, mixed ...$args): int|float
    {
        $ffi = Library::ffi();
        $o = $ffi->new($type);
        Library::call($function, $this->handle(), ...[...$args, \FFI::addr($o)]);
        return $o->cdata;
    }

    /**
     * Several outputs of one C type.
     * @return list<int|float>
     */
    protected function outs(string $type, int $count, string $function, mixed ...$args): array
    {
        $ffi = Library::ffi();
        $o = $ffi->new("{$type}[$count]");
        $ptrs = [];
        for ($i = 0; $i < $count; $i++) {
            $ptrs[] = \FFI::addr($o[$i]);
        }
        Library::call($function, $this->handle(), ...[...$args, ...$ptrs]);
        $values = [];
        for ($i = 0; $i < $count; $i++) {
            $values[] = $o[$i];
        }
        return $values;
    }

    /** Calls a status-returning `$function($this, ...$args)` and returns $this. */
    protected function chain(string $function, mixed ...$args): static
    {
        Library::call($function, $this->handle(), ...$args);
        return $this;
    }

    /**
     * Calls `$function($this, buffer, n)` once over seconds packed as native doubles.
     * @param iterable<int|float> $values
     */
    protected function chainSeconds(string $function, iterable $values): static
    {
        $h = $this->handle();
        $packed = self::packSeconds($values);
        Library::call($function, $h, $packed, intdiv(strlen($packed), 8));
        return $this;
    }

    /** Calls a `T **out` creator and adopts the result into this object. */
    protected function create(string $function, mixed ...$args): void
    {
        $out = Library::ffi()->new('void*');
        Library::call($function, \FFI::addr($out), ...$args);
        $this->h = $out;
    }

    /** A new object of `$class` owning a clone of the borrowed C object `$src`. */
    protected static function cloned(string $class, string $function, \FFI\CData $src): static|Handle
    {
        $out = Library::ffi()->new('void*');
        Library::call($function, $src, \FFI::addr($out));
        $obj = (new \ReflectionClass($class))->newInstanceWithoutConstructor();
        $obj->h = $out;
        return $obj;
    }

    /** A RangeException raised by the binding (a value that cannot even reach C). */
    protected static function rangeError(string $function, string $detail): RangeException
    {
        return new RangeException(Library::statusMessage(RangeException::STATUS) . ": $detail", null, $function);
    }

    /** Seconds as a float from an int or float (TypeError otherwise). */
    protected static function toSeconds(mixed $value): float
    {
        if (is_int($value) || is_float($value)) {
            return (float) $value;
        }
        if ($value instanceof \DateInterval) {
            $from = new \DateTimeImmutable('@0');
            return (float) $from->add($value)->getTimestamp();
        }
        throw new \TypeError('seconds must be an int or a float, not ' . get_debug_type($value));
    }

    /**
     * Packs seconds as native doubles for one C call.
     * @param iterable<int|float|\DateInterval> $values
     */
    protected static function packSeconds(iterable $values): string
    {
        $list = is_array($values) ? array_values($values) : iterator_to_array($values, false);
        foreach ($list as $i => $v) {
            if (!is_float($v) && !is_int($v)) {
                $list[$i] = self::toSeconds($v);
            }
        }
        return $list === [] ? '' : pack('d*', ...$list);
    }
}
