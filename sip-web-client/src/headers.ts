// What the screen pop shows, taken from the incoming INVITE. Header values come from the network:
// they are cleaned and capped here and only ever rendered as text.

/** The shape of sip.js's IncomingRequestMessage.headers: names "headerized" (X-LexInfo arrives as X-Lexinfo). */
export type SipHeaders = Record<string, ReadonlyArray<{ raw: string }>>;

export interface ExtraHeader {
  name: string;
  value: string;
}

export const maxValueLength = 64;

/** Drops control characters, collapses white space and caps the length. */
export function cleanValue(raw: string, max = maxValueLength): string {
  const text = raw.replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Every X- header of the request, in arrival order, one entry per value. */
export function extraHeaders(headers: SipHeaders): ExtraHeader[] {
  return Object.entries(headers)
    .filter(([name]) => /^x-/i.test(name))
    .flatMap(([name, values]) => values.map((v) => ({ name: cleanValue(name, 40), value: cleanValue(v.raw) })));
}

/** The value of the first X- header named `name` (any case), or undefined when absent or empty. */
function headerValue(headers: readonly ExtraHeader[], name: string): string | undefined {
  const value = headers.find((h) => h.name.toLowerCase() === name)?.value;
  return value === '' ? undefined : value;
}

/** The department the caller asked for, from X-LexInfo (header names are case-insensitive). */
export const departmentOf = (headers: readonly ExtraHeader[]): string | undefined => headerValue(headers, 'x-lexinfo');

/** The department the call was in before an agent transferred it, from X-IVR-Transferred-From. */
export const transferredFromOf = (headers: readonly ExtraHeader[]): string | undefined => headerValue(headers, 'x-ivr-transferred-from');

const languages: Record<string, string> = { en: 'English', es: 'Spanish' };

/** The caller's language code from X-IVR-Language, lower-case; undefined when absent. */
export const languageOf = (headers: readonly ExtraHeader[]): string | undefined => headerValue(headers, 'x-ivr-language')?.toLowerCase();

/** "en" → "English", "es" → "Spanish"; an unknown code is shown as it came. */
export const languageLabel = (code: string): string => languages[code] ?? code;

/** "history" → "History", "customer_service" → "Customer service"; no or "unknown" department says so. */
export function departmentLabel(department: string | undefined): string {
  if (department === undefined || department.toLowerCase() === 'unknown') return 'No department selected';
  const words = department.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface Caller {
  displayName: string;
  number: string;
}

/** "Alice <+15550100>", "+15550100" or "Anonymous". */
export function callerLabel(caller: Caller): string {
  const name = cleanValue(caller.displayName);
  const number = cleanValue(caller.number);
  if (name && number && name !== number) return `${name} <${number}>`;
  return name || number || 'Anonymous';
}
