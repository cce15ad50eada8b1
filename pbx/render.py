#!/usr/bin/env python3
"""Renders the Asterisk configuration of the IVR PBX from a few inputs.

Writes pjsip.conf, extensions.conf, http.conf, rtp.conf, modules.conf, logger.conf and musiconhold.conf from
pbx/templates, fail2ban-jail.local (the lock-out of repeated failed registrations), and prompts.tsv (one
"name<TAB>text" line per department plus "unknown"), which the
prompt generators read. Every input is validated here, so nothing that reaches a rendered file can
start a new configuration line, comment, section or dialplan expression.
Standard library only: it runs on the CI machine and on a stock Ubuntu host.
"""
import argparse
import ipaddress
import json
import os
import re
import sys
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"
CONFIG_FILES = ("pjsip.conf", "extensions.conf", "http.conf", "rtp.conf", "modules.conf", "logger.conf", "musiconhold.conf")
# Not Asterisk's: host/setup.sh installs it into /etc/fail2ban/jail.d.
FAIL2BAN_FILE = "fail2ban-jail.local"
SECURITY_LOG = "security"  # Asterisk writes file logs under /var/log/asterisk
PLACEHOLDER = re.compile(r"\{\{([a-z_]+)\}\}")

UNKNOWN = "unknown"
MAX_DEPARTMENT_LENGTH = 32
# Lower-case letters, digits and "_": the only characters the dialplan's FILTER keeps, and never
# an Asterisk pattern ("_" first) or a one-letter special extension (s, h, i, t, ...).
DEPARTMENT_NAME = re.compile(r"^[a-z][a-z0-9_]{1,%d}$" % (MAX_DEPARTMENT_LENGTH - 1))
RESERVED_NAMES = {UNKNOWN, "fax", "talk"}
AGENT_EXTENSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
PASSWORD = re.compile(r"^[A-Za-z0-9]{16,128}$")
HOST_NAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")
ABSOLUTE_PATH = re.compile(r"^/[A-Za-z0-9._/-]+$")
MAX_PROMPT_TEXT = 1500  # Polly accepts up to 3000 characters; a prompt is a sentence or two.

DEFAULT_PROMPT = ("Thank you for calling the {department} department. Nobody can take your call "
                  "right now. Please call again later. Goodbye.")
DEFAULT_UNKNOWN_PROMPT = ("Thank you for calling. Sorry, we could not find the department you asked for. "
                          "Please call again later. Goodbye.")


class InputError(ValueError):
    """An input that would make an unsafe or broken configuration."""


def department_names(names):
    """Validates the department list (directory order kept) and returns it."""
    seen = []
    for name in names:
        if not DEPARTMENT_NAME.match(name):
            raise InputError(f"department name {name!r} must match {DEPARTMENT_NAME.pattern}")
        if name in RESERVED_NAMES:
            raise InputError(f"department name {name!r} is reserved")
        if name in seen:
            raise InputError(f"department {name!r} is listed twice")
        seen.append(name)
    if not seen:
        raise InputError("the department list is empty")
    return seen


def departments_from_json(path):
    """Names from IvrApi/departments.json; fields other than department_name are not the PBX's business."""
    entries = json.loads(Path(path).read_text(encoding="utf-8"))
    return [str(entry["department_name"]).lower() for entry in entries]


def prompt_texts(departments, template, unknown_text):
    """Prompt text of every department plus "unknown", in directory order."""
    if "{department}" not in template:
        raise InputError("the prompt text template must contain {department}")
    texts = {name: template.replace("{department}", name.replace("_", " ")) for name in departments}
    texts[UNKNOWN] = unknown_text
    for name, text in texts.items():
        if not text.strip() or len(text) > MAX_PROMPT_TEXT or re.search(r"[\t\r\n]", text):
            raise InputError(f"prompt text of {name!r} must be one line of 1 to {MAX_PROMPT_TEXT} characters")
    return texts


def checked(value, pattern, what):
    if not pattern.match(value):
        raise InputError(f"{what} {value!r} is not valid")
    return value


def ipv4(value, what):
    try:
        return str(ipaddress.IPv4Address(value))
    except ValueError as error:
        raise InputError(f"{what} {value!r} is not an IPv4 address") from error


def network(value, what):
    try:
        return str(ipaddress.ip_network(value))
    except ValueError as error:
        raise InputError(f"{what} {value!r} is not a network (CIDR)") from error


def port(value, what):
    if not 1024 <= value <= 65535:
        raise InputError(f"{what} {value} must be between 1024 and 65535")
    return value


