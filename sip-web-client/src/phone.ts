// The agent's SIP user agent: sign-in, registration kept alive across WebSocket drops, one call at a time.
// Built on sip.js's UserAgent, Registerer and Invitation; everything the screen shows goes out through PhoneEvents.
import { Invitation, Registerer, RegistererState, SessionState, UserAgent, UserAgentState, Web } from 'sip.js';
import { reconnectDelay } from './backoff';
import type { CallInfo } from './call-state';
import type { Account, PhoneConfig } from './config';
import { mediaErrorMessage, registrationRefusal } from './errors';
import { callerLabel, departmentOf, extraHeaders } from './headers';

export type RegistrationStatus =
  | { kind: 'signed-out' }
  | { kind: 'connecting' }
  | { kind: 'registered' }
  | { kind: 'retrying'; reason: string; inMs: number }
  | { kind: 'refused'; reason: string };

export interface PhoneEvents {
  status(status: RegistrationStatus): void;
  incoming(call: CallInfo): void;
  established(): void;
  /** The call is over; `problem` says in words why, when it did not end normally. */
  ended(problem?: string): void;
  held(held: boolean): void;
  /** A problem that does not change the call or the registration. */
  notice(message: string): void;
}

export class Phone {
  private userAgent: UserAgent | undefined;
  private registerer: Registerer | undefined;
  private invitation: Invitation | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private wanted = false;
  private mediaError: unknown;
  private answering = false;
  private held = false;
  private server = '';

  constructor(
    private readonly config: PhoneConfig,
    private readonly events: PhoneEvents,
    private readonly remoteAudio: HTMLAudioElement,
  ) {}

