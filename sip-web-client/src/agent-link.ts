// The agent's side of the agent protocol over SIP (sip.js): MESSAGEs to the PBX's status@ address (away, available,
// or a request for the state), and the state MESSAGEs the PBX sends back on every change. What they say is read by
// agent-protocol.ts.
import { Messager, UserAgent } from 'sip.js';
import type { Message } from 'sip.js';
import { readStateMessage, statusMessage, statusUser } from './agent-protocol';
import type { AgentCommand, AgentState } from './agent-protocol';

export class AgentLink {
  private userAgent: UserAgent | undefined;
  private agentId = '';
  private domain = '';

  constructor(private readonly onState: (state: AgentState) => void) {}

  /** After each registration: asks the PBX for the state on this user agent. */
  attach(userAgent: UserAgent, agentId: string, domain: string): Promise<void> {
    this.userAgent = userAgent;
    this.agentId = agentId;
    this.domain = domain;
    return this.send('status');
  }

  detach(): void {
    this.userAgent = undefined;
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
    if (state) this.onState(state);
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
