#!/usr/bin/env bash
# sip-web-client CI: unit tests (Vitest), then the end-to-end suites in real headless Chromium: against
# Kamailio, rtpengine and SIPp on 127.0.0.1, and against the project's PBX on a real Asterisk 22 (pbx/local-pbx.sh,
# in a network namespace of its own) with SIPp as the Voice Connector. Run from the repository root as root.
# Writes "<passed> <failed>" to $IVR_RESULTS_DIR/sip-web-client.counts.
set -uo pipefail
root=$(pwd)
results=${IVR_RESULTS_DIR:-$root/artifacts/test-results}
out=$root/artifacts/sip-web-client
mkdir -p "$results" "$out"
counts=$results/sip-web-client.counts
echo "0 1" > "$counts" # until the suites have run

bash scripts/ensure-apt.sh chromium fonts-liberation kamailio kamailio-websocket-modules rtpengine-daemon sip-tester iptables tcpdump || exit 1
# The PBX's directory for these suites: departments and agents (alice, bob, carol) with their passwords.
export IVR_PBX_NETNS=${IVR_PBX_NETNS:-ivr-pbx-swc} IVR_PBX_RING_SECONDS=6 IVR_PBX_DIRECTORY=$root/sip-web-client/e2e/directory.json

# The e2e harness lists the PIDs of the daemons and SIPp calls it has running; end them even if the run crashes.
cleanup() {
  if [ -s "$out/pids" ]; then
    while read -r pid; do kill "$pid" 2>/dev/null; done < "$out/pids"
  fi
  rm -f "$out/pids"
  bash "$root/pbx/local-pbx.sh" stop
}
trap cleanup EXIT

cd "$root/sip-web-client"
npm ci --no-audit --no-fund || exit 1
rm -f "$out"/unit.json "$out"/e2e.json "$out"/e2e-asterisk.json
npm test -- --reporter=default --reporter=json --outputFile.json="$out/unit.json"
unit=$?
npm run test:e2e -- --reporter=default --reporter=json --outputFile.json="$out/e2e.json"
e2e=$?
# The Asterisk suite runs inside the PBX's namespace (browser, web server and SIPp with it); if Asterisk does not
# start, the suite's missing report counts as a failure.
e2e_asterisk=1
# The whole-call test runs tools/ivr-call (and IvrApi) inside the namespace, which reaches no package feed: build first.
if (cd "$root" && dotnet build tools/ivr-call --nologo -v q && dotnet build IvrApi --nologo -v q && dotnet build deploy-cdk --nologo -v q) > "$out/ivr-call-build.log" 2>&1 \
   && bash "$root/pbx/local-pbx.sh" start; then
  ip netns exec "$IVR_PBX_NETNS" npm run test:e2e:asterisk -- --reporter=default --reporter=json --outputFile.json="$out/e2e-asterisk.json"
  e2e_asterisk=$?
fi

# A suite that crashed before writing its report counts as one failure.
node -e '
  const fs = require("fs");
  let passed = 0, failed = 0;
  for (const f of process.argv.slice(1)) {
    try { const r = JSON.parse(fs.readFileSync(f, "utf8")); passed += r.numPassedTests; failed += r.numFailedTests; }
    catch { failed += 1; }
  }
  console.log(`${passed} ${failed}`);
' "$out/unit.json" "$out/e2e.json" "$out/e2e-asterisk.json" > "$counts"
echo "sip-web-client: $(cat "$counts") (passed failed)"
[ "$unit" -eq 0 ] && [ "$e2e" -eq 0 ] && [ "$e2e_asterisk" -eq 0 ]
