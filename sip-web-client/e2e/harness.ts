// Starts and stops the real SIP software the end-to-end suite talks to, all on 127.0.0.1:
// rtpengine (plain RTP <-> WebRTC), Kamailio (WebSocket registrar and proxy), a static web server for
// the built app, and SIPp as the caller. Every process is recorded by PID so ci.sh can clean up after a crash.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createServer as createTcpServer, connect } from 'node:net';
import { createSocket } from 'node:dgram';
import { extname, join, normalize, resolve } from 'node:path';

export const e2eDir = resolve(import.meta.dirname);
export const artifactsDir = resolve(e2eDir, '../../artifacts/sip-web-client');
export const logsDir = join(artifactsDir, 'logs');
/** The PIDs of the processes started here that are still running; ci.sh kills these when the run ends, however it ends. */
export const pidFile = join(artifactsDir, 'pids');
mkdirSync(logsDir, { recursive: true });
const livePids = new Set<number>();

function track(child: ChildProcess): void {
  if (child.pid === undefined) return;
  const pid = child.pid;
  livePids.add(pid);
  writeFileSync(pidFile, [...livePids].join('\n'));
  child.once('exit', () => {
    livePids.delete(pid);
    writeFileSync(pidFile, [...livePids].join('\n'));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freeTcpPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** Ports handed out by freeUdpPort: the OS may offer one again before the SIPp it was meant for has bound it. */
const handedOut = new Set<number>();

/**
 * A UDP port free now and not within 3 of one handed out before: SIPp binds its media port and the next ones (RTCP,
 * the echo's), and twenty callers started within seconds must not collide ("Unable to bind main socket").
 */
export async function freeUdpPort(): Promise<number> {
  for (;;) {
    const socket = createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
    const { port } = socket.address();
    await new Promise<void>((r) => socket.close(r));
    if ([...handedOut].some((p) => Math.abs(p - port) <= 3)) continue;
    handedOut.add(port);
    return port;
  }
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`Timed out waiting for ${what}`);
}

const tcpOpen = (port: number) =>
  new Promise<boolean>((r) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(() => r(true)));
    socket.on('error', () => r(false));
  });

export class Daemon {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  readonly logFile: string;

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly ready: () => boolean | Promise<boolean>,
  ) {
    this.logFile = join(logsDir, `${name}.log`);
    writeFileSync(this.logFile, '');
  }

  async start(): Promise<void> {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(this.command, this.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    this.child = child;
    track(child);
    this.exited = new Promise((r) => child.once('exit', () => r()));
    void this.exited.then(() => log.end());
    let exitCode: number | null = null;
    child.once('exit', (code) => (exitCode = code ?? -1));
    await waitFor(`${this.name} to start (see ${this.logFile})`, () => {
      if (exitCode !== null) throw new Error(`${this.name} exited with ${exitCode}; see ${this.logFile}`);
      return this.ready();
    });
  }

  log(): string {
    return readFileSync(this.logFile, 'utf8');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killed = await Promise.race([this.exited.then(() => true), sleep(5000).then(() => false)]);
    if (!killed) child.kill('SIGKILL');
    await this.exited;
  }
}

export interface Telephony {
  sipPort: number;
  wsUrl: string;
  kamailio: Daemon;
  rtpengine: Daemon;
  stop(): Promise<void>;
}

export const agentPassword = 'e2e-secret';

export async function startTelephony(): Promise<Telephony> {
  const ngPort = await freeUdpPort();
  // rtpengine needs a media port range; a random block above the usual ephemeral range's start keeps parallel runs apart.
  const portMin = 20_000 + Math.floor(Math.random() * 200) * 100;
  const rtpengine: Daemon = new Daemon('rtpengine', 'rtpengine', [
    '--config-file=none', '--foreground', '--log-stderr', '--interface=127.0.0.1', `--listen-ng=127.0.0.1:${ngPort}`,
    '--table=-1', `--port-min=${portMin}`, `--port-max=${portMin + 99}`, '--log-level=6',
  ], (): boolean => rtpengine.log().includes('Startup complete'));
  await rtpengine.start();
  const sipPort = await freeUdpPort();
  const wsPort = await freeTcpPort();
  const kamailio = new Daemon('kamailio', 'kamailio', [
    '-f', join(e2eDir, 'kamailio.cfg'), '-DD', '-E', '-Y', logsDir, '-m', '64', '-M', '8',
    '-A', `SIP_LISTEN=udp:127.0.0.1:${sipPort}`, '-A', `WS_LISTEN=tcp:127.0.0.1:${wsPort}`,
    '-A', `RTPENGINE_SOCK="udp:127.0.0.1:${ngPort}"`, '-A', `AGENT_PASSWORD="${agentPassword}"`,
  ], () => tcpOpen(wsPort));
  await kamailio.start();
  return {
    sipPort,
    wsUrl: `ws://127.0.0.1:${wsPort}/ws`,
    kamailio,
    rtpengine,
    stop: async () => {
      await kamailio.stop();
      await rtpengine.stop();
    },
  };
}

