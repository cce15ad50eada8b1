// Agents and departments on the project's PBX (real Asterisk 22, app_queue): agents sign in as themselves, see their
// departments, their status and the callers waiting live, set themselves away (and are then not rung), and transfer a
// call to another department's queue, where the next agent sees where it came from and talks to the caller.
// Run by ci.sh inside pbx/local-pbx.sh's namespace, with e2e/directory.json as the PBX's directory.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, e2eDir, startWebServer, stopSipp } from './harness';
import type { SippCall, WebServer } from './harness';
import { accessibilityViolations, echoedPackets, launchBrowser, mediaStats, openPhone, signIn, text, waitForMedia, waitStatus } from './page';
import { agentReachable, agents, asterisk, asteriskLog, call, endCalls, pbxServer } from './pbx';

const distDir = resolve(e2eDir, '../dist');

let web: WebServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!existsSync(join(distDir, 'index.html'))) throw new Error('dist/ is missing: npm run test:e2e:asterisk builds it first');
  if (!process.env.IVR_PBX_NETNS) throw new Error('run by sip-web-client/ci.sh, inside pbx/local-pbx.sh\'s namespace');
  expect(asterisk('core show version')).toMatch(/^Asterisk 22\./);
  web = await startWebServer(distDir);
  browser = await launchBrowser(['--ignore-certificate-errors']);
});

afterEach(async () => {
  stopSipp();
  // A caller a test left in a queue would ring the next test's agents.
  endCalls();
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
});

/** Agent `id` signed in with their own password, available, their departments on screen. */
async function signedIn(id: string): Promise<Page> {
  const agent = agents[id]!;
  const page = await openPhone(browser, web, contexts, `agents-${id}`, { server: pbxServer, uri: id });
  await signIn(page, agent.password);
  await waitStatus(page, 'registered');
  await agentReachable(page, id);
  await page.locator('#department-rows tr').nth(agent.departments.length - 1).waitFor({ timeout: 10_000 });
  if ((await page.locator('#agent-status').getAttribute('data-status')) === 'away') await setStatus(page, 'available');
  return page;
}

async function setStatus(page: Page, status: 'away' | 'available'): Promise<void> {
  await page.getByRole('button', { name: status === 'away' ? 'Set away' : 'Set available' }).click();
  await page.locator(`#agent-status[data-status="${status}"]`).waitFor({ timeout: 10_000 });
}

const row = (page: Page, department: string) => page.locator(`#department-rows tr[data-department="${department}"]`);
const waiting = (page: Page, department: string) => text(page, `#department-rows tr[data-department="${department}"] .waiting`);

/** Dial attempts app_queue made to an agent's device, as Asterisk logged them. */
const ringsOf = (agentId: string) => asteriskLog().match(new RegExp(`Called PJSIP/${agentId}\\b`, 'g'))?.length ?? 0;

