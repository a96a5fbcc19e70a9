<?php

declare(strict_types=1);

namespace Cxkpi;

/**
 * Marks every exception thrown by this package: `catch (\Cxkpi\Exception $e)` catches them all.
 *
 * Each status of the C library (`cxkpi_status`) has its own class in `Cxkpi\Exception\`,
 * which also extends the SPL exception a PHP programmer would catch for it
 * (`Cxkpi\Exception\RangeException extends \RangeException`, ...). The message is the
 * library's own (`cxkpi_status_str`) prefixed with the C function that failed;
 * `getCode()` is the numeric status.
 */
interface Exception extends \Throwable
{
    /** The `cxkpi_status` value, or null for an error raised by the binding itself. */
    public function getStatus(): ?int;

    /** The status's C name, e.g. "CXKPI_ERANGE" (null without a status). */
    public function getStatusName(): ?string;

    /** The C function (or binding method) that failed, if known. */
    public function getFunction(): ?string;
}
