<?php

declare(strict_types=1);

namespace Cxkpi\Exception;

/** CXKPI_EIO: a file (a zoneinfo file) could not be read. */
class FileException extends \RuntimeException implements \Cxkpi\Exception
{
    use StatusDetails;

    public const STATUS = 12;
}
