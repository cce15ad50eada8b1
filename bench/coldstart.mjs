// Cold start: time from exec to the first valid answer to a NEW_INBOUND_CALL on /sma, for each unzipped Lambda
// package, interleaved so that the machine's noise hits every variant alike. Read right after that answer: peak
// resident memory (VmHWM), and from the scheduler the CPU time the process's threads ran and the time they waited for
// a core (runqueue): on a shared machine the CPU time is the steadier figure, the wait shows the contention. Usage: node bench/coldstart.mjs [--runs N] [--json OUT] VARIANT=DIR:EXECUTABLE ...
import { spawn } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import net from "node:net";
import http from "node:http";

const args = process.argv.slice(2);
let runs = 15, jsonOut = null;
const variants = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--runs") runs = Number(args[++i]);
  else if (args[i] === "--json") jsonOut = args[++i];
  else {
    const [name, spec] = args[i].split("=");
    const [dir, exe] = spec.split(":");
    variants.push({ name, dir, exe, ms: [], hwmKb: [], cpuMs: [], waitMs: [] });
  }
}
const fixture = readFileSync(new URL("../IvrApi.Tests/Fixtures/sma/new-inbound-call.json", import.meta.url));
const callId = JSON.parse(fixture).CallDetails.Participants[0].CallId;

const freePort = () => new Promise(resolve => {
  const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
});

// One POST; resolves the parsed body when it is a valid SMA answer for this call, null on any failure.
const askSma = port => new Promise(resolve => {
  const req = http.request({ host: "127.0.0.1", port, path: "/sma", method: "POST", agent: false,
    headers: { "Content-Type": "application/json", "Content-Length": fixture.length } }, res => {
    const chunks = [];
    res.on("data", c => chunks.push(c));
    res.on("end", () => {
      try {
        const r = JSON.parse(Buffer.concat(chunks));
        const ok = res.statusCode === 200 && r.SchemaVersion === "1.0"
          && r.Actions?.[0]?.Type === "StartBotConversation" && r.Actions[0].Parameters?.CallId === callId;
        resolve(ok ? r : null);
      } catch { resolve(null); }
    });
  });
  req.on("error", () => resolve(null));
  req.end(fixture);
});

const vmHwmKb = pid => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]);

// Sum over the live threads of /proc/PID/task/TID/schedstat: nanoseconds on a CPU, nanoseconds waiting for one.
function schedMs(pid) {
  let cpu = 0, wait = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const [run, queued] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ").map(Number);
      cpu += run; wait += queued;
    } catch { /* the thread ended meanwhile */ }
  }
  return { cpuMs: cpu / 1e6, waitMs: wait / 1e6 };
}

async function once(v) {
  const port = await freePort();
  const start = process.hrtime.bigint();
  const child = spawn(join(v.dir, v.exe), [], {
    cwd: v.dir, stdio: "ignore",
    env: { ...process.env, AWS_LAMBDA_FUNCTION_NAME: "coldstart", ASPNETCORE_URLS: `http://127.0.0.1:${port}`,
      AWS_LWA_PORT: String(port), AWS_LWA_READINESS_CHECK_PATH: "/healthz", AWS_LWA_PASS_THROUGH_PATH: "/events" },
  });
  let exited = false;
  child.on("exit", () => { exited = true; });
  try {
    // Poll like a client that cannot know when the port opens: retry every millisecond, give up after 20 s.
    while (!exited) {
      if (await askSma(port)) {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        return { ms, hwmKb: vmHwmKb(child.pid), ...schedMs(child.pid) };
      }
      if (Number(process.hrtime.bigint() - start) > 20e9) break;
      await new Promise(r => setTimeout(r, 1));
    }
    throw new Error(`${v.name}: no valid answer (exited: ${exited})`);
  } finally {
    child.kill("SIGKILL");
    if (!exited) await new Promise(r => child.on("exit", r));
  }
}

const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]; };

for (let i = 0; i < runs; i++) {
  for (const v of variants) {
    const r = await once(v);
    v.ms.push(r.ms); v.hwmKb.push(r.hwmKb); v.cpuMs.push(r.cpuMs); v.waitMs.push(r.waitMs);
  }
}

const rows = variants.map(v => ({
  variant: v.name, runs: v.ms.length,
  medianMs: quantile(v.ms, 0.5), p90Ms: quantile(v.ms, 0.9), minMs: Math.min(...v.ms),
  medianPeakRssMiB: quantile(v.hwmKb, 0.5) / 1024,
  medianCpuMs: quantile(v.cpuMs, 0.5), medianWaitMs: quantile(v.waitMs, 0.5),
}));
console.log("| variant | runs | median ms | p90 ms | min ms | CPU ms (median) | runqueue wait ms (median) | peak RSS MiB (median) |");
console.log("|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(`| ${r.variant} | ${r.runs} | ${r.medianMs.toFixed(1)} | ${r.p90Ms.toFixed(1)} | ${r.minMs.toFixed(1)} | `
    + `${r.medianCpuMs.toFixed(1)} | ${r.medianWaitMs.toFixed(1)} | ${r.medianPeakRssMiB.toFixed(1)} |`);
}
if (rows.length > 1) {
  const [a, b] = rows;
  console.log(`median ratio ${b.variant} / ${a.variant}: ${(b.medianMs / a.medianMs).toFixed(1)}x time, `
    + `${(b.medianCpuMs / a.medianCpuMs).toFixed(1)}x CPU, ${(b.medianPeakRssMiB / a.medianPeakRssMiB).toFixed(1)}x memory`);
}
if (jsonOut) {
  mkdirSync(dirname(jsonOut), { recursive: true });
  const samples = variants.map(({ name, ms, hwmKb, cpuMs, waitMs }) => ({ variant: name, ms, hwmKb, cpuMs, waitMs }));
  writeFileSync(jsonOut, JSON.stringify({ rows, samples }, null, 2));
}
