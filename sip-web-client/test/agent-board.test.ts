import { describe, expect, it } from 'vitest';
import { stateAnnouncement, transferTargets, waitingLabel } from '../src/agent-board';
import type { AgentState } from '../src/agent-protocol';

const quiet: AgentState = { status: 'available', departments: [{ name: 'history', waiting: 0, newVoicemail: 0 }, { name: 'art', waiting: 1, newVoicemail: 0 }] };

describe('transferTargets', () => {
  it('offers every known department but the call\'s own, once each, sorted', () => {
    expect(transferTargets(['history', 'art', 'math', 'art'], 'History')).toEqual(['art', 'math']);
    expect(transferTargets(['history'], undefined)).toEqual(['history']);
  });
});

describe('waitingLabel', () => {
  it.each<[number, string]>([[0, 'No one waiting'], [1, '1 caller waiting'], [12, '12 callers waiting']])('%j → %s', (n, label) => {
    expect(waitingLabel(n)).toBe(label);
  });
});

describe('stateAnnouncement', () => {
  it('says nothing for the first state after sign-in', () => {
    expect(stateAnnouncement(undefined, quiet)).toBeUndefined();
  });

  it('says when the agent\'s own status changed', () => {
    expect(stateAnnouncement(quiet, { ...quiet, status: 'away' })).toBe('You are away: no calls ring here.');
    expect(stateAnnouncement({ ...quiet, status: 'away' }, quiet)).toBe('You are available for calls.');
  });

  it('says when a department that had nobody waiting now has callers, not when a queue only grows or shrinks', () => {
    const busier: AgentState = { ...quiet, departments: [{ name: 'history', waiting: 1, newVoicemail: 0 }, { name: 'art', waiting: 2, newVoicemail: 0 }] };
    expect(stateAnnouncement(quiet, busier)).toBe('Callers waiting in History.');
    expect(stateAnnouncement(busier, quiet)).toBeUndefined();
  });
});
