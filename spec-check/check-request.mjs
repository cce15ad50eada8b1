// Checks one captured HTTP request to a rest-json AWS API against the AWS SDK's service model (api-model.mjs).
// Usage: node spec-check/check-request.mjs SERVICE OPERATION METHOD PATH BODY.json   (e.g. lexv2-runtime PutSession POST /bots/...)
// Prints each error and a summary line; exit 1 on any error.
import { readFileSync } from 'node:fs';
import { checkRestJsonRequest } from './api-model.mjs';

const [service, operation, method, path, bodyFile] = process.argv.slice(2);
const errors = checkRestJsonRequest(service, operation, { method, path, body: JSON.parse(readFileSync(bodyFile, 'utf8')) });
for (const e of errors) console.log(`api-calls: ERROR ${e}`);
console.log(`api-calls: ${service} ${operation}, ${errors.length} errors`);
process.exitCode = errors.length ? 1 : 0;
