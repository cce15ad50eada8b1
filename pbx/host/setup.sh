#!/usr/bin/env bash
# Sets up the IVR PBX on Ubuntu LTS (24.04: Asterisk 20; 22.04: Asterisk 18): installs Asterisk
# from the distribution, renders its configuration from the settings, the instance metadata and
# the directory (host/directory_sync.py: the Departments and Agents tables, each agent's secret), makes the prompts
# with Amazon Polly, (re)starts Asterisk, and starts the two host daemons: ivr-pbx-sync (the PBX follows the
# directory live) and ivr-pbx-voicemail (voicemail from the spool to S3 and SNS).
# Idempotent: run it again after changing a setting (sudo bash /opt/ivr-pbx/host/setup.sh).
#
# Settings (environment; user-data.sh saves the deploy project's in /etc/ivr-pbx/settings.env):
#   required  IVR_REGION IVR_PUBLIC_IP IVR_VOICE_CONNECTOR_HOST IVR_DEPARTMENTS_TABLE IVR_AGENTS_TABLE
#             IVR_AGENT_SECRET_PREFIX IVR_VOICEMAIL_BUCKET IVR_VOICEMAIL_TOPIC_ARN
#   optional  IVR_SYNC_INTERVAL_SECONDS (15)  IVR_QUEUE_MAX_WAIT_SECONDS (300)  IVR_VOICEMAIL_INTERVAL_SECONDS (10)
#             IVR_POLLY_VOICE (Joanna)  IVR_POLLY_ENGINE (neural)
#             IVR_VOICE_CONNECTOR_CIDRS (the region's row of voice-connector-signaling.tsv)
#             IVR_WSS_PORT (8089)  IVR_RTP_START (10000)  IVR_RTP_END (20000)
#             IVR_AGENT_RING_SECONDS (15)  IVR_QUEUE_STRATEGY (rrmemory)  IVR_QUEUE_ANNOUNCE_SECONDS (30)
#             IVR_VOICEMAIL_MAX_SECONDS (120)  IVR_PROMPT_TEXT  IVR_UNKNOWN_PROMPT_TEXT
#             IVR_TLS_CERT_FILE IVR_TLS_KEY_FILE (where the certificate goes; see certificate.sh)
#             IVR_PBX_HOST_NAME (a DNS name pointing here: a Let's Encrypt certificate; none: self-signed)
#             IVR_VOICE_CONNECTOR_ENCRYPTION (required: TLS 5061 and SRTP; off: plain SIP on 5060 and RTP)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
settings=/etc/ivr-pbx/settings.env
# shellcheck source=/dev/null
if [ -z "${IVR_PUBLIC_IP:-}" ] && [ -f "$settings" ]; then source "$settings"; fi
: "${IVR_REGION:?}" "${IVR_PUBLIC_IP:?}" "${IVR_VOICE_CONNECTOR_HOST:?}" "${IVR_DEPARTMENTS_TABLE:?}" "${IVR_AGENTS_TABLE:?}"
: "${IVR_AGENT_SECRET_PREFIX:?}" "${IVR_VOICEMAIL_BUCKET:?}" "${IVR_VOICEMAIL_TOPIC_ARN:?}"
cert=${IVR_TLS_CERT_FILE:-/etc/asterisk/keys/ivr-pbx.crt}
key=${IVR_TLS_KEY_FILE:-/etc/asterisk/keys/ivr-pbx.key}
prompt_dir=/var/lib/asterisk/sounds/ivr-pbx
export PATH="$PATH:/snap/bin" IVR_REGION IVR_POLLY_VOICE IVR_POLLY_ENGINE
log() { echo "ivr-pbx setup: $*"; }
apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@"
}

log "installing Asterisk from the distribution"
apt-get -o DPkg::Lock::Timeout=600 update -qq
# espeak-ng and sox: the offline prompts whenever Polly fails (here or in the sync daemon), and the music on hold.
apt_install asterisk openssl python3 fail2ban iptables espeak-ng sox
if [ -n "${IVR_PBX_HOST_NAME:-}" ]; then apt_install certbot; fi

