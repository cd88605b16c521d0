#!/usr/bin/env bash
# Runs every test of the solution. Installs what the tests need (Azurite from package-lock.json),
# then prints one line "N passed, N failed" from the test results and fails if any test failed.
set -uo pipefail
cd "$(dirname "$0")"

need() { command -v "$1" >/dev/null 2>&1 || { echo "The tests need $2: install it, then run ./test.sh again." >&2; exit 1; }; }
need dotnet "the .NET 10 SDK (https://dot.net)"
need node "Node.js 20 or later (https://nodejs.org)"

if [ ! -f node_modules/azurite/dist/src/azurite.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error || { echo "npm ci failed: the tests need Azurite from the npm registry." >&2; exit 1; }
fi

results="TestResults"
rm -rf "$results"
dotnet test ItEvalFunctions.sln --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done

echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$files" -eq 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
