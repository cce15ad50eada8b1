"""The PBX as deployed by default on a real Asterisk 22: the Voice Connector leg over TLS with SRTP only, and the
fail2ban lock-out of repeated failed registrations.

pbx/ci.sh starts Asterisk with IVR_PBX_VC_ENCRYPTION=required (pbx/local-pbx.sh) and runs this module inside its
network namespace. SIPp from Debian 12 (sip-tester 3.6.1, built without OpenSSL) speaks no TLS, so the Voice
Connector here is a small SIP-over-TLS client: an INVITE offering SRTP with SDES keys (RFC 4568), as a Voice Connector
with RequireEncryption sends (https://docs.aws.amazon.com/chime-sdk/latest/APIReference/API_voice-chime_CreateVoiceConnector.html).
"""
import base64
import hashlib
import os
import re
import select
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import types
import unittest
from pathlib import Path

import audio
from support import PBX, REPO, run
from test_asterisk import DEPARTMENTS, FOREIGN, LOCAL_PBX, SOUNDS, VC_CIDR, local_pbx, prompt_heard, websocket_frame

ATTACKER, AGENT_SOURCE, PBX_ADDRESS = "10.99.0.2", "127.0.0.1", "10.99.0.1"  # see local-pbx.sh
SRTP_TAG = 10  # AES_CM_128_HMAC_SHA1_80: an 80-bit authentication tag after each payload (RFC 3711)


def read_message(stream, buffer):
    """(one SIP message, rest of the buffer) from a stream socket; None at the end of the stream."""
    while b"\r\n\r\n" not in buffer:
        chunk = stream.recv(65536)
        if not chunk:
            return None, buffer
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    length = int(re.search(rb"(?im)^content-length:\s*(\d+)", head).group(1)) if re.search(rb"(?im)^content-length:", head) else 0
    while len(rest) < length:
        rest += stream.recv(65536)
    return (head + b"\r\n\r\n" + rest[:length]).decode(errors="replace"), rest[length:]


def complete_messages(buffer):
    """The whole SIP messages at the start of a buffer (decoded), leaving a partial one."""
    messages = []
    while b"\r\n\r\n" in buffer:
        head, _, rest = buffer.partition(b"\r\n\r\n")
        length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
        length = int(length.group(1)) if length else 0
        if len(rest) < length:
            break
        message = head + b"\r\n\r\n" + rest[:length]
        messages.append(message.decode("latin-1"))
        buffer = rest[length:]
    return messages


def header(message, name):
    match = re.search(rf"(?im)^{name}:\s*(.*?)\r?$", message)
    return match.group(1) if match else ""


