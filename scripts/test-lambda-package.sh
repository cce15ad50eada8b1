#!/usr/bin/env bash
# Tests the Lambda packages that scripts/package-lambda.sh builds: the zip layout Lambda needs, the publish warnings,
# the glibc the binary asks for, and the unzipped executable answering as it would behind the Web Adapter
# (started from the unzipped folder, like /var/task, with the AWS_LWA_* environment the stack sets).
# Each check counts as one test; writes "<passed> <failed>" to $IVR_RESULTS_DIR/lambda-package.counts.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
results=${IVR_RESULTS_DIR:-$root/artifacts/test-results}
mkdir -p "$results"
counts=$results/lambda-package.counts
echo "0 1" > "$counts" # until the checks have run

bash scripts/ensure-apt.sh curl unzip binutils || exit 1

fixtures=$root/IvrApi.Tests/Fixtures
work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

passed=0; failed=0
check() { # check NAME COMMAND...: one test
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "  ok    $name"
  else failed=$((failed + 1)); echo "  FAIL  $name"; fi
}

# The newest glibc Lambda's provided.al2023 (Amazon Linux 2023) has.
al2023_glibc=2.34
# Lambda's limit for a zip uploaded directly (larger ones must go through S3).
max_zip_bytes=$((50 * 1024 * 1024))
# A valid alias ARN that only the packaged appsettings.json will hold, to see that the file is read.
bot_alias=arn:aws:lex:us-east-1:123456789012:bot-alias/PKGTEST001/PKGALIAS01

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

