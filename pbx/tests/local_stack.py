"""What the tests on the local stack share (pbx/local-stack.sh up, the PBX in its namespace via pbx/local-pbx.sh): the
stack's settings, a loopback port, the Asterisk CLI, polling until a change shows, and a caller leaving a message."""
import socket
import time
import unittest

from support import PBX, REPO, run

LOCAL_PBX = PBX / "local-pbx.sh"
STACK_ENV = REPO / ".cache" / "local-stack" / "env"
# The CLI's own retries of an unreachable endpoint only make the outage passes slow; the uploader retries next pass.
NO_CLI_RETRIES = {"AWS_MAX_ATTEMPTS": "1", "AWS_RETRY_MODE": "standard"}

# Inside the namespace: a caller of a department nobody is signed in to (tests/caller.py) goes straight to voicemail;
# after the "nobody is available" prompt and the tone it plays the WAV, then hangs up.
# Arguments: the tests folder, the department, the caller's number, the WAV.
LEAVE_MESSAGE = """
import sys, time
sys.path.insert(0, sys.argv[1])
import audio
from caller import Caller
caller = Caller(sys.argv[2], number=sys.argv[3])
if not caller.answered.wait(10):
    sys.exit("not answered")
time.sleep(9)
caller.play(sys.argv[4])
time.sleep(len(audio.wav_samples(sys.argv[4])) / 8000 + 1.5)
caller.close()
"""


def stack_settings():
    """The local stack's settings (pbx/local-stack.sh env), as a dict."""
    done = run("bash", "-c", f'source "{STACK_ENV}" && env -0')
    if done.returncode != 0:
        raise unittest.SkipTest(f"the local stack is not up: {done.stderr}")
    return dict(line.split("=", 1) for line in done.stdout.split("\0") if "=" in line)


def free_port():
    """A loopback port nothing listens on: one for a server to take, or an endpoint that is down."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rx(command):
    """The PBX's Asterisk CLI output for a command."""
    return run("bash", str(LOCAL_PBX), "rx", command).stdout


def eventually(check, seconds=60, what="the change"):
    """Polls check() until it returns a true value; fails after `seconds`. Returns that value and the time taken."""
    started = time.monotonic()
    while True:
        value = check()
        if value:
            return value, time.monotonic() - started
        if time.monotonic() - started > seconds:
            raise AssertionError(f"{what}: not within {seconds} s")
        time.sleep(0.5)
