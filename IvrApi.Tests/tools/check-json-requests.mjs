// Checks captured requests to an AWS JSON-protocol API (X-Amz-Target) against the AWS SDK's service model, with the
// one checker spec-check uses (spec-check/api-model.mjs, botocore models from python3-botocore).
// Usage: node check-json-requests.mjs SERVICE REQUESTS.json, where REQUESTS.json is
//   [{ "target": "<X-Amz-Target>", "contentType": "<Content-Type>", "signingName": "<from Authorization>", "body": {...} }]
// Prints each error and a summary line; exit 1 on any error.
import { readFileSync } from 'node:fs';
import { model, checkInput } from '../../spec-check/api-model.mjs';

// Rules the API reference states in prose, which the model cannot carry; each with its page.
const DOCUMENTED = {
  // "If you don't use the SDK and instead generate a raw HTTP request to the Secrets Manager service endpoint, then
  // you must generate a ClientRequestToken and include it in the request."
  // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html (and API_PutSecretValue.html)
  'secretsmanager.CreateSecret': [
    (input) => (input.ClientRequestToken ? undefined : 'a raw request must send ClientRequestToken'),
    // "The secret name can contain ASCII letters, numbers, and the following characters: /_+=.@-"
    (input) => (/^[A-Za-z0-9/_+=.@-]+$/.test(input.Name ?? '') ? undefined : `Name ${input.Name} has characters a secret name cannot`),
  ],
  'secretsmanager.PutSecretValue': [
    (input) => (input.ClientRequestToken ? undefined : 'a raw request must send ClientRequestToken'),
  ],
  // "You can't use both this parameter and the RecoveryWindowInDays parameter."
  // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
  'secretsmanager.DeleteSecret': [
    (input) => (input.ForceDeleteWithoutRecovery && input.RecoveryWindowInDays !== undefined ? 'ForceDeleteWithoutRecovery with RecoveryWindowInDays' : undefined),
  ],
};

const [service, file] = process.argv.slice(2);
const m = model(service);
const { targetPrefix, jsonVersion, protocol, signingName } = m.metadata;
const requests = JSON.parse(readFileSync(file, 'utf8'));
let errors = 0;
const report = (i, text) => { errors += 1; console.log(`api-calls: ERROR request ${i}: ${text}`); };
requests.forEach((request, i) => {
  if (protocol !== 'json') report(i, `${service} speaks ${protocol}, not the JSON protocol`);
  const [prefix, operation] = (request.target ?? '').split('.');
  if (prefix !== targetPrefix || !m.operations[operation]) {
    report(i, `X-Amz-Target ${request.target} is not ${targetPrefix}.<an operation of ${service}>`);
    return;
  }
  if (request.contentType !== `application/x-amz-json-${jsonVersion}`) report(i, `Content-Type ${request.contentType}, the model says application/x-amz-json-${jsonVersion}`);
  if (request.signingName !== (signingName ?? m.metadata.endpointPrefix)) report(i, `signed for ${request.signingName}, the model says ${signingName}`);
  for (const e of checkInput(service, operation, request.body)) report(i, e);
  for (const rule of DOCUMENTED[`${service}.${operation}`] ?? []) {
    const problem = rule(request.body ?? {});
    if (problem) report(i, `${operation}: ${problem}`);
  }
});
console.log(`api-calls: ${service} ${requests.map((r) => r.target?.split('.')[1]).join(' ')}, ${errors} errors`);
process.exitCode = errors ? 1 : 0;
