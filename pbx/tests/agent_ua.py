"""An agent's softphone as the PBX sees it: SIP over the secure WebSocket (RFC 7118), digest authentication.

Standard library only, for the tests against the real Asterisk. It registers as an agent, answers or lets ring the
INVITEs it gets (keeping their headers), sends and receives the agent protocol's SIP MESSAGEs, and transfers
(REFER). Media is not its business: its SDP answer has ICE and DTLS-SRTP attributes, as a browser's, but it never
completes DTLS, so a call it answers carries no audio (the agent endpoint's rtp_timeout ends such a call after 15 s).
"""
import base64
import hashlib
import os
import queue
import re
import socket
import ssl
import threading
import time


def websocket_frame(opcode, payload):
    """One masked client frame (RFC 6455 section 5.2)."""
    mask = os.urandom(4)
    length = len(payload)
    if length < 126:
        header = bytes([0x80 | opcode, 0x80 | length])
    elif length < 65536:
        header = bytes([0x80 | opcode, 0x80 | 126]) + length.to_bytes(2, "big")
    else:
        header = bytes([0x80 | opcode, 0x80 | 127]) + length.to_bytes(8, "big")
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


class SipMessage:
    def __init__(self, text):
        head, _, self.body = text.partition("\r\n\r\n")
        lines = head.split("\r\n")
        self.first = lines[0]
        self.headers = []
        for line in lines[1:]:
            name, _, value = line.partition(":")
            self.headers.append((name.strip(), value.strip()))
        parts = self.first.split(" ", 2)
        self.is_response = parts[0] == "SIP/2.0"
        self.status = int(parts[1]) if self.is_response else None
        self.method = None if self.is_response else parts[0]
        self.uri = None if self.is_response else parts[1]

    def header(self, name):
        return next((v for n, v in self.headers if n.lower() == name.lower()), None)

    def all(self, name):
        return [v for n, v in self.headers if n.lower() == name.lower()]

    @property
    def cseq_method(self):
        return (self.header("CSeq") or " ").split()[-1]


class Call:
    """An INVITE the agent received (or sent), and what happened to it."""

    def __init__(self, invite, incoming=True):
        self.invite, self.incoming = invite, incoming
        self.call_id = invite.header("Call-ID")
        self.received_at = time.time()
        self.answered = self.ended = False
        self.ended_event = threading.Event()
        self.local_tag = os.urandom(4).hex()
        self.remote_target = None
        self.cseq = 1
        self.notifies = []

    def header(self, name):
        return self.invite.header(name)


