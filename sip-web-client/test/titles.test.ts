import { describe, expect, it } from 'vitest';
import { initialState } from '../src/call-state';
import type { CallState } from '../src/call-state';
import { callTitle, pageTitle } from '../src/titles';

const call = { caller: '+15550100', department: 'history', headers: [], transferredFrom: undefined, language: undefined, canHold: true, receivedAt: 0 };
const ringing: CallState = { ...initialState, phase: 'ringing', call };
const active: CallState = { ...initialState, phase: 'active', call, answeredAt: 1 };

describe('callTitle', () => {
  it.each<[string, CallState, string]>([
    ['ringing', ringing, 'Incoming call'],
    ['answering', { ...ringing, phase: 'answering' }, 'Connecting…'],
    ['in call', active, 'In call'],
    ['on hold', { ...active, held: true }, 'On hold'],
    // Lost audio matters more than hold: the agent must act on it.
    ['audio lost while held', { ...active, held: true, mediaLost: true }, 'Audio lost'],
  ])('%s', (_, state, title) => expect(callTitle(state)).toBe(title));
});

describe('pageTitle', () => {
  it('names the ringing department first, even while not reachable or after missed calls', () => {
    expect(pageTitle(ringing, 'retrying', 2)).toBe('Incoming call: History – Agent phone');
  });

  it('names the call state during a call', () => {
    expect(pageTitle({ ...active, held: true }, 'registered', 0)).toBe('On hold: History – Agent phone');
  });

  it('says "Not reachable" before counting missed calls', () => {
    expect(pageTitle(initialState, 'retrying', 1)).toBe('Not reachable – Agent phone');
  });

  it('counts missed calls, singular and plural', () => {
    expect(pageTitle(initialState, 'registered', 1)).toBe('(1) Missed call – Agent phone');
    expect(pageTitle(initialState, 'registered', 3)).toBe('(3) Missed calls – Agent phone');
    expect(pageTitle(initialState, 'registered', 0)).toBe('Agent phone');
  });
});
