# frozen_string_literal: true

require_relative 'test_helper'

# Serialization (to_s, from_bytes, Marshal), bad bytes, closed objects and GC.
class TestBytesAndLifetime < Minitest::Test
  include CxkpiTestHelpers

  def csat_20_10_20
    Cxkpi::Csat.new.add_many([5] * 20 + [4] * 10 + [1] * 20)
  end

  def test_frame_of_the_format_document
    payload = [1, 5, 4].pack('l<3') + [20, 0, 0, 10, 20].pack('Q<5')
    bytes = csat_20_10_20.to_s
    assert_equal Encoding::BINARY, bytes.encoding
    assert_equal 72, bytes.bytesize
    assert_equal frame(1, 1, payload), bytes
  end

  def test_round_trips
    all = [csat_20_10_20, Cxkpi::Nps.new.add_many([1, 9]), Cxkpi::Fcr.new.add(resolved: true),
           Cxkpi::Sla.new(60).add(30).add_open(90), Cxkpi::Duration.new.add_many([1, 2, 3]),
           Cxkpi::Aht.new.add(talk: 1), Cxkpi::Churn.new(at_start: 5, lost: 1)]
    all.each do |acc|
      back = acc.class.from_bytes(acc.to_s)
      assert_equal acc, back, acc.class.name
      assert_equal acc.to_s, back.to_s
      marshalled = Marshal.load(Marshal.dump([acc, { acc.class.name => acc }]))
      assert_equal acc, marshalled[0]
      assert_equal acc, marshalled[1][acc.class.name]
    end
  end

  def test_bad_bytes_raise_format_error_and_change_nothing
    good = csat_20_10_20.to_s
    corrupted = good.dup
    corrupted.setbyte(30, corrupted.getbyte(30) ^ 1)
    [good[0, 71], good + "\0", corrupted, '', 'not a state', Cxkpi::Nps.new.to_s].each do |bad|
      err = assert_cxkpi_error(Cxkpi::FormatError, 8) { Cxkpi::Csat.from_bytes(bad) }
      assert_kind_of ArgumentError, err
    end
    err = assert_raises(Cxkpi::FormatError) { Cxkpi::Csat.from_bytes(Cxkpi::Nps.new.to_s) }
    assert_includes err.message, 'a nps state where a csat state was expected'
    # A corrupted state inside a Marshal stream: Marshal.load raises the library's error.
    stream = Marshal.dump(csat_20_10_20).sub(good, corrupted)
    assert_raises(Cxkpi::FormatError) { Marshal.load(stream) }
    assert_raises(TypeError) { Cxkpi::Csat.from_bytes(nil) }
    assert_raises(TypeError) { Cxkpi::Csat.from_bytes(42) }
  end

  def test_newer_format_version
    payload = [1, 5, 4].pack('l<3') + [0, 0, 0, 0, 1].pack('Q<5')
    assert_cxkpi_error(Cxkpi::VersionError, 9) { Cxkpi::Csat.from_bytes(frame(1, 99, payload)) }
    # The same payload at version 1 is a valid state with one five.
    assert_equal 1, Cxkpi::Csat.from_bytes(frame(1, 1, payload)).score_count(5)
  end

  def test_closed_objects
    [Cxkpi::Csat.new, Cxkpi::Nps.new, Cxkpi::Fcr.new, Cxkpi::Sla.new(1), Cxkpi::Duration.new,
     Cxkpi::Aht.new, Cxkpi::Churn.new, Cxkpi::FcrTracker.new, Cxkpi::Calendar.new,
     Cxkpi::TicketClock.new].each do |obj|
      refute obj.closed?
      assert_nil obj.close
      assert obj.closed?
      obj.close                                 # idempotent
      err = assert_raises(Cxkpi::ClosedError) { obj.send(:h) }
      assert_kind_of IOError, err
      assert_kind_of Cxkpi::Error, err
    end
    c = Cxkpi::Csat.new
    c.close
    %i[count percent to_s dup reset].each { |m| assert_raises(IOError, m) { c.public_send(m) } }
    assert_raises(IOError) { c.add(5) }
    assert_raises(IOError) { c.add_many([5]) }
    assert_raises(IOError) { Cxkpi::Csat.new.merge!(c) }
    assert_raises(IOError) { Marshal.dump(c) }
  end

  def test_open_with_block_closes
    kept = nil
    assert_equal 60.0, Cxkpi::Csat.open { |c| kept = c; c.add_many([5, 4, 2, 5, 3]).percent }
    assert kept.closed?
  end

  # 1,000 accumulators of ~390 KB of C memory each (alpha 1e-4 over 8 decades): 390 MB if
  # the finalizers did not free them; the resident size must grow by far less.
  def test_finalizers_release_the_c_memory
    skip 'Linux /proc only' unless File.exist?('/proc/self/statm')
    skip 'AddressSanitizer keeps freed memory in quarantine' if ENV['LD_PRELOAD'].to_s.include?('asan')
    rss = -> { File.read('/proc/self/statm').split[1].to_i * 4096 }
    values = Array.new(400) { |i| 1.05**i }
    big = -> { Cxkpi::Duration.new(alpha: 1e-4, max_buckets: 1 << 20).add_many(values) }
    assert_operator big.call.memory_usage, :>, 300_000
    before = rss.call
    1000.times { |i| big.call && ((i % 50 == 49) && GC.start) }
    GC.start
    assert_operator rss.call - before, :<, 100_000_000
  end

  def test_garbage_collection_frees_without_close
    20_000.times { Cxkpi::Csat.new.add(5) }
    GC.start
    20_000.times { Cxkpi::Duration.new.add_many([1.0, 2.0]) }
    GC.start
    assert_equal 1, Cxkpi::Csat.new.add(5).count
  end
end
