<?php

declare(strict_types=1);

namespace Cxkpi\Exception;

/** CXKPI_EORDER: an event arrived out of order beyond the tolerance, or a call came in the wrong state (pausing a clock that is not running). */
class OrderException extends \RuntimeException implements \Cxkpi\Exception
{
    use StatusDetails;

    public const STATUS = 11;
}
