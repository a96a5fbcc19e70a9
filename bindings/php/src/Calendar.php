<?php

declare(strict_types=1);

namespace Cxkpi;

/**
 * A business-hours calendar: time zone, weekly working intervals, holidays, closures.
 *
 *     $cal = new Cxkpi\Calendar("tz America/New_York\nmon-fri 09:00-18:00\nholiday 2026-12-25\n");
 *     $cal->elapsed(new DateTimeImmutable('2026-11-20T22:55Z'), new DateTimeImmutable('2026-11-23T14:05Z'));  // 600
 *
 * The text form is the one of cxkpi/calendar.h; the setters build the same calendar step
 * by step. A new Calendar() is UTC with no working time. Instants are Unix seconds (int)
 * or DateTimeInterface; times of day seconds after midnight or "HH:MM[:SS]".
 */
final class Calendar extends Handle
{
    protected const PREFIX = 'calendar';

    public const MONDAY = 0x01;
    public const TUESDAY = 0x02;
    public const WEDNESDAY = 0x04;
    public const THURSDAY = 0x08;
    public const FRIDAY = 0x10;
    public const SATURDAY = 0x20;
    public const SUNDAY = 0x40;
    public const WEEKDAYS = 0x1F;
    public const EVERY_DAY = 0x7F;

    /**
     * An empty UTC calendar, or one parsed from its text form.
     * @throws Exception\FormatException a malformed text ("at line N" in the message)
     * @throws Exception\NotFoundException an unknown time zone
     */
    public function __construct(?string $text = null)
    {
        if ($text === null) {
            $this->create('cxkpi_calendar_new');
            return;
        }
        $ffi = Library::ffi();
        $out = $ffi->new('void*');
        $line = $ffi->new('size_t');
        $status = $ffi->cxkpi_calendar_parse(\FFI::addr($out), $text, strlen($text), \FFI::addr($line));
        if ($status !== 0) {
            throw Library::error($status, 'cxkpi_calendar_parse', $line->cdata > 0 ? " at line {$line->cdata}" : '');
        }
        $this->h = $out;
    }

    /** Sets the time zone by IANA name ("Europe/Berlin"). */
    public function setTimezone(string $name): static
    {
        return $this->chain('cxkpi_calendar_set_timezone', $name);
    }

    /** Sets a fixed zone, `$offset` seconds east of UTC. */
    public function setUtcOffset(int $offset): static
    {
        if ($offset < self::INT32_MIN || $offset > self::INT32_MAX) {
            throw self::rangeError('cxkpi_calendar_set_utc_offset', "offset $offset is out of range");
        }
        return $this->chain('cxkpi_calendar_set_utc_offset', $offset);
    }

    /** Adds working time [start, end) in local wall time to `$days` (weekday bits). */
    public function addInterval(int $days, int|string $start, int|string $end): static
    {
        if ($days < 0 || $days > self::UINT32_MAX) {
            throw self::rangeError('cxkpi_calendar_add_interval', "days $days is out of range");
        }
        return $this->chain('cxkpi_calendar_add_interval', $days, self::timeOfDay($start), self::timeOfDay($end));
    }

    /** Makes a whole local date ("YYYY-MM-DD" or a DateTimeInterface's date) non-working. */
    public function addHoliday(string|\DateTimeInterface $date): static
    {
        return $this->chain('cxkpi_calendar_add_holiday', ...self::date($date));
    }

    /** Closes [start, end) of one local date. */
    public function addClosure(string|\DateTimeInterface $date, int|string $start, int|string $end): static
    {
        return $this->chain('cxkpi_calendar_add_closure', ...[...self::date($date), self::timeOfDay($start), self::timeOfDay($end)]);
    }

    /** Working seconds of an ordinary week. */
    public function weeklySeconds(): int
    {
        return $this->out('int64_t', 'cxkpi_calendar_weekly_seconds');
    }

    /** The zone's UTC offset at `$instant`, in seconds. */
    public function utcOffset(int|\DateTimeInterface $instant): int
    {
        return $this->out('int32_t', 'cxkpi_calendar_utc_offset', self::instant($instant));
    }

    /** Working seconds in [start, end). OrderException when end < start. */
    public function elapsed(int|\DateTimeInterface $start, int|\DateTimeInterface $end): int
    {
        return $this->out('int64_t', 'cxkpi_calendar_elapsed', self::instant($start), self::instant($end));
    }

    /**
     * When `$workingSeconds` of working time have elapsed since `$start`: a due date
     * (a UTC DateTimeImmutable when `$start` is a DateTimeInterface, else Unix seconds).
     */
    public function due(int|\DateTimeInterface $start, int $workingSeconds): int|\DateTimeImmutable
    {
        $t = $this->out('int64_t', 'cxkpi_calendar_add', self::instant($start), $workingSeconds);
        return $start instanceof \DateTimeInterface ? new \DateTimeImmutable("@$t") : $t;
    }

    /** Whether `$instant` is working time (intervals are half-open: 18:00 is closed under 09:00-18:00). */
    public function isWorking(int|\DateTimeInterface $instant): bool
    {
        return $this->out('int', 'cxkpi_calendar_is_working', self::instant($instant)) !== 0;
    }

    /**
     * The first working instant at or after `$instant` (a UTC DateTimeImmutable for a
     * DateTimeInterface, else Unix seconds). NotFoundException when there is none.
     */
    public function nextOpening(int|\DateTimeInterface $instant): int|\DateTimeImmutable
    {
        $t = $this->out('int64_t', 'cxkpi_calendar_next_opening', self::instant($instant));
        return $instant instanceof \DateTimeInterface ? new \DateTimeImmutable("@$t") : $t;
    }

    /** Working seconds from `$instant` to the end of its local date ("can this still be answered today?"). */
    public function secondsLeftToday(int|\DateTimeInterface $instant): int
    {
        return $this->out('int64_t', 'cxkpi_calendar_seconds_left_today', self::instant($instant));
    }

    /** Unix seconds from an int or a DateTimeInterface. */
    public static function instant(int|\DateTimeInterface $value): int
    {
        return is_int($value) ? $value : $value->getTimestamp();
    }

    /** Seconds after midnight from an int or "HH:MM[:SS]". */
    public static function timeOfDay(int|string $value): int
    {
        if (is_int($value)) {
            if ($value < self::INT32_MIN || $value > self::INT32_MAX) {
                throw self::rangeError('cxkpi_calendar', "time of day $value is out of range");
            }
            return $value;
        }
        if (!preg_match('/^(\d{1,2}):([0-5]\d)(?::([0-5]\d))?$/D', $value, $m)) {
            throw new \InvalidArgumentException("time of day '$value' is not HH:MM or HH:MM:SS");
        }
        return (int) $m[1] * 3600 + (int) $m[2] * 60 + (int) ($m[3] ?? 0);
    }

    /** @return array{0: int, 1: int, 2: int} */
    private static function date(string|\DateTimeInterface $date): array
    {
        if ($date instanceof \DateTimeInterface) {
            return [(int) $date->format('Y'), (int) $date->format('n'), (int) $date->format('j')];
        }
        if (!preg_match('/^(\d{4})-(\d{2})-(\d{2})$/D', $date, $m)) {
            throw new \InvalidArgumentException("date '$date' is not YYYY-MM-DD");
        }
        return [(int) $m[1], (int) $m[2], (int) $m[3]];
    }

    protected function describe(): array
    {
        return ['weeklyHours' => $this->weeklySeconds() / 3600];
    }
}
