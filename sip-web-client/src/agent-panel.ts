// The agent's panel: their status (Set away / Set available), their departments with callers waiting and new
// voicemails (live, from the PBX), and playing a department's voicemails (a call to the PBX's voicemail service).
import type { UserAgent } from 'sip.js';
import { emptyBoard, waitingLabel, withAgent, withoutFigures, withQueue } from './agent-board';
import type { AgentBoard } from './agent-board';
import { AgentLink } from './agent-link';
import { voicemailUri } from './agent-protocol';
import type { AgentStatus } from './agent-protocol';
import { announce, notice, showAlert } from './feedback';
import { departmentLabel } from './headers';
import type { OutgoingProgress } from './phone';
import { ui } from './ui';

export interface AgentPanelActions {
  /** Places the voicemail call. */
  dial(target: string): Promise<void>;
  hangUpDialled(): void;
}

export class AgentPanel {
  private board: AgentBoard = emptyBoard;
  private domain = '';
  /** The department whose voicemail is playing (or being called). */
  private playing: string | undefined;
  private readonly link = new AgentLink({
    agent: (presence) => {
      const before = this.board.status;
      this.board = withAgent(this.board, presence);
      this.link.follow(this.board.departments.map((d) => d.name));
      if (before !== undefined && this.board.status !== before) announce(this.board.status === 'away' ? 'You are away: no calls ring here.' : 'You are available for calls.');
      this.render();
    },
    queue: (department, presence) => {
      this.board = withQueue(this.board, department, presence);
      this.render();
    },
    lost: (what) => notice(`The phone system stopped sending ${what}; the figures shown may be out of date until it reconnects.`),
  });

  constructor(private readonly actions: AgentPanelActions) {
    ui.setAway.addEventListener('click', () => this.setStatus('away'));
    ui.setAvailable.addEventListener('click', () => this.setStatus('available'));
    ui.voicemailStop.addEventListener('click', () => this.actions.hangUpDialled());
    this.render();
  }

  /** Every known department of the agent, for the transfer list. */
  get departments(): string[] {
    return this.board.departments.map((d) => d.name);
  }

  connected(userAgent: UserAgent, agentId: string, domain: string): void {
    this.domain = domain;
    this.link.attach(userAgent, agentId, domain);
  }

  disconnected(): void {
    this.link.detach();
    this.board = withoutFigures(this.board);
    this.render();
  }

  /** A new agent signed in on this page: nothing of the previous one is shown. */
  reset(): void {
    this.link.detach();
    this.board = emptyBoard;
    this.render();
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
    this.link.setStatus(status).then(
      () => notice(status === 'away' ? 'Away: the phone system does not ring you.' : 'Available: calls ring here again.'),
      (error: unknown) => showAlert(`Could not set you ${status}: ${error instanceof Error ? error.message : String(error)}.`),
    );
  }

  private play(department: string): void {
    if (this.playing !== undefined) return;
    this.playing = department;
    this.render();
    ui.voicemailTitle.focus();
    this.actions.dial(voicemailUri(department, this.domain)).catch((error: unknown) => {
      this.playing = undefined;
      showAlert(`The voicemail could not be played: ${error instanceof Error ? error.message : String(error)}`);
      this.render();
    });
  }

  private render(): void {
    const { status, departments } = this.board;
    ui.agentStatus.dataset.status = status ?? 'unknown';
    ui.agentStatus.textContent = status === 'away' ? 'Away (no calls ring)' : status === 'available' ? 'Available' : 'Not known yet';
    ui.setAway.hidden = status !== 'available';
    ui.setAvailable.hidden = status !== 'away';
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
        waiting.dataset.waiting = String((d.waiting ?? 0) > 0);
        const voicemail = document.createElement('td');
        voicemail.className = 'voicemail';
        voicemail.textContent = d.newVoicemail === undefined ? '…' : `${d.newVoicemail} new`;
        const play = document.createElement('button');
        play.type = 'button';
        play.textContent = 'Play';
        play.setAttribute('aria-label', `Play the ${departmentLabel(d.name)} voicemail`);
        play.disabled = this.playing !== undefined;
        play.addEventListener('click', () => this.play(d.name));
        voicemail.append(play);
        row.append(name, waiting, voicemail);
        return row;
      }),
    );
    ui.voicemailPlayer.hidden = this.playing === undefined;
  }
}
