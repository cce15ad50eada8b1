#!/usr/bin/env bash
# A real Asterisk 22 running this PBX's rendered configuration, in a network namespace of its own, for the
# tests (pbx/tests/test_asterisk.py, sip-web-client's e2e suite) and for local whole calls. Run as root.
#
#   pbx/local-pbx.sh start              build the Asterisk chroot if missing (pbx/asterisk/chroot.sh), render
#                                       the configuration, make the prompts (espeak-ng), start Asterisk
#   pbx/local-pbx.sh stop | status
#   pbx/local-pbx.sh call DEPARTMENT    one call as the Voice Connector: INVITE with "X-LexInfo: DEPARTMENT"
#                                       (to IVR_PBX_CALL_URI, default 600300, from IVR_PBX_CALL_FROM, header name
#                                       IVR_PBX_CALL_HEADER, language IVR_PBX_CALL_LANGUAGE (en): what a CallAndBridge
#                                       names; tools/ivr-call --pbx sets them)
#   pbx/local-pbx.sh exec COMMAND...    run a command inside the namespace (SIPp, a browser, tcpdump)
#   pbx/local-pbx.sh rx 'CLI COMMAND'   run an Asterisk CLI command
#   pbx/local-pbx.sh pid | log          Asterisk's PID | the path of its full log (verbose included); the
#                                       start-up part is kept in .cache/local-pbx/startup.log
#
# Inside the namespace: Asterisk listens on every address (SIP 5060 UDP/TCP, or with IVR_PBX_VC_ENCRYPTION=required
# SIP over TLS 5061 and SRTP as on AWS; WSS 8089; HTTP 127.0.0.1:8088).
# The Voice Connector is 127.0.0.10 (its signaling CIDR) and 127.0.0.11 (what its host name resolves to); any
# other address, e.g. the agent's browser on 127.0.0.1, is not the Voice Connector. A veth pair gives Asterisk
# non-loopback ICE host candidates (10.99.0.1, 10.99.0.2): its ICE library offers none on loopback.
# One Asterisk at a time runs from the chroot: start refuses while one runs, stop ends it whatever its namespace.
# Settings: IVR_PBX_NETNS (ivr-pbx), IVR_PBX_DEPARTMENTS (those of IvrApi/departments.json, no agents),
# IVR_PBX_DIRECTORY (a render input file, contract 4 of docs/contracts.md: departments and agents; instead of IVR_PBX_DEPARTMENTS),
# IVR_PBX_RING_SECONDS (15), IVR_PBX_VOICEMAIL_SECONDS (120), IVR_ASTERISK_ROOT (the chroot; .cache/asterisk-chroot),
# IVR_PBX_VC_ENCRYPTION (off: plain SIP on 5060, what `call` and SIPp from Debian 12 speak; required: TLS and SRTP only).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
ns=${IVR_PBX_NETNS:-ivr-pbx}
root=${IVR_ASTERISK_ROOT:-$repo/.cache/asterisk-chroot}
state=$repo/.cache/local-pbx
readonly VC_CIDR_ADDRESS=127.0.0.10 VC_HOST_ADDRESS=127.0.0.11 VC_HOST=voice-connector.local-pbx.test
readonly FULL_LOG=/var/log/asterisk/full

in_ns() { ip netns exec "$ns" "$@"; }
rx() { timeout 20 chroot "$root" /usr/sbin/asterisk -rx "$1"; }
pid() { [ -s "$state/asterisk.pid" ] && kill -0 "$(cat "$state/asterisk.pid")" 2>/dev/null && cat "$state/asterisk.pid"; }

