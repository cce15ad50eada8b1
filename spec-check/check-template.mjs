// Checks one synthesized CloudFormation template offline against AWS's published specifications:
//   cfn-schema  resource types, properties, required properties, value types and enums (registry schemas)
//   iam         actions and resource ARNs (Service Authorization Reference)
//   runtimes    Lambda runtimes at least 180 days from deprecation (lambda-runtimes.json)
//   api-calls   every call the template's custom resources make (AwsCustomResource calls and the Chime
//               provisioner run on the template's own properties) against the AWS SDK service models
// Usage: node spec-check/check-template.mjs TEMPLATE.json   Prints one summary line per check; exit 1 on any error.
import { readFileSync } from 'node:fs';
import { checkSchemas } from './cfn-schema.mjs';
import { checkIam } from './iam.mjs';
import { checkRuntimes } from './runtimes.mjs';
import { checkCall, serviceIdFor } from './api-model.mjs';
import { render, UNKNOWN } from './intrinsics.mjs';
import { createHandlers } from '../deploy-cdk/chime-provisioner/provisioner.mjs';

// What CDK's AwsCustomResource writes for PhysicalResourceIdReference: the physical id, known at deploy time.
const PHYSICAL_RESOURCE_ID = 'PHYSICAL:RESOURCEID:';

/** The AwsCustomResource calls (Create/Update/Delete JSON documents) of Custom::AWS resources. */
function awsSdkCalls(template) {
  const calls = [];
  for (const [id, r] of Object.entries(template.Resources ?? {})) {
    if (r.Type !== 'Custom::AWS') continue;
    for (const phase of ['Create', 'Update', 'Delete']) {
      if (r.Properties?.[phase] === undefined) continue;
      const text = render(r.Properties[phase]).replaceAll(UNKNOWN, '\\u0000').replaceAll(PHYSICAL_RESOURCE_ID, '\\u0000');
      const call = JSON.parse(text);
      calls.push({ where: `${id}.${phase}`, service: serviceIdFor(call.service), operation: call.action[0].toUpperCase() + call.action.slice(1), input: call.parameters ?? {} });
    }
  }
  return calls;
}

// Plausible answers of Chime SDK Voice, shaped as its API reference documents them, so the handlers run through.
const PHYSICAL_IDS_SIP_RULE = '66666666-7777-8888-9999-000000000000';
const VOICE_CONNECTOR = { VoiceConnector: { VoiceConnectorId: 'abcdef1ghij2klmno3pqr4', VoiceConnectorArn: 'arn:aws:chime:us-east-1:111111111111:vc/abcdef1ghij2klmno3pqr4', OutboundHostName: 'abcdef1ghij2klmno3pqr4.voiceconnector.chime.aws' } };
const SIP_MEDIA_APPLICATION = { SipMediaApplication: { SipMediaApplicationId: '11111111-2222-4333-8444-555555555555', SipMediaApplicationArn: 'arn:aws:chime:us-east-1:111111111111:sma/11111111-2222-4333-8444-555555555555' } };
const ANSWERS = {
  CreateVoiceConnector: VOICE_CONNECTOR,
  UpdateVoiceConnector: VOICE_CONNECTOR,
  CreateSipMediaApplication: SIP_MEDIA_APPLICATION,
  UpdateSipMediaApplication: SIP_MEDIA_APPLICATION,
  SearchAvailablePhoneNumbers: { E164PhoneNumbers: ['+18335550100'] },
  CreatePhoneNumberOrder: { PhoneNumberOrder: { PhoneNumberOrderId: '11111111-2222-3333-4444-555555555555' } },
  GetPhoneNumberOrder: { PhoneNumberOrder: { Status: 'Successful' } },
  CreateSipRule: { SipRule: { SipRuleId: PHYSICAL_IDS_SIP_RULE } },
};

// The physical id CloudFormation hands back on update and delete: what the handler returned on create.
const PHYSICAL_IDS = {
  'Custom::ChimeVoiceConnector': VOICE_CONNECTOR.VoiceConnector.VoiceConnectorId,
  'Custom::ChimeVoiceConnectorOrigination': `${VOICE_CONNECTOR.VoiceConnector.VoiceConnectorId}-origination`,
  'Custom::ChimeSipMediaApplication': SIP_MEDIA_APPLICATION.SipMediaApplication.SipMediaApplicationId,
  'Custom::ChimePhoneNumber': '+18335550100',
  'Custom::ChimeSipRule': PHYSICAL_IDS_SIP_RULE,
};

/** Runs the Chime provisioner on each of its resources' template properties (as CloudFormation passes them: strings). */
async function provisionerCalls(template) {
  const calls = [];
  for (const [id, r] of Object.entries(template.Resources ?? {})) {
    if (!(r.Type in PHYSICAL_IDS)) continue;
    const props = Object.fromEntries(Object.entries(r.Properties).filter(([k]) => k !== 'ServiceToken').map(([k, v]) => [k, render(v)]));
    const send = (phase) => async (operation, input) => {
      calls.push({ where: `${id} ${phase}`, service: 'chime-sdk-voice', operation, input });
      return ANSWERS[operation] ?? {};
    };
    const event = (RequestType) => ({ RequestType, ResourceType: r.Type, ResourceProperties: props, OldResourceProperties: props,
      PhysicalResourceId: PHYSICAL_IDS[r.Type], Data: { OrderId: ANSWERS.CreatePhoneNumberOrder.PhoneNumberOrder.PhoneNumberOrderId } });
    for (const phase of ['Create', 'Update', 'Delete']) {
      const handlers = createHandlers(send(phase), { sleep: async () => {} });
      await handlers.onEvent(event(phase));
      await handlers.isComplete(event(phase));
    }
  }
  return calls;
}

export async function checkTemplate(template, today = new Date()) {
  const schema = checkSchemas(template);
  const iam = checkIam(template);
  const runtimes = checkRuntimes(template, today);
  const calls = [...awsSdkCalls(template), ...await provisionerCalls(template)];
  const api = calls.flatMap((c) => checkCall(c.service, c.operation, c.input).map((e) => `${c.where}: ${c.service} ${e}`));
  const resources = Object.keys(template.Resources ?? {}).length;
  return [
    { check: 'cfn-schema', errors: schema, summary: `${resources} resources` },
    { check: 'iam', errors: iam.errors, summary: `${iam.statements} statements` },
    { check: 'runtimes', errors: runtimes.errors, summary: `${runtimes.functions} functions` },
    { check: 'api-calls', errors: api, summary: `${calls.length} calls` },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const template = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const results = await checkTemplate(template);
  for (const { check, errors } of results) for (const e of errors) console.log(`${check}: ERROR ${e}`);
  for (const { check, errors, summary } of results) console.log(`${check}: ${summary}, ${errors.length} errors`);
  process.exitCode = results.some((r) => r.errors.length) ? 1 : 0;
}
