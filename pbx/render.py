#!/usr/bin/env python3
"""Renders the Asterisk configuration of the IVR PBX from the directory (departments and agents) and a few settings.

Writes pjsip.conf, extensions.conf, queues.conf, queuerules.conf, http.conf, rtp.conf, modules.conf, logger.conf and musiconhold.conf
from pbx/templates, fail2ban-jail.local (the lock-out of repeated failed registrations), and prompts.tsv (one
"name<TAB>text" line per prompt: each department, "unknown", the queue's and voicemail's sentences and the numbers
app_queue says) and prompts-es.tsv (the same in Spanish), which the prompt generators read. Every input is validated here, so nothing that reaches a rendered file can
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
CONFIG_FILES = ("pjsip.conf", "extensions.conf", "queues.conf", "queuerules.conf", "http.conf", "rtp.conf", "modules.conf", "logger.conf", "musiconhold.conf")
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
# Agent ids (contract 1 of docs/contracts.md): also the PJSIP endpoint, aor and SIP user, and an extension of the agents' dialplan.
AGENT_ID = DEPARTMENT_NAME
RESERVED_AGENT_IDS = RESERVED_NAMES | {"operator", "voicemail", "status", "agent"}
LANGUAGES = ("en", "es")
# A display name only ever becomes a caller ID between colleagues; anything but these characters is dropped.
DISPLAY_NAME_DROP = re.compile(r"[^\w .'-]")
# app_queue's ring strategies (queues.conf "strategy").
STRATEGIES = ("ringall", "leastrecent", "fewestcalls", "random", "rrmemory", "rrordered", "linear", "wrandom")
PASSWORD = re.compile(r"^[A-Za-z0-9]{16,128}$")
HOST_NAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")
ABSOLUTE_PATH = re.compile(r"^/[A-Za-z0-9._/-]+$")
MAX_PROMPT_TEXT = 1500  # Polly accepts up to 3000 characters; a prompt is a sentence or two.

DEFAULT_PROMPT = ("Thank you for calling the {department} department. Nobody can take your call "
                  "right now. Please call again later. Goodbye.")
DEFAULT_UNKNOWN_PROMPT = ("Thank you for calling. Sorry, we could not find the department you asked for. "
                          "Please call again later. Goodbye.")
# The sentences of the queue and of voicemail. app_queue plays the queue-* files around the numbers it says
# ("You are caller number" 3 "in line."; "The expected wait is about" 4 "minutes."); the voicemail path says why the
# caller reaches it, then asks for the message before the tone (beep.wav, made by make-prompts.sh).
FIXED_PROMPTS = {
    "queue-press-1": "To leave a message instead of waiting, press 1.",
    "queue-youarenext": "You are next in line.",
    "queue-thereare": "You are caller number",
    "queue-callswaiting": "in line.",
    "queue-holdtime": "The expected wait is about",
    "queue-minute": "minute.",
    "queue-minutes": "minutes.",
    "queue-seconds": "seconds.",
    "queue-thankyou": "Thank you for waiting.",
    "vm-no-agent": "Nobody is available to take your call right now.",
    "vm-max-wait": "Sorry, nobody could take your call in time.",
    "vm-intro": "Please leave a message after the tone. When you are done, hang up.",
    "vm-saved": "Thank you. Your message has been recorded. Goodbye.",
    "vm-no-messages": "There are no new messages.",
    "vm-next": "Next message.",
    "vm-gone": "This message is no longer on the phone system.",
    "vm-end": "End of messages. Goodbye.",
}
# What ast_say_number plays for 0 to 999 in English: app_queue's position and expected wait.
NUMBERS = {**{f"digits/{n}": str(n) for n in range(0, 21)}, **{f"digits/{n}": str(n) for n in range(30, 100, 10)},
           "digits/hundred": "hundred", "digits/thousand": "thousand"}

# Spanish (issue 21): the same prompts for a caller whose X-IVR-Language is es (prompts-es.tsv, installed as
# sounds/ivr-pbx/es). Department names stay as the directory spells them.
SPANISH_PROMPT = ("Gracias por llamar al departamento de {department}. Nadie puede atender su llamada en este "
                  "momento. Por favor, llame más tarde. Adiós.")
SPANISH_UNKNOWN_PROMPT = ("Gracias por llamar. Lo sentimos, no encontramos el departamento que pidió. "
                          "Por favor, llame más tarde. Adiós.")
SPANISH_FIXED_PROMPTS = {
    "queue-press-1": "Para dejar un mensaje en lugar de esperar, oprima uno.",
    "queue-youarenext": "Usted es el siguiente en la fila.",
    "queue-thereare": "Usted es la persona número",
    "queue-callswaiting": "en la fila.",
    "queue-holdtime": "El tiempo de espera estimado es de unos",
    "queue-minute": "minuto.",
    "queue-minutes": "minutos.",
    "queue-seconds": "segundos.",
    "queue-thankyou": "Gracias por esperar.",
    "vm-no-agent": "En este momento no hay nadie disponible para atender su llamada.",
    "vm-max-wait": "Lo sentimos, nadie pudo atender su llamada a tiempo.",
    "vm-intro": "Por favor, deje su mensaje después del tono. Cuando termine, cuelgue.",
    "vm-saved": "Gracias. Su mensaje ha sido grabado. Adiós.",
    "vm-no-messages": "No hay mensajes nuevos.",
    "vm-next": "Siguiente mensaje.",
    "vm-gone": "Este mensaje ya no está en el sistema telefónico.",
    "vm-end": "Fin de los mensajes. Adiós.",
}
# What ast_say_number plays for 0 to 999 in Spanish (say.c: 1-30 each, the tens with "y", cien, ciento, the hundreds).
SPANISH_NUMBERS = {**{f"digits/{n}": str(n) for n in range(0, 31)}, **{f"digits/{n}": str(n) for n in range(40, 100, 10)},
                   "digits/and": "y", "digits/100": "cien", "digits/100-and": "ciento",
                   **{f"digits/{n}": str(n) for n in range(200, 1000, 100)}, "digits/thousand": "mil"}


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


def directory_from_json(path):
    """(department names, {name: max wait or None}, agents) from the render input (contract 4 of docs/contracts.md)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        departments = [(str(d["name"]), d.get("max_wait_seconds")) for d in data["departments"]]
        agents = data.get("agents", [])
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(f"directory {path}: {error!r}") from error
    if not isinstance(agents, list) or not all(isinstance(a, dict) for a in agents):
        raise InputError(f"directory {path}: agents must be a list of objects")
    return [name for name, _ in departments], dict(departments), agents


