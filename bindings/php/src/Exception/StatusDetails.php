<?php

declare(strict_types=1);

namespace Cxkpi\Exception;

/** What every Cxkpi exception carries: status, its C name, the failing function. */
trait StatusDetails
{
    private ?int $status = null;
    private ?string $function = null;

    /**
     * @param string $message the library's message (cxkpi_status_str) or the binding's
     * @param int|null $status the cxkpi_status (null: raised by the binding, no C status)
     * @param string|null $function the C function or binding method that failed
     */
    public function __construct(string $message, ?int $status = null, ?string $function = null)
    {
        $status ??= static::STATUS;
        $this->status = $status;
        $this->function = $function;
        $text = $function !== null ? "$function: $message" : $message;
        if ($status !== null) {
            $text .= ' (' . self::nameOf($status) . ')';
        }
        parent::__construct($text, $status ?? 0);
    }

    public function getStatus(): ?int
    {
        return $this->status;
    }

    public function getStatusName(): ?string
    {
        return $this->status === null ? null : self::nameOf($this->status);
    }

    public function getFunction(): ?string
    {
        return $this->function;
    }

    private static function nameOf(int $status): string
    {
        $names = ['CXKPI_OK', 'CXKPI_EINVAL', 'CXKPI_ERANGE', 'CXKPI_EEMPTY', 'CXKPI_EOVERFLOW',
            'CXKPI_ENOMEM', 'CXKPI_EMISMATCH', 'CXKPI_ENOSPC', 'CXKPI_EFORMAT', 'CXKPI_EVERSION',
            'CXKPI_ENOTFOUND', 'CXKPI_EORDER', 'CXKPI_EIO'];
        return $names[$status] ?? "status $status";
    }
}
