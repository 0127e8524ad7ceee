#!/bin/sh
# The project's one test command: makes sure the browser tests have Chromium and chromedriver,
# then runs the whole suite. Arguments go to `cargo test`, e.g. `scripts/test.sh browser::`.
#
# The browser tests (tests/suite/browser.rs) drive /usr/bin/chromium through chromedriver and
# fail, rather than skip, when either is missing. As root on Debian or Ubuntu this script
# installs both with apt-get; otherwise it says how to, and runs the tests anyway.
set -eu
cd "$(dirname "$0")/.."

missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v chromedriver >/dev/null 2>&1 || missing="$missing chromium-driver"

if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "scripts/test.sh: installing$missing for the browser tests" >&2
        apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y $missing
    else
        echo "scripts/test.sh: the browser tests need$missing, and will fail without it." >&2
        echo "Install with: sudo apt-get update && sudo apt-get install -y chromium chromium-driver" >&2
    fi
fi

exec cargo test --locked "$@"
