<?php

declare(strict_types=1);

namespace Cxkpi\Exception;

/** CXKPI_EOVERFLOW: a 64-bit counter would overflow; nothing was counted. */
class OverflowException extends \OverflowException implements \Cxkpi\Exception
{
    use StatusDetails;

    public const STATUS = 4;
}
