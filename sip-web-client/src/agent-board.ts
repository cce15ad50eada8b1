// What the agent's panel shows: their status, their departments with the callers waiting and the new voicemails of
// each, kept from what the PBX says (agent-protocol.ts). Free of sip.js and the DOM (unit-tested).
import type { AgentPresence, AgentStatus, QueuePresence } from './agent-protocol';

export interface DepartmentRow {
  name: string;
  /** Callers waiting in the department's queue; undefined until the PBX said. */
  waiting: number | undefined;
  newVoicemail: number | undefined;
}

export interface AgentBoard {
  /** As the PBX last said; undefined until it did. */
  status: AgentStatus | undefined;
  departments: readonly DepartmentRow[];
}

export const emptyBoard: AgentBoard = { status: undefined, departments: [] };

/** The agent's presence: the status, and the department list when it came (figures kept for departments that stay). */
export function withAgent(board: AgentBoard, presence: AgentPresence): AgentBoard {
  const status = presence.status ?? board.status;
  if (!presence.departments) return { ...board, status };
  const names = [...new Set(presence.departments)];
  const departments = names.map((name) => board.departments.find((d) => d.name === name) ?? { name, waiting: undefined, newVoicemail: undefined });
  return { status, departments };
}

/** A department's queue figures; a figure the NOTIFY does not carry keeps its last value. Unknown departments are ignored. */
export function withQueue(board: AgentBoard, department: string, presence: QueuePresence): AgentBoard {
  if (!board.departments.some((d) => d.name === department)) return board;
  return {
    ...board,
    departments: board.departments.map((d) =>
      d.name === department ? { ...d, waiting: presence.waiting ?? d.waiting, newVoicemail: presence.newVoicemail ?? d.newVoicemail } : d),
  };
}

/** The figures are no longer live (connection lost, subscription ended): shown as unknown rather than stale. */
export const withoutFigures = (board: AgentBoard): AgentBoard => ({
  status: undefined,
  departments: board.departments.map((d) => ({ ...d, waiting: undefined, newVoicemail: undefined })),
});

/** Departments a call can be sent to: every known one but the call's own, sorted. */
export function transferTargets(known: Iterable<string>, current: string | undefined): string[] {
  return [...new Set(known)].filter((d) => d !== current?.toLowerCase()).sort();
}

/** "3 callers waiting", "1 caller waiting", "No one waiting", "…" while unknown. */
export function waitingLabel(waiting: number | undefined): string {
  if (waiting === undefined) return '…';
  if (waiting === 0) return 'No one waiting';
  return `${waiting} caller${waiting === 1 ? '' : 's'} waiting`;
}
