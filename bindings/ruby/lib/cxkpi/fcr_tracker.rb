# frozen_string_literal: true

require_relative 'fcr'
require_relative 'calendar'

module Cxkpi
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

    def figures
      window, lateness = config
      { window: window, lateness: lateness, open_episodes: open_episodes[0], results: results.to_h }
    end

    private

    def describe
      w, late = config
      format('window=%ds lateness=%ds open=%d finalized=%d', w, late, open_episodes[0], results.count)
    end
  end
end
