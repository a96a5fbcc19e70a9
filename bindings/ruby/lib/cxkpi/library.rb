# frozen_string_literal: true

require 'ffi'
require_relative 'errors'

module Cxkpi
  # The ABI major version this gem is written for; a library of another major is refused.
  ABI_MAJOR = 0

  # Finds and loads libcxkpi and declares its functions (internal).
  #
  # Where the library comes from, in this order:
  # 1. the CXKPI_LIBRARY environment variable: a path (or a name dlopen resolves). When it
  #    is set it is the only candidate: a wrong path is an error, never silently replaced;
  # 2. a copy shipped beside the gem's Ruby files (lib/cxkpi/libcxkpi.so.0);
  # 3. the system's library path (dlopen of "libcxkpi.so.0": LD_LIBRARY_PATH, the ldconfig
  #    cache, /usr/lib...).
  # If none loads, one LoadError lists everything that was tried.
  module Lib
    extend FFI::Library

    SONAME = case RbConfig::CONFIG['host_os']
             when /darwin/ then "libcxkpi.#{ABI_MAJOR}.dylib"
             when /mswin|mingw|cygwin/ then 'cxkpi.dll'
             else "libcxkpi.so.#{ABI_MAJOR}"
             end

    def self.locate
      explicit = ENV['CXKPI_LIBRARY']
      if explicit && !explicit.empty?
        begin
          ffi_lib explicit
          return explicit
        rescue LoadError => e
          raise LoadError, "cxkpi: cannot load the C library named by CXKPI_LIBRARY=#{explicit.inspect}: #{e.message}"
        end
      end
      tried = ['CXKPI_LIBRARY: not set']
      beside = File.join(__dir__, SONAME)
      if File.exist?(beside)
        begin
          ffi_lib beside
          return beside
        rescue LoadError => e
          tried << "#{beside}: #{e.message}"
        end
      else
        tried << "#{beside}: no such file"
      end
      begin
        ffi_lib SONAME
        return SONAME
      rescue LoadError => e
        tried << "#{SONAME} on the system's library path: #{e.message.lines.first&.strip}"
      end
      raise LoadError, "cxkpi: cannot find the cxkpi C library (libcxkpi). Tried:\n  " \
                       "#{tried.join("\n  ")}\nInstall libcxkpi (meson install), or set " \
                       'CXKPI_LIBRARY to the path of libcxkpi.so.0.'
    end

    PATH = locate

    attach_function :cxkpi_version, [], :uint
    attach_function :cxkpi_version_string, [], :string
    attach_function :cxkpi_status_str, [:int], :string

    VERSION_NUMBER = cxkpi_version
    VERSION = cxkpi_version_string

    if VERSION_NUMBER / 10_000 != ABI_MAJOR
      raise LoadError, "cxkpi: the C library #{PATH} is version #{VERSION} (major " \
                       "#{VERSION_NUMBER / 10_000}); this gem needs major version #{ABI_MAJOR}"
    end

    # Names of functions the loaded library lacks (an older libcxkpi): calling one raises
    # NotImplementedError, the rest of the gem keeps working.
    MISSING = []


    # Declares one C function returning cxkpi_status (or `ret`). A function the library
    # does not export becomes a stub raising NotImplementedError.
    def self.fn(name, args, ret = :int)
      attach_function name, args, ret
    rescue FFI::NotFoundError
      MISSING << name
      define_singleton_method(name) do |*|
        raise NotImplementedError, "#{name} is not exported by the loaded cxkpi library " \
                                   "#{PATH} (version #{VERSION}); this needs a newer libcxkpi"
      end
    end

    # Whether the loaded library exports `name`.
    def self.has?(name)
      !MISSING.include?(name)
    end

    # Raises the exception of a nonzero cxkpi_status (returns nil for 0).
    def self.check(status, function)
      return if status.zero?

      raise Cxkpi.error_class(status).new(cxkpi_status_str(status), status: status,
                                                                    function: function)
    end

    # Calls a status-returning C function and raises on error.
    def self.call!(name, *args)
      status = public_send(name, *args)
      return if status.zero?

      raise Cxkpi.error_class(status).new(cxkpi_status_str(status), status: status,
                                                                    function: name)
    end
  end

  # Path (or name) of the loaded C library.
  LIBRARY_PATH = Lib::PATH
  # Version string of the loaded C library, e.g. "0.1.0".
  LIBRARY_VERSION = Lib::VERSION
  # Version number of the loaded C library, MAJOR * 10000 + MINOR * 100 + PATCH.
  LIBRARY_VERSION_NUMBER = Lib::VERSION_NUMBER

  # The C library's static description of a status code (cxkpi_status_str).
  def self.status_message(status)
    Lib.cxkpi_status_str(status)
  end
end
