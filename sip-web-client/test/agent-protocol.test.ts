import { describe, expect, it } from 'vitest';
import { colleagueUri, consultHeaders, isName, queueTransferUri, readStateMessage, statusMessage, voicemailUri } from '../src/agent-protocol';

// As the PBX's [agent-push] writes it (MessageSend, body built in the dialplan).
const state = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'state', agent: 'alice', status: 'available', departments: [{ name: 'history', waiting: 2, voicemail: 1 }, { name: 'art', waiting: 0, voicemail: 0 }], ...fields });

describe('addresses', () => {
  it('builds the protocol\'s URIs', () => {
    expect(statusMessage('away', 'pbx.example.com')).toEqual({ uri: 'sip:status@pbx.example.com', contentType: 'text/plain', body: 'away' });
    expect(statusMessage('status', 'pbx').body).toBe('status');
    expect(queueTransferUri('art', 'pbx')).toBe('sip:queue-art@pbx');
    expect(colleagueUri('bob', 'pbx')).toBe('sip:bob@pbx');
    expect(voicemailUri('history', 'pbx')).toBe('sip:voicemail-history@pbx');
  });

  it.each(['Art', 'a@b', 'a b', '', 'x'.repeat(65), 'art;transport=tcp'])('refuses %j as a department or agent name', (name) => {
    expect(isName(name)).toBe(false);
    expect(() => queueTransferUri(name, 'pbx')).toThrow();
    expect(() => colleagueUri(name, 'pbx')).toThrow();
    expect(() => voicemailUri(name, 'pbx')).toThrow();
  });
});

describe('consultHeaders', () => {
  it('carries the call\'s department and language to the colleague', () => {
    expect(consultHeaders('history', 'es')).toEqual(['X-LexInfo: history', 'X-IVR-Language: es']);
  });

  it('leaves out what is unknown or not well-formed (no header injection)', () => {
    expect(consultHeaders(undefined, undefined)).toEqual([]);
    expect(consultHeaders('history\r\nX-Evil: 1', 'english')).toEqual([]);
  });
});

describe('readStateMessage', () => {
  it('reads the status and, per department, the callers waiting and the new voicemails', () => {
    expect(readStateMessage(state(), 'alice')).toEqual({
      status: 'available',
      departments: [
        { name: 'history', waiting: 2, newVoicemail: 1 },
        { name: 'art', waiting: 0, newVoicemail: 0 },
      ],
    });
    expect(readStateMessage(state({ status: 'away', departments: [] }), 'alice')).toEqual({ status: 'away', departments: [] });
  });

  it.each([
    ['another agent\'s state', state({ agent: 'bob' })],
    ['another type', state({ type: 'hello' })],
    ['an unknown status', state({ status: 'busy' })],
    ['no JSON', 'available'],
    ['a JSON array', '[]'],
  ])('ignores %s', (_, body) => {
    expect(readStateMessage(body, 'alice')).toBeUndefined();
  });

  it('drops department entries that are not well-formed and keeps the rest', () => {
    const body = state({ departments: [{ name: 'Art', waiting: 1, voicemail: 0 }, { name: 'math', waiting: -1, voicemail: 0 }, { name: 'science', waiting: 1.5, voicemail: 0 }, { name: 'history', waiting: 3, voicemail: 0 }, 'x'] });
    expect(readStateMessage(body, 'alice')?.departments).toEqual([{ name: 'history', waiting: 3, newVoicemail: 0 }]);
  });
});
