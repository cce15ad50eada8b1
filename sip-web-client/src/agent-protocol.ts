// The agent-facing protocol between the softphone and the PBX, in one place: which SIP URIs the page talks to and how
// it reads what the PBX tells it. Free of sip.js and the DOM (unit-tested); agent-link.ts does the SIP.
//   - status: SIP MESSAGE to sip:status@<domain>, text/plain "away", "available", or "status" (just asks for the state);
//   - state: the PBX sends the agent a SIP MESSAGE from status@ with a JSON body, at sign-in and on every change:
//     {"type":"state","agent":"alice","status":"available","departments":[{"name":"history","waiting":2,"voicemail":1}]};
//   - blind transfer: REFER with Refer-To sip:queue-<department>@<domain>;
//   - attended transfer: a call to sip:<colleague>@<domain> (carrying the call's X-LexInfo and X-IVR-Language), then
//     REFER with Replaces on the caller's leg;
//   - voicemail: a call to sip:voicemail-<department>@<domain> plays the department's new messages.

export type AgentStatus = 'available' | 'away';
/** What the agent can send to status@: a status, or "status" to be sent the current state. */
export type AgentCommand = AgentStatus | 'status';

/** Department names and agent ids as the directory allows them (lower-case letters, digits, "_"). */
const namePattern = /^[a-z0-9_]{1,64}$/;
export const isName = (value: string): boolean => namePattern.test(value);

function sipUri(user: string, name: string, domain: string): string {
  if (!isName(name)) throw new Error(`"${name}" is not a department or agent name`);
  return `sip:${user}@${domain}`;
}

/** The user part of the PBX's state messages' From and of the address the agent's commands go to. */
export const statusUser = 'status';

/** The MESSAGE that sets the agent away or available, or asks for the state. */
export const statusMessage = (command: AgentCommand, domain: string) => ({ uri: `sip:${statusUser}@${domain}`, contentType: 'text/plain', body: command });

/** Refer-To of a blind transfer into a department's queue. */
export const queueTransferUri = (department: string, domain: string) => sipUri(`queue-${department}`, department, domain);

/** The colleague called for an attended transfer. */
export const colleagueUri = (agentId: string, domain: string) => sipUri(agentId, agentId, domain);

/** Called to hear a department's new voicemails. */
export const voicemailUri = (department: string, domain: string) => sipUri(`voicemail-${department}`, department, domain);

/** The headers of the consult call: the department and language of the caller travel to the colleague. */
export function consultHeaders(department: string | undefined, language: string | undefined): string[] {
  return [
    ...(department !== undefined && isName(department) ? [`X-LexInfo: ${department}`] : []),
    ...(language !== undefined && /^[a-z]{2}$/.test(language) ? [`X-IVR-Language: ${language}`] : []),
  ];
}

export interface DepartmentState {
  name: string;
  waiting: number;
  newVoicemail: number;
}

export interface AgentState {
  status: AgentStatus;
  departments: DepartmentState[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1_000_000;

/**
 * Reads the PBX's state message for agent `agentId`; undefined for anything else (another type, another agent, not
 * JSON, a bad status). A department entry that is not well-formed is dropped, the rest kept.
 */
export function readStateMessage(body: string, agentId: string): AgentState | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isObject(json) || json.type !== 'state' || json.agent !== agentId) return undefined;
  if (json.status !== 'available' && json.status !== 'away') return undefined;
  const departments = (Array.isArray(json.departments) ? json.departments : [])
    .filter((d): d is { name: string; waiting: number; voicemail: number } => isObject(d) && typeof d.name === 'string' && isName(d.name) && isCount(d.waiting) && isCount(d.voicemail))
    .map((d) => ({ name: d.name, waiting: d.waiting, newVoicemail: d.voicemail }));
  return { status: json.status, departments };
}
