#!/usr/bin/env bash
# Lints openapi.yaml with the pinned @redocly/cli (recommended-strict: any warning fails). Works offline once
# node_modules is installed; `npm ci` runs only when the lock file changed.
set -euo pipefail
cd "$(dirname "$0")"

if [[ ! -f node_modules/.package-lock.json ]] || ! cmp -s package-lock.json node_modules/.mureka-lock; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.mureka-lock
fi

npx --no-install redocly lint --config redocly.yaml ../../openapi.yaml
