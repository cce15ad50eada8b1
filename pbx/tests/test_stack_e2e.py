"""The whole local stack end to end, driven through the real IvrApi admin API (issue 17's "Must show": the live
directory and the voicemail round trip). pbx/ci.sh runs this in its local-stack phase (`pbx/local-stack.sh up`):

1. `PUT /departments/<new>` (voiceConnector) and `PUT /agents/<new>` reach Asterisk (queue, endpoint) within 60 s;
   the agent registers with the password the PUT returned, and a Voice Connector caller with `X-LexInfo: <new>` rings it.
2. `DELETE /agents/<new>` signs it out: its endpoint and contact leave Asterisk within 60 s.
3. A caller of the department, now without agents, leaves a message by playing a known WAV; the uploader stores and
   notifies it; `GET /departments/<new>/messages` lists it; its `/link` serves audio that correlates with the WAV.

IvrApi is built once (`dotnet build`, into .cache/stack-e2e/ivrapi; IVR_STACK_IVRAPI_DLL names a build to use
instead) and run with its admin listener on a free loopback port, on the stack's dynalite tables, agent-secrets
folder and s3rver. The agent and the caller run inside the PBX's network namespace (`local-pbx.sh exec`).
"""
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request
from pathlib import Path

from local_stack import LEAVE_MESSAGE, LOCAL_PBX, eventually, free_port, rx, stack_settings
from support import REPO, run

TESTS = Path(__file__).resolve().parent
BUILD = REPO / ".cache" / "stack-e2e" / "ivrapi"
DEPARTMENT, AGENT = "astronomy", "stack_vera"
CALLER_NUMBER = "+15550106543"

