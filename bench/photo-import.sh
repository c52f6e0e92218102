#!/usr/bin/env bash
# Photo import beside vipsthumbnail, in one run on the same files: the real photos from
# scripts/fetch-photos.sh plus a 24-megapixel photo derived from one of them with EXIF
# orientation 6. Ours: the release `toasoan photo import` of all of them into a fresh library
# (three renditions each, 2048/1024/320, quality 82). Theirs: `vipsthumbnail` making the same
# three renditions, three calls per file, one after the other. Prints both wall times and peak
# memories (ours: the import process; vips: the largest single call) and their ratios.
# Budgets: ours ≤ 0.20 × vips's wall time, peak ≤ 2.5 × vips's peak. Exit 1 when one is missed.
# Usage: bench/photo-import.sh   (scripts/bench runs it)
source "$(dirname "$0")/../scripts/setup.sh"

need_apt "${APP_PACKAGES[@]}" libvips-tools time
need_rust
cd "$ROOT"

say "Building the release CLI and the 24-megapixel photo maker"
cargo build --release --locked -p toasoan-cli
cargo build --release --locked -p toasoan-photos --example derive_24mp
photos=$(bash scripts/fetch-photos.sh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in" "$work/vips"
target/release/examples/derive_24mp "$photos/elephants-5640x3172.jpg" "$work/in/derived-6000x4000-o6.jpg"
files=("$photos"/*.jpg "$work/in/derived-6000x4000-o6.jpg")
n=${#files[@]}
# Read once so neither side pays for the first read from disk.
cat "${files[@]}" >/dev/null

say "Ours: toasoan photo import, $n photos, 3 renditions each"
/usr/bin/time -f '%e %M' -o "$work/ours.time" \
  target/release/toasoan --data-dir "$work/data" photo import "${files[@]}" --json >"$work/ours.json"
imported=$(grep -c '"photo_id": [0-9]' "$work/ours.json" || true)
[ "$imported" -eq "$n" ] || die "imported $imported of $n photos: $(cat "$work/ours.json")"
renditions=$(find "$work/data/photos/renditions" -name '*.jpg' | wc -l)
[ "$renditions" -eq $((3 * n)) ] || die "$renditions renditions, expected $((3 * n))"

say "vipsthumbnail: the same $n photos, 3 calls each ([Q=82,strip])"
# -s N bounds width and height to N: the long edge is N, as ours. EXIF orientation is applied.
# One script, timed whole like ours; each call also timed alone for its peak memory.
for f in "${files[@]}"; do
  for s in 2048 1024 320; do
    printf "/usr/bin/time -f '%%M' -a -o %q vipsthumbnail %q -s %s -o %q\n" "$work/vips.peaks" "$f" "$s" \
      "$work/vips/$(basename "$f" .jpg)-$s.jpg[Q=82,strip]"
  done
done >"$work/vips.sh"
/usr/bin/time -f '%e %M' -o "$work/vips.time" bash -e "$work/vips.sh"
[ "$(find "$work/vips" -name '*.jpg' | wc -l)" -eq $((3 * n)) ] || die "vipsthumbnail made too few files"

read -r ours_wall ours_peak <"$work/ours.time"
read -r vips_wall _ <"$work/vips.time"
vips_peak=$(sort -n "$work/vips.peaks" | tail -n1)
awk -v ow="$ours_wall" -v vw="$vips_wall" -v op="$ours_peak" -v vp="$vips_peak" -v n="$n" -v cores="$(nproc)" '
BEGIN {
  t = ow / vw; m = op / vp
  printf "photos: %d, cores: %d\n", n, cores
  printf "wall time   ours %6.2f s   vipsthumbnail %6.2f s   ratio %.3f (budget <= 0.20)\n", ow, vw, t
  printf "peak memory ours %6.0f MiB vipsthumbnail %6.0f MiB ratio %.2f (budget <= 2.5)\n", op / 1024, vp / 1024, m
  ok = (t <= 0.20 && m <= 2.5)
  print ok ? "within budget" : "OVER BUDGET"
  exit ok ? 0 : 1
}'
