#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ for SECONDS each (default 30), as CI does:
#   scripts/fuzz.sh          # 30 s a target
#   scripts/fuzz.sh 600      # the ten minutes a target that a change to a parser deserves
# Each target starts from its seeds (the handbook's pages, the test fixtures, or
# fuzz/seeds/<target>/) and every input that ever crashed it (fuzz/regressions/<target>/),
# and writes what it finds to a scratch corpus. A crash fails the run and leaves its input in fuzz/artifacts/<target>/: keep it in
# fuzz/regressions/<target>/, where tests/suite/fuzz_regressions.rs runs it with every test run.
#
# Needs cargo-fuzz (installed here if missing) and libFuzzer's nightly flags, which a stable
# toolchain accepts with RUSTC_BOOTSTRAP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
export RUSTC_BOOTSTRAP=1

# libfuzzer-sys compiles libFuzzer itself, which takes a C++ compiler.
if ! command -v c++ >/dev/null; then
  echo "== installing a C++ compiler (for libFuzzer)"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq g++; else sudo apt-get update -qq && sudo apt-get install -y -qq g++; fi
fi
if ! command -v cargo-fuzz >/dev/null; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --version 0.13.2 --locked
fi
# cargo fuzz has no --locked: check that fuzz/Cargo.lock is current before it builds.
cargo metadata --locked --format-version 1 --manifest-path fuzz/Cargo.toml >/dev/null

cd fuzz
targets=$(cargo fuzz list)
cargo fuzz build
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# Where each target's first inputs come from (libFuzzer reads folders recursively).
seeds() {
  case "$1" in
    front_matter | page) echo ../content ;;
    book_toml) echo ../tests/fixtures ;;
    *) echo "seeds/$1" ;;
  esac
}
for target in $targets; do
  echo "== fuzz $target for ${seconds}s"
  mkdir -p "$scratch/$target"
  status=0
  cargo fuzz run "$target" "$scratch/$target" "$(seeds "$target")" "regressions/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    >"$scratch/$target.log" 2>&1 || status=$?
  # libFuzzer's progress lines stay in the log; what it found and how much it ran show here.
  grep -E "^(stat::number_of_executed_units|stat::new_units_added|Done )" "$scratch/$target.log" || true
  if [ "$status" != 0 ]; then
    tail -n 60 "$scratch/$target.log" >&2
    echo "fuzz: $target failed (exit $status); its input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
done
