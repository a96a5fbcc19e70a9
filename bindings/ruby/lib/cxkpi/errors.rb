# frozen_string_literal: true

module Cxkpi
  # Marks every exception raised by this gem, so `rescue Cxkpi::Error` catches them all.
  #
  # Each status of the C library (`cxkpi_status`) has its own class, which is also the Ruby
  # built-in a Ruby programmer would rescue for it: `Cxkpi::RangeError < ::RangeError`,
  # `Cxkpi::FormatError < ::ArgumentError`, and so on. The message is the library's own
  # (`cxkpi_status_str`), prefixed with the C function that failed.
  module Error
    # @return [Integer, nil] the `cxkpi_status` value (nil when raised by the binding itself)
    attr_reader :status
    # @return [String, nil] the C function (or binding method) that failed
    attr_reader :function

    def initialize(message = nil, status: nil, function: nil)
      @status = status || self.class.const_get(:STATUS)
      @function = function
      # Raised by the binding itself (a value that cannot even reach C): the library's
      # message for the status first, then the detail.
      message = "#{Cxkpi.status_message(@status)}: #{message}" if status.nil? && @status && Cxkpi.respond_to?(:status_message)
      text = function ? "#{function}: #{message}" : message.to_s
      text += " (#{code})" if @status
      super(text)
    end

    # @return [String] the status's C name, e.g. "CXKPI_ERANGE"
    def code
      Cxkpi::Error.code_name(@status)
    end

    CODE_NAMES = %w[CXKPI_OK CXKPI_EINVAL CXKPI_ERANGE CXKPI_EEMPTY CXKPI_EOVERFLOW
                    CXKPI_ENOMEM CXKPI_EMISMATCH CXKPI_ENOSPC CXKPI_EFORMAT CXKPI_EVERSION
                    CXKPI_ENOTFOUND CXKPI_EORDER CXKPI_EIO].freeze

    def self.code_name(status)
      CODE_NAMES.fetch(status) { "status #{status}" } if status
    end
  end

  # A status this binding does not know (a newer library): still a Cxkpi::Error.
  class UnknownError < ::StandardError
    include Error
    STATUS = nil
  end

  # CXKPI_EINVAL: an invalid configuration (the binding never passes NULL pointers).
  class InvalidArgumentError < ::ArgumentError
    include Error
    STATUS = 1
  end

  # CXKPI_ERANGE: a value outside its domain (a score off the scale, a confidence not in (0, 1),
  # a negative, NaN or infinite duration). Nothing was counted.
  class RangeError < ::RangeError
    include Error
    STATUS = 2
  end

  # CXKPI_EEMPTY: a figure was asked of an accumulator that has counted nothing. A ratio of
  # zero responses is a division by zero, hence ::ZeroDivisionError; check `count` first
  # when emptiness is expected.
  class EmptyError < ::ZeroDivisionError
    include Error
    STATUS = 3
  end

  # CXKPI_EOVERFLOW: a 64-bit counter would overflow; nothing was counted.
  class CounterOverflowError < ::RangeError
    include Error
    STATUS = 4
  end

  # CXKPI_ENOMEM: the C library could not allocate memory; nothing was changed.
  class OutOfMemoryError < ::NoMemoryError
    include Error
    STATUS = 5
  end

  # CXKPI_EMISMATCH: merge of accumulators with different configurations.
  class MismatchError < ::ArgumentError
    include Error
    STATUS = 6
  end

  # CXKPI_ENOSPC: an output buffer is too small (the binding sizes its buffers, so rare).
  class NoSpaceError < ::ArgumentError
    include Error
    STATUS = 7
  end

  # CXKPI_EFORMAT: serialized bytes (or a calendar text) are malformed, truncated,
  # corrupted, or of another kind of accumulator. Like Marshal's "marshal data too short".
  class FormatError < ::ArgumentError
    include Error
    STATUS = 8
  end

  # CXKPI_EVERSION: serialized bytes written by a newer format version than the loaded library reads.
  class VersionError < ::ArgumentError
    include Error
    STATUS = 9
  end

  # CXKPI_ENOTFOUND: the thing to remove or look up does not exist (a retraction of a score
  # never counted, an unknown time zone). Like Hash#fetch's KeyError.
  class NotFoundError < ::KeyError
    include Error
    STATUS = 10
  end

  # CXKPI_EORDER: an event arrived out of order beyond the tolerance, or a call came in the
  # wrong state (pausing a clock that is not running).
  class OrderError < ::ArgumentError
    include Error
    STATUS = 11
  end

  # CXKPI_EIO: a file (a zoneinfo file) could not be read.
  class FileError < ::IOError
    include Error
    STATUS = 12
  end

  # Use of an object after #close: like reading a closed IO, an ::IOError.
  class ClosedError < ::IOError
    include Error
    STATUS = nil
  end

  ERROR_CLASSES = [nil, InvalidArgumentError, RangeError, EmptyError, CounterOverflowError,
                   OutOfMemoryError, MismatchError, NoSpaceError, FormatError, VersionError,
                   NotFoundError, OrderError, FileError].freeze

  # The exception class for a `cxkpi_status` value.
  def self.error_class(status)
    (status.positive? && ERROR_CLASSES[status]) || UnknownError
  end
end
