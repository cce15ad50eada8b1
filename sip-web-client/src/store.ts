// What survives a reload. The account (password included) lives in sessionStorage: this tab only, gone when the tab or
// browser closes. Device choices are kept in localStorage for the next shift; the recent calls per agent too (the last
// historySize).
export const store = {
  account: 'softphone.account',
  standingDown: 'softphone.standing-down',
  devices: 'softphone.devices',
  history: (aor: string) => `softphone.history:${aor}`,
};

export function readJson(storage: Storage, key: string): unknown {
  try {
    return JSON.parse(storage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}
