// The agent's SIP user agent: sign-in, registration kept alive and proven alive, one call at a time with its media
// watched. Built on sip.js's UserAgent, Registerer and Invitation; everything the screen shows goes out through PhoneEvents.
import { Invitation, Inviter, Registerer, RegistererState, SessionState, UserAgent, UserAgentState, Web } from 'sip.js';
import type { Message, Notification, Session, URI } from 'sip.js';
import { reconnectDelay } from './backoff';
import type { CallInfo } from './call-state';
import type { Account, PhoneConfig } from './config';
import { mediaErrorMessage, registrationRefusal } from './errors';
import { callerLabel, departmentOf, extraHeaders, languageOf, transferredFromOf } from './headers';

export type RegistrationStatus =
  | { kind: 'signed-out' }
  | { kind: 'connecting' }
  | { kind: 'registered' }
  | { kind: 'retrying'; reason: string; at: number }
  | { kind: 'refused'; reason: string }
  | { kind: 'elsewhere' };

/** What the page knows of the call's audio: flowing, lost (an ICE restart is being tried), or back. */
export type MediaStatus = 'ok' | 'lost';

export interface PhoneEvents {
  status(status: RegistrationStatus): void;
  incoming(call: CallInfo): void;
  established(): void;
  /** The call is over; `problem` says in words why, when it did not end normally. */
  ended(problem?: string): void;
  held(held: boolean): void;
  media(status: MediaStatus): void;
  /** A problem that does not change the call or the registration. */
  notice(message: string): void;
  transfer(progress: TransferProgress): void;
  outgoing(progress: OutgoingProgress): void;
  /** Registered on this user agent (after every reconnection): the agent link subscribes with it. */
  connected(userAgent: UserAgent): void;
  /** The user agent went away (sign-out, lost connection, another tab). */
  disconnected(): void;
  /** A SIP MESSAGE arrived (the PBX's agent state); the receiver answers it. */
  message(message: Message): void;
}

/** How a transfer went: the colleague answered the consult call, the PBX took the call on, or it did not happen. */
export type TransferProgress = { kind: 'consult-answered' } | { kind: 'transferred' } | { kind: 'failed'; reason: string };

/** A call the agent places (voicemail): ringing, playing, or over (`problem` says why when it failed). */
export type OutgoingProgress = { kind: 'calling' } | { kind: 'connected' } | { kind: 'ended'; problem?: string };

/** The devices the agent chose; undefined means the browser's default. */
export interface DeviceChoice {
  microphone(): string | undefined;
}

/** Q.850 cause 41 (temporary failure) in the BYE: the PBX then plays the caller the department's prompt. */
const mediaLostReason = 'Reason: Q.850;cause=41;text="agent media lost"';

export class Phone {
  private userAgent: UserAgent | undefined;
  private registerer: Registerer | undefined;
  private invitation: Invitation | undefined;
  private account: Account | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryAction: (() => void) | undefined;
  private keepAliveTimer: ReturnType<typeof setInterval> | undefined;
  private keepAliveWait: ReturnType<typeof setTimeout> | undefined;
  private mediaTimer: ReturnType<typeof setInterval> | undefined;
  private attempt = 0;
  private wanted = false;
  private mediaError: unknown;
  private answering = false;
  private held = false;
  private muted = false;
  /** The colleague's leg of an attended transfer, while it rings or talks. */
  private consultation: Inviter | undefined;
  /** A REFER of the current call was accepted and its NOTIFY said 2xx: the call's end is a transfer. */
  private transferred = false;
  /** The call the agent placed outside a caller's call (voicemail). */
  private outgoingCall: Inviter | undefined;

  constructor(
    private readonly config: PhoneConfig,
    private readonly events: PhoneEvents,
    private readonly remoteAudio: HTMLAudioElement,
    private readonly devices: DeviceChoice,
  ) {}

  get signedIn(): boolean {
    return this.wanted;
  }