# SIP from the Voice Connector. With RequireEncryption its origination route is TLS to 5061 and its media SRTP
# keyed in the SDP (SDES, RFC 4568): nothing listens on 5060, and an offer without keys is refused.
ENCRYPTED_TRANSPORTS = """; SIP from the Voice Connector over TLS only (its RequireEncryption): nothing listens on 5060. The
; security group admits only the Voice Connector's ranges; the identify sections below are the second check.
[transport-tls]
type=transport
protocol=tls
bind=0.0.0.0:{tls_port}
; TLS 1.2, what the Voice Connector speaks (PJSIP's default would be TLS 1.0).
method=tlsv1_2
cert_file={cert}
priv_key_file={key}
{nat}"""
PLAIN_TRANSPORTS = """; SIP from the Voice Connector in the clear (--voice-connector-encryption off: UDP or TCP, as its
; origination route says). The security group admits only the Voice Connector's ranges; the identify
; sections below are the second check.
[transport-udp]
type=transport
protocol=udp
bind=0.0.0.0:5060
{nat}

[transport-tcp]
type=transport
protocol=tcp
bind=0.0.0.0:5060
{nat}"""
# SRTP with keys in the SDP, nothing else: a plain RTP offer is refused (488), never answered in the clear.
ENCRYPTED_MEDIA = "media_encryption=sdes\nmedia_encryption_optimistic=no"


def bounded(value, low, high, what):
    if not low <= value <= high:
        raise InputError(f"{what} {value} must be between {low} and {high}")
    return value


def values_from(args, password):
    """The placeholder values of the templates."""
    if not PASSWORD.match(password):
        raise InputError("the agent password must be 16 to 128 letters and digits")
    public_ip = ipv4(args.public_ip, "public IP")
    private_ip = ipv4(args.private_ip, "private IP") if args.private_ip else None
    local_nets = [network(n, "local network") for n in args.local_net]
    rtp_start, rtp_end = port(args.rtp_start, "RTP start"), port(args.rtp_end, "RTP end")
    if rtp_end - rtp_start < 10:
        raise InputError("the RTP range must hold at least a few calls")
    if not 1 <= args.agent_ring_seconds <= 120:
        raise InputError("agent ring time must be 1 to 120 seconds")
    if not 5 <= args.qualify_seconds <= 300:
        raise InputError("qualify frequency must be 5 to 300 seconds")
    departments = department_names(args.departments)
    prompt_dir = checked(args.prompt_dir.rstrip("/"), ABSOLUTE_PATH, "prompt directory")
    moh_dir = checked(args.moh_dir.rstrip("/"), ABSOLUTE_PATH, "music on hold directory")

    nat = [f"external_media_address={public_ip}", f"external_signaling_address={public_ip}"]
    nat += [f"local_net={n}" for n in local_nets]
    # Two identify sections: a host name that does not resolve at load time must not also
    # disable the ranges (and the other way round).
    identify = [("voice-connector-host", [checked(args.voice_connector_host, HOST_NAME, "Voice Connector host")]),
                ("voice-connector-ranges", [network(c, "Voice Connector CIDR") for c in args.voice_connector_cidr])]
    ice = ""
    if private_ip and private_ip != public_ip:
        # Browsers cannot reach the private address; offer the Elastic IP as the host candidate.
        ice = f"\n[ice_host_candidates]\n{private_ip} => {public_ip}"
    cert = checked(args.tls_cert_file, ABSOLUTE_PATH, "TLS certificate path")
    key = checked(args.tls_key_file, ABSOLUTE_PATH, "TLS key path")
    encrypted = args.voice_connector_encryption == "required"
    transports = (ENCRYPTED_TRANSPORTS.format(tls_port=port(args.sip_tls_port, "SIP TLS port"), cert=cert, key=key, nat="\n".join(nat))
                  if encrypted else PLAIN_TRANSPORTS.format(nat="\n".join(nat)))
    prompts = "\n".join(f"exten => {name},1,Playback({prompt_dir}/{name})\n same => n,Hangup()"
                        for name in departments + [UNKNOWN])
    return {
        "nat": "\n".join(nat),
        "voice_connector_transports": transports,
        "voice_connector_media": ENCRYPTED_MEDIA if encrypted else "",
        "voice_connector_identify": "\n\n".join(
            f"[{section}]\ntype=identify\nendpoint=voice-connector\n" + "\n".join(f"match={m}" for m in matches)
            for section, matches in identify if matches),
        "agent_extension": checked(args.agent_extension, AGENT_EXTENSION, "agent extension"),
        "agent_password": password,
        "qualify_seconds": str(args.qualify_seconds),
        "wss_port": str(port(args.wss_port, "WSS port")),
        "tls_cert_file": cert,
        "tls_key_file": key,
        "rtp_start": str(rtp_start),
        "rtp_end": str(rtp_end),
        "ice_host_candidates": ice,
        "agent_ring_seconds": str(args.agent_ring_seconds),
        "max_department_length": str(MAX_DEPARTMENT_LENGTH),
        "security_log_name": SECURITY_LOG,
        "security_log": f"{checked(args.asterisk_log_dir.rstrip('/'), ABSOLUTE_PATH, 'Asterisk log directory')}/{SECURITY_LOG}",
        "lockout_failures": str(bounded(args.lockout_failures, 2, 50, "lock-out failures")),
        "lockout_find_seconds": str(bounded(args.lockout_find_seconds, 10, 86400, "lock-out window")),
        "lockout_seconds": str(bounded(args.lockout_seconds, 10, 604800, "lock-out time")),
        "voice_connector_sources": " ".join(m for _, matches in identify for m in matches),
        "department_prompts": prompts,
        "moh_dir": moh_dir,
    }


