#!/usr/bin/env bash
# Resident memory (VmRSS) of the app under Xvfb while a script uses it as a person would: wheel
# zoom in and out over France, drags both ways, an indicator chosen through the keyboard, the
# presentation mode on and off, the view reset to France now and then.
#
#     tools/bench/memory_under_xvfb.sh target/release/ti-atlas 600 > memoire.tsv
#
# Prints "seconds<TAB>MB" every 15 s; the app starts with fresh settings (a temporary HOME).
# Needs Xvfb and xdotool (Debian: xvfb, xdotool).
set -euo pipefail
bin=$(realpath "${1:?chemin du binaire ti-atlas}")
duration=${2:-600}
work=$(mktemp -d)
trap 'kill "$app" "$xvfb" 2>/dev/null || true; rm -rf "$work"' EXIT
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3> "$work/display" &
xvfb=$!
for _ in $(seq 1 20); do [ -s "$work/display" ] && break; sleep 0.5; done
export DISPLAY=":$(cat "$work/display")"
mkdir -p "$work/home" "$work/runtime"
chmod 700 "$work/runtime"
HOME="$work/home" XDG_RUNTIME_DIR="$work/runtime" "$bin" > "$work/app.log" 2>&1 &
app=$!
window=""
for _ in $(seq 1 60); do
  window=$(xdotool search --class ti-atlas 2>/dev/null | head -n 1 || true)
  [ -n "$window" ] && break
  sleep 1
done
test -n "$window" || { cat "$work/app.log"; echo "pas de fenêtre ti-atlas" >&2; exit 1; }
rss() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$app/status"; }
start=$(date +%s)
next=15
step=0
while :; do
  now=$(( $(date +%s) - start ))
  if [ "$now" -ge "$next" ]; then
    printf '%s\t%s\n' "$now" "$(rss)"
    next=$(( next + 15 ))
  fi
  [ "$now" -ge "$duration" ] && break
  xdotool windowfocus --sync "$window" 2>/dev/null || true
  case $(( step % 8 )) in
    0) xdotool mousemove 800 400 click 4 click 4 click 4 ;;          # zoom in
    1) xdotool mousemove 800 400 mousedown 1 mousemove 650 300 mouseup 1 ;;
    2) xdotool mousemove 650 300 mousedown 1 mousemove 800 400 mouseup 1 ;;
    3) xdotool mousemove 800 400 click 5 click 5 click 5 ;;          # zoom out
    4) xdotool key Right key Down key Left key Up ;;
    5) xdotool key F11 ;;                                            # presentation on
    6) xdotool key Escape ;;                                         # and off
    7) xdotool mousemove 430 747 click 1 ;;                          # the France button
  esac
  step=$(( step + 1 ))
  sleep 3
done
