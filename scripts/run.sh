#!/usr/bin/env bash
# Installs what is needed on Debian 12, builds the UI and the desktop app, and
# starts it on the default register (created from data/ on first start, in the
# platform data directory; set WORKBENCH_DB to use another file).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run build)
cargo build -p workbench-desktop
exec ./target/debug/workbench-desktop
