// Binds the page to the phone: the state, the events from the phone, the agent's clicks. The parts live in their own
// modules (ui, feedback, call-view, devices, attention, tabs, shortcuts); everything from the network is written with
// textContent, never as HTML.
import { AgentPanel } from './agent-panel';
import { consultHeaders } from './agent-protocol';
import { Attention } from './attention';
import { initialState, parseHistory, transition } from './call-state';
import type { CallEvent, CallState } from './call-state';
import { clock, renderCall, renderIdle, renderTimer } from './call-view';
import { loadConfig, toAccount, urlWithoutPassword } from './config';
import type { Account } from './config';
import { DeviceSettings } from './devices';
import { act, announce, notice, showAlert } from './feedback';
import { departmentLabel } from './headers';
import { Phone } from './phone';
import type { RegistrationStatus } from './phone';
import { Ringtone } from './ringtone';
import { bindShortcuts } from './shortcuts';
import { readJson, store } from './store';
import { Tabs } from './tabs';
import { pageTitle } from './titles';
import { TransferPanel } from './transfer-panel';
import { ui } from './ui';

const { config, warnings } = await loadConfig(new URL('config.json', location.href).toString(), location.search);
const cleanUrl = urlWithoutPassword(location.href);
if (cleanUrl) history.replaceState(null, '', cleanUrl);
ui.server.value = config.server;
ui.uri.value = config.uri;
warnings.forEach(notice);

let state: CallState = initialState;
let account: Account | undefined;
let status: RegistrationStatus = { kind: 'signed-out' };
let timer: ReturnType<typeof setInterval> | undefined;
let countdown: ReturnType<typeof setInterval> | undefined;
let missedCalls = 0;

const audioContext = new AudioContext();
const ringerOutput = audioContext.createMediaStreamDestination();
ui.ringerAudio.srcObject = ringerOutput.stream;
const ringtone = new Ringtone(audioContext, ringerOutput);
// Browsers start audio only after a user gesture; a page restored by a reload has had none yet.
const resumeAudio = () => {
  void audioContext.resume();
  void ui.ringerAudio.play().catch(() => undefined);
};
addEventListener('pointerdown', resumeAudio);
addEventListener('keydown', resumeAudio);

const devices = new DeviceSettings(ringtone);
const attention = new Attention(() => {
  if (state.phase === 'ringing') ui.accept.focus();
});

const phone = new Phone(
  config,
  {
    status: showStatus,
    incoming: (call) => update({ type: 'incoming', call }),
    established: () => update({ type: 'established', at: Date.now() }),
    ended: (problem) => {
      // While "Not reachable" holds the alert (with its countdown), the reason goes to the notices.
      if (problem && status.kind === 'retrying') notice(problem);
      else if (problem) showAlert(problem);
      update({ type: 'ended', at: Date.now(), failed: problem !== undefined });
    },
    held: (held) => update({ type: 'held', held }),
    media: (media) => {
      update({ type: 'media', lost: media === 'lost' });
      if (media === 'lost') {
        showAlert('The call audio is lost: the caller cannot hear you. Trying to restore it…');
        announce('Call audio lost. Trying to restore it.');
      } else {
        showAlert(undefined);
        notice('The call audio is back.');
      }
    },
    notice,
    transfer: (progress) => {
      if (progress.kind === 'consult-answered') update({ type: 'consult-answered' });
      else if (progress.kind === 'transferred') {
        const target = state.transfer?.kind === 'blind' ? `the ${departmentLabel(state.transfer.department)} queue` : state.transfer?.kind === 'attended' ? state.transfer.colleague : 'the phone system';
        update({ type: 'transferred', at: Date.now() });
        notice(`The caller was transferred to ${target}.`);
        announce(`Call transferred to ${target}.`);
      } else {
        update({ type: 'transfer-ended' });
        showAlert(progress.reason);
      }
    },
    outgoing: (progress) => agentPanel.outgoing(progress),
    connected: (userAgent) => {
      if (account) agentPanel.connected(userAgent, account.user, account.aor.split('@')[1] ?? '');
    },
    disconnected: () => agentPanel.disconnected(),
    message: (message) => agentPanel.receive(message),
  },
  ui.remoteAudio,
  { microphone: () => devices.microphone() },
);

