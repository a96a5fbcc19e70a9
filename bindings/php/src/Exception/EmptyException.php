<?php

declare(strict_types=1);

namespace Cxkpi\Exception;

/** CXKPI_EEMPTY: a figure was asked of an accumulator that has counted nothing (an operation on an empty container, hence \UnderflowException). Check count() first when emptiness is expected. */
class EmptyException extends \UnderflowException implements \Cxkpi\Exception
{
    use StatusDetails;

    public const STATUS = 3;
}
