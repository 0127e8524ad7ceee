#!/usr/bin/env bash
# Benchmark praxis against the physical floor and Hugo on generated corpora.
#
# usage: scripts/bench.sh [N ...]          (default: 1000 10000 100000)
#
# Builds release praxis and the examples, generates each corpus once with
# examples/gen_corpus.rs into $BENCH_ROOT/praxis-bench-N (kept and reused while complete and
# current), then times for each N, RUNS counted runs + WARMUP warm-up each, tools alternating
# run by run, a new output folder per run:
#   praxis  target/release/praxis build --root <corpus>/plain -o <out>
#   bare    target/release/praxis build --root <corpus>/bare -o <out>    (every template empty)
#   floor   target/release/examples/floor <corpus>/plain/content <out>   (walk + pulldown-cmark + write)
#   hugo    hugo --quiet -s <corpus>/hugo -d <out>                        (when hugo is on PATH)
# then, once per N, target/release/examples/write_floor on one praxis output: the same files
# written again from memory, RUNS times (the part of praxis's time that is the file system's),
# and prints a markdown report, also written to $RESULTS_DIR/summary.md. Needs the Rust
# toolchain and python3; hugo is optional (Debian/Ubuntu: apt-get install hugo).
#
# Environment (all optional):
#   BENCH_ROOT   where corpora go                              (default /tmp)
#   OUT_ROOT     where outputs go (default /dev/shm when it exists and has room, else BENCH_ROOT;
#                tmpfs keeps disk write and metadata noise out of the figures)
#   RESULTS_DIR  summary.md, per-run JSON and tool logs        (default $BENCH_ROOT/praxis-bench-results)
#   RUNS         counted runs per tool                         (default 5)
#   WARMUP       uncounted warm-up rounds                      (default 1)
#   SEED         corpus seed                                   (default 42)
#   HUGO         hugo binary                                   (default: hugo on PATH; HUGO= disables)
#   HUGO_MAX_N   skip Hugo above this N (default: skipped only where its memory need, ~230 KB per
#                page, would pass 80% of the available memory: N=100000 on a 24 GiB machine)
#   TIMEOUT      seconds allowed for one run                   (default 3600)
#
# Time on 2 cores, after compilation: N=1000 ~30 s; N=10000 ~4 minutes, nearly all of it Hugo
# (~20 s a build); N=100000 ~5 minutes with Hugo skipped for memory (praxis ~12 s a build).
# Corpora take 16 MB, 160 MB and 1.6 GB of disk; N=100000 takes ~20 s to generate.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_ROOT="${BENCH_ROOT:-/tmp}"
RESULTS_DIR="${RESULTS_DIR:-$BENCH_ROOT/praxis-bench-results}"
RUNS="${RUNS:-5}"
WARMUP="${WARMUP:-1}"
SEED="${SEED:-42}"
TIMEOUT="${TIMEOUT:-3600}"
HUGO="${HUGO-$(command -v hugo || true)}"
TARGET="${CARGO_TARGET_DIR:-$REPO/target}"
case "$TARGET" in /*) ;; *) TARGET="$REPO/$TARGET" ;; esac

[ $# -gt 0 ] || set -- 1000 10000 100000
for n in "$@"; do
  case "$n" in
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    ''|*[!0-9]*) echo "bench.sh: not a page count: $n" >&2; exit 2 ;;
  esac
done
command -v python3 >/dev/null || { echo "bench.sh: python3 is needed" >&2; exit 2; }

started=$(date +%s)
echo "== building release praxis and the examples" >&2
(cd "$REPO" && cargo build --release --locked --bin praxis --examples)
PRAXIS="$TARGET/release/praxis"
FLOOR="$TARGET/release/examples/floor"
WRITE_FLOOR="$TARGET/release/examples/write_floor"
GEN="$TARGET/release/examples/gen_corpus"
GENERATOR="$("$GEN" --version)"

mkdir -p "$BENCH_ROOT" "$RESULTS_DIR"
for n in "$@"; do
  dir="$BENCH_ROOT/praxis-bench-$n"
  manifest="$dir/manifest.json"
  if [ -f "$manifest" ] && grep -Eq "\"generator\": \"$GENERATOR\",?\$" "$manifest" \
     && grep -Eq "\"n_pages\": $n,?\$" "$manifest" && grep -Eq "\"seed\": $SEED,?\$" "$manifest"; then
    echo "== corpus N=$n: $dir (reused)" >&2
  else
    echo "== corpus N=$n: generating into $dir" >&2
    "$GEN" "$n" "$dir" --seed "$SEED" --force
  fi
done

version="$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown)"
args=(report --praxis "$PRAXIS" --floor "$FLOOR" --write-floor "$WRITE_FLOOR" --runs "$RUNS" --warmup "$WARMUP"
      --corpus-root "$BENCH_ROOT" --results "$RESULTS_DIR" --timeout "$TIMEOUT"
      --praxis-version "$("$PRAXIS" --version) ($version)")
[ -n "${OUT_ROOT:-}" ] && args+=(--out-root "$OUT_ROOT")
[ -n "$HUGO" ] && args+=(--hugo "$HUGO")
[ -n "${HUGO_MAX_N:-}" ] && args+=(--hugo-max-n "$HUGO_MAX_N")
python3 -S "$REPO/scripts/bench.py" "${args[@]}" "$@"
echo "bench.sh: done in $(( $(date +%s) - started )) s" >&2
