#!/usr/bin/env bash
# The cost of praxis's search index on the 10,000-page bench corpus: the build with the
# index against the same build without it, and what one query costs a reader in Chromium.
#
# usage: scripts/bench-search.sh [PAGES]          (default 10000)
#
# 1. Builds release praxis and examples/gen_corpus, and generates the corpus (kept in
#    $BENCH_ROOT/praxis-search-PAGES while complete).
# 2. Build cost: `praxis build` of the corpus with `[search] enabled` (its book.toml) and of
#    a copy of its book.toml with `[search] enabled = false` reading the same content, in
#    interleaved rounds (on off on off …), each timed by /usr/bin/time (wall time and peak
#    RSS); prints the medians, their ratios, and the spread.
# 3. Reader cost: the browser test search_browser::one_query… in release mode with
#    PRAXIS_SEARCH_SITE set to the corpus: `praxis serve` serves it, headless Chromium types
#    three queries a key at a time, and the test asserts ≤ 150 kB loaded (script, stylesheet,
#    index, shards, records; resource timing's decoded sizes) and ≤ 100 ms from each
#    keystroke to its results, and prints both.
#
# Environment: BENCH_ROOT (default /tmp), OUT_ROOT (default /dev/shm if present), ROUNDS
# (default 7). Needs the Rust toolchain, python3, chromium and chromedriver.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PAGES="${1:-10000}"
BENCH_ROOT="${BENCH_ROOT:-/tmp}"
ROUNDS="${ROUNDS:-7}"
if [ -z "${OUT_ROOT:-}" ]; then
  if [ -d /dev/shm ]; then OUT_ROOT=/dev/shm; else OUT_ROOT="$BENCH_ROOT"; fi
fi
TARGET="${CARGO_TARGET_DIR:-$REPO/target}"
corpus="$BENCH_ROOT/praxis-search-$PAGES"

(cd "$REPO" && cargo build --release --locked --bin praxis --example gen_corpus)
if [ ! -f "$corpus/manifest.json" ]; then
  rm -rf "$corpus"
  "$TARGET/release/examples/gen_corpus" "$PAGES" "$corpus"
fi
off="$corpus/no-search"
mkdir -p "$off"
{ sed 's|^\[book\]|[build]\ncontent-dir = "../plain/content"\n\n[book]|' "$corpus/plain/book.toml"
  printf '\n[search]\nenabled = false\n'; } > "$off/book.toml"

times="$OUT_ROOT/praxis-search-times.txt"
: > "$times"
for round in $(seq 1 "$ROUNDS"); do
  for variant in on off; do
    root="$corpus/plain"; [ "$variant" = off ] && root="$off"
    out="$OUT_ROOT/praxis-search-out-$variant"
    rm -rf "$out"
    /usr/bin/time -f "$variant %e %M" -a -o "$times" \
      "$TARGET/release/praxis" build --root "$root" -o "$out" > /dev/null
  done
  echo "round $round of $ROUNDS done" >&2
done
files_on=$(find "$OUT_ROOT/praxis-search-out-on/search-index" -type f | wc -l)
bytes_on=$(du -sb "$OUT_ROOT/praxis-search-out-on/search-index" | cut -f1)
rm -rf "$OUT_ROOT/praxis-search-out-on" "$OUT_ROOT/praxis-search-out-off"
python3 - "$times" "$files_on" "$bytes_on" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
wall = {v: [float(r[1]) for r in rows if r[0] == v] for v in ("on", "off")}
rss = {v: [int(r[2]) for r in rows if r[0] == v] for v in ("on", "off")}
pairs = [a / b for a, b in zip(wall["on"], wall["off"])]
med = statistics.median
print(f"build with search:    {med(wall['on']):.3f} s, peak RSS {med(rss['on']) / 1024:.1f} MiB")
print(f"build without search: {med(wall['off']):.3f} s, peak RSS {med(rss['off']) / 1024:.1f} MiB")
print(f"wall-time ratio (median of {len(pairs)} paired rounds): {med(pairs):.3f} "
      f"(spread {min(pairs):.3f}-{max(pairs):.3f})")
print(f"peak-memory difference: {(med(rss['on']) - med(rss['off'])) / 1024:.1f} MiB")
print(f"index: {sys.argv[2]} files, {int(sys.argv[3]) / 1e6:.1f} MB")
PY

cd "$REPO"
PRAXIS_SEARCH_SITE="$corpus/plain" cargo test --release --locked --test suite \
  search_browser::one_query_on_a_large_corpus_stays_within_the_transfer_and_time_budgets \
  -- --nocapture 2>&1 | grep -E "search budget|panicked|test result"
