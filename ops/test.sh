#!/usr/bin/env bash
# The one test entry point, used locally and by CI: installs what is missing, builds with warnings
# as errors, runs a smoke training of the composer pipeline, then every test project.
set -euo pipefail
cd "$(dirname "$0")/.."

ops/install-deps.sh --training

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Both SDKs must match openapi.yaml (this regenerates them and installs the TypeScript SDK's packages);
# then the TypeScript SDK is built for tests/Mureka.Sdk.Tests, which runs its node tests against a live gateway.
ops/sdk/generate.sh --check
(cd src/sdk-typescript && npm run --silent build)

ops/openapi/lint.sh
# The S3-compatible server the audio store's tests start on loopback.
tests/s3-server/install.sh
dotnet build MurekaApi.sln -c Release -warnaserror -nologo -v minimal

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# What the images copy (gateway, CPU host, GPU host with the CUDA provider, CLI) must publish and be complete.
ops/images/publish.sh "$work/publish"
rm -rf "$work/publish"
# The Kubernetes manifests (schemas and project rules) and the monitoring assets (promtool, dashboard JSON).
ops/k8s/validate.sh
ops/monitoring/check.sh
/usr/bin/python3 ops/training/train.py --smoke --out "$work/smoke-model"
echo "smoke training: ok"

# The QC meter (ops/qc/qc.py) must measure known signals right before anyone trusts its verdict on the engine.
/usr/bin/python3 ops/qc/selftest.py --engine

status=0
# The console's browser test (headless Chromium) keeps its screenshots in artifacts/console.
dotnet test MurekaApi.sln -c Release --no-build -nologo -v minimal \
  --logger "console;verbosity=normal" --logger "trx" --results-directory "$work/results" || status=$?
# The README's quickstart commands, exactly as written, against the local stack (started and stopped here).
ops/readme-quickstart.sh || status=1
# The musical acceptance gate: every genre at 15/30/60/180 s in a requested key, judged by ops/qc/qc.py.
ops/qc/acceptance.sh "$work/acceptance" || status=1

echo "screenshots of the developer console: $PWD/artifacts/console" >&2
# The summary is the last line on purpose: it is the closing line CI reads.
ops/trx-summary.py "$work/results"
exit "$status"
