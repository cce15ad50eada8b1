#!/usr/bin/env bash
# Sets up the IVR PBX on Ubuntu LTS (24.04: Asterisk 20; 22.04: Asterisk 18): installs Asterisk
# from the distribution, renders its configuration from the settings, the instance metadata and
# the agent's secret, makes the prompts with Amazon Polly, and (re)starts Asterisk.
# Idempotent: run it again after changing a setting (sudo bash /opt/ivr-pbx/host/setup.sh).
#
# Settings (environment; user-data.sh saves the deploy project's in /etc/ivr-pbx/settings.env):
#   required  IVR_REGION IVR_PUBLIC_IP IVR_VOICE_CONNECTOR_HOST IVR_AGENT_SECRET_ARN IVR_DEPARTMENTS
#   optional  IVR_AGENT_EXTENSION (agent)  IVR_POLLY_VOICE (Joanna)  IVR_POLLY_ENGINE (neural)
#             IVR_VOICE_CONNECTOR_CIDRS (the region's row of voice-connector-signaling.tsv)
#             IVR_WSS_PORT (8089)  IVR_RTP_START (10000)  IVR_RTP_END (20000)
#             IVR_AGENT_RING_SECONDS (20)  IVR_PROMPT_TEXT  IVR_UNKNOWN_PROMPT_TEXT
#             IVR_TLS_CERT_FILE IVR_TLS_KEY_FILE (where the certificate goes; see certificate.sh)
#             IVR_PBX_HOST_NAME (a DNS name pointing here: a Let's Encrypt certificate; none: self-signed)
#             IVR_VOICE_CONNECTOR_ENCRYPTION (required: TLS 5061 and SRTP; off: plain SIP on 5060 and RTP)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
settings=/etc/ivr-pbx/settings.env
# shellcheck source=/dev/null
if [ -z "${IVR_PUBLIC_IP:-}" ] && [ -f "$settings" ]; then source "$settings"; fi
: "${IVR_REGION:?}" "${IVR_PUBLIC_IP:?}" "${IVR_VOICE_CONNECTOR_HOST:?}" "${IVR_AGENT_SECRET_ARN:?}" "${IVR_DEPARTMENTS:?}"
agent=${IVR_AGENT_EXTENSION:-agent}
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
apt_install asterisk openssl python3 fail2ban iptables
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
aws secretsmanager get-secret-value --region "$IVR_REGION" --secret-id "$IVR_AGENT_SECRET_ARN" \
  --query SecretString --output text > "$work/agent-password"

bash "$root/host/certificate.sh" "$cert" "$key" "$IVR_PUBLIC_IP" "${IVR_PBX_HOST_NAME:-}"

optional=()
[ -n "${IVR_PROMPT_TEXT:-}" ] && optional+=(--prompt-text "$IVR_PROMPT_TEXT")
[ -n "${IVR_UNKNOWN_PROMPT_TEXT:-}" ] && optional+=(--unknown-prompt-text "$IVR_UNKNOWN_PROMPT_TEXT")
log "rendering the configuration for departments: $IVR_DEPARTMENTS"
python3 "$root/render.py" --out "$work/etc" \
  --public-ip "$IVR_PUBLIC_IP" --private-ip "$private_ip" "${local_nets[@]}" \
  --voice-connector-host "$IVR_VOICE_CONNECTOR_HOST" "${cidr_args[@]}" \
  --agent-extension "$agent" --agent-password-file "$work/agent-password" \
  --departments "$IVR_DEPARTMENTS" --tls-cert-file "$cert" --tls-key-file "$key" \
  --voice-connector-encryption "${IVR_VOICE_CONNECTOR_ENCRYPTION:-required}" \
  --wss-port "${IVR_WSS_PORT:-8089}" --rtp-start "${IVR_RTP_START:-10000}" --rtp-end "${IVR_RTP_END:-20000}" \
  --agent-ring-seconds "${IVR_AGENT_RING_SECONDS:-20}" --prompt-dir "$prompt_dir" "${optional[@]}" >/dev/null
for file in pjsip.conf extensions.conf http.conf rtp.conf modules.conf logger.conf musiconhold.conf; do
  install -m 640 -o root -g asterisk "$work/etc/$file" "/etc/asterisk/$file"
done

install -d -m 755 -o asterisk -g asterisk "$prompt_dir"
if ! bash "$root/prompts/make-prompts.sh" polly "$work/etc/prompts.tsv" "$prompt_dir"; then
  # Callers must hear words, not silence: speak the prompts offline until Polly works again.
  log "WARNING: Amazon Polly failed; making the prompts offline with espeak-ng"
  apt_install espeak-ng sox
  bash "$root/prompts/make-prompts.sh" espeak "$work/etc/prompts.tsv" "$prompt_dir"
fi
chown -R asterisk:asterisk "$prompt_dir"
# Music on hold, made offline (render.py's default --moh-dir): a held caller hears music, not silence.
apt_install sox
bash "$root/prompts/make-moh.sh" /var/lib/asterisk/moh/ivr-pbx
chown -R asterisk:asterisk /var/lib/asterisk/moh/ivr-pbx

log "starting Asterisk"
systemctl enable asterisk
systemctl restart asterisk
for _ in $(seq 30); do
  if asterisk -rx "core show version" >/dev/null 2>&1; then
    log "Asterisk is up: wss://${IVR_PBX_HOST_NAME:-$IVR_PUBLIC_IP}:${IVR_WSS_PORT:-8089}/ws, agent '$agent'"
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
