<?php

declare(strict_types=1);

namespace Cxkpi\Exception;

/** A status this binding does not know (from a newer library). */
class UnknownStatusException extends \RuntimeException implements \Cxkpi\Exception
{
    use StatusDetails;

    public const STATUS = null;
}
