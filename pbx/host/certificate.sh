#!/usr/bin/env bash
# The PBX's TLS certificate (agents' WSS on 8089, the Voice Connector's SIP over TLS on 5061), installed at CERT/KEY:
#   - with a host name: a Let's Encrypt certificate for it (certbot --standalone, HTTP-01 on port 80). certbot's timer
#     renews it; this script, as certbot's deploy hook, copies each new one here and restarts Asterisk between calls;
#   - otherwise, or while the name does not point at this host yet: a self-signed certificate for the public IP,
#     kept until a real one replaces it (browsers warn about it: fine for a trial, not for agents in production).
# Usage: certificate.sh CERT KEY PUBLIC_IP [HOST_NAME]
#        certificate.sh --deploy-hook CERT KEY          (certbot sets RENEWED_LINEAGE)
# Environment for tests: IVR_LETSENCRYPT_DIR (/etc/letsencrypt), IVR_ASTERISK_GROUP (asterisk).
set -euo pipefail
group=${IVR_ASTERISK_GROUP:-asterisk}
log() { echo "ivr-pbx certificate: $*"; }
install_pair() { # FULLCHAIN PRIVKEY: readable by Asterisk's group, the key by nobody else
  install -d -m 750 -o root -g "$group" "$(dirname "$cert")" "$(dirname "$key")"
  install -m 644 -o root -g "$group" "$1" "$cert"
  install -m 640 -o root -g "$group" "$2" "$key"
}

if [ "${1:-}" = --deploy-hook ]; then
  cert=${2:?CERT} key=${3:?KEY}
  install_pair "${RENEWED_LINEAGE:?set by certbot}/fullchain.pem" "$RENEWED_LINEAGE/privkey.pem"
  # Asterisk reads certificates at start: restart it when no call is up, never in the middle of one.
  asterisk -rx 'core restart when convenient' >/dev/null 2>&1 || true
  exit 0
fi

cert=${1:?CERT} key=${2:?KEY} public_ip=${3:?PUBLIC_IP} host=${4:-}
if [ -n "$host" ]; then
  here=$(cd "$(dirname "$0")" && pwd)
  if certbot certonly --standalone --non-interactive --agree-tos --register-unsafely-without-email \
      --preferred-challenges http --keep-until-expiring --cert-name ivr-pbx -d "$host" \
      --deploy-hook "bash $here/certificate.sh --deploy-hook $cert $key"; then
    install_pair "${IVR_LETSENCRYPT_DIR:-/etc/letsencrypt}/live/ivr-pbx/fullchain.pem" "${IVR_LETSENCRYPT_DIR:-/etc/letsencrypt}/live/ivr-pbx/privkey.pem"
    log "Let's Encrypt certificate for $host installed at $cert"
    exit 0
  fi
  log "WARNING: Let's Encrypt gave no certificate for $host (does its A record point at $public_ip, is port 80 open?); run setup.sh again once it does"
fi
if [ ! -s "$cert" ] || [ ! -s "$key" ]; then
  log "making a self-signed certificate for $public_ip (browsers will warn; give a host name for a real one)"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=$public_ip" \
    -addext "subjectAltName=IP:$public_ip" -keyout "$work/key" -out "$work/cert" 2>/dev/null
  install_pair "$work/cert" "$work/key"
fi