  async signIn(account: Account): Promise<void> {
    await this.signOut();
    this.wanted = true;
    this.attempt = 0;
    this.server = account.server;
    const uri = UserAgent.makeURI(account.aor);
    if (!uri) throw new Error(`Invalid SIP URI ${account.aor}`);
    this.userAgent = new UserAgent({
      uri,
      authorizationUsername: account.user,
      authorizationPassword: account.password,
      displayName: this.config.displayName || undefined,
      transportOptions: { server: account.server },
      // Reconnection is ours (with backoff and on-screen status), not sip.js's fixed-delay one.
      reconnectionAttempts: 0,
      logLevel: 'warn',
      userAgentString: 'ivr-agent-softphone',
      sessionDescriptionHandlerFactory: Web.defaultSessionDescriptionHandlerFactory(this.captureMicrophone),
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: this.config.iceServers } },
      delegate: {
        onConnect: () => this.register(),
        onDisconnect: (error) => error && this.connectionLost(),
        onInvite: (invitation) => this.onInvite(invitation),
      },
    });
    this.connect();
  }

  /** Unregisters (best effort) and closes the WebSocket; safe to call at any time, including page unload. */
  async signOut(): Promise<void> {
    if (await this.stop()) this.events.status({ kind: 'signed-out' });
  }

  /** Returns whether there was a user agent to stop. */
  private async stop(): Promise<boolean> {
    this.wanted = false;
    clearTimeout(this.retryTimer);
    const { userAgent, registerer, invitation } = this;
    this.userAgent = undefined;
    this.registerer = undefined;
    if (invitation) {
      // Signing out ends the call properly: the caller gets a BYE, or a 480 the PBX can route on.
      if (invitation.state === SessionState.Established) void invitation.bye().catch(() => undefined);
      else if (invitation.state === SessionState.Initial) void invitation.reject().catch(() => undefined);
      this.finishCall();
    }
    if (!userAgent) return false;
    try {
      if (registerer?.state === RegistererState.Registered) await registerer.unregister();
    } catch {
      // Sign-out goes on: the registration expires at the registrar anyway.
    }
    await userAgent.stop();
    return true;
  }

  async accept(): Promise<void> {
    const invitation = this.invitation;
    if (!invitation || invitation.state !== SessionState.Initial) return;
    this.mediaError = undefined;
    // While answering, a failure is reported here, where its cause is known, not by the Terminated listener.
    this.answering = true;
    let problem: string | undefined;
    try {
      await invitation.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
    } catch (error) {
      // sip.js has already answered the caller 480, so the PBX can route or announce instead of leaving silence.
      problem = this.mediaError !== undefined ? mediaErrorMessage(this.mediaError) : `The call could not be answered (${error instanceof Error ? error.message : String(error)}).`;
    } finally {
      this.answering = false;
    }
    if (invitation === this.invitation && (invitation.state as SessionState) === SessionState.Terminated) this.finishCall(problem);
  }

  async reject(): Promise<void> {
    const invitation = this.invitation;
    if (invitation?.state === SessionState.Initial) await invitation.reject({ statusCode: 603 });
  }

  async hangUp(): Promise<void> {
    const invitation = this.invitation;
    if (invitation?.state === SessionState.Established) await invitation.bye();
  }

  setMuted(muted: boolean): void {
    this.handler()?.enableSenderTracks(!muted && !this.held);
  }

  /** Puts the caller on hold with a re-INVITE (a=sendonly); the screen changes only once the far end agrees. */
  async setHeld(held: boolean, muted: boolean): Promise<void> {
    const invitation = this.invitation;
    if (!invitation || invitation.state !== SessionState.Established) return;
    const reInvite: Web.SessionDescriptionHandlerOptions = { hold: held };
    invitation.sessionDescriptionHandlerOptionsReInvite = reInvite;
    await invitation.invite({
      requestDelegate: {
        onAccept: () => {
          this.held = held;
          this.handler()?.enableReceiverTracks(!held);
          this.handler()?.enableSenderTracks(!held && !muted);
          this.events.held(held);
        },
        onReject: (response) => this.events.notice(`The server did not accept ${held ? 'hold' : 'resume'} (${response.message.statusCode} ${response.message.reasonPhrase}).`),
      },
    });
  }

  /** Sends a DTMF digit in the media (RFC 4733), falling back to SIP INFO when the media path has no telephone-event. */
  async sendDtmf(tone: string): Promise<void> {
    const invitation = this.invitation;
    if (!/^[0-9A-D#*]$/.test(tone) || invitation?.state !== SessionState.Established) return;
    if (this.handler()?.sendDtmf(tone)) return;
    await invitation.info({ requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=160` } } });
  }

  private handler(): Web.SessionDescriptionHandler | undefined {
    const sdh = this.invitation?.sessionDescriptionHandler;
    return sdh instanceof Web.SessionDescriptionHandler ? sdh : undefined;
  }

  /** Records why the microphone could not be opened, so a failed answer can be explained in words. */
  private readonly captureMicrophone = async (constraints: MediaStreamConstraints): Promise<MediaStream> => {
    try {
      return await navigator.mediaDevices.getUserMedia(constraints);
    } catch (error) {
      this.mediaError = error;
      throw error;
    }
  };

  private connect(): void {
    const userAgent = this.userAgent;
    if (!userAgent || !this.wanted) return;
    this.events.status({ kind: 'connecting' });
    const start = userAgent.state === UserAgentState.Started ? userAgent.reconnect() : userAgent.start();
    start.catch(() => this.retry(() => this.connect(), `Cannot reach the SIP server at ${this.server}.`));
  }

  /** Schedules `action` after the next backoff delay and says so on screen. */
  private retry(action: () => void, reason: string): void {
    if (!this.wanted) return;
    clearTimeout(this.retryTimer);
    this.attempt += 1;
    const inMs = reconnectDelay(this.attempt, this.config.reconnect);
    this.events.status({ kind: 'retrying', reason, inMs });
    this.retryTimer = setTimeout(action, inMs);
  }

  private register(): void {
    const userAgent = this.userAgent;
    if (!userAgent || !this.wanted) return;
    // A new Registerer per connection: the old one's transactions died with the old WebSocket.
    this.disposeRegisterer();
    const registerer = new Registerer(userAgent, { expires: this.config.registerExpires });
    this.registerer = registerer;
    registerer.stateChange.addListener((state) => {
      if (registerer !== this.registerer) return;
      if (state === RegistererState.Registered) {
        this.attempt = 0;
        this.events.status({ kind: 'registered' });
      } else if (state === RegistererState.Unregistered && this.wanted) {
        // Covers a failed refresh and a failed first attempt alike; a refusal below cancels this retry.
        this.retry(() => this.register(), 'Registration failed or expired.');
      }
    });
    registerer
      .register({
        requestDelegate: {
          onReject: (response) => {
            const refusal = registrationRefusal(response.message.statusCode, response.message.reasonPhrase);
            if (refusal) {
              this.events.status({ kind: 'refused', reason: refusal });
              void this.stop();
            }
          },
        },
      })
      .catch(() => this.retry(() => this.register(), 'Registration could not be sent.'));
  }

  /** Detached first, so its state changes while disposing cannot schedule a retry. */
  private disposeRegisterer(): void {
    const registerer = this.registerer;
    this.registerer = undefined;
    void registerer?.dispose();
  }

  private connectionLost(): void {
    this.disposeRegisterer();
    if (this.invitation) {
      void this.invitation.dispose();
      this.finishCall('The connection to the server was lost; the call ended.');
    }
    this.retry(() => this.connect(), 'Connection to the SIP server lost.');
  }

  private onInvite(invitation: Invitation): void {
    if (this.invitation) {
      void invitation.reject({ statusCode: 486 });
      return;
    }
    this.invitation = invitation;
    this.held = false;
    const headers = extraHeaders(invitation.request.headers);
    const allow = invitation.request.getHeader('allow');
    const identity = invitation.remoteIdentity;
    invitation.stateChange.addListener((state) => {
      if (invitation !== this.invitation) return;
      if (state === SessionState.Established) {
        this.playRemoteAudio();
        this.events.established();
      } else if (state === SessionState.Terminated && !this.answering) {
        this.finishCall();
      }
    });
    this.events.incoming({
      // sip.js types displayName as a string, but it is undefined when From has none (as Asterisk sends it).
      caller: callerLabel({ displayName: identity.displayName ?? '', number: identity.uri.user ?? '' }),
      department: departmentOf(headers),
      headers,
      // RFC 3261 20.5: without Allow nothing is known; a PBX that lists its methods and omits INVITE cannot take a hold re-INVITE.
      canHold: allow === undefined || /\bINVITE\b/i.test(allow),
      receivedAt: Date.now(),
    });
  }

  private playRemoteAudio(): void {
    const stream = this.handler()?.remoteMediaStream;
    if (!stream) return;
    this.remoteAudio.srcObject = stream;
    this.remoteAudio.play().catch(() => this.events.notice('The browser blocked the caller\'s audio. Click anywhere on the page to hear the caller.'));
  }

  private finishCall(problem?: string): void {
    this.invitation = undefined;
    this.mediaError = undefined;
    this.remoteAudio.srcObject = null;
    this.events.ended(problem);
  }
}
