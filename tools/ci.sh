#!/usr/bin/env bash
# tools suite, run from the repository root: tools/Tools.Tests (the call command tools/ivr-call: call scripts, its
# command line, whole calls through --url against an IvrApi it starts; and the README command check). Writes
# "$IVR_RESULTS_DIR/tools.counts" as "<passed> <failed>".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
results=${IVR_RESULTS_DIR:-$root/artifacts/test-results}
work=$root/artifacts/tools
rm -rf "$work" && mkdir -p "$results" "$work"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1

# The README check reads the AWS SDK models (python3-botocore), runs the PBX renderer and prompt maker (python3,
# espeak-ng, sox) and the README's curl commands against the service it starts; npm for the pinned CLI.
{ npm ci --no-audit --no-fund --loglevel=error && bash scripts/ensure-apt.sh python3 python3-botocore espeak-ng sox curl; } \
  || { echo "0 1" > "$results/tools.counts"; exit 1; }

dotnet test tools/Tools.Tests/Tools.Tests.csproj --logger "trx;LogFileName=tools.trx" --results-directory "$work" 2>&1 \
  | tee "$work/dotnet-test.log" | grep -E "^\s+Failed |Passed!|Failed!|error"
status=${PIPESTATUS[0]}
counters=$(grep -o '<Counters [^>]*>' "$work/tools.trx" 2>/dev/null)
if [ -n "$counters" ]; then
  passed=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
  failed=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
else
  echo "dotnet test produced no results (build failure?): see $work/dotnet-test.log"
  passed=0; failed=1
fi
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "$passed $failed" > "$results/tools.counts"
echo "tools: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
