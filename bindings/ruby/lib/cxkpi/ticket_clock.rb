# frozen_string_literal: true

require_relative 'calendar'

module Cxkpi
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

    def figures
      { state: state }
    end

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