  async signIn(account: Account): Promise<void> {
    await this.signOut();
    if (!UserAgent.makeURI(account.aor)) throw new Error(`Invalid SIP URI ${account.aor}`);
    this.wanted = true;
    this.attempt = 0;
    this.account = account;
    this.connect();
  }

  /** Unregisters (best effort) and closes the WebSocket; safe to call at any time, including page unload. */
  async signOut(): Promise<void> {
    if (await this.stop()) this.events.status({ kind: 'signed-out' });
  }

  /** Another tab took the calls: stop registering here (without ending a call in progress), and say so. */
  async standDown(): Promise<void> {
    if (!this.wanted) return;
    await this.stop(false);
    this.events.status({ kind: 'elsewhere' });
  }

  /** "Retry now": the next attempt starts at once instead of after the countdown. */
  retryNow(): void {
    const action = this.retryAction;
    if (!action || !this.wanted) return;
    clearTimeout(this.retryTimer);
    this.retryAction = undefined;
    action();
  }

  /** Returns whether there was a user agent to stop. `endCall` false keeps a call in progress (and its WebSocket). */
  private async stop(endCall = true): Promise<boolean> {
    this.wanted = false;
    clearTimeout(this.retryTimer);
    this.retryAction = undefined;
    this.stopKeepAlive();
    const { userAgent, registerer, invitation } = this;
    this.registerer = undefined;
    if (endCall) this.endOutgoing();
    const keepForCall = invitation !== undefined && !endCall;
    if (!keepForCall) this.userAgent = undefined;
    if (userAgent) this.events.disconnected();
    if (invitation && endCall) {
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
    // The call still in progress keeps the user agent; finishCall stops it when the call ends.
    if (!keepForCall) await userAgent.stop().catch(() => undefined);
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
    this.muted = muted;
    this.handler()?.enableSenderTracks(!muted && !this.held);
  }

  /** Puts the caller on hold with a re-INVITE (a=sendonly); the screen changes only once the far end agrees. */
  async setHeld(held: boolean): Promise<void> {
    const invitation = this.invitation;
    if (!invitation || invitation.state !== SessionState.Established) return;
    invitation.sessionDescriptionHandlerOptionsReInvite = { hold: held } as Web.SessionDescriptionHandlerOptions;
    await invitation.invite({
      requestDelegate: {
        onAccept: () => {
          this.held = held;
          this.handler()?.enableReceiverTracks(!held);
          this.handler()?.enableSenderTracks(!held && !this.muted);
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

  /** Blind transfer: REFER of the caller to `target` (a department's queue); the PBX ends this leg when it took the call. */
  async blindTransfer(target: string): Promise<void> {
    const invitation = this.invitation;
    const uri = UserAgent.makeURI(target);
    if (!uri) throw new Error(`Invalid transfer target ${target}`);
    if (invitation?.state !== SessionState.Established) return;
    await this.refer(invitation, uri);
  }

  /**
   * Attended transfer, first step: the caller is put on hold and the colleague is called; the agent talks to the
   * colleague, then completes (REFER with Replaces) or cancels (back to the caller).
   */
  async consult(target: string, extraHeaders: string[]): Promise<void> {
    const invitation = this.invitation;
    const userAgent = this.userAgent;
    const uri = UserAgent.makeURI(target);
    if (!uri) throw new Error(`Invalid colleague address ${target}`);
    if (!userAgent || invitation?.state !== SessionState.Established || this.consultation) return;
    if (!this.held) await this.setHeld(true);
    const inviter = new Inviter(userAgent, uri, { extraHeaders, sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
    this.consultation = inviter;
    let refusal: string | undefined;
    inviter.stateChange.addListener((state) => {
      if (inviter !== this.consultation) return;
      if (state === SessionState.Established) {
        this.playRemoteAudio(inviter);
        this.events.transfer({ kind: 'consult-answered' });
      } else if (state === SessionState.Terminated) {
        this.consultation = undefined;
        this.playRemoteAudio();
        // sip.js ends the session before it hands the refusal to onReject below: the reason is known a moment later.
        queueMicrotask(() => {
          if (!this.transferred) this.events.transfer({ kind: 'failed', reason: refusal ?? 'The consult call ended; you are back with the caller (on hold).' });
        });
      }
    });
    await inviter.invite({
      requestDelegate: {
        onReject: (response) => {
          const { statusCode, reasonPhrase } = response.message;
          refusal = `The colleague could not be reached (${statusCode} ${reasonPhrase}); you are back with the caller (on hold).`;
        },
      },
    });
  }

  /** Attended transfer, last step: the caller is handed to the colleague (REFER with Replaces on the caller's leg). */
  async completeTransfer(): Promise<void> {
    const invitation = this.invitation;
    const consultation = this.consultation;
    if (invitation?.state !== SessionState.Established || consultation?.state !== SessionState.Established) return;
    await this.refer(invitation, consultation);
  }

  /** Ends the consult call (or stops it ringing) and takes the caller off hold. */
  async cancelConsult(): Promise<void> {
    this.endConsultation();
    this.playRemoteAudio();
    if (this.held) await this.setHeld(false);
  }

  /** Ends the consult call on the agent's side; detached first, so its end is not reported as a failed transfer. */
  private endConsultation(): void {
    const consultation = this.consultation;
    if (!consultation) return;
    this.consultation = undefined;
    if (consultation.state === SessionState.Established) void consultation.bye().catch(() => undefined);
    else if (consultation.state === SessionState.Establishing) void consultation.cancel().catch(() => undefined);
  }

  /**
   * Sends the REFER and follows its NOTIFYs (RFC 3515: message/sipfrag with the new call's status line). A final 2xx
   * means the PBX took the call on; this leg then ends with our BYE.
   */
  private refer(invitation: Invitation, to: URI | Session): Promise<void> {
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      this.events.transfer({ kind: 'failed', reason });
    };
    return invitation
      .refer(to, {
        requestDelegate: {
          onReject: (response) => fail(`The phone system refused the transfer (${response.message.statusCode} ${response.message.reasonPhrase}).`),
        },
        onNotify: (notification: Notification) => {
          void notification.accept().catch(() => undefined);
          const code = Number(notification.request.body?.match(/^SIP\/2\.0 (\d{3})/)?.[1] ?? 0);
          if (settled || code < 200) return;
          if (code >= 300) {
            fail(`The transfer did not go through (${code}); you still have the caller.`);
            return;
          }
          settled = true;
          this.transferred = true;
          // The transferor ends its leg (RFC 5589 section 6.1; the PBX's agent protocol says it sends no BYE for it).
          if (invitation === this.invitation && invitation.state === SessionState.Established) void invitation.bye().catch(() => undefined);
        },
      })
      .then(() => undefined);
  }

  /** Calls `target` outside a caller's call (a department's voicemail) and plays what it says. */
  async dial(target: string): Promise<void> {
    const userAgent = this.userAgent;
    const uri = UserAgent.makeURI(target);
    if (!uri) throw new Error(`Invalid address ${target}`);
    if (!userAgent || this.invitation || this.outgoingCall) return;
    const inviter = new Inviter(userAgent, uri, { sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
    this.outgoingCall = inviter;
    let problem: string | undefined;
    inviter.stateChange.addListener((state) => {
      if (inviter !== this.outgoingCall) return;
      if (state === SessionState.Established) {
        if (!this.invitation) this.playRemoteAudio(inviter);
        this.events.outgoing({ kind: 'connected' });
      } else if (state === SessionState.Terminated) {
        this.outgoingCall = undefined;
        if (!this.invitation) this.remoteAudio.srcObject = null;
        // As for the consult call: the refusal reaches onReject just after this.
        queueMicrotask(() => this.events.outgoing({ kind: 'ended', problem }));
      }
    });
    this.events.outgoing({ kind: 'calling' });
    await inviter.invite({
      requestDelegate: {
        onReject: (response) => (problem = `The call was refused (${response.message.statusCode} ${response.message.reasonPhrase}).`),
      },
    });
  }

  /** Hangs up the call the agent placed. */
  endOutgoing(): void {
    const call = this.outgoingCall;
    if (call?.state === SessionState.Established) void call.bye().catch(() => undefined);
    else if (call?.state === SessionState.Establishing) void call.cancel().catch(() => undefined);
  }

  /** Sends DTMF into the call the agent placed (a voicemail menu), in the media or by SIP INFO. */
  async sendOutgoingDtmf(tone: string): Promise<void> {
    const call = this.outgoingCall;
    if (!/^[0-9A-D#*]$/.test(tone) || call?.state !== SessionState.Established) return;
    const sdh = call.sessionDescriptionHandler;
    if (sdh instanceof Web.SessionDescriptionHandler && sdh.sendDtmf(tone)) return;
    await call.info({ requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=160` } } });
  }

  private handler(): Web.SessionDescriptionHandler | undefined {
    const sdh = this.invitation?.sessionDescriptionHandler;
    return sdh instanceof Web.SessionDescriptionHandler ? sdh : undefined;
  }

  /** Opens the chosen microphone (the default if it is gone) and records why it could not be, for the message. */
  private readonly captureMicrophone = async (constraints: MediaStreamConstraints): Promise<MediaStream> => {
    const deviceId = this.devices.microphone();
    try {
      if (deviceId && constraints.audio) {
        try {
          return await navigator.mediaDevices.getUserMedia({ ...constraints, audio: { deviceId: { exact: deviceId } } });
        } catch (error) {
          if (!(error instanceof DOMException && (error.name === 'OverconstrainedError' || error.name === 'NotFoundError'))) throw error;
          this.events.notice('The chosen microphone is not available; the default microphone is used.');
        }
      }
      return await navigator.mediaDevices.getUserMedia(constraints);
    } catch (error) {
      this.mediaError = error;
      throw error;
    }
  };

  /**
   * Each attempt gets a new user agent and WebSocket: an old socket whose path went silent may take a minute to close,
   * and nothing from it must be waited for.
   */
  private connect(): void {
    const account = this.account;
    if (!account || !this.wanted) return;
    // While retrying, the screen keeps saying "Not reachable" (its countdown reads "now") until an attempt succeeds.
    if (this.attempt === 0) this.events.status({ kind: 'connecting' });
    this.dropUserAgent();
    const userAgent: UserAgent = new UserAgent({
      uri: UserAgent.makeURI(account.aor),
      authorizationUsername: account.user,
      authorizationPassword: account.password,
      displayName: this.config.displayName || undefined,
      transportOptions: { server: account.server, connectionTimeout: Math.max(2, this.config.keepAliveTimeoutSeconds) },
      // Reconnection is ours (with backoff and on-screen status), not sip.js's fixed-delay one.
      reconnectionAttempts: 0,
      logLevel: 'warn',
      userAgentString: 'ivr-agent-softphone',
      sessionDescriptionHandlerFactory: Web.defaultSessionDescriptionHandlerFactory(this.captureMicrophone),
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: this.config.iceServers } },
      delegate: {
        onConnect: () => userAgent === this.userAgent && this.register(),
        onDisconnect: (error) => userAgent === this.userAgent && error && this.connectionLost('Connection to the SIP server lost.'),
        onInvite: (invitation) => this.onInvite(invitation),
        onMessage: (message) => (userAgent === this.userAgent ? this.events.message(message) : void message.reject().catch(() => undefined)),
      },
    });
    this.userAgent = userAgent;
    userAgent.start().catch(() => {
      if (userAgent === this.userAgent) this.retry(() => this.connect(), `Cannot reach the SIP server at ${account.server}.`);
    });
  }

  /** Lets the current user agent go without waiting for it (its socket may never answer again). */
  private dropUserAgent(): void {
    const old = this.userAgent;
    this.userAgent = undefined;
    if (old) this.events.disconnected();
    this.disposeRegisterer();
    if (old && old.state === UserAgentState.Started) void old.stop().catch(() => undefined);
  }

  /** Schedules `action` after the next backoff delay and says so on screen, with the moment it will run. */
  private retry(action: () => void, reason: string): void {
    if (!this.wanted) return;
    clearTimeout(this.retryTimer);
    this.stopKeepAlive();
    this.attempt += 1;
    const inMs = reconnectDelay(this.attempt, this.config.reconnect);
    this.events.status({ kind: 'retrying', reason, at: Date.now() + inMs });
    this.retryAction = action;
    this.retryTimer = setTimeout(() => {
      this.retryAction = undefined;
      action();
    }, inMs);
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
        this.startKeepAlive(userAgent);
        this.events.connected(userAgent);
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

  /**
   * Proves the path to the server every few seconds with an OPTIONS request: any answer (a 200, a 401 challenge, a 405)
   * shows the server got it. A WebSocket whose packets are silently dropped stays "open" to the browser; only a
   * missing answer tells.
   */
  private startKeepAlive(userAgent: UserAgent): void {
    this.stopKeepAlive();
    const account = this.account;
    const target = account && UserAgent.makeURI(`sip:${account.aor.split('@')[1]}`);
    const self = account && UserAgent.makeURI(account.aor);
    if (!target || !self) return;
    this.keepAliveTimer = setInterval(() => {
      if (this.keepAliveWait !== undefined || userAgent !== this.userAgent) return;
      const answered = () => {
        clearTimeout(this.keepAliveWait);
        this.keepAliveWait = undefined;
      };
      this.keepAliveWait = setTimeout(() => {
        this.keepAliveWait = undefined;
        if (userAgent === this.userAgent) this.connectionLost('The SIP server stopped answering (no answer for several seconds).');
      }, this.config.keepAliveTimeoutSeconds * 1000);
      try {
        const core = userAgent.userAgentCore;
        core.request(core.makeOutgoingRequestMessage('OPTIONS', target, self, target, {}), {
          onAccept: answered,
          onReject: answered,
          onRedirect: answered,
          onProgress: answered,
          onTrying: answered,
        });
      } catch {
        // Sending failed: the timeout above reports it.
      }
    }, this.config.keepAliveSeconds * 1000);
  }

  private stopKeepAlive(): void {
    clearInterval(this.keepAliveTimer);
    clearTimeout(this.keepAliveWait);
    this.keepAliveTimer = undefined;
    this.keepAliveWait = undefined;
  }

  /** Detached first, so its state changes while disposing cannot schedule a retry. */
  private disposeRegisterer(): void {
    const registerer = this.registerer;
    this.registerer = undefined;
    void registerer?.dispose().catch(() => undefined);
  }

  private connectionLost(reason: string): void {
    this.stopKeepAlive();
    this.retry(() => this.connect(), reason);
    const invitation = this.invitation;
    if (invitation) {
      // No signalling, so no BYE can reach the PBX: it ends the agent's leg when the browser's RTP stops (rtp_timeout).
      this.finishCall('The connection to the server was lost; the call ended.');
      void invitation.dispose().catch(() => undefined);
    }
    this.dropUserAgent();
  }

  private onInvite(invitation: Invitation): void {
    if (this.invitation || !this.wanted) {
      void invitation.reject({ statusCode: 486 });
      return;
    }
    this.invitation = invitation;
    this.held = false;
    this.muted = false;
    this.transferred = false;
    const headers = extraHeaders(invitation.request.headers);
    const allow = invitation.request.getHeader('allow');
    const identity = invitation.remoteIdentity;
    invitation.stateChange.addListener((state) => {
      if (invitation !== this.invitation) return;
      if (state === SessionState.Established) {
        this.playRemoteAudio();
        this.watchMedia(invitation);
        this.events.established();
      } else if (state === SessionState.Terminated && !this.answering) {
        this.finishCall();
      }
    });
    this.events.incoming({
      // sip.js types displayName as a string, but it is undefined when From has none (as Asterisk sends it).
      caller: callerLabel({ displayName: identity.displayName ?? '', number: identity.uri.user ?? '' }),
      department: departmentOf(headers),
      transferredFrom: transferredFromOf(headers),
      language: languageOf(headers),
      headers,
      // RFC 3261 20.5: without Allow nothing is known; a PBX that lists its methods and omits INVITE cannot take a hold re-INVITE.
      canHold: allow === undefined || /\bINVITE\b/i.test(allow),
      receivedAt: Date.now(),
    });
  }

  /**
   * Once a second: is audio arriving, and is ICE connected? No new packet for 3 s (outside hold, when the PBX sends
   * none) or ICE failed/disconnected counts as lost: the agent is told, an ICE restart is tried, and if the audio is
   * not back within mediaGiveUpSeconds the call ends with a BYE whose Reason lets the PBX play the caller the prompt.
   */
  private watchMedia(invitation: Invitation): void {
    clearInterval(this.mediaTimer);
    let lastPackets = -1;
    let lastChange = Date.now();
    let lostSince: number | undefined;
    let restarted = false;
    this.mediaTimer = setInterval(async () => {
      const pc = this.handler()?.peerConnection;
      if (invitation !== this.invitation || invitation.state !== SessionState.Established || !pc) return;
      let packets = 0;
      (await pc.getStats()).forEach((r: { type: string; kind?: string; packetsReceived?: number }) => {
        if (r.type === 'inbound-rtp' && r.kind === 'audio') packets += r.packetsReceived ?? 0;
      });
      const now = Date.now();
      if (packets !== lastPackets || this.held) {
        lastPackets = packets;
        lastChange = now;
      }
      const ice = pc.iceConnectionState;
      const flowing = now - lastChange < 3000 && ice !== 'failed' && ice !== 'disconnected';
      if (flowing) {
        if (lostSince !== undefined) this.events.media('ok');
        lostSince = undefined;
        restarted = false;
        return;
      }
      if (lostSince === undefined) {
        lostSince = now;
        this.events.media('lost');
      }
      if (!restarted) {
        restarted = true;
        this.restartIce(invitation);
      }
      if (now - lostSince >= this.config.mediaGiveUpSeconds * 1000) {
        // Finished here first, so the session's own end (the BYE's answer) is not taken for a normal one.
        this.finishCall('The call audio was lost and could not be restored, so the call was ended. The caller hears the department\'s message.');
        void invitation.bye({ requestOptions: { extraHeaders: [mediaLostReason] } }).catch(() => undefined);
      }
    }, 1000);
  }

  private restartIce(invitation: Invitation): void {
    invitation
      .invite({ sessionDescriptionHandlerOptions: { hold: this.held, offerOptions: { iceRestart: true } } as Web.SessionDescriptionHandlerOptions })
      .catch(() => undefined);
  }

  private playRemoteAudio(session: Session | undefined = this.invitation): void {
    const sdh = session?.sessionDescriptionHandler;
    const stream = sdh instanceof Web.SessionDescriptionHandler ? sdh.remoteMediaStream : undefined;
    if (!stream) return;
    this.remoteAudio.srcObject = stream;
    this.remoteAudio.play().catch(() => this.events.notice('The browser blocked the caller\'s audio. Click anywhere on the page to hear the caller.'));
  }

  private finishCall(problem?: string): void {
    clearInterval(this.mediaTimer);
    this.invitation = undefined;
    this.mediaError = undefined;
    this.remoteAudio.srcObject = null;
    this.endConsultation();
    if (this.transferred && !problem) this.events.transfer({ kind: 'transferred' });
    else this.events.ended(problem);
    this.transferred = false;
    // Signed out or stood down during the call: the user agent kept for it goes now.
    if (!this.wanted && this.userAgent) {
      const userAgent = this.userAgent;
      this.userAgent = undefined;
      void userAgent.stop().catch(() => undefined);
    }
  }
}
