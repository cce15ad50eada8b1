// Validates API requests against the AWS SDK's own service models: the botocore JSON models (Debian package
// python3-botocore), which keep what the JavaScript SDK's minified models drop: enums, patterns, lengths, ranges.
// Checks members, required members, types, enum, pattern, min/max, recursively.
import { readFileSync, readdirSync } from 'node:fs';
import { UNKNOWN } from './intrinsics.mjs';

export const MODELS_DIR = process.env.BOTOCORE_DATA || '/usr/lib/python3/dist-packages/botocore/data';

const models = new Map();
/** The newest model of a botocore service id such as "chime-sdk-voice", "lexv2-runtime", "dynamodb". */
export function model(service) {
  if (!models.has(service)) {
    let versions;
    try {
      versions = readdirSync(`${MODELS_DIR}/${service}`).sort();
    } catch {
      throw new Error(`No AWS SDK model for ${service} in ${MODELS_DIR} (install python3-botocore: scripts/ensure-apt.sh python3-botocore)`);
    }
    models.set(service, JSON.parse(readFileSync(`${MODELS_DIR}/${service}/${versions.at(-1)}/service-2.json`)));
  }
  return models.get(service);
}

/** Errors for `input` as the input of `operation` (exact operation name, e.g. "SearchAvailablePhoneNumbers"). */
export function checkInput(service, operation, input) {
  const m = model(service);
  const op = m.operations[operation];
  if (!op) return [`${service}: operation ${operation} does not exist`];
  const errors = [];
  if (op.input) checkShape(m, op.input.shape, input ?? {}, `${operation}`, errors);
  else if (input && Object.keys(input).length) errors.push(`${operation}: takes no input`);
  return errors;
}

/**
 * Errors for an HTTP request to a rest-json operation: path parameters are read back through the operation's
 * requestUri, the JSON body through the members' locationName, then all of it is checked as the input.
 */
export function checkRestJsonRequest(service, operation, { method, path, body }) {
  const m = model(service);
  const op = m.operations[operation];
  if (!op) return [`${service}: operation ${operation} does not exist`];
  const errors = [];
  if (method !== op.http.method) errors.push(`${operation}: method ${method}, the model says ${op.http.method}`);
  const names = [];
  const uri = op.http.requestUri.split('?')[0];
  const pattern = new RegExp(`^${uri.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+?)\+?\}/g, (_, n) => { names.push(n); return '([^/]+)'; })}$`);
  const found = pattern.exec(path.split('?')[0]);
  if (!found) return [...errors, `${operation}: path ${path} does not fit ${op.http.requestUri}`];
  const shape = m.shapes[op.input.shape];
  const input = {};
  for (const [member, ref] of Object.entries(shape.members)) {
    if (ref.location === 'uri') input[member] = decodeURIComponent(found[names.indexOf(ref.locationName ?? member) + 1]);
    else if (!ref.location && body && (ref.locationName ?? member) in body) input[member] = body[ref.locationName ?? member];
  }
  for (const key of Object.keys(body ?? {})) {
    if (!Object.entries(shape.members).some(([member, ref]) => !ref.location && (ref.locationName ?? member) === key)) {
      errors.push(`${operation}: body member ${key} is not in the model`);
    }
  }
  checkShape(m, op.input.shape, input, operation, errors);
  return errors;
}

