#!/usr/bin/env bash
# CI stage of the Ruby and PHP bindings: their suites (minitest, PHPUnit) against the library
# of an existing build (default build-gcc), with a stand-in library of another major version
# for the refusal tests, then the cross-language identity test (C, Python, Ruby, PHP).
# Usage: scripts/stage-rubyphp.sh [builddir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-gcc}
lib=$PWD/$build/lib/libcxkpi.so.0
[ -f "$lib" ] || { echo "stage-rubyphp: $lib not found: build $build first" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
${CC:-cc} -shared -fPIC -fvisibility=hidden -o "$tmp/libfakemajor.so" \
  bindings/python/tests/fake_major.c

export CXKPI_LIBRARY=$lib CXKPI_FAKE_MAJOR_LIBRARY=$tmp/libfakemajor.so
version=$(sed -n "s/^ *version: '\([0-9.]*\)',/\1/p" meson.build | head -1)
export CXKPI_PROJECT_VERSION=$version

echo "== ruby $(ruby -e 'print RUBY_VERSION'), ffi $(ruby -rffi -e 'print FFI::VERSION'): minitest"
ruby bindings/ruby/test/run.rb

echo "== ruby: the gem built, installed into an empty gem home, required from there"
(cd bindings/ruby && gem build --quiet cxkpi.gemspec -o "$tmp/cxkpi.gem" >/dev/null)
gem install --local --ignore-dependencies --no-document --install-dir "$tmp/gems" "$tmp/cxkpi.gem" >/dev/null
(cd "$tmp" && GEM_HOME="$tmp/gems" GEM_PATH="$tmp/gems:$(ruby -e 'print Gem.path.join(":")')" ruby -e '
  require "cxkpi"
  loaded = $LOADED_FEATURES.grep(%r{/cxkpi\.rb\z})
  abort "the gem was not loaded from the gem home: #{loaded}" unless loaded.first.to_s.start_with?(ENV["GEM_HOME"])
  abort "wrong CSAT" unless Cxkpi::Csat.new.add_many([5, 4, 2, 5, 3]).percent == 60.0
  puts "installed gem #{Gem.loaded_specs["cxkpi"].version} loads and counts"')

echo "== php $(php -r 'echo PHP_VERSION;'), $(phpunit --version | head -1)"
php -d ffi.enable=1 "$(command -v phpunit)" -c bindings/php/phpunit.xml.dist

echo "== cross-language identity: C, Python, Ruby, PHP"
c_program=$build/bindings/identity/identity_c
[ -x "$c_program" ] || { echo "stage-rubyphp: $c_program not built (meson -Dtests=true)" >&2; exit 1; }
python3 bindings/identity/run.py --c-program "$c_program"