const agentPanel = new AgentPanel({ dial: (target) => phone.dial(target), hangUpDialled: () => phone.endOutgoing() });
const transferPanel = new TransferPanel({
  state: () => state,
  update,
  domain: () => account?.aor.split('@')[1] ?? '',
  departments: () => [...agentPanel.departments, ...config.departments],
  blindTransfer: (target) => phone.blindTransfer(target),
  consult: (target) => phone.consult(target, consultHeaders(state.call?.department, state.call?.language)),
  completeTransfer: () => phone.completeTransfer(),
  cancelConsult: () => phone.cancelConsult(),
});

const tabs = new Tabs((aor) => {
  if (account?.aor === aor && phone.signedIn) void phone.standDown();
});

function showStatus(next: RegistrationStatus): void {
  status = next;
  clearInterval(countdown);
  ui.status.dataset.status = next.kind;
  const signedIn = next.kind !== 'signed-out' && next.kind !== 'refused';
  ui.signIn.hidden = signedIn;
  ui.phone.hidden = !signedIn;
  sessionStorage.removeItem(store.standingDown);
  switch (next.kind) {
    case 'signed-out':
      ui.status.textContent = 'Signed out';
      break;
    case 'connecting':
      ui.status.textContent = 'Connecting…';
      break;
    case 'registered':
      ui.status.textContent = 'Registered: ready for calls';
      showAlert(undefined);
      if (account) tabs.takingCalls(account.aor);
      break;
    case 'retrying': {
      ui.status.textContent = 'Not reachable';
      const tick = () => {
        const seconds = Math.ceil((next.at - Date.now()) / 1000);
        showAlert(`${next.reason} Retrying ${seconds <= 0 ? 'now' : `in ${seconds} s`}.`, 'retry');
      };
      tick();
      countdown = setInterval(tick, 1000);
      break;
    }
    case 'refused':
      ui.status.textContent = 'Registration refused';
      showAlert(next.reason);
      // The refused password must not stay there to be appended to.
      ui.password.value = '';
      ui.password.focus();
      break;
    case 'elsewhere':
      ui.status.textContent = 'Calls go to another tab';
      sessionStorage.setItem(store.standingDown, '1');
      showAlert('Another tab of this browser is now taking your calls; this tab does not ring.', 'take-calls');
      break;
  }
  renderIdle(next.kind);
  renderTitle();
}

function update(event: CallEvent): void {
  const before = state.phase;
  const historyBefore = state.history;
  state = transition(state, event, config.historySize);
  if (state.history !== historyBefore) saveHistory();
  render(before);
}

function saveHistory(): void {
  if (account) localStorage.setItem(store.history(account.aor), JSON.stringify(state.history));
}

const renderTitle = () => (document.title = pageTitle(state, status.kind, missedCalls));

/** Draws the state; on a change of phase, also the ringtone, focus, announcements, notifications and the timer. */
function render(before: CallState['phase']): void {
  const { phase, call } = state;
  renderCall(state);
  transferPanel.render(state);
  renderTitle();

  if (phase === before) return;
  attention.closeRinging();
  if (phase === 'ringing') {
    ui.transfer.open = false;
    ringtone.start();
    showAlert(undefined);
    ui.accept.focus();
    if (call) {
      const department = departmentLabel(call.department);
      announce(`Incoming call for ${department} from ${call.caller}. Accept with Alt+A.`);
      attention.notify(`Incoming call: ${department}`, `Caller ${call.caller}`, true);
    }
  } else {
    ringtone.stop();
  }
  if (before === 'ringing' && phase === 'idle' && state.history[0]?.outcome === 'missed') missed();
  if (phase === 'answering' || phase === 'active') {
    // Never onto Hang up: a second Enter must not end the call it just answered.
    const focused = document.activeElement;
    if (!focused || focused === document.body || ui.ringingActions.contains(focused)) ui.callTitle.focus();
  }
  if (phase === 'active') {
    timer = setInterval(() => renderTimer(state), 1000);
  } else {
    clearInterval(timer);
  }
  if (phase === 'idle') ui.idle.focus();
}

function missed(): void {
  const entry = state.history[0];
  if (!entry) return;
  missedCalls += 1;
  const department = departmentLabel(entry.department);
  const message = `Missed call at ${clock(entry.rangAt)}: ${department}, ${entry.caller}.`;
  showAlert(message);
  announce(message);
  attention.notify(`Missed call: ${department}`, `Caller ${entry.caller} at ${clock(entry.rangAt)}`, false);
  renderTitle();
}

