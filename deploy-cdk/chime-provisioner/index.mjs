// Lambda entry points (nodejs24.x): the runtime's bundled AWS SDK v3 carries the Chime SDK Voice client.
import * as chime from '@aws-sdk/client-chime-sdk-voice';
import { createHandlers } from './provisioner.mjs';

const client = new chime.ChimeSDKVoiceClient({});

export const { onEvent, isComplete } = createHandlers((command, input) => client.send(new chime[`${command}Command`](input)));
