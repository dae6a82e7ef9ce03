#!/usr/bin/env bash
# Regenerates both SDKs from openapi.yaml; this script is the only way their generated code is made.
#   ops/sdk/generate.sh           regenerate src/Mureka.Sdk/Generated and src/sdk-typescript/src/generated
#   ops/sdk/generate.sh --check   regenerate, then fail if that changed anything (CI: the SDKs match openapi.yaml)
# Needs the .NET 10 SDK and node >= 18.18 with npm (ops/install-deps.sh installs node and npm).
set -euo pipefail
cd "$(dirname "$0")/../.."

generated=(src/Mureka.Sdk/Generated src/sdk-typescript/src/generated)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "==> C#: NSwag (ops/sdk/CSharpClientGenerator) -> src/Mureka.Sdk/Generated" >&2
dotnet run --project ops/sdk/CSharpClientGenerator -c Release -v quiet -- \
  openapi.yaml src/Mureka.Sdk/Generated/MurekaApiClient.g.cs

echo "==> TypeScript: @hey-api/openapi-ts -> src/sdk-typescript/src/generated" >&2
(cd src/sdk-typescript && npm ci --no-audit --no-fund --loglevel=error && npm run --silent generate)

if [[ "${1:-}" == "--check" ]]; then
  changes=$(git status --porcelain -- "${generated[@]}")
  if [[ -n "$changes" ]]; then
    echo "error: the generated SDK code does not match openapi.yaml; run ops/sdk/generate.sh and commit:" >&2
    echo "$changes" >&2
    git --no-pager diff --stat -- "${generated[@]}" >&2
    exit 1
  fi
  echo "generated SDKs match openapi.yaml" >&2
fi
