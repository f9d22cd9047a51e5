#!/usr/bin/env bash
# A figure, not a test (not run by scripts/test.sh): the time of one process
# classifying a folder of bounce files, smtp-triage against p5-sisimai.
#   (a) target/release/smtp-triage classify --json FILE...   (one process, all files)
#   (b) one perl process: Sisimai->dump(FILE, delivered => 1) for each file,
#       printed (JSON of the decoded records of each, as (a) prints JSON Lines)
# Best of N runs each (default 5), output to /dev/null; quote it with the machine.
#
# usage: scripts/vs-sisimai.sh [FOLDER] [N]
#   FOLDER defaults to the shared corpus, ../shared/corpus/sisimai/samples
set -euo pipefail
cd "$(dirname "$0")/.."

dir="${1:-../shared/corpus/sisimai/samples}"
runs="${2:-5}"

if [ ! -d "$dir" ]; then
    echo "skipped: no folder $dir (the shared corpus is ../shared/corpus/sisimai/samples)"
    exit 0
fi
if ! perl -MSisimai -e1 2>/dev/null; then
    echo "skipped: p5-sisimai is not installed (apt-get install libsisimai-perl)"
    exit 0
fi
mapfile -t files < <(find "$dir" -maxdepth 1 -type f | LC_ALL=C sort)
if [ "${#files[@]}" -eq 0 ]; then
    echo "skipped: $dir holds no files"
    exit 0
fi

[ -f scripts/env.sh ] && source scripts/env.sh
echo "building the release CLI (if needed)..." >&2
cargo build --release --quiet -p smtp-triage-cli

# One perl process over every file, as the CLI does.
sisimai_prog='
use strict; use warnings; use Sisimai;
binmode STDOUT;
for my $f (@ARGV) { print Sisimai->dump($f, delivered => 1), "\n"; }
'

# Milliseconds of the fastest of $runs runs of "$@", output discarded.
best_ms() {
    local best="" start end us
    for _ in $(seq "$runs"); do
        # Bash's own clock, in microseconds: no process is started to read it
        # (a `date` before and after added about 2 ms to each side).
        start=${EPOCHREALTIME/[.,]/}
        "$@" >/dev/null
        end=${EPOCHREALTIME/[.,]/}
        us=$((end - start))
        if [ -z "$best" ] || [ "$us" -lt "$best" ]; then best=$us; fi
    done
    # Microseconds to milliseconds, three decimals.
    printf '%d.%03d' $((best / 1000)) $((best % 1000))
}

# Once, to say how much each one found.
ours_findings=$(target/release/smtp-triage classify --json "${files[@]}" | grep -o '"reply_code"' | wc -l)
theirs_records=$(perl -MSisimai -e 'my $n = 0; for my $f (@ARGV) { my $v = Sisimai->make($f, delivered => 1); $n += scalar @$v if $v; } print $n' "${files[@]}")

ours=$(best_ms target/release/smtp-triage classify --json "${files[@]}")
theirs=$(best_ms perl -e "$sisimai_prog" "${files[@]}")

echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "files: ${#files[@]} in $dir ($(cat "${files[@]}" | wc -c) bytes); best of $runs runs, one process each"
echo "smtp-triage $(git describe --always --dirty 2>/dev/null || echo '?') (release build, $(rustc --version | cut -d' ' -f2)): classify --json, all files"
echo "p5-sisimai $(perl -MSisimai -e 'print Sisimai->version') (perl $(perl -e 'print $^V')): Sisimai->dump(FILE, delivered => 1) per file"
printf '  %-14s %10s ms  (%s findings)\n' "smtp-triage" "$ours" "$ours_findings"
printf '  %-14s %10s ms  (%s records)\n' "p5-sisimai" "$theirs" "$theirs_records"
awk -v a="$ours" -v b="$theirs" 'BEGIN { if (a > 0) printf "  ratio: p5-sisimai takes %.1f times as long\n", b / a }'
