# frozen_string_literal: true

# Shared set-up of the minitest suite: loads the gem from this source tree. The C library
# comes from CXKPI_LIBRARY (the test runners point it at the build tree's libcxkpi.so.0).
$LOAD_PATH.unshift File.expand_path('../lib', __dir__)
require 'minitest/autorun'
require 'cxkpi'

module CxkpiTestHelpers
  Z95 = 1.959963984540054 # two-sided 95% normal quantile

  # Wilson score interval in percent, computed here from its definition
  # (Wilson 1927; Agresti & Coull 1998), independently of the library.
  def wilson(successes, n, z = Z95)
    p = successes.to_f / n
    denom = 1 + (z * z / n)
    center = (p + (z * z / (2 * n))) / denom
    half = z * Math.sqrt((p * (1 - p) / n) + (z * z / (4.0 * n * n))) / denom
    [100 * (center - half), 100 * (center + half)]
  end

  # CRC-32C (Castagnoli, reflected 0x82F63B78), bit by bit: an independent check of frames.
  def crc32c(bytes)
    crc = 0xFFFFFFFF
    bytes.each_byte do |b|
      crc ^= b
      8.times { crc = crc.odd? ? (crc >> 1) ^ 0x82F63B78 : crc >> 1 }
    end
    crc ^ 0xFFFFFFFF
  end

  # A frame as docs/FORMAT.md lays it out: magic, kind, version, length, payload, CRC.
  def frame(kind, version, payload)
    head = 'CXKP'.b + [kind, version, payload.bytesize].pack('vvQ<') + payload
    head + [crc32c(head)].pack('V')
  end

  def assert_close(expected, actual, rel = 1e-12)
    assert_in_delta expected, actual, rel * [expected.abs, 1.0].max
  end

  def assert_pair_close(expected, actual)
    assert_equal 2, actual.size
    expected.zip(actual).each { |e, a| assert_close e, a }
  end

  # Asserts the block raises `klass`, which is also a Cxkpi::Error carrying the library's
  # message for `status`.
  def assert_cxkpi_error(klass, status, &block)
    err = assert_raises(klass, &block)
    assert_kind_of Cxkpi::Error, err
    assert_equal status, err.status
    assert_includes err.message, Cxkpi.status_message(status)
    err
  end
end
