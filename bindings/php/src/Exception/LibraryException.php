<?php

declare(strict_types=1);

namespace Cxkpi\Exception;

/** The C library cannot be found or loaded, or is of another major version. */
class LibraryException extends \RuntimeException implements \Cxkpi\Exception
{
    use StatusDetails;

    public const STATUS = null;
}