function checkShape(m, shapeName, value, path, errors) {
  const shape = m.shapes[shapeName];
  const fail = (expected) => errors.push(`${path}: expected ${expected} (shape ${shapeName}), got ${JSON.stringify(value)}`);
  // Values known only at deploy time (CloudFormation references) are checked for presence, not content.
  if (value === UNKNOWN) return;
  switch (shape.type) {
    case 'structure': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return fail('an object');
      for (const name of shape.required ?? []) if (value[name] === undefined) errors.push(`${path}: missing required member ${name}`);
      for (const [name, item] of Object.entries(value)) {
        const member = shape.members[name];
        if (!member) errors.push(`${path}: unknown member ${name} (members: ${Object.keys(shape.members).join(', ')})`);
        else if (item !== undefined) checkShape(m, member.shape, item, `${path}.${name}`, errors);
      }
      return;
    }
    case 'list':
      if (!Array.isArray(value)) return fail('a list');
      bounds(shape, value.length, 'items', path, errors);
      value.forEach((item, i) => checkShape(m, shape.member.shape, item, `${path}[${i}]`, errors));
      return;
    case 'map':
      if (!value || typeof value !== 'object' || Array.isArray(value)) return fail('a map');
      bounds(shape, Object.keys(value).length, 'entries', path, errors);
      for (const [k, item] of Object.entries(value)) {
        checkShape(m, shape.key.shape, k, `${path}{key ${k}}`, errors);
        checkShape(m, shape.value.shape, item, `${path}.${k}`, errors);
      }
      return;
    case 'string':
      if (typeof value !== 'string') return fail('a string');
      if (value.includes(UNKNOWN)) return;
      bounds(shape, [...value].length, 'characters', path, errors);
      if (shape.enum && !shape.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of ${shape.enum.join(', ')} (shape ${shapeName})`);
      if (shape.pattern && !new RegExp(shape.pattern, 'u').test(value)) errors.push(`${path}: ${JSON.stringify(value)} does not match ${shape.pattern} (shape ${shapeName})`);
      return;
    case 'integer':
    case 'long':
      if (!Number.isInteger(value)) return fail('an integer');
      return bounds(shape, value, 'as value', path, errors);
    case 'float':
    case 'double':
      if (typeof value !== 'number') return fail('a number');
      return bounds(shape, value, 'as value', path, errors);
    case 'boolean':
      return typeof value === 'boolean' ? undefined : fail('a boolean');
    case 'timestamp':
      return typeof value === 'string' || typeof value === 'number' ? undefined : fail('a timestamp');
    case 'blob':
      return typeof value === 'string' ? undefined : fail('base64 text');
    default:
      errors.push(`${path}: shape type ${shape.type} not understood by this checker`);
  }
}

function bounds(shape, n, unit, path, errors) {
  if (shape.min !== undefined && n < shape.min) errors.push(`${path}: ${n} ${unit}, minimum ${shape.min}`);
  if (shape.max !== undefined && n > shape.max) errors.push(`${path}: ${n} ${unit}, maximum ${shape.max}`);
}

// Rules the API reference states in prose, which the model cannot carry; each with its page.
const DOCUMENTED_RULES = {
  'chime-sdk-voice.SearchAvailablePhoneNumbers': [
    // "For US numbers, provide at least one of the following search filters: AreaCode, City, State, or TollFreePrefix.
    // If you provide City, you must also provide State." https://docs.aws.amazon.com/chime-sdk/latest/APIReference/API_voice-chime_SearchAvailablePhoneNumbers.html
    (input) => ((input.Country ?? 'US') === 'US' && !['AreaCode', 'City', 'State', 'TollFreePrefix'].some((k) => input[k])
      ? 'US searches need at least one of AreaCode, City, State or TollFreePrefix' : undefined),
    (input) => (input.City && !input.State ? 'City needs State' : undefined),
  ],
};

/** checkInput plus the documented prose rules for the operation. */
export function checkCall(service, operation, input) {
  const errors = checkInput(service, operation, input);
  for (const rule of DOCUMENTED_RULES[`${service}.${operation}`] ?? []) {
    const problem = rule(input ?? {});
    if (problem) errors.push(`${operation}: ${problem}`);
  }
  return errors;
}

/** The botocore service id for a CDK AwsSdkCall service name ("ChimeSDKVoice", "DynamoDB", "@aws-sdk/client-dynamodb"). */
export function serviceIdFor(cdkService) {
  const wanted = cdkService.replace(/^@aws-sdk\/client-/, '').replace(/-/g, '').toLowerCase();
  const found = readdirSync(MODELS_DIR).find((dir) => dir.replace(/-/g, '') === wanted);
  if (!found) throw new Error(`No AWS SDK model matches service ${cdkService}`);
  return found;
}
