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
  /** How many past calls the history keeps. */
  historySize: number;
}

export const defaultConfig: PhoneConfig = {
  server: '',
  uri: '',
  domain: '',
  displayName: '',
  iceServers: [],
  registerExpires: 300,
  reconnect: { firstDelayMs: 1000, maxDelayMs: 30000 },
  historySize: 10,
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
  config.registerExpires = positive(json.registerExpires) ?? config.registerExpires;
  config.historySize = positive(json.historySize) ?? config.historySize;
  if (isObject(json.reconnect)) {
    config.reconnect.firstDelayMs = positive(json.reconnect.firstDelayMs) ?? config.reconnect.firstDelayMs;
    config.reconnect.maxDelayMs = positive(json.reconnect.maxDelayMs) ?? config.reconnect.maxDelayMs;
  }
  if ('password' in json) warnings.push('config.json contains a password; it was ignored. Type the password at sign-in.');
  return config;
}

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
  if (server.protocol !== 'wss:' && server.protocol !== 'ws:') return 'The server address must start with wss:// (or ws:// for a local test server).';
  const input = fields.uri.trim().replace(/^sips?:/i, '');
  if (input === '') return 'Enter your SIP URI or extension.';
  const [user, host] = input.includes('@') ? input.split('@', 2) : [input, domain || server.hostname];
  if (!user || !host || !/^[\w.!~*'()&=+$,;?/%-]+$/.test(user) || !/^[\w.:[\]-]+$/.test(host)) {
    return 'The SIP URI or extension is not valid (example: agent or sip:agent@pbx.example.com).';
  }
  if (fields.password === '') return 'Enter your password.';
  return { server: server.toString(), aor: `sip:${user}@${host}`, user, password: fields.password };
}
