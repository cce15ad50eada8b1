import { describe, expect, it } from 'vitest';
import { emptyBoard, transferTargets, waitingLabel, withAgent, withoutFigures, withQueue } from '../src/agent-board';

const twoDepartments = withAgent(emptyBoard, { status: 'available', departments: ['history', 'art'] });

describe('agent board', () => {
  it('lists the departments the PBX names, with unknown figures at first', () => {
    expect(twoDepartments).toEqual({
      status: 'available',
      departments: [
        { name: 'history', waiting: undefined, newVoicemail: undefined },
        { name: 'art', waiting: undefined, newVoicemail: undefined },
      ],
    });
  });

  it('updates one department\'s figures and keeps a figure the NOTIFY does not carry', () => {
    const board = withQueue(withQueue(twoDepartments, 'art', { waiting: 2, newVoicemail: 1 }), 'art', { waiting: 0, newVoicemail: undefined });
    expect(board.departments[1]).toEqual({ name: 'art', waiting: 0, newVoicemail: 1 });
    expect(board.departments[0]!.waiting).toBeUndefined();
  });

  it('ignores figures for a department the agent does not serve', () => {
    expect(withQueue(twoDepartments, 'math', { waiting: 5, newVoicemail: 0 })).toBe(twoDepartments);
  });

  it('keeps the figures of departments that stay when the list changes, and a status the NOTIFY leaves out', () => {
    const board = withAgent(withQueue(twoDepartments, 'art', { waiting: 4, newVoicemail: 0 }), { status: undefined, departments: ['art', 'math'] });
    expect(board.status).toBe('available');
    expect(board.departments).toEqual([
      { name: 'art', waiting: 4, newVoicemail: 0 },
      { name: 'math', waiting: undefined, newVoicemail: undefined },
    ]);
  });

  it('shows nothing stale once the link is lost', () => {
    const board = withoutFigures(withQueue(twoDepartments, 'art', { waiting: 4, newVoicemail: 2 }));
    expect(board.status).toBeUndefined();
    expect(board.departments.map((d) => [d.name, d.waiting, d.newVoicemail])).toEqual([['history', undefined, undefined], ['art', undefined, undefined]]);
  });
});

describe('transferTargets', () => {
  it('offers every known department but the call\'s own, once each, sorted', () => {
    expect(transferTargets(['history', 'art', 'math', 'art'], 'History')).toEqual(['art', 'math']);
    expect(transferTargets(['history'], undefined)).toEqual(['history']);
  });
});

describe('waitingLabel', () => {
  it.each<[number | undefined, string]>([[undefined, '…'], [0, 'No one waiting'], [1, '1 caller waiting'], [12, '12 callers waiting']])('%j → %s', (n, label) => {
    expect(waitingLabel(n)).toBe(label);
  });
});
