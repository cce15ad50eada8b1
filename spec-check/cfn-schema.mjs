// Checks a synthesized template against the CloudFormation registry schemas as carried by @aws-cdk/aws-service-spec
// (the database the CDK's own L1 classes are generated from): resource types, property names, required
// properties, value types through every nested type, and enumerated values.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { intrinsic, yieldsList, yieldsScalar } from './intrinsics.mjs';

const require = createRequire(import.meta.url);

let cached;
/** { resources: Map<cfnType, resource>, types: Map<$id, typeDefinition> } */
export function serviceSpec() {
  if (!cached) {
    const file = require.resolve('@aws-cdk/aws-service-spec/db.json.gz');
    const { schema } = JSON.parse(gunzipSync(readFileSync(file)));
    cached = {
      resources: new Map(schema.resource.entities.map((r) => [r.cloudFormationType, r])),
      types: new Map(schema.typeDefinition.entities.map((t) => [t.$id, t])),
    };
  }
  return cached;
}

// Resource attributes CloudFormation itself defines for every resource.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-product-attribute-reference.html
const RESOURCE_KEYS = new Set(['Type', 'Properties', 'DependsOn', 'Condition', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy',
  'UpdatePolicy', 'CreationPolicy']);
const POLICIES = { DeletionPolicy: ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'], UpdateReplacePolicy: ['Delete', 'Retain', 'Snapshot'] };

// Custom resources take any properties but ServiceToken (and ServiceTimeout) are CloudFormation's.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-customresource.html
const isCustom = (type) => type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';

/** Errors as "<LogicalId>.<path>: <problem>". */
export function checkSchemas(template) {
  const { resources, types } = serviceSpec();
  const errors = [];
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    for (const key of Object.keys(resource)) if (!RESOURCE_KEYS.has(key)) errors.push(`${id}: unknown resource attribute ${key}`);
    for (const [key, allowed] of Object.entries(POLICIES)) {
      if (key in resource && !allowed.includes(resource[key])) errors.push(`${id}.${key}: ${JSON.stringify(resource[key])} is not one of ${allowed.join(', ')}`);
    }
    // AWS::CDK::Metadata is the CDK's version-reporting resource, which CloudFormation accepts without a registry schema.
    if (resource.Type === 'AWS::CDK::Metadata') continue;
    if (isCustom(resource.Type)) {
      const spec = resources.get('AWS::CloudFormation::CustomResource');
      checkValue(spec.properties.ServiceToken.type, resource.Properties?.ServiceToken, `${id}.ServiceToken`, types, errors);
      if (resource.Properties?.ServiceToken === undefined) errors.push(`${id}: missing required property ServiceToken`);
      continue;
    }
    const spec = resources.get(resource.Type);
    if (!spec) {
      errors.push(`${id}: resource type ${resource.Type} does not exist`);
      continue;
    }
    checkObject(spec.properties, resource.Properties ?? {}, id, types, errors);
  }
  return errors;
}

function checkObject(properties, value, path, types, errors) {
  if (intrinsic(value)) return;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    errors.push(`${path}: expected an object, got ${JSON.stringify(value)}`);
    return;
  }
  for (const [name, property] of Object.entries(properties)) {
    if (property.required && value[name] === undefined) errors.push(`${path}: missing required property ${name}`);
  }
  for (const [name, item] of Object.entries(value)) {
    const property = properties[name];
    if (!property) errors.push(`${path}: unknown property ${name} (allowed: ${Object.keys(properties).join(', ')})`);
    else checkValue(property.type, item, `${path}.${name}`, types, errors);
  }
}

function checkValue(type, value, path, types, errors) {
  const fn = intrinsic(value);
  if (fn) {
    const fits = type.type === 'array' ? yieldsList(fn) : yieldsScalar(fn);
    if (!fits) errors.push(`${path}: ${fn} cannot stand for a ${type.type}`);
    return;
  }
  const fail = (expected) => errors.push(`${path}: expected ${expected}, got ${JSON.stringify(value)}`);
  switch (type.type) {
    case 'string':
    case 'date-timestamp':
      if (typeof value !== 'string') return fail('a string');
      if (type.allowedValues && !type.allowedValues.includes(value)) fail(`one of ${type.allowedValues.join(', ')}`);
      return;
    case 'integer':
      if (!Number.isInteger(value)) return fail('an integer');
      if (type.allowedValues && !type.allowedValues.includes(value)) fail(`one of ${type.allowedValues.join(', ')}`);
      return;
    case 'number':
      return typeof value === 'number' ? undefined : fail('a number');
    case 'boolean':
      return typeof value === 'boolean' ? undefined : fail('a boolean');
    case 'json':
      return value !== null && (typeof value === 'object' || typeof value === 'string') ? undefined : fail('a JSON object');
    case 'null':
      return value === null ? undefined : fail('null');
    case 'tag':
      return checkObject({ Key: { type: { type: 'string' }, required: true }, Value: { type: { type: 'string' }, required: true } }, value, path, types, errors);
    case 'array':
      if (!Array.isArray(value)) return fail('a list');
      value.forEach((item, i) => checkValue(type.element, item, `${path}[${i}]`, types, errors));
      return;
    case 'map':
      if (!value || typeof value !== 'object' || Array.isArray(value)) return fail('a map');
      for (const [key, item] of Object.entries(value)) checkValue(type.element, item, `${path}.${key}`, types, errors);
      return;
    case 'ref':
      return checkObject(types.get(type.reference.$ref).properties, value, path, types, errors);
    case 'union': {
      // Accepted when any member type accepts it without errors.
      const attempts = type.types.map((member) => { const e = []; checkValue(member, value, path, types, e); return e; });
      if (!attempts.some((e) => e.length === 0)) errors.push(...attempts.reduce((a, b) => (b.length < a.length ? b : a)));
      return;
    }
    default:
      errors.push(`${path}: schema type ${type.type} not understood by this checker`);
  }
}
