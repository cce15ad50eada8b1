#!/usr/bin/env bash
# The service's tests: IvrApi.Tests (unit, endpoint, mutation, dynalite and signing tests).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
results=${IVR_RESULTS_DIR:-$root/artifacts/test-results}
mkdir -p "$results"

# dynalite: a DynamoDB-protocol server the DynamoDB adapter tests start on loopback; python3-botocore: the AWS SDK
# service models spec-check/api-model.mjs checks the PutSession request against.
(cd IvrApi.Tests/tools && npm ci --no-audit --no-fund --loglevel=error) && bash scripts/ensure-apt.sh python3-botocore \
  || { echo "0 1" > "$results/ivrapi.counts"; exit 1; }

log="$results/ivrapi-tests.log"
dotnet test IvrApi.Tests/IvrApi.Tests.csproj --logger "console;verbosity=normal" 2>&1 | tee "$log" | grep -aE "^\s+Failed |Total tests|^\s+(Passed|Failed): |: error |Phrase set|^\|"
status=${PIPESTATUS[0]}

passed=$(grep -aEo "Passed: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -aEo "Failed: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}')
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "$passed $failed" > "$results/ivrapi.counts"
exit "$status"
