#!/usr/bin/env bash
# Installs the Debian packages the engine and its tests need. Idempotent: skips apt when all are present.
#   usage: ops/install-deps.sh [--training]
set -euo pipefail

# sox, aubio-tools and python3-numpy are the independent meters of ops/qc (spectrograms, onsets and beats, PCM maths);
# python3-mido is the independent MIDI reader the score tests check our MIDI files with, and sndfile-programs's
# sndfile-info (libsndfile) the one that reads back our WAV cue, smpl and acid chunks; abcmidi's abc2midi turns the
# theme tests' ABC into MIDI, an independent reading of ABC to compare ours with; Info-ZIP's unzip reads back the adaptive-set archives;
# chromium runs the developer console's browser test headless.
packages=(libfluidsynth3 musescore-general-soundfont ffmpeg postgresql redis-server curl python3 openssl sox aubio-tools python3-numpy python3-mido sndfile-programs abcmidi unzip chromium)
if [[ "${1:-}" == "--training" ]]; then
  # Debian's PyTorch and ONNX, used by /usr/bin/python3 for (smoke) training and ONNX export.
  packages+=(python3-torch python3-onnx libopenblas0-pthread)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm run the OpenAPI linter and build and test the TypeScript SDK; checked by command, since a nodesource nodejs ships its own npm.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
# kubectl renders ops/k8s (its kustomize); promtool checks ops/monitoring's alert rules. Checked by command, so a
# kubectl installed another way is used as it is instead of being replaced by Debian's kubernetes-client.
if ! command -v kubectl >/dev/null 2>&1; then
  missing+=(kubernetes-client)
fi
if ! command -v promtool >/dev/null 2>&1; then
  missing+=(prometheus)
fi

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK is required (dotnet not on PATH)" >&2
  exit 1
fi
