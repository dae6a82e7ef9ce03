#!/usr/bin/env bash
# Renders a demo track locally with the CLI: installs what is missing, builds, renders.
#   usage: ops/render-demo.sh [extra `mureka render` options…]   (default output: out/demo.mp3)
set -euo pipefail
cd "$(dirname "$0")/.."

ops/install-deps.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Mureka.Cli -c Release -nologo -v quiet -clp:NoSummary
mkdir -p out
if (($# == 0)); then
  set -- --prompt "uplifting corporate pop with piano, 110 bpm" --duration 30s --seed 7 -o out/demo.mp3
fi
dotnet src/Mureka.Cli/bin/Release/net10.0/mureka.dll render "$@"
