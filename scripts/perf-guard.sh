#!/usr/bin/env bash
# CI performance guard: is praxis still within PERF_GUARD_MAX times the physical floor?
#
# usage: scripts/perf-guard.sh
#
# Builds release praxis and examples/floor.rs, generates a 1,000-page corpus
# (examples/gen_corpus.rs) into a temporary folder, then runs the floor and praxis
# alternately, RUNS times each after one warm-up, each run into a new output folder. Prints
# the median of the per-run wall-time ratios praxis/floor and exits 1 when it exceeds
# PERF_GUARD_MAX. A ratio of two programs timed side by side on the same machine, never an
# absolute time, so it holds on any CI runner. Needs the Rust toolchain and python3; under
# 10 seconds after compilation on 2 cores. Outputs on a disk rather than tmpfs make the floor
# slower and the ratio smaller. Measured on 2 cores in November 2026: median 4.4-4.9 on tmpfs
# (single runs 4.0-5.4), about 2 on ext4. The search index and code highlighting (issue 20,
# both on by default, work the floor does not do) took the median to 7.3 on 2026-12-03; a
# faster index brought it to 5.8-6.8 (three runs, 92f8928). On 2026-12-03 eight runs at
# the same code speed (an A/B of the last two commits: 0.98) read 6.0-7.7 and once 8.66,
# with praxis's runs bimodal on a loaded machine (0.12 s or 0.20-0.23 s). The limit, 10,
# leaves that noise room and still fails a change that makes praxis 1.5 times slower.
#
# Environment (all optional):
#   PERF_GUARD_MAX  largest accepted ratio praxis/floor      (default 10)
#   RUNS            runs per tool                            (default 7)
#   PAGES           corpus size                              (default 1000)
#   OUT_ROOT        where outputs go (default /dev/shm when it has room, else the temporary folder)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PERF_GUARD_MAX="${PERF_GUARD_MAX:-10}"
RUNS="${RUNS:-7}"
PAGES="${PAGES:-1000}"
TARGET="${CARGO_TARGET_DIR:-$REPO/target}"
case "$TARGET" in /*) ;; *) TARGET="$REPO/$TARGET" ;; esac

started=$(date +%s)
(cd "$REPO" && cargo build --release --locked --bin praxis --example floor --example gen_corpus)
compiled=$(date +%s)

work="$(mktemp -d "${TMPDIR:-/tmp}/praxis-perf-guard.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$TARGET/release/examples/gen_corpus" "$PAGES" "$work/corpus"

args=(guard --praxis "$TARGET/release/praxis" --floor "$TARGET/release/examples/floor"
      --corpus "$work/corpus" --runs "$RUNS" --max "$PERF_GUARD_MAX" --timeout 600)
[ -n "${OUT_ROOT:-}" ] && args+=(--out-root "$OUT_ROOT")
status=0
python3 -S "$REPO/scripts/bench.py" "${args[@]}" || status=$?
echo "perf-guard: $(( $(date +%s) - compiled )) s after $(( compiled - started )) s of compilation" >&2
exit "$status"