describe('agents and departments on the PBX on Asterisk 22', () => {
  it('signs agents in as themselves, shows their departments live, and never rings an agent who is away', async () => {
    const bob = await signedIn('bob');
    const carol = await signedIn('carol');
    expect(await text(bob, '#identity')).toBe('sip:bob@127.0.0.1');
    expect(await bob.locator('#department-rows th').allTextContents()).toEqual(['History', 'Art']);
    expect(await carol.locator('#department-rows th').allTextContents()).toEqual(['Art']);
    expect(await waiting(bob, 'art')).toBe('No one waiting');
    expect(await text(carol, '#agent-status')).toBe('Available');

    // Away: the PBX pauses carol in her queues and says so on her page.
    await setStatus(carol, 'away');
    expect(await text(carol, '#agent-status')).toBe('Away (no calls ring)');
    expect(asterisk('queue show art')).toMatch(/PJSIP\/carol.*paused/i);
    expect(await accessibilityViolations(carol)).toEqual([]);

    // A caller for art: bob's page rings, and both pages show the caller waiting (live, without a reload).
    const carolRingsBefore = ringsOf('carol');
    const first = await call('art', '+15550101');
    await bob.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    expect(await text(bob, '#department')).toBe('Art');
    await expect.poll(() => waiting(bob, 'art')).toBe('1 caller waiting');
    await expect.poll(() => waiting(carol, 'art')).toBe('1 caller waiting');
    // bob declines; app_queue tries again after its retry time, and again it is bob who rings, never carol.
    await bob.getByRole('button', { name: 'Reject' }).click();
    await bob.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    expect(await carol.locator('#call').isHidden()).toBe(true);
    expect(ringsOf('carol')).toBe(carolRingsBefore);
    await bob.getByRole('button', { name: 'Accept' }).click();
    await bob.locator('#call-title', { hasText: 'In call' }).waitFor();
    await expect.poll(() => waiting(carol, 'art')).toBe('No one waiting');
    await bob.getByRole('button', { name: 'Hang up' }).click();
    expect((await first.result).exitCode).toBe(0);

    // Back to available: carol is rung again (bob is away now, so only she can be).
    await setStatus(bob, 'away');
    await setStatus(carol, 'available');
    const second = await call('art', '+15550102');
    await carol.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    expect(await bob.locator('#call').isHidden()).toBe(true);
    await carol.getByRole('button', { name: 'Reject' }).click();
    await setStatus(carol, 'away');
    stopSipp();
    void second.result;
  }, 120_000);

  it('shows an agent signed in to two departments with callers waiting (screenshot)', async () => {
    const bob = await signedIn('bob');
    const history1 = await call('history', '+15550111');
    await bob.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    const history2 = await call('history', '+15550112');
    const art = await call('art', '+15550113');
    await expect.poll(() => waiting(bob, 'history'), { timeout: 10_000 }).toBe('2 callers waiting');
    await expect.poll(() => waiting(bob, 'art'), { timeout: 10_000 }).toBe('1 caller waiting');
    expect(await row(bob, 'history').locator('.waiting').getAttribute('data-waiting')).toBe('true');
    await bob.screenshot({ path: join(artifactsDir, 'agent-two-departments.png'), fullPage: true });
    expect(await accessibilityViolations(bob)).toEqual([]);
    stopSipp();
    void history1.result;
    void history2.result;
    void art.result;
  }, 60_000);

  it('transfers a call blind to another department: the next agent sees the new department and where it came from, and audio flows both ways', async () => {
    const bob = await signedIn('bob');
    const carol = await signedIn('carol');
    const vc = await call('history', '+15550120');
    await bob.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    expect(await text(bob, '#department')).toBe('History');
    expect(await bob.locator('#call-origin').isHidden()).toBe(true);
    expect(await text(bob, '#language')).toBe('English');
    await bob.getByRole('button', { name: 'Accept' }).click();
    await bob.locator('#call-title', { hasText: 'In call' }).waitFor();
    await waitForMedia(bob, 50);
    // bob serves art too: away (after answering; the call goes on), so the transfer rings carol.
    await setStatus(bob, 'away');

    await bob.getByText('Transfer', { exact: true }).click();
    expect(await bob.locator('#transfer-department option').allTextContents()).toEqual(['Art']);
    await bob.getByLabel('To another department\'s queue').selectOption('art');
    await bob.getByRole('button', { name: 'Transfer to queue' }).click();
    await bob.locator('#idle:not([hidden])').waitFor({ timeout: 15_000 });
    expect(await text(bob, '#history li')).toMatch(/History: \+15550120 \(transferred, 0:\d\d\)$/);

    await carol.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    expect(await text(carol, '#department')).toBe('Art');
    expect(await text(carol, '#transferred-from')).toBe('History');
    expect(await text(carol, '#caller')).toContain('+15550120');
    await carol.screenshot({ path: join(artifactsDir, 'agent-transferred-call.png'), fullPage: true });
    expect(await accessibilityViolations(carol)).toEqual([]);
    await carol.getByRole('button', { name: 'Accept' }).click();
    await carol.locator('#call-title', { hasText: 'In call' }).waitFor();
    // Both ways after the transfer: carol's page sends and receives (the caller, SIPp, echoes what it hears back to her).
    const stats = await waitForMedia(carol, 100);
    expect(stats.received).toBeGreaterThanOrEqual(100);
    expect(stats.sent).toBeGreaterThanOrEqual(100);
    const before = await mediaStats(carol);
    await carol.waitForTimeout(2000);
    const after = await mediaStats(carol);
    expect(after.received - before.received).toBeGreaterThanOrEqual(50);
    await carol.getByRole('button', { name: 'Hang up' }).click();
    const result = await vc.result;
    expect(result.exitCode).toBe(0);
    expect(echoedPackets(result.screen)).toBeGreaterThanOrEqual(100);
    expect(asteriskLog()).toMatch(/transferred from history to art/);
  }, 120_000);

  it('hands a call to a named colleague after talking to them first (attended transfer), and the caller then talks to the colleague', async () => {
    const bob = await signedIn('bob');
    const carol = await signedIn('carol');
    const vc = await call('history', '+15550130');
    await bob.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
    await bob.locator('#call-title', { hasText: 'In call' }).waitFor();
    await waitForMedia(bob, 50);

    await bob.getByText('Transfer', { exact: true }).click();
    const consultCarol = async () => {
      await bob.getByLabel('To a colleague (agent ID): talk first').fill('carol');
      await bob.getByRole('button', { name: 'Call colleague' }).click();
      await carol.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    };
    // carol declines: bob is told, and still has the caller (on hold until he resumes).
    await consultCarol();
    await carol.getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => text(bob, '#alert'), { timeout: 10_000 }).toMatch(/^The colleague could not be reached \(\d{3} [^)]*\); you are back with the caller \(on hold\)\.$/);
    expect(await text(bob, '#call-title')).toBe('On hold');
    await bob.getByRole('button', { name: 'Resume' }).click();
    await bob.locator('#call-title', { hasText: 'In call' }).waitFor();
    // carol answers, then bob goes back to the caller: the consult call ends, the caller is resumed.
    await consultCarol();
    await carol.getByRole('button', { name: 'Accept' }).click();
    await bob.getByRole('button', { name: 'Back to the caller' }).click();
    await bob.locator('#call-title', { hasText: 'In call' }).waitFor({ timeout: 10_000 });
    await carol.locator('#idle:not([hidden])').waitFor({ timeout: 10_000 });
    expect(await bob.locator('#consult').isHidden()).toBe(true);

    await bob.getByLabel('To a colleague (agent ID): talk first').fill('carol');
    await bob.getByRole('button', { name: 'Call colleague' }).click();
    // The caller holds (music) while carol's page rings with the department of the held call.
    await bob.locator('#call-title', { hasText: 'On hold' }).waitFor({ timeout: 10_000 });
    expect(await text(bob, '#consult-status')).toBe('Calling carol; the caller is on hold.');
    await carol.locator('#call:not([hidden])').waitFor({ timeout: 15_000 });
    expect(await text(carol, '#department')).toBe('History');
    await carol.getByRole('button', { name: 'Accept' }).click();
    await carol.locator('#call-title', { hasText: 'In call' }).waitFor();
    await expect.poll(() => text(bob, '#consult-status')).toBe('Talking to carol; the caller is on hold.');
    expect(await accessibilityViolations(bob)).toEqual([]);
    await bob.screenshot({ path: join(artifactsDir, 'agent-consult.png'), fullPage: true });

    await bob.getByRole('button', { name: 'Complete transfer' }).click();
    await bob.locator('#idle:not([hidden])').waitFor({ timeout: 15_000 });
    expect(await text(bob, '#history li')).toMatch(/History: \+15550130 \(transferred, 0:\d\d\)$/);
    // carol now talks to the caller: her page keeps sending and receiving (SIPp echoes what it hears back to her).
    expect(await text(carol, '#call-title')).toBe('In call');
    const before = await mediaStats(carol);
    await carol.waitForTimeout(3000);
    const after = await mediaStats(carol);
    expect(after.received - before.received).toBeGreaterThanOrEqual(50);
    expect(after.sent - before.sent).toBeGreaterThanOrEqual(50);
    await carol.getByRole('button', { name: 'Hang up' }).click();
    expect((await vc.result).exitCode).toBe(0);
  }, 120_000);

  it('counts a department\'s new voicemail live and plays it to the agent, after which the count is 0', async () => {
    const carol = await signedIn('carol');
    await setStatus(carol, 'away');
    const before = Number((await text(carol, '#department-rows tr[data-department="art"] .voicemail')).match(/^(\d+) new/)?.[1]);
    // Nobody available in art: the caller is asked for a message; they speak (SIPp echoes the prompt) and hang up.
    const logStart = asteriskLog().length;
    const vc = await call('art', '+15550140');
    await expect.poll(() => asteriskLog().slice(logStart).includes('leaves a message for art'), { timeout: 20_000 }).toBe(true);
    // The prompts, the tone, then a few seconds of message.
    await carol.waitForTimeout(8000);
    endCalls();
    await vc.result;
    await expect.poll(() => text(carol, '#department-rows tr[data-department="art"] .voicemail'), { timeout: 10_000 }).toMatch(new RegExp(`^${before + 1} new`));

    await carol.getByRole('button', { name: 'Play the Art voicemail' }).click();
    await carol.locator('#voicemail-title', { hasText: 'Playing the Art voicemail' }).waitFor({ timeout: 10_000 });
    const heard = await waitForMedia(carol, 50);
    expect(heard.received).toBeGreaterThanOrEqual(50);
    // The PBX plays the new messages, marks them heard (the count drops to 0) and hangs up.
    await carol.locator('#voicemail-player').waitFor({ state: 'hidden', timeout: 90_000 });
    await expect.poll(() => text(carol, '#department-rows tr[data-department="art"] .voicemail')).toBe('0 new');
    expect(await text(carol, '#alert')).toBe('');
  }, 150_000);
});

