<?php

declare(strict_types=1);

namespace Cxkpi\Exception;

/** CXKPI_ERANGE: a value outside its domain (a score off the scale, a confidence not in (0, 1), a negative, NaN or infinite duration); nothing was counted. */
class RangeException extends \RangeException implements \Cxkpi\Exception
{
    use StatusDetails;

    public const STATUS = 2;
}
