// CloudFormation intrinsic functions: recognising them where a value is expected, and rendering the strings they
// build (ARNs, JSON documents) with every value known only at deploy time replaced by UNKNOWN.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html

export const UNKNOWN = '\u0000';

const LIST_FUNCTIONS = new Set(['Fn::GetAZs', 'Fn::Split', 'Fn::Cidr']);
const FUNCTIONS = new Set(['Ref', 'Fn::GetAtt', 'Fn::Join', 'Fn::Sub', 'Fn::Select', 'Fn::Base64', 'Fn::If', 'Fn::FindInMap',
  'Fn::ImportValue', 'Fn::ToJsonString', 'Fn::Length', ...LIST_FUNCTIONS]);

/** The intrinsic function name when `node` is `{ "Fn::X": ... }` or `{ "Ref": ... }`, else undefined. */
export function intrinsic(node) {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  return keys.length === 1 && FUNCTIONS.has(keys[0]) ? keys[0] : undefined;
}

/** Whether the intrinsic can stand where a list is expected (a Ref or GetAtt may name a list-valued parameter or attribute). */
export const yieldsList = (fn) => LIST_FUNCTIONS.has(fn) || ['Ref', 'Fn::GetAtt', 'Fn::If', 'Fn::FindInMap', 'Fn::ImportValue', 'Fn::Select'].includes(fn);

/** Whether the intrinsic can stand where a single value is expected. */
export const yieldsScalar = (fn) => !LIST_FUNCTIONS.has(fn);

const PSEUDO = { 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com' };

/**
 * Renders a string-valued node. `arnOf(logicalId, attribute)` may say what form a resource's ARN has (from the
 * resource schemas); everything else unknown before deployment becomes UNKNOWN.
 */
export function render(node, arnOf = () => undefined) {
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  const fn = intrinsic(node);
  const arg = node?.[fn];
  switch (fn) {
    case 'Ref':
      return PSEUDO[arg] ?? arnOf(arg, 'Ref') ?? UNKNOWN;
    case 'Fn::GetAtt': {
      const [id, attribute] = Array.isArray(arg) ? arg : arg.split(/\.(.*)/s);
      return arnOf(id, attribute) ?? UNKNOWN;
    }
    case 'Fn::Join':
      return arg[1].map((part) => render(part, arnOf)).join(arg[0]);
    case 'Fn::Sub': {
      const [text, vars = {}] = Array.isArray(arg) ? arg : [arg];
      return text.replace(/\$\{([^}!]+)\}/g, (_, name) => (name in vars ? render(vars[name], arnOf)
        : PSEUDO[name] ?? (name.includes('.') ? arnOf(...name.split(/\.(.*)/s)) : arnOf(name, 'Ref')) ?? UNKNOWN));
    }
    case 'Fn::Base64':
      return render(arg, arnOf);
    default:
      return UNKNOWN;
  }
}
