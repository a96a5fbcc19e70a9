<?php

declare(strict_types=1);

namespace Cxkpi\Tests;

use Cxkpi\Library;

/** Finding the C library and refusing another major version, each in a fresh PHP process. */
final class LoadingTest extends CxkpiTestCase
{
    private string $tmp;

    protected function setUp(): void
    {
        $this->tmp = sys_get_temp_dir() . '/cxkpi-php-' . bin2hex(random_bytes(6));
        mkdir($this->tmp . '/src/Exception', 0777, true);
        $root = dirname(__DIR__);
        copy("$root/autoload.php", "$this->tmp/autoload.php");
        foreach (glob("$root/src/{*,Exception/*}.{php,h}", GLOB_BRACE) ?: [] as $f) {
            copy($f, $this->tmp . '/src/' . substr($f, strlen("$root/src/")));
        }
    }

    protected function tearDown(): void
    {
        exec('rm -rf ' . escapeshellarg($this->tmp));
    }

    /** @return array{0: int, 1: string} exit status and output (stdout + stderr) */
    private function php(string $code, array $env = []): array
    {
        $env += ['CXKPI_LIBRARY' => '', 'LD_LIBRARY_PATH' => '', 'PATH' => (string) getenv('PATH')];
        $cmd = [PHP_BINARY, '-d', 'ffi.enable=1', '-r', "require '$this->tmp/autoload.php'; $code"];
        $p = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes, null, $env);
        $out = stream_get_contents($pipes[1]);
        return [proc_close($p), (string) $out];
    }

    public function testVersions(): void
    {
        [$major, $minor, $patch] = array_map('intval', explode('.', Library::version()));
        self::assertSame(Library::ABI_MAJOR, $major);
        self::assertSame($major * 10000 + $minor * 100 + $patch, Library::versionNumber());
        $expected = getenv('CXKPI_PROJECT_VERSION');
        if ($expected !== false && $expected !== '') {
            self::assertSame($expected, Library::version());
        }
    }

    public function testExplicitLibraryThatDoesNotExist(): void
    {
        [$rc, $out] = $this->php('new Cxkpi\Csat();', ['CXKPI_LIBRARY' => "$this->tmp/nope/libcxkpi.so.0"]);
        self::assertNotSame(0, $rc);
        self::assertStringContainsString('LibraryException', $out);
        self::assertStringContainsString('CXKPI_LIBRARY=', $out);
        self::assertStringContainsString('nope', $out);
    }

    public function testExplicitLibraryWins(): void
    {
        [$rc, $out] = $this->php('echo Cxkpi\Library::path();', ['CXKPI_LIBRARY' => Library::path()]);
        self::assertSame(0, $rc, $out);
        self::assertSame(Library::path(), $out);
    }

    public function testLibraryBesideThePackage(): void
    {
        copy(Library::path(), "$this->tmp/src/libcxkpi.so.0");
        [$rc, $out] = $this->php('echo Cxkpi\Library::path(), count((new Cxkpi\Csat())->add(5));');
        self::assertSame(0, $rc, $out);
        self::assertSame("$this->tmp/src/libcxkpi.so.01", $out);
    }

    public function testSystemLibraryPath(): void
    {
        mkdir("$this->tmp/sys");
        copy(Library::path(), "$this->tmp/sys/libcxkpi.so.0");
        [$rc, $out] = $this->php('echo Cxkpi\Library::path();', ['LD_LIBRARY_PATH' => "$this->tmp/sys"]);
        self::assertSame(0, $rc, $out);
        self::assertSame('libcxkpi.so.0', $out);
    }

    public function testNothingFoundListsEverythingTried(): void
    {
        [$rc, $out] = $this->php('new Cxkpi\Csat();');
        if ($rc === 0) {
            self::markTestSkipped('a libcxkpi.so.0 is installed on the system library path');
        }
        self::assertStringContainsString('CXKPI_LIBRARY: not set', $out);
        self::assertStringContainsString("$this->tmp/src/libcxkpi.so.0: no such file", $out);
        self::assertStringContainsString("system's library path", $out);
    }

    public function testFfiDisabledIsExplained(): void
    {
        $p = proc_open([PHP_BINARY, '-d', 'ffi.enable=preload', '-r', "require '$this->tmp/autoload.php'; new Cxkpi\\Csat();"],
            [1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes, null, ['CXKPI_LIBRARY' => Library::path()]);
        $out = (string) stream_get_contents($pipes[1]);
        self::assertNotSame(0, proc_close($p));
        self::assertStringContainsString('ffi.enable=1', $out);
    }

    public function testIncompatibleMajorIsRefused(): void
    {
        $fake = getenv('CXKPI_FAKE_MAJOR_LIBRARY');
        if ($fake === false || $fake === '') {
            self::markTestSkipped('CXKPI_FAKE_MAJOR_LIBRARY not set (meson test and the CI stage set it)');
        }
        [$rc, $out] = $this->php('new Cxkpi\Csat();', ['CXKPI_LIBRARY' => $fake]);
        self::assertNotSame(0, $rc);
        self::assertStringContainsString('version 1.0.0', $out);
        self::assertStringContainsString('needs major version 0', $out);
    }
}
