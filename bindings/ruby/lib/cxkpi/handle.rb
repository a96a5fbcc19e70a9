# frozen_string_literal: true

require_relative 'library'

module Cxkpi
  # Seconds as a Float, from a Numeric (or a duration object with #to_f, such as an
  # ActiveSupport::Duration). Raises ::TypeError otherwise (nil, a String, a Time: an
  # instant is not a duration).
  def self.seconds(value)
    return value.to_f if value.is_a?(Numeric)
    return value.to_f if value.respond_to?(:to_f) && !(value.nil? || value.is_a?(String) || value.is_a?(Time))

    raise TypeError, "seconds must be a Numeric, not #{value.class}"
  end

  # Packs an Array of seconds as native doubles for one C call.
  def self.pack_seconds(values)
    values = values.to_a unless values.is_a?(Array)
    begin
      values.pack('d*')
    rescue TypeError # durations given as objects (#to_f), or something refused by #seconds
      values.map { |v| seconds(v) }.pack('d*')
    end
  end

  # Owner of one C object (internal base class of every Cxkpi class).
  #
  # The C object is freed exactly once: by #close, or by a finalizer when the Ruby object
  # is garbage collected (FFI::AutoPointer). Any use after #close raises Cxkpi::ClosedError,
  # an ::IOError, as a closed IO does.
  class Handle
    INT32 = (-2**31...2**31).freeze
    INT64 = (-2**63...2**63).freeze
    UINT32 = (0...2**32).freeze
    UINT64 = (0...2**64).freeze

    class << self
      # The C name stem of the class: "csat" for cxkpi_csat_*.
      attr_reader :c_prefix

      private

      # Declares the class's C stem and binds its destructor.
      def c_object(prefix)
        @c_prefix = prefix
        Lib.fn(:"cxkpi_#{prefix}_free", [:pointer], :void)
        @releaser = Lib.method(:"cxkpi_#{prefix}_free")
      end
    end

    # Frees the C object now. Idempotent; any later use raises Cxkpi::ClosedError.
    def close
      ptr = @ptr
      @ptr = nil
      ptr&.free
      nil
    end

    # Whether #close has been called.
    def closed?
      @ptr.nil?
    end

    # Runs the block with this object and closes it afterwards (like File.open with a block).
    def self.open(*args, **kwargs)
      obj = new(*args, **kwargs)
      return obj unless block_given?

      begin
        yield obj
      ensure
        obj.close
      end
    end

    # The figures as a Hash (nil for a figure of an empty accumulator): for JSON APIs.
    def to_h
      figures
    end

    # Rails' JSON encoding: the figures, never the C pointer.
    def as_json(*)
      to_h.transform_keys(&:to_s)
    end

    def inspect
      return "#<#{self.class.name} (closed)>" if closed?

      "#<#{self.class.name} #{describe}>"
    end

    private

    # A calendar or a clock has no C copy: #dup and #clone refuse (sharing the pointer would
    # free it twice). Accumulators copy (Serializable#initialize_copy).
    def initialize_copy(_other)
      @ptr = nil
      raise TypeError, "#{self.class.name} cannot be copied"
    end

    # Takes ownership of a C pointer returned by a _new/_clone/_deserialize function.
    def adopt(ptr)
      raise NoMemoryError, 'cxkpi returned a NULL handle' if ptr.null?

      @ptr = FFI::AutoPointer.new(ptr, self.class.instance_variable_get(:@releaser))
      self
    end

    # The live C pointer, or Cxkpi::ClosedError.
    def h
      @ptr or raise ClosedError.new("this #{self.class.name} is closed", function: self.class.name)
    end

    def c_name(suffix)
      :"cxkpi_#{self.class.c_prefix}_#{suffix}"
    end

    # Calls a status-returning `function(h, *args)` and returns self (for chaining).
    def chain(function, *args)
      Lib.call!(function, h, *args)
      self
    end

    # Calls `function(h, buffer, n)` once over seconds packed as native doubles; returns self.
    def chain_seconds(function, values)
      packed = Cxkpi.pack_seconds(values)
      Lib.call!(function, h, packed, packed.bytesize / 8)
      self
    end

    # Calls `cxkpi_<prefix>_<suffix>(h, *args, &out)` and returns the out value.
    def out(type, function, *args)
      buf = FFI::MemoryPointer.new(type)
      Lib.call!(function, h, *args, buf)
      buf.get(type, 0)
    end

    # Two double outputs (an interval).
    def pair(function, *args)
      buf = FFI::MemoryPointer.new(:double, 2)
      Lib.call!(function, h, *args, buf, buf + 8)
      buf.get_array_of_double(0, 2)
    end

    # Several outputs of one type.
    def outs(type, count, function, *args)
      buf = FFI::MemoryPointer.new(type, count)
      size = FFI.type_size(type)
      Lib.call!(function, h, *args, *Array.new(count) { |i| buf + (i * size) })
      buf.public_send(:"get_array_of_#{type}", 0, count)
    end

    # Calls a function whose first argument is `T **out` and adopts the result into a new
    # object of `klass`.
    def self.created(klass, function, *args)
      out = FFI::MemoryPointer.new(:pointer)
      Lib.call!(function, out, *args)
      obj = klass.allocate
      obj.send(:adopt, out.read_pointer)
    end

    # The kind a serialized state claims (docs/FORMAT.md: "CXKP", then the kind as a
    # little-endian u16), to name it when a reader of another kind refuses the bytes.
    KIND_NAMES = { 1 => 'csat', 2 => 'nps', 3 => 'fcr', 4 => 'fcr_tracker', 5 => 'sla',
                   6 => 'duration', 7 => 'churn', 8 => 'aht', 9 => 'survival' }.freeze

    def self.claimed_kind(bytes)
      return nil unless bytes.bytesize >= 6 && bytes.byteslice(0, 4).b == 'CXKP'.b

      KIND_NAMES[bytes.byteslice(4, 2).unpack1('v')]
    end

    # Clones a borrowed C object (`clone(src, &out)`) into a new object of `klass`.
    def self.cloned(klass, function, src)
      out = FFI::MemoryPointer.new(:pointer)
      Lib.call!(function, src, out)
      klass.allocate.send(:adopt, out.read_pointer)
    end

    def describe
      ''
    end

    def figures
      {}
    end

    # The value of the block, or nil when the accumulator is empty.
    def unless_empty
      yield
    rescue EmptyError
      nil
    end
  end

  # A handle that copies (#dup, #clone), resets and serializes.
  class Serializable < Handle
    class << self
      private

      def c_object(prefix)
        super
        Lib.fn(:"cxkpi_#{prefix}_reset", [:pointer])
        Lib.fn(:"cxkpi_#{prefix}_clone", [:pointer, :pointer])
        Lib.fn(:"cxkpi_#{prefix}_serialized_size", [:pointer, :pointer])
        Lib.fn(:"cxkpi_#{prefix}_serialize", [:pointer, :pointer, :size_t, :pointer])
        Lib.fn(:"cxkpi_#{prefix}_deserialize", [:pointer, :buffer_in, :size_t])
      end

      public

      # Restores an object from the bytes of #to_s (a binary String).
      #
      # Raises Cxkpi::FormatError (an ::ArgumentError) for malformed, truncated or corrupted
      # bytes or bytes of another kind of accumulator, Cxkpi::VersionError for bytes of a
      # newer format version, ::TypeError for something that is not a String.
      def from_bytes(bytes)
        raise TypeError, "#{name}.from_bytes needs a String, not #{bytes.class}" unless bytes.is_a?(String)
        raise TypeError, "#{name}.from_bytes needs a concrete class" unless c_prefix

        function = :"cxkpi_#{c_prefix}_deserialize"
        begin
          Handle.created(self, function, bytes, bytes.bytesize)
        rescue Cxkpi::FormatError
          other = Handle.claimed_kind(bytes)
          raise if other.nil? || other == c_prefix.to_s

          raise Cxkpi::FormatError.new("a #{other} state where a #{c_prefix} state was expected",
                                       function: function.to_s)
        end
      end
      alias load from_bytes

      # Marshal.load support.
      def _load(bytes)
        from_bytes(bytes)
      end
    end

    # Forgets everything counted, keeping the configuration. Returns self.
    def reset
      Lib.call!(c_name(:reset), h)
      self
    end

    # The portable, versioned, checksummed binary form (docs/FORMAT.md) as a binary
    # String (ASCII-8BIT): store it in a binary column, send it anywhere; every cxkpi
    # binding (C, Python, Ruby, PHP, SQL) reads it back.
    def to_s
      ptr = h
      size = FFI::MemoryPointer.new(:size_t)
      Lib.call!(c_name(:serialized_size), ptr, size)
      n = size.read(:size_t)
      buf = FFI::MemoryPointer.new(:uint8, n)
      Lib.call!(c_name(:serialize), ptr, buf, n, size)
      buf.read_bytes(size.read(:size_t))
    end
    alias to_bytes to_s
    alias dump to_s

    # Marshal.dump support: the portable bytes.
    def _dump(_level)
      to_s
    end

    private

    # #dup and #clone make an independent C copy.
    def initialize_copy(other)
      @ptr = nil
      out = FFI::MemoryPointer.new(:pointer)
      Lib.call!(c_name(:clone), other.send(:h), out)
      adopt(out.read_pointer)
    end
  end

  # Base class of every KPI accumulator: merging, plus Serializable's copying and bytes.
  #
  # Every accumulator supports `a.merge!(b)` (in place, returns a), `a + b` (a new
  # accumulator), `a == b` (same class, same serialized state), `#to_s` / `.from_bytes`
  # and Marshal, `#dup`, `#reset`, `#close`.
  class Accumulator < Serializable
    class << self
      private

      def c_object(prefix)
        super
        Lib.fn(:"cxkpi_#{prefix}_merge", [:pointer, :pointer])
      end
    end

    class << self
      # Counts a table's column into one accumulator per group, in one C call, atomically
      # over all of them: value i goes to `accs[groups[i]]`. `accs` are accumulators of this
      # class (the caller keeps them), `groups` an Array of indices into it, `values` the
      # column. Returns `accs`. Cxkpi::RangeError for an index outside `accs`.
      def add_grouped(accs, groups, values)
        grouped_supported!
        raise TypeError, "add_grouped needs #{name} accumulators" unless accs.all?(self)
        raise ArgumentError, "groups and values have different lengths (#{groups.size}, #{values.size})" if groups.size != values.size
        return accs if values.empty?

        lo, hi = groups.minmax
        unless lo.is_a?(Integer) && hi.is_a?(Integer) && Handle::UINT32.cover?(lo) && Handle::UINT32.cover?(hi)
          raise Cxkpi::RangeError.new("group index #{Handle::UINT32.cover?(lo) ? hi : lo} is outside the accumulators", function: grouped_function)
        end
        list = FFI::MemoryPointer.new(:pointer, accs.size)
        list.put_array_of_pointer(0, accs.map { |a| a.send(:h) })
        Lib.call!(grouped_function, list, accs.size, groups.pack('L*'), pack_grouped(values), values.size,
                  *grouped_extra)
        accs
      end

      # One accumulator per distinct key: `keys` and `values` are two columns of a table
      # (`pluck(:agent_id, :score).transpose`), counted in one C call. Returns
      # `{key => accumulator}` in order of first appearance; `config` goes to `new`.
      def grouped(keys, values, **config)
        grouped_supported!
        index = {}
        codes = keys.map { |k| index[k] ||= index.size }
        accs = Array.new(index.size) { new(**config) }
        add_grouped(accs, codes, values)
        index.keys.zip(accs).to_h
      end

      private

      def grouped_supported!
        raise NotImplementedError, "#{name} has no grouped batch" unless respond_to?(:pack_grouped, true)
      end

      def grouped_function = :"cxkpi_#{c_prefix}_add_grouped"
      def grouped_extra = []
    end

    # Adds everything `other` counted into this accumulator (`other` is unchanged) and
    # returns self. Raises Cxkpi::MismatchError when the configurations differ (self is
    # then unchanged), ::TypeError for another kind of object.
    def merge!(other)
      unless other.is_a?(self.class)
        raise TypeError, "cannot merge #{other.class} into #{self.class}"
      end

      Lib.call!(c_name(:merge), h, other.send(:h))
      self
    end

    # A new accumulator holding both (neither operand changes).
    def +(other)
      raise TypeError, "cannot add #{other.class} to #{self.class}" unless other.is_a?(self.class)

      dup.merge!(other)
    end

    def ==(other)
      other.is_a?(self.class) && other.class == self.class &&
        (equal?(other) || to_s == other.to_s)
    end
  end
end
