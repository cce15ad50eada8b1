import { describe, expect, it } from 'vitest';
import { defaultConfig, isLoopback, loadConfig, serverAllowedFromLink, toAccount, urlWithoutPassword } from '../src/config';

/** A fetch that serves one config.json body (or a status) and records what was asked. */
function serve(body: string | undefined, status = 200, contentType = 'application/json'): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  const fetchFn = (async (url: string) => {
    urls.push(url);
    return body === undefined ? new Response('not found', { status: 404 }) : new Response(body, { status, headers: { 'content-type': contentType } });
  }) as unknown as typeof fetch;
  return { fetch: fetchFn, urls };
}

describe('loadConfig', () => {
  it('uses the defaults when there is no config.json', async () => {
    const { config, warnings } = await loadConfig('http://h/config.json', '', serve(undefined).fetch);
    expect(config).toEqual(defaultConfig);
    expect(warnings).toEqual([]);
  });

  it('treats an HTML page served for config.json (SPA fallback) as no config.json', async () => {
    const { config, warnings } = await loadConfig('u', '', serve('<!doctype html>', 200, 'text/html').fetch);
    expect(config).toEqual(defaultConfig);
    expect(warnings).toEqual([]);
  });

  it('takes the departments offered for transfer, dropping names the directory would not allow', async () => {
    const { config } = await loadConfig('u', '', serve(JSON.stringify({ departments: ['art', 'History', 'math', 7, 'a b'] })).fetch);
    expect(config.departments).toEqual(['art', 'math']);
  });

  it('reads config.json from the given address and ignores unknown fields', async () => {
    const server = serve(JSON.stringify({ server: 'wss://pbx:8089/ws', uri: 'agent', iceServers: [{ urls: 'stun:stun.example.com' }, 'bad'], registerExpires: 120, reconnect: { maxDelayMs: 5000 }, openingHours: '9-5' }));
    const { config, warnings } = await loadConfig('http://h/app/config.json', '', server.fetch);
    expect(server.urls).toEqual(['http://h/app/config.json']);
    expect(config.server).toBe('wss://pbx:8089/ws');
    expect(config.uri).toBe('agent');
    expect(config.iceServers).toEqual([{ urls: 'stun:stun.example.com' }]);
    expect(config.registerExpires).toBe(120);
    expect(config.reconnect).toEqual({ firstDelayMs: 1000, maxDelayMs: 5000 });
    expect(warnings).toEqual([]);
  });

  it('lets query parameters override config.json, the server only on the page\'s own host', async () => {
    const { config, warnings } = await loadConfig('http://pbx/config.json', '?server=wss%3A%2F%2Fpbx%3A8089%2Fws&uri=sip%3A600%40pbx&historySize=99', serve(JSON.stringify({ server: 'wss://pbx/ws', uri: 'agent' })).fetch);
    expect(config.server).toBe('wss://pbx:8089/ws');
    expect(config.uri).toBe('sip:600@pbx');
    expect(warnings).toEqual([]);
    // Only sign-in fields may come from the address bar.
    expect(config.historySize).toBe(defaultConfig.historySize);
  });

  it('refuses a server in the link that is neither the configured one nor on the page\'s host (a phishing link), and says so', async () => {
    const { config, warnings } = await loadConfig('http://agents.example.com/config.json', '?server=wss%3A%2F%2Fevil.example.net%2Fws&uri=agent7', serve(JSON.stringify({ server: 'wss://pbx.example.com:8089/ws' })).fetch);
    expect(config.server).toBe('wss://pbx.example.com:8089/ws');
    expect(config.uri).toBe('agent7');
    expect(warnings).toEqual(['The link named another server (wss://evil.example.net/ws); it was ignored. Sign in only to your own phone system.']);
    // Without config.json, only the page's own host.
    expect((await loadConfig('http://agents.example.com/config.json', '?server=wss%3A%2F%2Fevil.example.net%2Fws', serve(undefined).fetch)).config.server).toBe('');
    expect((await loadConfig('http://agents.example.com/config.json', '?server=wss%3A%2F%2Fagents.example.com%3A8089%2Fws', serve(undefined).fetch)).config.server).toBe('wss://agents.example.com:8089/ws');
  });

  it.each([
    ['wss://pbx.example.com:8089/ws', 'wss://pbx.example.com:8089/ws', 'x.example', true],
    ['wss://page.example:8089/ws', '', 'page.example', true],
    ['wss://PAGE.example/ws', '', 'page.example', true],
    ['wss://page.example.evil.net/ws', '', 'page.example', false],
    ['wss://evil@page.example.evil.net/ws', 'wss://pbx/ws', 'page.example', false],
    ['not a url', '', 'page.example', false],
  ])('a linked server %s (configured %s, page %s) is allowed: %s', (server, configured, page, allowed) => {
    expect(serverAllowedFromLink(server, configured, page)).toBe(allowed);
  });

  it('never takes a password from config.json or the URL, and says so', async () => {
    const { config, warnings } = await loadConfig('http://h/config.json', '?password=secret', serve(JSON.stringify({ password: 'secret' })).fetch);
    expect(JSON.stringify(config)).not.toContain('secret');
    expect(warnings).toHaveLength(2);
    expect(warnings.join(' ')).toMatch(/config\.json contains a password/);
    expect(warnings.join(' ')).toMatch(/password in the page address is ignored/);
  });

  it('reports broken or wrongly typed configuration in words and keeps the defaults', async () => {
    expect((await loadConfig('u', '', serve('{not json').fetch)).warnings[0]).toMatch(/not valid JSON/);
    expect((await loadConfig('u', '', serve('[1,2]').fetch)).warnings[0]).toMatch(/not a JSON object/);
    expect((await loadConfig('u', '', serve('oops', 500).fetch)).warnings[0]).toMatch(/HTTP 500/);
    const typed = await loadConfig('u', '', serve(JSON.stringify({ server: 42, registerExpires: -1 })).fetch);
    expect(typed.config.server).toBe('');
    expect(typed.config.registerExpires).toBe(defaultConfig.registerExpires);
    expect(typed.warnings[0]).toMatch(/"server".*must be text/);
  });
});

