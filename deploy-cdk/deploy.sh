#!/usr/bin/env bash
# The one deploy command: builds the IvrApi Lambda package, then deploys the whole stack with the pinned CDK CLI.
# Usage (from anywhere): bash deploy-cdk/deploy.sh [cdk options, e.g. -c phoneNumber=+12065550100]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ -f scripts/package-lambda.sh ]; then
  bash scripts/package-lambda.sh
fi
# Never deploy the placeholder bootstrap: a phone number answered by it would leave callers in silence.
if [ ! -f artifacts/lambda/ivr-api.zip ] && [[ " $* " != *lambdaZip=* ]]; then
  echo "deploy: artifacts/lambda/ivr-api.zip is missing; run scripts/package-lambda.sh or pass -c lambdaZip=<zip>" >&2
  exit 1
fi

npm ci --no-audit --no-fund --loglevel=error
npx aws-cdk deploy --require-approval broadening "$@"