def render_template(text, values):
    def value(match):
        key = match.group(1)
        if key not in values:
            raise InputError(f"template placeholder {{{{{key}}}}} has no value")
        return values[key]
    return PLACEHOLDER.sub(value, text)


def render(args, password, out_dir):
    """Writes the configuration files and prompts.tsv into out_dir; returns the written paths."""
    values = values_from(args, password)
    texts = prompt_texts(args.departments, args.prompt_text, args.unknown_prompt_text)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    old_umask = os.umask(0o027)  # pjsip.conf holds the agent's password
    try:
        for name in CONFIG_FILES + (FAIL2BAN_FILE,):
            path = out / name
            path.write_text(render_template((TEMPLATES / name).read_text(encoding="utf-8"), values), encoding="utf-8")
            written.append(path)
        tsv = out / "prompts.tsv"
        tsv.write_text("".join(f"{name}\t{text}\n" for name, text in texts.items()), encoding="utf-8")
        written.append(tsv)
    finally:
        os.umask(old_umask)
    return written


def parser():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="directory to write the files into")
    p.add_argument("--public-ip", required=True, help="Elastic IP of the host")
    p.add_argument("--private-ip", help="the host's private IPv4 (maps ICE host candidates to the public IP)")
    p.add_argument("--local-net", action="append", default=[], help="network reached without NAT (repeatable)")
    p.add_argument("--voice-connector-host", required=True, help="Voice Connector outbound host name")
    p.add_argument("--voice-connector-cidr", action="append", default=[],
                   help="further source network of the Voice Connector's SIP signaling (repeatable)")
    p.add_argument("--agent-extension", default="agent", help="SIP user of the agent's browser")
    p.add_argument("--agent-password-file", required=True, help="file holding the agent's SIP password")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--departments", type=str.split, help="space-separated department names, directory order")
    group.add_argument("--departments-json", help="IvrApi/departments.json")
    p.add_argument("--tls-cert-file", default="/etc/asterisk/keys/ivr-pbx.crt")
    p.add_argument("--tls-key-file", default="/etc/asterisk/keys/ivr-pbx.key")
    p.add_argument("--voice-connector-encryption", choices=("required", "off"), default="required",
                   help="required: TLS on --sip-tls-port and SRTP (the Voice Connector's RequireEncryption); "
                        "off: plain SIP on UDP/TCP 5060 and RTP")
    p.add_argument("--sip-tls-port", type=int, default=5061)
    p.add_argument("--wss-port", type=int, default=8089)
    p.add_argument("--rtp-start", type=int, default=10000)
    p.add_argument("--rtp-end", type=int, default=20000)
    p.add_argument("--agent-ring-seconds", type=int, default=20)
    p.add_argument("--qualify-seconds", type=int, default=30)
    p.add_argument("--prompt-dir", default="/var/lib/asterisk/sounds/ivr-pbx")
    p.add_argument("--moh-dir", default="/var/lib/asterisk/moh/ivr-pbx", help="music on hold files (prompts/make-moh.sh)")
    p.add_argument("--asterisk-log-dir", default="/var/log/asterisk", help="where Asterisk writes its security log")
    p.add_argument("--lockout-failures", type=int, default=5, help="failures from one address that lock it out")
    p.add_argument("--lockout-find-seconds", type=int, default=600, help="the window those failures must fall in")
    p.add_argument("--lockout-seconds", type=int, default=3600, help="how long the address stays locked out")
    p.add_argument("--prompt-text", default=DEFAULT_PROMPT, help="prompt of a department; {department} is its name")
    p.add_argument("--unknown-prompt-text", default=DEFAULT_UNKNOWN_PROMPT)
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    if args.departments_json:
        args.departments = departments_from_json(args.departments_json)
    password = Path(args.agent_password_file).read_text(encoding="utf-8").strip()
    try:
        for path in render(args, password, args.out):
            print(path)
    except InputError as error:
        print(f"render.py: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
