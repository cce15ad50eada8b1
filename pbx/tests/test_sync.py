"""The PBX follows the directory (pbx/host/directory_sync.py) on the local stack: items written into dynalite with the
Debian aws CLI reach the real Asterisk 22; a call in progress survives the reloads; a removed agent is signed out; a
table outage keeps the last good configuration. pbx/ci.sh runs this with `pbx/local-stack.sh up` (the daemon polls
every 5 s there).
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from unittest import mock
from pathlib import Path

from local_stack import LOCAL_PBX, NO_CLI_RETRIES, eventually, free_port, rx, stack_settings
from support import PBX, REPO, run

sys.path.insert(0, str(PBX / "host"))
import directory_sync  # noqa: E402  (the daemon under test)
from awscli import Aws  # noqa: E402

SYNC = PBX / "host" / "directory_sync.py"
SYNC_LOG = REPO / ".cache" / "local-stack" / "sync.log"
PASSWORD = "Sync0agent0Password0abcd"  # 24 letters and digits, as IvrApi makes them (contract 2 of docs/contracts.md)


def register(cseq, authentication=""):
    """A SIPp REGISTER request from the agent, with `authentication` (SIPp's [authentication]) or without."""
    return f"""REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:[service]@[remote_ip]>;tag=[pid]r[call_number]
To: <sip:[service]@[remote_ip]>
Call-ID: [call_id]
CSeq: {cseq} REGISTER
Contact: <sip:[service]@[local_ip]:[local_port]>
Expires: 600
Max-Forwards: 70
{authentication}Content-Length: 0
"""


REGISTER = f"""<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="agent registers">
  <send retrans="500"><![CDATA[
{register(1)}
]]></send>
  <recv response="401" auth="true"/>
  <send retrans="500"><![CDATA[
{register(2, "[authentication]" + chr(10))}
]]></send>
  <recv response="200"/>
</scenario>
"""


class DirectorySyncTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = stack_settings()
        cls.secrets = Path(cls.env["IVR_AGENT_SECRETS_DIR"])

    def dynamodb(self, operation, *arguments):
        done = subprocess.run([self.env["IVR_AWS_CLI"], "--endpoint-url", self.env["IVR_DYNAMODB_ENDPOINT_URL"], "dynamodb",
                               operation, *arguments], capture_output=True, text=True, env=self.env, check=False)
        self.assertEqual(done.returncode, 0, done.stderr)

    def put(self, table, item):
        self.dynamodb("put-item", "--table-name", self.env[table], "--item", json.dumps(item))

    def add_agent(self, agent_id, departments):
        secret = self.secrets / agent_id
        secret.write_text(PASSWORD)  # as IvrApi writes it: no newline, mode 0600
        os.chmod(secret, 0o600)
        self.put("IVR_AGENTS_TABLE", {"agent_id": {"S": agent_id}, "display_name": {"S": "Sync Test Agent"},
                                      "departments": {"L": [{"S": d} for d in departments]}, "languages": {"L": [{"S": "en"}]}})

    def add_geology(self):
        self.put("IVR_DEPARTMENTS_TABLE", {"department_name": {"S": "geology"}, "service": {"S": "voiceConnector"},
                                           "number": {"S": "600500"}, "max_wait_seconds": {"N": "120"}})

    def agent_known(self, agent_id, department):
        endpoint = rx(f"pjsip show endpoint {agent_id}")
        queue = rx(f"queue show {department}")
        return re.search(rf"Endpoint:\s+{agent_id}\b", endpoint) and agent_id in queue

    def test_a_department_and_an_agent_reach_asterisk_within_60_seconds_and_bad_items_are_skipped(self):
        # Bad items first: each is skipped with a log line, and breaks nothing for the good ones.
        self.put("IVR_AGENTS_TABLE", {"agent_id": {"S": "Bad-Agent"}, "departments": {"L": [{"S": "geology"}]}})
        self.put("IVR_AGENTS_TABLE", {"agent_id": {"S": "sync_nowhere"}, "departments": {"L": [{"S": "no_such_department"}]}})
        self.put("IVR_DEPARTMENTS_TABLE", {"department_name": {"S": "Bad Department"}, "service": {"S": "voiceConnector"},
                                           "number": {"S": "600900"}})
        # A PSTN department never reaches the PBX: no queue for it.
        self.put("IVR_DEPARTMENTS_TABLE", {"department_name": {"S": "billing"}, "service": {"S": "pstnNumber"},
                                           "number": {"S": "+15550109999"}})
        self.add_geology()
        self.add_agent("sync_alice", ["geology", "history"])
        _, seconds = eventually(lambda: self.agent_known("sync_alice", "geology"), what="agent sync_alice in queue geology")
        self.assertIn("sync_alice", rx("queue show history"))
        self.assertIn("No such queue", rx("queue show billing"))
        log = SYNC_LOG.read_text()
        self.assertIn("agent id 'Bad-Agent' is not", log)
        self.assertIn("agent sync_nowhere: none of the departments ['no_such_department']", log)
        self.assertIn("department name 'Bad Department' is not", log)
        print(f"\n    sync_alice and geology reached Asterisk in {seconds:.1f} s", end=" ")

    def test_a_removed_agent_is_signed_out(self):
        self.add_geology()
        self.add_agent("sync_bob", ["geology"])
        eventually(lambda: self.agent_known("sync_bob", "geology"), what="agent sync_bob")
        with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as scenario:
            scenario.write(REGISTER)
        done = run("bash", str(LOCAL_PBX), "exec", "sipp", "127.0.0.1:5060", "-sf", scenario.name, "-s", "sync_bob",
                   "-au", "sync_bob", "-ap", PASSWORD, "-i", "127.0.0.1", "-p", "5097", "-m", "1", "-nostdin",
                   "-timeout", "15s", "-timeout_error")
        os.unlink(scenario.name)
        self.assertEqual(done.returncode, 0, done.stdout[-1500:] + done.stderr)
        self.assertIn("sync_bob/sip:sync_bob@127.0.0.1:5097", rx("pjsip show contacts"))
        # IvrApi deletes the item and the secret.
        self.dynamodb("delete-item", "--table-name", self.env["IVR_AGENTS_TABLE"], "--key", json.dumps({"agent_id": {"S": "sync_bob"}}))
        (self.secrets / "sync_bob").unlink()
        eventually(lambda: "Unable to find object sync_bob" in rx("pjsip show endpoint sync_bob"), what="removing sync_bob")
        eventually(lambda: "sync_bob" not in rx("pjsip show contacts"), seconds=10, what="signing sync_bob out")
        self.assertNotIn("sync_bob", rx("database show registrar"))
        self.assertNotIn("sync_bob", rx("queue show geology"))

    def test_a_call_in_progress_survives_every_reload(self):
        # A call that lasts: the department's prompt, while the test runs, is 12 s long (wherever the dialplan plays it
        # from); with agents' queues the caller waits or leaves a message anyway.
        prompts = sorted(Path(self.env["IVR_PBX_PROMPT_DIR"]).rglob("history.wav"))
        saved = {prompt: prompt.read_bytes() for prompt in prompts}
        for prompt in prompts:
            self.assertEqual(run("sox", "-n", "-r", "8000", "-b", "16", "-c", "1", str(prompt), "synth", "12", "sine", "400").returncode, 0)
        caller = subprocess.Popen(["bash", str(LOCAL_PBX), "call", "history"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            channel, _ = eventually(lambda: re.findall(r"^(PJSIP/voice-connector-[0-9a-f]+)!.*!Up!.*!([0-9.]+)$",
                                                       rx("core show channels concise"), re.M), seconds=10, what="the call")
            # A pass from a fresh state knows nothing loaded, so it reloads every file: pjsip, queues, moh, dialplan.
            with tempfile.TemporaryDirectory() as state:
                done = subprocess.run(["/usr/bin/python3", str(SYNC), "--once"], capture_output=True, text=True,
                                      env={**self.env, "IVR_PBX_STATE_DIR": state}, check=False)
            self.assertEqual(done.returncode, 0, done.stderr)
            for applied in ("applied pjsip.conf", "applied extensions.conf"):
                self.assertIn(applied, done.stderr)
            self.assertEqual(re.findall(r"^(PJSIP/voice-connector-[0-9a-f]+)!.*!Up!.*!([0-9.]+)$",
                                        rx("core show channels concise"), re.M), channel, "the call was dropped by a reload")
        finally:
            for name, _ in re.findall(r"^(PJSIP/voice-connector-[0-9a-f]+)!.*!([0-9.]+)$", rx("core show channels concise"), re.M):
                rx(f"channel request hangup {name}")
            caller.wait(timeout=30)
            for prompt, data in saved.items():
                prompt.write_bytes(data)

    def test_a_department_not_learned_yet_still_gets_a_spoken_answer(self):
        # What a caller routed to a department added less than a pass ago meets: the dialplan's unknown path, whose
        # prompt the sync daemon's prompts pass made (it is in prompts.tsv), played in full before the PBX hangs up.
        log = Path(run("bash", str(LOCAL_PBX), "log").stdout.strip())
        start = log.stat().st_size
        done = run("bash", str(LOCAL_PBX), "call", "oceanography")
        self.assertEqual(done.returncode, 0, done.stdout[-1500:])
        heard = log.read_bytes()[start:].decode("utf-8", "replace")
        self.assertRegex(heard, r"Playing '/var/lib/asterisk/sounds/ivr-pbx/(en/)?unknown\.")
        unknown = sorted(Path(self.env["IVR_PBX_PROMPT_DIR"]).rglob("unknown.wav"))
        self.assertTrue(unknown and all(p.stat().st_size > 8000 for p in unknown), unknown)  # over 0.5 s of speech

    def test_a_table_outage_keeps_the_last_good_configuration(self):
        etc = Path(self.env["IVR_PBX_ETC_DIR"])
        before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in etc.glob("*.conf")}
        with tempfile.TemporaryDirectory() as state:
            done = subprocess.run(["/usr/bin/python3", str(SYNC), "--once"], capture_output=True, text=True, check=False,
                                  env={**self.env, **NO_CLI_RETRIES, "IVR_PBX_STATE_DIR": state,
                                       "IVR_DYNAMODB_ENDPOINT_URL": f"http://127.0.0.1:{free_port()}"})
        self.assertEqual(done.returncode, 1)
        self.assertIn("could not read the directory; keeping the last good configuration", done.stderr)
        self.assertEqual({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in etc.glob("*.conf")}, before)


class SecretsManagerTests(unittest.TestCase):
    """The agents' passwords from Secrets Manager (the AWS path), through the real aws CLI to a stand-in that checks
    each request against the service model (pbx/stack/secretsmanager_stand_in.py): one GetSecretValue per agent and
    pass (the host may not ListSecrets); a missing secret leaves its agent out, an outage fails the pass."""

    def setUp(self):
        self.work = Path(tempfile.mkdtemp(prefix="pbxsync-sm-"))
        self.secrets = self.work / "secrets"
        (self.secrets / "ivr" / "agents").mkdir(parents=True)
        (self.secrets / "other").mkdir()
        self.record = self.work / "requests.jsonl"
        port = free_port()
        self.server = subprocess.Popen(["/usr/bin/python3", str(PBX / "stack" / "secretsmanager_stand_in.py"), "--port", str(port),
                                        "--model", str(PBX / "stack" / "node_modules" / "aws-sdk" / "apis" / "secretsmanager-2017-10-17.min.json"),
                                        "--secrets", str(self.secrets), "--record", str(self.record)])
        self.addCleanup(self.server.wait)
        self.addCleanup(self.server.kill)
        self.addCleanup(shutil.rmtree, self.work, True)
        eventually(lambda: run("bash", "-c", f"exec 3<>/dev/tcp/127.0.0.1/{port}").returncode == 0, seconds=10, what="the stand-in")
        self.settings = {"IVR_AWS_CLI": "/usr/bin/aws", "IVR_REGION": "us-east-1",
                         "IVR_SECRETSMANAGER_ENDPOINT_URL": f"http://127.0.0.1:{port}"}
        # The CLI signs with whatever credentials it finds; the stand-in checks the signature's form, not the key.
        self.enterContext(mock.patch.dict(os.environ, {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                                                       "AWS_EC2_METADATA_DISABLED": "true", **NO_CLI_RETRIES}))

    def requests(self):
        lines = self.record.read_text().splitlines() if self.record.exists() else []
        self.record.write_text("")
        return [(r["operation"], r["input"]) for r in map(json.loads, lines)]

    def test_each_agent_secret_is_read_every_pass_and_a_missing_or_bad_one_leaves_the_agent_out(self):
        alice = self.secrets / "ivr" / "agents" / "alice"
        alice.write_text(PASSWORD)
        (self.secrets / "ivr" / "agents" / "bob").write_text("short")
        (self.secrets / "other" / "carol").write_text(PASSWORD)  # not under the prefix: carol has no secret
        secrets = directory_sync.Secrets(Aws(self.settings), prefix="ivr/agents/")
        with self.assertLogs("ivr-pbx-sync", "WARNING") as logs:
            self.assertEqual(secrets.passwords(["alice", "bob", "carol"]), {"alice": PASSWORD})
        self.assertEqual(self.requests(), [("GetSecretValue", {"SecretId": f"ivr/agents/{a}"}) for a in ("alice", "bob", "carol")])
        self.assertTrue(any("bob: its password is not 16-128 letters and digits" in line for line in logs.output))
        self.assertTrue(any("carol: no secret ivr/agents/carol (yet)" in line for line in logs.output))
        rotated = "Rotated0Password0abcdefg"
        alice.write_text(rotated)
        self.assertEqual(secrets.passwords(["alice"]), {"alice": rotated})

    def test_an_outage_fails_the_pass_instead_of_signing_everyone_out(self):
        secrets = directory_sync.Secrets(Aws({**self.settings, "IVR_SECRETSMANAGER_ENDPOINT_URL": f"http://127.0.0.1:{free_port()}"}),
                                         prefix="ivr/agents/")
        with self.assertRaises(directory_sync.SecretsUnavailable):
            secrets.passwords(["alice"])


if __name__ == "__main__":
    unittest.main()
