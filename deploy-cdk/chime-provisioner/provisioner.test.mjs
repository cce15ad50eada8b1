// Runs with `node --test`. The fake Chime SDK Voice checks every request against the AWS SDK's service model for
// that operation (spec-check/api-model.mjs: members, required members, enums, patterns, lengths, plus the API
// reference's prose rules) and records the calls, so the tests see exactly what would be sent and in which order.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHandlers } from './provisioner.mjs';
import { checkCall } from '../../spec-check/api-model.mjs';

function error(name) {
  const e = new Error(name);
  e.name = name;
  return e;
}

/** A fake Chime SDK Voice: `replies[command]` is a list of results (objects) or errors (Error), consumed in order. */
function fakeChime(replies) {
  const calls = [];
  async function send(command, input) {
    assert.deepEqual(checkCall('chime-sdk-voice', command, input), [], `${command} ${JSON.stringify(input)}`);
    calls.push([command, input]);
    const reply = replies[command]?.shift();
    if (reply instanceof Error) throw reply;
    return reply ?? {};
  }
  return { send, calls, names: () => calls.map(([c]) => c) };
}

const noWait = { sleep: async () => {}, attempts: 3 };
const ruleProps = { Name: 'Ivr-inbound', TriggerType: 'ToPhoneNumber', TriggerValue: '+15555550100', SipMediaApplicationId: 'sma-1', AwsRegion: 'us-east-1' };
const numberProps = { ProductType: 'SipMediaApplicationDialIn', PhoneNumberType: 'Local', Country: 'US', AreaCode: '206' };

test('phone number create searches with the given criteria, orders the first hit and returns it', async () => {
  const chime = fakeChime({
    SearchAvailablePhoneNumbers: [{ E164PhoneNumbers: ['+12065550100', '+12065550101'] }],
    CreatePhoneNumberOrder: [{ PhoneNumberOrder: { PhoneNumberOrderId: '0a1b2c3d-0000-4000-8000-000000000001', Status: 'Processing' } }],
  });
  const { onEvent } = createHandlers(chime.send, noWait);
  const result = await onEvent({ RequestType: 'Create', ResourceType: 'Custom::ChimePhoneNumber', ResourceProperties: numberProps });
  assert.deepEqual(chime.calls, [
    ['SearchAvailablePhoneNumbers', { Country: 'US', PhoneNumberType: 'Local', MaxResults: 1, AreaCode: '206' }],
    ['CreatePhoneNumberOrder', { ProductType: 'SipMediaApplicationDialIn', E164PhoneNumbers: ['+12065550100'] }],
  ]);
  assert.deepEqual(result, { PhysicalResourceId: '+12065550100', Data: { E164PhoneNumber: '+12065550100', OrderId: '0a1b2c3d-0000-4000-8000-000000000001' } });
});

test('phone number create fails with advice when the search finds nothing', async () => {
  const chime = fakeChime({ SearchAvailablePhoneNumbers: [{ E164PhoneNumbers: [] }] });
  const { onEvent } = createHandlers(chime.send, noWait);
  await assert.rejects(onEvent({ RequestType: 'Create', ResourceType: 'Custom::ChimePhoneNumber', ResourceProperties: numberProps }), /phoneAreaCode/);
  assert.deepEqual(chime.names(), ['SearchAvailablePhoneNumbers']);
});

test('isComplete waits while the order is processing, finishes when successful, fails on a failed order', async () => {
  const chime = fakeChime({
    GetPhoneNumberOrder: [
      { PhoneNumberOrder: { Status: 'Processing' } },
      { PhoneNumberOrder: { Status: 'Successful' } },
      { PhoneNumberOrder: { Status: 'Failed', OrderedPhoneNumbers: [{ E164PhoneNumber: '+12065550100', Status: 'Failed' }] } },
    ],
  });
  const { isComplete } = createHandlers(chime.send, noWait);
  const event = { RequestType: 'Create', ResourceType: 'Custom::ChimePhoneNumber', Data: { OrderId: '0a1b2c3d-0000-4000-8000-000000000001' } };
  assert.deepEqual(await isComplete(event), { IsComplete: false });
  assert.deepEqual(await isComplete(event), { IsComplete: true });
  await assert.rejects(isComplete(event), /0a1b2c3d-0000-4000-8000-000000000001 ended Failed/);
  assert.deepEqual(chime.calls.map(([, input]) => input), Array(3).fill({ PhoneNumberOrderId: '0a1b2c3d-0000-4000-8000-000000000001' }));
});