def max_waits(names, waits, default):
    """{department: max wait seconds} (contract 3 of docs/contracts.md: 30-3600, default the PBX setting)."""
    result = {}
    for name in names:
        value = waits.get(name)
        value = default if value is None else value
        if not isinstance(value, int) or isinstance(value, bool) or not 30 <= value <= 3600:
            raise InputError(f"max_wait_seconds of {name!r} must be 30 to 3600")
        result[name] = value
    return result


def agent_list(agents, departments):
    """Validated agents, directory order; a department the PBX has no queue for is left out of the agent's list."""
    seen, result = set(), []
    for agent in agents:
        agent_id = str(agent.get("id", ""))
        if not AGENT_ID.match(agent_id) or agent_id in RESERVED_AGENT_IDS:
            raise InputError(f"agent id {agent_id!r} must match {AGENT_ID.pattern} and not be reserved")
        if agent_id in departments:
            raise InputError(f"agent id {agent_id!r} is also a department name")
        if agent_id in seen:
            raise InputError(f"agent {agent_id!r} is listed twice")
        seen.add(agent_id)
        password = str(agent.get("password", ""))
        if not PASSWORD.match(password):
            raise InputError(f"the password of agent {agent_id!r} must be 16 to 128 letters and digits")
        languages = agent.get("languages") or ["en"]
        if not isinstance(languages, list) or not set(languages) <= set(LANGUAGES):
            raise InputError(f"languages of agent {agent_id!r} must be among {LANGUAGES}")
        served = [d for d in agent.get("departments") or [] if d in departments]
        for dropped in [d for d in agent.get("departments") or [] if d not in departments]:
            print(f"render.py: agent {agent_id!r}: department {dropped!r} has no queue here; left out", file=sys.stderr)
        display = DISPLAY_NAME_DROP.sub("", str(agent.get("display_name") or agent_id)).strip()[:64] or agent_id
        result.append({"id": agent_id, "password": password, "departments": served, "languages": languages,
                       "display_name": display})
    return result


