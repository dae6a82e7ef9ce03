#!/usr/bin/env bash
# The musical acceptance gate: every genre at 15 s, 30 s, 60 s and 180 s, each in a requested key, rendered by
# the CLI and judged by ops/qc/qc.py (ffmpeg, aubio and numpy: meters that are not the engine's own). Exits
# non-zero when any track fails any check, and leaves qc.md with the table and the failures behind.
#   usage: ops/qc/acceptance.sh [out-dir] [--durations "15 30 60 180"] [--genres "house jazz …"]
#   (default out-dir: out/acceptance; the CLI must be built in Release, as ops/test.sh does)
set -euo pipefail
cd "$(dirname "$0")/../.."

out=out/acceptance
durations="15 30 60 180"
genres="ambient lofi-hip-hop solo-piano cinematic-orchestral epic-trailer classical-waltz corporate-pop rock acoustic-folk house chiptune jazz"
while (($#)); do
  case $1 in
    --durations) durations=$2; shift 2 ;;
    --genres) genres=$2; shift 2 ;;
    *) out=$1; shift ;;
  esac
done

cli=src/Mureka.Cli/bin/Release/net10.0/mureka.dll
if [[ ! -f $cli ]]; then
  dotnet build src/Mureka.Cli -c Release -nologo -v quiet -clp:NoSummary
fi

mkdir -p "$out"
rm -f "$out"/*.wav "$out"/*.json "$out"/qc.md

# Keys alternate major and minor across the genres, so both modes are checked everywhere.
keys=("D minor" "C major" "A minor" "Bb major" "F# minor" "E major" "G minor" "Eb major" "E minor" "F major" "C minor" "G major")
i=0
for genre in $genres; do
  key=${keys[$((i % ${#keys[@]}))]}
  for seconds in $durations; do
    name="$genre-${seconds}s"
    dotnet "$cli" render --genre "$genre" --key "$key" --duration "${seconds}s" --seed $((i * 7 + seconds)) \
      --json -o "$out/$name.wav" >"$out/$name.json"
    /usr/bin/python3 ops/qc/qc.py "$out/$name.wav" --meta "$out/$name.json" --key "$key" --duration "$seconds" \
      --json "$out/$name.qc.json" --report-only >/dev/null
    rm -f "$out/$name.wav" # the records keep every number; 48 WAVs would be half a gigabyte
  done
  i=$((i + 1))
done

records=("$out"/*.qc.json)
{
  echo "# Acceptance QC: every genre at ${durations// /, } s"
  echo
  /usr/bin/python3 ops/qc/qc.py --tabulate md "${records[@]}"
  echo
  /usr/bin/python3 ops/qc/qc.py --tabulate summary "${records[@]}"
} >"$out/qc.md"
/usr/bin/python3 ops/qc/qc.py --tabulate summary "${records[@]}"

if grep -q '"pass": false' "${records[@]}"; then
  echo "acceptance: at least one check failed (see $out/qc.md)" >&2
  exit 1
fi
echo "acceptance: ${#records[@]} tracks, every check passed"
