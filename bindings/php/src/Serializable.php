<?php

declare(strict_types=1);

namespace Cxkpi;

/**
 * A handle that copies (clone), resets and serializes to the library's portable bytes.
 *
 * `toBytes()` / `fromBytes()` are the versioned, checksummed binary format of the C
 * library (docs/FORMAT.md): store them in a BLOB / bytea column; C, Python, Ruby and SQL
 * read them back. serialize() / unserialize() go through them (__serialize / __unserialize).
 */
abstract class Serializable extends Handle
{
    private const KIND_NAMES = [1 => 'csat', 2 => 'nps', 3 => 'fcr', 4 => 'fcr_tracker', 5 => 'sla',
                                6 => 'duration', 7 => 'churn', 8 => 'aht', 9 => 'survival'];

    /** Forgets everything counted, keeping the configuration. */
    public function reset(): static
    {
        Library::call('cxkpi_' . static::PREFIX . '_reset', $this->handle());
        return $this;
    }

    /** The portable binary form as a PHP string. */
    public function toBytes(): string
    {
        $ffi = Library::ffi();
        $h = $this->handle();
        $p = 'cxkpi_' . static::PREFIX;
        $size = $ffi->new('size_t');
        Library::call("{$p}_serialized_size", $h, \FFI::addr($size));
        $n = $size->cdata;
        $buf = $ffi->new("uint8_t[$n]");
        Library::call("{$p}_serialize", $h, $buf, $n, \FFI::addr($size));
        return \FFI::string($buf, $size->cdata);
    }

    /**
     * Restores an object from the bytes of toBytes().
     *
     * @throws Exception\FormatException malformed, truncated, corrupted or another kind's bytes
     * @throws Exception\VersionException bytes of a newer format version
     */
    public static function fromBytes(string $bytes): static
    {
        $obj = (new \ReflectionClass(static::class))->newInstanceWithoutConstructor();
        $obj->restore($bytes);
        return $obj;
    }

    /** @return array{bytes: string} */
    public function __serialize(): array
    {
        return ['bytes' => $this->toBytes()];
    }

    /** @param array{bytes?: mixed} $data */
    public function __unserialize(array $data): void
    {
        $bytes = $data['bytes'] ?? null;
        if (!is_string($bytes)) {
            throw new Exception\FormatException('serialized data has no state bytes', null, static::class . '::__unserialize');
        }
        $this->restore($bytes);
    }

    /** An independent C copy. */
    public function __clone()
    {
        $src = $this->handle();
        $this->h = null;
        $out = Library::ffi()->new('void*');
        Library::call('cxkpi_' . static::PREFIX . '_clone', $src, \FFI::addr($out));
        $this->h = $out;
    }

    private function restore(string $bytes): void
    {
        $out = Library::ffi()->new('void*');
        $fn = 'cxkpi_' . static::PREFIX . '_deserialize';
        try {
            Library::call($fn, \FFI::addr($out), $bytes, strlen($bytes));
        } catch (Exception\FormatException $e) {
            $other = self::claimedKind($bytes);
            if ($other === null || $other === static::PREFIX) {
                throw $e;
            }
            throw new Exception\FormatException(Library::statusMessage(Exception\FormatException::STATUS)
                . ": a $other state where a " . static::PREFIX . ' state was expected', null, $fn);
        }
        $this->h = $out;
    }

    /**
     * The kind a serialized state claims (docs/FORMAT.md: "CXKP", then the kind as a
     * little-endian u16), to name it when a reader of another kind refuses the bytes.
     */
    private static function claimedKind(string $bytes): ?string
    {
        if (strlen($bytes) < 6 || substr($bytes, 0, 4) !== 'CXKP') {
            return null;
        }
        return self::KIND_NAMES[unpack('v', $bytes, 4)[1]] ?? null;
    }
}
