#!/usr/bin/env bash
# Makes one 8 kHz, 16-bit, mono WAV per line of prompts.tsv ("name<TAB>text", written by render.py; a name may sit
# in one sub-folder, as digits/5), and beep.wav, voicemail's tone (sox, offline, whatever the engine).
#   make-prompts.sh polly  PROMPTS_TSV OUT_DIR [en|es]   Amazon Polly through the AWS CLI (on the host)
#   make-prompts.sh espeak PROMPTS_TSV OUT_DIR [en|es]   espeak-ng + sox, offline (development, CI, fallback)
# The language (default en) picks the default voices: Polly IVR_POLLY_VOICE (Joanna) for en, IVR_POLLY_VOICE_ES
# (Lupe, US Spanish) for es; espeak-ng IVR_ESPEAK_VOICE (en-us) for en, es for es. IVR_POLLY_ENGINE (default
# neural; a voice without that engine falls back to standard), IVR_REGION.
# A prompt made by the same engine from the same text is kept (NAME.txt records both), so re-runs
# do not call Polly again, and a prompt made offline as a fallback is replaced once Polly works.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
engine=${1:?usage: make-prompts.sh polly|espeak PROMPTS_TSV OUT_DIR}
tsv=${2:?prompts.tsv missing}
out=${3:?output directory missing}
language=${4:-en}
case "$language" in
  en) polly_voice=${IVR_POLLY_VOICE:-Joanna} espeak_voice=${IVR_ESPEAK_VOICE:-en-us} ;;
  es) polly_voice=${IVR_POLLY_VOICE_ES:-Lupe} espeak_voice=es ;;
  *) echo "make-prompts: unknown language '$language' (en or es)" >&2; exit 2 ;;
esac
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

polly() { # text, raw pcm out
  local voice=$polly_voice engine=${IVR_POLLY_ENGINE:-neural}
  local region=(); [ -n "${IVR_REGION:-}" ] && region=(--region "$IVR_REGION")
  if ! aws polly synthesize-speech "${region[@]}" --engine "$engine" --voice-id "$voice" \
        --output-format pcm --sample-rate 8000 --text "$1" "$2" >/dev/null; then
    [ "$engine" = standard ] && return 1
    echo "make-prompts: Polly $engine engine failed for voice $voice; trying standard" >&2
    aws polly synthesize-speech "${region[@]}" --engine standard --voice-id "$voice" \
        --output-format pcm --sample-rate 8000 --text "$1" "$2" >/dev/null
  fi
}

synthesize() { # text, wav out
  case "$engine" in
    polly)
      polly "$1" "$work/prompt.pcm"
      python3 "$here/pcm_to_wav.py" "$work/prompt.pcm" "$2" ;;
    espeak)
      printf '%s' "$1" | espeak-ng -v "$espeak_voice" --stdin -w "$work/prompt.wav"
      sox "$work/prompt.wav" -r 8000 -b 16 -c 1 -e signed-integer "$2" ;;
    *) echo "make-prompts: unknown engine '$engine' (polly or espeak)" >&2; return 2 ;;
  esac
}

while IFS=$'\t' read -r name text; do
  # render.py already allows only these names; checked again because they become file names.
  [[ "$name" =~ ^([a-z]+/)?[a-z0-9][a-z0-9_-]{0,31}$ ]] || { echo "make-prompts: bad prompt name '$name'" >&2; exit 1; }
  mkdir -p "$(dirname "$out/$name")" "$(dirname "$work/$name")"
  stamp="$engine"$'\t'"$text"
  if [ -f "$out/$name.wav" ] && [ -f "$out/$name.txt" ] && [ "$(cat "$out/$name.txt")" = "$stamp" ]; then
    continue
  fi
  synthesize "$text" "$work/$name.wav"
  mv -f "$work/$name.wav" "$out/$name.wav"
  printf '%s' "$stamp" > "$out/$name.txt"
  echo "make-prompts: $out/$name.wav ($engine)"
done < "$tsv"
if [ ! -s "$out/beep.wav" ]; then # 0.5 s of 1 kHz at -6 dBFS: "leave a message after the tone"
  sox -n -r 8000 -b 16 -c 1 -e signed-integer "$work/beep.wav" synth 0.5 sine 1000 gain -6
  mv -f "$work/beep.wav" "$out/beep.wav"
fi
