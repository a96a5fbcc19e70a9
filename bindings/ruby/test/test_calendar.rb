# frozen_string_literal: true

require_relative 'test_helper'

class TestCalendar < Minitest::Test
  include CxkpiTestHelpers

  NY = <<~CAL
    tz America/New_York
    mon-fri 09:00-18:00
    holiday 2026-12-25
  CAL

  def test_friday_evening_to_monday_morning
    cal = Cxkpi::Calendar.new(NY)
    fri = Time.utc(2026, 11, 20, 22, 55)   # 17:55 EST
    mon = Time.utc(2026, 11, 23, 14, 5)    # 09:05 EST
    assert_equal 600, cal.elapsed(fri, mon) # 5 + 5 working minutes
    assert_equal 600, cal.elapsed(fri.to_i, mon.to_i)
    assert_equal 45 * 3600, cal.weekly_seconds
    assert_equal(-5 * 3600, cal.utc_offset(fri))
    assert_equal Time.utc(2026, 11, 23, 14, 5), cal.due(fri, 600)
    assert_equal 0, cal.elapsed(Time.utc(2026, 12, 25, 15), Time.utc(2026, 12, 25, 20))
  end

  def test_calendar_questions
    cal = Cxkpi::Calendar.new(NY)
    fri_1830 = Time.utc(2026, 11, 20, 23, 30)                      # Friday 18:30 EST
    refute cal.working?(fri_1830)
    assert cal.working?(Time.utc(2026, 11, 20, 14, 0))            # Friday 09:00 EST
    refute cal.working?(Time.utc(2026, 11, 20, 23, 0))            # 18:00: intervals are half-open
    assert_equal Time.utc(2026, 11, 23, 14, 0), cal.next_opening(fri_1830)   # Monday 09:00 EST
    assert_equal Time.utc(2026, 11, 23, 14, 0).to_i, cal.next_opening(fri_1830.to_i)
    assert_equal 8 * 3600, cal.seconds_left_today(Time.utc(2026, 11, 23, 15, 0))  # Monday 10:00 to 18:00
    assert_equal 0, cal.seconds_left_today(fri_1830)
    assert_cxkpi_error(Cxkpi::NotFoundError, 10) { Cxkpi::Calendar.new.next_opening(0) }  # no working time
  end

  def test_setters_build_the_same_calendar
    cal = Cxkpi::Calendar.new
    cal.utc_offset = 3600
    cal.add_interval(:weekdays, '09:00', '17:00').add_interval(%i[saturday], 36_000, '12:00')
    cal.add_holiday('2026-12-25').add_closure(Date.new(2026, 12, 24), '13:00', '24:00')
    assert_equal (5 * 8 + 2) * 3600, cal.weekly_seconds
    # Thursday 2026-12-24, 09:00-13:00 local = 08:00-12:00 UTC
    assert_equal 4 * 3600, cal.elapsed(Time.utc(2026, 12, 24), Time.utc(2026, 12, 25))
  end

  def test_bad_calendars
    err = assert_cxkpi_error(Cxkpi::FormatError, 8) { Cxkpi::Calendar.new("mon-fri 09:00-18:00\nfunday 10:00-11:00\n") }
    assert_equal 2, err.line
    assert_includes err.message, 'line 2'
    assert_cxkpi_error(Cxkpi::NotFoundError, 10) { Cxkpi::Calendar.new.timezone = 'Mars/Olympus_Mons' }
    cal = Cxkpi::Calendar.new(NY)
    assert_cxkpi_error(Cxkpi::OrderError, 11) { cal.elapsed(10, 5) }
    assert_cxkpi_error(Cxkpi::RangeError, 2) { cal.elapsed(0, 2**62) }
    assert_raises(ArgumentError) { cal.add_interval(:weekdays, '9am', '5pm') }
    assert_raises(TypeError) { Cxkpi::Calendar.new(42) }
  end

  def test_ticket_clock_with_pause
    cal = Cxkpi::Calendar.new(NY)
    clock = Cxkpi::TicketClock.new(cal)
    assert_equal :idle, clock.state
    mon9 = Time.utc(2026, 11, 23, 14)         # Monday 09:00 EST
    clock.start(mon9)
    assert_equal 1800, clock.seconds(mon9 + 1800)
    assert_raises(ArgumentError) { clock.seconds }
    clock.pause(mon9 + 3600)                  # pending on the customer for 2 hours
    clock.resume(mon9 + (3 * 3600))
    assert_equal mon9.to_i + (3 * 3600) + 1800, clock.due(5400)
    clock.stop(mon9 + (4 * 3600))
    assert_equal :stopped, clock.state
    assert_equal 2 * 3600, clock.seconds
    assert_cxkpi_error(Cxkpi::OrderError, 11) { clock.pause(mon9 + (5 * 3600)) }
    clock.reset
    assert_equal :idle, clock.state
    plain = Cxkpi::TicketClock.new
    plain.start(0)
    assert_cxkpi_error(Cxkpi::OrderError, 11) { plain.stop(-1) }
    plain.stop(86_400)
    assert_equal 86_400, plain.seconds
  end

  def test_calendars_and_clocks_do_not_copy
    cal = Cxkpi::Calendar.new(NY)
    assert_raises(TypeError) { cal.dup }
    assert_raises(TypeError) { Cxkpi::TicketClock.new(cal).clone }
    assert_equal 45 * 3600, cal.weekly_seconds
  end

  def test_clock_keeps_its_calendar_and_refuses_a_closed_one
    cal = Cxkpi::Calendar.new(NY)
    clock = Cxkpi::TicketClock.new(cal)
    assert_same cal, clock.calendar
    cal.close
    assert_raises(Cxkpi::ClosedError) { clock.start(0) }
  end
end
