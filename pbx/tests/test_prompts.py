"""make-prompts.sh and pcm_to_wav.py: real espeak-ng and sox; Polly through tests/fake_aws.py."""
import json
import os
import re
import shutil
import stat
import struct
import sys
import tempfile
import unittest
from pathlib import Path

from support import PBX, Rendered, run

MAKE_PROMPTS = str(PBX / "prompts" / "make-prompts.sh")
# A few of the rendered prompts (all of them would take a minute of espeak-ng): departments, "unknown", a queue
# sentence, and a number, which lives in the digits/ folder as app_queue wants it.
NAMES = ["science", "art", "history", "math", "unknown", "queue-press-1", "digits/2"]


def wav_format(path):
    """(format tag, channels, rate, bits, data bytes) read from the RIFF header itself."""
    data = Path(path).read_bytes()
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise AssertionError(f"{path} is not RIFF/WAVE")
    offset, fmt, size = 12, None, None
    while offset + 8 <= len(data):
        chunk, length = data[offset:offset + 4], struct.unpack("<I", data[offset + 4:offset + 8])[0]
        if chunk == b"fmt ":
            fmt = struct.unpack("<HHIIHH", data[offset + 8:offset + 24])
        elif chunk == b"data":
            size = length
        offset += 8 + length + (length & 1)
    tag, channels, rate, _, _, bits = fmt
    return tag, channels, rate, bits, size


class PromptCase(unittest.TestCase):
    def setUp(self):
        self.work = Path(tempfile.mkdtemp(prefix="pbx-prompts-"))
        self.addCleanup(shutil.rmtree, self.work, True)
        rendered = Rendered()
        self.tsv = self.work / "prompts.tsv"
        lines = (rendered.dir / "prompts.tsv").read_text().splitlines(keepends=True)
        self.tsv.write_text("".join(line for line in lines if line.split("\t")[0] in NAMES))
        rendered.close()
        self.out = self.work / "sounds"

    def assert_asterisk_wav(self, path, min_seconds):
        tag, channels, rate, bits, size = wav_format(path)
        self.assertEqual((tag, channels, rate, bits), (1, 1, 8000, 16), path)
        self.assertGreater(size / (rate * 2), min_seconds, path)
        info = run("sox", "--i", str(path)).stdout
        self.assertRegex(info, r"Channels\s*: 1")
        self.assertRegex(info, r"Sample Rate\s*: 8000")
        self.assertRegex(info, r"Precision\s*: 16-bit")


class MusicOnHoldTests(PromptCase):
    def test_make_moh_makes_an_8khz_16bit_mono_wav_of_music_not_silence(self):
        result = run("bash", str(PBX / "prompts" / "make-moh.sh"), str(self.out))
        self.assertEqual(result.returncode, 0, result.stderr)
        wav = self.out / "hold-music.wav"
        self.assert_asterisk_wav(wav, min_seconds=20.0)
        # sox's own measure of the samples: loud enough to hear on a phone line, and never clipping.
        stats = run("sox", str(wav), "-n", "stat").stderr
        rms = float(re.search(r"RMS\s+amplitude:\s+([0-9.]+)", stats).group(1))
        peak = float(re.search(r"Maximum amplitude:\s+([0-9.]+)", stats).group(1))
        self.assertGreater(rms, 0.05)
        self.assertLess(peak, 0.99)
        # Kept on a re-run, like an unchanged prompt.
        before = wav.stat().st_mtime_ns
        self.assertEqual(run("bash", str(PBX / "prompts" / "make-moh.sh"), str(self.out)).returncode, 0)
        self.assertEqual(wav.stat().st_mtime_ns, before)