start() {
  if pid >/dev/null; then echo "local-pbx: already running (PID $(pid))" >&2; return 1; fi
  root=$(bash "$repo/pbx/asterisk/chroot.sh")
  bash "$repo/scripts/ensure-apt.sh" python3 espeak-ng sox openssl iproute2 sip-tester
  mkdir -p "$state"
  local etc=$state/etc departments
  departments=${IVR_PBX_DEPARTMENTS:-$(python3 -c 'import json,sys; print(" ".join(d["department_name"].lower() for d in json.load(open(sys.argv[1]))))' "$repo/IvrApi/departments.json")}
  rm -rf "$etc"
  local host_args=(--public-ip 10.99.0.1 --local-net 127.0.0.0/8 --local-net 10.99.0.0/24
    --voice-connector-host "$VC_HOST" --voice-connector-cidr "$VC_CIDR_ADDRESS/32"
    --agent-ring-seconds "${IVR_PBX_RING_SECONDS:-15}" --voicemail-max-seconds "${IVR_PBX_VOICEMAIL_SECONDS:-120}"
    --voice-connector-encryption "${IVR_PBX_VC_ENCRYPTION:-off}")
  # The host's options, apart from the directory: saved for pbx/host/directory_sync.py (as host/setup.sh saves them).
  python3 -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "${host_args[@]}" > "$state/render.args"
  if [ -n "${IVR_PBX_DIRECTORY:-}" ]; then # the render input of contract 4 of docs/contracts.md: departments and agents
    python3 "$repo/pbx/render.py" --out "$etc" "${host_args[@]}" --directory "$IVR_PBX_DIRECTORY" >/dev/null
  else
    python3 "$repo/pbx/render.py" --out "$etc" "${host_args[@]}" --departments "$departments" >/dev/null
  fi
  # There is no syslog in the chroot: the log also goes to a file, verbose output included.
  printf 'full => notice,warning,error,verbose,security\n' >> "$etc/logger.conf"
  bash "$repo/pbx/prompts/make-prompts.sh" espeak "$etc/prompts.tsv" "$state/sounds" >&2
  bash "$repo/pbx/prompts/make-prompts.sh" espeak "$etc/prompts-es.tsv" "$state/sounds-es" es >&2
  bash "$repo/pbx/prompts/make-moh.sh" "$state/moh"
  if [ ! -s "$state/ivr-pbx.key" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj /CN=10.99.0.1 \
      -addext subjectAltName=IP:10.99.0.1,IP:127.0.0.1 -keyout "$state/ivr-pbx.key" -out "$state/ivr-pbx.crt" 2>/dev/null
  fi
  # Installed as host/setup.sh installs them on the real host.
  for file in pjsip.conf extensions.conf queues.conf queuerules.conf http.conf rtp.conf modules.conf logger.conf musiconhold.conf; do
    install -m 640 "$etc/$file" "$root/etc/asterisk/$file"
  done
  install -d "$root/etc/asterisk/keys"
  install -m 644 "$state/ivr-pbx.crt" "$root/etc/asterisk/keys/ivr-pbx.crt"
  install -m 640 "$state/ivr-pbx.key" "$root/etc/asterisk/keys/ivr-pbx.key"
  # Our prompts per language (sounds/ivr-pbx/en, …/es); the sounds folder <language>_ivr, which the dialplan's
  # language <language>_ivr looks in first, is the same folder: app_queue's numbers (digits/*) are ours too.
  rm -rf "$root/var/lib/asterisk/sounds/ivr-pbx"
  install -d "$root/var/lib/asterisk/sounds/ivr-pbx"
  cp -r "$state/sounds" "$root/var/lib/asterisk/sounds/ivr-pbx/en"
  cp -r "$state/sounds-es" "$root/var/lib/asterisk/sounds/ivr-pbx/es"
  find "$root/var/lib/asterisk/sounds/ivr-pbx" -name '*.txt' -delete
  for language in en es; do
    ln -sfn "/var/lib/asterisk/sounds/ivr-pbx/$language" "$root/usr/share/asterisk/sounds/${language}_ivr"
  done
  rm -rf "$root/var/lib/asterisk/moh/ivr-pbx"
  install -d "$root/var/lib/asterisk/moh/ivr-pbx"
  cp "$state/moh/"*.wav "$root/var/lib/asterisk/moh/ivr-pbx/"
  chroot "$root" chown -R root:asterisk /etc/asterisk
  chroot "$root" chown -R asterisk:asterisk /var/lib/asterisk/sounds/ivr-pbx
  # No DNS in the namespace: the host's own name resolves to its (private) address, as on EC2, so pjproject
  # finds its address without a lookup; the Voice Connector's host name resolves to its stand-in address.
  printf '127.0.0.1\tlocalhost\n10.99.0.1\t%s\n%s\t%s\n' "$(hostname)" "$VC_HOST_ADDRESS" "$VC_HOST" > "$root/etc/hosts"
  # The voicemail spool (contract 5 of docs/contracts.md): Asterisk writes the pairs, the host's uploader empties it.
  rm -rf "$root/var/spool/ivr-pbx/voicemail"
  chroot "$root" install -d -o asterisk -g asterisk -m 750 /var/spool/ivr-pbx/voicemail
  rm -f "$root/var/lib/asterisk/astdb.sqlite3" # agents' status and messages of an earlier run
  : > "$root$FULL_LOG"
  : > "$root/var/log/asterisk/security"
  chroot "$root" chown asterisk:asterisk "$FULL_LOG" /var/log/asterisk/security

  ip netns del "$ns" 2>/dev/null || true
  ip netns add "$ns"
  in_ns ip link set lo up
  in_ns ip link add pbx0 type veth peer name pbx1
  in_ns ip addr add 10.99.0.1/24 dev pbx0
  in_ns ip addr add 10.99.0.2/24 dev pbx1
  in_ns ip link set pbx0 up
  in_ns ip link set pbx1 up
  # In the foreground as Debian's unit runs it; setsid keeps it out of the caller's process group.
  setsid ip netns exec "$ns" chroot "$root" /usr/sbin/asterisk -g -f -U asterisk -G asterisk -vvv \
    </dev/null >"$state/asterisk.out" 2>&1 &
  echo $! > "$state/asterisk.pid"
  echo "$ns" > "$state/netns"
  local booted=no
  for _ in $(seq 120); do # 60 s: the control socket appears first, then the modules load
    if ! pid >/dev/null; then break; fi
    if rx 'core waitfullybooted' >/dev/null 2>&1; then booted=yes; break; fi
    sleep 0.5
  done
  if [ "$booted" != yes ]; then
    echo "local-pbx: Asterisk did not start; see $state/asterisk.out and $root$FULL_LOG" >&2
    stop; return 1
  fi
  cp "$root$FULL_LOG" "$state/startup.log" # what Asterisk logged while loading the configuration
  echo "local-pbx: Asterisk $(rx 'core show version' | awk '{print $2}') up in namespace $ns (PID $(pid)); agents: wss://10.99.0.1:8089/ws" >&2
}

stop() {
  local p
  [ -s "$state/netns" ] && ns=$(cat "$state/netns")
  if p=$(pid); then
    rx 'core stop now' >/dev/null 2>&1 || true
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$p" 2>/dev/null || true
  fi
  rm -f "$state/asterisk.pid" "$state/netns"
  ip netns del "$ns" 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if p=$(pid); then ns=$(cat "$state/netns"); rx 'pjsip show contacts'; echo "running, PID $p, namespace $ns"; else echo "stopped"; exit 3; fi ;;
  pid) pid ;;
  log) echo "$root$FULL_LOG" ;;
  rx) rx "${2:?CLI command}" ;;
  exec) shift; [ -s "$state/netns" ] && ns=$(cat "$state/netns"); in_ns "$@" ;;
  call)
    [ -s "$state/netns" ] && ns=$(cat "$state/netns")
    department=${2:?usage: local-pbx.sh call DEPARTMENT [SIPp option...]}; shift 2
    in_ns sipp 127.0.0.1:5060 -sf "$repo/pbx/sipp/vc-call.xml" -s "${IVR_PBX_CALL_URI:-600300}" -i "$VC_CIDR_ADDRESS" -mi "$VC_CIDR_ADDRESS" \
      -key lexinfo_name "${IVR_PBX_CALL_HEADER:-X-LexInfo}" -key lexinfo "$department" -key from_user "${IVR_PBX_CALL_FROM:-+15550100}" -key language "${IVR_PBX_CALL_LANGUAGE:-en}" \
      -m 1 -l 1 -nostdin -timeout 300s -timeout_error -rtp_echo "$@" ;;
  *) sed -n '2,20p' "$0" >&2; exit 2 ;;
esac
