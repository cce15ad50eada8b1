// Sign-in settings: defaults, then config.json served next to the app, then URL query parameters.
// A password is never taken from either source: it would sit in a file anyone can fetch or in browser history.

export interface ReconnectOptions {
  /** Delay before the second attempt; the first attempt is immediate. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export interface PhoneConfig {
  /** SIP over WebSocket server, e.g. wss://pbx.example.com:8089/ws */
  server: string;
  /** SIP URI (sip:agent@pbx.example.com) or a bare extension (agent). */
  uri: string;
  /** Domain for a bare extension; defaults to the server's host name. */
  domain: string;
  displayName: string;
  iceServers: RTCIceServer[];
  /** Registration lifetime requested from the registrar, in seconds. */
  registerExpires: number;
  reconnect: ReconnectOptions;
  /** How often the page asks the server for a sign of life (SIP OPTIONS), in seconds. */
  keepAliveSeconds: number;
  /** How long an answer to that may take before the server counts as unreachable, in seconds. */
  keepAliveTimeoutSeconds: number;
  /** How long the audio may stay lost in a call (while an ICE restart is tried) before the call is ended, in seconds. */
  mediaGiveUpSeconds: number;
  /** How many past calls the history keeps. */
  historySize: number;
  /** Departments offered for a blind transfer besides the agent's own (names as in the directory). */
  departments: string[];
}

export const defaultConfig: PhoneConfig = {
  server: '',
  uri: '',
  domain: '',
  displayName: '',
  iceServers: [],
  registerExpires: 300,
  // A low ceiling: an agent who cannot be reached loses calls, and an attempt is one TCP handshake; jitter spreads agents.
  reconnect: { firstDelayMs: 1000, maxDelayMs: 3000 },
  keepAliveSeconds: 4,
  keepAliveTimeoutSeconds: 4,
  mediaGiveUpSeconds: 12,
  historySize: 10,
  departments: [],
};

/** Fields a query parameter may set; everything else only comes from config.json. */
const queryFields = ['server', 'uri', 'domain', 'displayName'] as const;

