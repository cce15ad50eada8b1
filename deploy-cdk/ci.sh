#!/usr/bin/env bash
# deploy-cdk suite, run from the repository root: the synthesis tests (xunit + Amazon.CDK.Assertions), the Chime
# provisioner handler tests (node --test), and one `aws-cdk synth` through the pinned npm CLI without AWS
# credentials (counted as one test) whose template spec-check/check-template.mjs then checks against AWS's published
# specifications (one more test; the synthesis tests run the same checks on every deploy option). Writes "$IVR_RESULTS_DIR/deploy-cdk.counts" as "<passed> <failed>".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
results=${IVR_RESULTS_DIR:-$root/artifacts/test-results}
work=$root/artifacts/deploy-cdk
rm -rf "$work" && mkdir -p "$results" "$work"
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 CDK_DISABLE_CLI_TELEMETRY=true

passed=0
failed=0
trap 'echo "$passed $failed" > "$results/deploy-cdk.counts"' EXIT

echo "--- npm ci (pinned aws-cdk CLI, CloudFormation schemas, IAM data); python3-botocore (AWS SDK service models)"
if ! npm ci --no-audit --no-fund --loglevel=error || ! bash scripts/ensure-apt.sh python3-botocore; then
  failed=$((failed + 1))
  exit 1
fi

echo "--- dotnet test deploy-cdk.Tests"
dotnet test deploy-cdk.Tests/deploy-cdk.Tests.csproj --logger "trx;LogFileName=deploy-cdk.trx" --results-directory "$work" 2>&1 \
  | tee "$work/dotnet-test.log" | grep -E "^\s+Failed |Passed!|Failed!|error"
counters=$(grep -o '<Counters [^>]*>' "$work/deploy-cdk.trx" 2>/dev/null)
if [ -n "$counters" ]; then
  passed=$((passed + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")))
  failed=$((failed + $(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")))
else
  echo "dotnet test produced no results (build failure?): see $work/dotnet-test.log"
  failed=$((failed + 1))
fi

echo "--- node --test chime-provisioner"
node --test deploy-cdk/chime-provisioner/provisioner.test.mjs > "$work/node-test.log" 2>&1
grep -E "^not ok" "$work/node-test.log"
node_passed=$(grep -Eo '^# pass [0-9]+' "$work/node-test.log" | grep -Eo '[0-9]+')
node_failed=$(grep -Eo '^# fail [0-9]+' "$work/node-test.log" | grep -Eo '[0-9]+')
if [ -n "$node_passed" ] && [ -n "$node_failed" ]; then
  echo "node: $node_passed passed, $node_failed failed"
  passed=$((passed + node_passed)); failed=$((failed + node_failed))
else
  failed=$((failed + 1))
fi

echo "--- npx aws-cdk synth (no credentials)"
# No credentials, no profile, no instance metadata: the synth must need none of them.
if env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_PROFILE -u AWS_DEFAULT_PROFILE \
     AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true \
     CDK_DEFAULT_ACCOUNT=111111111111 CDK_DEFAULT_REGION=us-east-1 \
     npx aws-cdk synth --quiet --no-notices --output "$work/cdk.out" > "$work/synth.log" 2>&1 \
   && grep -q '"AWS::Lex::Bot"' "$work/cdk.out/IvrCallRouter.template.json" \
   && [ ! -e cdk.context.json ]; then
  echo "synth: ok ($work/cdk.out/IvrCallRouter.template.json)"
  passed=$((passed + 1))
else
  echo "synth: FAILED"; grep -v '^!!' "$work/synth.log" | tail -20
  failed=$((failed + 1))
fi

echo "--- spec-check on the synthesized template"
if node spec-check/check-template.mjs "$work/cdk.out/IvrCallRouter.template.json" > "$work/spec-check.log" 2>&1; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi
cat "$work/spec-check.log"

echo "deploy-cdk: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
