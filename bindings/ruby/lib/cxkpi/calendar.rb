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

    def self.date(value)
      case value
      when Date then value
      when String then Date.iso8601(value)
      else raise TypeError, "a date is a Date or \"YYYY-MM-DD\", not #{value.class}"
      end
    end

    private

    def describe
      format('weekly=%gh', weekly_seconds / 3600.0)
    end
  end

  # Working time of one ticket under a calendar, with pauses (pending on the customer).
  #
  # idle -> start -> running <-> (pause / resume) paused -> stop -> stopped; events must not
  # go backwards (Cxkpi::OrderError). Without a calendar every second counts. The clock
  # keeps its calendar alive; closing the calendar first makes the clock unusable.
  class TicketClock < Handle
    STATES = %i[idle running paused stopped].freeze

    c_object 'ticket_clock'
    Lib.fn :cxkpi_ticket_clock_new, %i[pointer pointer]
    Lib.fn :cxkpi_ticket_clock_start, %i[pointer int64]
    Lib.fn :cxkpi_ticket_clock_pause, %i[pointer int64]
    Lib.fn :cxkpi_ticket_clock_resume, %i[pointer int64]
    Lib.fn :cxkpi_ticket_clock_stop, %i[pointer int64]
    Lib.fn :cxkpi_ticket_clock_seconds, %i[pointer int64 pointer]
    Lib.fn :cxkpi_ticket_clock_due, %i[pointer int64 pointer]
    Lib.fn :cxkpi_ticket_clock_state, %i[pointer pointer]
    Lib.fn :cxkpi_ticket_clock_reset, %i[pointer]

    attr_reader :calendar

    def initialize(calendar = nil)
      raise TypeError, "not a Cxkpi::Calendar: #{calendar.class}" unless calendar.nil? || calendar.is_a?(Calendar)

      @calendar = calendar
      out = FFI::MemoryPointer.new(:pointer)
      Lib.call!(:cxkpi_ticket_clock_new, out, calendar ? calendar.send(:h) : nil)
      adopt(out.read_pointer)
    end

    def start(instant) = event(:cxkpi_ticket_clock_start, instant)
    def pause(instant) = event(:cxkpi_ticket_clock_pause, instant)
    def resume(instant) = event(:cxkpi_ticket_clock_resume, instant)
    def stop(instant) = event(:cxkpi_ticket_clock_stop, instant)

    # Working seconds counted so far; while running, up to `now` (required then).
    def seconds(now = nil)
      if now.nil?
        raise ArgumentError, 'the clock is running: give the current instant, seconds(now)' if state == :running

        now = 0
      end
      out(:int64, :cxkpi_ticket_clock_seconds, Cxkpi.instant(now, :cxkpi_ticket_clock_seconds))
    end

    # When the running clock will have counted `target` working seconds (POSIX seconds).
    def due(target)
      raise Cxkpi::RangeError.new("#{target} is out of range", function: :cxkpi_ticket_clock_due) unless target.is_a?(Integer) && INT64.cover?(target)

      out(:int64, :cxkpi_ticket_clock_due, target)
    end

    # :idle, :running, :paused or :stopped.
    def state
      STATES.fetch(out(:int, :cxkpi_ticket_clock_state))
    end

    # Back to idle with nothing counted.
    def reset = chain(:cxkpi_ticket_clock_reset)

    private

    def h
      raise ClosedError.new('the calendar of this TicketClock is closed', function: self.class.name) if @calendar&.closed?

      super
    end

    def event(function, instant)
      Lib.call!(function, h, Cxkpi.instant(instant, function))
      self
    end

    def describe
      state.to_s
    end
  end
end
