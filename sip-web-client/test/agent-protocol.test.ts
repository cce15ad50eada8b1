import { describe, expect, it } from 'vitest';
import { agentPresenceUri, colleagueUri, isName, parsePidf, queuePresenceUri, queueTransferUri, readAgentPresence, readQueuePresence, statusMessage, voicemailUri } from '../src/agent-protocol';

// As Asterisk's res_pjsip_pidf_body_generator prints it (pjsip's pjpidf_print): a note, then one tuple.
const asteriskPidf = (basic: string, note: string) => `<?xml version="1.0" encoding="UTF-8"?>
<presence entity="sip:queue-history@127.0.0.1" xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid">
 <note>${note}</note>
 <tuple id="queue-history">
  <status>
   <basic>${basic}</basic>
  </status>
  <contact priority="1">sip:alice@127.0.0.1</contact>
 </tuple>
</presence>`;

describe('addresses', () => {
  it('builds the draft protocol\'s URIs', () => {
    expect(statusMessage('away', 'pbx.example.com')).toEqual({ uri: 'sip:status@pbx.example.com', contentType: 'text/plain', body: 'away' });
    expect(agentPresenceUri('alice', 'pbx')).toBe('sip:agent-alice@pbx');
    expect(queuePresenceUri('history', 'pbx')).toBe('sip:queue-history@pbx');
    expect(queueTransferUri('art', 'pbx')).toBe('sip:queue-art@pbx');
    expect(colleagueUri('bob', 'pbx')).toBe('sip:bob@pbx');
    expect(voicemailUri('history', 'pbx')).toBe('sip:voicemail-history@pbx');
  });

  it.each(['Art', 'a@b', 'a b', '', 'x'.repeat(65), 'art;transport=tcp'])('refuses %j as a department or agent name', (name) => {
    expect(isName(name)).toBe(false);
    expect(() => queueTransferUri(name, 'pbx')).toThrow();
    expect(() => colleagueUri(name, 'pbx')).toThrow();
  });
});

describe('parsePidf', () => {
  it('reads the basic status and the notes, unescaping XML', () => {
    expect(parsePidf(asteriskPidf('open', 'waiting=3; voicemail=1 &amp; more'))).toEqual({ open: true, notes: ['waiting=3; voicemail=1 & more'] });
    expect(parsePidf(asteriskPidf('closed', 'Unavailable')).open).toBe(false);
  });

  it('accepts namespace prefixes', () => {
    expect(parsePidf('<p:presence><p:tuple><p:status><p:basic>closed</p:basic></p:status></p:tuple><p:note>away</p:note></p:presence>')).toEqual({ open: false, notes: ['away'] });
  });

  it('gives nothing for a body that is not PIDF', () => {
    expect(parsePidf('Messages-Waiting: yes')).toEqual({ open: undefined, notes: [] });
  });
});

describe('readAgentPresence', () => {
  it('takes status and departments from the note', () => {
    expect(readAgentPresence({ open: true, notes: ['status=away;departments=history, art'] })).toEqual({ status: 'away', departments: ['history', 'art'] });
  });

  it('falls back to the basic status: closed is away', () => {
    expect(readAgentPresence({ open: false, notes: ['Unavailable'] })).toEqual({ status: 'away', departments: undefined });
    expect(readAgentPresence({ open: true, notes: [] }).status).toBe('available');
    expect(readAgentPresence({ open: undefined, notes: [] }).status).toBeUndefined();
  });

  it('drops department names the directory would not allow', () => {
    expect(readAgentPresence({ open: true, notes: ['departments=history,<script>,ART'] }).departments).toEqual(['history', 'art']);
  });
});

describe('readQueuePresence', () => {
  it('reads callers waiting and new voicemails', () => {
    expect(readQueuePresence({ open: true, notes: ['waiting=3;voicemail=2'] })).toEqual({ waiting: 3, newVoicemail: 2 });
  });

  it('leaves out what is missing or not a count', () => {
    expect(readQueuePresence({ open: true, notes: ['waiting=-1'] })).toEqual({ waiting: undefined, newVoicemail: undefined });
  });
});
