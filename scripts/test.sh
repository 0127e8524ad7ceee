#!/bin/sh
# The project's one test command: installs what the browser and validity tests need
# (scripts/test-tools.sh: Chromium, chromedriver, Java, the W3C Nu checker, axe-core), then
# runs the whole suite. Arguments go to `cargo test`, e.g. `scripts/test.sh reader::`.
#
# The tests that need one of those tools (tests/suite/browser.rs, reader.rs, accessibility.rs,
# nu_checker.rs) say so and skip when it is missing, and fail instead with CI=true, as CI runs
# them. Run this as root (or with sudo available) on Debian or Ubuntu to install everything.
set -eu
cd "$(dirname "$0")/.."

scripts/test-tools.sh || echo "scripts/test.sh: some test tools could not be installed; the tests that need them skip, or fail with CI=true" >&2

exec cargo test --locked "$@"
