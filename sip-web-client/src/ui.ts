// The page's elements, looked up once. A missing one is a broken index.html, reported at load.

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from index.html`);
  return element as T;
}

export const ui = {
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
