// The softphone in real headless Chromium against real Kamailio, rtpengine and SIPp on loopback.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agentPassword, artifactsDir, e2eDir, startSipp, startTelephony, startWebServer, stopSipp } from './harness';
import type { Telephony, WebServer } from './harness';
import { accessibilityViolations, echoedPackets, finalResponse, launchBrowser, openPhone as openPage, signIn as signInWith, text, tonesSent, waitForMedia, waitStatus } from './page';
import type { OpenOptions } from './page';

const distDir = resolve(e2eDir, '../dist');

let telephony: Telephony;
let web: WebServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!existsSync(join(distDir, 'index.html'))) throw new Error('dist/ is missing: npm run test:e2e builds it first');
  telephony = await startTelephony();
  web = await startWebServer(distDir);
  browser = await launchBrowser();
});

afterEach(async () => {
  stopSipp();
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await telephony?.stop();
});

/** Opens the app as an agent would; config.json points it at Kamailio. */
const openPhone = (name: string, options: OpenOptions = {}): Promise<Page> =>
  openPage(browser, web, contexts, name, { server: telephony.wsUrl, uri: 'agent', reconnect: { firstDelayMs: 500, maxDelayMs: 2000 } }, options);

const signIn = (page: Page, password = agentPassword) => signInWith(page, password);

const caller = { caller: '+15550100', caller_name: 'Jane Caller' };

