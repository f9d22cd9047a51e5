#!/usr/bin/env bash
# Figures for the release build, taken on this machine (quote them with it):
# the headline (everything but the content: gzip -9 of the top-level *.wasm,
# *.js, *.css and index.html of the release build, minus gzip -9 of the
# catalog's files but FORMAT.md and README.md, laid end to end in sorted
# path order; budget 102,400 bytes), transfer size per file and in all, what the compiled-in catalog
# costs (a build with the seed entry alone against the whole catalog, beside
# the gzip size of the catalog's own files), the support site's size, and the
# time from navigation to the start screen (and to an entry page's triage)
# being interactive in headless Chromium (median of 10).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test >/dev/null
source scripts/env.sh

gz() { gzip -9 -c "$1" | wc -c; }

seed_catalog=$(mktemp -d)
seed_dist=$(mktemp -d)
trap 'rm -rf "$seed_catalog" "$seed_dist"' EXIT
mkdir -p "$seed_catalog/communication"
cp -r catalog/registry "$seed_catalog/"
# The seed entry, and the generic entry of each reason (the registry names them).
cp catalog/communication/smtp-421-service-not-available.md catalog/communication/reason-*.md "$seed_catalog/communication/"

echo "building with the seed entry alone..." >&2
SMTP_TRIAGE_CATALOG="$seed_catalog" trunk build --dist "$seed_dist" >/dev/null 2>&1
echo "building with the whole catalog..." >&2
trunk build --release --offline >/dev/null 2>&1

echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
widget_gz=0
for f in dist/*.wasm dist/*.js dist/*.css dist/index.html; do
    widget_gz=$((widget_gz + $(gz "$f")))
done
content_gz=$(find catalog -type f ! -path catalog/FORMAT.md ! -path catalog/README.md | LC_ALL=C sort | xargs cat | gzip -9 | wc -c)
headline=$((widget_gz - content_gz))
verdict="over"
[ "$headline" -lt 102400 ] && verdict="under"
echo "HEADLINE: everything but the content, gzip -9: $headline bytes ($verdict the 102,400 budget)"
printf '  %-58s %8d\n' "top-level *.wasm *.js *.css index.html, gzip -9 each" "$widget_gz"
printf '  %-58s %8d\n' "minus catalog/ files (not FORMAT.md, README.md), gzip -9" "$content_gz"
echo
echo "transfer size of the standalone page (gzip -9, bytes):"
total=0
for f in index.html style.css page.css standalone.js smtp-triage.js smtp-triage-web.js smtp-triage-web_bg.wasm favicon.svg; do
    n=$(gz "dist/$f")
    total=$((total + n))
    printf '  %-26s %8d\n' "$f" "$n"
done
printf '  %-26s %8d\n' "total" "$total"

site_files=$(cd dist && find catalog code entry reason site 404.html -type f | wc -l)
site_bytes=$(cd dist && cat $(find catalog code entry reason site 404.html -type f) | wc -c)
site_gz=$(cd dist && for f in $(find catalog code entry reason site 404.html -type f); do gzip -9 -c "$f" | wc -c; done | awk '{ s += $1 } END { print s }')
echo
echo "the support site (entry/, reason/, code/, catalog/, site/, 404.html; not part of the transfer above):"
printf '  %-26s %8d files, %d bytes, %d gzip -9 file by file\n' "site folder" "$site_files" "$site_bytes" "$site_gz"

seed_wasm=$(gz "$seed_dist/smtp-triage-web_bg.wasm")
full_wasm=$(gz dist/smtp-triage-web_bg.wasm)
entries=$(ls catalog/communication/*.md | wc -l)
entries_gz=$(cat catalog/communication/*.md | gzip -9 | wc -c)
others_gz=$(ls catalog/communication/*.md | grep -v -e smtp-421-service-not-available -e /reason- | xargs cat | gzip -9 | wc -c)
seed_entries=$(ls "$seed_catalog"/communication/*.md | wc -l)
registry_gz=$(cat catalog/registry/*.tsv | gzip -9 | wc -c)
echo
echo "what the content costs:"
printf '  %-58s %8d\n' "wasm with the seed and the $((seed_entries - 1)) reason entries (gzip)" "$seed_wasm"
printf '  %-58s %8d\n' "wasm with all $entries entries (gzip)" "$full_wasm"
printf '  %-58s %8d\n' "difference: the other $((entries - seed_entries)) entries in the page" "$((full_wasm - seed_wasm))"
printf '  %-58s %8d\n' "those $((entries - seed_entries)) entries' own files, gzip -9" "$others_gz"
printf '  %-58s %8d\n' "all $entries entry files, gzip -9" "$entries_gz"
printf '  %-58s %8d\n' "registry tables, gzip -9 (in both builds)" "$registry_gz"
printf '  %-58s %8d\n' "everything but the content (seed build, all files)" "$((total - full_wasm + seed_wasm))"

# The floors (scripts/floor): the same build settings, with Yew and none of
# the widget's components; the second build also keeps all of the core.
# Their crate takes the workspace's lock file, so they build the same
# versions as the widget (a copy: cargo drops what they do not use).
floor() {
    local out="target/floor/out-$1" wasm=target/floor/wasm32-unknown-unknown/release/smtp_triage_floor.wasm
    rm -rf "$out" "$wasm"
    cp Cargo.lock scripts/floor/Cargo.lock
    (cd scripts/floor && CARGO_TARGET_DIR=../../target/floor cargo build --quiet --offline --release \
        --target wasm32-unknown-unknown $2) >&2 || return 1
    wasm-bindgen --target web --out-dir "$out" "$wasm" >&2 || return 1
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --converge \
        "$out/smtp_triage_floor_bg.wasm" -o "$out/opt.wasm" >&2 || return 1
    echo $(($(gz "$out/opt.wasm") + $(gz "$out/smtp_triage_floor.js")))
}
echo "building the floors..." >&2
hello=$(floor hello "") || { echo "the hello-world floor did not build" >&2; exit 1; }
with_core=$(floor core "--features core") || { echo "the floor with the core did not build" >&2; exit 1; }
echo
echo "floors, same build settings (wasm + JS, gzip -9; scripts/floor):"
printf '  %-58s %8d\n' "a Yew hello world" "$hello"
printf '  %-58s %8d\n' "Yew and all of the core, none of the widget's components" "$with_core"
printf '  %-58s %8d\n' "  the same minus the catalog files: the headline's floor" "$((with_core - content_gz))"
printf '  %-58s %8d\n' "the widget's components, state and host code (difference)" "$((full_wasm + $(gz dist/smtp-triage-web.js) - with_core))"

echo
echo "time to interactive (navigation to the start screen answering input):"
(cd e2e && node tti.mjs)
echo "time until an entry's page of the site is the interactive triage:"
(cd e2e && node tti.mjs site)
