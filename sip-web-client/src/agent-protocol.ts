// The agent-facing protocol between the softphone and the PBX, in one place: which SIP URIs the page talks to and how
// it reads what the PBX tells it. Free of sip.js and the DOM (unit-tested); agent-link.ts does the SIP.
// This follows the draft of the team's contract until the PBX's "Agent protocol" is written down: status by MESSAGE to
// status@, presence subscriptions to agent-<id>@ and queue-<department>@, blind transfer by REFER to queue-<department>@,
// attended transfer by calling the colleague then REFER with Replaces, voicemail by calling voicemail-<department>@.

export type AgentStatus = 'available' | 'away';

/** Department names and agent ids as the directory allows them (lower-case letters, digits, "_"). */
const namePattern = /^[a-z0-9_]{1,64}$/;
export const isName = (value: string): boolean => namePattern.test(value);

function sipUri(user: string, domain: string): string {
  if (!isName(user.replace(/^(agent|queue|voicemail)-/, ''))) throw new Error(`"${user}" is not a department or agent name`);
  return `sip:${user}@${domain}`;
}

export const presenceEvent = 'presence';

/** The MESSAGE that sets the agent away or available. */
export const statusMessage = (status: AgentStatus, domain: string) => ({ uri: sipUri('status', domain), contentType: 'text/plain', body: status });

/** Subscribed to (Event: presence) for the agent's own status and departments. */
export const agentPresenceUri = (agentId: string, domain: string) => sipUri(`agent-${agentId}`, domain);

/** Subscribed to (Event: presence) for a department's callers waiting and new voicemails. */
export const queuePresenceUri = (department: string, domain: string) => sipUri(`queue-${department}`, domain);

/** Refer-To of a blind transfer into a department's queue. */
export const queueTransferUri = (department: string, domain: string) => sipUri(`queue-${department}`, domain);

/** The colleague called for an attended transfer. */
export const colleagueUri = (agentId: string, domain: string) => sipUri(agentId, domain);

/** Called to hear a department's new voicemails. */
export const voicemailUri = (department: string, domain: string) => sipUri(`voicemail-${department}`, domain);

export interface Presence {
  /** PIDF basic status: open or closed; undefined when the body has none. */
  open: boolean | undefined;
  /** The texts of every <note>, in document order. */
  notes: string[];
}

const unescapeXml = (text: string) =>
  text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (entity[0] !== '#') return named[entity.toLowerCase()] ?? '';
    const code = entity[1]?.toLowerCase() === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });

/**
 * Reads an application/pidf+xml body (RFC 3863) as Asterisk writes it: the basic status of the first tuple and the
 * notes. Element names may carry a namespace prefix. Anything else is ignored; a body that is not PIDF gives nothing.
 */
export function parsePidf(body: string): Presence {
  const basic = body.match(/<(?:\w+:)?basic\b[^>]*>\s*(open|closed)\s*<\/(?:\w+:)?basic>/i)?.[1]?.toLowerCase();
  const notes = [...body.matchAll(/<(?:\w+:)?note\b[^>]*>([^<]*)<\/(?:\w+:)?note>/gi)].map((m) => unescapeXml(m[1] ?? '').trim());
  return { open: basic === undefined ? undefined : basic === 'open', notes };
}

/** "key=value" pairs from the notes (";" or "," between pairs is allowed only where no list is expected: ";"). */
function fields(notes: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const note of notes) {
    for (const pair of note.split(';')) {
      const match = pair.match(/^\s*([a-z_]+)\s*[=:]\s*(.*?)\s*$/i);
      if (match?.[1] && match[2] !== undefined) map.set(match[1].toLowerCase(), match[2]);
    }
  }
  return map;
}

const count = (value: string | undefined): number | undefined => (value !== undefined && /^\d{1,6}$/.test(value) ? Number(value) : undefined);

export interface AgentPresence {
  status: AgentStatus | undefined;
  /** The departments the agent serves, as the PBX knows them; undefined when the NOTIFY does not say. */
  departments: string[] | undefined;
}

/**
 * The agent's own presence: "status=away" (or a note "Away") wins over the basic status (closed is away, open is
 * available); "departments=history,art" lists the departments.
 */
export function readAgentPresence(presence: Presence): AgentPresence {
  const map = fields(presence.notes);
  const said = (map.get('status') ?? presence.notes.find((n) => /^(away|available)$/i.test(n)))?.toLowerCase();
  const status: AgentStatus | undefined = said === 'away' || said === 'available' ? said : presence.open === undefined ? undefined : presence.open ? 'available' : 'away';
  const list = map.get('departments');
  const departments = list === undefined ? undefined : list.split(/[\s,]+/).map((d) => d.toLowerCase()).filter(isName);
  return { status, departments };
}

export interface QueuePresence {
  waiting: number | undefined;
  newVoicemail: number | undefined;
}

/** A department's queue: "waiting=3" callers waiting and "voicemail=1" new messages (either may be missing). */
export function readQueuePresence(presence: Presence): QueuePresence {
  const map = fields(presence.notes);
  return { waiting: count(map.get('waiting')), newVoicemail: count(map.get('voicemail') ?? map.get('new_voicemail')) };
}
