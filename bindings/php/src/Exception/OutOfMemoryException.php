<?php

declare(strict_types=1);

namespace Cxkpi\Exception;

/** CXKPI_ENOMEM: the C library could not allocate memory; nothing was changed. */
class OutOfMemoryException extends \RuntimeException implements \Cxkpi\Exception
{
    use StatusDetails;

    public const STATUS = 5;
}
