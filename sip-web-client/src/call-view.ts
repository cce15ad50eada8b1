// The call area, the idle line, the timer and the recent calls, drawn from the state. Network text only via textContent.
import { formatDuration } from './call-state';
import type { CallState, HistoryEntry } from './call-state';
import { departmentLabel, languageLabel } from './headers';
import type { RegistrationStatus } from './phone';
import { callTitle } from './titles';
import { ui } from './ui';

export const clock = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

export function renderCall(state: CallState): void {
  const { phase, call } = state;
  ui.idle.hidden = phase !== 'idle';
  ui.call.hidden = phase === 'idle';
  ui.call.dataset.media = state.mediaLost ? 'lost' : 'ok';
  if (call) {
    ui.callTitle.textContent = callTitle(state);
    ui.department.textContent = departmentLabel(call.department);
    ui.caller.textContent = call.caller;
    ui.callOrigin.hidden = call.transferredFrom === undefined;
    ui.transferredFrom.textContent = departmentLabel(call.transferredFrom);
    ui.callLanguage.hidden = call.language === undefined;
    ui.language.textContent = call.language === undefined ? '' : languageLabel(call.language);
    ui.details.hidden = call.headers.length === 0;
    ui.headerList.replaceChildren(
      ...call.headers.flatMap(({ name, value }) => {
        const dt = document.createElement('dt');
        dt.textContent = name;
        const dd = document.createElement('dd');
        dd.textContent = value;
        return [dt, dd];
      }),
    );
    // While the agent consults a colleague, "Back to the caller" is the way back: Resume would talk over the consultation.
    ui.hold.hidden = !call.canHold || state.transfer?.kind === 'attended';
  }
  const notes = [
    state.transfer?.kind === 'blind' ? `Transferring the caller to the ${departmentLabel(state.transfer.department)} queue…` : '',
    state.mediaLost ? 'Audio lost: the caller cannot hear you. Trying to restore it; the call ends with the department\'s message if it cannot be.' : '',
    state.held ? 'On hold: the caller hears music.' : '',
    state.muted ? 'Your microphone is muted: the caller cannot hear you.' : '',
  ].filter(Boolean);
  ui.callNote.textContent = notes.join(' ');
  ui.callNote.hidden = phase !== 'active' || notes.length === 0;
  ui.ringingActions.hidden = phase !== 'ringing';
  ui.accept.disabled = phase !== 'ringing';
  ui.callActions.hidden = phase !== 'active';
  ui.mute.textContent = state.muted ? 'Unmute' : 'Mute';
  ui.mute.dataset.on = String(state.muted);
  ui.hold.textContent = state.held ? 'Resume' : 'Hold';
  ui.hold.dataset.on = String(state.held);
  renderTimer(state);
  renderHistory(state.history);
}

export function renderTimer(state: CallState): void {
  ui.timer.hidden = state.phase !== 'active';
  if (state.answeredAt !== undefined) ui.timer.textContent = formatDuration((Date.now() - state.answeredAt) / 1000);
}

export function renderHistory(history: readonly HistoryEntry[]): void {
  ui.historyEmpty.hidden = history.length > 0;
  ui.history.replaceChildren(
    ...history.map((entry) => {
      const item = document.createElement('li');
      const time = document.createElement('time');
      time.dateTime = new Date(entry.rangAt).toISOString();
      time.textContent = clock(entry.rangAt);
      const duration = entry.outcome === 'answered' || entry.outcome === 'transferred' ? `, ${formatDuration(entry.durationSec)}` : '';
      item.append(time, ` ${departmentLabel(entry.department)}: ${entry.caller} (${entry.outcome}${duration})`);
      if (entry.outcome === 'missed') item.className = 'missed';
      return item;
    }),
  );
}

/** "Waiting for calls…" only while registered; otherwise why no call can ring here. */
export function renderIdle(status: RegistrationStatus['kind']): void {
  const registered = status === 'registered';
  ui.idle.dataset.registered = String(registered);
  ui.idle.textContent = registered
    ? 'Waiting for calls…'
    : status === 'elsewhere'
      ? 'Not taking calls here: another tab is.'
      : status === 'connecting'
        ? 'Not taking calls yet: connecting…'
        : 'Not taking calls: the phone system cannot reach this page.';
}
