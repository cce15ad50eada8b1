// Lambda runtimes: none deprecated or within 180 days of its deprecation date, by the dated table in
// lambda-runtimes.json (from https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html).
import { readFileSync } from 'node:fs';

export const MARGIN_DAYS = 180;
export const table = JSON.parse(readFileSync(new URL('./lambda-runtimes.json', import.meta.url)));

/** Errors for every AWS::Lambda::Function whose runtime is unknown, deprecated or deprecated within MARGIN_DAYS of `today`. */
export function checkRuntimes(template, today = new Date()) {
  const errors = [];
  let functions = 0;
  for (const [id, r] of Object.entries(template.Resources ?? {})) {
    if (r.Type !== 'AWS::Lambda::Function') continue;
    functions++;
    const runtime = r.Properties?.Runtime;
    // Container-image functions have no runtime.
    if (runtime === undefined && r.Properties?.PackageType === 'Image') continue;
    const entry = table.runtimes[runtime];
    if (!entry) { errors.push(`${id}: runtime ${runtime} is not in lambda-runtimes.json`); continue; }
    const deprecation = new Date(`${entry.deprecation}T00:00:00Z`);
    const days = Math.floor((deprecation - today) / 86400000);
    if (days < MARGIN_DAYS) errors.push(`${id}: ${runtime} is deprecated on ${entry.deprecation} (${days} days from ${today.toISOString().slice(0, 10)}; at least ${MARGIN_DAYS} needed)`);
  }
  return { errors, functions };
}
