#!/usr/bin/env bash
# Cold start of the two Lambda packages: Native AOT (provided.al2023) vs the managed dotnet10 build (JIT, ReadyToRun).
# Each run execs the unzipped package from its own folder (as Lambda does from /var/task) and stops at the first
# valid answer to a NEW_INBOUND_CALL on /sma. Builds the packages with scripts/package-lambda.sh when they are
# missing or with --rebuild. Usage: bash bench/coldstart.sh [--rebuild] [RUNS]   (default 15 runs each)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rebuild=false
[ "${1:-}" = --rebuild ] && { rebuild=true; shift; }
runs=${1:-15}

lambda=artifacts/lambda
if $rebuild || [ ! -x "$lambda/aot/package/bootstrap" ]; then bash scripts/package-lambda.sh; fi
if $rebuild || [ ! -x "$lambda/managed/package/IvrApi" ]; then bash scripts/package-lambda.sh --managed; fi
# The managed runtime exports DOTNET_ROOT; here the SDK's runtime stands in for it.
export DOTNET_ROOT=${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}

echo "commit $(git rev-parse --short HEAD); $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "AOT bootstrap $(stat -c %s "$lambda/aot/package/bootstrap") bytes, zip $(stat -c %s "$lambda/ivr-api.zip") bytes;" \
  "managed package $(du -sb "$lambda/managed/package" | cut -f1) bytes, zip $(stat -c %s "$lambda/ivr-api-managed.zip") bytes"
node bench/coldstart.mjs --runs "$runs" --json artifacts/bench/coldstart.json \
  "aot=$root/$lambda/aot/package:bootstrap" "jit=$root/$lambda/managed/package:IvrApi"