class Agent:
    """One registered agent. policy: "answer", "ring" (never answers) or "busy" (486)."""

    def __init__(self, agent_id, password, host="127.0.0.1", port=8089, policy="answer", answer_after=0.5):
        self.id, self.password, self.host, self.port = agent_id, password, host, port
        self.policy, self.answer_after = policy, answer_after
        self.calls, self.messages, self.states, self.errors = [], [], [], []
        self.responses = queue.Queue()
        self.lock = threading.Lock()
        self.state_event = threading.Condition(self.lock)
        self.closed = False
        self.tag = os.urandom(4).hex()
        self.instance = f"{self.id}-{os.urandom(3).hex()}.invalid"
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        raw = socket.create_connection((host, port), timeout=10)
        self.sock = context.wrap_socket(raw)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /ws HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: sip\r\n\r\n").encode())
        handshake = b""
        while b"\r\n\r\n" not in handshake:
            handshake += self.sock.recv(1)
        if not handshake.startswith(b"HTTP/1.1 101"):
            raise AssertionError(f"WebSocket handshake refused: {handshake[:80]!r}")
        self.sock.settimeout(None)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    # --- transport ---
    def send(self, text):
        with self.lock:
            self.sock.sendall(websocket_frame(0x1, text.encode()))

    def _read(self):
        buffer = b""
        try:
            while not self.closed:
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                buffer += chunk
                while len(buffer) >= 2:
                    length, offset = buffer[1] & 0x7F, 2
                    if length == 126:
                        length, offset = int.from_bytes(buffer[2:4], "big"), 4
                    elif length == 127:
                        length, offset = int.from_bytes(buffer[2:10], "big"), 10
                    if len(buffer) < offset + length:
                        break
                    opcode, payload = buffer[0] & 0x0F, buffer[offset:offset + length]
                    buffer = buffer[offset + length:]
                    if opcode in (0x1, 0x2) and payload.strip():  # (a bare CRLF is a keep-alive, RFC 5626)
                        try:
                            self._handle(SipMessage(payload.decode(errors="replace")))
                        except Exception as error:  # noqa: BLE001 (a test helper: keep reading, report it)
                            self.errors.append(f"{error!r} handling {payload[:200]!r}")
                    elif opcode == 0x9:
                        with self.lock:
                            self.sock.sendall(websocket_frame(0xA, payload))
                    elif opcode == 0x8:
                        return
        except OSError:
            pass

    def _handle(self, message):
        if message.is_response:
            self.responses.put(message)
            return
        handler = getattr(self, "_on_" + message.method.lower(), None)
        if handler:
            handler(message)
        else:
            self._respond(message, 200, "OK")

    def _respond(self, request, status, reason, extra="", body="", content_type=None):
        to = request.header("To")
        if ";tag=" not in to:
            call = self._call(request.header("Call-ID"))
            to += f";tag={call.local_tag if call else self.tag}"
        lines = [f"SIP/2.0 {status} {reason}"] + [f"Via: {v}" for v in request.all("Via")]
        lines += [f"From: {request.header('From')}", f"To: {to}", f"Call-ID: {request.header('Call-ID')}",
                  f"CSeq: {request.header('CSeq')}"]
        if extra:
            lines.append(extra.rstrip("\r\n"))
        if content_type:
            lines.append(f"Content-Type: {content_type}")
        lines.append(f"Content-Length: {len(body.encode())}")
        self.send("\r\n".join(lines) + "\r\n\r\n" + body)

    def _call(self, call_id):
        return next((c for c in self.calls if c.call_id == call_id), None)

    # --- requests from the PBX ---
    def _on_options(self, request):
        self._respond(request, 200, "OK")

    def _on_message(self, request):
        self._respond(request, 200, "OK")
        with self.state_event:
            self.messages.append(request)
            if request.body.startswith("{"):
                import json
                try:
                    self.states.append(json.loads(request.body))
                except ValueError:
                    self.states.append({"unparsable": request.body})
            self.state_event.notify_all()

    def _on_invite(self, request):
        call = self._call(request.header("Call-ID"))
        if call:  # a re-INVITE
            self._respond(request, 200, "OK", self._contact(), self._sdp(), "application/sdp")
            return
        call = Call(request)
        call.remote_target = re.search(r"<([^>]+)>", request.header("Contact")).group(1)
        with self.state_event:
            self.calls.append(call)
            self.state_event.notify_all()
        if self.policy == "busy":
            self._respond(request, 486, "Busy Here")
            call.ended = True
            call.ended_event.set()
            return
        self._respond(request, 180, "Ringing", self._contact())
        if self.policy == "answer":
            def answer():
                time.sleep(self.answer_after)
                if not call.ended:
                    call.answered = True
                    self._respond(request, 200, "OK", self._contact(), self._sdp(), "application/sdp")
            threading.Thread(target=answer, daemon=True).start()

    def _on_cancel(self, request):
        self._respond(request, 200, "OK")
        call = self._call(request.header("Call-ID"))
        if call:
            call.ended = True
            call.ended_event.set()
            invite = call.invite
            self._respond(invite, 487, "Request Terminated")

    def _on_ack(self, request):
        pass

    def _on_bye(self, request):
        self._respond(request, 200, "OK")
        call = self._call(request.header("Call-ID"))
        if call:
            call.ended = True
            call.ended_event.set()

    def _on_notify(self, request):
        self._respond(request, 200, "OK")
        call = self._call(request.header("Call-ID"))
        if call:
            call.notifies.append(request.body)

    # --- what the agent does ---
    def _contact(self):
        return f"Contact: <sip:{self.id}@{self.instance};transport=ws>"

    def _sdp(self):
        fingerprint = ":".join(f"{b:02X}" for b in hashlib.sha256(self.id.encode()).digest())
        return ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=rtpmap:0 PCMU/8000\r\na=ice-ufrag:agentufrag\r\n"
                "a=ice-pwd:agenticepassword0123456789\r\n"
                f"a=fingerprint:sha-256 {fingerprint}\r\na=setup:active\r\na=mid:0\r\na=rtcp-mux\r\na=sendrecv\r\n")

    def request(self, method, uri, headers=(), body="", content_type=None, call=None, expect_final=True, timeout=10):
        """Sends a request (digest authentication when challenged); returns the final response."""
        call_id = call.call_id if call else f"{method.lower()}-{os.urandom(6).hex()}"
        cseq = 1
        if call:
            call.cseq += 1
            cseq = call.cseq
        authorization = None
        for _ in range(2):
            branch = "z9hG4bK" + os.urandom(6).hex()
            if call and not call.incoming:  # in the dialog of an INVITE the agent sent
                from_, to = call.out_from, call.out_to
            elif call:  # in the dialog of an INVITE the agent received: its To (with our tag) is our From
                from_, to = f"{call.invite.header('To')};tag={call.local_tag}", call.invite.header("From")
            else:
                from_ = f"<sip:{self.id}@{self.host}>;tag={self.tag}"
                to = f"<sip:{self.id}@{self.host}>" if method == "REGISTER" else f"<{uri}>"
            lines = [f"{method} {uri} SIP/2.0", f"Via: SIP/2.0/WSS {self.instance};branch={branch}", f"From: {from_}",
                     f"To: {to}", f"Call-ID: {call_id}", f"CSeq: {cseq} {method}", "Max-Forwards: 70", self._contact()]
            if authorization:
                lines.append(authorization)
            lines += list(headers)
            if content_type:
                lines.append(f"Content-Type: {content_type}")
            lines.append(f"Content-Length: {len(body.encode())}")
            self.send("\r\n".join(lines) + "\r\n\r\n" + body)
            response = self._final(call_id, method, timeout)
            if response.status in (401, 407) and not authorization:
                authorization = self._authorization(response, method, uri)
                cseq += 1
                if call:
                    call.cseq = cseq
                continue
            return response
        return response

    def _final(self, call_id, method, timeout):
        deadline = time.time() + timeout
        pending = []
        try:
            while time.time() < deadline:
                try:
                    response = self.responses.get(timeout=max(0.01, deadline - time.time()))
                except queue.Empty:
                    break
                if response.header("Call-ID") == call_id and response.cseq_method == method and response.status >= 200:
                    return response
                if response.header("Call-ID") != call_id:
                    pending.append(response)
        finally:
            for response in pending:
                self.responses.put(response)
        raise TimeoutError(f"{self.id}: no final response to {method}")

    def _authorization(self, challenge, method, uri):
        header = challenge.header("WWW-Authenticate") or challenge.header("Proxy-Authenticate")
        fields = dict(re.findall(r'(\w+)="?([^",]*)"?', header))
        ha1 = hashlib.md5(f"{self.id}:{fields['realm']}:{self.password}".encode()).hexdigest()
        ha2 = hashlib.md5(f"{method}:{uri}".encode()).hexdigest()
        nonce, cnonce, nc = fields["nonce"], os.urandom(4).hex(), "00000001"
        if "qop" in fields:
            response = hashlib.md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}".encode()).hexdigest()
            qop = f', qop=auth, nc={nc}, cnonce="{cnonce}"'
        else:
            response = hashlib.md5(f"{ha1}:{nonce}:{ha2}".encode()).hexdigest()
            qop = ""
        name = "Authorization" if challenge.status == 401 else "Proxy-Authorization"
        opaque = f', opaque="{fields["opaque"]}"' if "opaque" in fields else ""
        return (f'{name}: Digest username="{self.id}", realm="{fields["realm"]}", nonce="{nonce}", uri="{uri}", '
                f'response="{response}", algorithm=MD5{qop}{opaque}')

    def register(self, expires=600):
        return self.request("REGISTER", f"sip:{self.host}", headers=[f"Expires: {expires}"]).status

    def status(self, command):
        """The agent protocol: MESSAGE to sip:status@<domain>, text/plain "available", "away" or "status"."""
        return self.request("MESSAGE", f"sip:status@{self.host}", body=command, content_type="text/plain").status

    def wait_state(self, predicate, timeout=10, since=None):
        """The first pushed state (JSON) that satisfies predicate, among those from index since (default: now on)."""
        deadline = time.time() + timeout
        with self.state_event:
            start = len(self.states) if since is None else since
            while True:
                for state in self.states[start:]:
                    if predicate(state):
                        return state
                remaining = deadline - time.time()
                if remaining <= 0:
                    return None
                self.state_event.wait(remaining)

    def wait_call(self, count=1, timeout=30):
        deadline = time.time() + timeout
        with self.state_event:
            while len(self.calls) < count and time.time() < deadline:
                self.state_event.wait(max(0.01, deadline - time.time()))
            return self.calls[count - 1] if len(self.calls) >= count else None

    def invite(self, uri, headers=(), timeout=30):
        """Calls uri (a colleague, a department's messages); returns (final status, the dialog's Call or None)."""
        call_id, from_tag = f"invite-{os.urandom(6).hex()}", os.urandom(4).hex()
        authorization, cseq = None, 1
        for _ in range(2):
            branch = "z9hG4bK" + os.urandom(6).hex()
            sdp = self._sdp().replace("a=setup:active", "a=setup:actpass")
            lines = [f"INVITE {uri} SIP/2.0", f"Via: SIP/2.0/WSS {self.instance};branch={branch}",
                     f"From: <sip:{self.id}@{self.host}>;tag={from_tag}", f"To: <{uri}>", f"Call-ID: {call_id}",
                     f"CSeq: {cseq} INVITE", "Max-Forwards: 70", self._contact(), *headers]
            if authorization:
                lines.append(authorization)
            lines += ["Content-Type: application/sdp", f"Content-Length: {len(sdp)}"]
            self.send("\r\n".join(lines) + "\r\n\r\n" + sdp)
            response = self._final(call_id, "INVITE", timeout)
            to = response.header("To")
            # Every final response to an INVITE is acknowledged (a 2xx end to end, others hop by hop: same here).
            self.send("\r\n".join([f"ACK {uri if response.status >= 300 else re.search(r'<([^>]+)>', response.header('Contact')).group(1)} SIP/2.0",
                                    f"Via: SIP/2.0/WSS {self.instance};branch={branch if response.status >= 300 else 'z9hG4bK' + os.urandom(6).hex()}",
                                    f"From: <sip:{self.id}@{self.host}>;tag={from_tag}", f"To: {to}", f"Call-ID: {call_id}",
                                    f"CSeq: {cseq} ACK", "Max-Forwards: 70", "Content-Length: 0"]) + "\r\n\r\n")
            if response.status in (401, 407) and not authorization:
                authorization = self._authorization(response, "INVITE", uri)
                cseq += 1
                continue
            break
        if response.status >= 300:
            return response.status, None
        call = Call(response, incoming=False)
        call.call_id, call.cseq, call.answered = call_id, cseq, True
        call.local_tag, call.from_tag = from_tag, from_tag
        call.to_tag = re.search(r";tag=([^;>\s]+)", to).group(1)
        call.remote_target = re.search(r"<([^>]+)>", response.header("Contact")).group(1)
        call.out_from, call.out_to = f"<sip:{self.id}@{self.host}>;tag={from_tag}", to
        with self.state_event:
            self.calls.append(call)
        return response.status, call

    def refer(self, call, target):
        """Blind transfer of an answered incoming call; returns the REFER's final status."""
        return self.request("REFER", call.remote_target, call=call,
                            headers=[f"Refer-To: <{target}>", f"Referred-By: <sip:{self.id}@{self.host}>"]).status

    def bye(self, call):
        call.ended = True
        call.ended_event.set()
        return self.request("BYE", call.remote_target, call=call).status

    def close(self):
        self.closed = True
        try:
            with self.lock:
                self.sock.sendall(websocket_frame(0x8, (1000).to_bytes(2, "big")))
            self.sock.close()
        except OSError:
            pass
