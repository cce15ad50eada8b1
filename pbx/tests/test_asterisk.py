"""The rendered configuration on a real Asterisk 22, called by SIPp as the Voice Connector.

pbx/ci.sh starts Asterisk with pbx/local-pbx.sh and runs these tests inside its network namespace.
All calls of the module are placed at once, with a packet capture (what each caller heard) and a
system-call trace of Asterisk (every file it opened) running; each test then checks its calls.
"""
import base64
import json
import os
import re
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import audio
from support import PBX, REPO
from test_dialplan import HOSTILE

LOCAL_PBX = PBX / "local-pbx.sh"
SCENARIO = PBX / "sipp" / "vc-call.xml"
SOUNDS = REPO / ".cache" / "local-pbx" / "sounds"
STARTUP_LOG = REPO / ".cache" / "local-pbx" / "startup.log"
PROMPT_DIR = "/var/lib/asterisk/sounds/ivr-pbx"
DEPARTMENTS = ["science", "art", "history", "math"]
VC_CIDR, VC_HOST, FOREIGN = "127.0.0.10", "127.0.0.11", "127.0.0.20"  # see local-pbx.sh
LONG = "history" + "A" * 4800  # longer than PJSIP_HEADER's 4 KB buffer
# Hostile values SIPp can carry in one header line (no CR/LF), each a separate call.
HOSTILE_CALLS = [v for v in HOSTILE if v and "\r" not in v and "\n" not in v and "\x00" not in v
                 and len(v) <= 100 and v.strip() == v and not re.fullmatch(r"[a-z0-9_]{1,32}", v)]


def local_pbx(*args, timeout=30):
    return subprocess.run(["bash", str(LOCAL_PBX), *args], capture_output=True, text=True, timeout=timeout, check=False)


class Call:
    """One SIPp call: INVITE from `source` with `header: value` (no header when name is None)."""
    port = 5100

    def __init__(self, value, name="X-LexInfo", source=VC_CIDR, from_user="+15550100", transport="u1"):
        Call.port += 1
        self.value, self.source, self.sip_port, self.media_port = value, source, Call.port, 30000 + 10 * (Call.port - 5100)
        self.messages = Path(WORK.name) / f"call-{self.sip_port}.messages"
        command = ["sipp", "127.0.0.1:5060", "-sf", str(SCENARIO), "-s", "600300", "-t", transport,
                   "-i", source, "-mi", source, "-p", str(self.sip_port), "-mp", str(self.media_port),
                   "-key", "lexinfo_name", name or "X-Not-LexInfo", "-key", "lexinfo", value,
                   "-key", "from_user", from_user, "-key", "language", "en", "-m", "1", "-l", "1", "-nostdin",
                   "-timeout", "40s", "-timeout_error", "-trace_msg", "-message_file", str(self.messages)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=WORK.name)

    def finish(self, heard):
        _, self.stderr = self.process.communicate(timeout=60)
        self.exit_code = self.process.returncode
        text = self.messages.read_text(errors="replace") if self.messages.exists() else ""
        self.responses = re.findall(r"^SIP/2\.0 (\d{3})", text, re.M)
        self.bye_from_pbx = bool(re.search(r"^BYE sip:", text, re.M))
        self.samples = audio.pcmu_samples(heard.get(self.media_port, []))
        match = re.search(r"^Call-ID: (\S+)", text, re.M)
        self.call_id = match.group(1) if match else None
        self.packets = len(heard.get(self.media_port, []))


