# frozen_string_literal: true

require_relative 'handle'

module Cxkpi
  # Customer churn over one period, for one population.
  #
  # `lost` counts customers of the starting population who left (so lost <= at_start);
  # `gained` are new customers, reported but not part of the rate.
  #
  #   c = Cxkpi::Churn.new(at_start: 200, gained: 25, lost: 10)
  #   c.percent      # => 5.0  (100 * 10 / 200)
  #   c.net_growth   # => 7.5  (100 * (25 - 10) / 200)
  class Churn < Accumulator
    c_object 'churn'
    Lib.fn :cxkpi_churn_new, %i[pointer]
    Lib.fn :cxkpi_churn_add_start, %i[pointer uint64]
    Lib.fn :cxkpi_churn_add_gained, %i[pointer uint64]
    Lib.fn :cxkpi_churn_add_lost, %i[pointer uint64]
    Lib.fn :cxkpi_churn_remove_lost, %i[pointer uint64]
    Lib.fn :cxkpi_churn_counts, %i[pointer pointer pointer pointer]
    Lib.fn :cxkpi_churn_at_end, %i[pointer pointer]
    Lib.fn :cxkpi_churn_percent, %i[pointer pointer]
    Lib.fn :cxkpi_churn_percent_interval, %i[pointer double pointer pointer]
    Lib.fn :cxkpi_churn_net_growth, %i[pointer pointer]

    def initialize(at_start: 0, gained: 0, lost: 0)
      out = FFI::MemoryPointer.new(:pointer)
      Lib.call!(:cxkpi_churn_new, out)
      adopt(out.read_pointer)
      add_start(at_start) unless at_start.zero?
      add_gained(gained) unless gained.zero?
      add_lost(lost) unless lost.zero?
    end

    def add_start(customers) = count_call(:cxkpi_churn_add_start, customers)
    def add_gained(customers) = count_call(:cxkpi_churn_add_gained, customers)
    # Cxkpi::RangeError when lost would exceed at_start.
    def add_lost(customers = 1) = count_call(:cxkpi_churn_add_lost, customers)
    # Cxkpi::NotFoundError when fewer are counted as lost.
    def remove_lost(customers = 1) = count_call(:cxkpi_churn_remove_lost, customers)

    # `{at_start:, gained:, lost:}`.
    def counts
      %i[at_start gained lost].zip(outs(:uint64, 3, :cxkpi_churn_counts)).to_h
    end

    def at_start = counts[:at_start]
    def gained = counts[:gained]
    def lost = counts[:lost]
    # Customers at the end, at_start + gained - lost.
    def at_end = out(:uint64, :cxkpi_churn_at_end)
    # Churn in percent, 100 * lost / at_start.
    def percent = out(:double, :cxkpi_churn_percent)
    # Wilson interval of #percent.
    def interval(confidence = 0.95) = pair(:cxkpi_churn_percent_interval, Float(confidence))
    # 100 * (gained - lost) / at_start.
    def net_growth = out(:double, :cxkpi_churn_net_growth)

    def figures
      { **counts, at_end: at_end, percent: unless_empty { percent }, net_growth: unless_empty { net_growth } }
    end

    private

    def count_call(function, customers)
      raise TypeError, "customers must be an Integer, not #{customers.class}" unless customers.is_a?(Integer)
      raise Cxkpi::RangeError.new("#{customers} is not a count in [0, 2**64)", function: function) unless UINT64.cover?(customers)

      Lib.call!(function, h, customers)
      self
    end

    def describe
      c = counts
      return "at_start=0 gained=#{c[:gained]} (empty)" if c[:at_start].zero?

      format('at_start=%d lost=%d gained=%d churn=%.1f%%', c[:at_start], c[:lost], c[:gained], percent)
    end
  end
end
