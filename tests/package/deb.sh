#!/usr/bin/env bash
# The Debian package, installed for real: checks its control fields against Cargo.toml, installs it
# with dpkg -i, checks the app, the CLI on PATH, the desktop entry and the icons, starts the
# installed app under Xvfb and reads its window, then removes it and checks nothing is left.
#
#   bash tests/package/deb.sh [path/to/package.deb]   (default: the newest under target/*/bundle/deb)
set -euo pipefail
cd "$(dirname "$0")/../.."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

deb="${1:-$(ls -t target/*/bundle/deb/*.deb 2>/dev/null | head -1)}"
[ -f "$deb" ] || { echo "deb: no package found; build one with scripts/package.sh" >&2; exit 1; }
fail() { echo "deb: FAIL: $*" >&2; exit 1; }
echo "deb: $deb"

version="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' Cargo.toml | head -1)"
[ -n "$version" ] || version="$(sed -n 's/^version *= *"\(.*\)"/\1/p' Cargo.toml | head -1)"
pkg="$(dpkg-deb -f "$deb" Package)"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "package version $(dpkg-deb -f "$deb" Version), Cargo.toml says $version"
dpkg-deb -f "$deb" Depends | grep -q libwebkit2gtk-4.1 || fail "Depends does not name libwebkit2gtk-4.1"
echo "deb: package $pkg $version"

cleanup() { $SUDO dpkg -r "$pkg" >/dev/null 2>&1 || true; }
trap cleanup EXIT
$SUDO dpkg -i "$deb"
files="$(dpkg -L "$pkg")"

app="/usr/bin/compliance-workbench"
[ -x "$app" ] || fail "$app is not installed"
command -v workbench >/dev/null || fail "the workbench CLI is not on PATH"
[ "$(command -v workbench)" = "/usr/bin/workbench" ] || fail "workbench on PATH is $(command -v workbench), not the package's"
workbench --version | grep -q "$version" || fail "workbench --version says '$(workbench --version)', expected $version"
desktop="$(printf '%s\n' "$files" | grep '^/usr/share/applications/.*\.desktop$' | head -1)"
[ -n "$desktop" ] || fail "no desktop entry in the package"
grep -q '^Exec=compliance-workbench' "$desktop" || fail "the desktop entry does not start compliance-workbench: $(grep ^Exec "$desktop")"
grep -q '^Name=Compliance Workbench' "$desktop" || fail "the desktop entry's name is $(grep ^Name "$desktop")"
icon="$(sed -n 's/^Icon=//p' "$desktop")"
printf '%s\n' "$files" | grep -q "/usr/share/icons/hicolor/.*/apps/$icon.png" || fail "no icon named $icon in the package"
echo "deb: installed $app, /usr/bin/workbench, $desktop, icon $icon"

# The installed app, not the build tree's, opens a register and draws its window.
xvfb-run -a --server-args="-screen 0 1280x900x24" node tests/e2e/installed.mjs "$app" /usr/bin/workbench

$SUDO dpkg -r "$pkg"
trap - EXIT
if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then fail "$pkg is still installed"; fi
left=""
while IFS= read -r f; do
  if [ -f "$f" ] || [ -L "$f" ]; then left="$left $f"; fi
done <<< "$files"
[ -z "$left" ] || fail "files left after dpkg -r:$left"
echo "deb: PASS: installed, ran, and removed cleanly"
