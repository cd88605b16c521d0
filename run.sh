#!/usr/bin/env bash
# Runs ItEval locally: installs the storage emulator if needed, starts Azurite unless storage already
# answers, then runs the app on http://127.0.0.1:7071. Ctrl+C stops the app and the Azurite it started.
set -euo pipefail
cd "$(dirname "$0")"

need() { command -v "$1" >/dev/null 2>&1 || { echo "ItEval needs $2 to run locally: install it, then run ./run.sh again." >&2; exit 1; }; }
need dotnet "the .NET 10 SDK (https://dot.net)"
need node "Node.js 20 or later (https://nodejs.org)"
need npm "npm (it comes with Node.js)"

if [ ! -f functions/local.settings.json ]; then
  cp local.settings.sample.json functions/local.settings.json
  echo "Created functions/local.settings.json from local.settings.sample.json (edit it to change settings)."
fi

# Signing keys are secrets: never in the repository. Create random ones for this machine when empty.
node -e '
  const fs = require("fs"), crypto = require("crypto"), file = "functions/local.settings.json";
  const settings = JSON.parse(fs.readFileSync(file, "utf8")); settings.Values = settings.Values || {};
  let created = [];
  for (const key of ["Forms__SigningKey", "Links__SigningKey"]) {
    if (!settings.Values[key]) { settings.Values[key] = crypto.randomBytes(32).toString("base64"); created.push(key); }
  }
  // A development admin API key: its hash goes in the settings, the key itself in a git-ignored file.
  const keyFile = "functions/.dev-admin-key";
  if (!settings.Values["Auth__Keys__0__Sha256"] || !fs.existsSync(keyFile)) {
    const key = crypto.randomBytes(24).toString("base64url");
    fs.writeFileSync(keyFile, key + "\n", { mode: 0o600 });
    settings.Values["Auth__Keys__0__Name"] = "dev-admin";
    settings.Values["Auth__Keys__0__Role"] = "admin";
    settings.Values["Auth__Keys__0__Sha256"] = crypto.createHash("sha256").update(key).digest("hex");
    created.push("a development admin API key");
  }
  // The first admin of the console: a one-time password the app uses only while no account exists;
  // the first sign-in must replace it.
  const passwordFile = "functions/.dev-admin-password";
  if (!settings.Values["Accounts__FirstAdminPassword"]) {
    const password = crypto.randomBytes(12).toString("base64url");
    settings.Values["Accounts__FirstAdminUserName"] = "admin";
    settings.Values["Accounts__FirstAdminPassword"] = password;
    fs.writeFileSync(passwordFile, password + "\n", { mode: 0o600 });
    created.push("a first console admin");
  }
  if (created.length) { fs.writeFileSync(file, JSON.stringify(settings, null, 2) + "\n"); console.log("Created random " + created.join(", ") + " in " + file + "."); }
'

if [ ! -f node_modules/azurite/dist/src/azurite.js ]; then
  echo "Installing the local storage emulator (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

storage="${AzureWebJobsStorage:-$(grep -o '"AzureWebJobsStorage" *: *"[^"]*"' functions/local.settings.json | sed 's/.*: *"\(.*\)"/\1/')}"
azurite_pid=""
stop_azurite() {
  [ -n "$azurite_pid" ] || return 0
  kill -TERM "$azurite_pid" 2>/dev/null || true
  # Azurite saves and closes its services on TERM but its process may linger: give it 5 s, then end it.
  for _ in $(seq 1 10); do kill -0 "$azurite_pid" 2>/dev/null || break; sleep 0.5; done
  # Usually gone by now; under set -e a failing kill must not end the handler before it says so.
  kill -KILL "$azurite_pid" 2>/dev/null || true
  echo "Stopped Azurite."
}
trap stop_azurite EXIT

if [ "$storage" = "UseDevelopmentStorage=true" ]; then
  open=()
  for port in 10000 10001 10002; do answers "$port" && open+=("$port"); done
  if [ "${#open[@]}" -eq 3 ]; then
    echo "Storage already answers on 127.0.0.1:10000-10002; using it."
  elif [ "${#open[@]}" -gt 0 ]; then
    echo "Port(s) ${open[*]} are taken by another program, but Azurite needs 10000, 10001 and 10002: stop that program and run ./run.sh again." >&2
    exit 1
  else
    mkdir -p .azurite
    # --disableTelemetry: Azurite would otherwise queue usage telemetry files in the temp folder.
    # In a session of its own (setsid, where there is one): Ctrl+C in the terminal reaches the app, which
    # stops while storage still answers; this script stops Azurite after it.
    detach=()
    command -v setsid >/dev/null 2>&1 && detach=(setsid)
    "${detach[@]}" node node_modules/azurite/dist/src/azurite.js --location .azurite --silent --skipApiVersionCheck --loose --disableTelemetry \
      --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >.azurite/azurite.log 2>&1 &
    azurite_pid=$!
    for _ in $(seq 1 60); do
      answers 10000 && answers 10001 && answers 10002 && break
      kill -0 "$azurite_pid" 2>/dev/null || { echo "Azurite stopped at start; its log says:" >&2; tail -5 .azurite/azurite.log >&2; exit 1; }
      sleep 0.5
    done
    answers 10002 || { echo "Azurite did not answer within 30 s; see .azurite/azurite.log." >&2; exit 1; }
    echo "Started Azurite (data in .azurite/, log in .azurite/azurite.log)."
  fi
fi

port="${Hosting__Port:-7071}"
if answers "$port"; then
  echo "Port $port is already in use: stop the other program (an earlier ./run.sh?) or set Hosting__Port." >&2
  exit 1
fi

dotnet build functions/ItEval.Functions.csproj --nologo -v quiet -clp:ErrorsOnly
echo "ItEval runs on http://127.0.0.1:$port (health: http://127.0.0.1:$port/api/health). Ctrl+C stops it."
echo "Emails sent locally are readable at http://127.0.0.1:$port/dev/mail"
echo "Admin console: http://127.0.0.1:$port/sign-in"
if [ -f functions/.dev-admin-password ]; then
  echo "  first sign-in: user admin, one-time password $(cat functions/.dev-admin-password) (you set your own at the first sign-in)"
fi
echo "Development admin API key (from functions/.dev-admin-key): Authorization: Bearer $(cat functions/.dev-admin-key)"
# Run the built app from functions/ (its content root) and pass Ctrl+C or TERM on to it, so stopping
# this script always stops the app first and then the Azurite it started.
cd functions
ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" dotnet bin/Debug/net10.0/ItEval.Functions.dll "$@" &
app_pid=$!
trap 'kill -TERM "$app_pid" 2>/dev/null' INT TERM
wait "$app_pid" || wait "$app_pid"
