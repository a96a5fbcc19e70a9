# frozen_string_literal: true

require 'date'
require_relative 'handle'

module Cxkpi
  # POSIX seconds from an Integer, a Float (floored), a Time or a DateTime.
  def self.instant(value, function = :cxkpi_calendar)
    v = case value
        when Integer then value
        when Float
          raise Cxkpi::RangeError.new("instant #{value} is not finite", function: function) unless value.finite?

          value.floor
        when Time, DateTime then value.to_time.to_i
        else raise TypeError, "an instant is seconds since the epoch or a Time, not #{value.class}"
        end
    raise Cxkpi::RangeError.new("instant #{v} is out of range", function: function) unless Handle::INT64.cover?(v)

    v
  end

  # Seconds after midnight from an Integer or "HH:MM[:SS]".
  def self.time_of_day(value)
    case value
    when Integer
      raise Cxkpi::RangeError.new("time of day #{value} is out of range", function: :cxkpi_calendar) unless Handle::INT32.cover?(value)

      value
    when String
      m = /\A(\d{1,2}):([0-5]\d)(?::([0-5]\d))?\z/.match(value) or
        raise ArgumentError, "time of day #{value.inspect} is not HH:MM or HH:MM:SS"
      (m[1].to_i * 3600) + (m[2].to_i * 60) + m[3].to_i
    else raise TypeError, "a time of day is seconds or \"HH:MM\", not #{value.class}"
    end
  end

  # A business-hours calendar: time zone, weekly working intervals, holidays, closures.
  #
  #   cal = Cxkpi::Calendar.new(<<~CAL)
  #     tz America/New_York
  #     mon-fri 09:00-18:00
  #     holiday 2026-12-25
  #   CAL
  #   cal.elapsed(Time.utc(2026, 11, 20, 22, 55), Time.utc(2026, 11, 23, 14, 5))  # => 600
  #
  # The text form is the one of cxkpi/calendar.h; the setters build the same calendar step
  # by step. A new Calendar is UTC with no working time.
  class Calendar < Handle
    DAYS = { monday: 0x01, tuesday: 0x02, wednesday: 0x04, thursday: 0x08, friday: 0x10,
             saturday: 0x20, sunday: 0x40, weekdays: 0x1F, every_day: 0x7F }.freeze

    c_object 'calendar'
    Lib.fn :cxkpi_calendar_new, %i[pointer]
    Lib.fn :cxkpi_calendar_parse, %i[pointer buffer_in size_t pointer]
    Lib.fn :cxkpi_calendar_set_timezone, %i[pointer string]
    Lib.fn :cxkpi_calendar_set_utc_offset, %i[pointer int32]
    Lib.fn :cxkpi_calendar_add_interval, %i[pointer uint int32 int32]
    Lib.fn :cxkpi_calendar_add_holiday, %i[pointer int32 int32 int32]
    Lib.fn :cxkpi_calendar_add_closure, %i[pointer int32 int32 int32 int32 int32]
    Lib.fn :cxkpi_calendar_weekly_seconds, %i[pointer pointer]
    Lib.fn :cxkpi_calendar_utc_offset, %i[pointer int64 pointer]
    Lib.fn :cxkpi_calendar_elapsed, %i[pointer int64 int64 pointer]
    Lib.fn :cxkpi_calendar_add, %i[pointer int64 int64 pointer]
    Lib.fn :cxkpi_calendar_is_working, %i[pointer int64 pointer]
    Lib.fn :cxkpi_calendar_next_opening, %i[pointer int64 pointer]
    Lib.fn :cxkpi_calendar_seconds_left_today, %i[pointer int64 pointer]

    # An empty UTC calendar, or one parsed from its text form. A malformed text raises
    # Cxkpi::FormatError whose #line is the 1-based offending line; an unknown zone
    # Cxkpi::NotFoundError.
    def initialize(text = nil)
      out = FFI::MemoryPointer.new(:pointer)
      if text.nil?
        Lib.call!(:cxkpi_calendar_new, out)
      else
        raise TypeError, "a calendar text is a String, not #{text.class}" unless text.is_a?(String)

        line = FFI::MemoryPointer.new(:size_t)
        status = Lib.cxkpi_calendar_parse(out, text, text.bytesize, line)
        unless status.zero?
          n = line.read(:size_t)
          err = Cxkpi.error_class(status).new(
            Lib.cxkpi_status_str(status) + (n.positive? ? " at line #{n}" : ''),
            status: status, function: :cxkpi_calendar_parse
          )
          err.instance_variable_set(:@line, n)
          err.define_singleton_method(:line) { @line }
          raise err
        end
      end
      adopt(out.read_pointer)
    end

    # Sets the time zone by IANA name ("Europe/Berlin").
    def timezone=(name)
      Lib.call!(:cxkpi_calendar_set_timezone, h, String(name))
    end

    # Sets a fixed zone, `offset` seconds east of UTC.
    def utc_offset=(offset)
      raise Cxkpi::RangeError.new("offset #{offset} is out of range", function: :cxkpi_calendar_set_utc_offset) unless INT32.cover?(offset)

      Lib.call!(:cxkpi_calendar_set_utc_offset, h, offset)
    end

    # Adds working time [start, end) in local wall time to `days` (Integer bits, a Symbol of
    # DAYS, or an Array of them). Returns self.
    def add_interval(days, start, finish)
      bits = Array(days).sum { |d| d.is_a?(Symbol) ? DAYS.fetch(d) : Integer(d) }
      raise Cxkpi::RangeError.new("days #{bits} is out of range", function: :cxkpi_calendar_add_interval) unless UINT32.cover?(bits)

      Lib.call!(:cxkpi_calendar_add_interval, h, bits, Cxkpi.time_of_day(start), Cxkpi.time_of_day(finish))
      self
    end

    # Makes a whole local date (a Date, or "YYYY-MM-DD") non-working.
    def add_holiday(date)
      d = Calendar.date(date)
      Lib.call!(:cxkpi_calendar_add_holiday, h, d.year, d.month, d.day)
      self
    end

    # Closes [start, end) of one local date.
    def add_closure(date, start, finish)
      d = Calendar.date(date)
      Lib.call!(:cxkpi_calendar_add_closure, h, d.year, d.month, d.day,
                Cxkpi.time_of_day(start), Cxkpi.time_of_day(finish))
      self
    end

    # Working seconds of an ordinary week.
    def weekly_seconds = out(:int64, :cxkpi_calendar_weekly_seconds)

    # The zone's UTC offset at `instant`, in seconds.
    def utc_offset(instant) = out(:int32, :cxkpi_calendar_utc_offset, Cxkpi.instant(instant, :cxkpi_calendar_utc_offset))

    # Working seconds in [start, finish). Cxkpi::OrderError when finish < start.
    def elapsed(start, finish)
      out(:int64, :cxkpi_calendar_elapsed, Cxkpi.instant(start, :cxkpi_calendar_elapsed),
          Cxkpi.instant(finish, :cxkpi_calendar_elapsed))
    end

    # When `working_seconds` of working time have elapsed since `start`: a due date. A Time
    # (UTC) when `start` is a Time, else POSIX seconds.
    def due(start, working_seconds)
      raise TypeError, 'working_seconds must be an Integer' unless working_seconds.is_a?(Integer)
      raise Cxkpi::RangeError.new("#{working_seconds} is out of range", function: :cxkpi_calendar_add) unless INT64.cover?(working_seconds)

      t = out(:int64, :cxkpi_calendar_add, Cxkpi.instant(start, :cxkpi_calendar_add), working_seconds)
      start.is_a?(Time) ? Time.at(t).utc : t
    end

    # Whether `instant` is working time (intervals are half-open: 18:00 is closed under
    # 09:00-18:00).
    def working?(instant)
      out(:int, :cxkpi_calendar_is_working, Cxkpi.instant(instant, :cxkpi_calendar_is_working)) != 0
    end

    # The first working instant at or after `instant` (a Time for a Time, else POSIX
    # seconds). Cxkpi::NotFoundError when there is none.
    def next_opening(instant)
      t = out(:int64, :cxkpi_calendar_next_opening, Cxkpi.instant(instant, :cxkpi_calendar_next_opening))
      instant.is_a?(Time) ? Time.at(t).utc : t
    end

    # Working seconds from `instant` to the end of its local date ("can this still be
    # answered today?").
    def seconds_left_today(instant)
      out(:int64, :cxkpi_calendar_seconds_left_today, Cxkpi.instant(instant, :cxkpi_calendar_seconds_left_today))
    end

    def self.date(value)
      case value
      when Date then value
      when String then Date.iso8601(value)
      else raise TypeError, "a date is a Date or \"YYYY-MM-DD\", not #{value.class}"
      end
    end

    def figures
      { weekly_seconds: weekly_seconds }
    end

    private

    def describe
      format('weekly=%gh', weekly_seconds / 3600.0)
    end
  end
end
