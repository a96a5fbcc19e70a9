<?php

declare(strict_types=1);

namespace Cxkpi\Exception;

/** CXKPI_EMISMATCH: merge of accumulators with different configurations; nothing was changed. */
class MismatchException extends \InvalidArgumentException implements \Cxkpi\Exception
{
    use StatusDetails;

    public const STATUS = 6;
}
