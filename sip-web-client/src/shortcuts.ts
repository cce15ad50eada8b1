// Keyboard shortcuts (see the page's "Keyboard shortcuts"): none hangs up. Keypad keys send tones during a call unless
// the agent is typing in a field.
import { ui } from './ui';

export interface ShortcutActions {
  accept(): void;
  reject(): void;
  toggleMute(): void;
  toggleHold(): void;
  /** Whether a call is active, so digits are tones. */
  inCall(): boolean;
  sendTone(tone: string): void;
}

export function bindShortcuts(actions: ShortcutActions): void {
  addEventListener('keydown', (event) => {
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      const action = { a: actions.accept, r: actions.reject, m: actions.toggleMute, h: actions.toggleHold }[event.key.toLowerCase()];
      if (action) {
        event.preventDefault();
        action();
      }
      return;
    }
    const typing = event.target instanceof Element && event.target.closest('input, select, textarea') !== null;
    if (actions.inCall() && !event.ctrlKey && !event.metaKey && !typing && /^[0-9*#]$/.test(event.key)) {
      event.preventDefault();
      actions.sendTone(event.key);
      const button = ui.keypad.querySelector<HTMLButtonElement>(`[data-tone="${CSS.escape(event.key)}"]`);
      button?.classList.add('pressed');
      setTimeout(() => button?.classList.remove('pressed'), 150);
    }
  });
}
