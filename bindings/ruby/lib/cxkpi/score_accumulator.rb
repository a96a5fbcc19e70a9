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
        define_add(:"#{p}add", Lib.fn(:"#{p}add", [:pointer, :int32]))
        Lib.fn(:"#{p}add_many", [:pointer, :buffer_in, :size_t])
        Lib.fn(:"#{p}add_many_f64", [:pointer, :buffer_in, :size_t, :pointer])
        Lib.fn(:"#{p}add_grouped_f64", %i[pointer size_t buffer_in buffer_in size_t pointer])
        Lib.fn(:"#{p}remove", [:pointer, :int32])
        Lib.fn(:"#{p}count", [:pointer, :pointer])
        Lib.fn(:"#{p}score_count", [:pointer, :int32, :pointer])
        @add = :"#{p}add"
        @add_many = :"#{p}add_many"
        @add_many_f64 = :"#{p}add_many_f64"
      end

      def grouped_function = :"cxkpi_#{c_prefix}_add_grouped_f64"
      def grouped_extra = [nil]

      # Scores as doubles, nil ("no answer") as NaN: skipped by the library.
      def pack_grouped(values)
        values.pack('d*')
      rescue TypeError
        values.map { |v| v.nil? ? Float::NAN : v }.pack('d*')
      end

      # #add calls the FFI function object directly: the per-score path does no name lookup.
      def define_add(name, function)
        define_method(:add) do |score|
          unless score.is_a?(Integer)
            raise TypeError, "score must be an Integer or a Float, not #{score.class}" unless score.is_a?(Float)
            return self if score.nan? # no answer, as in add_many

            unless score.finite? && score == score.floor
              raise Cxkpi::RangeError.new("score #{score} is not an integer", function: name)
            end

            score = score.to_i
          end
          raise Cxkpi::RangeError.new("score #{score} is out of range", function: name) unless Handle::INT32.cover?(score)

          status = function.call(h, score)
          Lib.check(status, name) unless status.zero?
          self
        end
      end
    end

    # :method: add
    # Counts one response: an Integer, or a Float with an integral value (4.0 is 4; NaN is "no
    # answer" and counts nothing), the rule of #add_many. Raises Cxkpi::RangeError for a score
    # off the scale or a Float that is not integral (nothing is counted), ::TypeError for
    # anything else. Returns self.

    # `acc << 5 << 4`: same as #add.
    def <<(score)
      add(score)
    end

    # Counts many responses in one C call over a packed buffer, atomically: all of them or,
    # on any error, none. `scores` is an Array (or anything with #to_a) of Integers; `nil`
    # means "no answer" and is skipped, as is a Float NaN; a Float with an integral value is
    # that score. Returns self.
    #
    # The Array is packed as doubles in one Array#pack (Integers up to 2**53 are exact, and
    # anything larger is off every scale), and the library's double entry point checks each
    # value; a library without it gets 32-bit integers, checked here.
    def add_many(scores)
      scores = scores.to_a unless scores.is_a?(Array)
      ptr = h
      return self if scores.empty?

      f64 = self.class.instance_variable_get(:@add_many_f64)
      if Lib.has?(f64)
        packed = begin
          scores.pack('d*')
        rescue TypeError # nils ("no answer") are left out; anything else is refused again
          scores.compact.pack('d*')
        end
        Lib.call!(f64, ptr, packed, packed.bytesize / 8, nil)
      else
        add_int32(ptr, integral_scores(scores))
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

    def add_int32(ptr, scores)
      return if scores.empty?

      lo, hi = scores.minmax
      unless INT32.cover?(lo) && INT32.cover?(hi)
        raise Cxkpi::RangeError.new("score #{INT32.cover?(lo) ? hi : lo} is out of range", function: c_name(:add_many))
      end

      Lib.call!(self.class.instance_variable_get(:@add_many), ptr, scores.pack('l*'), scores.size)
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
