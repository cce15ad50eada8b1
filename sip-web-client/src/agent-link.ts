// The agent's side of the agent protocol over SIP (sip.js): presence subscriptions for the agent's own status and
// departments and for each department's queue, and the MESSAGE that sets the agent away or available. What the PBX says
// is read by agent-protocol.ts; what changes goes out through AgentLinkEvents.
import { Messager, Subscriber, SubscriptionState, UserAgent } from 'sip.js';
import type { Notification } from 'sip.js';
import { agentPresenceUri, parsePidf, presenceEvent, queuePresenceUri, readAgentPresence, readQueuePresence, statusMessage } from './agent-protocol';
import type { AgentPresence, AgentStatus, QueuePresence } from './agent-protocol';

export interface AgentLinkEvents {
  agent(presence: AgentPresence): void;
  queue(department: string, presence: QueuePresence): void;
  /** A subscription the PBX refused or ended: the figures on screen are no longer live. */
  lost(what: string): void;
}

/** Subscriptions are refreshed by sip.js before they expire; a lost one is renewed on the next registration. */
const subscriptionSeconds = 600;

export class AgentLink {
  private userAgent: UserAgent | undefined;
  private agentId = '';
  private domain = '';
  private readonly subscribers = new Map<string, Subscriber>();

  constructor(private readonly events: AgentLinkEvents) {}

  /** After each registration: subscribes anew on this user agent (the old one's dialogs died with its WebSocket). */
  attach(userAgent: UserAgent, agentId: string, domain: string): void {
    this.detach();
    this.userAgent = userAgent;
    this.agentId = agentId;
    this.domain = domain;
    this.subscribe(agentPresenceUri(agentId, domain), 'your status', (notification) => this.events.agent(readAgentPresence(parsePidf(notification.request.body ?? ''))));
  }

  /** Follows exactly these departments' queues (the agent's departments, as the PBX said). */
  follow(departments: readonly string[]): void {
    if (!this.userAgent) return;
    const wanted = new Set(departments.map((d) => queuePresenceUri(d, this.domain)));
    for (const [uri, subscriber] of this.subscribers) {
      if (uri !== agentPresenceUri(this.agentId, this.domain) && !wanted.has(uri)) {
        this.subscribers.delete(uri);
        void subscriber.unsubscribe().catch(() => undefined);
      }
    }
    for (const department of departments) {
      const uri = queuePresenceUri(department, this.domain);
      if (!this.subscribers.has(uri)) {
        this.subscribe(uri, `the ${department} queue`, (notification) => this.events.queue(department, readQueuePresence(parsePidf(notification.request.body ?? ''))));
      }
    }
  }

  detach(): void {
    const subscribers = [...this.subscribers.values()];
    this.subscribers.clear();
    this.userAgent = undefined;
    // Best effort: after a lost connection there is nobody to tell, and the PBX lets the subscriptions expire.
    for (const subscriber of subscribers) void subscriber.dispose().catch(() => undefined);
  }

  /** Asks the PBX to set the agent away or available; resolves once it accepted (2xx), rejects with the reason. */
  async setStatus(status: AgentStatus): Promise<void> {
    const userAgent = this.userAgent;
    if (!userAgent) throw new Error('not connected to the phone system');
    const message = statusMessage(status, this.domain);
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

  private subscribe(uri: string, what: string, onNotify: (notification: Notification) => void): void {
    const userAgent = this.userAgent;
    const target = UserAgent.makeURI(uri);
    if (!userAgent || !target) return;
    const subscriber = new Subscriber(userAgent, target, presenceEvent, { expires: subscriptionSeconds, extraHeaders: ['Accept: application/pidf+xml'] });
    this.subscribers.set(uri, subscriber);
    // Only a subscription that was live is reported lost: a PBX without the agent protocol (a plain registrar) refuses
    // them all, and the panel then just shows nothing known.
    let live = false;
    subscriber.delegate = {
      onNotify: (notification) => {
        void notification.accept().catch(() => undefined);
        if (this.subscribers.get(uri) !== subscriber) return;
        live = true;
        onNotify(notification);
      },
    };
    subscriber.stateChange.addListener((state) => {
      if (state === SubscriptionState.Terminated && this.subscribers.get(uri) === subscriber) {
        this.subscribers.delete(uri);
        if (live) this.events.lost(what);
      }
    });
    subscriber.subscribe().catch(() => undefined);
  }
}
