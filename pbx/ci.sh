#!/usr/bin/env bash
# pbx tests: renderer, dialplan model, prompt generators (espeak-ng, sox, Polly through a fake AWS CLI), shell
# scripts (bash -n, shellcheck), and the rendered configuration on a real Asterisk 22 (pbx/local-pbx.sh: Debian
# sid chroot, network namespace) called by SIPp as the Voice Connector. Writes $IVR_RESULTS_DIR/pbx.counts.
# Run as root from anywhere; about 3 minutes on a fresh machine (the chroot is built once into .cache/).
set -euo pipefail
cd "$(dirname "$0")/.."
results=${IVR_RESULTS_DIR:-artifacts/test-results}
mkdir -p "$results"
echo "0 1" > "$results/pbx.counts" # until the tests have run
bash scripts/ensure-apt.sh python3 espeak-ng sox shellcheck sip-tester tcpdump strace iproute2 openssl debootstrap
export IVR_PBX_NETNS=ivr-pbx-ci
trap 'bash pbx/local-pbx.sh stop' EXIT
in_namespace=()
if bash pbx/local-pbx.sh start; then
  in_namespace=(ip netns exec "$IVR_PBX_NETNS")
fi
# Debian's python3: the tests need nothing beyond its standard library. Without Asterisk, its tests fail.
PYTHONDONTWRITEBYTECODE=1 "${in_namespace[@]}" /usr/bin/python3 pbx/tests/run.py "$results/pbx.counts"