def prompt_texts(departments, template, unknown_text, fixed=None, numbers=None):
    """Prompt text of every department plus "unknown" (directory order), the queue's and voicemail's, the numbers."""
    if "{department}" not in template:
        raise InputError("the prompt text template must contain {department}")
    texts = {name: template.replace("{department}", name.replace("_", " ")) for name in departments}
    texts[UNKNOWN] = unknown_text
    texts.update(FIXED_PROMPTS if fixed is None else fixed)
    texts.update(NUMBERS if numbers is None else numbers)
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


AGENT_SECTIONS = """; Agent {id}: the browser softphone (WebRTC: ICE, DTLS-SRTP, AVPF, rtcp-mux) over WSS.
[{id}]
type=endpoint
identify_by=username
; Calls the agent places (a colleague, a department's messages); REFERs from its calls go to [agent-transfer].
context=agent-outbound
; SIP MESSAGE from the softphone (status, away, available): the agent protocol in pbx/README.md.
message_context=agent-messages
transport=transport-wss
webrtc=yes
; DTLS-SRTP keys made by Asterisk at start; the browser checks them by fingerprint.
dtls_auto_generate_cert=yes
disallow=all
allow=ulaw
auth={id}-auth
aors={id}
direct_media=no
callerid="{display_name}" <{id}>
; A browser that vanished mid-call (network gone, so no BYE can arrive) sends no more RTP: its leg is hung up
; after this many seconds, and the caller hears the department's prompt (not held: the browser keeps sending while
; it holds).
rtp_timeout=15

[{id}-auth]
type=auth
auth_type=userpass
username={id}
password={password}

; One contact: a new registration (a reloaded or new tab) replaces the old one instead of being refused, and
; qualify marks a closed tab unavailable, so app_queue stops ringing it.
[{id}]
type=aor
max_contacts=1
remove_existing=yes
qualify_frequency={qualify_seconds}"""

QUEUE_SECTION = """[{name}]
strategy={strategy}
; Each agent rings this long, then the next one (or all again) after retry; the caller's own wait is limited by the
; dialplan (Queue's timeout: the department's max wait, {max_wait} s).
timeout={ring}
retry=2
; The caller waits with the music; a key ends the wait to the extension of that name in [queue-keys] (1: voicemail).
musicclass=default
context=queue-keys
; Place in line at once and then every {announce} s, the expected wait when app_queue can estimate it (after calls
; were answered), each with our own prompts (app_queue says the numbers: digits/* under the caller's language).
announce-frequency={announce}
min-announce-frequency=15
announce-position=yes
announce-holdtime=yes
announce-round-seconds=0
queue-youarenext={prompts}/queue-youarenext
queue-thereare={prompts}/queue-thereare
queue-callswaiting={prompts}/queue-callswaiting
queue-holdtime={prompts}/queue-holdtime
queue-minute={prompts}/queue-minute
queue-minutes={prompts}/queue-minutes
queue-seconds={prompts}/queue-seconds
queue-thankyou={prompts}/queue-thankyou
; "To leave a message, press 1": at once, then at the same interval.
periodic-announce={prompts}/queue-press-1
periodic-announce-frequency={announce}
periodic-announce-startdelay=0
announce-to-first-user=yes
; Nobody to answer (signed out, unreachable, or away): the caller does not join, or leaves, and gets voicemail.
joinempty=paused,unavailable,invalid,unknown
leavewhenempty=paused,unavailable,invalid,unknown
; An agent on a call, or ringing for another caller, is not rung.
ringinuse=no
; The agent's INVITE tells the department (and where the call came from): [agent-connected] runs on the agent's
; channel when it answers.
membergosub=agent-connected
setinterfacevar=yes
reportholdtime=no
autopause=no
maxlen=0
{members}"""


