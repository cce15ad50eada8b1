#!/usr/bin/env bash
# The local stack: the PBX host's whole path as on AWS, on this machine. Run as root from anywhere.
#
#   pbx/local-stack.sh up       dynalite (DynamoDB), s3rver (S3), the SNS stand-in, the real Asterisk (local-pbx.sh),
#                               the directory sync and the voicemail uploader (pbx/host/*.py, through the aws CLI);
#                               the Departments table seeded from IvrApi/departments.json
#   pbx/local-stack.sh down
#   pbx/local-stack.sh env      the settings, as `export NAME=value` lines (for IvrApi, tests, the aws CLI)
#
# Everything listens on the host's 127.0.0.1 (Asterisk in its namespace, see local-pbx.sh). IvrApi shares the
# directory with the PBX when run with: Directory__Provider=DynamoDb Directory__TableName=$IVR_DEPARTMENTS_TABLE
# Directory__AgentsTable=$IVR_AGENTS_TABLE Agents__SecretDirectory=$IVR_AGENT_SECRETS_DIR
# AWS_ENDPOINT_URL_DYNAMODB=$IVR_AWS_ENDPOINT_URL Voicemail__Bucket=$IVR_VOICEMAIL_BUCKET
# Voicemail__ServiceUrl=$IVR_S3_ENDPOINT_URL and the credentials below (`env` prints them all).
# Settings: IVR_STACK_DYNAMODB_PORT (4567), IVR_STACK_S3_PORT (4568), IVR_STACK_SNS_PORT (4575),
# IVR_SYNC_INTERVAL_SECONDS (5 here), and those of local-pbx.sh (IVR_PBX_NETNS, IVR_ASTERISK_ROOT).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
state=$repo/.cache/local-stack
tools=$repo/pbx/stack
root=${IVR_ASTERISK_ROOT:-$repo/.cache/asterisk-chroot}
dynamodb_port=${IVR_STACK_DYNAMODB_PORT:-4567} s3_port=${IVR_STACK_S3_PORT:-4568} sns_port=${IVR_STACK_SNS_PORT:-4575}

settings() {
  cat <<EOF
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_PAGER=''
export IVR_REGION=us-east-1 IVR_AWS_CLI=/usr/bin/aws
export IVR_AWS_ENDPOINT_URL=http://127.0.0.1:$dynamodb_port IVR_DYNAMODB_ENDPOINT_URL=http://127.0.0.1:$dynamodb_port
export IVR_S3_ENDPOINT_URL=http://127.0.0.1:$s3_port IVR_SNS_ENDPOINT_URL=http://127.0.0.1:$sns_port
export IVR_DEPARTMENTS_TABLE=ivr-departments IVR_AGENTS_TABLE=ivr-agents
export IVR_AGENT_SECRETS_DIR=$state/agent-secrets
export IVR_VOICEMAIL_BUCKET=ivr-voicemail IVR_VOICEMAIL_TOPIC_ARN=arn:aws:sns:us-east-1:000000000000:ivr-voicemail
export IVR_VOICEMAIL_SPOOL_DIR=$root/var/spool/ivr-pbx/voicemail IVR_VOICEMAIL_STATE_DIR=$state/voicemail
export IVR_SNS_RECORD=$state/sns-published.jsonl
export IVR_PBX_RENDER_ARGS=$repo/.cache/local-pbx/render.args IVR_PBX_STATE_DIR=$state/sync
export IVR_PBX_ETC_DIR=$root/etc/asterisk IVR_PBX_PROMPT_DIR=$root/var/lib/asterisk/sounds/ivr-pbx
export IVR_PBX_ASTERISK='chroot $root /usr/sbin/asterisk' IVR_PROMPT_ENGINE=espeak
export IVR_SYNC_INTERVAL_SECONDS=${IVR_SYNC_INTERVAL_SECONDS:-5} IVR_VOICEMAIL_INTERVAL_SECONDS=5
EOF
}

background() { # NAME COMMAND...: started in its own session, its PID in $state/NAME.pid, its output in NAME.log
  local name=$1; shift
  setsid "$@" </dev/null >"$state/$name.log" 2>&1 &
  echo $! > "$state/$name.pid"
}

wait_port() {
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "local-stack: nothing listens on 127.0.0.1:$1; see $state/*.log" >&2
  return 1
}

