// The project's PBX as both Asterisk suites drive it: pbx/local-pbx.sh (started by ci.sh with e2e/directory.json as
// its directory), its CLI and log, its agents, and SIPp calling as the Chime Voice Connector.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { e2eDir, startSipp } from './harness';
import type { SippCall } from './harness';

export const repo = resolve(e2eDir, '../..');
const localPbx = join(repo, 'pbx/local-pbx.sh');

export const asterisk = (command: string) => execFileSync('bash', [localPbx, 'rx', command], { encoding: 'utf8', timeout: 30_000 });
export const asteriskLog = () => execFileSync('cat', [execFileSync('bash', [localPbx, 'log'], { encoding: 'utf8' }).trim()], { encoding: 'utf8', maxBuffer: 64 << 20 });

interface DirectoryAgent {
  id: string;
  departments: string[];
  password: string;
}

/** The agents of e2e/directory.json, the PBX's directory in these suites. */
export const agents: Record<string, DirectoryAgent> = Object.fromEntries(
  (JSON.parse(readFileSync(process.env.IVR_PBX_DIRECTORY ?? join(e2eDir, 'directory.json'), 'utf8')) as { agents: DirectoryAgent[] }).agents.map((a) => [a.id, a]),
);

export const pbxServer = 'wss://127.0.0.1:8089/ws';

/** The Voice Connector's address inside the namespace (pbx/local-pbx.sh); any other source is refused. */
const voiceConnector = { scenarioFile: join(repo, 'pbx/sipp/vc-call.xml'), localIp: '127.0.0.10', service: '600300' };

/** Asterisk's qualify decides whether the agent's device is NOT_INUSE, which app_queue checks before ringing it. */
export async function agentReachable(page: Page, agentId: string): Promise<void> {
  const until = Date.now() + 15_000;
  const contact = new RegExp(`${agentId}/sip:\\S+\\s+\\S+\\s+Avail`);
  while (!contact.test(asterisk('pjsip show contacts')) && Date.now() < until) await page.waitForTimeout(250);
}

/**
 * One call from the Voice Connector with X-LexInfo: department; SIPp echoes what it hears (-rtp_echo) and is asked for
 * its RTP counters every second (see SippCall.dumpScreens) until the call ends.
 */
export async function call(department: string, from = '+15550100', extraKeys: Record<string, string> = {}): Promise<SippCall> {
  const vc = await startSipp('vc-call', 5060, { lexinfo_name: 'X-LexInfo', lexinfo: department, from_user: from, language: 'en', ...extraKeys }, voiceConnector);
  const timer = setInterval(() => vc.dumpScreens(), 1000);
  void vc.result.finally(() => clearInterval(timer));
  return vc;
}

/** Hangs up every call on the PBX (callers a test left waiting in a queue would ring the next test's agent). */
export const endCalls = () => asterisk('channel request hangup all');
