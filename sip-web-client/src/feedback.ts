// What the page tells the agent outside the call area: the alert (one at a time, with its action button), the notices
// (the last three), and the assertive live region screen readers read out at once.
import { ui } from './ui';

export function notice(message: string): void {
  const item = document.createElement('li');
  item.textContent = message;
  ui.notices.replaceChildren(item, ...Array.from(ui.notices.children).slice(0, 2));
}

export function announce(message: string): void {
  // Cleared first, so the same words are read out again.
  ui.announcer.textContent = '';
  setTimeout(() => (ui.announcer.textContent = message), 50);
}

export function showAlert(message: string | undefined, action?: 'retry' | 'take-calls'): void {
  ui.alert.textContent = message ?? '';
  ui.alertBox.hidden = message === undefined;
  ui.retryNow.hidden = action !== 'retry';
  ui.takeCalls.hidden = action !== 'take-calls';
}

/** Runs an action and turns any failure into words on screen. */
export function act(action: () => Promise<void>, what: string): void {
  action().catch((error: unknown) => showAlert(`Could not ${what}: ${error instanceof Error ? error.message : String(error)}`));
}
