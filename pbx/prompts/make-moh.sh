#!/usr/bin/env bash
# Makes the music on hold: one 8 kHz, 16-bit, mono WAV (about 28 s of a plucked arpeggio, normalised to -6 dBFS)
# made offline with sox, so a held caller never hears silence and no licensed recording is needed.
#   make-moh.sh OUT_DIR     writes OUT_DIR/hold-music.wav (kept when present)
set -euo pipefail
out=${1:?usage: make-moh.sh OUT_DIR}
mkdir -p "$out"
[ -s "$out/hold-music.wav" ] && exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
i=0
# C major, A minor, F major, G major: four bars of four notes.
for note in C4 E4 G4 E4 A3 C4 E4 C4 F3 A3 C4 A3 G3 B3 D4 B3; do
  i=$((i + 1))
  sox -n -r 8000 -b 16 -c 1 "$work/$(printf '%02d' "$i").wav" synth 0.35 pluck "$note" fade 0 0.35 0.05
done
sox "$work"/[0-9][0-9].wav "$work/phrase.wav"
sox "$work/phrase.wav" -r 8000 -b 16 -c 1 -e signed-integer "$out/hold-music.wav" repeat 4 gain -n -6
