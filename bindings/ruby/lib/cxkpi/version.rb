# frozen_string_literal: true

module Cxkpi
  # Version of this gem (the C library's version it is released with).
  VERSION = '0.1.0'
end