# Agents who speak the caller's language first (issue 21). app_queue gives a member one penalty per queue and rings
# lower penalties first, within the caller's QUEUE_MIN_PENALTY..QUEUE_MAX_PENALTY; a penalty rule (queuerules.conf,
# Queue()'s rule argument) widens that range to every agent after the language wait. Bilingual agents sit between
# the two monolingual groups, so each language's speakers form one contiguous range:
#   English caller: 0..1 (English-only first, then bilingual); after the wait 0..2, the same order, then Spanish-only.
#   Spanish caller: 1..2 with QUEUE_RAISE_PENALTY=r2 (bilingual raised to 2, so it ties with Spanish-only instead of
#   being used up first); after the wait 0..2 with every penalty raised to 2: all agents equal. One order per queue
#   cannot be English-first for one caller and Spanish-first for another, so a Spanish caller's wider range makes
#   everyone equal rather than ringing English-only agents before a Spanish speaker who is free too.
PENALTY_ENGLISH_ONLY, PENALTY_BILINGUAL, PENALTY_SPANISH_ONLY = 0, 1, 2
LANGUAGE_RANGES = {  # caller's language: (QUEUE_MIN_PENALTY, QUEUE_MAX_PENALTY, QUEUE_RAISE_PENALTY or None)
    "en": (PENALTY_ENGLISH_ONLY, PENALTY_BILINGUAL, None),
    "es": (PENALTY_BILINGUAL, PENALTY_SPANISH_ONLY, f"r{PENALTY_SPANISH_ONLY}"),
}
LANGUAGE_RULES = {  # penaltychange => seconds,max,min[,raise]: after the wait, every agent
    "en": f"{PENALTY_SPANISH_ONLY},{PENALTY_ENGLISH_ONLY}",
    "es": f"{PENALTY_SPANISH_ONLY},{PENALTY_ENGLISH_ONLY},r{PENALTY_SPANISH_ONLY}",
}


def language_penalty(languages, wait):
    """The member penalty of an agent speaking these languages (all 0 when the wait is 0: no preference)."""
    if not wait:
        return 0
    if "en" in languages and "es" in languages:
        return PENALTY_BILINGUAL
    return PENALTY_SPANISH_ONLY if "es" in languages else PENALTY_ENGLISH_ONLY


def language_preference(wait):
    """[language-preference]: per caller language, its penalty range; returns the penalty rule's name."""
    lines = []
    for language in LANGUAGES:
        if not wait:
            lines.append(f"exten => {language},1,Return()")
            continue
        low, high, raise_ = LANGUAGE_RANGES[language]
        lines += [f"exten => {language},1,Set(QUEUE_MIN_PENALTY={low})", f" same => n,Set(QUEUE_MAX_PENALTY={high})"]
        if raise_:
            lines.append(f" same => n,Set(QUEUE_RAISE_PENALTY={raise_})")
        lines.append(f" same => n,Return(language-{language})")
    return "\n".join(lines)


def language_rules(wait):
    if not wait:
        return "; IVR_QUEUE_LANGUAGE_WAIT_SECONDS is 0: no language preference, no rule."
    return "\n\n".join(f"[language-{language}]\npenaltychange => {wait},{LANGUAGE_RULES[language]}" for language in LANGUAGES)


def queue_members(department, agents, wait):
    """Static members: the agents serving the department; their device (registration, calls) decides availability."""
    return "\n".join(f"member => PJSIP/{a['id']},{language_penalty(a['languages'], wait)},{a['id']},PJSIP/{a['id']}"
                     for a in agents if department in a["departments"])


