#!/usr/bin/env bash
# Installs what is missing, and is quick when everything is there.
#   scripts/setup.sh build   the tools to build the widget (Rust target, Trunk, wasm-bindgen, wasm-opt)
#   scripts/setup.sh test    those, plus Chromium and ChromeDriver for the browser tests and
#                            MkDocs Material (in e2e/.venv) for the docs-embedding test
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
what="${1:-build}"

say() { printf '==> %s\n' "$*"; }

command -v cargo >/dev/null || { echo "Rust (rustup) is needed: https://rustup.rs" >&2; exit 1; }
command -v npm >/dev/null || { echo "Node.js and npm are needed" >&2; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
fi
rustup component add rustfmt clippy >/dev/null 2>&1 || true

TRUNK_VERSION=0.21.14
if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION"; then
    say "installing trunk $TRUNK_VERSION (a few minutes, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli must be the exact version of the wasm-bindgen crate in Cargo.lock.
WBG_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WBG_VERSION"; then
    say "installing wasm-bindgen-cli $WBG_VERSION (a few minutes, once)"
    cargo install wasm-bindgen-cli --version "$WBG_VERSION"
fi

# wasm-opt (binaryen 132), playwright-core and axe-core, pinned in e2e/package-lock.json.
if ! (cd e2e && npm ls --silent binaryen playwright-core axe-core >/dev/null 2>&1); then
    say "installing the npm tools (binaryen, playwright-core, axe-core)"
    (cd e2e && npm ci --no-audit --no-fund)
fi

if [ "$what" = test ]; then
    if [ ! -x "$CHROMIUM" ] || [ ! -x "$CHROMEDRIVER" ]; then
        say "installing Debian's chromium and chromium-driver"
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
    fi

    # MkDocs Material for e2e/tests/mkdocs.test.mjs, in a virtual environment.
    MKDOCS_MATERIAL_VERSION=9.8.2
    if [ "$(e2e/.venv/bin/pip show mkdocs-material 2>/dev/null | sed -n "s/^Version: //p")" != "$MKDOCS_MATERIAL_VERSION" ]; then
        say "installing mkdocs-material $MKDOCS_MATERIAL_VERSION into e2e/.venv"
        if ! python3 -m venv e2e/.venv >/dev/null 2>&1; then
            rm -rf e2e/.venv
            sudo=""
            [ "$(id -u)" -eq 0 ] || sudo="sudo"
            $sudo apt-get update -qq
            $sudo apt-get install -y -qq python3-venv >/dev/null
            python3 -m venv e2e/.venv
        fi
        e2e/.venv/bin/pip install -q --disable-pip-version-check "mkdocs-material==$MKDOCS_MATERIAL_VERSION"
    fi
fi
