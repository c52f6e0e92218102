# Installs what Tòa Soạn needs on a Debian/Ubuntu machine; sourced by scripts/run and scripts/test.
# Every step checks first, so running it twice does nothing the second time.

set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "run as root or install sudo: $*"; fi
}

# Packages to build and run the window (WebKitGTK 4.1), and to test it (Xvfb, WebKitWebDriver).
# Photos: cmake and nasm build libjpeg-turbo 3 (SIMD) from the turbojpeg crate's source; libheif
# decodes HEIC (Debian's libheif1 carries the HEVC decoder and encoder); exiftool reads the
# renditions' metadata in the photo tests.
# libdbus-1-dev: the keyring crate talks to the Secret Service over D-Bus.
APP_PACKAGES=(build-essential pkg-config curl file libwebkit2gtk-4.1-dev libxdo-dev libssl-dev librsvg2-dev cmake nasm libheif-dev libdbus-1-dev)
# xdotool answers the native file dialog in the end-to-end photo import test. The portal tests
# run Debian's WordPress on MariaDB under PHP's own server (tests/portal/wordpress.sh), and keep
# the portal passwords in a real keyring: gnome-keyring on a private D-Bus session.
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver libimage-exiftool-perl xdotool
  wordpress mariadb-server php-cli php-mysql gnome-keyring libsecret-tools dbus openssl)

need_apt() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "apt-get not found: install ${missing[*]} with your package manager"
  say "Installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

version_at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

need_rust() {
  if ! command -v cargo >/dev/null; then
    say "Installing Rust with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  local v
  v=$(rustc --version | awk '{print $2}')
  version_at_least "$v" 1.90.0 || { command -v rustup >/dev/null && rustup update stable; } || die "Rust $v is too old: 1.90 or newer is needed"
  cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
}

need_node() {
  if ! command -v node >/dev/null; then
    need_apt nodejs npm
  fi
  local v
  v=$(node --version | tr -d v)
  version_at_least "$v" 20.19.0 || die "Node.js $v is too old: install Node.js 20.19 or newer (e.g. from NodeSource), then run this again"
}

need_ui_packages() {
  # npm ci only when the lock file changed since the last install.
  if [ ! -f "$ROOT/ui/node_modules/.package-lock.json" ] || [ "$ROOT/ui/package-lock.json" -nt "$ROOT/ui/node_modules/.package-lock.json" ]; then
    say "Installing the UI's npm packages"
    (cd "$ROOT/ui" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

need_tauri_driver() {
  command -v tauri-driver >/dev/null && return 0
  say "Installing tauri-driver"
  cargo install tauri-driver --locked --version 2.1.0
}

build_ui() {
  say "Building the UI"
  (cd "$ROOT/ui" && npm run build --silent)
}
