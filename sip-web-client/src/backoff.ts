import type { ReconnectOptions } from './config';

/**
 * Delay before reconnection attempt `attempt` (1-based): the first is immediate, then exponential
 * from firstDelayMs up to maxDelayMs, with jitter so many agents do not reconnect in lockstep after a PBX restart.
 */
export function reconnectDelay(attempt: number, options: ReconnectOptions, random: () => number = Math.random): number {
  if (attempt <= 1) return 0;
  const ceiling = Math.min(options.maxDelayMs, options.firstDelayMs * 2 ** (attempt - 2));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
