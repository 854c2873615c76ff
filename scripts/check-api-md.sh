#!/usr/bin/env bash
# Fails when the committed API.md no longer matches the public API: rebuilds it from the sources
# and compares it with the last commit.
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

if ! git ls-files --error-unmatch API.md > /dev/null 2>&1; then
  echo 'API.md is not committed: run "npm run build" and commit API.md.' >&2
  exit 1
fi
npm run build
if ! git diff --exit-code --stat -- API.md; then
  echo 'API.md is stale: run "npm run build" and commit API.md.' >&2
  exit 1
fi
echo 'API.md matches the public API.'
