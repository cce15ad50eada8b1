// The agent's side of the agent protocol over SIP (sip.js): MESSAGEs to the PBX's status@ address (away, available,
// or a request for the state), and the state MESSAGEs the PBX sends back on every change. What they say is read by
// agent-protocol.ts.
import { Messager, UserAgent } from 'sip.js';
import type { Message } from 'sip.js';
import { readStateMessage, statusMessage, statusUser } from './agent-protocol';
import type { AgentCommand, AgentState } from './agent-protocol';

/** How often, and how many times, the state is asked for again until it comes (see attach). */
const askEveryMs = 2000;
const askTimes = 15;

export class AgentLink {
  private userAgent: UserAgent | undefined;
  private agentId = '';
  private domain = '';
  private stateSeen = false;
  private askTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly onState: (state: AgentState) => void) {}

  /**
   * After each registration: asks the PBX for the state on this user agent, and again every few seconds until it
   * comes: the PBX sends it only once it counts the agent as reachable (its qualify), which may lag the registration.
   */
  attach(userAgent: UserAgent, agentId: string, domain: string): Promise<void> {
    this.detach();
    this.userAgent = userAgent;
    this.agentId = agentId;
    this.domain = domain;
    let asked = 1;
    this.askTimer = setInterval(() => {
      if (this.stateSeen || asked >= askTimes || this.userAgent !== userAgent) {
        clearInterval(this.askTimer);
        return;
      }
      asked += 1;
      this.send('status').catch(() => undefined);
    }, askEveryMs);
    return this.send('status');
  }

  detach(): void {
    clearInterval(this.askTimer);
    this.userAgent = undefined;
    this.stateSeen = false;
  }

  /**
   * A MESSAGE that reached the user agent: the PBX's state (from status@) is taken, and answered 200 like anything
   * else (a MESSAGE has no other use here, and a refusal would only make the PBX log errors).
   */
  receive(message: Message): void {
    void message.accept().catch(() => undefined);
    const request = message.request;
    if (request.from.uri.user !== statusUser || !this.userAgent) return;
    const state = readStateMessage(request.body ?? '', this.agentId);
    if (!state) return;
    this.stateSeen = true;
    this.onState(state);
  }

  /** Sends a command; resolves once the PBX accepted it (2xx), rejects with the reason. */
  async send(command: AgentCommand): Promise<void> {
    const userAgent = this.userAgent;
    if (!userAgent) throw new Error('not connected to the phone system');
    const message = statusMessage(command, this.domain);
    const uri = UserAgent.makeURI(message.uri);
    if (!uri) throw new Error(`invalid address ${message.uri}`);
    await new Promise<void>((resolve, reject) => {
      new Messager(userAgent, uri, message.body, message.contentType)
        .message({
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) => reject(new Error(`the phone system answered ${response.message.statusCode} ${response.message.reasonPhrase}`)),
          },
        })
        .catch(reject);
    });
  }
}
