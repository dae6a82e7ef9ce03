#!/usr/bin/env bash
# Renders what a library buyer would audition — one 30 s track per genre, a game loop with stems,
# three intensity layers of one piece and a 3-minute piece — and judges each with ops/qc/qc.py,
# whose meters (ffmpeg, aubio, numpy) are not the engine's own.
#   usage: ops/listening-pack.sh [out-dir]      (default out/listening-pack)
#   writes per track NAME.wav, NAME.json (engine metadata), NAME.png (spectrogram), NAME.qc.json,
#   and qc.md + qc.tsv for the whole pack. QC_GATE=1 makes a failed check fail the script; it is
#   off by default because today's engine does not meet every target yet.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-out/listening-pack}
seed=7

ops/install-deps.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Mureka.Cli -c Release -nologo -v quiet -clp:NoSummary
cli=src/Mureka.Cli/bin/Release/net10.0/mureka.dll

mkdir -p "$out"
# A rerun must not tabulate records of tracks the pack no longer renders.
rm -f "$out"/*.wav "$out"/*.json "$out"/*.png "$out"/qc.md "$out"/qc.tsv

# render NAME TITLE [mureka render options…]: audio + metadata, spectrogram, QC record.
render() {
  local name=$1 title=$2
  shift 2
  echo "rendering $name" >&2
  dotnet "$cli" render --seed "$seed" --json -o "$out/$name.wav" "$@" >"$out/$name.json"
  # Spectrograms show at a glance what meters summarise: the dull top end, gaps, the ending.
  sox "$out/$name.wav" -n spectrogram -x 1200 -y 513 -o "$out/$name.png" -t "$name" -c "$title"
  local stems=()
  if [[ " $* " == *" --stems "* ]]; then
    stems=(--stems-sum "$out/$name".{drums,bass,harmony,melody}.wav)
  fi
  # --report-only: every track is measured and tabulated; the gate is applied once, at the end.
  /usr/bin/python3 ops/qc/qc.py "$out/$name.wav" --meta "$out/$name.json" "${stems[@]}" \
    --json "$out/$name.qc.json" --report-only >/dev/null
}

# One prompt per genre, worded the way a library briefs a track.
declare -A prompts=(
  [ambient]="calm ambient soundscape with soft pads for a meditation app"
  [lofi-hip-hop]="chill lo-fi hip hop beat with mellow piano for a study stream"
  [cinematic-orchestral]="dark cinematic orchestral underscore in D minor for a nature documentary"
  [corporate-pop]="uplifting corporate pop with piano and claps for a product launch video"
  [rock]="energetic rock with driving guitars for a sports highlight reel"
  [house]="happy house groove for a fashion commercial"
  [jazz]="relaxed jazz trio for a café scene"
  [acoustic-folk]="warm acoustic folk with guitar for a travel vlog"
  [chiptune]="energetic chiptune for a retro platformer level"
  [solo-piano]="sad reflective solo piano for an emotional moment"
  [epic-trailer]="epic trailer music with big drums for a game reveal"
  [classical-waltz]="romantic classical waltz for a period drama ballroom scene"
)
genres=(ambient lofi-hip-hop cinematic-orchestral corporate-pop rock house jazz acoustic-folk chiptune solo-piano epic-trailer classical-waltz)
for genre in "${genres[@]}"; do
  render "genre-$genre" "${prompts[$genre]}" --genre "$genre" --prompt "${prompts[$genre]}" --duration 30s
done

# A game loop: 8 bars of 4/4 at 124 bpm is 8·4·60/124 s; stems must sum to the mix.
render loop-house-8bars "house level loop, 8 bars, with stems" --genre house --bpm 124 --duration 15484ms --loop --stems \
  --prompt "driving house loop for a racing game menu"

# Intensity layers of one piece: same genre, key, tempo and seed, so they can be cross-faded.
for level in 1 2 3; do
  render "layers-epic-trailer-$level" "epic trailer, intensity $level of 3" --genre epic-trailer --key "D minor" --bpm 100 \
    --duration 30s --intensity "$level" --prompt "epic trailer music with big drums for a game reveal"
done

render long-corporate-pop-3min "uplifting corporate pop, 3 minutes" --genre corporate-pop --duration 3m \
  --prompt "uplifting corporate pop with piano and claps for a product launch video"

records=("$out"/*.qc.json)
{
  echo "# Listening pack QC"
  echo
  echo "Engine commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), seed $seed, $(date -u +%Y-%F). Measured by ops/qc/qc.py"
  echo "(ffmpeg ebur128/astats/silencedetect, aubio onsets and beats, numpy). ✗ marks a failed check. Limits: exact length;"
  echo "−14 ±1 LUFS; true peak ≤ −1 dBTP; last onset ≥ max(90 % of duration, duration − 3 s) (not for loops); no internal"
  echo "silence > 1 s (−50 dB); L/R correlation ≥ 0.2; mono fold-down loss ≤ 3 dB; |DC| ≤ 0.001; reported bpm within 2 % of"
  echo "the audio's (or half/double); reported key = requested key; stems sum to the mix within −60 dB. \"key audio\" (chroma"
  echo "estimate vs the reported key) and \">8k dB\" (power share above 8 kHz) are for information."
  echo
  /usr/bin/python3 ops/qc/qc.py --tabulate md "${records[@]}"
  echo
  echo "## Failures per check"
  echo
  /usr/bin/python3 ops/qc/qc.py --tabulate summary "${records[@]}"
  echo
  echo "## Spectrograms"
  echo
  for r in "${records[@]}"; do
    name=$(basename "$r" .qc.json)
    echo "- [$name]($name.png) · [audio]($name.wav)"
  done
} >"$out/qc.md"
/usr/bin/python3 ops/qc/qc.py --tabulate tsv "${records[@]}" >"$out/qc.tsv"
/usr/bin/python3 ops/qc/qc.py --tabulate text "${records[@]}"
echo "wrote $out/qc.md, $out/qc.tsv and ${#records[@]} tracks (wav, json, png)" >&2

if [[ "${QC_GATE:-0}" == 1 ]] && grep -q '"pass": false' "${records[@]}"; then
  echo "QC gate: at least one check failed (see $out/qc.md)" >&2
  exit 1
fi