def wss_invite(from_user):
    """An INVITE over the agent's WSS port, as a browser would send it; returns the final response's status (or what came)."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", 8089), timeout=10) as raw, context.wrap_socket(raw) as tls:
        key = base64.b64encode(os.urandom(16)).decode()
        tls.sendall((f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:8089\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: sip\r\n\r\n").encode())
        handshake = b""
        while b"\r\n\r\n" not in handshake:
            handshake += tls.recv(4096)
        if not handshake.startswith(b"HTTP/1.1 101"):
            raise AssertionError(f"WebSocket handshake refused: {handshake[:80]!r}")
        sip = (f"INVITE sip:600300@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WSS spoof.invalid;branch=z9hG4bK{os.getpid()}\r\n"
               f"From: <sip:{from_user}@127.0.0.1>;tag=spoof\r\nTo: <sip:600300@127.0.0.1>\r\nCall-ID: wss-{os.getpid()}\r\n"
               f"CSeq: 1 INVITE\r\nContact: <sip:{from_user}@spoof.invalid;transport=ws>\r\nMax-Forwards: 70\r\n"
               f"X-LexInfo: history\r\nContent-Length: 0\r\n\r\n").encode()
        tls.sendall(websocket_frame(0x1, sip))
        buffer, deadline, final = b"", time.time() + 10, None
        try:
            while final is None and time.time() < deadline:
                buffer += tls.recv(65536)
                final = next((int(s) for s in re.findall(rb"SIP/2\.0 (\d{3})", buffer) if int(s) >= 200), None)
            # A clean close (as a browser closes a tab), so Asterisk has nothing to log about the connection.
            tls.sendall(websocket_frame(0x8, (1000).to_bytes(2, "big")))
            while time.time() < deadline and b"\x88" not in buffer[-64:]:
                buffer += tls.recv(65536) or b"\x88"
        except TimeoutError:
            pass  # no final response: the test says what came instead
        return final if final is not None else f"no final response: {buffer[:300]!r}"


def websocket_frame(opcode, payload):
    """One masked client frame (RFC 6455 section 5.2)."""
    mask = os.urandom(4)
    length = len(payload)
    header = bytes([0x80 | opcode]) + (bytes([0x80 | length]) if length < 126 else bytes([0x80 | 126]) + length.to_bytes(2, "big"))
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def https_status(path, port=8089, host="10.99.0.1"):
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    with socket.create_connection((host, port), timeout=10) as raw, context.wrap_socket(raw) as tls:
        tls.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        return int(tls.recv(4096).split()[1])


WORK = None
CALLS = {}
TRACE = ""
LOG = ""
WSS_STATUS = {}


SPOOL = {}  # SIP Call-ID: the voicemail JSON the PBX wrote for it


def setUpModule():
    global WORK, TRACE, LOG
    pid = local_pbx("pid").stdout.strip()
    if not pid:
        raise RuntimeError("Asterisk is not running: run the pbx tests with pbx/ci.sh (it starts pbx/local-pbx.sh)")
    WORK = tempfile.TemporaryDirectory(prefix="pbx-asterisk-")
    log_path = Path(local_pbx("log").stdout.strip())
    log_start = log_path.stat().st_size
    capture = Path(WORK.name) / "rtp.pcap"
    tcpdump = subprocess.Popen(["tcpdump", "-i", "lo", "-U", "-w", str(capture), "udp and dst portrange 30000-39999"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    trace_file = Path(WORK.name) / "strace"
    strace = subprocess.Popen(["strace", "-f", "-qq", "-e", "trace=%file", "-o", str(trace_file), "-p", pid],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tcpdump.stderr.readline()  # "listening on lo": the capture runs
    time.sleep(1)  # strace attaches to every thread
    try:
        specs = {f"department {d}": dict(value=d) for d in DEPARTMENTS}
        specs.update({
            "header X-Lexinfo": dict(value="history", name="X-Lexinfo"),
            "header x-lexinfo": dict(value="math", name="x-lexinfo"),
            "header X-LEXINFO": dict(value="art", name="X-LEXINFO"),
            "value History": dict(value="History"),
            "value SCIENCE": dict(value="SCIENCE"),
            "unknown department": dict(value="sales"),
            "no header": dict(value="history", name=None),
            "over-long value": dict(value=LONG),
            "Voice Connector host name": dict(value="science", source=VC_HOST),
            "Voice Connector over TCP": dict(value="art", transport="t1"),
            "foreign, UDP, as voice-connector": dict(value="history", source=FOREIGN, from_user="voice-connector"),
            "foreign, UDP": dict(value="history", source=FOREIGN),
            "foreign, TCP, as voice-connector": dict(value="history", source=FOREIGN, from_user="voice-connector", transport="t1"),
        })
        specs.update({f"hostile {i}": dict(value=v) for i, v in enumerate(HOSTILE_CALLS)})
        calls = {name: Call(**spec) for name, spec in specs.items()}
        WSS_STATUS["voice-connector"] = wss_invite("voice-connector")
        WSS_STATUS["+15550100"] = wss_invite("+15550100")
        for call in calls.values():
            call.process.wait(timeout=60)
    finally:
        time.sleep(0.5)
        strace.send_signal(signal.SIGINT)
        tcpdump.send_signal(signal.SIGINT)
        strace.wait(timeout=10)
        tcpdump.wait(timeout=10)
    heard = audio.rtp_payloads(capture)
    for call in calls.values():
        call.finish(heard)
    CALLS.update(calls)
    TRACE = trace_file.read_text(errors="replace")
    with open(log_path, "rb") as f:
        f.seek(log_start)
        LOG = f.read().decode("utf-8", errors="replace")
    time.sleep(1)  # the last hangup handlers write their JSON
    for path in (log_path.parents[3] / "var/spool/ivr-pbx/voicemail").glob("*.json"):
        data = json.loads(path.read_text())
        SPOOL[data["call_id"]] = data


def tearDownModule():
    if WORK:
        WORK.cleanup()


PROMPTS = {}


def prompt_heard(call):
    """(name of the prompt whose envelope best matches what the caller heard, its score, all scores)."""
    if not PROMPTS:
        PROMPTS.update({name: audio.envelope(audio.wav_samples(SOUNDS / f"{name}.wav"))
                        for name in DEPARTMENTS + ["unknown", "vm-no-agent"]})
    heard = audio.envelope(call.samples)
    scores = {name: audio.similarity(heard, prompt) for name, prompt in PROMPTS.items()}
    best = max(scores, key=scores.get)
    return best, scores[best], scores


class AsteriskCase(unittest.TestCase):
    def assert_prompt(self, case, expected):
        call = CALLS[case]
        self.assertEqual(call.exit_code, 0, call.stderr)
        self.assertIn("200", call.responses, case)
        self.assertTrue(call.bye_from_pbx, f"{case}: the PBX ends the call after the prompt")
        # One packet per 20 ms of the prompt; under the load of all calls at once a few may be late or lost.
        frames = len(audio.wav_samples(SOUNDS / f"{expected}.wav")) // audio.FRAME
        self.assertGreaterEqual(call.packets, frames * 0.95, f"{case}: RTP packets for the whole prompt")
        best, score, scores = prompt_heard(call)
        self.assertEqual(best, expected, f"{case}: heard {scores}")
        self.assertGreater(score, 0.98, f"{case}: heard {scores}")

    def assert_voicemail(self, case, department):
        """Nobody serves the department in this module: the caller hears why, and leaves a message for it."""
        self.assert_prompt(case, "vm-no-agent")
        call = CALLS[case]
        self.assertIn(call.call_id, SPOOL, f"{case}: a voicemail JSON for this call")
        self.assertEqual(SPOOL[call.call_id]["department"], department, case)

    def assert_refused(self, case):
        call = CALLS[case]
        self.assertEqual(call.exit_code, 0, call.stderr)
        self.assertEqual(call.responses[-1:], ["401"], case)
        self.assertNotIn("200", call.responses)
        self.assertEqual(call.packets, 0, f"{case}: no media")


class StartupTests(unittest.TestCase):
    startup = STARTUP_LOG.read_text(errors="replace") if STARTUP_LOG.exists() else ""

    def test_asterisk_22_starts_with_no_error_and_no_warning_from_our_configuration(self):
        self.assertIn("Asterisk 22.", local_pbx("rx", "core show version").stdout)
        errors = re.findall(r"^.* ERROR\[.*$", self.startup, re.M)
        warnings = re.findall(r"^.* WARNING\[.*$", self.startup, re.M)
        # Debian's package ships users.conf, which pbx_config reads; it is not one of our files.
        ours = [w for w in warnings if "users.conf is deprecated" not in w]
        print(f"\nstart-up log: {len(errors)} ERROR, {len(warnings)} WARNING ({len(warnings) - len(ours)} from Debian's users.conf)")
        self.assertIn("pbx_config", self.startup)
        self.assertEqual(errors, [])
        self.assertEqual(ours, [])

    def test_only_the_listed_modules_are_loaded(self):
        listed = re.findall(r"^load => (\S+)$", (PBX / "templates" / "modules.conf").read_text(), re.M)
        shown = re.findall(r"^(\S+\.so) ", local_pbx("rx", "module show").stdout, re.M)  # the rest is Asterisk's core
        self.assertEqual(sorted(shown), sorted(listed))

    def test_music_on_hold_is_loaded_with_the_local_files(self):
        classes = local_pbx("rx", "moh show classes").stdout
        self.assertRegex(classes, r"Class: default\s+Mode: files\s+Directory: /var/lib/asterisk/moh/ivr-pbx")
        self.assertRegex(local_pbx("rx", "moh show files").stdout, r"File: /var/lib/asterisk/moh/ivr-pbx/hold-music")

    def test_the_endpoints_and_identifies_are_as_rendered(self):
        identifies = local_pbx("rx", "pjsip show identifies").stdout
        self.assertRegex(identifies, r"Match: 127\.0\.0\.10/32")
        self.assertRegex(identifies, r"Match: 127\.0\.0\.11/32")  # the host name, resolved
        endpoints = local_pbx("rx", "pjsip show endpoints").stdout
        for agent in ("alice", "bob", "carol", "dave", "erin", "felipe"):  # tests/directory.json
            self.assertRegex(endpoints, rf"Endpoint:\s+{agent}/{agent}\s")
        self.assertNotRegex(endpoints, r"Endpoint:\s+agent\s")

    def test_the_tls_port_serves_the_websocket_only(self):
        self.assertIn("/ws => Asterisk HTTP WebSocket", local_pbx("rx", "http show status").stdout)
        for path in ("/metrics", "/metrics/", "/media/x", "/ari/api-docs/resources.json", "/httpstatus", "/static/index.html",
                     "/phoneprov/x", "/uploads"):
            with self.subTest(path=path):
                self.assertEqual(https_status(path), 404)
        with self.assertRaises(OSError):  # plain HTTP listens on 127.0.0.1 only
            socket.create_connection(("10.99.0.1", 8088), timeout=3).close()


class CallTests(AsteriskCase):
    def test_each_department_with_nobody_signed_in_goes_to_voicemail_for_that_department(self):
        for department in DEPARTMENTS:
            with self.subTest(department=department):
                self.assert_voicemail(f"department {department}", department)
        self.assertIn(f"{PROMPT_DIR}/vm-no-agent", LOG)

    def test_header_name_is_case_insensitive(self):
        for case, department in (("header X-Lexinfo", "history"), ("header x-lexinfo", "math"), ("header X-LEXINFO", "art")):
            with self.subTest(case=case):
                self.assert_voicemail(case, department)

    def test_value_case_does_not_matter(self):
        self.assert_voicemail("value History", "history")
        self.assert_voicemail("value SCIENCE", "science")

    def test_unknown_department_and_no_header_get_the_unknown_prompt(self):
        self.assert_prompt("unknown department", "unknown")
        self.assert_prompt("no header", "unknown")

    def test_the_voice_connector_is_recognised_by_its_host_name_and_over_tcp(self):
        self.assert_voicemail("Voice Connector host name", "science")
        self.assert_voicemail("Voice Connector over TCP", "art")


class SpoofingTests(AsteriskCase):
    def test_a_foreign_source_is_refused_over_udp_and_tcp_even_as_the_voice_connector_user(self):
        for case in ("foreign, UDP, as voice-connector", "foreign, UDP", "foreign, TCP, as voice-connector"):
            with self.subTest(case=case):
                self.assert_refused(case)
        self.assertRegex(LOG, rf"Request 'INVITE' from '<sip:voice-connector@{re.escape(FOREIGN)}>' failed .* No matching endpoint found")

    def test_a_foreign_source_is_refused_over_wss_even_as_the_voice_connector_user(self):
        self.assertEqual(WSS_STATUS, {"voice-connector": 401, "+15550100": 401})

    def test_no_refused_call_reached_the_dialplan(self):
        accepted = [c for c in CALLS.values() if "200" in c.responses]
        # One "Call <id> for department" line per answered call, none for the refused ones.
        self.assertEqual(len(re.findall(r"NOTICE.*: Call \S+ for department ", LOG)), len(accepted))
        self.assertEqual(len(accepted), len(CALLS) - 3)


class HostileValueTests(AsteriskCase):
    def test_hostile_values_get_the_unknown_prompt(self):
        self.assertGreaterEqual(len(HOSTILE_CALLS), 30)
        for i, value in enumerate(HOSTILE_CALLS):
            with self.subTest(value=value):
                self.assert_prompt(f"hostile {i}", "unknown")

    def test_an_over_long_value_gets_the_unknown_prompt(self):
        self.assert_prompt("over-long value", "unknown")

    def test_no_hostile_value_reaches_the_log_verbose_output_included(self):
        self.assertIn("Executing [s@department-from-lexinfo:1]", LOG)  # verbose output is in the log
        # The lines of the calls that ended as "unknown" (where a hostile value would show) and those of no call;
        # the department calls' own lines legitimately hold text like "(history" or "history/" (queue, voicemail).
        unknown = set(re.findall(r"\[(C-[0-9a-f]+)\] .*: Call \S+ for department unknown$", LOG, re.M))
        self.assertGreaterEqual(len(unknown), len(HOSTILE_CALLS))
        scoped = "\n".join(line for line in LOG.splitlines()
                            if not re.search(r"\[C-[0-9a-f]+\]", line) or re.search(r"\[(C-[0-9a-f]+)\]", line).group(1) in unknown)
        for value in HOSTILE_CALLS + [LONG[:40], "A" * 40]:
            if re.fullmatch(r'"?[a-z0-9_]{1,32}"?', value):
                continue  # verbose output quotes arguments: Return("history") shows "history" for a valid call
            with self.subTest(value=value):
                self.assertNotIn(value, scoped)
        # Asterisk's PJSIP_HEADER logs a value too long for its buffer as an ERROR, without the value.
        errors = re.findall(r"^.* ERROR\[.*$", LOG, re.M)
        self.assertEqual([e.split(": ", 1)[1] for e in errors], ["Not enough buffer space in pjsip_hdr_print_on"])

    def test_only_the_prompt_files_are_opened_whatever_the_header_says(self):
        paths = set(re.findall(r'^\d+\s+\w+\((?:AT_FDCWD, )?"([^"]*)"', TRACE, re.M))  # first argument of each file call
        sounds = {p for p in paths if p.startswith("/var/lib/asterisk/sounds/") or p.startswith("/usr/share/asterisk/sounds/")}
        self.assertIn(f"{PROMPT_DIR}/en/unknown.wav", sounds)  # the trace saw the calls
        # Asterisk looks for each prompt in every format, under the caller's language (en_ivr, then en); nothing
        # falls back to Asterisk's own sounds in /usr/share/asterisk/sounds.
        names = "|".join(DEPARTMENTS + ["unknown", "vm-no-agent", "vm-intro", "beep", "vm-saved"])
        allowed = re.compile(rf"^{re.escape(PROMPT_DIR)}/(en/|en_ivr/)?({names})(\.[a-z0-9]+)?$")
        for path in sounds:
            self.assertRegex(path, allowed)
        others = [p for p in paths if not allowed.match(p)]
        for value in HOSTILE_CALLS:
            if len(value) >= 3:
                with self.subTest(value=value):
                    self.assertEqual([p for p in others if value in p], [])

if __name__ == "__main__":
    unittest.main()
