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

# System packages some tests use: LibreOffice and openpyxl (forms saved by other programs),
# Chromium (browser tests, driven by Playwright) and pdftotext from poppler-utils (the official PDFs read back). Installed when we may (root, as in CI, or password-less
# sudo); otherwise those tests are reported as skipped.
missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
# openpyxl for Debian's own python3 (the forms interoperability corpus: a form filled by a script).
/usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1 || missing+=(python3-openpyxl)
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ "${#missing[@]}" -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  as_root=""
  [ "$(id -u)" -eq 0 ] || as_root="sudo -n"
  if [ -z "$as_root" ] || sudo -n true 2>/dev/null; then
    echo "Installing ${missing[*]} for the tests..."
    $as_root apt-get update -qq >/dev/null \
      && DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || echo "Could not install ${missing[*]}; the tests that need it will be skipped." >&2
  else
    echo "Not root: ${missing[*]} is not installed, so the tests that need it will be skipped." >&2
  fi
fi

results="TestResults"
rm -rf "$results"
dotnet test ItEvalFunctions.sln --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  t=$(echo "$counters" | sed -n 's/.* total="\([0-9]*\)".*/\1/p')
  e=$(echo "$counters" | sed -n 's/.* executed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done

echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$files" -eq 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
