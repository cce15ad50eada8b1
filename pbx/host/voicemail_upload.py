#!/usr/bin/env python3
"""Voicemail from the spool to S3 and SNS (contract 5 of docs/contracts.md; pbx/README.md, "Voicemail upload").

Asterisk records <message-id>.wav in the spool and writes <message-id>.json next to it once the recording is
complete. For each such pair this puts the WAV at s3://IVR_VOICEMAIL_BUCKET/voicemail/<department>/<message-id>.wav
(audio/wav, the metadata as x-amz-meta-*), publishes "New voicemail for <department>" to IVR_VOICEMAIL_TOPIC_ARN
with the JSON plus "s3_key", and only then takes the pair out of the spool: the JSON is deleted, the WAV moved to
<spool>/uploaded/ and kept there IVR_VOICEMAIL_KEEP_DAYS (7; 0 deletes it at once) so that agents can still play it
from the PBX (the dialplan's voicemail-<department>). A failed step leaves the pair for a later pass: nothing is lost,
and a re-upload writes the same object again. A marker in the state directory records a publish, so a pass that
published but could not finish does not notify twice.

  voicemail_upload.py          every IVR_VOICEMAIL_INTERVAL_SECONDS (10), until stopped (ivr-pbx-voicemail.service)
  voicemail_upload.py --once   one pass; exit status 1 when a pair is left for later

Settings: IVR_VOICEMAIL_BUCKET IVR_VOICEMAIL_TOPIC_ARN, IVR_VOICEMAIL_SPOOL_DIR (/var/spool/ivr-pbx/voicemail),
IVR_VOICEMAIL_STATE_DIR (/var/lib/ivr-pbx/voicemail), IVR_VOICEMAIL_KEEP_DAYS (7), IVR_REGION IVR_AWS_ENDPOINT_URL
IVR_AWS_CLI (awscli.py).
"""
import argparse
import json
import logging
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from awscli import Aws, AwsError  # noqa: E402

log = logging.getLogger("ivr-pbx-voicemail")

MESSAGE_ID = re.compile(r"^[0-9]{8}T[0-9]{6}Z-[0-9]+-[0-9]+$")
DEPARTMENT = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
# Masked: at most the last four digits are kept (contract 5 of docs/contracts.md). A number in the clear is never uploaded.
CALLER = re.compile(r"^\+?\**[0-9]{0,4}$|^anonymous$|^unknown$")
RECEIVED_AT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$")
LANGUAGES = {"en", "es"}
# A .json that does not parse yet may still be being written; after this long it is set aside.
SETTLE_SECONDS = 60


class BadMessage(Exception):
    """A spool pair that can never be uploaded as it is: moved to the spool's rejected/ folder, kept for a person."""


def checked(message, message_id):
    """The message's metadata, validated: every value becomes an S3 header and part of the notification."""
    def want(key, test, what):
        value = message.get(key)
        if not test(value):
            raise BadMessage(f"{key} {value!r} is not {what}")
        return value
    want("message_id", lambda v: v == message_id, f"the file name's {message_id}")
    want("department", lambda v: isinstance(v, str) and DEPARTMENT.match(v), "a department name")
    want("caller", lambda v: isinstance(v, str) and CALLER.match(v), "masked (at most 4 digits)")
    want("call_id", lambda v: isinstance(v, str) and 0 < len(v) <= 200 and v.isprintable(), "a printable call id")
    want("received_at", lambda v: isinstance(v, str) and RECEIVED_AT.match(v), "UTC ISO 8601")
    want("duration_seconds", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 86400,
         "a number of seconds")
    want("language", lambda v: v in LANGUAGES, "en or es")
    return message


