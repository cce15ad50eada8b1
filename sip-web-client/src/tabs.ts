// Two tabs of one agent: the PBX keeps only the newest registration, so the tab that registers last takes the calls
// and tells the others (BroadcastChannel), which stand down and offer to take them back.
export class Tabs {
  private readonly id = crypto.randomUUID();
  private readonly channel = 'BroadcastChannel' in window ? new BroadcastChannel('agent-softphone') : undefined;

  /** `onTaken` runs when another tab of this browser took the calls for `aor`. */
  constructor(onTaken: (aor: string) => void) {
    this.channel?.addEventListener('message', (event: MessageEvent<{ type: string; aor: string; tab: string }>) => {
      const message = event.data;
      if (message?.type === 'taking-calls' && message.tab !== this.id) onTaken(message.aor);
    });
  }

  takingCalls(aor: string): void {
    this.channel?.postMessage({ type: 'taking-calls', aor, tab: this.id });
  }
}
