#!/usr/bin/env bash
# Every test: formatting and lints, the native tests of every crate, the
# component tests in headless Chromium, the release build, and the
# end-to-end tests against it served over HTTP.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
source scripts/env.sh

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (native, every target; the widget for wasm32 too)"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p smtp-triage-web --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

step "cargo test (native)"
cargo test --workspace --locked

step "component tests (wasm-bindgen-test in headless Chromium)"
cargo test -p smtp-triage-web --target wasm32-unknown-unknown --locked

step "release build (trunk)"
trunk build

step "end-to-end tests (playwright-core, headless Chromium)"
(cd e2e && node --test --test-concurrency=1 tests/)

step "all tests passed"