class Uploader:
    def __init__(self, environ=os.environ, aws=None):
        for name in ("IVR_VOICEMAIL_BUCKET", "IVR_VOICEMAIL_TOPIC_ARN"):
            if not environ.get(name):
                raise SystemExit(f"voicemail_upload: {name} is not set")
        self.bucket = environ["IVR_VOICEMAIL_BUCKET"]
        self.topic = environ["IVR_VOICEMAIL_TOPIC_ARN"]
        self.spool = Path(environ.get("IVR_VOICEMAIL_SPOOL_DIR", "/var/spool/ivr-pbx/voicemail"))
        self.state = Path(environ.get("IVR_VOICEMAIL_STATE_DIR", "/var/lib/ivr-pbx/voicemail"))
        self.state.mkdir(parents=True, exist_ok=True)
        self.uploaded = self.spool / "uploaded"
        self.keep_seconds = float(environ.get("IVR_VOICEMAIL_KEEP_DAYS", "7")) * 86400
        self.aws = aws or Aws(environ)

    def upload(self, message_id):
        """Uploads, notifies and deletes one pair; AwsError leaves it for the next pass."""
        wav, meta = self.spool / f"{message_id}.wav", self.spool / f"{message_id}.json"
        published = self.state / f"{message_id}.published"
        if not published.exists():
            try:
                message = checked(json.loads(meta.read_text(encoding="utf-8")), message_id)
            except (ValueError, UnicodeDecodeError) as error:
                if time.time() - meta.stat().st_mtime < SETTLE_SECONDS:
                    return False  # perhaps still being written
                raise BadMessage(f"not JSON: {error}") from error
            if not wav.exists():
                raise BadMessage("its .wav is missing")
            key = f"voicemail/{message['department']}/{message_id}.wav"
            metadata = {"department": message["department"], "caller": message["caller"],
                        "call-id": message["call_id"], "received-at": message["received_at"],
                        "duration-seconds": str(message["duration_seconds"]), "language": message["language"]}
            self.aws("s3api", "put-object", "--bucket", self.bucket, "--key", key, "--body", str(wav),
                     "--content-type", "audio/wav", "--metadata", json.dumps(metadata))
            self.aws("sns", "publish", "--topic-arn", self.topic, "--subject", f"New voicemail for {message['department']}",
                     "--message", json.dumps({**message, "s3_key": key}))
            published.write_text(key)
            log.info("voicemail %s for %s uploaded to s3://%s/%s and notified", message_id, message["department"], self.bucket, key)
        # The .json goes last: while it exists, the pair is still to be finished.
        if self.keep_seconds > 0 and wav.exists():
            if not self.uploaded.exists():
                # Asterisk (the spool's owner) plays from here: the folder is made as the spool is.
                spool = self.spool.stat()
                self.uploaded.mkdir(mode=0o750)
                os.chown(self.uploaded, spool.st_uid, spool.st_gid)
            os.replace(wav, self.uploaded / wav.name)
        wav.unlink(missing_ok=True)
        meta.unlink(missing_ok=True)
        published.unlink()
        return True

    def reject(self, message_id, reason):
        rejected = self.spool / "rejected"
        rejected.mkdir(exist_ok=True)
        for suffix in (".wav", ".json"):
            source = self.spool / f"{message_id}{suffix}"
            if source.exists():
                os.replace(source, rejected / source.name)
        log.error("voicemail %s cannot be uploaded (%s): moved to %s", message_id, reason, rejected)

    def prune(self):
        """Deletes the uploaded WAVs kept longer than IVR_VOICEMAIL_KEEP_DAYS (their age is the recording's)."""
        for wav in self.uploaded.glob("*.wav") if self.uploaded.exists() else []:
            if time.time() - wav.stat().st_mtime > self.keep_seconds:
                wav.unlink(missing_ok=True)
                log.info("voicemail %s: the PBX's copy is deleted (S3 keeps the message)", wav.stem)

    def once(self):
        """One pass over the complete pairs, oldest first; True when none is left for later."""
        self.prune()
        done = True
        for meta in sorted(self.spool.glob("*.json")):
            message_id = meta.stem
            try:
                if not MESSAGE_ID.match(message_id):
                    raise BadMessage("its name is not a message id")
                done = self.upload(message_id) and done
            except BadMessage as error:
                self.reject(message_id, error)
            except (AwsError, OSError) as error:
                log.warning("voicemail %s stays in the spool for the next pass: %s", message_id, error)
                done = False
        return done


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--once", action="store_true", help="one pass, then exit")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    uploader = Uploader()
    if args.once:
        return 0 if uploader.once() else 1
    interval = float(os.environ.get("IVR_VOICEMAIL_INTERVAL_SECONDS", "10"))
    log.info("uploading voicemail from %s every %g s", uploader.spool, interval)
    while True:
        uploader.once()
        time.sleep(interval)


if __name__ == "__main__":
    sys.exit(main())
