// The softphone against the project's own PBX: the rendered configuration on a real Asterisk 22 (pbx/local-pbx.sh,
// e2e/directory.json as its directory), with SIPp calling as the Chime Voice Connector. ci.sh starts that Asterisk and
// runs this file inside its network namespace: the browser reaches wss://127.0.0.1:8089/ws, SIPp calls from the Voice
// Connector's address. One agent, alice, serves every department here: each call rings her page.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pcmuSamples, rms } from './audio';
import { artifactsDir, e2eDir, logsDir, startWebServer, stopSipp } from './harness';
import type { SippCall, WebServer } from './harness';
import { accessibilityViolations, echoedPackets, launchBrowser, mediaStats, microphoneRequests, notifications, openPhone, signIn, text, tonesSent, waitForMedia, waitStatus } from './page';
import type { OpenOptions } from './page';
import { agentReachable, agents, asterisk, asteriskLog, call, endCalls, pbxServer, repo } from './pbx';

const distDir = resolve(e2eDir, '../dist');
const agentPassword = agents.alice?.password ?? '';
const ringSeconds = Number(process.env.IVR_PBX_RING_SECONDS ?? '15');

let web: WebServer;
let browser: Browser;
const contexts: BrowserContext[] = [];


beforeAll(async () => {
  if (!existsSync(join(distDir, 'index.html'))) throw new Error('dist/ is missing: npm run test:e2e:asterisk builds it first');
  if (!process.env.IVR_PBX_NETNS || !agentPassword) throw new Error('run by sip-web-client/ci.sh, inside pbx/local-pbx.sh\'s namespace');
  expect(asterisk('core show version')).toMatch(/^Asterisk 22\./);
  web = await startWebServer(distDir);
  // The PBX's certificate is self-signed.
  browser = await launchBrowser(['--ignore-certificate-errors']);
});

afterEach(async () => {
  openFirewall();
  for (const tcpdump of captures.splice(0)) tcpdump.kill();
  stopSipp();
  // A caller a test left in a queue would ring the next test's agent.
  endCalls();
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
});

async function registeredAgent(name: string, options: OpenOptions = {}): Promise<Page> {
  const page = await openPhone(browser, web, contexts, name, { server: pbxServer, uri: 'alice' }, options);
  await signIn(page, agentPassword);
  await waitStatus(page, 'registered');
  await agentAvailable(page);
  return page;
}

const agentAvailable = (page: Page) => agentReachable(page, 'alice');

/**
 * Packets dropped inside the PBX's namespace (this suite runs in it): the path goes silent, nothing is closed or refused.
 * Each rule is an iptables match for the INPUT chain, which every packet between the browser, Asterisk and SIPp crosses.
 */
const dropPackets = (...rules: string[][]) => rules.forEach((rule) => execFileSync('iptables', ['-w', '-I', 'INPUT', ...rule, '-j', 'DROP']));
const openFirewall = () => execFileSync('iptables', ['-w', '-F', 'INPUT']);
/** The agent's WebSocket (TLS port 8089), both ways. */
const websocketPath = [['-p', 'tcp', '--dport', '8089'], ['-p', 'tcp', '--sport', '8089']];
/** Every UDP packet except those to or from SIPp, the Voice Connector: the browser's media with Asterisk, nothing else. */
const agentMediaPath = [['-p', 'udp', '!', '-s', '127.0.0.10', '!', '-d', '127.0.0.10']];

/** Captures still running when a test ends (it failed before stopping them). */
const captures: ChildProcess[] = [];

