<?php

declare(strict_types=1);

namespace Cxkpi;

use Cxkpi\Exception\LibraryException;

/**
 * Finds and loads libcxkpi through PHP's FFI extension, checks its major version, and maps
 * status codes to exceptions (internal).
 *
 * Where the library comes from, in this order:
 * 1. the CXKPI_LIBRARY environment variable: a path (or a name dlopen resolves). When it
 *    is set it is the only candidate: a wrong path is an error, never silently replaced;
 * 2. a copy shipped beside the package's classes (src/libcxkpi.so.0);
 * 3. the system's library path (dlopen of "libcxkpi.so.0": LD_LIBRARY_PATH, ldconfig cache).
 * If none loads, one LibraryException lists everything that was tried.
 *
 * The CLI needs `-d ffi.enable=1` (PHP's default, "preload", enables FFI only in preloaded
 * scripts); a web server's php.ini sets ffi.enable or preloads the package.
 */
final class Library
{
    /** The ABI major version this package is written for. */
    public const ABI_MAJOR = 0;

    /** The library's file name on this platform. */
    public const SONAME = PHP_OS_FAMILY === 'Darwin' ? 'libcxkpi.0.dylib'
        : (PHP_OS_FAMILY === 'Windows' ? 'cxkpi.dll' : 'libcxkpi.so.0');

    private static ?\FFI $ffi = null;
    private static string $path = '';
    /** @var array<string, true> functions the loaded library lacks (an older libcxkpi) */
    private static array $missing = [];

    /** The FFI instance over libcxkpi, loaded on first use. */
    public static function ffi(): \FFI
    {
        return self::$ffi ?? self::load();
    }

    /** Path (or name) of the loaded C library. */
    public static function path(): string
    {
        self::ffi();
        return self::$path;
    }

    /** Version string of the loaded C library, e.g. "0.1.0". */
    public static function version(): string
    {
        return self::ffi()->cxkpi_version_string();
    }

    /** Version number of the loaded library, MAJOR * 10000 + MINOR * 100 + PATCH. */
    public static function versionNumber(): int
    {
        return self::ffi()->cxkpi_version();
    }

    /** Whether the loaded library exports the C function `$name`. */
    public static function has(string $name): bool
    {
        self::ffi();
        return !isset(self::$missing[$name]);
    }

    /** The C library's static description of a status code (cxkpi_status_str). */
    public static function statusMessage(int $status): string
    {
        return self::ffi()->cxkpi_status_str($status);
    }

    /** Throws the exception of a nonzero cxkpi_status. */
    public static function check(int $status, string $function): void
    {
        if ($status !== 0) {
            throw self::error($status, $function);
        }
    }

    /** The exception for a nonzero cxkpi_status. */
    public static function error(int $status, string $function, string $suffix = ''): \Throwable
    {
        $class = [
            1 => Exception\InvalidArgumentException::class,
            2 => Exception\RangeException::class,
            3 => Exception\EmptyException::class,
            4 => Exception\OverflowException::class,
            5 => Exception\OutOfMemoryException::class,
            6 => Exception\MismatchException::class,
            7 => Exception\NoSpaceException::class,
            8 => Exception\FormatException::class,
            9 => Exception\VersionException::class,
            10 => Exception\NotFoundException::class,
            11 => Exception\OrderException::class,
            12 => Exception\FileException::class,
        ][$status] ?? Exception\UnknownStatusException::class;
        return new $class(self::statusMessage($status) . $suffix, $status, $function);
    }

    /** Calls a status-returning C function by name and throws on error. */
    public static function call(string $name, mixed ...$args): void
    {
        if (isset(self::$missing[$name])) {
            throw new \BadFunctionCallException(sprintf(
                '%s is not exported by the loaded cxkpi library %s (version %s); this needs a newer libcxkpi',
                $name, self::$path, self::version()));
        }
        $status = self::ffi()->$name(...$args);
        if ($status !== 0) {
            throw self::error($status, $name);
        }
    }

    private static function load(): \FFI
    {
        if (!extension_loaded('ffi')) {
            throw new LibraryException('cxkpi: the PHP FFI extension is not loaded (Debian: php8.2-cli has it)');
        }
        $enabled = strtolower((string) ini_get('ffi.enable'));
        if (!in_array($enabled, ['1', 'on', 'true', 'yes'], true) && PHP_SAPI === 'cli') {
            throw new LibraryException('cxkpi: FFI is disabled; run php with -d ffi.enable=1 (or set ffi.enable in php.ini)');
        }
        $code = (string) file_get_contents(__DIR__ . '/cxkpi.ffi.h');
        $explicit = getenv('CXKPI_LIBRARY');
        if ($explicit !== false && $explicit !== '') {
            try {
                return self::open($code, $explicit);
            } catch (\FFI\Exception $e) {
                throw new LibraryException("cxkpi: cannot load the C library named by CXKPI_LIBRARY=$explicit: {$e->getMessage()}");
            }
        }
        $tried = ['CXKPI_LIBRARY: not set'];
        $beside = __DIR__ . '/' . self::SONAME;
        if (is_file($beside)) {
            try {
                return self::open($code, $beside);
            } catch (\FFI\Exception $e) {
                $tried[] = "$beside: {$e->getMessage()}";
            }
        } else {
            $tried[] = "$beside: no such file";
        }
        try {
            return self::open($code, self::SONAME);
        } catch (\FFI\Exception $e) {
            $tried[] = self::SONAME . " on the system's library path: {$e->getMessage()}";
        }
        throw new LibraryException("cxkpi: cannot find the cxkpi C library (libcxkpi). Tried:\n  "
            . implode("\n  ", $tried)
            . "\nInstall libcxkpi (meson install), or set CXKPI_LIBRARY to the path of libcxkpi.so.0.");
    }

    /** Loads `$path` with the declarations; a function it lacks is dropped and remembered. */
    private static function open(string $code, string $path): \FFI
    {
        $missing = [];
        for (;;) {
            try {
                $ffi = \FFI::cdef($code, $path);
                break;
            } catch (\FFI\Exception $e) {
                if (!preg_match("/Failed resolving C function '([A-Za-z0-9_]+)'/", $e->getMessage(), $m)) {
                    throw $e;
                }
                $missing[$m[1]] = true;
                $code = (string) preg_replace('/^.*\b' . $m[1] . '\(.*$/m', '', $code);
            }
        }
        if (isset($missing['cxkpi_version']) || isset($missing['cxkpi_version_string'])) {
            throw new \FFI\Exception("$path does not export cxkpi_version: not a cxkpi library");
        }
        $number = $ffi->cxkpi_version();
        $version = $ffi->cxkpi_version_string();
        if (intdiv($number, 10000) !== self::ABI_MAJOR) {
            throw new LibraryException(sprintf(
                'cxkpi: the C library %s is version %s (major %d); this package needs major version %d',
                $path, $version, intdiv($number, 10000), self::ABI_MAJOR));
        }
        self::$ffi = $ffi;
        self::$path = $path;
        self::$missing = $missing;
        return $ffi;
    }
}
