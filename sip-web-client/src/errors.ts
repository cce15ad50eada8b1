// Failures the agent must understand, in words rather than in a console.

/** Responses to REGISTER that retrying cannot fix: the agent must change the sign-in details. */
const refusedCodes = new Set([401, 403, 404, 407]);

export function registrationRefusal(statusCode: number | undefined, reasonPhrase: string | undefined): string | undefined {
  return statusCode !== undefined && refusedCodes.has(statusCode)
    ? `Registration refused by the server (${[statusCode, reasonPhrase].filter(Boolean).join(' ')}). Check the extension and password.`
    : undefined;
}

export function mediaErrorMessage(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'Microphone access was denied, so the call could not be answered. Allow the microphone for this page and try again.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No microphone was found, so the call could not be answered.';
  if (name === 'NotReadableError') return 'The microphone is in use by another program, so the call could not be answered.';
  return 'The call could not be answered: the browser could not start the audio.';
}
