// Binds the page to the phone. Everything from the network is written with textContent, never as HTML.
import { formatDuration, initialState, parseHistory, transition } from './call-state';
import type { CallEvent, CallState } from './call-state';
import { loadConfig, toAccount, urlWithoutPassword } from './config';
import type { Account } from './config';
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
  alertBox: byId('alert-box'),
  alert: byId('alert'),
  retryNow: byId<HTMLButtonElement>('retry-now'),
  takeCalls: byId<HTMLButtonElement>('take-calls'),
  notices: byId<HTMLUListElement>('notices'),
  announcer: byId('announcer'),
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
  callNote: byId('call-note'),
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
  microphone: byId<HTMLSelectElement>('microphone'),
  speaker: byId<HTMLSelectElement>('speaker'),
  ringer: byId<HTMLSelectElement>('ringer'),
  callVolume: byId<HTMLInputElement>('call-volume'),
  ringerVolume: byId<HTMLInputElement>('ringer-volume'),
  devicesNote: byId('devices-note'),
  history: byId<HTMLOListElement>('history'),
  historyEmpty: byId('history-empty'),
  remoteAudio: byId<HTMLAudioElement>('remote-audio'),
  ringerAudio: byId<HTMLAudioElement>('ringer-audio'),
};

const appTitle = 'Agent phone';
const { config, warnings } = await loadConfig(new URL('config.json', location.href).toString(), location.search);
const cleanUrl = urlWithoutPassword(location.href);
if (cleanUrl) history.replaceState(null, '', cleanUrl);
ui.server.value = config.server;
ui.uri.value = config.uri;
warnings.forEach(notice);

// What survives a reload. The account (password included) lives in sessionStorage: this tab only, gone when the tab or
// browser closes. Device choices are kept in localStorage for the next shift; the recent calls per agent too (the last
// historySize).
const store = {
  account: 'softphone.account',
  standingDown: 'softphone.standing-down',
  devices: 'softphone.devices',
  history: (aor: string) => `softphone.history:${aor}`,
};

interface Devices {
  microphone?: string;
  speaker?: string;
  ringer?: string;
  callVolume: number;
  ringerVolume: number;
}