# Inside the namespace: the agent signs in (never answers: a test agent carries no media), a caller for the new
# department rings it; one JSON line per step on stdout; the agent stays registered until a line on stdin.
AGENT_AND_CALLER = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from agent_ua import Agent
from caller import Caller
agent = Agent(sys.argv[2], sys.argv[3], policy="ring")
print(json.dumps({"register": agent.register()}), flush=True)
caller = Caller(sys.argv[4], number=sys.argv[5])
call = agent.wait_call(1, timeout=30)
print(json.dumps({"rung": bool(call), "x_lexinfo": call and call.header("X-LexInfo"), "from": call and call.header("From")}), flush=True)
caller.hang_up()
caller.close()
sys.stdin.readline()
agent.close()
"""

def ivrapi_dll():
    """The IvrApi build to run: IVR_STACK_IVRAPI_DLL, else one `dotnet build` into .cache/stack-e2e/ivrapi."""
    if os.environ.get("IVR_STACK_IVRAPI_DLL"):
        return Path(os.environ["IVR_STACK_IVRAPI_DLL"])
    done = run("dotnet", "build", str(REPO / "IvrApi" / "IvrApi.csproj"), "-c", "Release", "-o", str(BUILD), "-nologo",
               "-v", "q", env={**os.environ, "DOTNET_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_NOLOGO": "1"})
    if done.returncode != 0:
        raise AssertionError(f"dotnet build IvrApi failed:\n{done.stdout[-3000:]}{done.stderr[-2000:]}")
    return BUILD / "IvrApi.dll"


class LocalStackEndToEndTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = stack_settings()
        cls.work = Path(tempfile.mkdtemp(prefix="stack-e2e-"))
        dll = ivrapi_dll()
        cls.admin = f"http://127.0.0.1:{free_port()}"
        settings = {
            **cls.env,
            "ASPNETCORE_URLS": f"http://127.0.0.1:{free_port()}", "Admin__Enabled": "true",
            "Admin__LoopbackPort": cls.admin.rsplit(":", 1)[1],
            "Directory__Provider": "DynamoDb", "Directory__TableName": cls.env["IVR_DEPARTMENTS_TABLE"],
            "Directory__AgentsTable": cls.env["IVR_AGENTS_TABLE"], "AWS_ENDPOINT_URL_DYNAMODB": cls.env["IVR_AWS_ENDPOINT_URL"],
            "Agents__SecretStore": "Directory", "Agents__SecretDirectory": cls.env["IVR_AGENT_SECRETS_DIR"],
            "Voicemail__Bucket": cls.env["IVR_VOICEMAIL_BUCKET"], "Voicemail__ServiceUrl": cls.env["IVR_S3_ENDPOINT_URL"],
            "DOTNET_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_NOLOGO": "1",
        }
        cls.log = open(cls.work / "ivrapi.log", "w+")
        cls.ivrapi = subprocess.Popen(["dotnet", str(dll)], cwd=dll.parent, env=settings, stdout=cls.log,
                                      stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            if cls.ivrapi.poll() is not None:
                cls.tearDownClass()
                raise AssertionError(f"IvrApi exited ({cls.ivrapi.returncode}) at start: {cls.ivrapi_log()}")
            try:
                urllib.request.urlopen(f"{cls.admin}/agents", timeout=2).read()
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    cls.tearDownClass()
                    raise AssertionError(f"IvrApi's admin API did not answer in 60 s: {cls.ivrapi_log()}")
                time.sleep(0.5)

    @classmethod
    def ivrapi_log(cls):
        cls.log.seek(0)
        return cls.log.read()[-3000:]

    @classmethod
    def tearDownClass(cls):
        if cls.ivrapi.poll() is None:
            cls.ivrapi.terminate()
            try:
                cls.ivrapi.wait(timeout=15)
            except subprocess.TimeoutExpired:
                cls.ivrapi.kill()
        cls.log.close()
        shutil.rmtree(cls.work, ignore_errors=True)

    def admin_api(self, method, path, body=None):
        request = urllib.request.Request(f"{self.admin}{path}", method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"} if body is not None else {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def agent_known(self):
        endpoint = rx(f"pjsip show endpoint {AGENT}")
        return bool(re.search(rf"Endpoint:\s+{AGENT}\b", endpoint)) and AGENT in rx(f"queue show {DEPARTMENT}")

    def test_a_department_and_agent_added_through_the_admin_api_are_rung_signed_out_and_take_a_voicemail(self):
        # A rerun on the same stack starts from no agent (a create returns the password) and knows the old messages.
        self.admin_api("DELETE", f"/agents/{AGENT}")
        status, old = self.admin_api("GET", f"/departments/{DEPARTMENT}/messages")
        self.assertEqual(status, 200, old)
        old_ids = {m["message_id"] for m in old}
        # 1. The live directory: both written through the admin API, queued and rung within 60 s.
        started = time.monotonic()
        status, body = self.admin_api("PUT", f"/departments/{DEPARTMENT}", {"service": "voiceConnector", "number": "600777"})
        self.assertIn(status, (200, 201), body)
        status, created = self.admin_api("PUT", f"/agents/{AGENT}", {"display_name": "Vera Rubin", "departments": [DEPARTMENT]})
        self.assertEqual(status, 201, created)
        password = created["password"]
        self.assertRegex(password, r"^[A-Za-z0-9]{24}$")
        eventually(self.agent_known, 60, f"queue {DEPARTMENT} with member {AGENT} and endpoint {AGENT} in Asterisk")
        learned = time.monotonic() - started
        self.assertIn(f"{DEPARTMENT} has", rx(f"queue show {DEPARTMENT}"))
        helper = subprocess.Popen(["bash", str(LOCAL_PBX), "exec", "/usr/bin/python3", "-c", AGENT_AND_CALLER, str(TESTS), AGENT,
                                   password, DEPARTMENT, CALLER_NUMBER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        try:
            registered = self.helper_line(helper, 20)
            self.assertEqual(registered.get("register"), 200, registered)
            rung = self.helper_line(helper, 40)
            rung_after = time.monotonic() - started
            self.assertTrue(rung.get("rung"), rung)
            self.assertEqual(rung["x_lexinfo"], DEPARTMENT)
            self.assertIn("6543", rung["from"])  # the caller's number on the agent's INVITE
            self.assertLess(rung_after, 60)
            print(f"\n    {DEPARTMENT} and {AGENT} learned by Asterisk in {learned:.1f} s; the agent rung "
                  f"{rung_after:.1f} s after the first PUT", end=" ")
            self.assertIn(f"{AGENT}/sip:{AGENT}@", rx("pjsip show contacts"))

            # 2. DELETE signs the agent out while it is still registered.
            deleted_at = time.monotonic()
            status, body = self.admin_api("DELETE", f"/agents/{AGENT}")
            self.assertEqual(status, 204, body)
            self.assertFalse((Path(self.env["IVR_AGENT_SECRETS_DIR"]) / AGENT).exists())
            eventually(lambda: "Unable to find object" in rx(f"pjsip show endpoint {AGENT}"), 60, f"removing endpoint {AGENT}")
            eventually(lambda: f"{AGENT}/sip:" not in rx("pjsip show contacts"), 10, f"signing {AGENT} out")
            print(f"\n    {AGENT} signed out {time.monotonic() - deleted_at:.1f} s after the DELETE", end=" ")
            self.assertNotIn(AGENT, rx(f"queue show {DEPARTMENT}"))
        finally:
            helper.stdin.close()
            try:
                helper.wait(timeout=15)
            except subprocess.TimeoutExpired:
                helper.kill()

        # 3. Voicemail round trip: nobody serves the department now; the caller's words come back through the API.
        words = self.work / "words.wav"
        spoken = run("bash", "-c", f"espeak-ng -v en-us -w {self.work}/raw.wav 'The comet is visible tonight after ten' "
                                   f"&& sox {self.work}/raw.wav -r 8000 -b 16 -c 1 -e signed-integer {words}")
        self.assertEqual(spoken.returncode, 0, spoken.stderr)
        record = Path(self.env["IVR_SNS_RECORD"])
        before = len(record.read_text().splitlines()) if record.exists() else 0
        done = run("bash", str(LOCAL_PBX), "exec", "/usr/bin/python3", "-c", LEAVE_MESSAGE, str(TESTS), DEPARTMENT,
                   CALLER_NUMBER, str(words), timeout=90)
        self.assertEqual(done.returncode, 0, done.stderr)

        def listed():
            status, messages = self.admin_api("GET", f"/departments/{DEPARTMENT}/messages")
            self.assertEqual(status, 200, messages)
            return [m for m in messages if m["message_id"] not in old_ids]
        messages, _ = eventually(listed, 60, f"the new message listed for {DEPARTMENT}")
        self.assertEqual(len(messages), 1, messages)
        message = messages[0]
        self.assertEqual(message["department"], DEPARTMENT)
        self.assertRegex(message["caller"], r"^\+?\*+6543$")
        self.assertGreaterEqual(message["duration_seconds"], 2)
        self.assertRegex(message["message_id"], r"^\d{8}T\d{6}Z-[0-9-]+$")

        def published():  # the uploader publishes after the upload the listing already shows
            lines = record.read_text().splitlines()[before:] if record.exists() else []
            return [p for p in map(json.loads, lines) if json.loads(p["Message"]).get("message_id") == message["message_id"]]
        publishes, _ = eventually(published, 30, "the SNS publish of the message")
        time.sleep(1)
        publishes = published()
        self.assertEqual(len(publishes), 1, "the SNS stand-in did not record exactly one publish for the message")
        self.assertEqual(publishes[0]["Subject"], f"New voicemail for {DEPARTMENT}")
        self.assertEqual(json.loads(publishes[0]["Message"])["s3_key"], f"voicemail/{DEPARTMENT}/{message['message_id']}.wav")

        status, link = self.admin_api("GET", f"/departments/{DEPARTMENT}/messages/{message['message_id']}/link")
        self.assertEqual(status, 200, link)
        self.assertTrue(link["url"].startswith(self.env["IVR_S3_ENDPOINT_URL"]), link)
        stored = self.work / "stored.wav"
        with urllib.request.urlopen(link["url"], timeout=30) as response:  # no credentials: the link is the grant
            self.assertEqual(response.status, 200)
            stored.write_bytes(response.read())
        from audio import envelope, similarity, wav_samples
        correlation = similarity(envelope(wav_samples(stored)), envelope(wav_samples(words)), max_delay_frames=250)
        print(f"\n    the message served by its admin API link vs the caller's WAV: correlation {correlation:.3f}", end=" ")
        self.assertGreater(correlation, 0.95)  # as test_voicemail_upload; other spoken prompts: at most about 0.8

    def helper_line(self, helper, seconds):
        """The next JSON line of the in-namespace helper, or a failure naming what it said (never a hang)."""
        ready, _, _ = select.select([helper.stdout], [], [], seconds)
        line = helper.stdout.readline() if ready else ""
        if not line:
            helper.kill()
            raise AssertionError(f"the agent/caller helper said nothing in {seconds} s: {helper.stderr.read()[-2000:]}")
        return json.loads(line)


if __name__ == "__main__":
    unittest.main()
