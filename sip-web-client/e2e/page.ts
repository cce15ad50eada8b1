// The softphone page in headless Chromium, as both end-to-end suites drive it (Kamailio and the project's Asterisk).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { logsDir } from './harness';
import type { WebServer } from './harness';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      // A generated beep instead of a real microphone, once the page has the microphone permission.
      '--use-fake-device-for-media-stream',
      // Without this Chromium offers no loopback ICE candidate (the Kamailio suite has no other interface).
      '--allow-loopback-in-peer-connection',
      '--autoplay-policy=no-user-gesture-required',
      ...extraArgs,
    ],
  });
  console.log(`End-to-end browser: Chromium ${browser.version()} (${chromiumPath}, headless)`);
  return browser;
}

export interface OpenOptions {
  microphone?: boolean;
  /** Desktop notifications allowed (as if the agent said yes at sign-in). */
  notifications?: boolean;
  /** Appended to the page's address, e.g. "?server=…". */
  query?: string;
  /** A further tab in a context already opened (same browser profile: storage and BroadcastChannel shared). */
  context?: BrowserContext;
}

/** Opens the app as an agent would, with `config` as its config.json; the context is added to `contexts` for closing. */
export async function openPhone(browser: Browser, web: WebServer, contexts: BrowserContext[], name: string, config: unknown, options: OpenOptions = {}): Promise<Page> {
  web.config = config;
  let context = options.context;
  if (!context) {
    context = await browser.newContext();
    contexts.push(context);
    const permissions = [...(options.microphone !== false ? ['microphone'] : []), ...(options.notifications ? ['notifications'] : [])];
    if (permissions.length > 0) await context.grantPermissions(permissions, { origin: web.url });
    // Keeps every RTCPeerConnection the page creates (for getStats), every desktop notification it shows and every
    // keypad tone it sends in the media, so the tests can read them.
    await context.addInitScript(() => {
      const Native = window.RTCPeerConnection;
      const list: RTCPeerConnection[] = [];
      const notifications: { title: string; body: string }[] = [];
      const tones: string[] = [];
      const microphoneRequests: number[] = [];
      Object.assign(window, { __peerConnections: list, __notifications: notifications, __tones: tones, __microphoneRequests: microphoneRequests });
      const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = (constraints) => {
        microphoneRequests.push(Date.now());
        return getUserMedia(constraints);
      };
      window.RTCPeerConnection = class extends Native {
        constructor(config?: RTCConfiguration) {
          super(config);
          list.push(this);
        }
      };
      const insert = RTCDTMFSender.prototype.insertDTMF;
      RTCDTMFSender.prototype.insertDTMF = function (this: RTCDTMFSender, ...args: Parameters<RTCDTMFSender['insertDTMF']>) {
        tones.push(args[0]);
        return insert.apply(this, args);
      };
      if ('Notification' in window) {
        const NativeNotification = window.Notification;
        window.Notification = class extends NativeNotification {
          constructor(title: string, options?: NotificationOptions) {
            notifications.push({ title, body: options?.body ?? '' });
            super(title, options);
          }
        } as typeof Notification;
      }
    });
  }
  const page = await context.newPage();
  const lines: string[] = [];
  page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`));
  page.on('close', () => writeFileSync(join(logsDir, `page-${name}.log`), lines.join('\n')));
  await page.goto(web.url + (options.query ?? ''));
  return page;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG rules on the page as it is now; the violations, summarised (none expected). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy rightly refuses an injected <script>.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
  });
}

/** The desktop notifications the page has shown. */
export const notifications = (page: Page) => page.evaluate(() => (window as unknown as { __notifications: { title: string; body: string }[] }).__notifications);

/** When the page asked for the microphone (getUserMedia), in ms since the epoch. */
export const microphoneRequests = (page: Page) => page.evaluate(() => (window as unknown as { __microphoneRequests: number[] }).__microphoneRequests);

/** The keypad tones the page has sent in the media (RTCDTMFSender). */
export const tonesSent = (page: Page) => page.evaluate(() => (window as unknown as { __tones: string[] }).__tones.join(''));

export async function signIn(page: Page, password: string): Promise<void> {
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export const waitStatus = (page: Page, status: string, timeout = 15_000) => page.locator(`#status[data-status="${status}"]`).waitFor({ timeout });
export const text = async (page: Page, selector: string) => ((await page.locator(selector).textContent()) ?? '').trim();

export interface MediaStats {
  received: number;
  sent: number;
  /** DTLS state and SRTP cipher of the transports (empty where the browser reports none). */
  dtls: string[];
}

export async function mediaStats(page: Page): Promise<MediaStats> {
  return page.evaluate(async () => {
    let received = 0;
    let sent = 0;
    const dtls: string[] = [];
    for (const pc of (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections) {
      (await pc.getStats()).forEach((r: { type: string; kind?: string; packetsReceived?: number; packetsSent?: number; dtlsState?: string; srtpCipher?: string }) => {
        if (r.type === 'inbound-rtp' && r.kind === 'audio') received += r.packetsReceived ?? 0;
        if (r.type === 'outbound-rtp' && r.kind === 'audio') sent += r.packetsSent ?? 0;
        if (r.type === 'transport') dtls.push(`${r.dtlsState ?? ''} ${r.srtpCipher ?? ''}`.trim());
      });
    }
    return { received, sent, dtls };
  });
}

export async function waitForMedia(page: Page, packets: number): Promise<MediaStats> {
  const until = Date.now() + 15_000;
  for (;;) {
    const stats = await mediaStats(page);
    if ((stats.received >= packets && stats.sent >= packets) || Date.now() > until) return stats;
    await page.waitForTimeout(250);
  }
}

/** RTP packets SIPp received and echoed (-rtp_echo), from the screens it dumped during the call. */
export const echoedPackets = (screen: string) => Math.max(0, ...[...screen.matchAll(/(\d+) Total echo RTP pckts 1st stream/g)].map((m) => Number(m[1])));

/** The final response SIPp received to its INVITE. */
export const finalResponse = (messages: string) => messages.match(/^SIP\/2\.0 ([4-6]\d\d) .*$(?=[\s\S]*?^CSeq: 1 INVITE)/m)?.[1];