test('isComplete does not poll for anything but a phone number order', async () => {
  const chime = fakeChime({});
  const { isComplete } = createHandlers(chime.send, noWait);
  assert.deepEqual(await isComplete({ RequestType: 'Delete', ResourceType: 'Custom::ChimePhoneNumber' }), { IsComplete: true });
  assert.deepEqual(await isComplete({ RequestType: 'Create', ResourceType: 'Custom::ChimeSipRule' }), { IsComplete: true });
  assert.equal(chime.calls.length, 0);
});

test('phone number update keeps the number instead of buying another', async () => {
  const chime = fakeChime({});
  const { onEvent } = createHandlers(chime.send, noWait);
  const result = await onEvent({ RequestType: 'Update', ResourceType: 'Custom::ChimePhoneNumber', PhysicalResourceId: '+12065550100', ResourceProperties: { ...numberProps, AreaCode: '312' } });
  assert.deepEqual(result, { PhysicalResourceId: '+12065550100', Data: { E164PhoneNumber: '+12065550100' } });
  assert.equal(chime.calls.length, 0);
});

test('phone number delete retries while the number is still assigned, and accepts a number already gone', async () => {
  const chime = fakeChime({ DeletePhoneNumber: [error('BadRequestException'), {}, error('NotFoundException')] });
  const { onEvent } = createHandlers(chime.send, noWait);
  const event = { RequestType: 'Delete', ResourceType: 'Custom::ChimePhoneNumber', PhysicalResourceId: '+12065550100', ResourceProperties: numberProps };
  await onEvent(event);
  assert.deepEqual(chime.calls, Array(2).fill(['DeletePhoneNumber', { PhoneNumberId: '+12065550100' }]));
  await onEvent(event);
});

test('sip rule create targets the SIP media application and retries while a fresh number is refused', async () => {
  const chime = fakeChime({ CreateSipRule: [error('BadRequestException'), { SipRule: { SipRuleId: 'rule-1' } }] });
  const { onEvent } = createHandlers(chime.send, noWait);
  const result = await onEvent({ RequestType: 'Create', ResourceType: 'Custom::ChimeSipRule', ResourceProperties: ruleProps });
  assert.deepEqual(result, { PhysicalResourceId: 'rule-1' });
  assert.deepEqual(chime.calls[1], ['CreateSipRule', {
    Name: 'Ivr-inbound', TriggerType: 'ToPhoneNumber', TriggerValue: '+15555550100', Disabled: false,
    TargetApplications: [{ SipMediaApplicationId: 'sma-1', Priority: 1, AwsRegion: 'us-east-1' }],
  }]);
});

test('sip rule create gives up after the configured attempts and on other errors at once', async () => {
  const refused = fakeChime({ CreateSipRule: Array(3).fill(null).map(() => error('BadRequestException')) });
  await assert.rejects(createHandlers(refused.send, noWait).onEvent({ RequestType: 'Create', ResourceType: 'Custom::ChimeSipRule', ResourceProperties: ruleProps }), /BadRequest/);
  assert.equal(refused.calls.length, 3);
  const denied = fakeChime({ CreateSipRule: [error('AccessDeniedException')] });
  await assert.rejects(createHandlers(denied.send, noWait).onEvent({ RequestType: 'Create', ResourceType: 'Custom::ChimeSipRule', ResourceProperties: ruleProps }), /AccessDenied/);
  assert.equal(denied.calls.length, 1);
});

