<?php

declare(strict_types=1);

namespace Cxkpi\Exception;

/** CXKPI_EVERSION: serialized bytes written by a newer format version than the loaded library reads. */
class VersionException extends \UnexpectedValueException implements \Cxkpi\Exception
{
    use StatusDetails;

    public const STATUS = 9;
}
