#!/usr/bin/env bash
# Renders ops/k8s/base and every overlay with `kubectl kustomize` and validates each rendered object against the
# Kubernetes OpenAPI schemas plus the project's rules (validate.mjs; it first proves it rejects a broken
# Deployment). kubectl comes from Debian's kubernetes-client (ops/install-deps.sh); the npm packages are pinned
# in package-lock.json and installed with `npm ci` only when the lock file changed.
set -euo pipefail
cd "$(dirname "$0")"

command -v kubectl >/dev/null 2>&1 || { echo "error: kubectl not found (ops/install-deps.sh installs kubernetes-client)" >&2; exit 1; }
if [[ ! -f node_modules/.package-lock.json ]] || ! cmp -s package-lock.json node_modules/.mureka-lock; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.mureka-lock
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
targets=()
for dir in base overlays/*/; do
  dir=${dir%/}
  name=$(basename "$dir")
  # kustomize v5 warns on stderr about bases/patchesStrategicMerge, kept for kubectl 1.20's kustomize v2: shown on failure only.
  if ! kubectl kustomize "$dir" >"$work/$name.yaml" 2>"$work/$name.err"; then
    cat "$work/$name.err" >&2
    echo "error: kubectl kustomize $dir failed" >&2
    exit 1
  fi
  targets+=("$name=$work/$name.yaml")
done
node validate.mjs "${targets[@]}"
