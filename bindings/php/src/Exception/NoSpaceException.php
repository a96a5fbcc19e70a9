<?php

declare(strict_types=1);

namespace Cxkpi\Exception;

/** CXKPI_ENOSPC: an output buffer is too small (the binding sizes its buffers, so rare). */
class NoSpaceException extends \LengthException implements \Cxkpi\Exception
{
    use StatusDetails;

    public const STATUS = 7;
}