# Instance metadata (IMDSv2): the private address and the VPC's networks are reached without NAT.
imds() {
  local token
  token=$(curl -sf -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 300" http://169.254.169.254/latest/api/token)
  curl -sf -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1"
}
private_ip=$(imds local-ipv4)
mac=$(imds mac)
local_nets=()
for net in $(imds "network/interfaces/macs/$mac/vpc-ipv4-cidr-blocks"); do local_nets+=(--local-net "$net"); done

cidrs=${IVR_VOICE_CONNECTOR_CIDRS:-$(awk -F'\t' -v r="$IVR_REGION" '$1 == r { print $2 }' "$root/host/voice-connector-signaling.tsv")}
cidr_args=()
for cidr in ${cidrs//,/ }; do cidr_args+=(--voice-connector-cidr "$cidr"); done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash "$root/host/certificate.sh" "$cert" "$key" "$IVR_PUBLIC_IP" "${IVR_PBX_HOST_NAME:-}"

optional=()
[ -n "${IVR_PROMPT_TEXT:-}" ] && optional+=(--prompt-text "$IVR_PROMPT_TEXT")
[ -n "${IVR_UNKNOWN_PROMPT_TEXT:-}" ] && optional+=(--unknown-prompt-text "$IVR_UNKNOWN_PROMPT_TEXT")
# render.py's host options (everything but the directory), kept for the sync daemon's every render. No secret.
host_args=(--public-ip "$IVR_PUBLIC_IP" --private-ip "$private_ip" "${local_nets[@]}"
  --voice-connector-host "$IVR_VOICE_CONNECTOR_HOST" "${cidr_args[@]}"
  --tls-cert-file "$cert" --tls-key-file "$key"
  --voice-connector-encryption "${IVR_VOICE_CONNECTOR_ENCRYPTION:-required}"
  --wss-port "${IVR_WSS_PORT:-8089}" --rtp-start "${IVR_RTP_START:-10000}" --rtp-end "${IVR_RTP_END:-20000}"
  --agent-ring-seconds "${IVR_AGENT_RING_SECONDS:-15}" --queue-strategy "${IVR_QUEUE_STRATEGY:-rrmemory}"
  --queue-max-wait-seconds "${IVR_QUEUE_MAX_WAIT_SECONDS:-300}" --queue-announce-seconds "${IVR_QUEUE_ANNOUNCE_SECONDS:-30}"
  --queue-language-wait-seconds "${IVR_QUEUE_LANGUAGE_WAIT_SECONDS:-30}"
  --voicemail-max-seconds "${IVR_VOICEMAIL_MAX_SECONDS:-120}" --prompt-dir "$prompt_dir" "${optional[@]}")
install -d -m 755 /etc/ivr-pbx
python3 -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "${host_args[@]}" > /etc/ivr-pbx/render.args

# The first render: the directory from the tables and secrets, every file installed (mode 640, root:asterisk),
# the prompts made with Polly (espeak-ng when Polly fails). Retried while the tables cannot be read yet.
# Prompts per language in <prompt dir>/<language> (the sync daemon makes them); the dialplan's channel language
# <language>_ivr finds them there, app_queue's numbers (digits/*, ours too) included.
install -d -m 755 -o asterisk -g asterisk "$prompt_dir"
for language in en es; do
  install -d -m 755 -o asterisk -g asterisk "$prompt_dir/$language"
  ln -sfn "$prompt_dir/$language" "/usr/share/asterisk/sounds/${language}_ivr"
done
for file in pjsip.conf extensions.conf http.conf rtp.conf modules.conf logger.conf musiconhold.conf; do
  [ -e "/etc/asterisk/$file" ] || install -m 640 -o root -g asterisk /dev/null "/etc/asterisk/$file"
done
rendered=no
for _ in $(seq 12); do
  if python3 "$root/host/directory_sync.py" --once --all --rendered-to "$work/etc"; then rendered=yes; break; fi
  log "WARNING: the directory could not be rendered yet; trying again in 10 s"
  sleep 10
done
if [ "$rendered" != yes ]; then
  log "ERROR: no configuration rendered from the directory; see the lines above, then run setup.sh again"
  exit 1
fi
chown -R asterisk:asterisk "$prompt_dir"
# Music on hold, made offline (render.py's default --moh-dir): a held caller hears music, not silence.
bash "$root/prompts/make-moh.sh" /var/lib/asterisk/moh/ivr-pbx
chown -R asterisk:asterisk /var/lib/asterisk/moh/ivr-pbx

log "starting Asterisk"
systemctl enable asterisk
systemctl restart asterisk
for _ in $(seq 30); do
  if asterisk -rx "core show version" >/dev/null 2>&1; then
    log "Asterisk is up: wss://${IVR_PBX_HOST_NAME:-$IVR_PUBLIC_IP}:${IVR_WSS_PORT:-8089}/ws"
    # The voicemail spool (Asterisk writes, ivr-pbx-voicemail empties it) and the two daemons.
    install -d -m 750 -o asterisk -g asterisk /var/spool/ivr-pbx/voicemail
    for unit in ivr-pbx-sync ivr-pbx-voicemail; do
      install -m 644 "$root/host/$unit.service" "/etc/systemd/system/$unit.service"
    done
    systemctl daemon-reload
    systemctl enable ivr-pbx-sync ivr-pbx-voicemail
    systemctl restart ivr-pbx-sync ivr-pbx-voicemail
    # Repeated failed registrations lock their source out (Asterisk's security log, now written).
    install -m 644 "$work/etc/fail2ban-jail.local" /etc/fail2ban/jail.d/ivr-pbx.local
    systemctl enable fail2ban
    systemctl restart fail2ban
    exit 0
  fi
  sleep 1
done
log "ERROR: Asterisk did not start; see journalctl -u asterisk"
exit 1
