# frozen_string_literal: true

require_relative 'handle'

module Cxkpi
  # What CSAT and NPS share: integer scores, one at a time or in bulk (internal base class).
  class ScoreAccumulator < Accumulator
    class << self
      private

      def c_object(prefix)
        super
        p = "cxkpi_#{prefix}_"
        Lib.fn(:"#{p}add", [:pointer, :int32])
        Lib.fn(:"#{p}add_many", [:pointer, :buffer_in, :size_t])
        Lib.fn(:"#{p}add_many_i64", [:pointer, :buffer_in, :size_t])
        Lib.fn(:"#{p}add_many_f64", [:pointer, :buffer_in, :size_t, :pointer])
        Lib.fn(:"#{p}remove", [:pointer, :int32])
        Lib.fn(:"#{p}count", [:pointer, :pointer])
        Lib.fn(:"#{p}score_count", [:pointer, :int32, :pointer])
        @add = :"#{p}add"
        @add_many = :"#{p}add_many"
        @add_many_i64 = :"#{p}add_many_i64"
        @add_many_f64 = :"#{p}add_many_f64"
      end
    end

    # Counts one response. Raises Cxkpi::RangeError for a score off the scale (nothing is
    # counted), ::TypeError for something that is not an Integer. Returns self.
    def add(score)
      raise TypeError, "score must be an Integer, not #{score.class}" unless score.is_a?(Integer)
      raise Cxkpi::RangeError.new("score #{score} is out of range", function: c_name(:add)) unless INT32.cover?(score)

      status = Lib.public_send(c_name(:add), h, score)
      Lib.check(status, c_name(:add)) unless status.zero?
      self
    end

    # `acc << 5 << 4`: same as #add.
    def <<(score)
      add(score)
    end

    # Counts many responses in one C call over a packed buffer, atomically: all of them or,
    # on any error, none. `scores` is an Array (or anything with #to_a) of Integers; `nil`
    # means "no answer" and is skipped, as is a Float NaN; a Float with an integral value is
    # that score. Returns self.
    def add_many(scores)
      scores = scores.to_a unless scores.is_a?(Array)
      ptr = h
      return self if scores.empty?

      if scores.all?(Integer)
        add_integers(ptr, scores)
      elsif Lib.has?(self.class.instance_variable_get(:@add_many_f64))
        add_floats(ptr, scores)
      else
        add_integers(ptr, integral_scores(scores))
      end
      self
    end

    # Retracts one response previously counted (a customer changed a rating). Raises
    # Cxkpi::NotFoundError (a ::KeyError) when no response with that score is counted.
    def remove(score)
      raise TypeError, "score must be an Integer, not #{score.class}" unless score.is_a?(Integer)
      raise Cxkpi::RangeError.new("score #{score} is out of range", function: c_name(:remove)) unless INT32.cover?(score)

      Lib.call!(c_name(:remove), h, score)
      self
    end

    # Number of responses counted (0 when empty).
    def count
      out(:uint64, c_name(:count))
    end
    alias size count

    def empty?
      count.zero?
    end

    # Number of responses with exactly `score`.
    def score_count(score)
      raise Cxkpi::RangeError.new("score #{score} is out of range", function: c_name(:score_count)) unless INT32.cover?(score)

      out(:uint64, c_name(:score_count), score)
    end

    private

    def add_integers(ptr, scores)
      lo, hi = scores.minmax
      klass = self.class
      if Lib.has?(klass.instance_variable_get(:@add_many_i64)) && INT64.cover?(lo) && INT64.cover?(hi)
        Lib.call!(klass.instance_variable_get(:@add_many_i64), ptr, scores.pack('q*'), scores.size)
      elsif INT32.cover?(lo) && INT32.cover?(hi)
        Lib.call!(klass.instance_variable_get(:@add_many), ptr, scores.pack('l*'), scores.size)
      else
        raise Cxkpi::RangeError.new("score #{INT32.cover?(lo) ? hi : lo} is out of range",
                                    function: c_name(:add_many))
      end
    end

    def add_floats(ptr, scores)
      packed = scores.map { |s| s.nil? ? Float::NAN : s }.pack('d*')
      skipped = FFI::MemoryPointer.new(:size_t)
      Lib.call!(self.class.instance_variable_get(:@add_many_f64), ptr, packed, scores.size, skipped)
    end

    # For a library without the double entry point: nils and NaNs skipped, integral Floats
    # converted, anything else refused before reaching C.
    def integral_scores(scores)
      scores.filter_map do |s|
        next if s.nil? || (s.is_a?(Float) && s.nan?)
        raise TypeError, "score must be an Integer, not #{s.class}" unless s.is_a?(Numeric)
        unless s.is_a?(Integer) || (s.finite? && s == s.floor)
          raise Cxkpi::RangeError.new("score #{s} is not an integer", function: c_name(:add_many))
        end

        s.to_i
      end
    end
  end
end