function startPhone(next: Account): void {
  if (account?.aor !== next.aor) agentPanel.reset();
  account = next;
  ui.identity.textContent = next.aor;
  const transitionless = { ...initialState, history: parseHistory(localStorage.getItem(store.history(next.aor)), config.historySize) };
  if (state.phase === 'idle') state = transitionless;
  render(state.phase);
  sessionStorage.setItem(store.account, JSON.stringify(next));
  act(() => phone.signIn(next), 'sign in');
}

/** Asks for the microphone (and notifications) at sign-in, not while a caller waits at Accept; then lists the devices. */
async function askPermissions(): Promise<void> {
  if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    stream.getTracks().forEach((t) => t.stop());
  } catch {
    notice('The microphone is blocked for this page: calls cannot be answered until it is allowed.');
  }
  await devices.list();
}

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const next = toAccount({ server: ui.server.value, uri: ui.uri.value, password: ui.password.value }, config.domain);
  if (typeof next === 'string') {
    showAlert(next);
    return;
  }
  showAlert(undefined);
  resumeAudio();
  startPhone(next);
  void askPermissions();
});
ui.signOut.addEventListener('click', () => {
  sessionStorage.removeItem(store.account);
  missedCalls = 0;
  act(() => phone.signOut(), 'sign out');
  ui.server.focus();
});
ui.retryNow.addEventListener('click', () => phone.retryNow());
ui.takeCalls.addEventListener('click', () => {
  if (account) startPhone(account);
});
ui.accept.addEventListener('click', accept);
ui.reject.addEventListener('click', reject);
ui.hangUp.addEventListener('click', () => act(() => phone.hangUp(), 'hang up'));
ui.mute.addEventListener('click', toggleMute);
ui.hold.addEventListener('click', toggleHold);
ui.keypad.addEventListener('click', (event) => {
  const tone = event.target instanceof HTMLButtonElement ? event.target.dataset.tone : undefined;
  if (tone) sendTone(tone);
});

function accept(): void {
  if (state.phase !== 'ringing') return;
  update({ type: 'accept' });
  act(() => phone.accept(), 'answer');
}

function reject(): void {
  if (state.phase !== 'ringing') return;
  update({ type: 'reject', at: Date.now() });
  act(() => phone.reject(), 'reject the call');
}

function toggleMute(): void {
  if (state.phase !== 'active') return;
  update({ type: 'muted', muted: !state.muted });
  phone.setMuted(state.muted);
  announce(state.muted ? 'Microphone muted.' : 'Microphone on.');
}

function toggleHold(): void {
  if (state.phase !== 'active' || ui.hold.hidden) return;
  act(() => phone.setHeld(!state.held), state.held ? 'resume' : 'hold');
}

function sendTone(tone: string): void {
  act(() => phone.sendDtmf(tone), 'send the tone');
}

bindShortcuts({ accept, reject, toggleMute, toggleHold, sendTone, inCall: () => state.phase === 'active' });

// A missed-call count in the title lasts until the agent looks at the page.
addEventListener('focus', () => {
  if (missedCalls === 0) return;
  missedCalls = 0;
  renderTitle();
});

// Leaving or reloading the page during a call would drop the caller: the browser asks first.
addEventListener('beforeunload', (event) => {
  if (state.phase === 'idle') return;
  event.preventDefault();
  event.returnValue = '';
});
// Unregister when the agent closes the tab, so the PBX stops offering calls to a page that is gone. A reload signs in
// again from this tab's session.
addEventListener('pagehide', () => void phone.signOut());

function restoreSession(): void {
  const saved = readJson(sessionStorage, store.account) as Partial<Account> | null;
  if (!saved || typeof saved.server !== 'string' || typeof saved.aor !== 'string' || typeof saved.user !== 'string' || typeof saved.password !== 'string') return;
  const restored: Account = { server: saved.server, aor: saved.aor, user: saved.user, password: saved.password };
  ui.server.value = restored.server;
  if (sessionStorage.getItem(store.standingDown)) {
    account = restored;
    ui.identity.textContent = restored.aor;
    state = { ...initialState, history: parseHistory(localStorage.getItem(store.history(restored.aor)), config.historySize) };
    showStatus({ kind: 'elsewhere' });
    render('idle');
    return;
  }
  startPhone(restored);
  void devices.list();
}

render('idle');
renderIdle(status.kind);
restoreSession();