def values_from(args):
    """The placeholder values of the templates."""
    public_ip = ipv4(args.public_ip, "public IP")
    private_ip = ipv4(args.private_ip, "private IP") if args.private_ip else None
    local_nets = [network(n, "local network") for n in args.local_net]
    rtp_start, rtp_end = port(args.rtp_start, "RTP start"), port(args.rtp_end, "RTP end")
    if rtp_end - rtp_start < 10:
        raise InputError("the RTP range must hold at least a few calls")
    if not 5 <= args.agent_ring_seconds <= 120:
        raise InputError("agent ring time must be 5 to 120 seconds")
    if not 5 <= args.qualify_seconds <= 300:
        raise InputError("qualify frequency must be 5 to 300 seconds")
    announce = bounded(args.queue_announce_seconds, 15, 600, "queue announcement interval")
    voicemail_seconds = bounded(args.voicemail_max_seconds, 10, 600, "voicemail length")
    language_wait = bounded(args.queue_language_wait_seconds, 0, 600, "queue language wait")
    if args.queue_strategy not in STRATEGIES:
        raise InputError(f"queue strategy {args.queue_strategy!r} must be one of {', '.join(STRATEGIES)}")
    departments = department_names(args.departments)
    waits = max_waits(departments, args.max_waits, bounded(args.queue_max_wait_seconds, 30, 3600, "default max wait"))
    agents = agent_list(args.agents, departments)
    prompt_dir = checked(args.prompt_dir.rstrip("/"), ABSOLUTE_PATH, "prompt directory")
    moh_dir = checked(args.moh_dir.rstrip("/"), ABSOLUTE_PATH, "music on hold directory")
    spool = checked(args.voicemail_spool.rstrip("/"), ABSOLUTE_PATH, "voicemail spool")

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
    queues = "\n".join(f"exten => {name},1,Set(MAX_WAIT={waits[name]})\n same => n,Goto(queue,s,1)" for name in departments)
    transfers = "\n".join(f"exten => queue-{name},1,Gosub(transfer-to,s,1({name}))\n same => n,Goto(department-queue,{name},1)"
                          for name in departments)
    mailboxes = "\n".join(f"exten => voicemail-{name},1,Gosub(agent-serves,s,1({name}))\n same => n,Goto(voicemail-play,s,1)"
                          for name in departments)
    colleagues = "\n".join(f"exten => {a['id']},1,Gosub(agent-call,s,1({a['id']}))" for a in agents)
    served = "\n".join(f"exten => {a['id']},1,Return({','.join(a['departments'])})" for a in agents)
    return {
        "nat": "\n".join(nat),
        "voice_connector_transports": transports,
        "voice_connector_media": ENCRYPTED_MEDIA if encrypted else "",
        "voice_connector_identify": "\n\n".join(
            f"[{section}]\ntype=identify\nendpoint=voice-connector\n" + "\n".join(f"match={m}" for m in matches)
            for section, matches in identify if matches),
        "agents": "\n\n".join(AGENT_SECTIONS.format(qualify_seconds=args.qualify_seconds, **a) for a in agents)
                  or "; No agents in the directory: every department's callers get voicemail.",
        "queues": "\n\n".join(QUEUE_SECTION.format(name=d, strategy=args.queue_strategy, ring=args.agent_ring_seconds,
                                                    max_wait=waits[d], announce=announce, prompts=prompt_dir,
                                                    members=queue_members(d, agents, language_wait)) for d in departments),
        "language_preference": language_preference(language_wait),
        "language_rules": language_rules(language_wait),
        "wss_port": str(port(args.wss_port, "WSS port")),
        "tls_cert_file": cert,
        "tls_key_file": key,
        "rtp_start": str(rtp_start),
        "rtp_end": str(rtp_end),
        "ice_host_candidates": ice,
        "max_department_length": str(MAX_DEPARTMENT_LENGTH),
        "security_log_name": SECURITY_LOG,
        "security_log": f"{checked(args.asterisk_log_dir.rstrip('/'), ABSOLUTE_PATH, 'Asterisk log directory')}/{SECURITY_LOG}",
        "lockout_failures": str(bounded(args.lockout_failures, 2, 50, "lock-out failures")),
        "lockout_find_seconds": str(bounded(args.lockout_find_seconds, 10, 86400, "lock-out window")),
        "lockout_seconds": str(bounded(args.lockout_seconds, 10, 604800, "lock-out time")),
        "voice_connector_sources": " ".join(m for _, matches in identify for m in matches),
        "department_prompts": prompts,
        "department_queues": queues,
        "department_transfers": transfers,
        "department_mailboxes": mailboxes,
        "colleagues": colleagues,
        "agent_departments": served,
        "prompt_dir": prompt_dir,
        "voicemail_spool": spool,
        "voicemail_max_seconds": str(voicemail_seconds),
        "moh_dir": moh_dir,
    }


