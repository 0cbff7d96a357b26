#!/usr/bin/env bash
# Builds the Debian package with the Tauri bundler: the desktop app (icon, desktop entry) and the
# `workbench` CLI beside it in /usr/bin, versioned from Cargo.toml.
#
#   bash scripts/package.sh            release build  -> target/release/bundle/deb/*.deb
#   bash scripts/package.sh --debug    debug build    -> target/debug/bundle/deb/*.deb (what CI tests)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

profile=release
cargo_flags=(--release)
tauri_flags=()
if [ "${1:-}" = "--debug" ]; then
  profile=debug
  cargo_flags=()
  tauri_flags=(--debug)
fi
root="$(pwd)"

[ -x ui/node_modules/.bin/tauri ] || (cd ui && npm ci --no-audit --no-fund --loglevel=error)
(cd ui && npm run build)
cargo build "${cargo_flags[@]}" -p workbench --bin workbench
# The CLI's path depends on the profile, so it is given here rather than in tauri.conf.json.
override="{\"bundle\":{\"linux\":{\"deb\":{\"files\":{\"/usr/bin/workbench\":\"$root/target/$profile/workbench\"}}}}}"
rm -rf "target/$profile/bundle/deb"
ui/node_modules/.bin/tauri build "${tauri_flags[@]}" --bundles deb --config "$override" --ci
ls -1 "target/$profile/bundle/deb/"*.deb
