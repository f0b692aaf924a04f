#!/usr/bin/env bash
# Start-up of the app as a person sees it, under Xvfb 1280×800 with the software renderer: each
# run launches the release binary with fresh settings (a temporary HOME) and
# TI_ATLAS_TRACE_DEMARRAGE=1, which makes the app print, in ms since the process started, when
# its first frame was built (window and renderer up), when the bundle was ready to draw, when
# the first frame drawing the territories was built and when the next frame began (the
# territories painted and presented: on screen), then close itself. Beside the wall clock it
# prints the CPU time the process had used at each of these, the CPU time of the phases (the
# window's thread up to the first frame, the loading thread up to the bundle ready, the whole
# process from the first frame to the screen) and of each thread by name.
#
#     tools/bench/startup_under_xvfb.sh target/release/ti-atlas 7
#
# Prints each run's wall-clock line, then the median of every figure: wall clock (what a person
# waits, on a quiet machine) and CPU time (what start-up costs, the figure to read when the
# machine is busy). Needs Xvfb (Debian: xvfb).
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
: > "$work/figures.tsv"
printf 'run\tpremière image\tlot prêt\tterritoires dessinés\tterritoires à l'"'"'écran\timages\n'
for run in $(seq 1 "$runs"); do
  rm -rf "$work/home" "$work/runtime"
  mkdir -p "$work/home" "$work/runtime"
  chmod 700 "$work/runtime"
  MESA_SHADER_CACHE_DIR="${MESA_SHADER_CACHE_DIR:-$work/home/.cache/mesa_shader_cache}" HOME="$work/home" XDG_RUNTIME_DIR="$work/runtime" TI_ATLAS_TRACE_DEMARRAGE=1 \
    timeout 60 "$bin" 2> "$work/trace" > /dev/null || true
  grep -q '^démarrage' "$work/trace" || { cat "$work/trace" >&2; echo "run $run : pas de trace de démarrage" >&2; exit 1; }
  # Each trace line: "title<TAB>name value<TAB>name value…"; one row per figure.
  awk -F'\t' -v run="$run" '/^(démarrage|processeur|phases|fils)/ {
    for (i = 2; i <= NF; i++) { k = split($i, w, " "); name = w[1]
      for (j = 2; j < k; j++) name = name " " w[j]
      printf "%s\t%s\t%s\t%s\n", run, $1, name, w[k] } }' "$work/trace" >> "$work/figures.tsv"
  awk -F'\t' '/^démarrage/ { out = '"$run"'
    for (i = 2; i <= NF; i++) { k = split($i, w, " "); out = out "\t" w[k] } print out }' "$work/trace"
done
# The median of each figure over the runs (a thread absent from a run counts as 0 there).
echo
awk -F'\t' -v runs="$runs" '
  { key = $2 "\t" $3; if (!(key in seen)) { seen[key] = 1; order[++n] = key } v[key, $1] = $4 }
  END { for (i = 1; i <= n; i++) { key = order[i]
      for (r = 1; r <= runs; r++) x[r] = ((key, r) in v) ? v[key, r] + 0 : 0
      for (a = 1; a <= runs; a++) for (b = a + 1; b <= runs; b++) if (x[b] < x[a]) { t = x[a]; x[a] = x[b]; x[b] = t }
      split(key, p, "\t"); if (p[1] != last) { print "médiane, " p[1]; last = p[1] }
      printf "  %s\t%s\n", p[2], x[int((runs + 1) / 2)] } }' "$work/figures.tsv"