function readJson(storage: Storage, key: string): unknown {
  try {
    return JSON.parse(storage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

const savedDevices = readJson(localStorage, store.devices) as Partial<Devices> | null;
const devices: Devices = {
  microphone: typeof savedDevices?.microphone === 'string' ? savedDevices.microphone : undefined,
  speaker: typeof savedDevices?.speaker === 'string' ? savedDevices.speaker : undefined,
  ringer: typeof savedDevices?.ringer === 'string' ? savedDevices.ringer : undefined,
  callVolume: typeof savedDevices?.callVolume === 'number' ? Math.min(1, Math.max(0, savedDevices.callVolume)) : 1,
  ringerVolume: typeof savedDevices?.ringerVolume === 'number' ? Math.min(1, Math.max(0, savedDevices.ringerVolume)) : 1,
};

let state: CallState = initialState;
let account: Account | undefined;
let status: RegistrationStatus = { kind: 'signed-out' };
let timer: ReturnType<typeof setInterval> | undefined;
let countdown: ReturnType<typeof setInterval> | undefined;
let notification: Notification | undefined;
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
  },
  ui.remoteAudio,
  { microphone: () => devices.microphone },
);

// Two tabs of one agent: the PBX keeps only the newest registration, so the tab that registers last takes the calls
// and tells the others, which stand down and offer to take them back.
const tabId = crypto.randomUUID();
const channel = 'BroadcastChannel' in window ? new BroadcastChannel('agent-softphone') : undefined;
channel?.addEventListener('message', (event: MessageEvent<{ type: string; aor: string; tab: string }>) => {
  const message = event.data;
  if (message?.type === 'taking-calls' && message.tab !== tabId && account?.aor === message.aor && phone.signedIn) void phone.standDown();
});

function notice(message: string): void {
  const item = document.createElement('li');
  item.textContent = message;
  ui.notices.replaceChildren(item, ...Array.from(ui.notices.children).slice(0, 2));
}

function announce(message: string): void {
  // Cleared first, so the same words are read out again.
  ui.announcer.textContent = '';
  setTimeout(() => (ui.announcer.textContent = message), 50);
}

function showAlert(message: string | undefined, action?: 'retry' | 'take-calls'): void {
  ui.alert.textContent = message ?? '';
  ui.alertBox.hidden = message === undefined;
  ui.retryNow.hidden = action !== 'retry';
  ui.takeCalls.hidden = action !== 'take-calls';
}

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
      if (account) channel?.postMessage({ type: 'taking-calls', aor: account.aor, tab: tabId });
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
  renderIdle();
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

const stateTitle = (): string => {
  const { phase, call } = state;
  const department = call ? departmentLabel(call.department) : '';
  if (phase === 'ringing') return 'Incoming call';
  if (phase === 'answering') return 'Connecting…';
  if (phase === 'active') return state.mediaLost ? 'Audio lost' : state.held ? 'On hold' : 'In call';
  return department;
};

function render(before: CallState['phase']): void {
  const { phase, call } = state;
  ui.idle.hidden = phase !== 'idle';
  ui.call.hidden = phase === 'idle';
  ui.call.dataset.media = state.mediaLost ? 'lost' : 'ok';
  if (call) {
    ui.callTitle.textContent = stateTitle();
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
  const notes = [
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
  renderTimer();
  renderHistory();
  renderTitle();

  if (phase === before) return;
  closeNotification();
  if (phase === 'ringing') {
    ringtone.start();
    showAlert(undefined);
    ui.accept.focus();
    if (call) {
      const department = departmentLabel(call.department);
      announce(`Incoming call for ${department} from ${call.caller}. Accept with Alt+A.`);
      notify(`Incoming call: ${department}`, `Caller ${call.caller}`, true);
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
    timer = setInterval(renderTimer, 1000);
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
  notify(`Missed call: ${department}`, `Caller ${entry.caller} at ${clock(entry.rangAt)}`, false);
  renderTitle();
}

function notify(title: string, body: string, ringing: boolean): void {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  const shown = new Notification(title, { body, tag: 'agent-phone-call', requireInteraction: ringing });
  shown.onclick = () => {
    window.focus();
    if (state.phase === 'ringing') ui.accept.focus();
    shown.close();
  };
  if (ringing) notification = shown;
}

function closeNotification(): void {
  notification?.close();
  notification = undefined;
}

function renderTitle(): void {
  const department = state.call ? departmentLabel(state.call.department) : '';
  let title = appTitle;
  if (state.phase === 'ringing') title = `Incoming call: ${department} – ${appTitle}`;
  else if (state.phase === 'active') title = `${stateTitle()}: ${department} – ${appTitle}`;
  else if (status.kind === 'retrying') title = `Not reachable – ${appTitle}`;
  else if (missedCalls > 0) title = `(${missedCalls}) Missed call${missedCalls > 1 ? 's' : ''} – ${appTitle}`;
  document.title = title;
}

function renderIdle(): void {
  const registered = status.kind === 'registered';
  ui.idle.dataset.registered = String(registered);
  ui.idle.textContent = registered
    ? 'Waiting for calls…'
    : status.kind === 'elsewhere'
      ? 'Not taking calls here: another tab is.'
      : status.kind === 'connecting'
        ? 'Not taking calls yet: connecting…'
        : 'Not taking calls: the phone system cannot reach this page.';
}

function renderTimer(): void {
  ui.timer.hidden = state.phase !== 'active';
  if (state.answeredAt !== undefined) ui.timer.textContent = formatDuration((Date.now() - state.answeredAt) / 1000);
}

const clock = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

function renderHistory(): void {
  ui.historyEmpty.hidden = state.history.length > 0;
  ui.history.replaceChildren(
    ...state.history.map((entry) => {
      const item = document.createElement('li');
      const time = document.createElement('time');
      time.dateTime = new Date(entry.rangAt).toISOString();
      time.textContent = clock(entry.rangAt);
      const duration = entry.outcome === 'answered' ? `, ${formatDuration(entry.durationSec)}` : '';
      item.append(time, ` ${departmentLabel(entry.department)}: ${entry.caller} (${entry.outcome}${duration})`);
      if (entry.outcome === 'missed') item.className = 'missed';
      return item;
    }),
  );
}

/** Runs a call action and turns any failure into words on screen. */
function act(action: () => Promise<void>, what: string): void {
  action().catch((error: unknown) => showAlert(`Could not ${what}: ${error instanceof Error ? error.message : String(error)}`));
}

function startPhone(next: Account): void {
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
  await listDevices();
}

async function listDevices(): Promise<void> {
  const all = await navigator.mediaDevices.enumerateDevices().catch(() => [] as MediaDeviceInfo[]);
  const fill = (select: HTMLSelectElement, kind: MediaDeviceKind, chosen: string | undefined) => {
    const options = all.filter((d) => d.kind === kind && d.deviceId !== '' && d.deviceId !== 'default');
    const first = document.createElement('option');
    first.value = '';
    first.textContent = 'Browser default';
    select.replaceChildren(
      first,
      ...options.map((d, i) => {
        const option = document.createElement('option');
        option.value = d.deviceId;
        option.textContent = d.label || `${kind === 'audioinput' ? 'Microphone' : 'Speaker'} ${i + 1}`;
        return option;
      }),
    );
    select.value = options.some((d) => d.deviceId === chosen) ? (chosen ?? '') : '';
  };
  fill(ui.microphone, 'audioinput', devices.microphone);
  fill(ui.speaker, 'audiooutput', devices.speaker);
  fill(ui.ringer, 'audiooutput', devices.ringer);
  const canChooseOutput = 'setSinkId' in HTMLMediaElement.prototype;
  ui.speaker.disabled = !canChooseOutput;
  ui.ringer.disabled = !canChooseOutput;
  ui.devicesNote.textContent = canChooseOutput ? 'Saved in this browser.' : 'This browser plays calls and the ringer on its default output. Saved in this browser.';
  await applyOutputs();
}

async function applyOutputs(): Promise<void> {
  ui.remoteAudio.volume = devices.callVolume;
  ringtone.volume = devices.ringerVolume;
  ui.callVolume.value = String(Math.round(devices.callVolume * 100));
  ui.ringerVolume.value = String(Math.round(devices.ringerVolume * 100));
  const sink = async (audio: HTMLAudioElement, id: string | undefined, what: string) => {
    const element = audio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    if (!element.setSinkId) return;
    await element.setSinkId(id ?? '').catch(() => notice(`The chosen ${what} is not available; the default is used.`));
  };
  await sink(ui.remoteAudio, devices.speaker, 'speaker');
  await sink(ui.ringerAudio, devices.ringer, 'ringer');
}

function saveDevices(): void {
  devices.microphone = ui.microphone.value || undefined;
  devices.speaker = ui.speaker.value || undefined;
  devices.ringer = ui.ringer.value || undefined;
  devices.callVolume = Number(ui.callVolume.value) / 100;
  devices.ringerVolume = Number(ui.ringerVolume.value) / 100;
  localStorage.setItem(store.devices, JSON.stringify(devices));
  void applyOutputs();
}

for (const input of [ui.microphone, ui.speaker, ui.ringer, ui.callVolume, ui.ringerVolume]) input.addEventListener('change', saveDevices);
ui.callVolume.addEventListener('input', saveDevices);
navigator.mediaDevices?.addEventListener('devicechange', () => void listDevices());

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

// Shortcuts (see the page's "Keyboard shortcuts"): none hangs up. Keypad keys send tones during a call unless the agent
// is typing in a field.
addEventListener('keydown', (event) => {
  if (event.altKey && !event.ctrlKey && !event.metaKey) {
    const action = { a: accept, r: reject, m: toggleMute, h: toggleHold }[event.key.toLowerCase()];
    if (action) {
      event.preventDefault();
      action();
    }
    return;
  }
  const typing = event.target instanceof Element && event.target.closest('input, select, textarea') !== null;
  if (state.phase === 'active' && !event.ctrlKey && !event.metaKey && !typing && /^[0-9*#]$/.test(event.key)) {
    event.preventDefault();
    sendTone(event.key);
    const button = ui.keypad.querySelector<HTMLButtonElement>(`[data-tone="${CSS.escape(event.key)}"]`);
    button?.classList.add('pressed');
    setTimeout(() => button?.classList.remove('pressed'), 150);
  }
});

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
  void listDevices();
}

render('idle');
renderIdle();
restoreSession();
