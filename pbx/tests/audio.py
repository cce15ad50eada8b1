"""What a caller heard: RTP (PCMU) read from a tcpdump capture, decoded, and compared with a prompt WAV.

Standard library only. The comparison is on the energy envelope (one value per 20 ms, the packet
size), correlated over a range of delays, so it tells one spoken prompt from another while ignoring
the G.711 quantisation and the delay before the prompt starts.
"""
import array
import math
import struct
import wave

FRAME = 160  # samples per 20 ms at 8 kHz: one RTP packet


def ulaw_to_linear(byte):
    """G.711 mu-law to a 16-bit sample (ITU-T G.711, the usual bias-33 decoder)."""
    byte = ~byte & 0xFF
    magnitude = (((byte & 0x0F) << 3) + 0x84) << ((byte & 0x70) >> 4)
    return (0x84 - magnitude) if byte & 0x80 else (magnitude - 0x84)


ULAW = [ulaw_to_linear(b) for b in range(256)]


def rtp_payloads(pcap_path):
    """{destination UDP port: [(payload type, payload bytes), ...]} in arrival order, from a pcap of `tcpdump -i lo`."""
    streams = {}
    with open(pcap_path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    link_header = {1: 14, 0: 4, 113: 16}[linktype]  # Ethernet (lo), BSD loopback, Linux cooked
    offset = 24
    while offset + 16 <= len(data):
        caplen = struct.unpack(endian + "I", data[offset + 8:offset + 12])[0]
        packet = data[offset + 16:offset + 16 + caplen]
        offset += 16 + caplen
        ip = packet[link_header:]
        if len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != 17:
            continue
        udp = ip[(ip[0] & 0x0F) * 4:]
        port = struct.unpack(">H", udp[2:4])[0]
        rtp = udp[8:]
        if len(rtp) < 12 or rtp[0] >> 6 != 2:
            continue
        header = 12 + 4 * (rtp[0] & 0x0F)
        if rtp[0] & 0x10:  # header extension
            header += 4 + 4 * struct.unpack(">H", rtp[header + 2:header + 4])[0]
        streams.setdefault(port, []).append((rtp[1] & 0x7F, rtp[header:]))
    return streams


def pcmu_samples(payloads):
    samples = array.array("h")
    for payload_type, payload in payloads:
        if payload_type == 0:
            samples.extend(ULAW[b] for b in payload)
    return samples


def wav_samples(path):
    with wave.open(str(path), "rb") as w:
        if (w.getnchannels(), w.getsampwidth(), w.getframerate()) != (1, 2, 8000):
            raise ValueError(f"{path}: not 8 kHz 16-bit mono")
        samples = array.array("h")
        samples.frombytes(w.readframes(w.getnframes()))
    return samples


def envelope(samples):
    """Root mean square of each 20 ms frame."""
    return [math.sqrt(sum(s * s for s in samples[i:i + FRAME]) / FRAME) for i in range(0, len(samples) - FRAME + 1, FRAME)]


def similarity(heard, prompt, max_delay_frames=100):
    """Best Pearson correlation of the two envelopes over the delays the prompt may start after (or before) the first packet."""
    best = -1.0
    for delay in range(-10, max_delay_frames + 1):
        pairs = [(heard[i + delay], prompt[i]) for i in range(len(prompt)) if 0 <= i + delay < len(heard)]
        if len(pairs) < len(prompt) // 2:
            continue
        xs, ys = zip(*pairs)
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        sxy = sum((x - mx) * (y - my) for x, y in pairs)
        sx = math.sqrt(sum((x - mx) ** 2 for x in xs))
        sy = math.sqrt(sum((y - my) ** 2 for y in ys))
        if sx and sy:
            best = max(best, sxy / (sx * sy))
    return best
