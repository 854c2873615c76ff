#!/usr/bin/env bash
# Builds the library and packages it for the jsii languages into dist/<language>/.
set -euo pipefail
cd "$(dirname "$0")/.."
# The jsii tools print a page-wide banner on every start under Node 20; this keeps logs readable.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

# js: the npm tarball; python: wheel and sdist, checked by twine; java: Maven repository layout.
built_targets=(js python java)
# Generated as source. dotnet: building needs a .NET SDK, which this project's machines lack.
# go: pacmak's own build requires, by exact version, the Go module of every jsii package in
# node_modules, which the Go module proxy may lack; build_go_module builds it instead.
code_only_targets=(dotnet go)

timed() {
  local start=$SECONDS
  "$@"
  echo "package: '$*' took $((SECONDS - start))s"
}

rm -rf dist
timed npm run build
# The tablet of translated README examples gives each language's package a README in its language.
timed npm run rosetta
pacmak=(npx jsii-pacmak --no-npmignore --rosetta-tablet .jsii.tabl.json)
for target in "${built_targets[@]}"; do
  timed "${pacmak[@]}" --targets "$target"
done
timed "${pacmak[@]}" --code-only --targets "${code_only_targets[@]}"

# The generated module's indirect requirements are node_modules' versions; `go mod tidy` takes
# them from the direct requirements (awscdk, constructs, jsii-runtime-go) instead.
build_go_module() {
  (cd dist/go/cdkconnecttasks && sed -i '/\/\/ indirect$/d' go.mod && go mod tidy && go build ./... && go vet ./...)
}
timed build_go_module
find dist -maxdepth 2 | sort
