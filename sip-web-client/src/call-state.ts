// The agent's call state machine, kept free of sip.js and the DOM so every transition is unit-tested.

export type Phase = 'idle' | 'ringing' | 'answering' | 'active';

export interface CallInfo {
  caller: string;
  /** Raw department from X-LexInfo, already cleaned; undefined when absent. */
  department: string | undefined;
  headers: ReadonlyArray<{ name: string; value: string }>;
  /** The department the call was in before an agent transferred it (X-IVR-Transferred-From). */
  transferredFrom: string | undefined;
  /** The caller's language code (X-IVR-Language: en, es). */
  language: string | undefined;
  /** Whether the far end accepts re-INVITE, which hold needs. */
  canHold: boolean;
  receivedAt: number;
}

export type Outcome = 'answered' | 'transferred' | 'rejected' | 'missed' | 'failed';

export interface HistoryEntry {
  caller: string;
  department: string | undefined;
  outcome: Outcome;
  /** When the call started ringing. */
  rangAt: number;
  /** When it ended. */
  at: number;
  /** Talk time in whole seconds; 0 when the call was not answered. */
  durationSec: number;
}

export interface CallState {
  phase: Phase;
  call: CallInfo | undefined;
  answeredAt: number | undefined;
  held: boolean;
  muted: boolean;
  /** The call's audio stopped arriving (or ICE failed) and has not come back yet. */
  mediaLost: boolean;
  /** A transfer under way: asked of the PBX (blind), or a consult call with a colleague (attended). */
  transfer: Transfer | undefined;
  history: readonly HistoryEntry[];
}

export type Transfer =
  | { kind: 'blind'; department: string }
  /** The caller is on hold while the agent calls the colleague; `answered` once the colleague picked up. */
  | { kind: 'attended'; colleague: string; answered: boolean; completing: boolean };

export type CallEvent =
  | { type: 'incoming'; call: CallInfo }
  | { type: 'accept' }
  | { type: 'established'; at: number }
  | { type: 'reject'; at: number }
  | { type: 'ended'; at: number; failed?: boolean }
  | { type: 'held'; held: boolean }
  | { type: 'muted'; muted: boolean }
  | { type: 'media'; lost: boolean }
  | { type: 'blind-transfer'; department: string }
  | { type: 'consult'; colleague: string }
  | { type: 'consult-answered' }
  | { type: 'complete-transfer' }
  /** The transfer did not happen (refused, no answer, cancelled): the agent still has the caller. */
  | { type: 'transfer-ended' }
  /** The PBX took the call on: it is over for this agent. */
  | { type: 'transferred'; at: number };

export const initialState: CallState = { phase: 'idle', call: undefined, answeredAt: undefined, held: false, muted: false, mediaLost: false, transfer: undefined, history: [] };

/** An agent takes one call at a time: the phone answers any other INVITE with 486 Busy Here. */
export const isBusy = (state: CallState): boolean => state.phase !== 'idle';

function finish(state: CallState, outcome: Outcome, at: number, historySize: number): CallState {
  const call = state.call;
  if (!call) return state;
  const durationSec = (outcome === 'answered' || outcome === 'transferred') && state.answeredAt !== undefined ? Math.max(0, Math.round((at - state.answeredAt) / 1000)) : 0;
  const entry: HistoryEntry = { caller: call.caller, department: call.department, outcome, rangAt: call.receivedAt, at, durationSec };
  return { ...initialState, history: [entry, ...state.history].slice(0, historySize) };
}

/** Returns the next state; an event that does not apply to the current phase leaves the state unchanged. */
export function transition(state: CallState, event: CallEvent, historySize: number): CallState {
  switch (event.type) {
    case 'incoming':
      return state.phase === 'idle' ? { ...state, phase: 'ringing', call: event.call } : state;
    case 'accept':
      return state.phase === 'ringing' ? { ...state, phase: 'answering' } : state;
    case 'established':
      return state.phase === 'answering' ? { ...state, phase: 'active', answeredAt: event.at } : state;
    case 'reject':
      return state.phase === 'ringing' ? finish(state, 'rejected', event.at, historySize) : state;
    case 'ended':
      if (state.phase === 'idle') return state;
      if (state.phase === 'ringing') return finish(state, 'missed', event.at, historySize);
      return finish(state, state.phase === 'active' && !event.failed ? 'answered' : 'failed', event.at, historySize);
    case 'held':
      return state.phase === 'active' ? { ...state, held: event.held } : state;
    case 'muted':
      return state.phase === 'active' ? { ...state, muted: event.muted } : state;
    case 'media':
      return state.phase === 'active' ? { ...state, mediaLost: event.lost } : state;
    case 'blind-transfer':
      return state.phase === 'active' && !state.transfer ? { ...state, transfer: { kind: 'blind', department: event.department } } : state;
    case 'consult':
      return state.phase === 'active' && !state.transfer ? { ...state, transfer: { kind: 'attended', colleague: event.colleague, answered: false, completing: false } } : state;
    case 'consult-answered':
      return state.transfer?.kind === 'attended' ? { ...state, transfer: { ...state.transfer, answered: true } } : state;
    case 'complete-transfer':
      return state.transfer?.kind === 'attended' && state.transfer.answered ? { ...state, transfer: { ...state.transfer, completing: true } } : state;
    case 'transfer-ended':
      return state.transfer ? { ...state, transfer: undefined } : state;
    case 'transferred':
      return state.phase === 'active' ? finish(state, 'transferred', event.at, historySize) : state;
  }
}

/** "0:07", "12:34", "1:02:03" */
export function formatDuration(totalSec: number): string {
  const s = Math.max(0, Math.floor(totalSec));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

const outcomes: readonly Outcome[] = ['answered', 'transferred', 'rejected', 'missed', 'failed'];
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The recent calls as saved by an earlier page (sessionStorage or localStorage): anything that is not a well-formed
 * entry is dropped, so a stale or edited store cannot break the page. Text fields are capped like header values.
 */
export function parseHistory(json: string | null, historySize: number): HistoryEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(json ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value
    .filter((e): e is HistoryEntry =>
      typeof e === 'object' && e !== null && typeof e.caller === 'string' && (e.department === undefined || typeof e.department === 'string')
      && outcomes.includes(e.outcome) && isNumber(e.rangAt) && isNumber(e.at) && isNumber(e.durationSec))
    .map((e) => ({ caller: e.caller.slice(0, 200), department: e.department?.slice(0, 64), outcome: e.outcome, rangAt: e.rangAt, at: e.at, durationSec: e.durationSec }))
    .slice(0, historySize);
}
