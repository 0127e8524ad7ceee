#!/usr/bin/env bash
# Benchmark `praxis serve`: save-to-served latency and resident memory on a generated corpus.
#
# usage: scripts/serve-bench.sh [N]          (default: 10000)
#
# Builds release praxis and the examples, generates the corpus with examples/gen_corpus.rs
# into $BENCH_ROOT/praxis-bench-N (or reuses it: the same folders and completeness check as
# scripts/bench.sh, so both scripts share corpora), copies its plain/ site to a scratch folder
# (the edits never touch the cached corpus), and runs target/release/examples/serve_latency:
#   - 20 body edits of best-practice pages: save -> reload event, save -> page served with the edit
#   - 20 title edits (these also change other pages' sidebars, cards and backlinks)
#   - a soak of SOAK body edits back to back, reading serve's VmRSS every 100 edits
# The markdown report is printed and written to $RESULTS_DIR/serve-N.md, with a JSON summary
# in $RESULTS_DIR/serve-N.json. The scratch copy is removed afterwards. Exit status 1 when a
# goal (median <= 30 ms, p95 <= 100 ms, RSS <= 400 MiB and steady) is missed. Needs the
# Rust toolchain and Linux (/proc).
#
# Environment (all optional):
#   BENCH_ROOT   where corpora go                              (default /tmp)
#   OUT_ROOT     where the scratch copy goes (default /dev/shm when it exists and has room,
#                else BENCH_ROOT)
#   RESULTS_DIR  serve-N.md and serve-N.json                   (default $BENCH_ROOT/praxis-bench-results)
#   SEED         corpus seed                                   (default 42)
#   EDITS        measured edits of each kind                   (default 20)
#   SOAK         soak edits                                    (default 1000)
#   EDIT_SEED    seed choosing which pages are edited          (default 1)
#   COMMIT       the version shown in the report               (default: git describe of this checkout)
#
# Time on 2 cores, after compilation: N=1000 ~1 minute; N=10000 a few minutes (the first build
# in memory, then the edits; the soak is bounded by serve's rebuild time).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_ROOT="${BENCH_ROOT:-/tmp}"
RESULTS_DIR="${RESULTS_DIR:-$BENCH_ROOT/praxis-bench-results}"
SEED="${SEED:-42}"
EDITS="${EDITS:-20}"
SOAK="${SOAK:-1000}"
EDIT_SEED="${EDIT_SEED:-1}"
TARGET="${CARGO_TARGET_DIR:-$REPO/target}"
case "$TARGET" in /*) ;; *) TARGET="$REPO/$TARGET" ;; esac

n="${1:-10000}"
case "$n" in
  -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
  ''|*[!0-9]*) echo "serve-bench.sh: not a page count: $n" >&2; exit 2 ;;
esac
[ $# -le 1 ] || { echo "serve-bench.sh: one page count at a time" >&2; exit 2; }
for v in EDITS SOAK EDIT_SEED; do
  case "${!v}" in ''|*[!0-9]*) echo "serve-bench.sh: $v is not a number: ${!v}" >&2; exit 2 ;; esac
done

started=$(date +%s)
echo "== building release praxis and the examples" >&2
(cd "$REPO" && cargo build --release --locked --bin praxis --examples)
PRAXIS="$TARGET/release/praxis"
GEN="$TARGET/release/examples/gen_corpus"
LATENCY="$TARGET/release/examples/serve_latency"
GENERATOR="$("$GEN" --version)"

mkdir -p "$BENCH_ROOT" "$RESULTS_DIR"
dir="$BENCH_ROOT/praxis-bench-$n"
manifest="$dir/manifest.json"
if [ -f "$manifest" ] && grep -Eq "\"generator\": \"$GENERATOR\",?\$" "$manifest" \
   && grep -Eq "\"n_pages\": $n,?\$" "$manifest" && grep -Eq "\"seed\": $SEED,?\$" "$manifest"; then
  echo "== corpus N=$n: $dir (reused)" >&2
else
  echo "== corpus N=$n: generating into $dir" >&2
  "$GEN" "$n" "$dir" --seed "$SEED" --force
fi

# The scratch copy: on tmpfs when there is room for twice the site, so disk noise stays out.
need_kb=$(( $(du -sk "$dir/plain" | cut -f1) * 2 ))
if [ -z "${OUT_ROOT:-}" ]; then
  OUT_ROOT="$BENCH_ROOT"
  if [ -d /dev/shm ] && [ -w /dev/shm ] \
     && [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt "$need_kb" ]; then
    OUT_ROOT=/dev/shm
  fi
fi
scratch="$(mktemp -d "$OUT_ROOT/praxis-serve-bench-$n.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
echo "== copying $dir/plain to $scratch" >&2
cp -a "$dir/plain" "$scratch/plain"

report="$RESULTS_DIR/serve-$n.md"
json="$RESULTS_DIR/serve-$n.json"
version="${COMMIT:-$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown)}"
{
  echo "## praxis serve, N=$n"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- praxis: $("$PRAXIS" --version) ($version)"
  echo "- corpus: $dir (seed $SEED, $GENERATOR), edited copy in $OUT_ROOT"
  echo "- machine: $(nproc) CPUs, $(free -h | awk '/^Mem:/ { print $2 }') memory, Linux $(uname -r)"
  echo "- edits: $EDITS body + $EDITS title, soak $SOAK, edit seed $EDIT_SEED"
  echo "- load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
} > "$report"

echo "== running serve_latency" >&2
status=0
"$LATENCY" --praxis "$PRAXIS" --site "$scratch/plain" --edits "$EDITS" --soak "$SOAK" \
  --seed "$EDIT_SEED" --json "$json" >> "$report" || status=$?
cat "$report"
echo "serve-bench.sh: report in $report; done in $(( $(date +%s) - started )) s" >&2
exit "$status"
