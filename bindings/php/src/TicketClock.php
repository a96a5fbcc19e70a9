<?php

declare(strict_types=1);

namespace Cxkpi;

/**
 * Working time of one ticket under a calendar, with pauses (pending on the customer).
 *
 * idle -> start -> running <-> (pause / resume) paused -> stop -> stopped; events must not
 * go backwards (OrderException). Without a calendar every second counts. The clock keeps
 * a reference to its calendar; closing the calendar first makes the clock unusable.
 */
final class TicketClock extends Handle
{
    protected const PREFIX = 'ticket_clock';

    public const IDLE = 'idle';
    public const RUNNING = 'running';
    public const PAUSED = 'paused';
    public const STOPPED = 'stopped';

    public function __construct(private readonly ?Calendar $calendar = null)
    {
        $this->create('cxkpi_ticket_clock_new', $calendar?->handle());
    }

    public function calendar(): ?Calendar
    {
        return $this->calendar;
    }

    public function start(int|\DateTimeInterface $instant): static
    {
        return $this->chain('cxkpi_ticket_clock_start', Calendar::instant($instant));
    }

    public function pause(int|\DateTimeInterface $instant): static
    {
        return $this->chain('cxkpi_ticket_clock_pause', Calendar::instant($instant));
    }

    public function resume(int|\DateTimeInterface $instant): static
    {
        return $this->chain('cxkpi_ticket_clock_resume', Calendar::instant($instant));
    }

    public function stop(int|\DateTimeInterface $instant): static
    {
        return $this->chain('cxkpi_ticket_clock_stop', Calendar::instant($instant));
    }

    /** Working seconds counted so far; while running, up to `$now` (required then). */
    public function seconds(int|\DateTimeInterface|null $now = null): int
    {
        if ($now === null) {
            if ($this->state() === self::RUNNING) {
                throw new \ArgumentCountError('the clock is running: give the current instant, seconds($now)');
            }
            $now = 0;
        }
        return $this->out('int64_t', 'cxkpi_ticket_clock_seconds', Calendar::instant($now));
    }

    /** When the running clock will have counted `$target` working seconds (Unix seconds). */
    public function due(int $target): int
    {
        return $this->out('int64_t', 'cxkpi_ticket_clock_due', $target);
    }

    /** One of IDLE, RUNNING, PAUSED, STOPPED. */
    public function state(): string
    {
        return [self::IDLE, self::RUNNING, self::PAUSED, self::STOPPED][$this->out('int', 'cxkpi_ticket_clock_state')];
    }

    /** Back to idle with nothing counted. */
    public function reset(): static
    {
        return $this->chain('cxkpi_ticket_clock_reset');
    }

    protected function handle(): \FFI\CData
    {
        if ($this->calendar !== null && $this->calendar->isClosed()) {
            throw new Exception\ClosedException('the calendar of this TicketClock is closed', null, self::class);
        }
        return parent::handle();
    }

    protected function describe(): array
    {
        return ['state' => $this->state()];
    }
}
