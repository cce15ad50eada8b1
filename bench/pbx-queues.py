"""The PBX's queues under load, on this machine: how many calls a second Asterisk 22 answers into department queues,
and its CPU and memory with 20 and 50 callers waiting at once. Run by bench/pbx-queues.sh inside the PBX's namespace.

Asterisk is pbx/local-pbx.sh's (the Debian sid chroot, the rendered configuration, pbx/tests/directory.json). Two
agents, alice (history) and dave (art), sign in over WSS (pbx/tests/agent_ua.py) and let ring, so every caller waits
in a queue with music and the place in line; bob is away. Callers are SIPp (bench/pbx/queue-hold.xml), alternately
history and art, each echoing the PBX's audio back (media both ways).

1. Concurrency (first, on a fresh Asterisk, so the memory figures are not the high-water mark of the rate steps):
   N callers (20, then 50) placed at 10 a second wait together; once all are in, Asterisk's CPU over 20 s, its
   resident memory (VmRSS) and thread count, and `core show channels` are read.
2. Rates: for each rate, SIPp offers calls at that rate for a few seconds; each waits HOLD s in its queue and hangs
   up. Measured: calls answered (200 OK) and failed, INVITE -> 200 OK time (SIPp rtd), callers that joined a queue
   (Asterisk's queue_log ENTERQUEUE), Asterisk's CPU during the step.
Writes a Markdown summary to stdout and the raw figures as JSON to the file named by the first argument.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "pbx" / "tests"))
from agent_ua import Agent  # noqa: E402  (pbx/tests' agent: SIP over WSS, digest)

RATES = [int(r) for r in os.environ.get("IVR_BENCH_RATES", "5 10 20 40 80 120").split()]
STEP_SECONDS = int(os.environ.get("IVR_BENCH_STEP_SECONDS", "4"))
HOLD_SECONDS = int(os.environ.get("IVR_BENCH_HOLD_SECONDS", "4"))
CONCURRENT = [int(n) for n in os.environ.get("IVR_BENCH_CONCURRENT", "20 50").split()]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PASSWORDS = {a["id"]: a["password"] for a in json.loads((REPO / "pbx/tests/directory.json").read_text())["agents"]}


def local_pbx(*args):
    return subprocess.run(["bash", str(REPO / "pbx/local-pbx.sh"), *args], capture_output=True, text=True, timeout=60, check=False).stdout


def cpu_seconds(pid):
    """Asterisk's user + system CPU time so far (all threads), from /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def status(pid, key):
    match = re.search(rf"^{key}:\s+(\d+)", Path(f"/proc/{pid}/status").read_text(), re.M)
    return int(match.group(1))


def load_average():
    return Path("/proc/loadavg").read_text().split()[:3]


def queue_joins(queue_log, start):
    with open(queue_log, "rb") as f:
        f.seek(start)
        return sum(1 for line in f.read().decode(errors="replace").splitlines() if "|ENTERQUEUE|" in line)


