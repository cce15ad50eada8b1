#!/usr/bin/env bash
# The PBX's queues under load (BENCHMARKS.md, "PBX: calls into queues"): starts the real Asterisk 22 of
# pbx/local-pbx.sh with pbx/tests/directory.json, runs bench/pbx-queues.py inside its namespace, stops it. Run as
# root; not part of CI. Settings (environment): IVR_BENCH_RATES ("5 10 20 40 80 120" calls a second), IVR_BENCH_STEP_SECONDS
# (4: how long each rate is offered), IVR_BENCH_HOLD_SECONDS (4: how long each caller waits), IVR_BENCH_CONCURRENT
# ("20 50" callers waiting at once), IVR_PBX_NETNS (ivr-bench). Raw figures: artifacts/bench/pbx-queues-<time>.json.
set -euo pipefail
cd "$(dirname "$0")/.."
export IVR_PBX_NETNS=${IVR_PBX_NETNS:-ivr-bench} IVR_PBX_DIRECTORY=${IVR_PBX_DIRECTORY:-$PWD/pbx/tests/directory.json}
mkdir -p artifacts/bench
out=$PWD/artifacts/bench/pbx-queues-$(date -u +%Y%m%dT%H%M%SZ).json
bash pbx/local-pbx.sh start
trap 'bash pbx/local-pbx.sh stop' EXIT
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB;" \
  "Asterisk $(bash pbx/local-pbx.sh rx 'core show version' | awk '{print $2}'), SIPp $(sipp -v 2>&1 | grep -o 'v[0-9.]*' | head -1)"
PYTHONDONTWRITEBYTECODE=1 ip netns exec "$IVR_PBX_NETNS" python3 bench/pbx-queues.py "$out"
echo "raw figures: $out"
