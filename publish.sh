#!/usr/bin/env bash
# Builds the package to deploy to Azure Functions (zip deploy, run from package): the self-contained
# linux-x64 isolated-worker app with host.json, functions.metadata, worker.config.json and the worker's
# extensions, at the root of one zip; nothing else (no tests, no local
# settings, no keys). Usage: ./publish.sh [zip path]   (default: artifacts/iteval-functions.zip)
set -euo pipefail
cd "$(dirname "$0")"
command -v dotnet >/dev/null 2>&1 || { echo "publish.sh needs the .NET 10 SDK (https://dot.net)." >&2; exit 1; }

zip="${1:-artifacts/iteval-functions.zip}"
mkdir -p "$(dirname "$zip")"
zip="$(cd "$(dirname "$zip")" && pwd)/$(basename "$zip")"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

# Self-contained: the Functions host starts the binary worker.config.json names, whatever .NET the plan has.
# Embedded symbols keep line numbers in logged errors without shipping .pdb files.
dotnet publish functions/ItEval.Functions.csproj --nologo -v quiet -clp:ErrorsOnly \
  -c Release -r linux-x64 --self-contained true -p:DebugType=embedded \
  -o "$stage" -p:FunctionsZip="$zip"

size=$(du -h "$zip" | cut -f1)
echo "Package: $zip ($size). Deploy it with: az functionapp deployment source config-zip -g <group> -n <app> --src $zip"
