#!/usr/bin/env bash
# The broken-links benchmark: how much longer a build takes when many links are broken.
#
# usage: scripts/bench-broken-links.sh
#
# Builds release praxis and the examples gen_corpus and broken_links, generates a PAGES-page
# corpus, and from it two sites (examples/broken_links.rs): the same pages with LINKS extra
# links, broken in one and fixed in the other (`broken = "warn"` in both, so both build).
# Builds each RUNS times after one warm-up, alternately, each run into a new output folder,
# diagnostics to /dev/null, and prints the median wall time of each and the ratio
# broken / fixed (the median of the per-run ratios). The goal is a ratio under 1.5.
# Needs the Rust toolchain and python3.
#
# Environment (all optional):
#   PAGES     corpus size                 (default 600)
#   LINKS     extra links, all broken     (default 3600)
#   RUNS      counted runs per site       (default 7)
#   OUT_ROOT  where sites and outputs go  (default /dev/shm when it exists, else the temporary folder)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PAGES="${PAGES:-600}"
LINKS="${LINKS:-3600}"
RUNS="${RUNS:-7}"
TARGET="${CARGO_TARGET_DIR:-$REPO/target}"
case "$TARGET" in /*) ;; *) TARGET="$REPO/$TARGET" ;; esac
if [ -z "${OUT_ROOT:-}" ]; then
  if [ -d /dev/shm ]; then OUT_ROOT=/dev/shm; else OUT_ROOT="${TMPDIR:-/tmp}"; fi
fi

(cd "$REPO" && cargo build --release --locked --bin praxis --example gen_corpus --example broken_links)

work="$(mktemp -d "$OUT_ROOT/praxis-broken-links.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$TARGET/release/examples/gen_corpus" "$PAGES" "$work/corpus"
"$TARGET/release/examples/broken_links" "$work/corpus/plain" "$work" --links "$LINKS"

python3 -S - "$TARGET/release/praxis" "$work" "$RUNS" "$PAGES" "$LINKS" <<'PY'
import statistics, subprocess, sys, time
praxis, work, runs, pages, links = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]

def build(site, n):
    out = f"{work}/out-{site}-{n}"
    started = time.perf_counter()
    done = subprocess.run([praxis, "build", "--root", f"{work}/{site}", "-o", out],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"praxis build {site} failed:\n{done.stderr[-2000:]}")
    subprocess.run(["rm", "-rf", out])
    return took, done.stderr.count("warning:")

build("broken", "warm"); build("fixed", "warm")
times = {"broken": [], "fixed": []}
for n in range(runs):
    for site in ("broken", "fixed"):
        took, warnings = build(site, n)
        times[site].append(took)
        if n == 0:
            print(f"{site}: {warnings} warnings", file=sys.stderr)
ratios = [b / f for b, f in zip(times["broken"], times["fixed"])]
b, f = statistics.median(times["broken"]), statistics.median(times["fixed"])
print(f"{pages} pages, {links} broken links, {runs} runs each")
print(f"fixed   median {f:.3f} s  (min {min(times['fixed']):.3f}, max {max(times['fixed']):.3f})")
print(f"broken  median {b:.3f} s  (min {min(times['broken']):.3f}, max {max(times['broken']):.3f})")
print(f"broken / fixed: {statistics.median(ratios):.2f} (median of per-run ratios)")
PY