export interface LoadedConfig {
  config: PhoneConfig;
  /** Problems worth telling the agent about, in words. */
  warnings: string[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const positive = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);

/** Applies the fields of `json` that have the expected type; unknown fields are ignored. */
export function mergeConfig(base: PhoneConfig, json: Json, warnings: string[]): PhoneConfig {
  const config: PhoneConfig = { ...base, reconnect: { ...base.reconnect } };
  for (const key of queryFields) {
    const value = json[key];
    if (typeof value === 'string') config[key] = value.trim();
    else if (value !== undefined) warnings.push(`Setting "${key}" in config.json must be text; it was ignored.`);
  }
  if (Array.isArray(json.iceServers)) {
    config.iceServers = json.iceServers.filter((s): s is RTCIceServer => isObject(s) && (typeof s.urls === 'string' || Array.isArray(s.urls)));
  }
  if (Array.isArray(json.departments)) {
    config.departments = json.departments.filter((d): d is string => typeof d === 'string' && /^[a-z0-9_]{1,64}$/.test(d));
  }
  config.registerExpires = positive(json.registerExpires) ?? config.registerExpires;
  config.historySize = positive(json.historySize) ?? config.historySize;
  config.keepAliveSeconds = positive(json.keepAliveSeconds) ?? config.keepAliveSeconds;
  config.keepAliveTimeoutSeconds = positive(json.keepAliveTimeoutSeconds) ?? config.keepAliveTimeoutSeconds;
  config.mediaGiveUpSeconds = positive(json.mediaGiveUpSeconds) ?? config.mediaGiveUpSeconds;
  if (isObject(json.reconnect)) {
    config.reconnect.firstDelayMs = positive(json.reconnect.firstDelayMs) ?? config.reconnect.firstDelayMs;
    config.reconnect.maxDelayMs = positive(json.reconnect.maxDelayMs) ?? config.reconnect.maxDelayMs;
  }
  if ('password' in json) warnings.push('config.json contains a password; it was ignored. Type the password at sign-in.');
  return config;
}

/** Loopback names and addresses: the only hosts a plain ws:// connection may go to (a development server on this machine). */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Whether a server named in the page's address may prefill the sign-in form: only the configured server, or one on the
 * host that serves this page. Anything else could be a phishing link sending the agent's password elsewhere.
 */
export function serverAllowedFromLink(server: string, configured: string, pageHostname: string): boolean {
  if (configured !== '' && server === configured) return true;
  try {
    return new URL(server).hostname.toLowerCase() === pageHostname.toLowerCase();
  } catch {
    return false;
  }
}

const pageHostname = (href: string): string => {
  try {
    return new URL(href).hostname;
  } catch {
    return '';
  }
};

export async function loadConfig(configUrl: string, search: string, fetchFn: typeof fetch = fetch): Promise<LoadedConfig> {
  const warnings: string[] = [];
  let config = defaultConfig;
  try {
    const response = await fetchFn(configUrl, { cache: 'no-store' });
    // A server that answers every path with index.html (an SPA fallback) has no config.json either.
    const isJson = response.headers.get('content-type')?.includes('json') ?? false;
    if (response.ok && isJson) {
      const json: unknown = await response.json();
      if (isObject(json)) config = mergeConfig(config, json, warnings);
      else warnings.push('config.json is not a JSON object; it was ignored.');
    } else if (!response.ok && response.status !== 404) {
      warnings.push(`config.json could not be loaded (HTTP ${response.status}).`);
    }
  } catch {
    warnings.push('config.json is not valid JSON or could not be fetched; it was ignored.');
  }
  const params = new URLSearchParams(search);
  const fromQuery: Json = {};
  for (const key of queryFields) {
    const value = params.get(key);
    if (value !== null) fromQuery[key] = value;
  }
  const linked = fromQuery.server;
  if (typeof linked === 'string' && !serverAllowedFromLink(linked.trim(), config.server, pageHostname(configUrl))) {
    delete fromQuery.server;
    warnings.push(`The link named another server (${linked.slice(0, 100)}); it was ignored. Sign in only to your own phone system.`);
  }
  config = mergeConfig(config, fromQuery, warnings);
  if (params.has('password')) warnings.push('A password in the page address is ignored and has been removed from it.');
  return { config, warnings };
}

/** The address bar without a password parameter, or undefined when there is none to remove. */
export function urlWithoutPassword(href: string): string | undefined {
  const url = new URL(href);
  if (!url.searchParams.has('password')) return undefined;
  url.searchParams.delete('password');
  return url.toString();
}

export interface SignInFields {
  server: string;
  uri: string;
  password: string;
}

export interface Account {
  server: string;
  /** Full SIP URI of the agent, e.g. sip:agent@127.0.0.1 */
  aor: string;
  /** User part of the URI: the digest user name. */
  user: string;
  password: string;
}

/** Validates the sign-in form; returns the account or a message in words. */
export function toAccount(fields: SignInFields, domain: string): Account | string {
  let server: URL;
  try {
    server = new URL(fields.server.trim());
  } catch {
    return 'The server address is not a valid URL (example: wss://pbx.example.com:8089/ws).';
  }
  if (server.protocol !== 'wss:' && !(server.protocol === 'ws:' && isLoopback(server.hostname))) {
    return 'The server address must start with wss:// (ws:// only for a test server on this computer).';
  }
  const input = fields.uri.trim().replace(/^sips?:/i, '');
  if (input === '') return 'Enter your SIP URI or extension.';
  const [user, host] = input.includes('@') ? input.split('@', 2) : [input, domain || server.hostname];
  if (!user || !host || !/^[\w.!~*'()&=+$,;?/%-]+$/.test(user) || !/^[\w.:[\]-]+$/.test(host)) {
    return 'The SIP URI or extension is not valid (example: agent or sip:agent@pbx.example.com).';
  }
  if (fields.password === '') return 'Enter your password.';
  return { server: server.toString(), aor: `sip:${user}@${host}`, user, password: fields.password };
}
