// Desktop notifications for a ringing or missed call (when allowed at sign-in; a click brings the page forward).
export class Attention {
  private ringing: Notification | undefined;

  constructor(private readonly onClick: () => void) {}

  notify(title: string, body: string, ringing: boolean): void {
    if (!('Notification' in window) || Notification.permission !== 'granted') return;
    const shown = new Notification(title, { body, tag: 'agent-phone-call', requireInteraction: ringing });
    shown.onclick = () => {
      window.focus();
      this.onClick();
      shown.close();
    };
    if (ringing) this.ringing = shown;
  }

  /** The ringing call's notification goes once the call is answered, rejected or gone. */
  closeRinging(): void {
    this.ringing?.close();
    this.ringing = undefined;
  }
}
