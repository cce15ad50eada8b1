#!/usr/bin/env bash
# pbx tests: renderer, dialplan safety (dialplan model), prompt generators (espeak-ng, sox, Polly
# through a fake AWS CLI), shell scripts (bash -n, shellcheck). Writes $IVR_RESULTS_DIR/pbx.counts.
set -euo pipefail
cd "$(dirname "$0")/.."
results=${IVR_RESULTS_DIR:-artifacts/test-results}
mkdir -p "$results"
bash scripts/ensure-apt.sh python3 espeak-ng sox shellcheck
# Debian's python3: the tests need nothing beyond its standard library.
PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 pbx/tests/run.py "$results/pbx.counts"
