// Transfer during a call: blind, into another department's queue (a list of departments); attended, to a named
// colleague (the caller holds while the agent talks to the colleague, then Complete transfer or Back to the caller).
import { transferTargets } from './agent-board';
import { colleagueUri, isName, queueTransferUri } from './agent-protocol';
import type { CallEvent, CallState } from './call-state';
import { act, showAlert } from './feedback';
import { departmentLabel } from './headers';
import { ui } from './ui';

export interface TransferActions {
  state(): CallState;
  update(event: CallEvent): void;
  /** The SIP domain of the signed-in agent. */
  domain(): string;
  /** Departments to offer besides those of the agent (config.json `departments`). */
  departments(): string[];
  blindTransfer(target: string): Promise<void>;
  consult(target: string): Promise<void>;
  completeTransfer(): Promise<void>;
  cancelConsult(): Promise<void>;
}

export class TransferPanel {
  constructor(private readonly actions: TransferActions) {
    ui.blindTransferForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const department = ui.transferDepartment.value;
      if (!isName(department) || actions.state().transfer) return;
      actions.update({ type: 'blind-transfer', department });
      act(() => actions.blindTransfer(queueTransferUri(department, actions.domain())), 'transfer the call');
    });
    ui.consultForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const colleague = ui.colleague.value.trim().toLowerCase();
      if (!isName(colleague)) {
        showAlert('Enter the colleague\'s agent ID (lower-case letters, digits and _).');
        return;
      }
      if (actions.state().transfer) return;
      actions.update({ type: 'consult', colleague });
      act(() => actions.consult(colleagueUri(colleague, actions.domain())), `call ${colleague}`);
    });
    ui.completeTransfer.addEventListener('click', () => {
      actions.update({ type: 'complete-transfer' });
      act(() => actions.completeTransfer(), 'complete the transfer');
    });
    ui.cancelTransfer.addEventListener('click', () => {
      actions.update({ type: 'transfer-ended' });
      act(() => actions.cancelConsult(), 'go back to the caller');
    });
  }

  render(state: CallState): void {
    const { transfer, call } = state;
    const targets = transferTargets(this.actions.departments(), call?.department);
    const current = [...ui.transferDepartment.options].map((o) => o.value);
    if (current.join() !== targets.join()) {
      const chosen = ui.transferDepartment.value;
      ui.transferDepartment.replaceChildren(
        ...targets.map((name) => {
          const option = document.createElement('option');
          option.value = name;
          option.textContent = departmentLabel(name);
          return option;
        }),
      );
      if (targets.includes(chosen)) ui.transferDepartment.value = chosen;
    }
    const busy = transfer !== undefined;
    for (const control of ui.transfer.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>('button, input, select')) control.disabled = busy;
    if (targets.length === 0) ui.blindTransferForm.querySelector('button')!.disabled = true;
    ui.consult.hidden = transfer?.kind !== 'attended';
    if (transfer?.kind === 'attended') {
      ui.consultStatus.textContent = transfer.completing
        ? `Handing the caller to ${transfer.colleague}…`
        : transfer.answered
          ? `Talking to ${transfer.colleague}; the caller is on hold.`
          : `Calling ${transfer.colleague}; the caller is on hold.`;
      ui.completeTransfer.disabled = !transfer.answered || transfer.completing;
    }
  }
}