def render_template(text, values):
    def value(match):
        key = match.group(1)
        if key not in values:
            raise InputError(f"template placeholder {{{{{key}}}}} has no value")
        return values[key]
    return PLACEHOLDER.sub(value, text)


def render(args, out_dir):
    """Writes the configuration files, prompts.tsv and prompts-es.tsv into out_dir; returns the written paths."""
    values = values_from(args)
    texts = {"prompts.tsv": prompt_texts(args.departments, args.prompt_text, args.unknown_prompt_text),
             "prompts-es.tsv": prompt_texts(args.departments, SPANISH_PROMPT, SPANISH_UNKNOWN_PROMPT,
                                            SPANISH_FIXED_PROMPTS, SPANISH_NUMBERS)}
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    old_umask = os.umask(0o027)  # pjsip.conf holds the agents' passwords
    try:
        for name in CONFIG_FILES + (FAIL2BAN_FILE,):
            path = out / name
            path.write_text(render_template((TEMPLATES / name).read_text(encoding="utf-8"), values), encoding="utf-8")
            written.append(path)
        for file_name, language_texts in texts.items():
            tsv = out / file_name
            tsv.write_text("".join(f"{name}\t{text}\n" for name, text in language_texts.items()), encoding="utf-8")
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
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--directory", help='the directory: {"departments": [{"name", "max_wait_seconds"}], '
                                           '"agents": [{"id", "display_name", "departments", "languages", "password"}]}')
    group.add_argument("--departments", type=str.split, help="space-separated department names, directory order (no agents)")
    group.add_argument("--departments-json", help="IvrApi/departments.json (no agents)")
    p.add_argument("--tls-cert-file", default="/etc/asterisk/keys/ivr-pbx.crt")
    p.add_argument("--tls-key-file", default="/etc/asterisk/keys/ivr-pbx.key")
    p.add_argument("--voice-connector-encryption", choices=("required", "off"), default="required",
                   help="required: TLS on --sip-tls-port and SRTP (the Voice Connector's RequireEncryption); "
                        "off: plain SIP on UDP/TCP 5060 and RTP")
    p.add_argument("--sip-tls-port", type=int, default=5061)
    p.add_argument("--wss-port", type=int, default=8089)
    p.add_argument("--rtp-start", type=int, default=10000)
    p.add_argument("--rtp-end", type=int, default=20000)
    p.add_argument("--agent-ring-seconds", type=int, default=15, help="IVR_AGENT_RING_SECONDS: each agent rings this long")
    p.add_argument("--queue-strategy", default="rrmemory", help="IVR_QUEUE_STRATEGY: app_queue's ring strategy")
    p.add_argument("--queue-max-wait-seconds", type=int, default=300,
                   help="IVR_QUEUE_MAX_WAIT_SECONDS: a department's max wait unless it sets max_wait_seconds")
    p.add_argument("--queue-announce-seconds", type=int, default=30, help="IVR_QUEUE_ANNOUNCE_SECONDS: place in line every")
    p.add_argument("--queue-language-wait-seconds", type=int, default=30,
                   help="IVR_QUEUE_LANGUAGE_WAIT_SECONDS: agents who speak the caller's language first for this long, "
                        "then any agent (0-600; 0: no preference)")
    p.add_argument("--voicemail-max-seconds", type=int, default=120, help="IVR_VOICEMAIL_MAX_SECONDS: longest message")
    p.add_argument("--voicemail-spool", default="/var/spool/ivr-pbx/voicemail", help="where messages are recorded")
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


def with_directory(args):
    """args with .departments, .max_waits and .agents from whichever directory option was given."""
    args.max_waits, args.agents = {}, []
    if args.directory:
        args.departments, args.max_waits, args.agents = directory_from_json(args.directory)
    elif args.departments_json:
        args.departments = departments_from_json(args.departments_json)
    return args


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        for path in render(with_directory(args), args.out):
            print(path)
    except InputError as error:
        print(f"render.py: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