class TlsCall:
    """One call from `source` over TLS to 5061: INVITE (SDP offering `profile`, with SDES keys when `keys`), ACK,
    RTP received until the PBX's BYE (answered 200)."""
    count = 0

    def __init__(self, source=VC_CIDR, profile="RTP/SAVP", keys=True, department="history"):
        TlsCall.count += 1
        n = TlsCall.count
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the local PBX's certificate is self-signed
        media = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        media.bind((source, 0))
        media_port = media.getsockname()[1]
        raw = socket.create_connection(("127.0.0.1", 5061), timeout=10, source_address=(source, 0))
        self.tls = tls = context.wrap_socket(raw)
        local_port = tls.getsockname()[1]
        crypto = f"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{base64.b64encode(os.urandom(30)).decode()}\r\n" if keys else ""
        sdp = (f"v=0\r\no=vc {n} 1 IN IP4 {source}\r\ns=-\r\nc=IN IP4 {source}\r\nt=0 0\r\n"
               f"m=audio {media_port} {profile} 0\r\na=rtpmap:0 PCMU/8000\r\n{crypto}a=sendrecv\r\n")
        call_id, tag, branch = f"tls-{n}-{os.getpid()}@{source}", f"vc{n}", f"z9hG4bK-tls-{n}-{os.getpid()}"
        via = f"Via: SIP/2.0/TLS {source}:{local_port};branch={branch};rport"
        common = (f"From: <sip:+15550100@{source}>;tag={tag}\r\nCall-ID: {call_id}\r\nMax-Forwards: 70\r\n")
        tls.sendall((f"INVITE sip:600300@127.0.0.1:5061;transport=tls SIP/2.0\r\n{via}\r\n{common}"
                     f"To: <sip:600300@127.0.0.1>\r\nCSeq: 1 INVITE\r\nContact: <sip:vc@{source}:{local_port};transport=tls>\r\n"
                     f"X-LexInfo: {department}\r\nContent-Type: application/sdp\r\nContent-Length: {len(sdp)}\r\n\r\n{sdp}").encode())
        self.responses, self.answer, self.payloads, self.sizes, self.bye = [], "", [], [], False
        buffer, deadline = b"", time.time() + 40
        final = None
        while final is None and time.time() < deadline:
            message, buffer = read_message(tls, buffer)
            if message is None:
                break
            status = int(message.split()[1])
            self.responses.append(status)
            if status >= 200:
                final = message
        if final is None:
            return
        to = header(final, "To")
        if self.responses[-1] != 200:  # ACK of a failure: same branch, the response's To
            tls.sendall((f"ACK sip:600300@127.0.0.1:5061;transport=tls SIP/2.0\r\n{via}\r\n{common}To: {to}\r\n"
                         f"CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n").encode())
            return
        self.answer = final.split("\r\n\r\n", 1)[1]
        target = re.search(r"<([^>]+)>", header(final, "Contact")).group(1)
        ack = (f"ACK {target} SIP/2.0\r\nVia: SIP/2.0/TLS {source}:{local_port};branch={branch}-ack;rport\r\n{common}"
               f"To: {to}\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n").encode()
        tls.sendall(ack)
        tls.setblocking(False)
        while not self.bye and time.time() < deadline:
            readable, _, _ = select.select([media, tls], [], [], 1)
            if media in readable:
                packet = media.recv(2048)
                self.sizes.append(len(packet))
                self.payloads.append((packet[1] & 0x7F, packet[12:len(packet) - SRTP_TAG]))
            if tls in readable or tls.pending():
                try:
                    while chunk := tls.recv(65536):  # everything TLS has decrypted, not only what select saw
                        buffer += chunk
                except (ssl.SSLWantReadError, BlockingIOError):
                    pass
                else:
                    break  # the PBX closed the connection
                for message in complete_messages(buffer):
                    buffer = buffer[len(message.encode("latin-1")):]
                    if message.startswith("BYE "):
                        self.bye = True
                        answer = "".join(f"{h}: {header(message, h)}\r\n" for h in ("Via", "From", "To", "Call-ID", "CSeq"))
                        tls.setblocking(True)
                        tls.sendall(f"SIP/2.0 200 OK\r\n{answer}Content-Length: 0\r\n\r\n".encode())
                    elif message.startswith("SIP/2.0 200") and "INVITE" in header(message, "CSeq"):
                        tls.setblocking(True)
                        tls.sendall(ack)  # the 200 came again: our ACK crossed it
                        tls.setblocking(False)
        media.close()
        tls.close()


def wss_register(source, target, attempts):
    """REGISTERs as agent alice (tests/directory.json) with a wrong password over WSS from `source`; the statuses."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    statuses = []
    with socket.create_connection((target, 8089), timeout=10, source_address=(source, 0)) as raw, context.wrap_socket(raw) as tls:
        key = base64.b64encode(os.urandom(16)).decode()
        tls.sendall((f"GET /ws HTTP/1.1\r\nHost: {target}:8089\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: sip\r\n\r\n").encode())
        handshake = b""
        while b"\r\n\r\n" not in handshake:
            handshake += tls.recv(4096)
        assert handshake.startswith(b"HTTP/1.1 101"), handshake[:80]
        nonce, realm = "", "asterisk"
        for cseq in range(1, attempts + 2):
            auth = ""
            if nonce:
                ha1 = hashlib.md5(f"alice:{realm}:WrongPassword{cseq}".encode()).hexdigest()
                ha2 = hashlib.md5(f"REGISTER:sip:{target}".encode()).hexdigest()
                response = hashlib.md5(f"{ha1}:{nonce}:{ha2}".encode()).hexdigest()
                auth = (f'Authorization: Digest username="alice", realm="{realm}", nonce="{nonce}", '
                        f'uri="sip:{target}", response="{response}", algorithm=MD5\r\n')
            sip = (f"REGISTER sip:{target} SIP/2.0\r\nVia: SIP/2.0/WSS guess.invalid;branch=z9hG4bK{cseq}x{os.getpid()}\r\n"
                   f"From: <sip:alice@{target}>;tag=guess\r\nTo: <sip:alice@{target}>\r\nCall-ID: guess-{source}-{os.getpid()}\r\n"
                   f"CSeq: {cseq} REGISTER\r\nContact: <sip:alice@guess.invalid;transport=ws>\r\nExpires: 60\r\n"
                   f"Max-Forwards: 70\r\n{auth}Content-Length: 0\r\n\r\n").encode()
            tls.sendall(websocket_frame(0x1, sip))
            frames = b""
            while not re.search(rb"SIP/2\.0 (\d{3})", frames):
                frames += tls.recv(65536)
            statuses.append(int(re.search(rb"SIP/2\.0 (\d{3})", frames).group(1)))
            challenge = re.search(rb'WWW-Authenticate: Digest [^\r]*realm="([^"]+)"[^\r]*nonce="([^"]+)"', frames)
            if challenge:
                realm, nonce = challenge.group(1).decode(), challenge.group(2).decode()
        tls.sendall(websocket_frame(0x8, (1000).to_bytes(2, "big")))
    return statuses


def wss_handshake_from(source, target):
    """True when a WebSocket handshake on 8089 from `source` succeeds, False when the connection is refused or dropped."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    try:
        with socket.create_connection((target, 8089), timeout=3, source_address=(source, 0)) as raw, context.wrap_socket(raw) as tls:
            tls.sendall(f"GET /ws HTTP/1.1\r\nHost: {target}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}\r\nSec-WebSocket-Version: 13\r\n"
                        f"Sec-WebSocket-Protocol: sip\r\n\r\n".encode())
            return tls.recv(4096).startswith(b"HTTP/1.1 101")
    except OSError:
        return False


