// The agent's panel: their status (Set away / Set available), their departments with callers waiting and new
// voicemails (live, from the PBX's state messages), and playing a department's voicemails (a call to the PBX).
import type { Message, UserAgent } from 'sip.js';
import { stateAnnouncement, waitingLabel } from './agent-board';
import type { AgentBoard } from './agent-board';
import { AgentLink } from './agent-link';
import { voicemailUri } from './agent-protocol';
import type { AgentStatus } from './agent-protocol';
import { announce, showAlert } from './feedback';
import { departmentLabel } from './headers';
import type { OutgoingProgress } from './phone';
import { ui } from './ui';

export interface AgentPanelActions {
  /** Places the voicemail call. */
  dial(target: string): Promise<void>;
  hangUpDialled(): void;
}

export class AgentPanel {
  private board: AgentBoard;
  /** The agent's departments as last known, kept while disconnected (for the transfer list). */
  private known: string[] = [];
  private domain = '';
  /** The department whose voicemail is playing (or being called). */
  private playing: string | undefined;
  private readonly link = new AgentLink((state) => {
    const said = stateAnnouncement(this.board, state);
    this.board = state;
    this.known = state.departments.map((d) => d.name);
    if (said) announce(said);
    this.render();
  });

  constructor(private readonly actions: AgentPanelActions) {
    ui.setAway.addEventListener('click', () => this.setStatus('away'));
    ui.setAvailable.addEventListener('click', () => this.setStatus('available'));
    ui.voicemailStop.addEventListener('click', () => this.actions.hangUpDialled());
    this.render();
  }

  /** The agent's departments, for the transfer list. */
  get departments(): string[] {
    return this.known;
  }

  connected(userAgent: UserAgent, agentId: string, domain: string): void {
    this.domain = domain;
    // A PBX without the agent protocol (a plain registrar) refuses the request: the panel then says nothing is known.
    this.link.attach(userAgent, agentId, domain).catch(() => undefined);
  }

  disconnected(): void {
    this.link.detach();
    this.board = undefined;
    this.render();
  }

  /** A new agent signed in on this page: nothing of the previous one is kept. */
  reset(): void {
    this.disconnected();
    this.known = [];
  }

  receive(message: Message): void {
    this.link.receive(message);
  }

  outgoing(progress: OutgoingProgress): void {
    if (this.playing === undefined) return;
    const label = departmentLabel(this.playing);
    if (progress.kind === 'calling') ui.voicemailTitle.textContent = `Calling the ${label} voicemail…`;
    else if (progress.kind === 'connected') ui.voicemailTitle.textContent = `Playing the ${label} voicemail`;
    else {
      this.playing = undefined;
      if (progress.problem) showAlert(`The voicemail could not be played: ${progress.problem}`);
    }
    this.render();
  }

  private setStatus(status: AgentStatus): void {
    // The screen changes when the PBX's state message says so, not before.
    this.link.send(status).catch((error: unknown) => showAlert(`Could not set you ${status}: ${error instanceof Error ? error.message : String(error)}.`));
  }

  private play(department: string): void {
    if (this.playing !== undefined) return;
    this.playing = department;
    this.render();
    ui.voicemailTitle.textContent = `Calling the ${departmentLabel(department)} voicemail…`;
    ui.voicemailTitle.focus();
    this.actions.dial(voicemailUri(department, this.domain)).catch((error: unknown) => {
      this.playing = undefined;
      showAlert(`The voicemail could not be played: ${error instanceof Error ? error.message : String(error)}`);
      this.render();
    });
  }

  private render(): void {
    const board = this.board;
    const status = board?.status;
    ui.agentStatus.dataset.status = status ?? 'unknown';
    ui.agentStatus.textContent = status === 'away' ? 'Away (no calls ring)' : status === 'available' ? 'Available' : 'Not known yet';
    ui.setAway.hidden = status !== 'available';
    ui.setAvailable.hidden = status !== 'away';
    const departments = board?.departments ?? [];
    ui.departmentsNote.hidden = departments.length > 0;
    ui.departmentRows.replaceChildren(
      ...departments.map((d) => {
        const row = document.createElement('tr');
        row.dataset.department = d.name;
        const name = document.createElement('th');
        name.scope = 'row';
        name.textContent = departmentLabel(d.name);
        const waiting = document.createElement('td');
        waiting.className = 'waiting';
        waiting.textContent = waitingLabel(d.waiting);
        waiting.dataset.waiting = String(d.waiting > 0);
        const voicemail = document.createElement('td');
        voicemail.className = 'voicemail';
        voicemail.textContent = `${d.newVoicemail} new`;
        if (d.newVoicemail > 0) {
          const play = document.createElement('button');
          play.type = 'button';
          play.textContent = 'Play';
          play.setAttribute('aria-label', `Play the ${departmentLabel(d.name)} voicemail`);
          play.disabled = this.playing !== undefined;
          play.addEventListener('click', () => this.play(d.name));
          voicemail.append(play);
        }
        row.append(name, waiting, voicemail);
        return row;
      }),
    );
    ui.voicemailPlayer.hidden = this.playing === undefined;
  }
}