describe('urlWithoutPassword', () => {
  it('removes only the password parameter', () => {
    expect(urlWithoutPassword('http://h/?uri=agent&password=x')).toBe('http://h/?uri=agent');
    expect(urlWithoutPassword('http://h/?uri=agent')).toBeUndefined();
  });
});

describe('toAccount', () => {
  const fields = { server: 'wss://pbx.example.com:8089/ws', uri: 'agent', password: 'pw' };

  it('turns an extension into a SIP URI on the server host, or on the configured domain', () => {
    expect(toAccount(fields, '')).toEqual({ server: 'wss://pbx.example.com:8089/ws', aor: 'sip:agent@pbx.example.com', user: 'agent', password: 'pw' });
    expect(toAccount(fields, '10.0.0.5')).toMatchObject({ aor: 'sip:agent@10.0.0.5' });
  });

  it('accepts a full SIP URI with or without the sip: scheme', () => {
    expect(toAccount({ ...fields, uri: 'sip:600300@127.0.0.1' }, '')).toMatchObject({ aor: 'sip:600300@127.0.0.1', user: '600300' });
    expect(toAccount({ ...fields, uri: ' 600300@pbx ' }, '')).toMatchObject({ aor: 'sip:600300@pbx', user: '600300' });
  });

  it('explains each invalid field in words', () => {
    expect(toAccount({ ...fields, server: 'wss://' }, '')).toMatch(/not a valid URL/);
    expect(toAccount({ ...fields, server: 'https://pbx/ws' }, '')).toMatch(/must start with wss:\/\//);
    expect(toAccount({ ...fields, server: 'pbx:8089' }, '')).toMatch(/must start with wss:\/\//);
    expect(toAccount({ ...fields, uri: '' }, '')).toMatch(/Enter your SIP URI/);
    expect(toAccount({ ...fields, uri: 'a b@pbx' }, '')).toMatch(/not valid/);
    expect(toAccount({ ...fields, uri: '<script>@pbx' }, '')).toMatch(/not valid/);
    expect(toAccount({ ...fields, password: '' }, '')).toMatch(/Enter your password/);
  });

  it('refuses unencrypted ws:// except to this computer (loopback development)', () => {
    expect(toAccount({ ...fields, server: 'ws://pbx.example.com:8088/ws' }, '')).toMatch(/must start with wss:\/\/ \(ws:\/\/ only for a test server on this computer\)/);
    expect(toAccount({ ...fields, server: 'ws://10.0.0.5/ws' }, '')).toMatch(/must start with wss:\/\//);
    expect(toAccount({ ...fields, server: 'ws://127.0.0.1:5066/ws' }, '')).toMatchObject({ server: 'ws://127.0.0.1:5066/ws' });
    expect(toAccount({ ...fields, server: 'ws://localhost:5066/ws' }, '')).toMatchObject({ server: 'ws://localhost:5066/ws' });
    expect(toAccount({ ...fields, server: 'ws://[::1]:5066/ws' }, '')).toMatchObject({ server: 'ws://[::1]:5066/ws' });
  });

  it.each([['localhost', true], ['127.0.0.1', true], ['127.10.0.2', true], ['[::1]', true], ['app.localhost', true], ['127.0.0.1.evil.net', false], ['localhost.evil.net', false], ['10.0.0.1', false]])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback);
  });
});