class OfflineTests(PromptCase):
    def test_espeak_makes_one_8khz_16bit_mono_wav_per_prompt_and_the_tone(self):
        result = run("bash", MAKE_PROMPTS, "espeak", str(self.tsv), str(self.out))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(sorted(str(p.relative_to(self.out)) for p in self.out.rglob("*.wav")),
                         sorted([n + ".wav" for n in NAMES] + ["beep.wav"]))
        for name in NAMES[:5]:
            # The texts are sentences of 8+ words: well over two seconds of speech.
            self.assert_asterisk_wav(self.out / f"{name}.wav", min_seconds=2.0)
        self.assert_asterisk_wav(self.out / "digits/2.wav", min_seconds=0.2)
        # The tone before a message: half a second of 1 kHz (sox's own frequency estimate).
        self.assert_asterisk_wav(self.out / "beep.wav", min_seconds=0.45)
        stats = run("sox", str(self.out / "beep.wav"), "-n", "stat").stderr
        self.assertAlmostEqual(float(re.search(r"Rough\s+frequency:\s+(\d+)", stats).group(1)), 1000, delta=50)

    def test_unchanged_prompts_are_kept_and_changed_texts_are_remade(self):
        self.assertEqual(run("bash", MAKE_PROMPTS, "espeak", str(self.tsv), str(self.out)).returncode, 0)
        before = {n: (self.out / f"{n}.wav").stat().st_mtime_ns for n in NAMES}
        self.tsv.write_text(self.tsv.read_text().replace("the art department", "the art and design department"))
        result = run("bash", MAKE_PROMPTS, "espeak", str(self.tsv), str(self.out))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip().splitlines(), [f"make-prompts: {self.out}/art.wav (espeak)"])
        after = {n: (self.out / f"{n}.wav").stat().st_mtime_ns for n in NAMES}
        self.assertEqual({n for n in NAMES if before[n] != after[n]}, {"art"})

    def test_spanish_prompts_are_spoken_by_the_spanish_voice_and_an_unknown_language_is_refused(self):
        self.tsv.write_text("vm-intro\tPor favor, deje su mensaje después del tono.\n")
        result = run("bash", MAKE_PROMPTS, "espeak", str(self.tsv), str(self.out), "es")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assert_asterisk_wav(self.out / "vm-intro.wav", min_seconds=2.0)
        english = self.work / "english"
        self.assertEqual(run("bash", MAKE_PROMPTS, "espeak", str(self.tsv), str(english)).returncode, 0)
        self.assertNotEqual((self.out / "vm-intro.wav").read_bytes(), (english / "vm-intro.wav").read_bytes())
        result = run("bash", MAKE_PROMPTS, "espeak", str(self.tsv), str(self.work / "fr"), "fr")
        self.assertEqual(result.returncode, 2)

    def test_a_name_that_is_not_a_plain_word_is_refused(self):
        for name in ("../evil", "digits/../../evil", "a/b/evil", "/evil"):
            self.tsv.write_text(f"{name}\tHello there.\n")
            result = run("bash", MAKE_PROMPTS, "espeak", str(self.tsv), str(self.out))
            self.assertNotEqual(result.returncode, 0, name)
        self.tsv.write_text("../evil\tHello there.\n")
        result = run("bash", MAKE_PROMPTS, "espeak", str(self.tsv), str(self.out))
        self.assertNotEqual(result.returncode, 0)
        self.assertFalse((self.work / "evil.wav").exists())
        self.assertEqual(list(self.out.glob("*")), [])

    def test_text_starting_with_a_dash_is_spoken_not_taken_as_an_option(self):
        self.tsv.write_text("math\t--help me with math please, thank you very much.\n")
        result = run("bash", MAKE_PROMPTS, "espeak", str(self.tsv), str(self.out))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assert_asterisk_wav(self.out / "math.wav", min_seconds=1.0)


