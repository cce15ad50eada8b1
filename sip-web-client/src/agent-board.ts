// What the agent's panel shows: their status, their departments with the callers waiting and the new voicemails of
// each, from the PBX's last state message (agent-protocol.ts). Free of sip.js and the DOM (unit-tested).
import type { AgentState } from './agent-protocol';
import { departmentLabel } from './headers';

/** The PBX's last word, or nothing known (not signed in yet, or the connection is lost: never stale figures). */
export type AgentBoard = AgentState | undefined;

/** Departments a call can be sent to: every known one but the call's own, sorted. */
export function transferTargets(known: Iterable<string>, current: string | undefined): string[] {
  return [...new Set(known)].filter((d) => d !== current?.toLowerCase()).sort();
}

/** "3 callers waiting", "1 caller waiting", "No one waiting". */
export function waitingLabel(waiting: number): string {
  if (waiting === 0) return 'No one waiting';
  return `${waiting} caller${waiting === 1 ? '' : 's'} waiting`;
}

/**
 * What screen-reader users hear when the state changes: the agent's own status, and a department whose queue went from
 * empty to callers waiting. Nothing for the first state after sign-in (the table says it) or when nothing of that changed.
 */
export function stateAnnouncement(before: AgentBoard, after: AgentState): string | undefined {
  if (!before) return undefined;
  if (before.status !== after.status) return after.status === 'away' ? 'You are away: no calls ring here.' : 'You are available for calls.';
  const started = after.departments.filter((d) => d.waiting > 0 && (before.departments.find((b) => b.name === d.name)?.waiting ?? 0) === 0);
  return started.length > 0 ? `Callers waiting in ${started.map((d) => departmentLabel(d.name)).join(', ')}.` : undefined;
}
