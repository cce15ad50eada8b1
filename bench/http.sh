#!/usr/bin/env bash
# HTTP on loopback against the Native AOT package, started from its folder as on Lambda (JSON logs on stdout, here
# to /dev/null): latency at a fixed rate (hey, 20 workers x 10 req/s = 200 req/s), then saturation throughput with a
# closed loop (wrk). The client shares the machine's cores with the server, so saturation is a lower bound. For the
# fixed rate it also prints the server's CPU time per request and the time its threads waited for a core (schedstat).
# Usage: bash bench/http.sh [--rebuild]. Settings: RATE_SECONDS (30), SATURATION_SECONDS (20), CONNECTIONS (32),
# FIXTURE (sma/new-inbound-call.json under IvrApi.Tests/Fixtures), ENDPOINT (/sma). Output: artifacts/bench/http/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rate_seconds=${RATE_SECONDS:-30}
saturation_seconds=${SATURATION_SECONDS:-20}
connections=${CONNECTIONS:-32}
fixture=$root/IvrApi.Tests/Fixtures/${FIXTURE:-sma/new-inbound-call.json}
endpoint=${ENDPOINT:-/sma}
out=$root/artifacts/bench/http
mkdir -p "$out"

bash scripts/ensure-apt.sh hey wrk curl
package=artifacts/lambda/aot/package
if [ "${1:-}" = --rebuild ] || [ ! -x "$package/bootstrap" ]; then bash scripts/package-lambda.sh; fi

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
url=http://127.0.0.1:$port$endpoint
(cd "$package" && exec env AWS_LAMBDA_FUNCTION_NAME=bench ASPNETCORE_URLS="http://127.0.0.1:$port" ./bootstrap > /dev/null) &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.05; done

# A wrong answer at full speed proves nothing: check one first.
curl -s -H 'Content-Type: application/json' --data-binary @"$fixture" "$url" | grep -q '"SchemaVersion":"1.0"' \
  || { echo "no valid SMA answer from $url" >&2; exit 1; }

echo "commit $(git rev-parse --short HEAD); $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "POST $endpoint with ${fixture#"$root"/}"
hey -z 3s -c 4 -m POST -T application/json -D "$fixture" "$url" > /dev/null # warm-up

# Nanoseconds the server's threads ran and waited for a CPU, summed over its live threads.
sched() { cat /proc/"$pid"/task/*/schedstat | awk '{ run += $1; wait += $2 } END { printf "%.0f %.0f\n", run, wait }'; }
read -r run0 wait0 < <(sched)
hey -z "${rate_seconds}s" -c 20 -q 10 -m POST -T application/json -D "$fixture" "$url" > "$out/fixed-rate.txt"
read -r run1 wait1 < <(sched)
requests=$(awk '/^ +\[200\]/ { print $2 }' "$out/fixed-rate.txt")
echo "fixed rate 200 req/s for ${rate_seconds}s: $(grep -E 'Requests/sec' "$out/fixed-rate.txt" | xargs)"
echo "  server CPU $(( (run1 - run0) / requests / 1000 )) us/request; its threads waited $(( (wait1 - wait0) / requests / 1000 )) us/request for a core"
grep -E '^\s+(50|90|99)% in' "$out/fixed-rate.txt" | sed 's/^ */  /'
grep -E '^\s+\[[0-9]+\]' "$out/fixed-rate.txt" | sed 's/^ */  status /'

BODY_FILE=$fixture wrk -t 1 -c "$connections" -d "${saturation_seconds}s" --latency -s bench/post.lua "$url" > "$out/saturation.txt"
echo "saturation, $connections connections for ${saturation_seconds}s: $(grep 'Requests/sec' "$out/saturation.txt" | xargs)"
grep -E '^\s+(50|90|99)%' "$out/saturation.txt" | sed 's/^ */  /'
! grep -E 'Non-2xx|Socket errors' "$out/saturation.txt"
echo "peak RSS of the server: $(awk '/VmHWM/ {printf "%.1f MiB", $2/1024}' /proc/$pid/status)"
