"""A busy minute on the real Asterisk 22: 24 SIPp callers within about 2.5 s into four departments.

pbx/ci.sh starts Asterisk with pbx/local-pbx.sh and tests/directory.json, and runs this inside its namespace. One
SIPp process (pbx/sipp/queue-caller.xml) places the callers at 10 a second, cycling history, art, history, art,
science, math; each offers its own media port, and tcpdump keeps what every caller heard. The agents are
tests/agent_ua.py (SIP over WSS as the browser, digest, each its own agent id): alice (history), dave (art) and
carol (science) answer after 0.3 s and hang up after 1 s of talk; bob (history and art) is away; math has nobody.
Each test then checks one promise of issue 17 against what SIPp sent, what the agents received, what the callers
heard, and what Asterisk itself wrote (queue_log, the voicemail spool).
"""
import csv
import glob
import json
import re
import signal
import subprocess
import tempfile
import threading
import time
import unittest
from pathlib import Path

import audio
from agent_ua import Agent
from support import PBX
from test_teams import SOUNDS, best_match, envelope_of, local_pbx

DIRECTORY = json.loads((PBX / "tests" / "directory.json").read_text())
PASSWORDS = {a["id"]: a["password"] for a in DIRECTORY["agents"]}
CYCLE = ["history", "art", "history", "art", "science", "math"]
COUNT, RATE = 24, 10
CALLERS = [(CYCLE[n % len(CYCLE)], f"+1555013{n + 1:04d}") for n in range(COUNT)]
ANSWERING = {"history": "alice", "art": "dave", "science": "carol"}
TALK_SECONDS = 1.0
MEDIA_PORT = 42000  # SIPp's first caller; [auto_media_port] gives each next call its own above it

AGENTS = {}
SENT = {}  # caller number: {"call_id", "port", "at"} from SIPp's message log
QUEUE_LOG = []  # [time, uniqueid, queue, agent, event, data...] written during the run
SPOOL_BY_CALL_ID = {}
HEARD = {}  # caller number: samples
SIPP = None
WORK = None


def answer_calls(agent, stop, then=None):
    """Answers (agent_ua's policy) every call, talks TALK_SECONDS, calls then(agent, n, call) if given on the n-th,
    and hangs up, until stop. Shared with test_load_ivr_call."""
    n = 0
    while not stop.is_set():
        call = agent.wait_call(n + 1, timeout=0.5)
        if call is None:
            continue
        n += 1
        deadline = time.time() + 5
        while not call.answered and not call.ended and not stop.is_set() and time.time() < deadline:
            time.sleep(0.02)
        time.sleep(TALK_SECONDS)
        if then is not None:
            then(agent, n, call)
        if not call.ended:
            agent.bye(call)


def sipp_invites(message_log):
    """The first INVITE SIPp sent per call: caller number -> Call-ID, media port, time sent."""
    sent = {}
    for block in re.split(r"^-{20,} ", message_log, flags=re.M):
        if not re.search(r"^UDP message sent", block, re.M) or not re.search(r"^INVITE sip:", block, re.M):
            continue
        stamp = re.match(r"(\d{4}-\d\d-\d\d)\s+(\d\d):(\d\d):(\d\d\.\d+)", block)
        at = int(stamp.group(2)) * 3600 + int(stamp.group(3)) * 60 + float(stamp.group(4))
        number = re.search(r"^From: <sip:([^@]+)@", block, re.M).group(1)
        call_id = re.search(r"^Call-ID: (\S+)", block, re.M).group(1)
        port = int(re.search(r"^m=audio (\d+)", block, re.M).group(1))
        sent.setdefault(number, {"call_id": call_id, "port": port, "at": at})
    return sent


