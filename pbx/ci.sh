#!/usr/bin/env bash
# pbx tests: renderer, dialplan model, prompt generators (espeak-ng, sox, Polly through a fake AWS CLI), shell
# scripts (bash -n, shellcheck), and the rendered configuration on a real Asterisk 22 (pbx/local-pbx.sh: Debian
# sid chroot, network namespace) called by SIPp as the Voice Connector; then the host daemons on the local stack
# (pbx/local-stack.sh: dynalite, s3rver, the SNS stand-in, the Debian aws CLI, that Asterisk). Writes
# $IVR_RESULTS_DIR/pbx.counts.
# Run as root from anywhere; about 3 minutes on a fresh machine (the chroot is built once into .cache/).
set -euo pipefail
cd "$(dirname "$0")/.."
results=${IVR_RESULTS_DIR:-artifacts/test-results}
mkdir -p "$results"
echo "0 1" > "$results/pbx.counts" # until the tests have run
bash scripts/ensure-apt.sh python3 espeak-ng sox shellcheck sip-tester tcpdump strace iproute2 openssl debootstrap fail2ban iptables awscli
export IVR_PBX_NETNS=${IVR_PBX_NETNS:-ivr-pbx-ci}
# tests/test_load_ivr_call.py runs tools/ivr-call from inside the PBX's namespace back in this one (nsenter).
export IVR_HOST_NETNS=/proc/$$/ns/net
# Four agents in the seed departments (tests/test_teams.py); messages of at most 10 s: the callers that SIPp plays send
# no audio, so their recordings end at the limit, not on silence.
export IVR_PBX_DIRECTORY=${IVR_PBX_DIRECTORY:-$PWD/pbx/tests/directory.json} IVR_PBX_VOICEMAIL_SECONDS=${IVR_PBX_VOICEMAIL_SECONDS:-10}
trap 'bash pbx/local-stack.sh down; bash pbx/local-pbx.sh stop' EXIT
# Two runs of the real Asterisk: the Voice Connector in the clear on 5060 (every test but the encrypted ones; SIPp from
# Debian 12 has no TLS), then as deployed by default, TLS on 5061 and SRTP only, with the fail2ban lock-out.
encrypted=test_asterisk_encrypted
stack=(test_stack_e2e test_sync test_voicemail_upload)
# The load checks (24 SIPp callers at once, tests/test_load.py; several callers through tools/ivr-call --pbx,
# tests/test_load_ivr_call.py) get an Asterisk of their own: app_queue's hold-time estimates and the agents'
# round-robin memory they leave behind would change what the teams tests hear.
load=(test_load test_load_ivr_call)
phase() { # ENCRYPTION COUNTS RUN.PY-ARGS...: without Asterisk, its tests fail
  local encryption=$1 counts=$2 in_namespace=()
  shift 2
  echo "0 1" > "$counts" # until the tests have run
  if IVR_PBX_VC_ENCRYPTION=$encryption bash pbx/local-pbx.sh start; then
    in_namespace=(ip netns exec "$IVR_PBX_NETNS")
  fi
  # Debian's python3: the tests need nothing beyond its standard library.
  PYTHONDONTWRITEBYTECODE=1 "${in_namespace[@]}" /usr/bin/python3 pbx/tests/run.py "$counts" "$@"
  local status=$?
  bash pbx/local-pbx.sh stop
  return $status
}
status=0
# Each phase's counts stay out of $results, where scripts/test.sh adds up every *.counts file.
phases=$(mktemp -d)
phase off "$phases/plain" --skip "$encrypted" "${load[@]}" "${stack[@]}" || status=1
phase off "$phases/load" --only "${load[@]}" || status=1
phase required "$phases/encrypted" --only "$encrypted" || status=1
# Third: the local stack, its daemons on the host (the aws CLI reaches the stand-ins on the host's loopback; the tests
# reach Asterisk through local-pbx.sh rx/exec/call).
echo "0 1" > "$phases/stack"
# Another worktree's or CI run's stack may hold the fixed ports for a while: retry a busy port (exit 75) for up to
# IVR_STACK_PORT_WAIT_SECONDS (180), then fail naming the port.
stack_up() {
  local waited=0 rc
  while true; do
    bash pbx/local-stack.sh up && return 0
    rc=$?
    [ "$rc" -eq 75 ] && [ "$waited" -lt "${IVR_STACK_PORT_WAIT_SECONDS:-180}" ] || return "$rc"
    echo "pbx: a local-stack port is busy; retrying in 15 s" >&2
    sleep 15; waited=$((waited + 15))
  done
}
if stack_up; then
  PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 pbx/tests/run.py "$phases/stack" --only "${stack[@]}" || status=1
else
  status=1
fi
bash pbx/local-stack.sh down
read -r p1 f1 < "$phases/plain"
read -r p2 f2 < "$phases/encrypted"
read -r p3 f3 < "$phases/stack"
read -r p4 f4 < "$phases/load"
rm -rf "$phases"
echo "$((p1 + p2 + p3 + p4)) $((f1 + f2 + f3 + f4))" > "$results/pbx.counts"
echo "pbx: $((p1 + p2 + p3 + p4)) passed, $((f1 + f2 + f3 + f4)) failed"
exit $status