def sipp(work, name, calls, rate, hold_seconds, number_base):
    """Starts SIPp: CALLS callers at RATE a second, each waiting HOLD s in its queue (finish() collects the figures)."""
    callers = work / f"{name}.csv"
    callers.write_text("SEQUENTIAL\n" + "".join(
        f"{('history', 'art')[n % 2]};+1555{number_base + n:07d}\n" for n in range(calls)))
    for old in work.glob("queue-hold_*_rtt.csv"):
        old.unlink()
    process = subprocess.Popen(
        ["sipp", "127.0.0.1:5060", "-sf", str(REPO / "bench/pbx/queue-hold.xml"), "-inf", str(callers), "-s", "600300",
         "-i", "127.0.0.10", "-mi", "127.0.0.10", "-mp", "6000", "-rtp_echo", "-m", str(calls), "-r", str(rate),
         "-l", str(calls), "-d", str(hold_seconds * 1000), "-nostdin", "-timeout", f"{hold_seconds + 120}s",
         "-timeout_error", "-trace_rtt", "-rtt_freq", "1", "-max_socket", "4096"],
        cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return process


def finish(process, work):
    output, _ = process.communicate(timeout=600)
    rtd = []
    for path in work.glob("queue-hold_*_rtt.csv"):
        for line in path.read_text().splitlines()[1:]:
            parts = line.split(";")
            if len(parts) >= 2:
                try:
                    rtd.append(float(parts[1]))
                except ValueError:
                    pass
    successful = re.search(r"Successful call\s+\|\s+\d+\s+\|\s+(\d+)", output)
    failed = re.search(r"Failed call\s+\|\s+\d+\s+\|\s+(\d+)", output)
    return (int(successful.group(1)) if successful else 0, int(failed.group(1)) if failed else -1, rtd, process.returncode)


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    out = Path(sys.argv[1])
    pid = int(local_pbx("pid").strip())
    queue_log = Path(local_pbx("log").strip()).parent / "queue_log"
    work = Path(tempfile.mkdtemp(prefix="bench-pbx-"))
    agents = {}
    for agent_id in ("alice", "bob", "dave"):
        agent = agents[agent_id] = Agent(agent_id, PASSWORDS[agent_id], policy="ring")
        if agent.register() != 200 or agent.status("away" if agent_id == "bob" else "available") != 202:
            raise SystemExit(f"agent {agent_id} could not sign in")
    results = {"machine": {"cpus": os.cpu_count(), "load_before": load_average()}, "rates": [], "concurrent": []}
    time.sleep(2)
    idle_cpu, idle_at = cpu_seconds(pid), time.time()
    time.sleep(10)
    results["idle"] = {"cpu_percent": round(100 * (cpu_seconds(pid) - idle_cpu) / (time.time() - idle_at), 1),
                       "rss_mib": round(status(pid, "VmRSS") / 1024, 1), "threads": status(pid, "Threads")}
    print(f"idle: {results['idle']}", file=sys.stderr)

    base = 1000000
    for count in CONCURRENT:
        hold = count // 10 + 40
        process = sipp(work, f"concurrent-{count}", count, 10, hold, base)
        base += count
        time.sleep(count / 10 + 5)  # all placed and in their queues
        channels = local_pbx("rx", "core show channels count")
        cpu_start, wall_start, load = cpu_seconds(pid), time.time(), load_average()
        time.sleep(20)
        cpu_percent = 100 * (cpu_seconds(pid) - cpu_start) / (time.time() - wall_start)
        waiting = sum(int(n) for n in re.findall(r"has (\d+) calls", local_pbx("rx", "queue show")))
        sample = {"callers": count, "waiting_in_queues": waiting,
                  "active_channels": int(re.search(r"(\d+) active channel", channels).group(1)) if "active channel" in channels else None,
                  "cpu_percent_of_one_core": round(cpu_percent, 1), "cpu_percent_per_caller": round(cpu_percent / count, 2),
                  "rss_mib": round(status(pid, "VmRSS") / 1024, 1), "threads": status(pid, "Threads"), "load_average": load}
        successful, failed, _, code = finish(process, work)
        sample.update({"answered": successful, "failed": failed, "sipp_exit": code})
        results["concurrent"].append(sample)
        print(f"{count} concurrent: {sample}", file=sys.stderr)
        time.sleep(3)

    for rate in RATES:
        calls = rate * STEP_SECONDS
        joins_start = queue_log.stat().st_size
        cpu_start, wall_start, load = cpu_seconds(pid), time.time(), load_average()
        process = sipp(work, f"rate-{rate}", calls, rate, HOLD_SECONDS, base)
        successful, failed, rtd, code = finish(process, work)
        cpu = cpu_seconds(pid) - cpu_start
        wall = time.time() - wall_start
        joined = queue_joins(queue_log, joins_start)
        step = {"rate": rate, "calls": calls, "answered": successful, "failed": failed, "joined_queue": joined,
                "rtd_ms_median": percentile(rtd, 50), "rtd_ms_p95": percentile(rtd, 95), "rtd_ms_max": percentile(rtd, 100),
                "asterisk_cpu_seconds": round(cpu, 2), "asterisk_cpu_ms_per_call": round(1000 * cpu / calls, 1),
                "wall_seconds": round(wall, 1), "sipp_exit": code, "load_average": load}
        results["rates"].append(step)
        print(f"rate {rate}/s: {step}", file=sys.stderr)
        base += calls
        time.sleep(3)

    for agent in agents.values():
        agent.close()
    results["machine"]["load_after"] = load_average()
    out.write_text(json.dumps(results, indent=2) + "\n")

    print(f"idle: CPU {results['idle']['cpu_percent']} % of one core, RSS {results['idle']['rss_mib']} MiB, "
          f"{results['idle']['threads']} threads\n")
    print("| offered | calls | answered | failed | joined a queue | INVITE→200 median / p95 / max | Asterisk CPU per call | load avg |")
    print("|---|---|---|---|---|---|---|---|")
    for s in results["rates"]:
        print(f"| {s['rate']}/s | {s['calls']} | {s['answered']} | {s['failed']} | {s['joined_queue']} | "
              f"{s['rtd_ms_median']} / {s['rtd_ms_p95']} / {s['rtd_ms_max']} ms | {s['asterisk_cpu_ms_per_call']} ms | {s['load_average'][0]} |")
    print("\n| callers waiting | in queues | channels | Asterisk CPU (% of one core) | per caller | RSS | threads | load avg |")
    print("|---|---|---|---|---|---|---|---|")
    for s in results["concurrent"]:
        print(f"| {s['callers']} | {s['waiting_in_queues']} | {s['active_channels']} | {s['cpu_percent_of_one_core']} % | "
              f"{s['cpu_percent_per_caller']} % | {s['rss_mib']} MiB | {s['threads']} | {s['load_average'][0]} |")


if __name__ == "__main__":
    main()
