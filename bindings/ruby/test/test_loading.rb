# frozen_string_literal: true

require_relative 'test_helper'
require 'open3'
require 'tmpdir'
require 'fileutils'
require 'rbconfig'

# Finding the C library and refusing another major version, each in a fresh interpreter.
class TestLoading < Minitest::Test
  LIB_DIR = File.expand_path('../lib', __dir__)

  def setup
    @tmp = Dir.mktmpdir
    FileUtils.cp_r(LIB_DIR, @tmp)               # a private copy of the gem's lib/
    Dir[File.join(@tmp, 'lib', 'cxkpi', 'libcxkpi*')].each { |f| File.delete(f) }
    @env = { 'CXKPI_LIBRARY' => nil, 'LD_LIBRARY_PATH' => nil, 'RUBYLIB' => nil, 'RUBYOPT' => nil }
  end

  def teardown
    FileUtils.rm_rf(@tmp)
  end

  def ruby(code, env = {})
    Open3.capture3(@env.merge(env), RbConfig.ruby, '-I', File.join(@tmp, 'lib'), '-e', code)
  end

  def test_versions
    major, minor, patch = Cxkpi::LIBRARY_VERSION.split('.').map(&:to_i)
    assert_equal Cxkpi::ABI_MAJOR, major
    assert_equal major * 10_000 + minor * 100 + patch, Cxkpi::LIBRARY_VERSION_NUMBER
    expected = ENV['CXKPI_PROJECT_VERSION']
    assert_equal expected, Cxkpi::LIBRARY_VERSION if expected
  end

  def test_explicit_library_that_does_not_exist
    _out, err, st = ruby('require "cxkpi"', 'CXKPI_LIBRARY' => File.join(@tmp, 'nope', 'libcxkpi.so.0'))
    refute st.success?
    assert_includes err, 'LoadError'
    assert_includes err, 'CXKPI_LIBRARY='
    assert_includes err, 'nope'
  end

  def test_explicit_library_wins
    out, err, st = ruby('require "cxkpi"; print Cxkpi::LIBRARY_PATH', 'CXKPI_LIBRARY' => Cxkpi::LIBRARY_PATH)
    assert st.success?, err
    assert_equal Cxkpi::LIBRARY_PATH, out
  end

  def test_library_beside_the_gem
    beside = File.join(@tmp, 'lib', 'cxkpi', 'libcxkpi.so.0')
    FileUtils.cp(Cxkpi::LIBRARY_PATH, beside)
    out, err, st = ruby('require "cxkpi"; print Cxkpi::LIBRARY_PATH; print Cxkpi::Csat.new.add(5).count')
    assert st.success?, err
    assert_equal "#{beside}1", out
  end

  def test_system_library_path
    dir = File.join(@tmp, 'sys')
    FileUtils.mkdir_p(dir)
    FileUtils.cp(Cxkpi::LIBRARY_PATH, File.join(dir, 'libcxkpi.so.0'))
    out, err, st = ruby('require "cxkpi"; print Cxkpi::LIBRARY_PATH', 'LD_LIBRARY_PATH' => dir)
    assert st.success?, err
    assert_equal 'libcxkpi.so.0', out
  end

  def test_nothing_found_lists_everything_tried
    _out, err, st = ruby('require "cxkpi"')
    skip 'a libcxkpi.so.0 is installed on the system library path' if st.success?
    assert_includes err, 'LoadError'
    assert_includes err, 'CXKPI_LIBRARY: not set'
    assert_includes err, File.join(@tmp, 'lib', 'cxkpi', 'libcxkpi.so.0')
    assert_includes err, "system's library path"
  end

  def test_incompatible_major_is_refused
    fake = ENV['CXKPI_FAKE_MAJOR_LIBRARY']
    skip 'CXKPI_FAKE_MAJOR_LIBRARY not set (meson test and tests/ci.sh set it)' unless fake
    _out, err, st = ruby('require "cxkpi"', 'CXKPI_LIBRARY' => fake)
    refute st.success?
    assert_includes err, 'LoadError'
    assert_includes err, 'version 1.0.0'
    assert_includes err, 'needs major version 0'
  end
end
