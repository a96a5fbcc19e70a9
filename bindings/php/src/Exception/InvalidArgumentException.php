<?php

declare(strict_types=1);

namespace Cxkpi\Exception;

/** CXKPI_EINVAL: an invalid configuration (the binding never passes NULL pointers). */
class InvalidArgumentException extends \InvalidArgumentException implements \Cxkpi\Exception
{
    use StatusDetails;

    public const STATUS = 1;
}
