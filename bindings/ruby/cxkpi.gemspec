# frozen_string_literal: true

require_relative 'lib/cxkpi/version'

Gem::Specification.new do |spec|
  spec.name = 'cxkpi'
  spec.version = Cxkpi::VERSION
  spec.summary = 'Customer-service KPIs (CSAT, NPS, FCR, SLA, durations) over the cxkpi C library'
  spec.description = 'Incremental, mergeable CSAT, NPS, first contact resolution, SLA compliance ' \
                     'in business hours, response and handling times, through the ffi gem. ' \
                     'States serialize to the portable bytes every cxkpi binding reads.'
  spec.license = 'MIT'
  spec.authors = ['cxkpi contributors']
  spec.homepage = 'https://example.invalid/cxkpi'
  spec.required_ruby_version = '>= 3.0'
  spec.files = Dir['lib/**/*.rb'] + ['README.md']
  spec.require_paths = ['lib']
  spec.add_dependency 'ffi', '>= 1.15'
  spec.add_development_dependency 'minitest', '>= 5'
end
