# frozen_string_literal: true

require_relative 'test_helper'

# One class per status, each a Cxkpi::Error and the Ruby built-in of the README's table.
class TestErrors < Minitest::Test
  BUILTIN = {
    1 => ArgumentError, 2 => RangeError, 3 => ZeroDivisionError, 4 => RangeError, 5 => NoMemoryError,
    6 => ArgumentError, 7 => ArgumentError, 8 => ArgumentError, 9 => ArgumentError, 10 => KeyError,
    11 => ArgumentError, 12 => IOError
  }.freeze
  NAMES = %w[CXKPI_OK CXKPI_EINVAL CXKPI_ERANGE CXKPI_EEMPTY CXKPI_EOVERFLOW CXKPI_ENOMEM
             CXKPI_EMISMATCH CXKPI_ENOSPC CXKPI_EFORMAT CXKPI_EVERSION CXKPI_ENOTFOUND
             CXKPI_EORDER CXKPI_EIO].freeze

  def test_every_status_has_its_class
    BUILTIN.each do |status, builtin|
      klass = Cxkpi.error_class(status)
      assert_operator klass, :<, builtin, "status #{status}"
      assert_operator klass, :<, Cxkpi::Error
      err = assert_raises(klass) { Cxkpi::Lib.check(status, :cxkpi_example) }
      assert_equal status, err.status
      assert_equal NAMES[status], err.code
      assert_equal :cxkpi_example, err.function
      assert_equal "cxkpi_example: #{Cxkpi.status_message(status)} (#{NAMES[status]})", err.message
    end
    assert_equal BUILTIN.size, BUILTIN.keys.map { |s| Cxkpi.error_class(s) }.uniq.size
  end

  def test_unknown_status_and_rescue_by_module
    err = assert_raises(Cxkpi::UnknownError) { Cxkpi::Lib.check(99, :cxkpi_example) }
    assert_kind_of Cxkpi::Error, err
    assert_equal 'status 99', err.code
    assert_nil Cxkpi::Lib.check(0, :cxkpi_example)
    rescued = begin
      Cxkpi::Nps.new.add(11)
    rescue Cxkpi::Error => e
      e
    end
    assert_instance_of Cxkpi::RangeError, rescued
  end
end
