# frozen_string_literal: true

require_relative 'handle'

module Cxkpi
  # FCR -- first contact resolution from ticket outcomes: one call per finished issue.
  #
  #   fcr = Cxkpi::Fcr.new
  #   fcr.add(resolved: true)
  #   fcr.add(escalated: true)
  #   fcr.add(Cxkpi::Fcr::EXCLUDED | Cxkpi::Fcr::REOPENED)
  #   fcr.percent       # => 33.33... (100 * 1 / 3)
  #   fcr.net_percent   # => 50.0     (100 * 1 / (3 - 1))
  #
  # Contradictory outcomes (resolved on first contact and escalated, reopened or excluded)
  # raise Cxkpi::RangeError and count nothing.
  class Fcr < Accumulator
    RESOLVED_FIRST_CONTACT = 1
    ESCALATED = 2
    REOPENED = 4
    EXCLUDED = 8

    c_object 'fcr'
    Lib.fn :cxkpi_fcr_new, %i[pointer]
    Lib.fn :cxkpi_fcr_add, %i[pointer uint32]
    Lib.fn :cxkpi_fcr_add_many, %i[pointer buffer_in size_t]
    Lib.fn :cxkpi_fcr_remove, %i[pointer uint32]
    Lib.fn :cxkpi_fcr_counts, %i[pointer pointer pointer pointer pointer pointer]
    Lib.fn :cxkpi_fcr_combination_count, %i[pointer uint32 pointer]
    Lib.fn :cxkpi_fcr_percent, %i[pointer pointer]
    Lib.fn :cxkpi_fcr_net_percent, %i[pointer pointer]
    Lib.fn :cxkpi_fcr_escalation_percent, %i[pointer pointer]
    Lib.fn :cxkpi_fcr_reopen_percent, %i[pointer pointer]
    Lib.fn :cxkpi_fcr_percent_interval, %i[pointer double pointer pointer]
    Lib.fn :cxkpi_fcr_net_percent_interval, %i[pointer double pointer pointer]
    Lib.fn :cxkpi_fcr_escalation_percent_interval, %i[pointer double pointer pointer]
    Lib.fn :cxkpi_fcr_reopen_percent_interval, %i[pointer double pointer pointer]

    def initialize
      out = FFI::MemoryPointer.new(:pointer)
      Lib.call!(:cxkpi_fcr_new, out)
      adopt(out.read_pointer)
    end

    # The flag bits of an outcome, from an Integer and/or keywords.
    def self.flags(flags = 0, resolved: false, escalated: false, reopened: false, excluded: false)
      raise TypeError, "flags must be an Integer, not #{flags.class}" unless flags.is_a?(Integer)

      value = flags | (resolved ? RESOLVED_FIRST_CONTACT : 0) | (escalated ? ESCALATED : 0) |
              (reopened ? REOPENED : 0) | (excluded ? EXCLUDED : 0)
      raise Cxkpi::RangeError.new("flags #{value} are out of range", function: :cxkpi_fcr_add) unless UINT32.cover?(value)

      value
    end

    # Counts one finished issue. Returns self.
    def add(flags = 0, **outcome) = chain(:cxkpi_fcr_add, Fcr.flags(flags, **outcome))

    def <<(flags)
      add(flags)
    end

    # Counts many issues (an Array of flag Integers) in one C call, atomically. Returns self.
    def add_many(flags)
      flags = flags.to_a unless flags.is_a?(Array)
      ptr = h
      return self if flags.empty?
      raise TypeError, 'flags must be Integers' unless flags.all?(Integer)

      lo, hi = flags.minmax
      unless UINT32.cover?(lo) && UINT32.cover?(hi)
        raise Cxkpi::RangeError.new("flags #{UINT32.cover?(lo) ? hi : lo} are out of range", function: :cxkpi_fcr_add_many)
      end

      Lib.call!(:cxkpi_fcr_add_many, ptr, flags.pack('L*'), flags.size)
      self
    end

    # Retracts one issue counted with exactly these flags (Cxkpi::NotFoundError if none).
    def remove(flags = 0, **outcome) = chain(:cxkpi_fcr_remove, Fcr.flags(flags, **outcome))

    # `{issues:, resolved_first_contact:, escalated:, reopened:, excluded:}`.
    def counts
      %i[issues resolved_first_contact escalated reopened excluded].zip(outs(:uint64, 5, :cxkpi_fcr_counts)).to_h
    end

    def count = counts[:issues]

    # Issues counted with exactly this flag combination.
    def combination_count(flags)
      out(:uint64, :cxkpi_fcr_combination_count, Fcr.flags(flags))
    end

    # Gross FCR, 100 * resolved_first_contact / issues.
    def percent = out(:double, :cxkpi_fcr_percent)
    # Net FCR, 100 * resolved_first_contact / (issues - excluded).
    def net_percent = out(:double, :cxkpi_fcr_net_percent)
    # 100 * escalated / issues.
    def escalation_percent = out(:double, :cxkpi_fcr_escalation_percent)
    # 100 * reopened / issues.
    def reopen_percent = out(:double, :cxkpi_fcr_reopen_percent)

    # Wilson intervals, `[lo, hi]` in percent.
    def interval(confidence = 0.95) = pair(:cxkpi_fcr_percent_interval, Float(confidence))
    def net_interval(confidence = 0.95) = pair(:cxkpi_fcr_net_percent_interval, Float(confidence))
    def escalation_interval(confidence = 0.95) = pair(:cxkpi_fcr_escalation_percent_interval, Float(confidence))
    def reopen_interval(confidence = 0.95) = pair(:cxkpi_fcr_reopen_percent_interval, Float(confidence))

    private

    def describe
      n = count
      n.zero? ? 'n=0 (empty)' : format('n=%d fcr=%.1f%%', n, percent)
    end
  end

  # FCR from raw contacts `(key, time)`: an issue is resolved on first contact when no
  # further contact with the same key arrives within the repeat `window` (seconds, from the
  # episode's first contact). Contacts may arrive out of order by up to `lateness` seconds;
  # later is Cxkpi::OrderError. Finalized episodes are counted into #results (a Cxkpi::Fcr).
  #
  #   t = Cxkpi::FcrTracker.new(window: 7 * 86_400)
  #   t.add('alice@example.com', 0)
  #   t.add('alice@example.com', 3600)         # a repeat within the window
  #   t.add('bob@example.com', 7200)
  #   t.finish
  #   t.results.percent                        # => 50.0 (bob's issue only)
  #
  # Trackers copy and serialize but do not merge: shard by key and merge the #results.
  class FcrTracker < Serializable
    c_object 'fcr_tracker'
    Lib.fn :cxkpi_fcr_tracker_new, %i[pointer int64 int64]
    Lib.fn :cxkpi_fcr_tracker_add, %i[pointer uint64 int64]
    Lib.fn :cxkpi_fcr_tracker_add_many, %i[pointer buffer_in buffer_in size_t]
    Lib.fn :cxkpi_fcr_tracker_flush, %i[pointer int64]
    Lib.fn :cxkpi_fcr_tracker_finish, %i[pointer]
    Lib.fn :cxkpi_fcr_tracker_results, %i[pointer pointer]
    Lib.fn :cxkpi_fcr_tracker_open, %i[pointer pointer pointer]
    Lib.fn :cxkpi_fcr_tracker_watermark, %i[pointer pointer]
    Lib.fn :cxkpi_fcr_tracker_config, %i[pointer pointer pointer]
    Lib.fn :cxkpi_fcr_tracker_memory_usage, %i[pointer pointer]
    Lib.fn :cxkpi_fcr_key_from_bytes, %i[buffer_in size_t pointer]

    # `window` in [1, 2**40] seconds, `0 <= lateness < window` (Cxkpi::InvalidArgumentError otherwise).
    def initialize(window: 7 * 86_400, lateness: 0)
      unless window.is_a?(Integer) && lateness.is_a?(Integer) && INT64.cover?(window) && INT64.cover?(lateness)
        raise InvalidArgumentError.new('invalid configuration', function: :cxkpi_fcr_tracker_new)
      end

      out = FFI::MemoryPointer.new(:pointer)
      Lib.call!(:cxkpi_fcr_tracker_new, out, window, lateness)
      adopt(out.read_pointer)
    end

    # The tracker key of an id: Integers as they are, Strings hashed (64-bit FNV-1a of the
    # bytes, cxkpi_fcr_key_from_bytes), stable across versions and languages.
    def self.key(ident)
      case ident
      when Integer
        raise Cxkpi::RangeError.new("key #{ident} is out of range", function: :cxkpi_fcr_tracker_add) unless UINT64.cover?(ident)

        ident
      when String, Symbol
        s = ident.to_s
        buf = FFI::MemoryPointer.new(:uint64)
        Lib.call!(:cxkpi_fcr_key_from_bytes, s, s.bytesize, buf)
        buf.read(:uint64)
      else
        raise TypeError, "a tracker key is an Integer or a String, not #{ident.class}"
      end
    end

    # Records one contact at `time` (seconds since the epoch, or a Time). Returns self.
    def add(key, time) = chain(:cxkpi_fcr_tracker_add, FcrTracker.key(key), Cxkpi.instant(time, :cxkpi_fcr_tracker_add))

    # Records contacts in array order, atomically, in one C call.
    def add_many(keys, times)
      keys = keys.to_a
      times = times.to_a
      raise ArgumentError, "keys and times have different lengths (#{keys.size}, #{times.size})" if keys.size != times.size

      ptr = h
      return self if keys.empty?

      k = keys.all?(Integer) && UINT64.cover?(keys.min) && UINT64.cover?(keys.max) ? keys : keys.map { |x| FcrTracker.key(x) }
      t = times.all?(Integer) && INT64.cover?(times.min) && INT64.cover?(times.max) ? times : times.map { |x| Cxkpi.instant(x, :cxkpi_fcr_tracker_add_many) }
      Lib.call!(:cxkpi_fcr_tracker_add_many, ptr, k.pack('Q*'), t.pack('q*'), k.size)
      self
    end

    # Declares that event time has reached `now`: finalizes every episode due.
    def flush(now) = chain(:cxkpi_fcr_tracker_flush, Cxkpi.instant(now, :cxkpi_fcr_tracker_flush))

    # End of data: finalizes every open episode; later contacts are refused.
    def finish = chain(:cxkpi_fcr_tracker_finish)

    # The finalized episodes so far, as a new Cxkpi::Fcr (a snapshot).
    def results
      borrowed = FFI::MemoryPointer.new(:pointer)
      Lib.call!(:cxkpi_fcr_tracker_results, h, borrowed)
      Handle.cloned(Fcr, :cxkpi_fcr_clone, borrowed.read_pointer)
    end

    # `[open episodes, keys with an open episode]`.
    def open_episodes
      outs(:uint64, 2, :cxkpi_fcr_tracker_open)
    end

    # The largest time seen (Cxkpi::EmptyError before the first contact or flush).
    def watermark
      out(:int64, :cxkpi_fcr_tracker_watermark)
    end

    # `[window, lateness]` in seconds.
    def config
      outs(:int64, 2, :cxkpi_fcr_tracker_config)
    end

    # Bytes of heap memory the tracker holds now.
    def memory_usage
      out(:size_t, :cxkpi_fcr_tracker_memory_usage)
    end

    private

    def describe
      w, late = config
      format('window=%ds lateness=%ds open=%d finalized=%d', w, late, open_episodes[0], results.count)
    end
  end
end