up() {
  [ -s "$state/dynalite.pid" ] && down
  bash "$repo/scripts/ensure-apt.sh" awscli python3 espeak-ng sox
  # npm ci only when the lock file changed: it empties node_modules first.
  if ! cmp -s "$tools/package-lock.json" "$tools/node_modules/.ivr-package-lock.json"; then
    (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error) && cp "$tools/package-lock.json" "$tools/node_modules/.ivr-package-lock.json"
  fi
  # A port another stack (another worktree, a CI run) holds would hand this stack's clients someone else's tables:
  # refuse at once, naming it, rather than wait for our own server to fail behind it.
  local port
  for port in "$dynamodb_port" "$s3_port" "$sns_port"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "local-stack: 127.0.0.1:$port is in use (another local stack?); stop it, wait, or set IVR_STACK_*_PORT" >&2
      return 75 # EX_TEMPFAIL: worth retrying later (pbx/ci.sh does)
    fi
  done
  rm -rf "$state"
  mkdir -p "$state/s3" "$state/agent-secrets" "$state/voicemail"
  chmod 700 "$state/agent-secrets"
  settings > "$state/env"
  # shellcheck source=/dev/null
  source "$state/env"
  background dynalite node "$tools/node_modules/dynalite/cli.js" --host 127.0.0.1 --port "$dynamodb_port" \
    --createTableMs 0 --deleteTableMs 0 --updateTableMs 0
  background s3rver node "$tools/node_modules/s3rver/bin/s3rver.js" --directory "$state/s3" --address 127.0.0.1 \
    --port "$s3_port" --silent --configure-bucket "$IVR_VOICEMAIL_BUCKET"
  background sns python3 "$tools/sns_stand_in.py" --port "$sns_port" --record "$IVR_SNS_RECORD" \
    --model "$tools/node_modules/aws-sdk/apis/sns-2010-03-31.min.json" --topic "$IVR_VOICEMAIL_TOPIC_ARN"
  wait_port "$dynamodb_port" && wait_port "$s3_port" && wait_port "$sns_port"
  local table key
  for table in "$IVR_DEPARTMENTS_TABLE:department_name" "$IVR_AGENTS_TABLE:agent_id"; do
    key=${table#*:} table=${table%%:*}
    "$IVR_AWS_CLI" --endpoint-url "$IVR_AWS_ENDPOINT_URL" dynamodb create-table --table-name "$table" --billing-mode PAY_PER_REQUEST \
      --attribute-definitions "AttributeName=$key,AttributeType=S" --key-schema "AttributeName=$key,KeyType=HASH" >/dev/null
    "$IVR_AWS_CLI" --endpoint-url "$IVR_AWS_ENDPOINT_URL" dynamodb wait table-exists --table-name "$table"
  done
  python3 - "$repo/IvrApi/departments.json" <<'EOF' | while read -r item; do
import json, sys
for position, d in enumerate(json.load(open(sys.argv[1]))):
    print(json.dumps({"department_name": {"S": d["department_name"]}, "service": {"S": d["service"]},
                      "number": {"S": d["number"]}, "position": {"N": str(position)}}))
EOF
    "$IVR_AWS_CLI" --endpoint-url "$IVR_AWS_ENDPOINT_URL" dynamodb put-item --table-name "$IVR_DEPARTMENTS_TABLE" --item "$item"
  done
  # Asterisk starts on the seed directory rendered as the sync daemon renders it (contract 4 of docs/contracts.md, no agents yet),
  # so the files the daemon does not reload live (modules.conf among them) are already those of the stack.
  python3 - "$repo/IvrApi/departments.json" > "$state/seed-directory.json" <<'EOF'
import json, sys
print(json.dumps({"departments": [{"name": d["department_name"], "max_wait_seconds": 300}
                                  for d in json.load(open(sys.argv[1])) if d["service"] == "voiceConnector"], "agents": []}))
EOF
  IVR_PBX_DIRECTORY=$state/seed-directory.json bash "$repo/pbx/local-pbx.sh" start
  background sync python3 "$repo/pbx/host/directory_sync.py"
  background voicemail python3 "$repo/pbx/host/voicemail_upload.py"
  # Up means following the directory: the daemon's first pass has applied it (prompts made, files reloaded).
  for _ in $(seq 120); do
    grep -q '"extensions.conf"' "$IVR_PBX_STATE_DIR/loaded.json" 2>/dev/null && break
    sleep 0.5
  done
  grep -q '"extensions.conf"' "$IVR_PBX_STATE_DIR/loaded.json" 2>/dev/null \
    || { echo "local-stack: the directory sync did not apply the directory in 60 s; see $state/sync.log" >&2; return 1; }
  echo "local-stack: up; settings: source $state/env" >&2
}

down() {
  local name
  for name in sync voicemail sns s3rver dynalite; do
    if [ -s "$state/$name.pid" ]; then kill -- "-$(cat "$state/$name.pid")" 2>/dev/null || true; rm -f "$state/$name.pid"; fi
  done
  bash "$repo/pbx/local-pbx.sh" stop
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  env) cat "$state/env" ;;
  *) sed -n '2,16p' "$0" >&2; exit 2 ;;
esac
