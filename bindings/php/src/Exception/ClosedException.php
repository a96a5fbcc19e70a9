<?php

declare(strict_types=1);

namespace Cxkpi\Exception;

/** Use of an object after close(): a programming error. */
class ClosedException extends \LogicException implements \Cxkpi\Exception
{
    use StatusDetails;

    public const STATUS = null;
}
