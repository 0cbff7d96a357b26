#!/usr/bin/env bash
# Every test of Compliance Workbench, from a fresh Debian 12 machine: installs
# what is missing, then runs the UI checks and unit tests, rustfmt and clippy,
# the library and CLI tests, builds the desktop app and its .deb, drives the app
# under Xvfb through tauri-driver and WebKitWebDriver, installs the .deb, runs
# and removes it, then fuzzes the importers briefly.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh --test
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n== %s\n' "$*"; }

step "UI: install, type check, unit tests, build"
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run check && npm test && npm run build)

step "Rust: format and lint"
if cargo fmt --version >/dev/null 2>&1; then
  cargo fmt --all --check
else
  echo "rustfmt is not installed; format check skipped"
fi
if cargo clippy --version >/dev/null 2>&1; then
  cargo clippy --workspace --all-targets -- -D warnings
else
  echo "clippy is not installed; lint skipped"
fi

step "Rust: library and CLI tests"
cargo test

step "Desktop: build and bundle the .deb (Tauri bundler, debug profile)"
bash scripts/package.sh --debug

step "End-to-end: the desktop app under Xvfb, driven through WebDriver"
WORKBENCH_APP=target/debug/compliance-workbench xvfb-run -a --server-args="-screen 0 1280x900x24" node tests/e2e/run.mjs

step "Package: install the .deb with dpkg, start the installed app, remove it"
bash tests/package/deb.sh

step "Fuzzing: each cargo-fuzz target for a bounded time (FUZZ_SECONDS, default 20)"
FUZZ_SECONDS="${FUZZ_SECONDS:-20}" bash scripts/fuzz.sh

step "All tests passed"
