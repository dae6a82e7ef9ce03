#!/usr/bin/env bash
# Installs the S3-compatible test server (s3rver) from the lock file; `npm ci` runs only when the lock file changed.
set -euo pipefail
cd "$(dirname "$0")"
if [[ ! -f node_modules/.package-lock.json ]] || ! cmp -s package-lock.json node_modules/.mureka-lock; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.mureka-lock
fi
