import { describe, expect, it } from 'vitest';
import { callerLabel, cleanValue, departmentLabel, departmentOf, extraHeaders, languageLabel, languageOf, transferredFromOf } from '../src/headers';

// Shaped as sip.js stores them: names "headerized", so X-LexInfo arrives as X-Lexinfo.
const inviteHeaders = {
  Via: [{ raw: 'SIP/2.0/WSS 10.0.0.1;branch=z9hG4bK1' }],
  'X-Lexinfo': [{ raw: 'history' }],
  'X-Callid': [{ raw: 'abc-123' }],
  From: [{ raw: '<sip:+15550100@10.0.0.1>;tag=1' }],
  'X-Account': [{ raw: 'gold' }, { raw: 'priority' }],
};

describe('extraHeaders', () => {
  it('keeps only X- headers, one entry per value, in arrival order', () => {
    expect(extraHeaders(inviteHeaders)).toEqual([
      { name: 'X-Lexinfo', value: 'history' },
      { name: 'X-Callid', value: 'abc-123' },
      { name: 'X-Account', value: 'gold' },
      { name: 'X-Account', value: 'priority' },
    ]);
  });

  it('returns nothing when the INVITE has no X- header', () => {
    expect(extraHeaders({ Via: [{ raw: 'x' }] })).toEqual([]);
  });
});

describe('departmentOf', () => {
  it.each(['X-LexInfo', 'X-Lexinfo', 'x-lexinfo', 'X-LEXINFO'])('finds the department under %s', (name) => {
    expect(departmentOf([{ name: 'X-Other', value: 'a' }, { name, value: 'math' }])).toBe('math');
  });

  it('is undefined without the header or with an empty value', () => {
    expect(departmentOf([{ name: 'X-Other', value: 'a' }])).toBeUndefined();
    expect(departmentOf([{ name: 'X-LexInfo', value: '' }])).toBeUndefined();
  });
});

describe('cleanValue', () => {
  it('removes control and format characters and collapses white space', () => {
    expect(cleanValue('  hist\u0000ory\r\n\u202Eart\t ')).toBe('hist ory art');
  });

  it('caps the length with an ellipsis', () => {
    const value = cleanValue('a'.repeat(200));
    expect(value).toHaveLength(64);
    expect(value.endsWith('…')).toBe(true);
  });

  it('leaves markup as plain text for textContent to show literally', () => {
    expect(cleanValue('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('departmentLabel', () => {
  it.each([
    ['history', 'History'],
    ['science', 'Science'],
    ['customer_service', 'Customer service'],
    ['after-hours', 'After hours'],
    ['unknown', 'No department selected'],
    ['UNKNOWN', 'No department selected'],
    [undefined, 'No department selected'],
  ])('%s → %s', (department, label) => {
    expect(departmentLabel(department)).toBe(label);
  });
});

describe('callerLabel', () => {
  it('shows name and number, the number alone, or Anonymous', () => {
    expect(callerLabel({ displayName: 'Alice', number: '+15550100' })).toBe('Alice <+15550100>');
    expect(callerLabel({ displayName: '+15550100', number: '+15550100' })).toBe('+15550100');
    expect(callerLabel({ displayName: '', number: '+15550100' })).toBe('+15550100');
    expect(callerLabel({ displayName: '', number: '' })).toBe('Anonymous');
  });
});

describe('transferredFromOf and languageOf', () => {
  it('read the transfer origin and the caller\'s language in any header case', () => {
    const headers = [{ name: 'X-Lexinfo', value: 'art' }, { name: 'X-Ivr-Transferred-From', value: 'history' }, { name: 'X-IVR-LANGUAGE', value: 'es' }];
    expect(transferredFromOf(headers)).toBe('history');
    expect(languageOf(headers)).toBe('es');
    expect(languageOf([{ name: 'x-ivr-language', value: 'EN' }])).toBe('en');
  });

  it('name the language in words, an unknown code as it came, and nothing when absent or empty', () => {
    expect(languageLabel('es')).toBe('Spanish');
    expect(languageLabel('en')).toBe('English');
    expect(languageLabel('fr')).toBe('fr');
    expect(languageOf([])).toBeUndefined();
    expect(transferredFromOf([{ name: 'X-IVR-Transferred-From', value: '' }])).toBeUndefined();
  });
});