test('sip rule delete disables the rule before deleting it', async () => {
  const chime = fakeChime({});
  const { onEvent } = createHandlers(chime.send, noWait);
  await onEvent({ RequestType: 'Delete', ResourceType: 'Custom::ChimeSipRule', PhysicalResourceId: 'rule-1', ResourceProperties: ruleProps });
  assert.deepEqual(chime.calls, [
    ['UpdateSipRule', { SipRuleId: 'rule-1', Name: 'Ivr-inbound', Disabled: true }],
    ['DeleteSipRule', { SipRuleId: 'rule-1' }],
  ]);
});

test('sip rule delete of a rule that no longer exists succeeds', async () => {
  const chime = fakeChime({ UpdateSipRule: [error('NotFoundException')] });
  const { onEvent } = createHandlers(chime.send, noWait);
  const result = await onEvent({ RequestType: 'Delete', ResourceType: 'Custom::ChimeSipRule', PhysicalResourceId: 'rule-1', ResourceProperties: ruleProps });
  assert.deepEqual(result, { PhysicalResourceId: 'rule-1' });
  assert.deepEqual(chime.names(), ['UpdateSipRule']);
});

test('sip rule update changes targets in place, but a new number makes a new rule', async () => {
  const chime = fakeChime({ CreateSipRule: [{ SipRule: { SipRuleId: 'rule-2' } }] });
  const { onEvent } = createHandlers(chime.send, noWait);
  const inPlace = await onEvent({ RequestType: 'Update', ResourceType: 'Custom::ChimeSipRule', PhysicalResourceId: 'rule-1',
    ResourceProperties: { ...ruleProps, SipMediaApplicationId: 'sma-2' }, OldResourceProperties: ruleProps });
  assert.deepEqual(inPlace, { PhysicalResourceId: 'rule-1' });
  assert.deepEqual(chime.calls[0], ['UpdateSipRule', { SipRuleId: 'rule-1', Name: 'Ivr-inbound', Disabled: false,
    TargetApplications: [{ SipMediaApplicationId: 'sma-2', Priority: 1, AwsRegion: 'us-east-1' }] }]);

  const replaced = await onEvent({ RequestType: 'Update', ResourceType: 'Custom::ChimeSipRule', PhysicalResourceId: 'rule-1',
    ResourceProperties: { ...ruleProps, TriggerValue: '+15555550199' }, OldResourceProperties: ruleProps });
  assert.deepEqual(replaced, { PhysicalResourceId: 'rule-2' });
  assert.equal(chime.calls[1][0], 'CreateSipRule');
});

test('unknown resource types are refused', async () => {
  const { onEvent } = createHandlers(fakeChime({}).send, noWait);
  await assert.rejects(onEvent({ RequestType: 'Create', ResourceType: 'Custom::Other', ResourceProperties: {} }), /Unknown resource type/);
});

const VC_ID = 'abcdef1ghij2klmno3pqr4';
const vcProps = { Name: 'Ivr-pbx', AwsRegion: 'us-east-1', RequireEncryption: 'false' };
const connector = { VoiceConnector: { VoiceConnectorId: VC_ID, VoiceConnectorArn: `arn:aws:chime:us-east-1:111111111111:vc/${VC_ID}`, OutboundHostName: `${VC_ID}.voiceconnector.chime.aws` } };

test('voice connector create sends the property strings as the API types and returns the id, ARN and host', async () => {
  const chime = fakeChime({ CreateVoiceConnector: [connector] });
  const result = await createHandlers(chime.send, noWait).onEvent({ RequestType: 'Create', ResourceType: 'Custom::ChimeVoiceConnector', ResourceProperties: vcProps });
  assert.deepEqual(chime.calls, [['CreateVoiceConnector', { Name: 'Ivr-pbx', AwsRegion: 'us-east-1', RequireEncryption: false }]]);
  assert.deepEqual(result, { PhysicalResourceId: VC_ID, Data: connector.VoiceConnector });
});

