# frozen_string_literal: true

require_relative 'handle'

module Cxkpi
  Lib.fn :cxkpi_normal_z, %i[double pointer]
  Lib.fn :cxkpi_wilson_interval, %i[uint64 uint64 double pointer pointer]

  # Two-sided standard normal critical value: 1.959963984540054 for 0.95.
  def self.normal_z(confidence = 0.95)
    buf = FFI::MemoryPointer.new(:double)
    Lib.call!(:cxkpi_normal_z, Float(confidence), buf)
    buf.read(:double)
  end

  # Wilson score interval of successes / trials, `[lo, hi]` in percent.
  def self.wilson_interval(successes, trials, confidence = 0.95)
    unless Handle::UINT64.cover?(successes) && Handle::UINT64.cover?(trials)
      raise Cxkpi::RangeError.new('counts must be in [0, 2**64)', function: :cxkpi_wilson_interval)
    end

    buf = FFI::MemoryPointer.new(:double, 2)
    Lib.call!(:cxkpi_wilson_interval, successes, trials, Float(confidence), buf, buf + 8)
    buf.get_array_of_double(0, 2)
  end
end
