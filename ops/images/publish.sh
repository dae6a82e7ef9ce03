#!/usr/bin/env bash
# Publishes what the images copy: the gateway, the CPU inference host and the GPU inference host (ONNX Runtime's
# GPU package with the CUDA execution provider), framework-dependent for linux-x64, and checks each output has
# what its image needs. Usage: ops/images/publish.sh OUT_DIR   (CI runs it; the Dockerfiles COPY from OUT_DIR).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: ops/images/publish.sh OUT_DIR}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
common=(-c Release -r linux-x64 --self-contained false -nologo -v quiet -warnaserror)

dotnet publish src/Mureka.Gateway "${common[@]}" -o "$out/gateway"
dotnet publish src/Mureka.Inference.Host "${common[@]}" -o "$out/host-cpu"
dotnet publish src/Mureka.Inference.Host "${common[@]}" -p:OnnxRuntimeFlavor=Gpu -o "$out/host-gpu"
dotnet publish src/Mureka.Cli "${common[@]}" -o "$out/cli"

fail() { echo "publish check failed: $*" >&2; exit 1; }
need() { [[ -e "$1" ]] || fail "missing $1"; }
need "$out/gateway/mureka-gateway.dll"
need "$out/gateway/appsettings.json"
[[ -z $(find "$out/gateway" -name 'libonnxruntime*' -print -quit) ]] || fail "the gateway output carries ONNX Runtime"
for flavor in cpu gpu; do
  need "$out/host-$flavor/mureka-host.dll"
  need "$out/host-$flavor/appsettings.json"
  need "$out/host-$flavor/libonnxruntime.so"
  [[ -n $(find "$out/host-$flavor/Models" -name '*.onnx' -print -quit) ]] || fail "host-$flavor has no model pack"
done
need "$out/host-gpu/libonnxruntime_providers_cuda.so"
[[ ! -e "$out/host-cpu/libonnxruntime_providers_cuda.so" ]] || fail "the CPU host carries the CUDA provider"
need "$out/cli/mureka.dll"
echo "publish outputs: ok ($(du -sh "$out" | cut -f1) in $out)"