test('voice connector update renames in place and returns the attributes again; a new region makes a new connector; delete ignores a missing one', async () => {
  const chime = fakeChime({ UpdateVoiceConnector: [connector], CreateVoiceConnector: [connector], DeleteVoiceConnector: [error('NotFoundException')] });
  const { onEvent } = createHandlers(chime.send, noWait);
  const base = { ResourceType: 'Custom::ChimeVoiceConnector', PhysicalResourceId: VC_ID, OldResourceProperties: vcProps };
  const renamed = await onEvent({ ...base, RequestType: 'Update', ResourceProperties: { ...vcProps, Name: 'Ivr-pbx2' } });
  assert.deepEqual(renamed.Data, connector.VoiceConnector);
  await onEvent({ ...base, RequestType: 'Update', ResourceProperties: { ...vcProps, AwsRegion: 'us-west-2' } });
  await onEvent({ ...base, RequestType: 'Delete', ResourceProperties: vcProps });
  assert.deepEqual(chime.calls, [
    ['UpdateVoiceConnector', { VoiceConnectorId: VC_ID, Name: 'Ivr-pbx2', RequireEncryption: false }],
    ['CreateVoiceConnector', { Name: 'Ivr-pbx', AwsRegion: 'us-west-2', RequireEncryption: false }],
    ['DeleteVoiceConnector', { VoiceConnectorId: VC_ID }],
  ]);
});

test('origination routes to the PBX on its SIP port and is removed by connector id', async () => {
  const chime = fakeChime({});
  const { onEvent } = createHandlers(chime.send, noWait);
  const props = { VoiceConnectorId: VC_ID, Host: '198.51.100.7', Port: '5060', Protocol: 'UDP' };
  const created = await onEvent({ RequestType: 'Create', ResourceType: 'Custom::ChimeVoiceConnectorOrigination', ResourceProperties: props });
  await onEvent({ RequestType: 'Delete', ResourceType: 'Custom::ChimeVoiceConnectorOrigination', PhysicalResourceId: created.PhysicalResourceId, ResourceProperties: props });
  assert.deepEqual(chime.calls, [
    ['PutVoiceConnectorOrigination', { VoiceConnectorId: VC_ID, Origination: { Disabled: false, Routes: [{ Host: '198.51.100.7', Port: 5060, Protocol: 'UDP', Priority: 1, Weight: 1 }] } }],
    ['DeleteVoiceConnectorOrigination', { VoiceConnectorId: VC_ID }],
  ]);
});

test('sip media application is created on the function alias, updated in place and deleted by id', async () => {
  const sma = { SipMediaApplication: { SipMediaApplicationId: '11111111-2222-4333-8444-555555555555', SipMediaApplicationArn: 'arn:aws:chime:us-east-1:111111111111:sma/11111111-2222-4333-8444-555555555555' } };
  const chime = fakeChime({ CreateSipMediaApplication: [sma], UpdateSipMediaApplication: [sma] });
  const { onEvent } = createHandlers(chime.send, noWait);
  const props = { Name: 'Ivr-ivr', AwsRegion: 'us-east-1', LambdaArn: 'arn:aws:lambda:us-east-1:111111111111:function:Ivr-IvrApi:live' };
  const base = { ResourceType: 'Custom::ChimeSipMediaApplication', ResourceProperties: props, OldResourceProperties: props };
  assert.deepEqual(await onEvent({ ...base, RequestType: 'Create' }), { PhysicalResourceId: sma.SipMediaApplication.SipMediaApplicationId, Data: sma.SipMediaApplication });
  await onEvent({ ...base, RequestType: 'Update', PhysicalResourceId: sma.SipMediaApplication.SipMediaApplicationId });
  await onEvent({ ...base, RequestType: 'Delete', PhysicalResourceId: sma.SipMediaApplication.SipMediaApplicationId });
  assert.deepEqual(chime.names(), ['CreateSipMediaApplication', 'UpdateSipMediaApplication', 'DeleteSipMediaApplication']);
  assert.deepEqual(chime.calls[0][1], { Name: 'Ivr-ivr', AwsRegion: 'us-east-1', Endpoints: [{ LambdaArn: props.LambdaArn }] });
});
