"""A caller as the Voice Connector brings it: SIP over UDP from the Voice Connector's address, PCMU media.

Standard library only, for the tests against the real Asterisk. Unlike SIPp it keeps what it heard with arrival
times, sends audio (silence, or a WAV when asked), presses keys (RFC 4733 events), and hangs up when told.
"""
import array
import os
import re
import socket
import struct
import threading
import time

import audio

SILENCE = bytes([0xFF]) * audio.FRAME  # mu-law zero


def linear_to_ulaw(sample):
    """G.711 mu-law encoder (the usual bias-33 one)."""
    sign = 0x80 if sample < 0 else 0
    magnitude = min(abs(sample), 32635) + 0x84
    exponent = 7
    for bit in range(7, -1, -1):
        if magnitude & (1 << (bit + 7)):
            exponent = bit
            break
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF


ULAW = bytes(linear_to_ulaw(s) for s in range(-32768, 32768))


def ulaw_bytes(samples):
    return bytes(ULAW[s + 32768] for s in samples)


class Caller:
    pbx = ("127.0.0.1", 5060)

    def __init__(self, department, source="127.0.0.10", number="+15550100", language=None):
        self.source, self.department, self.number = source, department, number
        self.sip = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sip.bind((source, 0))  # a port of its own, whichever thread places the call
        self.sip_port = self.sip.getsockname()[1]
        self.sip.settimeout(0.2)
        self.rtp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.rtp.bind((source, 0))
        self.rtp.settimeout(0.2)
        self.media_port = self.rtp.getsockname()[1]
        self.call_id = f"caller-{os.urandom(6).hex()}@{source}"
        self.tag = os.urandom(4).hex()
        self.language = language
        self.responses, self.requests = [], []
        self.heard = []  # (arrival time, payload type, payload)
        self.remote_media = None
        self.to = None
        self.answered_at = self.ended_at = None
        self.ended = threading.Event()
        self.answered = threading.Event()
        self.sending = []  # frames still to send, instead of silence
        self.events = []  # pending RFC 4733 packets
        self.lock = threading.Lock()
        self.stop = False
        self.threads = [threading.Thread(target=self._sip_loop, daemon=True),
                        threading.Thread(target=self._rtp_in, daemon=True),
                        threading.Thread(target=self._rtp_out, daemon=True)]
        self.started_at = time.time()
        for thread in self.threads:
            thread.start()
        self._invite()

    def _send(self, text):
        self.sip.sendto(text.encode(), self.pbx)

    def _invite(self):
        sdp = (f"v=0\r\no=- 1 1 IN IP4 {self.source}\r\ns=-\r\nc=IN IP4 {self.source}\r\nt=0 0\r\n"
               f"m=audio {self.media_port} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
               "a=fmtp:101 0-15\r\na=sendrecv\r\n")
        headers = [f"X-LexInfo: {self.department}"] + ([f"X-IVR-Language: {self.language}"] if self.language else [])
        self.invite_branch = "z9hG4bK" + os.urandom(6).hex()
        self._send("\r\n".join([
            f"INVITE sip:600300@127.0.0.1:5060 SIP/2.0", f"Via: SIP/2.0/UDP {self.source}:{self.sip_port};branch={self.invite_branch};rport",
            f"From: <sip:{self.number}@{self.source}>;tag={self.tag}", "To: <sip:600300@127.0.0.1>", f"Call-ID: {self.call_id}",
            "CSeq: 1 INVITE", f"Contact: <sip:{self.number}@{self.source}:{self.sip_port}>", "Max-Forwards: 70", *headers,
            "Content-Type: application/sdp", f"Content-Length: {len(sdp)}"]) + "\r\n\r\n" + sdp)
        self.local = (self.source, self.sip_port)

    def _sip_loop(self):
        while not self.stop:
            try:
                data, _ = self.sip.recvfrom(65536)
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            text = data.decode(errors="replace")
            first = text.split("\r\n", 1)[0]
            headers = dict((k.strip().lower(), v.strip()) for k, _, v in
                           (line.partition(":") for line in text.split("\r\n\r\n")[0].split("\r\n")[1:]))
            if first.startswith("SIP/2.0"):
                status = int(first.split()[1])
                self.responses.append(status)
                if "INVITE" in headers.get("cseq", "") and status >= 200:
                    self.to = headers["to"]
                    self._ack(status, headers)
                    if status == 200:
                        body = text.split("\r\n\r\n", 1)[1]
                        address = re.search(r"c=IN IP4 (\S+)", body).group(1)
                        port = int(re.search(r"m=audio (\d+)", body).group(1))
                        self.remote_media = (address, port)
                        self.answered_at = time.time()
                        self.answered.set()
                    else:
                        self._end()
                continue
            method = first.split()[0]
            self.requests.append(method)
            via = "\r\n".join(line for line in text.split("\r\n\r\n")[0].split("\r\n") if line.lower().startswith("via:"))
            reply = "\r\n".join(["SIP/2.0 200 OK", via, f"From: {headers['from']}", f"To: {headers['to']}",
                                 f"Call-ID: {headers['call-id']}", f"CSeq: {headers['cseq']}", "Content-Length: 0"]) + "\r\n\r\n"
            if method == "INVITE":  # a re-INVITE (hold, transfer): keep the media as it is
                body = text.split("\r\n\r\n", 1)[1]
                match = re.search(r"m=audio (\d+)", body)
                if match:
                    self.remote_media = (re.search(r"c=IN IP4 (\S+)", body).group(1), int(match.group(1)))
                sdp = (f"v=0\r\no=- 1 2 IN IP4 {self.source}\r\ns=-\r\nc=IN IP4 {self.source}\r\nt=0 0\r\n"
                       f"m=audio {self.media_port} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n")
                reply = reply.replace("Content-Length: 0", f"Contact: <sip:{self.number}@{self.source}:{self.sip_port}>\r\n"
                                      f"Content-Type: application/sdp\r\nContent-Length: {len(sdp)}") + sdp
            self.sip.sendto(reply.encode(), self.pbx)
            if method == "BYE":
                self._end()

    def _ack(self, status, headers):
        branch = self.invite_branch if status >= 300 else "z9hG4bK" + os.urandom(6).hex()
        target = "sip:600300@127.0.0.1:5060"
        if status < 300 and "contact" in headers:
            target = re.search(r"<([^>]+)>", headers["contact"]).group(1)
        self._send("\r\n".join([f"ACK {target} SIP/2.0", f"Via: SIP/2.0/UDP {self.source}:{self.sip_port};branch={branch};rport",
                                f"From: <sip:{self.number}@{self.source}>;tag={self.tag}", f"To: {headers['to']}",
                                f"Call-ID: {self.call_id}", "CSeq: 1 ACK", "Max-Forwards: 70", "Content-Length: 0"]) + "\r\n\r\n")

    def _end(self):
        if not self.ended.is_set():
            self.ended_at = time.time()
            self.ended.set()

    def _rtp_in(self):
        while not self.stop:
            try:
                data, _ = self.rtp.recvfrom(2048)
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            if len(data) >= 12 and data[0] >> 6 == 2:
                header = 12 + 4 * (data[0] & 0x0F)
                self.heard.append((time.time(), data[1] & 0x7F, data[header:]))

    def _rtp_out(self):
        sequence, timestamp, ssrc = 1, 0, int.from_bytes(os.urandom(4), "big")
        next_at = time.time()
        while not self.stop and not self.ended.is_set():
            next_at += 0.02
            time.sleep(max(0, next_at - time.time()))
            if not self.remote_media:
                continue
            with self.lock:
                if self.events:
                    payload_type, payload, marker, event_timestamp = self.events.pop(0)
                    packet = struct.pack(">BBHII", 0x80, (0x80 if marker else 0) | payload_type, sequence & 0xFFFF,
                                         event_timestamp, ssrc) + payload
                    sequence += 1
                    self.rtp.sendto(packet, self.remote_media)
                    continue
                frame = self.sending.pop(0) if self.sending else SILENCE
            self.rtp.sendto(struct.pack(">BBHII", 0x80, 0, sequence & 0xFFFF, timestamp & 0xFFFFFFFF, ssrc) + frame,
                            self.remote_media)
            sequence += 1
            timestamp += audio.FRAME

    # --- what the caller does ---
    def play(self, wav_path):
        """Sends a WAV (8 kHz 16-bit mono) as the caller's voice, after what is already queued."""
        data = ulaw_bytes(audio.wav_samples(wav_path))
        frames = [data[i:i + audio.FRAME].ljust(audio.FRAME, b"\xff") for i in range(0, len(data), audio.FRAME)]
        with self.lock:
            self.sending.extend(frames)

    def press(self, digit):
        """One key as RFC 4733 events: 100 ms of tone (5 packets), then three end packets."""
        event = "0123456789*#".index(digit)
        start = int((time.time() - self.started_at) * 8000) & 0xFFFFFFFF
        packets = []
        for i in range(5):
            packets.append((101, struct.pack(">BBH", event, 10, 160 * (i + 1)), i == 0, start))
        for _ in range(3):
            packets.append((101, struct.pack(">BBH", event, 0x80 | 10, 800), False, start))
        with self.lock:
            self.events.extend(packets)

    def hang_up(self):
        if self.ended.is_set() or not self.to:
            return
        self._send("\r\n".join([f"BYE sip:600300@127.0.0.1:5060 SIP/2.0",
                                f"Via: SIP/2.0/UDP {self.source}:{self.sip_port};branch=z9hG4bK{os.urandom(6).hex()};rport",
                                f"From: <sip:{self.number}@{self.source}>;tag={self.tag}", f"To: {self.to}",
                                f"Call-ID: {self.call_id}", "CSeq: 2 BYE", "Max-Forwards: 70", "Content-Length: 0"]) + "\r\n\r\n")
        self._end()

    def samples(self, since=None, until=None):
        """What the caller heard (PCMU decoded), optionally between two times."""
        samples = array.array("h")
        for at, payload_type, payload in list(self.heard):
            if payload_type == 0 and (since is None or at >= since) and (until is None or at <= until):
                samples.extend(audio.ULAW[b] for b in payload)
        return samples

    def close(self):
        self.hang_up()
        self.stop = True
        for thread in self.threads:
            thread.join(timeout=2)
        self.sip.close()
        self.rtp.close()
