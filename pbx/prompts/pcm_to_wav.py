#!/usr/bin/env python3
"""Wraps raw PCM (signed 16-bit little-endian, mono, 8000 Hz: what Polly returns for
OutputFormat=pcm, SampleRate=8000) in a WAV header, the format Asterisk plays without transcoding."""
import sys
import wave

SAMPLE_RATE = 8000


def pcm_to_wav(pcm_path, wav_path):
    with open(pcm_path, "rb") as source:
        frames = source.read()
    if not frames or len(frames) % 2:
        raise ValueError(f"{pcm_path}: {len(frames)} bytes is not 16-bit PCM audio")
    with wave.open(wav_path, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(frames)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: pcm_to_wav.py IN.pcm OUT.wav")
    pcm_to_wav(sys.argv[1], sys.argv[2])