def setUpModule():
    global SIPP, WORK
    if not local_pbx("pid").stdout.strip():
        raise RuntimeError("Asterisk is not running: run the pbx tests with pbx/ci.sh (it starts pbx/local-pbx.sh)")
    log_dir = Path(local_pbx("log").stdout.strip()).parent
    spool = log_dir.parents[2] / "var/spool/ivr-pbx/voicemail"
    queue_log = log_dir / "queue_log"
    queue_log_start = queue_log.stat().st_size if queue_log.exists() else 0
    WORK = tempfile.TemporaryDirectory(prefix="pbx-load-")
    work = Path(WORK.name)
    for agent_id in ("alice", "bob", "carol", "dave"):
        agent = AGENTS[agent_id] = Agent(agent_id, PASSWORDS[agent_id], answer_after=0.3)
        if agent.register() != 200 or agent.status("away" if agent_id == "bob" else "available") != 202:
            raise RuntimeError(f"agent {agent_id} could not sign in")
    stop = threading.Event()
    talkers = [threading.Thread(target=answer_calls, args=(AGENTS[a], stop)) for a in ANSWERING.values()]
    for thread in talkers:
        thread.start()
    with open(work / "callers.csv", "w", newline="") as f:
        f.write("SEQUENTIAL\n")
        csv.writer(f, delimiter=";", lineterminator="\n").writerows(CALLERS)
    capture = work / "rtp.pcap"
    tcpdump = subprocess.Popen(["tcpdump", "-i", "lo", "-U", "-w", str(capture),
                                f"udp and dst portrange {MEDIA_PORT}-{MEDIA_PORT + 4 * COUNT + 8}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tcpdump.stderr.readline()  # "listening on lo": the capture runs
    try:
        SIPP = subprocess.run(
            ["sipp", "127.0.0.1:5060", "-sf", str(PBX / "sipp" / "queue-caller.xml"), "-inf", str(work / "callers.csv"),
             "-s", "600300", "-i", "127.0.0.10", "-mi", "127.0.0.10", "-mp", str(MEDIA_PORT),
             "-m", str(COUNT), "-r", str(RATE), "-l", str(COUNT), "-nostdin", "-timeout", "170s", "-timeout_error",
             "-trace_msg", "-message_file", str(work / "messages.log"), "-trace_err", "-error_file", str(work / "errors.log")],
            capture_output=True, text=True, timeout=200, check=False)
    finally:
        time.sleep(0.5)
        tcpdump.send_signal(signal.SIGINT)
        tcpdump.wait(timeout=10)
        stop.set()
        for thread in talkers:
            thread.join(10)
        time.sleep(1)  # the last hangup handlers write their JSON
        for agent in AGENTS.values():
            agent.close()
    SENT.update(sipp_invites((work / "messages.log").read_text(errors="replace")))
    heard = audio.rtp_payloads(capture)
    for number, sent in SENT.items():
        HEARD[number] = audio.pcmu_samples(heard.get(sent["port"], []))
    with open(queue_log, "rb") as f:
        f.seek(queue_log_start)
        QUEUE_LOG.extend(line.split("|") for line in f.read().decode(errors="replace").splitlines())
    for path in glob.glob(str(spool / "*.json")):
        data = json.loads(Path(path).read_text())
        SPOOL_BY_CALL_ID[data["call_id"]] = data


def queue_events(event):
    return [e for e in QUEUE_LOG if len(e) > 4 and e[4] == event]


def rung(department):
    """Caller numbers in the order the department's agents were rung (first ring per caller)."""
    invites = sorted((c for a in AGENTS.values() for c in a.calls if c.header("X-LexInfo") == department),
                     key=lambda c: c.received_at)
    order = []
    for call in invites:
        number = re.search(r"sip:([^@]+)@", call.header("From")).group(1)
        if number not in order:
            order.append(number)
    return order


def answered_numbers():
    return {re.search(r"sip:([^@]+)@", c.header("From")).group(1): agent_id
            for agent_id, a in AGENTS.items() for c in a.calls if c.answered}


class LoadTests(unittest.TestCase):
    def test_the_callers_are_placed_within_a_few_seconds_into_four_departments(self):
        self.assertEqual(len(SENT), COUNT, SIPP.stdout[-2000:] if SIPP else "SIPp did not run")
        times = [s["at"] for s in SENT.values()]
        print(f"\n{COUNT} INVITEs within {max(times) - min(times):.2f} s")
        self.assertLess(max(times) - min(times), 5)
        self.assertEqual({d for d, _ in CALLERS}, {"history", "art", "science", "math"})

    def test_every_call_ends_with_the_pbx_hanging_up(self):
        # SIPp's exit status 0: each of its calls was answered and then ended by the PBX's BYE within 150 s.
        self.assertEqual(SIPP.returncode, 0, SIPP.stdout[-3000:])

    def test_every_caller_is_answered_by_an_agent_of_the_department_or_leaves_a_message(self):
        answered = answered_numbers()
        for department, number in CALLERS:
            call_id = SENT[number]["call_id"]
            if department in ANSWERING:
                self.assertEqual(answered.get(number), ANSWERING[department], number)
                self.assertNotIn(call_id, SPOOL_BY_CALL_ID, number)
            else:
                self.assertNotIn(number, answered)
                message = SPOOL_BY_CALL_ID.get(call_id)
                self.assertIsNotNone(message, f"{number}: no voicemail JSON with its Call-ID")
                self.assertEqual((message["department"], message["caller"][-4:]), (department, number[-4:]))

    def test_callers_are_answered_in_arrival_order_within_their_department(self):
        for department in ANSWERING:
            arrival = sorted((n for d, n in CALLERS if d == department), key=lambda n: SENT[n]["at"])
            self.assertEqual(rung(department), arrival, department)
            joined = [e[6] for e in queue_events("ENTERQUEUE") if e[2] == department]
            self.assertEqual(joined, arrival, f"{department}: queue_log's ENTERQUEUE order")

    def test_an_away_agent_is_never_rung(self):
        self.assertEqual(AGENTS["bob"].calls, [])
        # queue_log: bob only ever paused again (the dialplan re-pauses an away agent before each caller joins),
        # never rung (RINGNOANSWER, RINGCANCELED) nor connected.
        bob = {e[4] for e in QUEUE_LOG if len(e) > 4 and e[3] in ("bob", "PJSIP/bob")}
        self.assertLessEqual(bob, {"PAUSE", "PAUSEALL"}, bob)
        self.assertIn("PAUSE", bob)

    def test_the_place_in_line_is_heard(self):
        # ENTERQUEUE's last field is the place the caller took; from the second place on app_queue says it at once:
        # "You are caller number" <n> "in line." (our prompts, our digits). Matched in the caller's own audio.
        positions = {e[6]: int(e[7]) for e in queue_events("ENTERQUEUE")}
        waiting = {n: p for n, p in positions.items() if p >= 2}
        print(f"\nplaces taken: {sorted(positions.values())}")
        self.assertGreaterEqual(len(waiting), 12, positions)
        self.assertGreaterEqual(max(positions.values()), 6, "the queues held several callers at once")
        for number, position in waiting.items():
            heard = audio.envelope(HEARD[number][:8000 * 15])
            parts = [best_match(heard, envelope_of(name)) for name in ("queue-thereare", f"digits/{position}", "queue-callswaiting")]
            with self.subTest(caller=number, position=position):
                for score, _ in parts:
                    self.assertGreater(score, 0.9, parts)
                self.assertLess(parts[0][1], parts[1][1], parts)
                self.assertLess(parts[1][1], parts[2][1], parts)

    def test_no_caller_is_left_in_silence(self):
        # Everyone hears the PBX: a place in line, "press 1", music, or the voicemail prompts, not a dead line.
        for department, number in CALLERS:
            frames = audio.envelope(HEARD[number])
            with self.subTest(caller=number, department=department):
                self.assertGreater(sum(1 for rms in frames if rms > 300), 50, f"{len(frames)} frames heard")

    def test_a_department_with_nobody_sends_its_callers_to_voicemail_with_the_prompts(self):
        for department, number in CALLERS:
            if department in ANSWERING:
                continue
            heard = audio.envelope(HEARD[number])
            parts = [best_match(heard, envelope_of(name)) for name in ("vm-no-agent", "vm-intro")]
            with self.subTest(caller=number):
                for score, _ in parts:
                    self.assertGreater(score, 0.9, parts)
                self.assertLess(parts[0][1], parts[1][1])


def tearDownModule():
    if WORK:
        WORK.cleanup()


if __name__ == "__main__":
    unittest.main()
