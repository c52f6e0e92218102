#!/usr/bin/env bash
# Pushing to the portal beside plain curl, in one run against the test WordPress
# (tests/portal/wordpress.sh): 20 approved posts with 5 photos each (one featured, four inline).
# Ours: the release `toasoan sync run`, timed whole. Theirs: a plain script making the same
# HTTP requests with curl, one after the other: the REST index, for each photo a look-up by
# slug and the upload of the same 2048-px rendition, the category look-up, each post's create
# with its content, and the read of what changed. Prints both wall times and the ratio.
# Budget: ours ≤ 1.1 × curl's. Exit 1 when missed.
# Usage: bench/portal-push.sh   (scripts/bench runs it)
source "$(dirname "$0")/../scripts/setup.sh"

need_apt "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}" jq
need_rust
cd "$ROOT"

say "Building the release CLI; starting the test WordPress"
cargo build --release --locked -p toasoan-cli
site=$(tests/portal/wordpress.sh start)
url=$(jq -r .url "$site")
account=bientap
app_password=$(jq -r ".accounts.$account.password" "$site")
category_id=$(jq -r '.categories["Kinh tế - chính trị"]' "$site")
photos=$(bash scripts/fetch-photos.sh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run=$(date +%s)
toasoan() { target/release/toasoan --data-dir "$work/data" "$@"; }
export TOASOAN_PASSWORD=bench-password

say "Preparing 20 posts with 5 photos each (not timed)"
mkdir -p "$work/in"
sources=("$photos"/*.jpg)
for i in $(seq 1 100); do
  # Distinct files (bytes after the JPEG's end are ignored by decoders): 100 photos to upload.
  cp "${sources[$((i % ${#sources[@]}))]}" "$work/in/p$i.jpg"
  printf 'toasoan-bench-%s-%s' "$run" "$i" >>"$work/in/p$i.jpg"
done
tests/portal/with-keyring.sh bash -euo pipefail -c '
  toasoan() { target/release/toasoan --data-dir "$0/data" "$@"; }
  work=$0 url=$1 app_password=$2 account=$3
  printf "%s\n" "$TOASOAN_PASSWORD" | toasoan user add bench --role editor --role supervisor --password-stdin >/dev/null
  printf "%s\n%s\n" "$app_password" "$TOASOAN_PASSWORD" |
    toasoan portal set --url "$url" --user "$account" --as bench --password-stdin >/dev/null
  toasoan photo import "$work"/in/*.jpg --as bench --json >"$work/photos.json"
  ids=($(jq -r ".items[].photo_id" "$work/photos.json"))
  [ ${#ids[@]} -eq 100 ] || { echo "imported ${#ids[@]} of 100 photos"; exit 1; }
  for p in $(seq 0 19); do
    body="$work/body-$p.html"
    : >"$body"
    for k in 1 2 3 4; do
      id=${ids[$((p * 5 + k))]}
      printf "<p>Đoạn %s của bài %s: hội nghị tổng kết công tác dân vận năm 2019.</p><figure data-photo-id=\"%s\"><img src=\"photo://localhost/%s/1024\" alt=\"Ảnh %s\"><figcaption>Ảnh %s của bài %s</figcaption></figure>\n" \
        "$k" "$p" "$id" "$id" "$k" "$k" "$p" >>"$body"
    done
    post=$(toasoan post new --title "Bài đo tốc độ $p" --body-file "$body" --category "Kinh tế - chính trị" --as bench)
    toasoan post edit "$post" --featured-photo "${ids[$((p * 5))]}" --as bench >/dev/null
    toasoan review submit "$post" --as bench >/dev/null
    toasoan review approve "$post" --as bench >/dev/null
  done
  # The 2048-px rendition of each photo: what both sides upload.
  for id in "${ids[@]}"; do
    toasoan photo show "$id" --json | jq -r ".photo.renditions[0].path // .renditions[0].path"
  done >"$work/renditions.txt"
  say() { :; }
  start=$(date +%s.%N)
  toasoan sync run --json >"$work/ours.json"
  end=$(date +%s.%N)
  echo "$start $end" >"$work/ours.time"
' "$work" "$url" "$app_password" "$account"
sent=$(jq '[.items[] | select(.remote_status == "publish")] | length' "$work/ours.json")
[ "$sent" -eq 20 ] || die "ours published $sent of 20 posts: $(head -c 2000 "$work/ours.json")"

say "curl: the same requests, one process each"
mapfile -t renditions <"$work/renditions.txt"
api="$url/wp-json"
auth="$account:$app_password"
start=$(date +%s.%N)
curl -fsS -u "$auth" -o /dev/null "$api/"
curl -fsS -u "$auth" -o /dev/null "$api/wp/v2/categories?search=Kinh%20t%E1%BA%BF&per_page=100"
for p in $(seq 0 19); do
  content=""
  featured=""
  for k in 0 1 2 3 4; do
    file=${renditions[$((p * 5 + k))]}
    slug="curl-$run-$p-$k"
    curl -fsS -u "$auth" -o /dev/null "$api/wp/v2/media?slug=$slug&context=edit"
    media=$(curl -fsS -u "$auth" -H "Content-Type: image/jpeg" -H "Content-Disposition: attachment; filename=\"$slug.jpg\"" \
      --data-binary "@$file" "$api/wp/v2/media?slug=$slug&title=$slug&caption=Anh&alt_text=Anh&description=")
    if [ "$k" -eq 0 ]; then
      featured=$(jq -r .id <<<"$media")
    else
      src=$(jq -r .source_url <<<"$media")
      content+="<p>Đoạn $k của bài $p: hội nghị tổng kết công tác dân vận năm 2019.</p><figure><img src=\"$src\" class=\"wp-image-$(jq -r .id <<<"$media")\" alt=\"Ảnh $k\"><figcaption>Ảnh $k của bài $p</figcaption></figure>"
    fi
  done
  jq -n --arg t "Bài curl $p" --arg c "$content" --arg s "curl-$run-bai-$p" --argjson f "$featured" --argjson cat "$category_id" \
    '{title: $t, content: $c, excerpt: "", slug: $s, status: "publish", categories: [$cat], featured_media: $f}' >"$work/post.json"
  curl -fsS -u "$auth" -H "Content-Type: application/json" --data-binary "@$work/post.json" -o /dev/null "$api/wp/v2/posts"
done
curl -fsS -u "$auth" -o /dev/null "$api/wp/v2/posts?context=edit&status=publish,future,draft,pending,private&per_page=100&orderby=modified&order=asc&page=1"
end=$(date +%s.%N)

read -r ours_start ours_end <"$work/ours.time"
awk -v os="$ours_start" -v oe="$ours_end" -v cs="$start" -v ce="$end" '
BEGIN {
  ours = oe - os; curl = ce - cs; r = ours / curl
  printf "20 posts, 100 photos (2048 px)\n"
  printf "wall time   ours %6.2f s   curl %6.2f s   ratio %.2f (budget <= 1.1)\n", ours, curl, r
  ok = r <= 1.1
  print ok ? "within budget" : "OVER BUDGET"
  exit ok ? 0 : 1
}'
