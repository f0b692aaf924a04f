#!/usr/bin/env bash
# Start-up of the app as a person sees it, under Xvfb 1280×800 with the software renderer: each
# run launches the release binary with fresh settings (a temporary HOME) and
# TI_ATLAS_TRACE_DEMARRAGE=1, which makes the app print, in ms since the process started, when
# its first frame was built (window and renderer up), when the bundle was ready to draw, and when
# the first frame drawing the territories was built, then close itself.
#
#     tools/bench/startup_under_xvfb.sh target/release/ti-atlas 7
#
# Prints one line per run, then the median of each figure. Needs Xvfb (Debian: xvfb).
set -euo pipefail
bin=$(realpath "${1:?chemin du binaire ti-atlas}")
runs=${2:-7}
work=$(mktemp -d)
xvfb=""
trap 'kill "$xvfb" 2>/dev/null || true; rm -rf "$work"' EXIT
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3> "$work/display" &
xvfb=$!
for _ in $(seq 1 20); do [ -s "$work/display" ] && break; sleep 0.5; done
export DISPLAY=":$(cat "$work/display")"
printf 'run\tpremière image\tlot prêt\tterritoires dessinés\n'
for run in $(seq 1 "$runs"); do
  rm -rf "$work/home" "$work/runtime"
  mkdir -p "$work/home" "$work/runtime"
  chmod 700 "$work/runtime"
  line=$(HOME="$work/home" XDG_RUNTIME_DIR="$work/runtime" TI_ATLAS_TRACE_DEMARRAGE=1 \
    timeout 60 "$bin" 2>&1 >/dev/null | grep '^démarrage' || true)
  test -n "$line" || { echo "run $run : pas de trace de démarrage" >&2; exit 1; }
  # "démarrage (ms)<TAB>première image N<TAB>lot prêt N<TAB>territoires dessinés N"
  echo "$line" | awk -F'\t' -v run="$run" '{
    n = split($0, f, "\t"); out = run
    for (i = 2; i <= n; i++) { k = split(f[i], w, " "); out = out "\t" w[k] }
    print out }'
done | tee "$work/runs.tsv"
median() { cut -f "$1" "$work/runs.tsv" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
printf 'médiane\t%s\t%s\t%s\n' "$(median 2)" "$(median 3)" "$(median 4)"
