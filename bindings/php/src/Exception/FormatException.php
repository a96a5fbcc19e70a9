<?php

declare(strict_types=1);

namespace Cxkpi\Exception;

/** CXKPI_EFORMAT: serialized bytes (or a calendar text) are malformed, truncated, corrupted, or of another kind of accumulator. */
class FormatException extends \UnexpectedValueException implements \Cxkpi\Exception
{
    use StatusDetails;

    public const STATUS = 8;
}
