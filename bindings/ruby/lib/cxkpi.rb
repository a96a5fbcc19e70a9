# frozen_string_literal: true

# cxkpi -- customer-service KPIs (CSAT, NPS, FCR, SLA compliance, durations, AHT, churn)
# over the cxkpi C library, through the ffi gem.
#
#   require 'cxkpi'
#   csat = Cxkpi::Csat.new(scale_min: 1, scale_max: 5, satisfied_min: 4)
#   csat.add_many([5, 4, 2, 5, 3])     # one C call over a packed buffer
#   csat.percent                       # => 60.0
#
# Every accumulator merges (merge!, +), copies (dup), compares (==), serializes to the
# library's portable bytes (to_s, .from_bytes, Marshal) and frees its C memory on close or
# when garbage collected. Errors are Cxkpi::Error, each also the matching Ruby built-in.
require_relative 'cxkpi/version'
require_relative 'cxkpi/errors'
require_relative 'cxkpi/library'
require_relative 'cxkpi/handle'
require_relative 'cxkpi/score_accumulator'
require_relative 'cxkpi/csat'
require_relative 'cxkpi/nps'
require_relative 'cxkpi/fcr'
require_relative 'cxkpi/fcr_tracker'
require_relative 'cxkpi/sla'
require_relative 'cxkpi/duration'
require_relative 'cxkpi/aht'
require_relative 'cxkpi/churn'
require_relative 'cxkpi/calendar'
require_relative 'cxkpi/ticket_clock'
require_relative 'cxkpi/stats'
require_relative 'cxkpi/compare'
require_relative 'cxkpi/survival'