describe('a busy hour: 3 agents in 2 departments, 20 callers within seconds', () => {
  it('offers every caller to an agent in arrival order within the department, never to the agent who is away, and none ends in silence', async () => {
    const pages = { alice: await signedIn('alice'), bob: await signedIn('bob'), dave: await signedIn('dave') };
    const carol = await signedIn('carol');
    await setStatus(carol, 'away');
    const logStart = asteriskLog().length;

    // Each available agent answers whatever rings, talks a moment and hangs up, until every caller is done.
    let done = false;
    const answered: { agent: string; department: string; caller: string }[] = [];
    const answerAll = async (agent: string, page: Page) => {
      while (!done) {
        if (!(await page.locator('#ringing-actions:not([hidden])').isVisible())) {
          await page.waitForTimeout(100);
          continue;
        }
        const entry = { agent, department: await text(page, '#department'), caller: await text(page, '#caller') };
        await page.getByRole('button', { name: 'Accept' }).click().catch(() => undefined);
        if (await page.locator('#call-title', { hasText: 'In call' }).waitFor({ timeout: 5000 }).then(() => true, () => false)) {
          answered.push(entry);
          await page.waitForTimeout(300);
          await page.getByRole('button', { name: 'Hang up' }).click().catch(() => undefined);
        }
        await page.locator('#idle:not([hidden])').waitFor({ timeout: 10_000 }).catch(() => undefined);
      }
    };
    const answering = Object.entries(pages).map(([agent, page]) => answerAll(agent, page));

    const callers: { number: string; department: string; call: SippCall }[] = [];
    const started = Date.now();
    for (let i = 0; i < 20; i += 1) {
      const department = i % 2 === 0 ? 'history' : 'art';
      const number = `+155502${String(i).padStart(2, '0')}`;
      callers.push({ number, department, call: await call(department, number) });
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(`busy hour: 20 callers placed in ${Date.now() - started} ms`);
    const results = await Promise.all(callers.map((c) => c.call.result));
    done = true;
    await Promise.all(answering);

    const log = asteriskLog().slice(logStart);
    // Arrival order per department: the order the callers' channels joined ("Call … for department …"), against the
    // order app_queue first offered each of them to an agent ("Called PJSIP/…", logged on the caller's channel).
    const channelOf = (line: string) => line.match(/\[(C-[0-9a-f]+)\]/)?.[1];
    for (const department of ['history', 'art']) {
      const joined = log.split('\n').filter((l) => / NOTICE\[/.test(l) && l.endsWith(`for department ${department}`)).map(channelOf);
      const firstOffer = [...new Set(log.split('\n').filter((l) => /app_queue\.c: Called PJSIP\//.test(l)).map(channelOf).filter((c) => joined.includes(c)))];
      expect(joined.length).toBe(10);
      expect(firstOffer).toEqual(joined.slice(0, firstOffer.length));
    }
    // Every caller was answered by an agent or left for voicemail; SIPp saw the PBX end each call (no silence: it
    // received and echoed audio, the queue's or the agent's).
    expect(results.map((r) => r.exitCode)).toEqual(results.map(() => 0));
    for (const r of results) expect(echoedPackets(r.screen)).toBeGreaterThan(0);
    const voicemails = (log.match(/leaves a message for/g) ?? []).length;
    console.log(`busy hour: ${answered.length} answered (${['alice', 'bob', 'dave'].map((a) => `${a} ${answered.filter((x) => x.agent === a).length}`).join(', ')}), ${voicemails} to voicemail, in ${Date.now() - started} ms`);
    expect(answered.length + voicemails).toBe(20);
    expect(new Set(answered.map((a) => a.caller)).size).toBe(answered.length);
    expect(log).not.toMatch(/Called PJSIP\/carol\b/);
  }, 180_000);
});
