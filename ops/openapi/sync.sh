#!/usr/bin/env bash
# One command to bring openapi.yaml in step with the code after endpoints changed: reads the gateway's API
# descriptions (built in-process by OpenApiDriftTests; nothing is started), merges them into openapi.yaml
# keeping the hand-written parts, then lints. Review `git diff openapi.yaml` and fill in any TODOs.
set -euo pipefail
cd "$(dirname "$0")/../.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build tests/Mureka.Gateway.Tests -c Release -warnaserror -nologo -v quiet
# The drift test fails while they differ; it writes the export first, which is all this needs.
MUREKA_OPENAPI_EXPORT="$work/code-operations.json" dotnet test tests/Mureka.Gateway.Tests -c Release --no-build -nologo -v quiet \
  --filter "FullyQualifiedName~OpenApiDriftTests.CommittedSpec_ComparedWithCode_HasNoDifferences" >/dev/null || true
test -s "$work/code-operations.json" || { echo "error: the code's operations were not exported" >&2; exit 1; }

ops/openapi/lint.sh >/dev/null 2>&1 || true  # installs the pinned tools when missing
node ops/openapi/sync.mjs "$work/code-operations.json" openapi.yaml
ops/openapi/lint.sh
