<?php

declare(strict_types=1);

namespace Cxkpi\Exception;

/** CXKPI_ENOTFOUND: the thing to remove or look up does not exist (a retraction of a score never counted, an unknown time zone). */
class NotFoundException extends \OutOfBoundsException implements \Cxkpi\Exception
{
    use StatusDetails;

    public const STATUS = 10;
}
