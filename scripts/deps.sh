#!/usr/bin/env bash
# Installs what building and testing Compliance Workbench needs on Debian 12:
# WebKitGTK for the desktop shell, Xvfb + WebKitWebDriver + tauri-driver for the
# end-to-end tests, poppler for reading PDFs back, Noto CJK for Chinese in PDFs,
# Node.js for the UI.
# Idempotent: does nothing that is already done.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need_apt=()
for pkg in libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev \
           xvfb xauth webkit2gtk-driver poppler-utils fonts-noto-cjk; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if ! command -v node >/dev/null 2>&1; then need_apt+=(nodejs npm); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "deps: installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v cargo >/dev/null 2>&1; then
  echo "deps: cargo is not on PATH or in ~/.cargo/bin; install the Rust toolchain (rustup) first" >&2
  exit 2
fi
if [ "${1:-}" = "--test" ] && ! command -v tauri-driver >/dev/null 2>&1; then
  echo "deps: installing tauri-driver"
  cargo install tauri-driver --locked --quiet
fi
