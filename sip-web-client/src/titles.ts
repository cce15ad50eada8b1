// The words for the call area's title and the browser tab's title, from the state alone (unit-tested).
import type { CallState } from './call-state';
import { departmentLabel } from './headers';
import type { RegistrationStatus } from './phone';

export const appTitle = 'Agent phone';

/** "Incoming call", "Connecting…", "In call", "On hold", "Audio lost"; the department when idle. */
export function callTitle(state: CallState): string {
  const { phase, call } = state;
  if (phase === 'ringing') return 'Incoming call';
  if (phase === 'answering') return 'Connecting…';
  if (phase === 'active') return state.mediaLost ? 'Audio lost' : state.held ? 'On hold' : 'In call';
  return call ? departmentLabel(call.department) : '';
}

/** The tab's title: a ringing or active call first, then "Not reachable", then missed calls until the page is looked at. */
export function pageTitle(state: CallState, status: RegistrationStatus['kind'], missedCalls: number): string {
  const department = state.call ? departmentLabel(state.call.department) : '';
  if (state.phase === 'ringing') return `Incoming call: ${department} – ${appTitle}`;
  if (state.phase === 'active') return `${callTitle(state)}: ${department} – ${appTitle}`;
  if (status === 'retrying') return `Not reachable – ${appTitle}`;
  if (missedCalls > 0) return `(${missedCalls}) Missed call${missedCalls > 1 ? 's' : ''} – ${appTitle}`;
  return appTitle;
}
