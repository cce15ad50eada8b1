#!/usr/bin/env bash
# The one test command: installs what the suites need (Debian and npm packages), runs every suite,
# and ends with one summary line "N passed, N failed". Exit status is non-zero when any suite fails.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export IVR_RESULTS_DIR="$root/artifacts/test-results"
rm -rf "$IVR_RESULTS_DIR" && mkdir -p "$IVR_RESULTS_DIR"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Each suite is a script that installs its own needs, runs its tests and writes
# "$IVR_RESULTS_DIR/<suite>.counts" as "<passed> <failed>".
suites=(scripts/test-dotnet.sh)
for s in pbx/ci.sh sip-web-client/ci.sh deploy-cdk/ci.sh tools/ci.sh scripts/test-lambda-package.sh; do
  [ -f "$s" ] && suites+=("$s")
done

failed_suites=()
for suite in "${suites[@]}"; do
  echo "::: $suite"
  start=$(date +%s)
  if ! bash "$suite"; then failed_suites+=("$suite"); fi
  echo "::: $suite finished in $(( $(date +%s) - start )) s"
done

passed=0; failed=0
for f in "$IVR_RESULTS_DIR"/*.counts; do
  [ -f "$f" ] || continue
  read -r p fl < "$f"
  printf '  %-28s %4d passed, %d failed\n' "$(basename "$f" .counts)" "$p" "$fl"
  passed=$((passed + p)); failed=$((failed + fl))
done
if [ ${#failed_suites[@]} -gt 0 ]; then
  echo "Failed suites: ${failed_suites[*]}"
  [ "$failed" -gt 0 ] || failed=${#failed_suites[@]}
fi
echo "$passed passed, $failed failed"
[ ${#failed_suites[@]} -eq 0 ] && [ "$failed" -eq 0 ]
