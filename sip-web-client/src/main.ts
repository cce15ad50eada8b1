// Binds the page to the phone. Everything from the network is written with textContent, never as HTML.
import { formatDuration, initialState, transition } from './call-state';
import type { CallEvent, CallState } from './call-state';
import { loadConfig, toAccount, urlWithoutPassword } from './config';
import { departmentLabel } from './headers';
import { Phone } from './phone';
import type { RegistrationStatus } from './phone';
import { Ringtone } from './ringtone';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from index.html`);
  return element as T;
}

const ui = {
  status: byId('status'),
  alert: byId('alert'),
  notices: byId<HTMLUListElement>('notices'),
  signIn: byId('sign-in'),
  form: byId<HTMLFormElement>('sign-in-form'),
  server: byId<HTMLInputElement>('server'),
  uri: byId<HTMLInputElement>('uri'),
  password: byId<HTMLInputElement>('password'),
  phone: byId('phone'),
  identity: byId('identity'),
  signOut: byId<HTMLButtonElement>('sign-out'),
  idle: byId('idle'),
  call: byId('call'),
  callTitle: byId('call-title'),
  department: byId('department'),
  caller: byId('caller'),
  timer: byId('timer'),
  details: byId<HTMLDetailsElement>('details'),
  headerList: byId('header-list'),
  ringingActions: byId('ringing-actions'),
  accept: byId<HTMLButtonElement>('accept'),
  reject: byId<HTMLButtonElement>('reject'),
  callActions: byId('call-actions'),
  mute: byId<HTMLButtonElement>('mute'),
  hold: byId<HTMLButtonElement>('hold'),
  hangUp: byId<HTMLButtonElement>('hang-up'),
  keypad: byId('keypad'),
  history: byId<HTMLOListElement>('history'),
  historyEmpty: byId('history-empty'),
  remoteAudio: byId<HTMLAudioElement>('remote-audio'),
};

const { config, warnings } = await loadConfig(new URL('config.json', location.href).toString(), location.search);
const cleanUrl = urlWithoutPassword(location.href);
if (cleanUrl) history.replaceState(null, '', cleanUrl);
ui.server.value = config.server;
ui.uri.value = config.uri;
warnings.forEach(notice);

let state: CallState = initialState;
let ringtone: Ringtone | undefined;
let timer: ReturnType<typeof setInterval> | undefined;

const phone = new Phone(
  config,
  {
    status: showStatus,
    incoming: (call) => update({ type: 'incoming', call }),
    established: () => update({ type: 'established', at: Date.now() }),
    ended: (problem) => {
      if (problem) showAlert(problem);
      update({ type: 'ended', at: Date.now(), failed: problem !== undefined });
    },
    held: (held) => update({ type: 'held', held }),
    notice,
  },
  ui.remoteAudio,
);

function notice(message: string): void {
  const item = document.createElement('li');
  item.textContent = message;
  ui.notices.replaceChildren(item, ...Array.from(ui.notices.children).slice(0, 2));
}

function showAlert(message: string | undefined): void {
  ui.alert.textContent = message ?? '';
  ui.alert.hidden = message === undefined;
}

function showStatus(status: RegistrationStatus): void {
  ui.status.dataset.status = status.kind;
  const signedIn = status.kind !== 'signed-out' && status.kind !== 'refused';
  ui.signIn.hidden = signedIn;
  ui.phone.hidden = !signedIn;
  switch (status.kind) {
    case 'signed-out':
      ui.status.textContent = 'Signed out';
      break;
    case 'connecting':
      ui.status.textContent = 'Connecting…';
      break;
    case 'registered':
      ui.status.textContent = 'Registered: ready for calls';
      showAlert(undefined);
      break;
    case 'retrying': {
      const when = status.inMs < 1000 ? 'now' : `in ${Math.round(status.inMs / 1000)} s`;
      ui.status.textContent = 'Not registered';
      showAlert(`${status.reason} Retrying ${when}.`);
      break;
    }
    case 'refused':
      ui.status.textContent = 'Registration refused';
      showAlert(status.reason);
      ui.password.focus();
      break;
  }
}

function update(event: CallEvent): void {
  const before = state.phase;
  state = transition(state, event, config.historySize);
  render(before);
}

function render(before: CallState['phase']): void {
  const { phase, call } = state;
  ui.idle.hidden = phase !== 'idle';
  ui.call.hidden = phase === 'idle';
  if (call) {
    ui.callTitle.textContent = { idle: '', ringing: 'Incoming call', answering: 'Connecting…', active: state.held ? 'On hold' : 'In call' }[phase];
    ui.department.textContent = departmentLabel(call.department);
    ui.caller.textContent = call.caller;
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
    ui.hold.hidden = !call.canHold;
  }
  ui.ringingActions.hidden = phase !== 'ringing';
  ui.accept.disabled = phase !== 'ringing';
  ui.callActions.hidden = phase !== 'active';
  ui.mute.setAttribute('aria-pressed', String(state.muted));
  ui.hold.setAttribute('aria-pressed', String(state.held));
  ui.hold.textContent = state.held ? 'Resume' : 'Hold';
  renderTimer();
  renderHistory();

  if (phase === before) return;
  if (phase === 'ringing') {
    ringtone?.start();
    showAlert(undefined);
    ui.accept.focus();
  } else {
    ringtone?.stop();
  }
  if (phase === 'active') {
    timer = setInterval(renderTimer, 1000);
    ui.hangUp.focus();
  } else {
    clearInterval(timer);
  }
  if (phase === 'idle') ui.idle.focus();
}

function renderTimer(): void {
  ui.timer.hidden = state.phase !== 'active';
  if (state.answeredAt !== undefined) ui.timer.textContent = formatDuration((Date.now() - state.answeredAt) / 1000);
}

function renderHistory(): void {
  ui.historyEmpty.hidden = state.history.length > 0;
  ui.history.replaceChildren(
    ...state.history.map((entry) => {
      const item = document.createElement('li');
      const time = new Date(entry.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      const duration = entry.outcome === 'answered' ? `, ${formatDuration(entry.durationSec)}` : '';
      item.textContent = `${time} ${departmentLabel(entry.department)}: ${entry.caller} (${entry.outcome}${duration})`;
      return item;
    }),
  );
}

/** Runs a call action and turns any failure into words on screen. */
function act(action: () => Promise<void>, what: string): void {
  action().catch((error: unknown) => showAlert(`Could not ${what}: ${error instanceof Error ? error.message : String(error)}`));
}

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const account = toAccount({ server: ui.server.value, uri: ui.uri.value, password: ui.password.value }, config.domain);
  if (typeof account === 'string') {
    showAlert(account);
    return;
  }
  showAlert(undefined);
  ringtone ??= new Ringtone(new AudioContext());
  ui.identity.textContent = account.aor;
  act(() => phone.signIn(account), 'sign in');
});
ui.signOut.addEventListener('click', () => {
  act(() => phone.signOut(), 'sign out');
  ui.server.focus();
});
ui.accept.addEventListener('click', () => {
  update({ type: 'accept' });
  act(() => phone.accept(), 'answer');
});
ui.reject.addEventListener('click', () => {
  update({ type: 'reject', at: Date.now() });
  act(() => phone.reject(), 'reject the call');
});
ui.hangUp.addEventListener('click', () => act(() => phone.hangUp(), 'hang up'));
ui.mute.addEventListener('click', () => {
  update({ type: 'muted', muted: !state.muted });
  phone.setMuted(state.muted);
});
ui.hold.addEventListener('click', () => act(() => phone.setHeld(!state.held, state.muted), state.held ? 'resume' : 'hold'));
ui.keypad.addEventListener('click', (event) => {
  const tone = event.target instanceof HTMLButtonElement ? event.target.dataset.tone : undefined;
  if (tone) act(() => phone.sendDtmf(tone), 'send the tone');
});
// Unregister when the agent closes the tab, so the PBX stops offering calls to a page that is gone.
addEventListener('pagehide', () => void phone.signOut());
render('idle');