class PollyTests(PromptCase):
    def setUp(self):
        super().setUp()
        bin_dir = self.work / "bin"
        bin_dir.mkdir()
        aws = bin_dir / "aws"
        aws.write_text(f"#!/bin/sh\nexec {sys.executable} {PBX / 'tests' / 'fake_aws.py'} \"$@\"\n")
        aws.chmod(aws.stat().st_mode | stat.S_IXUSR)
        self.log = self.work / "polly.log"
        self.env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", FAKE_POLLY_LOG=str(self.log),
                        IVR_REGION="us-east-1", IVR_POLLY_VOICE="Joanna")
        self.env.pop("IVR_POLLY_ENGINE", None)

    def polly(self, **env):
        return run("bash", MAKE_PROMPTS, "polly", str(self.tsv), str(self.out), env=dict(self.env, **env))

    def calls(self):
        return [json.loads(line) for line in self.log.read_text().splitlines()] if self.log.exists() else []

    def test_polly_pcm_is_wrapped_as_8khz_16bit_mono_wav_with_every_sample(self):
        result = self.polly()
        self.assertEqual(result.returncode, 0, result.stderr)
        for name in NAMES:
            self.assert_asterisk_wav(self.out / f"{name}.wav", min_seconds=1.9)  # also digits/2
            self.assertEqual(wav_format(self.out / f"{name}.wav")[4], 2 * 8000 * 2)  # the fake's 2 s
        calls = self.calls()
        self.assertEqual(len(calls), len(NAMES))
        self.assertEqual({(c["engine"], c["voice"], c["region"], c["rate"]) for c in calls},
                         {("neural", "Joanna", "us-east-1", "8000")})
        self.assertIn("the history department", calls[2]["text"])

    def test_second_run_does_not_call_polly_again(self):
        self.assertEqual(self.polly().returncode, 0)
        self.assertEqual(self.polly().returncode, 0)
        self.assertEqual(len(self.calls()), len(NAMES))

    def test_voice_without_neural_engine_falls_back_to_standard(self):
        result = self.polly(IVR_POLLY_VOICE="Ivy", FAKE_POLLY_STANDARD_ONLY="Ivy")
        self.assertEqual(result.returncode, 0, result.stderr)
        engines = [c["engine"] for c in self.calls()]
        self.assertEqual(engines, ["neural", "standard"] * len(NAMES))
        self.assertIn("trying standard", result.stderr)

    def test_spanish_uses_the_spanish_voice(self):
        self.assertEqual(self.polly_language("es").returncode, 0)
        self.assertEqual({c["voice"] for c in self.calls()}, {"Lupe"})

    def polly_language(self, language, **env):
        return run("bash", MAKE_PROMPTS, "polly", str(self.tsv), str(self.out), language, env=dict(self.env, **env))

    def test_engine_is_an_input(self):
        self.assertEqual(self.polly(IVR_POLLY_ENGINE="generative").returncode, 0)
        self.assertEqual({c["engine"] for c in self.calls()}, {"generative"})

    def test_polly_failure_fails_the_run_and_leaves_no_partial_file(self):
        result = self.polly(FAKE_POLLY_FAIL="1")
        self.assertNotEqual(result.returncode, 0)
        self.assertEqual(list(self.out.glob("*.wav")), [])

    def test_offline_prompts_are_replaced_once_polly_works(self):
        self.assertEqual(run("bash", MAKE_PROMPTS, "espeak", str(self.tsv), str(self.out)).returncode, 0)
        self.assertEqual(self.polly().returncode, 0)
        self.assertEqual(len(self.calls()), len(NAMES))
        self.assertTrue((self.out / "math.txt").read_text().startswith("polly\t"))


class PcmToWavTests(unittest.TestCase):
    def test_odd_or_empty_pcm_is_refused(self):
        work = Path(tempfile.mkdtemp(prefix="pbx-pcm-"))
        self.addCleanup(shutil.rmtree, work, True)
        for content in (b"", b"\x01\x02\x03"):
            (work / "in.pcm").write_bytes(content)
            result = run(sys.executable, str(PBX / "prompts" / "pcm_to_wav.py"), str(work / "in.pcm"),
                         str(work / "out.wav"))
            self.assertNotEqual(result.returncode, 0)
            self.assertIn("is not 16-bit PCM", result.stderr)


if __name__ == "__main__":
    unittest.main()
