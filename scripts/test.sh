#!/usr/bin/env bash
# Every test: formatting, lints, the native tests of every crate.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "toolchain"
rustup component add rustfmt clippy >/dev/null 2>&1 || true

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (native, every target)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test (native)"
cargo test --workspace --locked

step "all tests passed"