CALLS = {}


def setUpModule():
    if not local_pbx("pid").stdout.strip():
        raise RuntimeError("Asterisk is not running: run the pbx tests with pbx/ci.sh (it starts pbx/local-pbx.sh)")
    if "transport-tls" not in local_pbx("rx", "pjsip show transports").stdout:
        raise RuntimeError("Asterisk is not in the encrypted setup: pbx/ci.sh starts it with IVR_PBX_VC_ENCRYPTION=required")
    CALLS["srtp"] = TlsCall(department="sales")  # the unknown prompt, then the PBX hangs up
    CALLS["plain rtp offer"] = TlsCall(profile="RTP/AVP", keys=False, department="math")
    CALLS["foreign"] = TlsCall(source=FOREIGN, department="art")


class EncryptedVoiceConnectorTests(unittest.TestCase):
    def test_nothing_answers_sip_on_5060_over_udp_or_tcp(self):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind((VC_CIDR, 0))
            udp.settimeout(2)
            udp.sendto(b"OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.10;branch=z9hG4bKprobe\r\n"
                       b"From: <sip:probe@127.0.0.10>;tag=p\r\nTo: <sip:127.0.0.1>\r\nCall-ID: probe\r\nCSeq: 1 OPTIONS\r\n"
                       b"Content-Length: 0\r\n\r\n", ("127.0.0.1", 5060))
            with self.assertRaises(OSError):  # port unreachable (refused) or nothing at all (timeout)
                udp.recv(4096)
        with self.assertRaises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", 5060), timeout=3, source_address=(VC_CIDR, 0)).close()
        transports = local_pbx("rx", "pjsip show transports").stdout
        self.assertEqual(sorted(set(re.findall(r"Transport:\s+(transport-\S+)", transports))), ["transport-tls", "transport-wss"])

    def test_a_tls_call_offering_srtp_gets_srtp_keys_back_and_the_prompt_encrypted(self):
        call = CALLS["srtp"]
        self.assertIn(200, call.responses)
        self.assertRegex(call.answer, r"(?m)^m=audio \d+ RTP/SAVP 0")
        self.assertRegex(call.answer, r"(?m)^a=crypto:\d+ AES_CM_128_HMAC_SHA1_80 inline:\S+")
        self.assertTrue(call.bye, "the PBX ends the call after the prompt")
        frames = len(audio.wav_samples(SOUNDS / "unknown.wav")) // audio.FRAME
        self.assertGreaterEqual(len(call.payloads), frames * 0.95, "SRTP packets for the whole prompt")
        # 12-byte RTP header, 160 bytes of 20 ms G.711, the 80-bit tag: SRTP, not RTP (172 bytes); the prompt's last
        # frame may be shorter.
        self.assertEqual(set(call.sizes[:-1]), {12 + 160 + SRTP_TAG})
        # What crossed the wire is not the prompt in the clear: it matches none of the prompts.
        _, score, scores = prompt_heard(types.SimpleNamespace(samples=audio.pcmu_samples(call.payloads)))
        self.assertLess(score, 0.5, f"encrypted audio must not correlate with a prompt: {scores}")

    def test_an_offer_without_srtp_keys_is_refused_never_answered_in_the_clear(self):
        call = CALLS["plain rtp offer"]
        self.assertNotIn(200, call.responses)
        self.assertEqual(call.responses[-1], 488, call.responses)
        self.assertEqual(call.payloads, [])

    def test_a_foreign_source_over_tls_is_refused(self):
        call = CALLS["foreign"]
        self.assertEqual(call.responses[-1], 401, call.responses)
        self.assertEqual(call.payloads, [])


