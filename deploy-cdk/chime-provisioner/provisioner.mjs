// Custom-resource logic for the Chime SDK Voice resources CloudFormation cannot create in CDK 2.160: the Voice
// Connector and its origination, the SIP media application, a phone number order (asynchronous, polled by
// isComplete) and a SIP rule (must be disabled before it can be deleted). CloudFormation passes every property as a
// string, so numbers and booleans are converted here.
// `send(command, input)` calls Chime SDK Voice; index.mjs wires it to the AWS SDK, tests to a recording fake.

const FAILED_ORDER = ['Failed', 'Partial', 'Exception', 'Cancelled', 'CancelRequested'];

export function createHandlers(send, { sleep = (ms) => new Promise((r) => setTimeout(r, ms)), retryDelayMs = 10000, attempts = 12 } = {}) {
  // Freshly ordered numbers are rejected (BadRequest) for a while, and a number stays assigned for a moment after
  // its SIP rule is deleted: retry those, fail on anything else.
  async function retrying(command, input, retryOn) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send(command, input);
      } catch (err) {
        if (!retryOn.includes(err.name) || attempt >= attempts) throw err;
        await sleep(retryDelayMs);
      }
    }
  }

  async function ignoringNotFound(command, input) {
    try {
      return await send(command, input);
    } catch (err) {
      if (err.name !== 'NotFoundException') throw err;
      return undefined;
    }
  }

  const phoneNumber = {
    async Create(p) {
      const search = { Country: p.Country, PhoneNumberType: p.PhoneNumberType, MaxResults: 1 };
      if (p.AreaCode) search.AreaCode = p.AreaCode;
      if (p.State) search.State = p.State;
      if (p.TollFreePrefix) search.TollFreePrefix = p.TollFreePrefix;
      const found = await send('SearchAvailablePhoneNumbers', search);
      const number = found.E164PhoneNumbers?.[0];
      if (!number) throw new Error(`No phone number available for ${JSON.stringify(search)}; change phoneAreaCode/phoneState/phoneTollFreePrefix or pass phoneNumber.`);
      const order = await send('CreatePhoneNumberOrder', { ProductType: p.ProductType, E164PhoneNumbers: [number] });
      return { PhysicalResourceId: number, Data: { E164PhoneNumber: number, OrderId: order.PhoneNumberOrder.PhoneNumberOrderId } };
    },
    // A new search would buy a second number; keep the one we have.
    async Update(_p, event) {
      return { PhysicalResourceId: event.PhysicalResourceId, Data: { E164PhoneNumber: event.PhysicalResourceId } };
    },
    // Reached only when the stack releases numbers (otherwise CloudFormation retains the resource).
    async Delete(_p, event) {
      try {
        await retrying('DeletePhoneNumber', { PhoneNumberId: event.PhysicalResourceId }, ['BadRequestException', 'ConflictException']);
      } catch (err) {
        if (err.name !== 'NotFoundException') throw err;
      }
      return { PhysicalResourceId: event.PhysicalResourceId };
    },
  };

  const targets = (p) => [{ SipMediaApplicationId: p.SipMediaApplicationId, Priority: 1, AwsRegion: p.AwsRegion }];

  const sipRule = {
    async Create(p) {
      const created = await retrying('CreateSipRule', {
        Name: p.Name, TriggerType: p.TriggerType, TriggerValue: p.TriggerValue, Disabled: false, TargetApplications: targets(p),
      }, ['BadRequestException']);
      return { PhysicalResourceId: created.SipRule.SipRuleId };
    },
    async Update(p, event) {
      const old = event.OldResourceProperties ?? {};
      // The trigger cannot be changed in place: make a new rule; CloudFormation then deletes the old one.
      if (old.TriggerType !== p.TriggerType || old.TriggerValue !== p.TriggerValue) return sipRule.Create(p);
      await send('UpdateSipRule', { SipRuleId: event.PhysicalResourceId, Name: p.Name, Disabled: false, TargetApplications: targets(p) });
      return { PhysicalResourceId: event.PhysicalResourceId };
    },
    async Delete(p, event) {
      // "You must disable a rule before you can delete it." (API_SipRule)
      const disabled = await ignoringNotFound('UpdateSipRule', { SipRuleId: event.PhysicalResourceId, Name: p.Name, Disabled: true });
      if (disabled) await ignoringNotFound('DeleteSipRule', { SipRuleId: event.PhysicalResourceId });
      return { PhysicalResourceId: event.PhysicalResourceId };
    },
  };

  const voiceConnectorData = ({ VoiceConnector: v }) => ({
    PhysicalResourceId: v.VoiceConnectorId,
    Data: { VoiceConnectorId: v.VoiceConnectorId, VoiceConnectorArn: v.VoiceConnectorArn, OutboundHostName: v.OutboundHostName },
  });

  const voiceConnector = {
    async Create(p) {
      return voiceConnectorData(await send('CreateVoiceConnector', { Name: p.Name, AwsRegion: p.AwsRegion, RequireEncryption: p.RequireEncryption === 'true' }));
    },
    // The region cannot change in place: a new connector; CloudFormation then deletes the old one.
    async Update(p, event) {
      if (p.AwsRegion !== event.OldResourceProperties?.AwsRegion) return voiceConnector.Create(p);
      return voiceConnectorData(await send('UpdateVoiceConnector', {
        VoiceConnectorId: event.PhysicalResourceId, Name: p.Name, RequireEncryption: p.RequireEncryption === 'true',
      }));
    },
    async Delete(_p, event) {
      await ignoringNotFound('DeleteVoiceConnector', { VoiceConnectorId: event.PhysicalResourceId });
      return { PhysicalResourceId: event.PhysicalResourceId };
    },
  };

  const origination = {
    async Create(p) {
      await send('PutVoiceConnectorOrigination', {
        VoiceConnectorId: p.VoiceConnectorId,
        Origination: { Disabled: false, Routes: [{ Host: p.Host, Port: Number(p.Port), Protocol: p.Protocol, Priority: 1, Weight: 1 }] },
      });
      return { PhysicalResourceId: `${p.VoiceConnectorId}-origination` };
    },
    async Update(p) {
      return origination.Create(p);
    },
    async Delete(p) {
      await ignoringNotFound('DeleteVoiceConnectorOrigination', { VoiceConnectorId: p.VoiceConnectorId });
      return { PhysicalResourceId: `${p.VoiceConnectorId}-origination` };
    },
  };

  const sipMediaApplicationData = ({ SipMediaApplication: a }) => ({
    PhysicalResourceId: a.SipMediaApplicationId,
    Data: { SipMediaApplicationId: a.SipMediaApplicationId, SipMediaApplicationArn: a.SipMediaApplicationArn },
  });

  const sipMediaApplication = {
    async Create(p) {
      return sipMediaApplicationData(await send('CreateSipMediaApplication', { Name: p.Name, AwsRegion: p.AwsRegion, Endpoints: [{ LambdaArn: p.LambdaArn }] }));
    },
    async Update(p, event) {
      if (p.AwsRegion !== event.OldResourceProperties?.AwsRegion) return sipMediaApplication.Create(p);
      return sipMediaApplicationData(await send('UpdateSipMediaApplication', {
        SipMediaApplicationId: event.PhysicalResourceId, Name: p.Name, Endpoints: [{ LambdaArn: p.LambdaArn }],
      }));
    },
    async Delete(_p, event) {
      await ignoringNotFound('DeleteSipMediaApplication', { SipMediaApplicationId: event.PhysicalResourceId });
      return { PhysicalResourceId: event.PhysicalResourceId };
    },
  };

  const resources = {
    'Custom::ChimeVoiceConnector': voiceConnector,
    'Custom::ChimeVoiceConnectorOrigination': origination,
    'Custom::ChimeSipMediaApplication': sipMediaApplication,
    'Custom::ChimePhoneNumber': phoneNumber,
    'Custom::ChimeSipRule': sipRule,
  };

  async function onEvent(event) {
    const resource = resources[event.ResourceType];
    if (!resource) throw new Error(`Unknown resource type ${event.ResourceType}`);
    return resource[event.RequestType](event.ResourceProperties, event);
  }

  async function isComplete(event) {
    if (event.ResourceType !== 'Custom::ChimePhoneNumber' || event.RequestType !== 'Create') return { IsComplete: true };
    const { PhoneNumberOrder: order } = await send('GetPhoneNumberOrder', { PhoneNumberOrderId: event.Data.OrderId });
    if (order.Status === 'Successful') return { IsComplete: true };
    if (FAILED_ORDER.includes(order.Status)) {
      throw new Error(`Phone number order ${event.Data.OrderId} ended ${order.Status}: ${JSON.stringify(order.OrderedPhoneNumbers ?? [])}`);
    }
    return { IsComplete: false };
  }

  return { onEvent, isComplete };
}