json_check() { # json_check FILE JS-EXPRESSION-OVER-r: true when the file parses and the expression holds
  node -e '
    const fs = require("fs");
    let r; try { r = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch { process.exit(1); }
    process.exit(eval(process.argv[2]) ? 0 : 1);
  ' "$1" "$2"
}

all_lines_json() { # every stdout line is one JSON object (CloudWatch parses them), and there is at least one
  node -e '
    const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(l => l.trim());
    const bad = lines.filter(l => { try { return typeof JSON.parse(l) !== "object"; } catch { return true; } });
    bad.slice(0, 3).forEach(l => console.error("    not JSON: " + l.slice(0, 160)));
    process.exit(lines.length > 0 && bad.length === 0 ? 0 : 1);
  ' "$1"
}

start() { # start CWD PROGRAM LOG [NAME=VALUE...]: run it from CWD with the Web Adapter's environment; sets pid and port
  local cwd=$1 program=$2 log=$3
  shift 3
  port=$(free_port)
  (cd "$cwd" && exec env AWS_LAMBDA_FUNCTION_NAME=test AWS_LWA_PORT="$port" AWS_LWA_READINESS_CHECK_PATH=/healthz \
    AWS_LWA_PASS_THROUGH_PATH=/events ASPNETCORE_URLS="http://127.0.0.1:$port" "$@" "$program" > "$log" 2> "$log.err") &
  pid=$!
  for _ in $(seq 200); do
    curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  cat "$log.err" >&2
  return 1
}

stop() { # SIGTERM, as Lambda sends at shutdown; true when the app exits 0 on its own
  local status
  kill -TERM "$pid" 2>/dev/null
  wait "$pid"; status=$?
  pid=""
  [ "$status" -eq 0 ]
}

post() { # post PATH FIXTURE OUT: true on HTTP 200
  [ "$(curl -s -o "$3" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$2" "http://127.0.0.1:$port$1")" = 200 ]
}

# Any compiler, trimming or AOT warning in a publish log ("warning CS8602:", "Trim analysis warning IL2067:", ...).
no_warnings() { ! grep -E "warning [A-Z]+[0-9]+" "$1"; }

has_entries() { # has_entries ZIP NAME...
  local list name
  list=$(unzip -Z1 "$1") || return 1
  shift
  for name in "$@"; do grep -qxF "$name" <<< "$list" || return 1; done
}

no_entry_like() { ! unzip -Z1 "$1" | grep -E "$2"; }

healthz() { [ "$(curl -s -o "$work/healthz.json" -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ]; }

# The expected department count comes from the seed file, not from the app.
departments=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).length)' IvrApi/departments.json)

sma_starts_bot='r.SchemaVersion === "1.0" && Array.isArray(r.Actions) && r.Actions.length >= 1
  && r.Actions[0].Type === "StartBotConversation" && r.Actions[0].Parameters.CallId === "3f1c2b7e-8a4d-4e2f-9b6a-5c7d8e9f0a1b"'
lex_routes_history='r.sessionState.dialogAction.type === "Close" && r.sessionState.intent.name === "RouteCall"
  && r.sessionState.intent.state === "Fulfilled"
  && r.sessionState.intent.slots.Department.value.interpretedValue === "history" && r.messages.length === 0'

echo "== Native AOT package (provided.al2023)"
bash scripts/package-lambda.sh
check "package-lambda.sh builds artifacts/lambda/ivr-api.zip" test -s artifacts/lambda/ivr-api.zip

check "AOT publish has no compiler, trim or AOT warning" no_warnings artifacts/lambda/publish-aot.log

zip=artifacts/lambda/ivr-api.zip
zipinfo "$zip" > "$work/zipinfo.txt" 2>&1
entries=$(unzip -Z1 "$zip" | sort | tr '\n' ' ')
echo "  zip entries: $entries; $(stat -c %s "$zip") bytes"
check "bootstrap is at the zip root" has_entries "$zip" bootstrap
check "bootstrap is stored executable (-rwx)" grep -qE '^-rwx.* bootstrap$' "$work/zipinfo.txt"
check "appsettings.json and departments.json sit next to bootstrap" has_entries "$zip" appsettings.json departments.json
check "no symbols, pdb, dll, folder or development files in the zip" \
  no_entry_like "$zip" '\.(pdb|dbg|dll)$|Development|staticwebassets|/$'
check "zip is under Lambda's 50 MB direct-upload limit" test "$(stat -c %s "$zip")" -le "$max_zip_bytes"

task=$work/var-task
mkdir -p "$task" && unzip -q "$zip" -d "$task"
elf_x86_64() { # ELF magic, 64-bit class, e_machine 0x3e (x86-64)
  [ "$(od -An -tx1 -N5 "$1" | tr -d ' ')" = 7f454c4602 ] && [ "$(od -An -tx1 -j18 -N2 "$1" | tr -d ' ')" = 3e00 ]
}
check "bootstrap is an ELF 64-bit x86-64 executable" elf_x86_64 "$task/bootstrap"
max_glibc=$(objdump -T "$task/bootstrap" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -1)
echo "  newest glibc symbol version required: $max_glibc (Amazon Linux 2023 has $al2023_glibc)"
check "bootstrap needs no glibc newer than Amazon Linux 2023's $al2023_glibc" \
  test "$(printf '%s\n%s\n' "$max_glibc" "$al2023_glibc" | sort -V | tail -1)" = "$al2023_glibc"

# The stack sets settings as environment variables; this one goes into the file to see that the file itself is read.
sed -i "s|\"BotAliasArn\": \"\"|\"BotAliasArn\": \"$bot_alias\"|" "$task/appsettings.json"
if start "$task" "$task/bootstrap" "$work/aot.out"; then
  check "AOT: GET /healthz answers 200" healthz
  check "AOT: /healthz reports status ok and $departments departments" \
    json_check "$work/healthz.json" "r.status === 'ok' && r.departments === $departments"
  check "AOT: POST /events NEW_INBOUND_CALL answers 200" post /events "$fixtures/sma/new-inbound-call.json" "$work/sma.json"
  check "AOT: the answer is SchemaVersion 1.0 with StartBotConversation for the caller's CallId" \
    json_check "$work/sma.json" "$sma_starts_bot"
  check "AOT: appsettings.json next to bootstrap is read (its BotAliasArn is in the action)" \
    json_check "$work/sma.json" "r.Actions[0].Parameters.BotAliasArn === '$bot_alias'"
  check "AOT: POST /events Lex dialog hook answers 200" post /events "$fixtures/lex/dialog-hook-department-valid.json" "$work/lex.json"
  check "AOT: the Lex answer is a valid Close of RouteCall with Department=history" json_check "$work/lex.json" "$lex_routes_history"
  check "AOT: exits 0 on SIGTERM" stop
  check "AOT: every stdout line is a JSON object" all_lines_json "$work/aot.out"
else
  check "AOT: bootstrap starts and answers /healthz within 10 s" false
fi

# Lambda starts bootstrap in /var/task; started anywhere else, ASPNETCORE_CONTENTROOT says where its files are.
if start / "$task/bootstrap" "$work/aot-elsewhere.out" ASPNETCORE_CONTENTROOT="$task"; then
  post /events "$fixtures/sma/new-inbound-call.json" "$work/sma-elsewhere.json"
  check "AOT from another directory with ASPNETCORE_CONTENTROOT: reads the packaged appsettings.json" \
    json_check "$work/sma-elsewhere.json" "r.Actions[0].Parameters.BotAliasArn === '$bot_alias'"
  stop
else
  check "AOT from another directory: starts and answers /healthz within 10 s" false
fi

echo "== Managed package (dotnet10 fallback)"
bash scripts/package-lambda.sh --managed
zip=artifacts/lambda/ivr-api-managed.zip
check "package-lambda.sh --managed builds artifacts/lambda/ivr-api-managed.zip" test -s "$zip"
check "managed publish has no warning" no_warnings artifacts/lambda/publish-managed.log
zipinfo "$zip" > "$work/zipinfo-managed.txt" 2>&1
check "the app host IvrApi (the Handler) is stored executable" grep -qE '^-rwx.* IvrApi$' "$work/zipinfo-managed.txt"
check "IvrApi.dll, its runtimeconfig and the settings files are in the managed zip" \
  has_entries "$zip" IvrApi.dll IvrApi.runtimeconfig.json appsettings.json departments.json
check "no pdb or development files in the managed zip" no_entry_like "$zip" '\.pdb$|Development|staticwebassets'

managed=$work/var-task-managed
mkdir -p "$managed" && unzip -q "$zip" -d "$managed"
# On Lambda the runtime exports DOTNET_ROOT; here it is the SDK's own.
export DOTNET_ROOT=${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}
if start "$managed" "$managed/IvrApi" "$work/managed.out"; then
  check "managed: POST /events NEW_INBOUND_CALL answers 200" post /events "$fixtures/sma/new-inbound-call.json" "$work/sma-managed.json"
  check "managed: the answer is SchemaVersion 1.0 with StartBotConversation" json_check "$work/sma-managed.json" "$sma_starts_bot"
  check "managed: exits 0 on SIGTERM" stop
  check "managed: every stdout line is a JSON object" all_lines_json "$work/managed.out"
else
  check "managed: IvrApi starts and answers /healthz within 10 s" false
fi

echo "$passed $failed" > "$counts"
echo "lambda-package: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
