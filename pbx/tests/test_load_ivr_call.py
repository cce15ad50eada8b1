"""tools/ivr-call --pbx --callers for real: six callers of tools/ivr-call/examples/callers/busy-minute.json through
IvrApi, the emulated bot and SMA, then as SIPp calls into the real Asterisk 22 of pbx/local-pbx.sh.

pbx/ci.sh runs this in the load phase, inside the PBX's namespace; ivr-call itself runs in the host's network
namespace (nsenter), as a person would run it (it reaches the PBX through pbx/local-pbx.sh call). The agents are
tests/agent_ua.py over WSS: alice (history) answers, and transfers her second caller to art (blind, REFER
queue-art); dave (art) answers; bob is away; math has nobody, so its caller leaves a message. The transcript must show,
per caller, what Asterisk did: the queue and the place in line, the prompts, who answered, the transfer, voicemail;
each is checked against what the agents themselves received.
"""
import json
import os
import re
import subprocess
import threading
import time
import unittest

from agent_ua import Agent
from support import PBX, REPO
from test_load import PASSWORDS, answer_calls

CALLERS = json.loads((REPO / "tools/ivr-call/examples/callers/busy-minute.json").read_text())["callers"]
RUN = None
AGENTS = {}
TRANSFERRED = {}


def number_of(call):
    return re.search(r"sip:([^@]+)@", call.header("From")).group(1)


def transfer_to_art(agent, n, call):
    """The agent's second call is sent to art (a blind REFER); waits for the transfer's 200 NOTIFY."""
    if n == 2:
        TRANSFERRED["number"] = number_of(call)
        TRANSFERRED["refer"] = agent.refer(call, "sip:queue-art@127.0.0.1")
        deadline = time.time() + 10
        while time.time() < deadline and not any(b.startswith("SIP/2.0 200") for b in call.notifies):
            time.sleep(0.05)


def host(*command, timeout=600):
    """A command in the host's network namespace (pbx/ci.sh names it), from the repository root: dotnet restores and
    builds there, and IvrApi and the emulators of ivr-call listen there, as when a person runs it."""
    return subprocess.run(["nsenter", f"--net={os.environ.get('IVR_HOST_NETNS', '/proc/1/ns/net')}", "--", *command],
                          cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False)


def setUpModule():
    global RUN
    # Built first, so that ivr-call's own wait for IvrApi (2 minutes) measures its start, not a build on a busy machine.
    for project in ("IvrApi", "tools/ivr-call"):
        build = host("dotnet", "build", project, "--nologo", "-v", "q")
        if build.returncode != 0:
            raise RuntimeError(f"dotnet build {project} failed:\n{build.stdout[-3000:]}")
    for agent_id in ("alice", "bob", "dave"):
        agent = AGENTS[agent_id] = Agent(agent_id, PASSWORDS[agent_id], answer_after=0.3)
        if agent.register() != 200 or agent.status("away" if agent_id == "bob" else "available") != 202:
            raise RuntimeError(f"agent {agent_id} could not sign in")
    stop = threading.Event()
    workers = [threading.Thread(target=answer_calls, args=(AGENTS["alice"], stop, transfer_to_art)),
               threading.Thread(target=answer_calls, args=(AGENTS["dave"], stop))]
    for worker in workers:
        worker.start()
    try:
        RUN = host("dotnet", "run", "--no-build", "--project", "tools/ivr-call", "--",
                   "--pbx", "--callers", "tools/ivr-call/examples/callers/busy-minute.json")
    finally:
        stop.set()
        for worker in workers:
            worker.join(15)
        for agent in AGENTS.values():
            agent.close()
    print("\n" + RUN.stdout)


def transcript_of(number):
    """The caller's block of the transcript (its SMA lines and its PBX lines)."""
    match = re.search(rf"^=== caller \d+ of \d+: {re.escape(number)},.*?(?=^=== )", RUN.stdout, re.M | re.S)
    return match.group(0) if match else ""


class IvrCallSeveralCallersTests(unittest.TestCase):
    def test_the_run_succeeds_and_ends_with_one_line_per_caller(self):
        self.assertEqual(RUN.returncode, 0, RUN.stderr[-3000:])
        summary = RUN.stdout.split(f"=== {len(CALLERS)} callers\n", 1)[-1]
        for caller in CALLERS:
            self.assertRegex(summary, rf"{re.escape(caller['caller'])} .*PBX: ", caller["caller"])

    def test_each_answer_in_the_transcript_is_the_agent_that_took_the_call(self):
        answered = {}
        for agent_id, agent in AGENTS.items():
            for call in agent.calls:
                answered.setdefault(number_of(call), []).append(agent_id)
        self.assertEqual(AGENTS["bob"].calls, [], "bob is away")
        for caller in CALLERS:
            number = caller["caller"]
            said = re.findall(r"^PBX .*answered by (\w+) after", transcript_of(number), re.M)
            with self.subTest(caller=number):
                self.assertEqual(said, answered.get(number, []))
        # Arrival order at the PBX: each caller's IVR part takes its own time (the first requests to a fresh IvrApi are
        # slower), so callers may reach Asterisk in another order than they dialled; alice is rung in the order of the
        # places the transcript shows.
        places = {c["caller"]: int(re.search(r"joins the history queue, place (\d+)", transcript_of(c["caller"])).group(1))
                  for c in CALLERS if c["inputs"] == ["history"]}
        self.assertEqual([number_of(c) for c in AGENTS["alice"].calls], sorted(places, key=places.get), "arrival order")

    def test_the_transfer_shows_and_the_caller_is_answered_in_the_new_department(self):
        self.assertEqual(TRANSFERRED.get("refer"), 202)
        text = transcript_of(TRANSFERRED["number"])
        self.assertRegex(text, r"PBX .*alice transfers the call to queue-art")
        self.assertRegex(text, r"PBX .*transferred from history to art")
        self.assertRegex(text, r"PBX .*joins the art queue, place \d in line")
        transferred = [c for c in AGENTS["dave"].calls if number_of(c) == TRANSFERRED["number"]]
        self.assertEqual([c.header("X-IVR-Transferred-From") for c in transferred], ["history"])

    def test_the_place_in_line_is_shown_with_the_words_the_pbx_played(self):
        places = 0
        for caller in CALLERS:
            text = transcript_of(caller["caller"])
            for place in re.findall(r"joins the \w+ queue, place (\d+) in line", text):
                if int(place) >= 2:
                    places += 1
                    self.assertIn(f'plays "You are caller number" "{place}" "in line."', text, caller["caller"])
        self.assertGreaterEqual(places, 2, RUN.stdout)

    def test_the_caller_of_a_department_with_nobody_leaves_a_message(self):
        text = transcript_of(next(c["caller"] for c in CALLERS if c["inputs"] == ["math"]))
        self.assertRegex(text, r"PBX .*leaves a message for math - no agent")
        self.assertRegex(text, r"PBX .*left message \d{8}T\d{6}Z-[\d-]+ for math")
        self.assertIn('plays "Nobody is available', text)


if __name__ == "__main__":
    unittest.main()
