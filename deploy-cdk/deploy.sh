#!/usr/bin/env bash
# The one deploy command: builds the IvrApi Lambda package, synthesizes the stack with the pinned CDK CLI, checks that
# template offline against AWS's published specifications (spec-check), and deploys exactly what was checked.
# Usage (from anywhere): bash deploy-cdk/deploy.sh [cdk options, e.g. -c phoneNumber=+12065550100]
# Region: AWS_REGION (us-east-1 or us-west-2), the same for the CLI and the app.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# A package of your own (-c lambdaZip=...) is used as it is; otherwise build ours.
if [[ " $* " != *lambdaZip=* ]]; then
  bash scripts/package-lambda.sh
  # Never deploy the placeholder bootstrap: a phone number answered by it would leave callers in silence.
  if [ ! -f artifacts/lambda/ivr-api.zip ]; then
    echo "deploy: artifacts/lambda/ivr-api.zip is missing after scripts/package-lambda.sh; pass -c lambdaZip=<zip>" >&2
    exit 1
  fi
fi

npm ci --no-audit --no-fund --loglevel=error
bash scripts/ensure-apt.sh python3-botocore   # the AWS SDK models spec-check reads
out=$root/artifacts/deploy/cdk.out
rm -rf "$out"
echo "deploy: synthesizing into $out"
npx aws-cdk synth --quiet --no-notices --output "$out" "$@"
templates=("$out"/*.template.json)
[ -f "${templates[0]}" ] || { echo "deploy: the synthesis wrote no template into $out" >&2; exit 1; }
for template in "${templates[@]}"; do
  echo "deploy: spec-check $template"
  if ! node spec-check/check-template.mjs "$template"; then
    echo "deploy: $template breaks AWS's published specifications (above); nothing was deployed" >&2
    exit 1
  fi
done
npx aws-cdk deploy --app "$out" --require-approval broadening "$@"
