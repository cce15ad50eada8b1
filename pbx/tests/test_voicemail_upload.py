"""Voicemail from the spool to S3 and SNS (pbx/host/voicemail_upload.py) against the local stack: s3rver for S3, the
SNS stand-in for Publish, the Debian aws CLI between them. pbx/ci.sh runs this with `pbx/local-stack.sh up`.

The expected values are written out here from contract 5 of docs/contracts.md, not computed by the uploader.
"""
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

from local_stack import LEAVE_MESSAGE, LOCAL_PBX, NO_CLI_RETRIES, free_port, stack_settings
from support import PBX, run

UPLOADER = PBX / "host" / "voicemail_upload.py"


def known_wav(path, seconds=2):
    """A WAV with a sweep in it: what a caller would have said."""
    done = run("sox", "-n", "-r", "8000", "-b", "16", "-c", "1", str(path), "synth", str(seconds), "sine", "300-1200")
    assert done.returncode == 0, done.stderr


def new_message_id(sequence):
    """<yyyyMMddTHHmmssZ>-<uniqueid with . -> ->, new on every run (the stand-in's record outlives a run)."""
    now = time.time()
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now)) + f"-{int(now)}-{os.getpid()}{sequence}"


def spool_pair(spool, message_id, department="history", caller="+*******1234"):
    known_wav(spool / f"{message_id}.wav")
    message = {"message_id": message_id, "department": department, "caller": caller, "call_id": f"call-{message_id}",
               "received_at": "2026-12-07T18:30:00Z", "duration_seconds": 2, "language": "en"}
    # The .json last, as Asterisk writes it once the recording is complete.
    (spool / f"{message_id}.json").write_text(json.dumps(message))
    return message


class VoicemailUploadTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = stack_settings()
        cls.work = Path(tempfile.mkdtemp(prefix="pbxsync-vm-"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    def aws(self, service, *arguments, check=True):
        endpoint = self.env["IVR_S3_ENDPOINT_URL"] if service == "s3api" else self.env["IVR_SNS_ENDPOINT_URL"]
        done = subprocess.run([self.env["IVR_AWS_CLI"], "--output", "json", "--endpoint-url", endpoint, service, *arguments],
                              capture_output=True, text=True, env=self.env, check=False)
        if check:
            self.assertEqual(done.returncode, 0, done.stderr)
        return done

    def published(self, message_id):
        record = Path(self.env["IVR_SNS_RECORD"])
        lines = record.read_text().splitlines() if record.exists() else []
        return [p for p in map(json.loads, lines) if message_id in p["Message"]]

    def uploader_once(self, spool, **overrides):
        """One pass of the uploader on its own spool and state (the stack's daemon watches the stack's spool)."""
        env = {**self.env, "IVR_VOICEMAIL_SPOOL_DIR": str(spool), "IVR_VOICEMAIL_STATE_DIR": str(spool.parent / "state"),
               **overrides}
        return subprocess.run(["/usr/bin/python3", str(UPLOADER), "--once"], capture_output=True, text=True, env=env, check=False)

    def fresh_spool(self, name):
        spool = self.work / name / "spool"
        spool.mkdir(parents=True)
        return spool

    def assert_stored(self, message_id, department, wav_bytes):
        key = f"voicemail/{department}/{message_id}.wav"
        target = self.work / f"{message_id}.download"
        head = json.loads(self.aws("s3api", "get-object", "--bucket", self.env["IVR_VOICEMAIL_BUCKET"], "--key", key, str(target)).stdout)
        self.assertEqual(target.read_bytes(), wav_bytes)
        self.assertEqual(head["ContentType"], "audio/wav")
        self.assertEqual(head["Metadata"], {"department": department, "caller": "+*******1234", "call-id": f"call-{message_id}",
                                            "received-at": "2026-12-07T18:30:00Z", "duration-seconds": "2", "language": "en"})
        return key

    def test_the_running_uploader_stores_notifies_and_empties_the_spool(self):
        spool = Path(self.env["IVR_VOICEMAIL_SPOOL_DIR"])
        message_id = new_message_id(1)
        spool_pair(spool, message_id)
        wav_bytes = (spool / f"{message_id}.wav").read_bytes()
        deadline = time.monotonic() + 60
        while (spool / f"{message_id}.json").exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        self.assertFalse((spool / f"{message_id}.json").exists(), "the pair is still in the spool after 60 s")
        self.assertFalse((spool / f"{message_id}.wav").exists())
        self.assert_stored(message_id, "history", wav_bytes)
        # The PBX keeps a copy for agents to play (IVR_VOICEMAIL_KEEP_DAYS, 7 by default).
        self.assertEqual((spool / "uploaded" / f"{message_id}.wav").read_bytes(), wav_bytes)
        [publish] = self.published(message_id)
        self.assertEqual(publish["TopicArn"], "arn:aws:sns:us-east-1:000000000000:ivr-voicemail")
        self.assertEqual(publish["Subject"], "New voicemail for history")
        self.assertEqual(json.loads(publish["Message"]), {
            "message_id": message_id, "department": "history", "caller": "+*******1234", "call_id": f"call-{message_id}",
            "received_at": "2026-12-07T18:30:00Z", "duration_seconds": 2, "language": "en",
            "s3_key": f"voicemail/history/{message_id}.wav"})

    def test_an_s3_outage_keeps_the_pair_and_a_later_pass_uploads_it_once(self):
        spool = self.fresh_spool("s3-outage")
        message_id = new_message_id(2)
        spool_pair(spool, message_id, department="art")
        wav_bytes = (spool / f"{message_id}.wav").read_bytes()
        down = self.uploader_once(spool, IVR_S3_ENDPOINT_URL=f"http://127.0.0.1:{free_port()}", **NO_CLI_RETRIES)
        self.assertEqual(down.returncode, 1, down.stderr)
        self.assertIn("stays in the spool", down.stderr)
        self.assertEqual(sorted(p.name for p in spool.iterdir()), [f"{message_id}.json", f"{message_id}.wav"])
        self.assertEqual(self.published(message_id), [])
        self.assertNotEqual(self.aws("s3api", "head-object", "--bucket", self.env["IVR_VOICEMAIL_BUCKET"],
                                     "--key", f"voicemail/art/{message_id}.wav", check=False).returncode, 0)
        up = self.uploader_once(spool, IVR_VOICEMAIL_KEEP_DAYS="0")  # 0: no copy kept on the PBX
        self.assertEqual(up.returncode, 0, up.stderr)
        self.assertEqual(list(spool.iterdir()), [])
        self.assert_stored(message_id, "art", wav_bytes)
        self.assertEqual(len(self.published(message_id)), 1)

    def test_an_sns_outage_keeps_the_pair_and_the_retry_notifies_once(self):
        spool = self.fresh_spool("sns-outage")
        message_id = new_message_id(3)
        spool_pair(spool, message_id, department="math")
        down = self.uploader_once(spool, IVR_SNS_ENDPOINT_URL=f"http://127.0.0.1:{free_port()}", **NO_CLI_RETRIES)
        self.assertEqual(down.returncode, 1, down.stderr)
        self.assertEqual(len(list(spool.iterdir())), 2)
        self.assertEqual(self.published(message_id), [])
        up = self.uploader_once(spool)
        self.assertEqual(up.returncode, 0, up.stderr)
        self.assertEqual([p.relative_to(spool).as_posix() for p in spool.rglob("*")], ["uploaded", f"uploaded/{message_id}.wav"])
        self.assertEqual([p["Subject"] for p in self.published(message_id)], ["New voicemail for math"])

    def test_the_pbx_copy_is_deleted_after_the_keep_days(self):
        spool = self.fresh_spool("keep")
        (spool / "uploaded").mkdir()
        old, recent = spool / "uploaded" / "old.wav", spool / "uploaded" / "recent.wav"
        known_wav(old)
        known_wav(recent)
        eight_days_ago = time.time() - 8 * 86400
        os.utime(old, (eight_days_ago, eight_days_ago))
        done = self.uploader_once(spool)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(sorted(p.name for p in (spool / "uploaded").iterdir()), ["recent.wav"])

    def test_a_caller_number_in_the_clear_is_never_uploaded(self):
        spool = self.fresh_spool("unmasked")
        message_id = new_message_id(4)
        spool_pair(spool, message_id, caller="+15551234567")
        done = self.uploader_once(spool)
        self.assertIn("cannot be uploaded", done.stderr)
        self.assertEqual(sorted(p.name for p in (spool / "rejected").iterdir()), [f"{message_id}.json", f"{message_id}.wav"])
        self.assertEqual(self.published(message_id), [])
        self.assertNotEqual(self.aws("s3api", "head-object", "--bucket", self.env["IVR_VOICEMAIL_BUCKET"],
                                     "--key", f"voicemail/history/{message_id}.wav", check=False).returncode, 0)


class RecordedVoicemailTests(unittest.TestCase):
    """The whole path: Asterisk records a real call into the spool, the running uploader stores and notifies it."""

    def test_a_recorded_message_reaches_s3_with_the_callers_words_and_is_notified(self):
        env = stack_settings()
        work = Path(tempfile.mkdtemp(prefix="pbxsync-rec-"))
        self.addCleanup(shutil.rmtree, work, True)
        words = work / "words.wav"
        spoken = run("bash", "-c", f"espeak-ng -v en-us -w {work}/raw.wav 'Please call me back about the fossil samples' "
                                   f"&& sox {work}/raw.wav -r 8000 -b 16 -c 1 -e signed-integer {words}")
        self.assertEqual(spoken.returncode, 0, spoken.stderr)
        record = Path(env["IVR_SNS_RECORD"])
        before = len(record.read_text().splitlines()) if record.exists() else 0
        # Nobody serves math on the local stack: the call goes straight to voicemail.
        done = run("bash", str(LOCAL_PBX), "exec", "/usr/bin/python3", "-c", LEAVE_MESSAGE, str(Path(__file__).parent), "math",
                   "+15550107777", str(words))
        self.assertEqual(done.returncode, 0, done.stderr)
        deadline, publishes = time.monotonic() + 60, []
        while not publishes and time.monotonic() < deadline:
            time.sleep(1)
            publishes = [json.loads(line) for line in record.read_text().splitlines()[before:]
                         if '"department": "math"' in json.loads(line)["Message"]] if record.exists() else []
        self.assertEqual(len(publishes), 1, "no single notification for the math message within 60 s")
        self.assertEqual(publishes[0]["Subject"], "New voicemail for math")
        message = json.loads(publishes[0]["Message"])
        self.assertRegex(message["caller"], r"^\+?\*+7777$")
        self.assertEqual(message["s3_key"], f"voicemail/math/{message['message_id']}.wav")
        stored = work / "stored.wav"
        head = subprocess.run([env["IVR_AWS_CLI"], "--output", "json", "--endpoint-url", env["IVR_S3_ENDPOINT_URL"], "s3api",
                               "get-object", "--bucket", env["IVR_VOICEMAIL_BUCKET"], "--key", message["s3_key"], str(stored)],
                              capture_output=True, text=True, env=env, check=False)
        self.assertEqual(head.returncode, 0, head.stderr)
        self.assertEqual(json.loads(head.stdout)["Metadata"]["caller"], message["caller"])
        # The recording holds the caller's words: its loudness over time follows the WAV they played.
        from audio import envelope, similarity, wav_samples
        correlation = similarity(envelope(wav_samples(stored)), envelope(wav_samples(words)), max_delay_frames=250)
        print(f"\n    recorded message vs the caller's WAV: correlation {correlation:.3f}", end=" ")
        self.assertGreater(correlation, 0.95)  # other spoken prompts: at most about 0.8
        spool = Path(env["IVR_VOICEMAIL_SPOOL_DIR"])
        self.assertFalse((spool / f"{message['message_id']}.json").exists())


class SnsStandInTests(unittest.TestCase):
    """The stand-in refuses what SNS refuses (rules from the SNS API reference, cited in sns_stand_in.py)."""

    @classmethod
    def setUpClass(cls):
        cls.env = stack_settings()

    def publish(self, *arguments):
        return subprocess.run([self.env["IVR_AWS_CLI"], "--endpoint-url", self.env["IVR_SNS_ENDPOINT_URL"], "sns", "publish",
                               *arguments], capture_output=True, text=True, env={**self.env, "AWS_MAX_ATTEMPTS": "1"}, check=False)

    def test_a_subject_with_a_line_break_or_100_characters_is_refused(self):
        topic = ["--topic-arn", self.env["IVR_VOICEMAIL_TOPIC_ARN"], "--message", "m"]
        for subject in ("two\nlines", "x" * 100):
            done = self.publish(*topic, "--subject", subject)
            self.assertNotEqual(done.returncode, 0)
            self.assertIn("InvalidParameter", done.stderr)
        self.assertEqual(self.publish(*topic, "--subject", "x" * 99).returncode, 0)

    def test_an_unknown_topic_is_not_found(self):
        done = self.publish("--topic-arn", "arn:aws:sns:us-east-1:000000000000:nobody", "--message", "m")
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("NotFound", done.stderr)


if __name__ == "__main__":
    unittest.main()
