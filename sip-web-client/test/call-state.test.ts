import { describe, expect, it } from 'vitest';
import { formatDuration, initialState, isBusy, parseHistory, transition } from '../src/call-state';
import type { CallEvent, CallInfo, CallState } from '../src/call-state';

const call: CallInfo = { caller: '+15550100', department: 'history', headers: [{ name: 'X-Lexinfo', value: 'history' }], transferredFrom: undefined, language: undefined, canHold: true, receivedAt: 1000 };

const run = (events: CallEvent[], historySize = 10, from: CallState = initialState): CallState =>
  events.reduce((state, event) => transition(state, event, historySize), from);

describe('call state machine', () => {
  it('rings, answers and records an answered call with its talk time', () => {
    const ringing = run([{ type: 'incoming', call }]);
    expect(ringing.phase).toBe('ringing');
    expect(ringing.call?.department).toBe('history');
    const active = run([{ type: 'accept' }, { type: 'established', at: 10_000 }], 10, ringing);
    expect(active.phase).toBe('active');
    const ended = run([{ type: 'ended', at: 75_400 }], 10, active);
    expect(ended.phase).toBe('idle');
    expect(ended.call).toBeUndefined();
    expect(ended.history).toEqual([{ caller: '+15550100', department: 'history', outcome: 'answered', rangAt: 1000, at: 75_400, durationSec: 65 }]);
  });

  it('records a rejected call', () => {
    const state = run([{ type: 'incoming', call }, { type: 'reject', at: 2000 }]);
    expect(state.phase).toBe('idle');
    expect(state.history[0]).toMatchObject({ outcome: 'rejected', durationSec: 0 });
  });

  it('records a call the caller abandoned while ringing as missed', () => {
    expect(run([{ type: 'incoming', call }, { type: 'ended', at: 3000 }]).history[0]?.outcome).toBe('missed');
  });

  it('records a call that ended while answering, or with a problem, as failed', () => {
    expect(run([{ type: 'incoming', call }, { type: 'accept' }, { type: 'ended', at: 3000 }]).history[0]?.outcome).toBe('failed');
    const failedActive = run([{ type: 'incoming', call }, { type: 'accept' }, { type: 'established', at: 1 }, { type: 'ended', at: 3000, failed: true }]);
    expect(failedActive.history[0]?.outcome).toBe('failed');
  });

  it('is busy from the first ring until the call ends', () => {
    expect(isBusy(initialState)).toBe(false);
    const ringing = run([{ type: 'incoming', call }]);
    expect(isBusy(ringing)).toBe(true);
    expect(isBusy(run([{ type: 'reject', at: 1 }], 10, ringing))).toBe(false);
  });

  it('ignores a second incoming call and events that do not fit the phase', () => {
    const ringing = run([{ type: 'incoming', call }]);
    expect(run([{ type: 'incoming', call: { ...call, department: 'art' } }], 10, ringing).call?.department).toBe('history');
    expect(run([{ type: 'established', at: 5 }], 10, ringing).phase).toBe('ringing');
    expect(run([{ type: 'accept' }, { type: 'reject', at: 5 }], 10, ringing).phase).toBe('answering');
    expect(run([{ type: 'ended', at: 5 }])).toBe(initialState);
    expect(run([{ type: 'muted', muted: true }], 10, ringing).muted).toBe(false);
  });

  it('tracks mute and hold during the call and clears them afterwards', () => {
    const active = run([{ type: 'incoming', call }, { type: 'accept' }, { type: 'established', at: 0 }, { type: 'muted', muted: true }, { type: 'held', held: true }]);
    expect(active).toMatchObject({ muted: true, held: true });
    const next = run([{ type: 'ended', at: 1000 }, { type: 'incoming', call }, { type: 'accept' }, { type: 'established', at: 2000 }], 10, active);
    expect(next).toMatchObject({ muted: false, held: false });
  });

  it('keeps the newest calls first, up to the history size', () => {
    const departments = ['science', 'art', 'history', 'math'];
    const state = departments.reduce(
      (s, department, i) => run([{ type: 'incoming', call: { ...call, department } }, { type: 'reject', at: i }], 3, s),
      initialState,
    );
    expect(state.history.map((h) => h.department)).toEqual(['math', 'history', 'art']);
  });
});