/** Records what the caller (SIPp at 127.0.0.10) receives from Asterisk: RTP only (SIP comes from port 5060). */
async function captureCallerAudio(name: string): Promise<{ stop(): Promise<Int16Array> }> {
  const file = join(logsDir, `${name}.pcap`);
  const tcpdump = spawn('tcpdump', ['-i', 'lo', '-U', '-w', file, 'udp and dst host 127.0.0.10 and not port 5060'], { stdio: ['ignore', 'ignore', 'pipe'] });
  captures.push(tcpdump);
  let stderr = '';
  tcpdump.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const until = Date.now() + 5000;
  while (!stderr.includes('listening on') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return {
    stop: async () => {
      tcpdump.kill('SIGINT');
      await once(tcpdump, 'exit');
      return pcmuSamples(file);
    },
  };
}

/** The loudest second of the samples (RMS), so silence before or after does not hide what was heard. */
function loudestSecond(samples: Int16Array): number {
  let loudest = 0;
  for (let i = 0; i + 8000 <= samples.length; i += 4000) loudest = Math.max(loudest, rms(samples.subarray(i, i + 8000)));
  return loudest;
}

async function expectAccessible(page: Page, state: string): Promise<void> {
  expect(await accessibilityViolations(page), `axe-core violations while ${state}`).toEqual([]);
}

/** The dialplan's NOTICE lines about calls whose agent leg failed, oldest first. */
const lostAgentNotices = () => asteriskLog().match(/NOTICE\S* Ext\. s: Call \S+ lost the agent - hangup cause \d+/g) ?? [];

/** Ends the caller's call from the PBX (as if the caller hung up); SIPp answers the BYE and exits cleanly. */
async function callerHangsUp(vc: SippCall): Promise<void> {
  endCalls();
  expect((await vc.result).exitCode).toBe(0);
}

describe('agent softphone against the PBX on Asterisk 22', () => {
  it('registers over WSS as the agent, with the agent\'s own password', async () => {
    const page = await registeredAgent('asterisk-register');
    expect(await text(page, '#status')).toBe('Registered: ready for calls');
    // A WebSocket contact (the column cuts ";transport=ws" short), qualified.
    expect(asterisk('pjsip show contacts')).toMatch(/alice\/sip:\S+@127\.0\.0\.1:\d+;transport=w\S*\s+\S+\s+Avail/);
  });

  it('shows the department of the Voice Connector\'s call, and audio flows both ways over DTLS-SRTP', async () => {
    const page = await registeredAgent('asterisk-accept');
    const vc = await call('History');
    await page.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    expect(await text(page, '#department')).toBe('History');
    expect(await text(page, '#caller')).toContain('+15550100');
    await page.getByText('Call details').click();
    // The PBX sends its own header, the allow-listed lower-case name, not the caller's value.
    expect(await page.locator('#header-list').innerText()).toMatch(/X-Lexinfo\s+history/);

    await page.getByRole('button', { name: 'Accept' }).click();
    await page.locator('#call-title', { hasText: 'In call' }).waitFor();
    const stats = await waitForMedia(page, 100);
    expect(stats.received).toBeGreaterThanOrEqual(100);
    expect(stats.sent).toBeGreaterThanOrEqual(100);
    expect(stats.dtls.some((d) => /^connected SRTP_|^connected AEAD_/.test(d))).toBe(true);
    await page.screenshot({ path: join(artifactsDir, 'asterisk-in-call.png'), fullPage: true });

    await page.waitForTimeout(1500); // SIPp's counters are dumped every second
    await page.getByRole('button', { name: 'Hang up' }).click();
    const result = await vc.result;
    expect(result.exitCode).toBe(0);
    // The browser's audio reached the caller through Asterisk (SIPp echoed it back: the page counted that above).
    expect(echoedPackets(result.screen)).toBeGreaterThanOrEqual(100);
    expect(result.messages).toMatch(/^BYE sip:/m);
    await page.locator('#idle:not([hidden])').waitFor();
  });

  it('keeps a rejected caller in line: the PBX offers the call again, and the caller hears the queue, never silence', async () => {
    const page = await registeredAgent('asterisk-reject');
    const vc = await call('math');
    await page.getByRole('button', { name: 'Reject' }).click({ timeout: 15_000 });
    await page.locator('#idle:not([hidden])').waitFor();
    expect(await text(page, '#history li')).toMatch(/Math: \+15550100 \(rejected\)$/);
    // app_queue rings the agent again after its retry time: the same caller, still waiting.
    await page.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    expect(await text(page, '#department')).toBe('Math');
    expect(await text(page, '#caller')).toContain('+15550100');
    await page.waitForTimeout(1500); // SIPp's counters are dumped every second
    await callerHangsUp(vc);
    // The caller received the queue's sound (music, place in line) while waiting: SIPp echoed it.
    expect(echoedPackets((await vc.result).screen)).toBeGreaterThanOrEqual(50);
  });

  it('says the call was missed when the agent does not answer in time, and the PBX offers it again', async () => {
    const page = await registeredAgent('asterisk-no-answer');
    const vc = await call('art');
    await page.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    expect(await text(page, '#department')).toBe('Art');
    // Asterisk stops ringing after the ring time; the page goes back to idle with a missed call.
    await page.locator('#idle:not([hidden])').waitFor({ timeout: (ringSeconds + 10) * 1000 });
    expect(await text(page, '#history li')).toMatch(/Art: \+15550100 \(missed\)$/);
    await page.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    await callerHangsUp(vc);
  });

  it('rings with the department a whole local call routed: emulated caller, IvrApi, Lex and SMA emulators, real INVITE', async () => {
    const page = await registeredAgent('asterisk-whole-call');
    const script = join(tmpdir(), 'ivr-whole-call.json');
    writeFileSync(script, JSON.stringify({ caller: '+15555550100', called: '+15555550101', inputs: ['history'] }));
    // tools/ivr-call --pbx: the SMA emulator's CallAndBridge to the Voice Connector becomes SIPp's INVITE from the
    // Voice Connector's address, with the bridge's Request-URI, caller ID and X-LexInfo (ci.sh built it beforehand).
    const ivrCall = spawn('dotnet', ['run', '--project', join(repo, 'tools/ivr-call'), '--no-build', '--', '--pbx', '--script', script], { cwd: repo });
    let output = '';
    ivrCall.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    ivrCall.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    const exited = new Promise<number | null>((done) => ivrCall.on('exit', done));
    try {
      await page.locator('#call:not([hidden])').waitFor({ timeout: 240_000 });
      expect(await text(page, '#department')).toBe('History');
      expect(await text(page, '#caller')).toContain('+15555550100');
      await page.getByRole('button', { name: 'Accept' }).click();
      await page.locator('#call-title', { hasText: 'In call' }).waitFor();
      await page.screenshot({ path: join(artifactsDir, 'whole-call.png'), fullPage: true });
      await page.getByRole('button', { name: 'Hang up' }).click();
      expect(await exited, output).toBe(0);
    } finally {
      ivrCall.kill();
    }
    expect(output).toContain('Connecting you to the history department.');
    expect(output).toMatch(/bridges to AWS 600300 \[X-LexInfo: history, X-IVR-Language: en\]: Answered/);
  }, 300_000);
});

describe('a whole shift on the PBX: reachability, media, hold, no accidental loss, attention, devices, states', () => {
  it('clears a refused password so the right one is not appended to it', async () => {
    const page = await openPhone(browser, web, contexts, 'asterisk-refused', { server: pbxServer, uri: 'alice' });
    await expectAccessible(page, 'signed out');
    await signIn(page, 'WrongPassword0123');
    await waitStatus(page, 'refused');
    expect(await text(page, '#alert')).toMatch(/^Registration refused by the server \((401|403) [^)]*\)\. Check the extension and password\.$/);
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
    await expectAccessible(page, 'refused');
    await signIn(page, agentPassword);
    await waitStatus(page, 'registered');
  });

  it('says within 15 s that calls cannot reach the page when its WebSocket silently drops packets, and is back within 5 s of the path returning', async () => {
    const page = await registeredAgent('asterisk-silent-drop');
    expect(await text(page, '#idle')).toBe('Waiting for calls…');
    await expectAccessible(page, 'registered and idle');
    const dropped = Date.now();
    dropPackets(...websocketPath);
    await waitStatus(page, 'retrying', 15_000);
    const shownAfterMs = Date.now() - dropped;
    expect(shownAfterMs).toBeLessThanOrEqual(15_000);
    expect(await text(page, '#status')).toBe('Not reachable');
    expect(await text(page, '#idle')).toBe('Not taking calls: the phone system cannot reach this page.');
    expect(await text(page, '#alert')).toMatch(/^The SIP server stopped answering \(no answer for several seconds\)\. Retrying (now|in \d s)\.$/);
    expect(await page.title()).toBe('Not reachable – Agent phone');
    await page.screenshot({ path: join(artifactsDir, 'not-reachable.png'), fullPage: true });
    await expectAccessible(page, 'not reachable');
    // The countdown is live, and the outage goes on over several attempts (each a TCP handshake that gets no answer).
    const seen = new Set<string>();
    for (const until = Date.now() + 12_000; Date.now() < until; ) {
      seen.add((await text(page, '#alert')).replace(/^.*Retrying /, ''));
      expect(await text(page, '#status')).toBe('Not reachable');
      await page.waitForTimeout(250);
    }
    expect([...seen].filter((s) => /^in \d s\.$/.test(s)).length).toBeGreaterThanOrEqual(2);
    expect(await page.getByRole('button', { name: 'Retry now' }).isVisible()).toBe(true);

    openFirewall();
    const back = Date.now();
    await waitStatus(page, 'registered', 15_000);
    const recoveredMs = Date.now() - back;
    console.log(`silent drop: shown after ${shownAfterMs} ms; registered again ${recoveredMs} ms after the path came back`);
    expect(recoveredMs).toBeLessThanOrEqual(5000);
    expect(await text(page, '#idle')).toBe('Waiting for calls…');
    // The PBX offers calls to the page again.
    await agentAvailable(page);
    const vc = await call('science');
    await page.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    await callerHangsUp(vc);
  }, 90_000);

  it('says when the call audio is lost, tries an ICE restart, and when the audio does not come back ends the call so the caller hears the prompt', async () => {
    const page = await registeredAgent('asterisk-media-lost');
    const lostBefore = lostAgentNotices().length;
    const vc = await call('history');
    await page.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
    await page.locator('#call-title', { hasText: 'In call' }).waitFor();
    await waitForMedia(page, 50);
    const ufrag = () => page.evaluate(() => (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.at(-1)?.localDescription?.sdp.match(/a=ice-ufrag:(\S+)/)?.[1]);
    const ufragBefore = await ufrag();
    const dropped = Date.now();
    dropPackets(...agentMediaPath);
    const heard = await captureCallerAudio('media-lost-caller');
    await page.locator('#call[data-media="lost"]').waitFor({ timeout: 10_000 });
    console.log(`media lost: shown after ${Date.now() - dropped} ms`);
    expect(await text(page, '#call-title')).toBe('Audio lost');
    expect(await text(page, '#alert')).toBe('The call audio is lost: the caller cannot hear you. Trying to restore it…');
    expect(await text(page, '#call-note')).toMatch(/^Audio lost: the caller cannot hear you\./);
    await page.screenshot({ path: join(artifactsDir, 'media-lost.png'), fullPage: true });
    await expectAccessible(page, 'the call audio lost');
    // An ICE restart was offered: the page's description carries new ICE credentials.
    await expect.poll(ufrag, { timeout: 5000 }).not.toBe(ufragBefore);

    // The path stays down: the page gives up, ends the call and says so; the PBX plays the caller the prompt.
    await page.locator('#idle:not([hidden])').waitFor({ timeout: 20_000 });
    expect(await text(page, '#alert')).toBe('The call audio was lost and could not be restored, so the call was ended. The caller hears the department\'s message.');
    expect(await text(page, '#history li')).toMatch(/History: \+15550100 \(failed\)$/);
    const result = await vc.result;
    const samples = await heard.stop();
    expect(result.exitCode).toBe(0);
    expect(result.messages).toMatch(/^BYE sip:/m);
    expect(lostAgentNotices().length).toBe(lostBefore + 1);
    expect(lostAgentNotices().at(-1)).toMatch(/hangup cause 41$/);
    // What the caller received after the agent's audio stopped: speech (the prompt), not a silent line.
    expect(loudestSecond(samples)).toBeGreaterThan(1000);
  }, 90_000);

  it('when the whole network drops mid-call, the page says so and the PBX ends the silent agent leg, so the caller hears the prompt', async () => {
    const page = await registeredAgent('asterisk-network-lost');
    const lostBefore = lostAgentNotices().length;
    const vc = await call('science');
    await page.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
    await page.locator('#call-title', { hasText: 'In call' }).waitFor();
    await waitForMedia(page, 50);
    dropPackets(...websocketPath, ...agentMediaPath);
    const heard = await captureCallerAudio('network-lost-caller');
    await page.locator('#idle:not([hidden])').waitFor({ timeout: 20_000 });
    expect(await text(page, '#status')).toBe('Not reachable');
    expect(await text(page, '#notices')).toContain('The connection to the server was lost; the call ended.');
    expect(await text(page, '#history li')).toMatch(/Science: \+15550100 \(failed\)$/);
    // No BYE can reach Asterisk; the agent's leg sends no RTP, so Asterisk hangs it up (rtp_timeout) and the caller
    // gets the prompt instead of a dead line.
    const result = await vc.result;
    const samples = await heard.stop();
    expect(result.exitCode).toBe(0);
    expect(lostAgentNotices().length).toBe(lostBefore + 1);
    console.log(`network lost: ${lostAgentNotices().at(-1)}`);
    expect(loudestSecond(samples)).toBeGreaterThan(1000);
    openFirewall();
    await waitStatus(page, 'registered', 15_000);
  }, 90_000);

  it('recovers the call audio after a short outage: the agent is told it is back and the call goes on', async () => {
    const page = await registeredAgent('asterisk-media-back');
    const lostBefore = lostAgentNotices().length;
    const vc = await call('math');
    await page.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
    await page.locator('#call-title', { hasText: 'In call' }).waitFor();
    await waitForMedia(page, 50);
    dropPackets(...agentMediaPath);
    await page.locator('#call[data-media="lost"]').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(2000);
    openFirewall();
    await page.locator('#call[data-media="ok"]').waitFor({ timeout: 10_000 });
    expect(await text(page, '#call-title')).toBe('In call');
    expect(await text(page, '#notices')).toContain('The call audio is back.');
    const before = await mediaStats(page);
    await page.waitForTimeout(2000);
    const after = await mediaStats(page);
    expect(after.received - before.received).toBeGreaterThanOrEqual(50);
    expect(after.sent - before.sent).toBeGreaterThanOrEqual(50);
    await page.getByRole('button', { name: 'Hang up' }).click();
    expect((await vc.result).exitCode).toBe(0);
    // A normal hang-up: no "lost the agent" for this call.
    expect(lostAgentNotices().length).toBe(lostBefore);
  }, 90_000);

  it('plays music to the caller while the agent holds (RTP audio energy), and the page says what the caller hears', async () => {
    const page = await registeredAgent('asterisk-hold');
    const vc = await call('art');
    await page.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
    await page.locator('#call-title', { hasText: 'In call' }).waitFor();
    await waitForMedia(page, 50);
    await page.getByRole('button', { name: 'Hold' }).click();
    await page.locator('#call-title', { hasText: 'On hold' }).waitFor();
    expect(await text(page, '#call-note')).toBe('On hold: the caller hears music.');
    const heard = await captureCallerAudio('hold-caller');
    await page.waitForTimeout(4000);
    const samples = await heard.stop();
    await page.screenshot({ path: join(artifactsDir, 'on-hold.png'), fullPage: true });
    await expectAccessible(page, 'on hold');
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.locator('#call-title', { hasText: 'In call' }).waitFor();
    await page.getByRole('button', { name: 'Hang up' }).click();
    expect((await vc.result).exitCode).toBe(0);
    // About 4 s of PCMU reached the caller during the hold, and it is music, not silence (the agent's microphone is off).
    const level = rms(samples);
    console.log(`hold: ${samples.length / 8000} s of audio to the caller, RMS ${level.toFixed(0)}`);
    expect(samples.length).toBeGreaterThanOrEqual(3 * 8000);
    expect(level).toBeGreaterThan(1000);
  }, 60_000);

  it('keeps the call on Enter twice, asks before the page is left during a call, and after a reload is still signed in with the recent calls', async () => {
    const page = await registeredAgent('asterisk-no-accidental-loss');
    const vc = await call('science');
    await page.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('accept');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    await page.locator('#call-title', { hasText: 'In call' }).waitFor();
    await page.waitForTimeout(1500);
    expect(await text(page, '#call-title')).toBe('In call');
    expect(await page.evaluate(() => document.activeElement?.id)).not.toBe('hang-up');
    await expectAccessible(page, 'in a call');
    // Muted in words; keys typed in the call send tones; the shortcuts never hang up.
    await page.keyboard.press('Alt+M');
    expect(await text(page, '#mute')).toBe('Unmute');
    expect(await text(page, '#call-note')).toBe('Your microphone is muted: the caller cannot hear you.');
    await expectAccessible(page, 'muted');
    await page.keyboard.press('Alt+M');
    expect(await text(page, '#mute')).toBe('Mute');
    await page.keyboard.type('5#');
    expect(await tonesSent(page)).toBe('5#');

    // Leaving the page during the call: the browser asks; staying keeps the call.
    const dialog = page.waitForEvent('dialog');
    const reload = page.reload({ timeout: 5000 }).catch(() => undefined);
    const asked = await dialog;
    expect(asked.type()).toBe('beforeunload');
    await asked.dismiss();
    await reload;
    expect(await text(page, '#call-title')).toBe('In call');
    await page.waitForTimeout(1000);
    await page.getByRole('button', { name: 'Hang up' }).click();
    expect((await vc.result).exitCode).toBe(0);
    await page.locator('#idle:not([hidden])').waitFor();
    const entry = await text(page, '#history li');
    expect(entry).toMatch(/^\d\d:\d\d:\d\d Science: \+15550100 \(answered, 0:\d\d\)$/);

    // A reload when idle: no question, signed in again from this tab's session, the recent calls still there.
    await page.reload();
    await waitStatus(page, 'registered');
    expect(await text(page, '#history li')).toBe(entry);
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    // The password is kept for this tab's session only, never where it outlives it.
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(agentPassword);
    await agentAvailable(page);
    const next = await call('math');
    await page.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    await callerHangsUp(next);
  }, 90_000);

  it('announces an incoming call (title, desktop notification, live region) and a missed one, with the ringing time in the history', async () => {
    const page = await registeredAgent('asterisk-attention', { notifications: true });
    // The microphone was asked for at sign-in, not first while a caller waits at Accept.
    expect((await microphoneRequests(page)).length).toBe(1);
    const vc = await call('history');
    await page.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    expect(await page.title()).toBe('Incoming call: History – Agent phone');
    await expect.poll(() => text(page, '#announcer')).toBe('Incoming call for History from +15550100. Accept with Alt+A.');
    expect(await page.locator('#announcer').getAttribute('aria-live')).toBe('assertive');
    expect(await notifications(page)).toEqual([{ title: 'Incoming call: History', body: 'Caller +15550100' }]);
    await expectAccessible(page, 'ringing');
    // The screenshot of the page, with the desktop notification the page raised (headless Chromium draws none) beside it.
    const shot = await page.screenshot({ fullPage: true });
    const [shown] = await notifications(page);
    const composed = await page.context().newPage();
    await composed.setContent(`<body style="margin:0;font-family:'Liberation Sans',sans-serif;background:#d0d4d8">
      <div id="all" style="display:inline-flex;gap:16px;align-items:flex-start;padding:16px">
        <div><div style="background:#fff;border:1px solid #888;border-bottom:0;padding:6px 10px;font-size:14px">Tab: <b id="tab"></b></div>
          <img src="data:image/png;base64,${shot.toString('base64')}" style="width:720px;border:1px solid #888;display:block"></div>
        <div style="width:330px;background:#fff;border-radius:8px;box-shadow:0 2px 8px #0006;padding:12px 14px">
          <div style="font-size:12px;color:#555">Desktop notification · Agent phone</div>
          <div id="title" style="font-weight:700;margin-top:4px"></div><div id="body" style="margin-top:2px"></div></div></div></body>`);
    await composed.evaluate(({ title, body, tab }) => {
      document.getElementById('title')!.textContent = title;
      document.getElementById('body')!.textContent = body;
      document.getElementById('tab')!.textContent = tab;
    }, { ...shown!, tab: await page.title() });
    await composed.locator('#all').screenshot({ path: join(artifactsDir, 'incoming-call-notification.png') });
    await composed.close();

    // The caller hangs up while it rings: the page says the call was missed.
    await callerHangsUp(vc);
    await page.locator('#idle:not([hidden])').waitFor({ timeout: 10_000 });
    expect(await text(page, '#alert')).toMatch(/^Missed call at \d\d:\d\d:\d\d: History, \+15550100\.$/);
    expect(await page.title()).toBe('(1) Missed call – Agent phone');
    expect((await notifications(page)).at(-1)).toMatchObject({ title: 'Missed call: History' });
    // The history says when it rang, not when it ended.
    const rang = (await text(page, '#alert')).match(/at (\d\d:\d\d:\d\d)/)?.[1];
    expect(await text(page, '#history li')).toBe(`${rang} History: +15550100 (missed)`);
    await expectAccessible(page, 'after a missed call');
  }, 90_000);

  it('uses the microphone, speaker and ringer chosen among Chromium\'s fake devices, with the volume, and remembers them', async () => {
    const page = await registeredAgent('asterisk-devices');
    await page.getByText('Audio devices and volume').click();
    const microphones = await page.locator('#microphone option').allTextContents();
    console.log(`devices: microphones ${JSON.stringify(microphones)}; speakers ${JSON.stringify(await page.locator('#speaker option').allTextContents())}`);
    expect(microphones.length).toBeGreaterThanOrEqual(3); // "Browser default" and Chromium's fake inputs
    const microphone = microphones.at(-1)!;
    await page.getByLabel('Microphone').selectOption({ label: microphone });
    const speakers = await page.locator('#speaker option').allTextContents();
    const speaker = speakers.at(-1)!;
    await page.getByLabel('Speaker (the caller\'s voice)').selectOption({ label: speaker });
    await page.getByLabel('Ringer', { exact: true }).selectOption({ label: speakers.at(1) ?? speaker });
    // The volume slider by keyboard: Home (0), then eight steps of 5.
    await page.getByLabel('Call volume').focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 8; i += 1) await page.keyboard.press('ArrowRight');
    await expectAccessible(page, 'choosing devices');

    const vc = await call('art');
    await page.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
    await page.locator('#call-title', { hasText: 'In call' }).waitFor();
    await waitForMedia(page, 20);
    // The caller hears the chosen microphone; the caller's voice plays on the chosen speaker at the chosen volume.
    const used = await page.evaluate(() => {
      const pc = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.at(-1);
      const remote = document.getElementById('remote-audio') as HTMLAudioElement & { sinkId: string };
      const ringer = document.getElementById('ringer-audio') as HTMLAudioElement & { sinkId: string };
      return { track: pc?.getSenders()[0]?.track?.label, sink: remote.sinkId, ringerSink: ringer.sinkId, volume: remote.volume };
    });
    expect(used.track).toBe(microphone);
    const chosen = await page.evaluate(() => ({
      speaker: (document.getElementById('speaker') as HTMLSelectElement).value,
      ringer: (document.getElementById('ringer') as HTMLSelectElement).value,
    }));
    expect(used.sink).toBe(chosen.speaker);
    expect(used.ringerSink).toBe(chosen.ringer);
    expect(used.volume).toBeCloseTo(0.4);
    await page.getByRole('button', { name: 'Hang up' }).click();
    expect((await vc.result).exitCode).toBe(0);

    await page.reload();
    await waitStatus(page, 'registered');
    await page.getByText('Audio devices and volume').click();
    expect(await page.locator('#microphone option:checked').textContent()).toBe(microphone);
    expect(await page.locator('#speaker option:checked').textContent()).toBe(speaker);
    expect(await page.getByLabel('Call volume').inputValue()).toBe('40');
  }, 90_000);

  it('with two tabs, says which one takes the calls, rings only that one, and takes them back when asked', async () => {
    const first = await registeredAgent('asterisk-tab-1');
    const second = await openPhone(browser, web, contexts, 'asterisk-tab-2', { server: pbxServer, uri: 'alice' }, { context: first.context() });
    await signIn(second, agentPassword);
    await waitStatus(second, 'registered');
    await waitStatus(first, 'elsewhere');
    expect(await text(first, '#status')).toBe('Calls go to another tab');
    expect(await text(first, '#alert')).toBe('Another tab of this browser is now taking your calls; this tab does not ring.');
    expect(await text(first, '#idle')).toBe('Not taking calls here: another tab is.');
    await expectAccessible(first, 'another tab taking the calls');
    await agentAvailable(second);
    const vc = await call('math');
    await second.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    expect(await first.locator('#call').isHidden()).toBe(true);
    await callerHangsUp(vc);

    await first.getByRole('button', { name: 'Take calls in this tab' }).click();
    await waitStatus(first, 'registered');
    await waitStatus(second, 'elsewhere');
    await agentAvailable(first);
    const next = await call('art');
    await first.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    await callerHangsUp(next);
  }, 90_000);
});
