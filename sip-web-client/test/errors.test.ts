import { describe, expect, it } from 'vitest';
import { reconnectDelay } from '../src/backoff';
import { mediaErrorMessage, registrationRefusal } from '../src/errors';

describe('registrationRefusal', () => {
  it.each([401, 403, 404, 407])('treats %d as a refusal that retrying cannot fix', (code) => {
    expect(registrationRefusal(code, 'Forbidden')).toBe(`Registration refused by the server (${code} Forbidden). Check the extension and password.`);
  });

  it.each([408, 480, 500, 503])('leaves %d to the retry loop', (code) => {
    expect(registrationRefusal(code, 'x')).toBeUndefined();
  });
});

describe('mediaErrorMessage', () => {
  it('names the microphone problem', () => {
    expect(mediaErrorMessage(new DOMException('denied', 'NotAllowedError'))).toMatch(/Microphone access was denied/);
    expect(mediaErrorMessage(new DOMException('none', 'NotFoundError'))).toMatch(/No microphone was found/);
    expect(mediaErrorMessage(new DOMException('busy', 'NotReadableError'))).toMatch(/in use by another program/);
    expect(mediaErrorMessage('weird')).toMatch(/could not start the audio/);
  });
});

describe('reconnectDelay', () => {
  const options = { firstDelayMs: 1000, maxDelayMs: 30_000 };

  it('tries the first time at once', () => {
    expect(reconnectDelay(1, options, () => 1)).toBe(0);
  });

  it('doubles up to the maximum', () => {
    expect([2, 3, 4, 5, 6, 7, 12].map((n) => reconnectDelay(n, options, () => 1))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it('spreads attempts over the upper half of each step', () => {
    expect(reconnectDelay(4, options, () => 0)).toBe(2000);
    expect(reconnectDelay(4, options, () => 0.5)).toBe(3000);
  });
});
