// The softphone against the project's own PBX: the rendered configuration on a real Asterisk 22 (pbx/local-pbx.sh),
// with SIPp calling as the Chime Voice Connector. ci.sh starts that Asterisk and runs this file inside its network
// namespace: the browser reaches wss://127.0.0.1:8089/ws, SIPp calls from the Voice Connector's address.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, e2eDir, startSipp, startWebServer, stopSipp } from './harness';
import type { SippCall, WebServer } from './harness';
import { echoedPackets, launchBrowser, openPhone, signIn, text, waitForMedia, waitStatus } from './page';

const repo = resolve(e2eDir, '../..');
const localPbx = join(repo, 'pbx/local-pbx.sh');
const distDir = resolve(e2eDir, '../dist');
const agentPassword = process.env.IVR_PBX_AGENT_PASSWORD ?? '';
const ringSeconds = Number(process.env.IVR_PBX_RING_SECONDS ?? '20');
/** The Voice Connector's address inside the namespace (pbx/local-pbx.sh); any other source is refused. */
const voiceConnector = { scenarioFile: join(repo, 'pbx/sipp/vc-call.xml'), localIp: '127.0.0.10', service: '600300' };

let web: WebServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

const asterisk = (command: string) => execFileSync('bash', [localPbx, 'rx', command], { encoding: 'utf8', timeout: 30_000 });
const asteriskLog = () => execFileSync('cat', [execFileSync('bash', [localPbx, 'log'], { encoding: 'utf8' }).trim()], { encoding: 'utf8', maxBuffer: 64 << 20 });

beforeAll(async () => {
  if (!existsSync(join(distDir, 'index.html'))) throw new Error('dist/ is missing: npm run test:e2e:asterisk builds it first');
  if (!process.env.IVR_PBX_NETNS || !agentPassword) throw new Error('run by sip-web-client/ci.sh, inside pbx/local-pbx.sh\'s namespace');
  expect(asterisk('core show version')).toMatch(/^Asterisk 22\./);
  web = await startWebServer(distDir);
  // The PBX's certificate is self-signed.
  browser = await launchBrowser(['--ignore-certificate-errors']);
});

afterEach(async () => {
  stopSipp();
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
});

async function registeredAgent(name: string): Promise<Page> {
  const page = await openPhone(browser, web, contexts, name, { server: 'wss://127.0.0.1:8089/ws', uri: 'agent' });
  await signIn(page, agentPassword);
  await waitStatus(page, 'registered');
  // Asterisk's qualify decides whether the agent is NOT_INUSE, which the dialplan checks before dialling.
  const until = Date.now() + 15_000;
  while (!/agent\/sip:\S+\s+\S+\s+Avail/.test(asterisk('pjsip show contacts')) && Date.now() < until) await page.waitForTimeout(250);
  return page;
}

/**
 * One call from the Voice Connector with X-LexInfo: department; SIPp echoes what it hears (-rtp_echo) and is asked for
 * its RTP counters every second (see SippCall.dumpScreens) until the call ends.
 */
async function call(department: string): Promise<SippCall> {
  const vc = await startSipp('vc-call', 5060, { lexinfo_name: 'X-LexInfo', lexinfo: department, from_user: '+15550100' }, voiceConnector);
  const timer = setInterval(() => vc.dumpScreens(), 1000);
  void vc.result.finally(() => clearInterval(timer));
  return vc;
}

/** The dialplan's NOTICE lines about the calls for a department, oldest first. */
const promptNotices = (department: string) => asteriskLog().match(new RegExp(`NOTICE\\S* Ext\\. s: Call \\S+ gets the ${department} prompt - dial status \\w*`, 'g')) ?? [];

describe('agent softphone against the PBX on Asterisk 22', () => {
  it('registers over WSS with the agent password', async () => {
    const page = await registeredAgent('asterisk-register');
    expect(await text(page, '#status')).toBe('Registered: ready for calls');
    // A WebSocket contact (the column cuts ";transport=ws" short), qualified.
    expect(asterisk('pjsip show contacts')).toMatch(/agent\/sip:\S+@127\.0\.0\.1:\d+;transport=w\S*\s+\S+\s+Avail/);
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

  it('plays the department prompt to the caller when the agent rejects', async () => {
    const page = await registeredAgent('asterisk-reject');
    const before = promptNotices('math').length;
    const vc = await call('math');
    await page.getByRole('button', { name: 'Reject' }).click({ timeout: 15_000 });
    await page.locator('#idle:not([hidden])').waitFor();
    const result = await vc.result;
    expect(result.exitCode).toBe(0);
    const notices = promptNotices('math');
    expect(notices.length).toBe(before + 1);
    // sip.js declines with 603, which Asterisk reports as CHANUNAVAIL.
    expect(notices.at(-1)).toMatch(/dial status CHANUNAVAIL$/);
    // The caller got the prompt's audio (about 7 s), then the PBX's BYE.
    expect(echoedPackets(result.screen)).toBeGreaterThanOrEqual(150);
    expect(result.messages).toMatch(/^BYE sip:/m);
  });

  it('plays the department prompt to the caller when the agent does not answer in time', async () => {
    const page = await registeredAgent('asterisk-no-answer');
    const before = promptNotices('art').length;
    const vc = await call('art');
    await page.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    expect(await text(page, '#department')).toBe('Art');
    // Asterisk stops ringing after the ring time; the page goes back to idle.
    await page.locator('#idle:not([hidden])').waitFor({ timeout: (ringSeconds + 10) * 1000 });
    const result = await vc.result;
    expect(result.exitCode).toBe(0);
    const notices = promptNotices('art');
    expect(notices.length).toBe(before + 1);
    expect(notices.at(-1)).toMatch(/dial status NOANSWER$/);
    expect(echoedPackets(result.screen)).toBeGreaterThanOrEqual(150);
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
    expect(output).toContain('Connecting you to history department.');
    expect(output).toMatch(/bridges to AWS 600300 \[X-LexInfo: history\]: Answered/);
  }, 300_000);
});