class LockoutTests(unittest.TestCase):
    """fail2ban as host/setup.sh installs it: Debian's filter "asterisk" on the rendered jail, banning with iptables
    inside this network namespace."""

    def test_repeated_failed_registrations_lock_the_source_out_and_no_one_else(self):
        fail2ban = shutil.which("fail2ban-client")
        self.assertIsNotNone(fail2ban, "pbx/ci.sh installs fail2ban")
        conf = Path(tempfile.mkdtemp(prefix="pbx-fail2ban-"))
        self.addCleanup(shutil.rmtree, conf, True)
        shutil.copytree("/etc/fail2ban", conf / "etc", symlinks=True)
        for jail in (conf / "etc" / "jail.d").glob("*"):
            jail.unlink()  # Debian's sshd jail is not ours
        (conf / "etc" / "fail2ban.local").write_text(
            f"[Definition]\nlogtarget = {conf}/fail2ban.log\nsocket = {conf}/fail2ban.sock\npidfile = {conf}/fail2ban.pid\n"
            "dbfile = :memory:\n")
        chroot = Path(os.environ.get("IVR_ASTERISK_ROOT", REPO / ".cache" / "asterisk-chroot"))
        rendered = conf / "rendered"
        result = run("python3", str(PBX / "render.py"), "--out", str(rendered), "--public-ip", PBX_ADDRESS,
                     "--voice-connector-host", "voice-connector.local-pbx.test", "--voice-connector-cidr", f"{VC_CIDR}/32",
                     "--departments", " ".join(DEPARTMENTS),
                     "--asterisk-log-dir", str(chroot / "var" / "log" / "asterisk"))
        self.assertEqual(result.returncode, 0, result.stderr)
        shutil.copy(rendered / "fail2ban-jail.local", conf / "etc" / "jail.d" / "ivr-pbx.local")
        # fail2ban reads the whole log at start: begin from an empty one, whatever an earlier run left there.
        (chroot / "var" / "log" / "asterisk" / "security").write_text("")
        client = [fail2ban, "-c", str(conf / "etc")]
        started = run(*client, "-x", "start")
        self.assertEqual(started.returncode, 0, started.stderr + started.stdout)
        self.addCleanup(run, *client, "stop")
        for _ in range(50):
            if "ivr-pbx-asterisk" in run(*client, "status").stdout:
                break
            time.sleep(0.2)

        self.assertTrue(wss_handshake_from(ATTACKER, PBX_ADDRESS), "before the guesses the attacker can connect")
        statuses = wss_register(ATTACKER, PBX_ADDRESS, attempts=6)
        self.assertEqual(statuses[0], 401)
        self.assertNotIn(200, statuses, "a wrong password never registers")
        banned = ""
        for _ in range(30):  # the polling backend reads the log every second
            banned = run(*client, "status", "ivr-pbx-asterisk").stdout
            if ATTACKER in banned:
                break
            time.sleep(0.5)
        self.assertIn(ATTACKER, banned, (conf / "fail2ban.log").read_text(errors="replace")[-2000:])
        self.assertFalse(wss_handshake_from(ATTACKER, PBX_ADDRESS), "the guessing address is locked out")
        self.assertTrue(wss_handshake_from(AGENT_SOURCE, "127.0.0.1"), "everyone else still reaches the PBX")
        # Stopping fail2ban lifts its bans (and removes its iptables chain).
        run(*client, "stop")
        self.assertTrue(wss_handshake_from(ATTACKER, PBX_ADDRESS))


if __name__ == "__main__":
    unittest.main()
