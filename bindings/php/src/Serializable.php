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
        Library::call('cxkpi_' . static::PREFIX . '_deserialize', \FFI::addr($out), $bytes, strlen($bytes));
        $this->h = $out;
    }
}
