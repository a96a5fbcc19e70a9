<?php

declare(strict_types=1);

namespace Cxkpi\Tests;

use Cxkpi\Exception;
use Cxkpi\Library;

/** One class per status, each a Cxkpi\Exception and the SPL exception of the README's table. */
final class ErrorsTest extends CxkpiTestCase
{
    private const SPL = [
        1 => [Exception\InvalidArgumentException::class, \InvalidArgumentException::class, 'CXKPI_EINVAL'],
        2 => [Exception\RangeException::class, \RangeException::class, 'CXKPI_ERANGE'],
        3 => [Exception\EmptyException::class, \UnderflowException::class, 'CXKPI_EEMPTY'],
        4 => [Exception\OverflowException::class, \OverflowException::class, 'CXKPI_EOVERFLOW'],
        5 => [Exception\OutOfMemoryException::class, \RuntimeException::class, 'CXKPI_ENOMEM'],
        6 => [Exception\MismatchException::class, \InvalidArgumentException::class, 'CXKPI_EMISMATCH'],
        7 => [Exception\NoSpaceException::class, \LengthException::class, 'CXKPI_ENOSPC'],
        8 => [Exception\FormatException::class, \UnexpectedValueException::class, 'CXKPI_EFORMAT'],
        9 => [Exception\VersionException::class, \UnexpectedValueException::class, 'CXKPI_EVERSION'],
        10 => [Exception\NotFoundException::class, \OutOfBoundsException::class, 'CXKPI_ENOTFOUND'],
        11 => [Exception\OrderException::class, \RuntimeException::class, 'CXKPI_EORDER'],
        12 => [Exception\FileException::class, \RuntimeException::class, 'CXKPI_EIO'],
    ];

    public function testEveryStatusHasItsClass(): void
    {
        foreach (self::SPL as $status => [$class, $spl, $name]) {
            $e = Library::error($status, 'cxkpi_example');
            self::assertInstanceOf($class, $e);
            self::assertInstanceOf($spl, $e);
            self::assertInstanceOf(\Cxkpi\Exception::class, $e);
            self::assertSame($status, $e->getStatus());
            self::assertSame($status, $e->getCode());
            self::assertSame($name, $e->getStatusName());
            self::assertSame('cxkpi_example', $e->getFunction());
            self::assertSame('cxkpi_example: ' . Library::statusMessage($status) . " ($name)", $e->getMessage());
        }
        $unknown = Library::error(99, 'cxkpi_example');
        self::assertInstanceOf(Exception\UnknownStatusException::class, $unknown);
        self::assertSame('status 99', $unknown->getStatusName());
        try {
            (new \Cxkpi\Nps())->add(11);
        } catch (\Cxkpi\Exception $e) {
            self::assertInstanceOf(Exception\RangeException::class, $e);
        }
    }
}
