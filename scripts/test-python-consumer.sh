#!/usr/bin/env bash
# Proves the Python package works for a Python user: installs the wheel from dist/python into a
# fresh virtualenv with aws-cdk-lib from PyPI, synthesizes test/python-consumer/app.py and checks
# its template with pytest. Packages first when there is no wheel, or when the sources are newer.
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

# Prints the sources edited since file $1 was made (generated .js/.d.ts files do not count).
sources_newer_than() {
  find lib lambda -name '*.ts' ! -name '*.d.ts' -newer "$1"
  find README.md package.json -newer "$1"
}

wheel=$(ls dist/python/*.whl 2>/dev/null | head -n 1 || true)
if [[ -z $wheel ]] || [[ -n $(sources_newer_than "$wheel") ]]; then
  npm run package
  wheel=$(ls dist/python/*.whl | head -n 1)
fi

venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet -r test/python-consumer/requirements.txt "$wheel"
cd test/python-consumer
# -p no:cacheprovider: leave no .pytest_cache in the source tree.
"$venv/bin/python" -m pytest -p no:cacheprovider "$@"