describe('agent softphone against Kamailio, rtpengine and SIPp', () => {
  it('prefills the sign-in form from config.json and registers with digest authentication', async () => {
    const page = await openPhone('register');
    expect(await page.getByLabel('WebSocket server').inputValue()).toBe(telephony.wsUrl);
    expect(await page.getByLabel('Agent ID or SIP URI').inputValue()).toBe('agent');
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    await signIn(page);
    await waitStatus(page, 'registered');
    expect(await text(page, '#status')).toBe('Registered: ready for calls');
    expect(await text(page, '#identity')).toBe('sip:agent@127.0.0.1');
  });

  it('says in words when the registrar refuses the password', async () => {
    const page = await openPhone('wrong-password');
    await signIn(page, 'wrong');
    await waitStatus(page, 'refused');
    expect(await text(page, '#alert')).toMatch(/^Registration refused by the server \((401|403) [^)]*\)\. Check the extension and password\.$/);
    expect(await page.getByLabel('Password').isVisible()).toBe(true);
    // The refused password is gone, so the right one is not appended to it; the caret waits in the empty field.
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('ignores a link naming another server (phishing) and refuses ws:// to anything but this computer', async () => {
    const page = await openPhone('phishing-link', { query: '?server=wss%3A%2F%2Fevil.example.net%3A8089%2Fws&uri=agent' });
    // The configured server stays in the form; the agent is told why.
    expect(await page.getByLabel('WebSocket server').inputValue()).toBe(telephony.wsUrl);
    expect(await text(page, '#notices')).toContain('The link named another server (wss://evil.example.net:8089/ws); it was ignored.');
    // Typed by hand: unencrypted WebSocket to another machine is refused before anything is sent.
    await page.getByLabel('WebSocket server').fill('ws://192.0.2.10:8088/ws');
    await signIn(page);
    expect(await text(page, '#alert')).toBe('The server address must start with wss:// (ws:// only for a test server on this computer).');
    expect(await text(page, '#status')).toBe('Signed out');
    // Loopback development still works (Kamailio here listens on ws://127.0.0.1).
    await page.getByLabel('WebSocket server').fill(telephony.wsUrl);
    await signIn(page);
    await waitStatus(page, 'registered');
  });

  it('shows the department and caller, connects audio both ways on accept, and sends BYE when the agent hangs up', async () => {
    const page = await openPhone('accept');
    await signIn(page);
    await waitStatus(page, 'registered');
    const call = await startSipp('agent-hangs-up', telephony.sipPort, { ...caller, lex: 'history' });

    await page.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    expect(await text(page, '#call-title')).toBe('Incoming call');
    expect(await text(page, '#department')).toBe('History');
    expect(await text(page, '#caller')).toBe('Jane Caller <+15550100>');
    // Focus moves to Accept, so the agent can answer with the keyboard.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('accept');
    await page.getByText('Call details').click();
    const details = await page.locator('#header-list').innerText();
    expect(details).toMatch(/X-Lexinfo\s+history/);
    expect(details).toMatch(/X-Chime-Transaction\s+\S+/);

    await page.getByRole('button', { name: 'Accept' }).click();
    await page.locator('#call-title', { hasText: 'In call' }).waitFor();
    const counts = await waitForMedia(page, 100);
    expect(counts.received).toBeGreaterThanOrEqual(100);
    expect(counts.sent).toBeGreaterThanOrEqual(100);
    // The department stays on screen during the call.
    expect(await text(page, '#department')).toBe('History');
    expect(await text(page, '#timer')).toMatch(/^0:0\d$/);
    await page.screenshot({ path: join(artifactsDir, 'in-call.png'), fullPage: true });

    // SIPp writes its counters on its next wake-up while the call is up; hanging up at once can beat the dump.
    call.dumpScreens();
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: 'Hang up' }).click();
    const result = await call.result;
    expect(result.exitCode).toBe(0);
    // SIPp's own counter: the browser's audio reached the caller (SIPp echoed it back, which the page counted above).
    expect(echoedPackets(result.screen)).toBeGreaterThanOrEqual(100);
    expect(result.messages).toMatch(/^BYE sip:/m);
    expect(result.messages).toMatch(/SIP\/2\.0 200 OK[\s\S]*m=audio \d+ RTP\/AVP 0/);
    await page.locator('#idle:not([hidden])').waitFor();
    expect(await text(page, '#history li')).toMatch(/History: Jane Caller <\+15550100> \(answered, 0:\d\d\)$/);
  });

  it('sends 603 Decline to the caller on reject, showing a hostile department header only as text', async () => {
    const page = await openPhone('reject');
    await signIn(page);
    await waitStatus(page, 'registered');
    const hostile = '<img src=x onerror="document.title=1">' + 'x'.repeat(100);
    const call = await startSipp('refused', telephony.sipPort, { ...caller, lex: hostile });
    await page.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    const shown = await text(page, '#department');
    expect(shown.startsWith('<img src=x onerror="document.title=1">')).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(64);
    expect(await page.locator('#call img').count()).toBe(0);

    await page.getByRole('button', { name: 'Reject' }).click();
    const result = await call.result;
    expect(result.exitCode).toBe(0);
    expect(finalResponse(result.messages)).toBe('603');
    await page.locator('#idle:not([hidden])').waitFor();
    expect(await text(page, '#history li')).toMatch(/\(rejected\)$/);
  });

  it('returns to idle when the caller hangs up, and answers a second caller 486 Busy Here meanwhile', async () => {
    const page = await openPhone('caller-hangs-up');
    await signIn(page);
    await waitStatus(page, 'registered');
    const call = await startSipp('caller-hangs-up', telephony.sipPort, { ...caller, lex: 'math' }, { holdMs: 4000 });
    await page.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
    await page.locator('#call-title', { hasText: 'In call' }).waitFor();
    expect(await text(page, '#department')).toBe('Math');

    const second = await startSipp('refused', telephony.sipPort, { caller: '+15550199', caller_name: 'Second', lex: 'art' });
    const busy = await second.result;
    expect(busy.exitCode).toBe(0);
    expect(finalResponse(busy.messages)).toBe('486');
    expect(await text(page, '#department')).toBe('Math');

    expect((await waitForMedia(page, 50)).received).toBeGreaterThanOrEqual(50);
    call.dumpScreens();

    const result = await call.result;
    expect(result.exitCode).toBe(0);
    expect(echoedPackets(result.screen)).toBeGreaterThanOrEqual(50);
    await page.locator('#idle:not([hidden])').waitFor({ timeout: 10_000 });
    expect(await text(page, '#history li')).toMatch(/Math: Jane Caller <\+15550100> \(answered, 0:0\d\)$/);
    expect(await page.locator('#alert').isHidden()).toBe(true);
  });

  it('reconnects and registers again after the WebSocket drops, then takes the next call', async () => {
    const page = await openPhone('reconnect');
    await signIn(page);
    await waitStatus(page, 'registered');
    // Kamailio restarts: the WebSocket closes and the registration is gone from its memory.
    await telephony.kamailio.stop();
    await waitStatus(page, 'retrying');
    expect(await text(page, '#alert')).toMatch(/^(Connection to the SIP server lost|Cannot reach the SIP server at ws:\/\/127\.0\.0\.1:\d+\/ws)\. Retrying (now|in \d+ s)\.$/);
    await telephony.kamailio.start();
    await waitStatus(page, 'registered', 20_000);

    const call = await startSipp('refused', telephony.sipPort, { ...caller, lex: 'science' });
    await page.getByRole('button', { name: 'Reject' }).click({ timeout: 15_000 });
    expect(finalResponse((await call.result).messages)).toBe('603');
  });

  it('counts down to the next attempt and connects at once on Retry now', async () => {
    const page = await openPage(browser, web, contexts, 'retry-now', { server: telephony.wsUrl, uri: 'agent', reconnect: { firstDelayMs: 30_000, maxDelayMs: 30_000 } });
    await signIn(page);
    await waitStatus(page, 'registered');
    await telephony.kamailio.stop();
    // The first attempt is immediate and fails; the next waits 15-30 s, counted down second by second.
    await page.locator('#alert', { hasText: /Retrying in \d\d s\.$/ }).waitFor({ timeout: 15_000 });
    const first = await text(page, '#alert');
    await page.waitForTimeout(2100);
    const later = await text(page, '#alert');
    const seconds = (alert: string) => Number(alert.match(/in (\d+) s\.$/)?.[1]);
    expect(seconds(first) - seconds(later)).toBeGreaterThanOrEqual(1);
    await telephony.kamailio.start();
    const clicked = Date.now();
    await page.getByRole('button', { name: 'Retry now' }).click();
    await waitStatus(page, 'registered', 5000);
    expect(Date.now() - clicked).toBeLessThan(seconds(later) * 1000);
    expect(await page.getByRole('button', { name: 'Retry now' }).isHidden()).toBe(true);
  });

  it('explains a denied microphone and lets the caller hear a 480 instead of silence', async () => {
    const page = await openPhone('microphone-denied', { microphone: false });
    await signIn(page);
    await waitStatus(page, 'registered');
    const call = await startSipp('refused', telephony.sipPort, { ...caller, lex: 'art' });
    await page.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
    await page.locator('#alert:not([hidden])').waitFor();
    expect(await text(page, '#alert')).toBe('Microphone access was denied, so the call could not be answered. Allow the microphone for this page and try again.');
    expect(finalResponse((await call.result).messages)).toBe('480');
    expect(await text(page, '#history li')).toMatch(/Art: .*\(failed\)$/);
  });

  it('on sign-out during a call, sends the caller BYE and unregisters, so the next call is not offered to the page', async () => {
    const page = await openPhone('sign-out');
    await signIn(page);
    await waitStatus(page, 'registered');
    const call = await startSipp('agent-hangs-up', telephony.sipPort, { ...caller, lex: 'art' });
    await page.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
    await page.locator('#call-title', { hasText: 'In call' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitStatus(page, 'signed-out');
    const ended = await call.result;
    expect(ended.exitCode).toBe(0);
    expect(ended.messages).toMatch(/^BYE sip:/m);
    // The ended call is in the history, not left as if it were still up.
    expect(await text(page, '#history li')).toMatch(/Art: Jane Caller <\+15550100> \(answered, 0:0\d\)$/);

    const next = await startSipp('refused', telephony.sipPort, { ...caller, lex: 'history' });
    expect(finalResponse((await next.result).messages)).toBe('404');
  });

  it('is keyboard operable, and holds and resumes the caller with re-INVITEs', async () => {
    const page = await openPhone('hold');
    await page.getByLabel('Password').fill(agentPassword);
    await page.keyboard.press('Enter');
    await waitStatus(page, 'registered');
    const call = await startSipp('hold', telephony.sipPort, { ...caller, lex: 'science' });
    await page.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    // Focus is on Accept: Enter answers.
    await page.keyboard.press('Enter');
    await page.locator('#call-title', { hasText: 'In call' }).waitFor();

    const hold = page.locator('#hold');
    await hold.click();
    await page.locator('#call-title', { hasText: 'On hold' }).waitFor();
    expect(await hold.textContent()).toBe('Resume');
    expect(await text(page, '#call-note')).toBe('On hold: the caller hears music.');
    expect(await text(page, '#department')).toBe('Science');
    await hold.click();
    await page.locator('#call-title', { hasText: 'In call' }).waitFor();
    expect(await hold.textContent()).toBe('Hold');

    // Muted is said in words, not only by colour.
    await page.getByRole('button', { name: 'Mute', exact: true }).click();
    expect(await page.locator('#mute').textContent()).toBe('Unmute');
    expect(await text(page, '#call-note')).toBe('Your microphone is muted: the caller cannot hear you.');
    await page.keyboard.press('Alt+M');
    expect(await page.locator('#mute').textContent()).toBe('Mute');
    await page.getByRole('button', { name: '5' }).click();
    // Keys typed during the call send tones too (focus is not in a field).
    await page.keyboard.type('7#');
    expect(await tonesSent(page)).toBe('57#');
    expect(await page.locator('#alert').isHidden()).toBe(true);

    await page.getByRole('button', { name: 'Hang up' }).click();
    const result = await call.result;
    expect(result.exitCode).toBe(0);
    // The browser's hold offer reached the caller through Kamailio and rtpengine.
    expect(result.messages).toMatch(/^INVITE sip:[\s\S]*?^a=sendonly/m);
  });
});