const contentTypes: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };

export interface WebServer {
  url: string;
  /** What /config.json serves; undefined answers 404 as on a server without one. */
  config: unknown;
  close(): Promise<void>;
}

/** Serves the built app (dist/) the way any static web server would, plus a config.json the test controls. */
export async function startWebServer(root: string): Promise<WebServer> {
  const state: WebServer = { url: '', config: undefined, close: async () => {} };
  const server: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/config.json') {
      if (state.config === undefined) response.writeHead(404).end();
      else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state.config));
      return;
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    try {
      if (!file.startsWith(root)) throw new Error('outside root');
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  state.close = () => new Promise((r) => server.close(() => r()));
  return state;
}

export interface SippResult {
  exitCode: number;
  /** Every SIP message SIPp sent and received (-trace_msg). */
  messages: string;
  /** SIPp's screens (-trace_screen): those asked for with dumpScreens() and the final ones. */
  screen: string;
}

export interface SippCall {
  result: Promise<SippResult>;
  /**
   * Asks SIPp (SIGUSR2) to write its screens, RTP counters included, into the screen file. SIPp does it on
   * its next wake-up (the next SIP message or timer), while the call is still up; the screens written at exit lack them.
   */
  dumpScreens(): void;
}

let sippRun = 0;
const runningSipp = new Set<ChildProcess>();

/** Ends the SIPp calls a failed test left behind. */
export function stopSipp(): void {
  for (const child of runningSipp) child.kill('SIGKILL');
  runningSipp.clear();
}

const read = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

export interface SippOptions {
  holdMs?: number;
  /** The scenario file; default e2e/sipp/<scenario>.xml. */
  scenarioFile?: string;
  /** SIPp's own address (signalling and media); default 127.0.0.1. */
  localIp?: string;
  /** The request-URI user; default agent. */
  service?: string;
}

/** Runs one SIPp call towards Kamailio (or the PBX) on 127.0.0.1:sipPort, from a scenario in e2e/sipp/ unless told otherwise. */
export async function startSipp(scenario: string, sipPort: number, keys: Record<string, string>, options: SippOptions = {}): Promise<SippCall> {
  sippRun += 1;
  const name = `sipp-${sippRun}-${scenario}`;
  const messagesFile = join(logsDir, `${name}.messages.log`);
  const screenFile = join(logsDir, `${name}.screen.log`);
  const localIp = options.localIp ?? '127.0.0.1';
  const args = [
    `127.0.0.1:${sipPort}`, '-sf', options.scenarioFile ?? join(e2eDir, 'sipp', `${scenario}.xml`), '-s', options.service ?? 'agent',
    '-i', localIp, '-p', String(await freeUdpPort()), '-mi', localIp, '-m', '1', '-l', '1', '-nostdin', '-timeout', '60s', '-timeout_error',
    '-d', String(options.holdMs ?? 1000), '-trace_msg', '-message_file', messagesFile, '-trace_screen', '-screen_file', screenFile,
    // SIPp sends back the browser's audio (-rtp_echo) and counts it: media checked in both directions.
    '-rtp_echo', '-mp', String(await freeUdpPort()),
    ...Object.entries(keys).flatMap(([k, v]) => ['-key', k, v]),
  ];
  const child = spawn('sipp', args, { cwd: logsDir, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  runningSipp.add(child);
  const log = createWriteStream(join(logsDir, `${name}.log`));
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const result = new Promise<SippResult>((r) =>
    child.once('exit', (code) => {
      runningSipp.delete(child);
      log.end();
      r({ exitCode: code ?? -1, messages: read(messagesFile), screen: read(screenFile) });
    }),
  );
  return { result, dumpScreens: () => child.kill('SIGUSR2') };
}