describe('call media', () => {
  it('marks the audio lost and back only during a call, and forgets it when the call ends', () => {
    const active = run([{ type: 'incoming', call }, { type: 'accept' }, { type: 'established', at: 0 }]);
    const lost = run([{ type: 'media', lost: true }], 10, active);
    expect(lost.mediaLost).toBe(true);
    expect(run([{ type: 'media', lost: false }], 10, lost).mediaLost).toBe(false);
    expect(run([{ type: 'ended', at: 1, failed: true }], 10, lost)).toMatchObject({ mediaLost: false, phase: 'idle' });
    expect(run([{ type: 'media', lost: true }], 10, run([{ type: 'incoming', call }])).mediaLost).toBe(false);
  });
});

describe('parseHistory', () => {
  const entry = { caller: '+15550100', department: 'history', outcome: 'missed', rangAt: 1000, at: 21_000, durationSec: 0 };
  it('reads back what the page saved, newest first, up to the history size', () => {
    const saved = run([{ type: 'incoming', call }, { type: 'ended', at: 21_000 }]).history;
    expect(parseHistory(JSON.stringify(saved), 10)).toEqual([entry]);
    expect(parseHistory(JSON.stringify([entry, { ...entry, at: 1 }, { ...entry, at: 2 }]), 2).map((e) => e.at)).toEqual([21_000, 1]);
  });

  it.each([null, '', 'not json', '{}', '[1]', JSON.stringify([{ ...entry, outcome: 'hacked' }]), JSON.stringify([{ ...entry, rangAt: '1' }])])('drops a malformed store %s', (json) => {
    expect(parseHistory(json, 10)).toEqual([]);
  });

  it('keeps a department-less call and caps long text', () => {
    const { department: _, ...noDepartment } = entry;
    expect(parseHistory(JSON.stringify([{ ...noDepartment, caller: 'x'.repeat(500) }]), 10)[0]).toMatchObject({ department: undefined, caller: 'x'.repeat(200) });
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0:00'],
    [7, '0:07'],
    [754, '12:34'],
    [3723, '1:02:03'],
    [-5, '0:00'],
  ])('%d s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('transfer', () => {
  const active = run([{ type: 'incoming', call }, { type: 'accept' }, { type: 'established', at: 10_000 }]);

  it('records a blind transfer the PBX took on as transferred, with the talk time', () => {
    const asked = run([{ type: 'blind-transfer', department: 'art' }], 10, active);
    expect(asked.transfer).toEqual({ kind: 'blind', department: 'art' });
    const done = run([{ type: 'transferred', at: 40_000 }], 10, asked);
    expect(done.phase).toBe('idle');
    expect(done.history[0]).toMatchObject({ outcome: 'transferred', department: 'history', durationSec: 30 });
  });

  it('keeps the caller when a transfer fails, and allows another attempt', () => {
    const failed = run([{ type: 'blind-transfer', department: 'art' }, { type: 'transfer-ended' }], 10, active);
    expect(failed.phase).toBe('active');
    expect(failed.transfer).toBeUndefined();
    expect(run([{ type: 'consult', colleague: 'bob' }], 10, failed).transfer).toMatchObject({ kind: 'attended', colleague: 'bob' });
  });

  it('completes an attended transfer only once the colleague answered', () => {
    const calling = run([{ type: 'consult', colleague: 'bob' }], 10, active);
    expect(run([{ type: 'complete-transfer' }], 10, calling)).toBe(calling);
    const completing = run([{ type: 'consult-answered' }, { type: 'complete-transfer' }], 10, calling);
    expect(completing.transfer).toEqual({ kind: 'attended', colleague: 'bob', answered: true, completing: true });
  });

  it('starts no second transfer while one is under way, and none outside a call', () => {
    const asked = run([{ type: 'blind-transfer', department: 'art' }], 10, active);
    expect(run([{ type: 'consult', colleague: 'bob' }], 10, asked)).toBe(asked);
    expect(run([{ type: 'blind-transfer', department: 'art' }])).toBe(initialState);
    expect(run([{ type: 'transferred', at: 1 }])).toBe(initialState);
  });

  it('reads a saved transferred entry back', () => {
    const saved = JSON.stringify([{ caller: 'a', department: 'art', outcome: 'transferred', rangAt: 1, at: 2, durationSec: 1 }]);
    expect(parseHistory(saved, 10)[0]?.outcome).toBe('transferred');
  });
});
