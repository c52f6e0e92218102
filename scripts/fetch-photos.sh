#!/usr/bin/env bash
# (The photo benchmarks and tests of issue 4 use it; kept in the project so nothing reads ../shared.)
# Puts real camera-size JPEG photos from Debian's wallpaper packages into a folder and prints it.
# Usage: fetch-photos.sh [DIR]   (default: ${XDG_CACHE_HOME:-$HOME/.cache}/toasoan-sample-photos)
# Idempotent: a folder that already holds the photos is reused. Needs apt-get and dpkg-deb.
set -euo pipefail
dir=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/toasoan-sample-photos}
mkdir -p "$dir"
if [ "$(find "$dir" -maxdepth 1 -name '*.jpg' | wc -l)" -ge 6 ]; then echo "$dir"; exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download mate-backgrounds plasma-workspace-wallpapers >/dev/null 2>&1 || {
  apt-get update >/dev/null 2>&1 && apt-get download mate-backgrounds plasma-workspace-wallpapers >/dev/null
}
for deb in *.deb; do dpkg-deb -x "$deb" x; done
cp x/usr/share/backgrounds/mate/abstract/Elephants_5640x3172.jpg "$dir/elephants-5640x3172.jpg"
for name in Flow SafeLanding Volna Shell Honeywave; do
  cp "x/usr/share/wallpapers/$name/contents/images/5120x2880.jpg" "$dir/$(echo "$name" | tr 'A-Z' 'a-z')-5120x2880.jpg"
done
cp x/usr/share/wallpapers/SafeLanding/contents/images/1622x2880.jpg "$dir/safelanding-portrait-1622x2880.jpg"
echo "$dir"
