// `zephr limits`: what this caller may do on the server (GET /api/limits through the SDK).
import { EXPIRY_LABELS } from '../protocol/rules.js';
import { getLimits } from '../sdk/get-limits.js';
import type { CliArgs } from './args.js';
import { formatBytes } from '../format-bytes.js';
import { timeUntil } from './describe.js';
import { apiKeyFor } from './credentials.js';
import type { CliIo } from './io.js';

export async function limitsCommand(args: CliArgs, io: CliIo, now = Date.now()): Promise<void> {
  const baseUrl = args.server ?? io.env.ZEPHR_URL;
  const apiKey = apiKeyFor(args.apiKey, io.env, baseUrl);
  const limits = await getLimits({ apiKey, ...(baseUrl !== undefined && { baseUrl }) });
  if (args.json) {
    io.stdout.write(`${JSON.stringify(limits)}\n`);
    return;
  }
  const label = (minutes: number) => (EXPIRY_LABELS as Record<number, string>)[minutes] ?? `${minutes} minutes`;
  const allowed = limits.expiry.options.filter((o) => o.allowed).map((o) => (o.minutes === limits.expiry.default ? `${label(o.minutes)} (default)` : label(o.minutes)));
  const locked = limits.expiry.options.filter((o) => !o.allowed && o.min_tier !== null).map((o) => `${label(o.minutes)} (${o.min_tier} tier)`);
  const q = limits.quota;
  const period = q.period === 'day' ? 'today' : 'this month';
  const lines = [
    `Tier: ${limits.tier}${apiKey === null ? ' (no API key)' : ''}`,
    `Expiries: ${allowed.join(', ')}`,
    ...(locked.length > 0 ? [`  Needs a higher tier: ${locked.join(', ')}`] : []),
    `Max secret: ${formatBytes(limits.max_secret_bytes)}`,
    `Creates: ${q.remaining} of ${q.limit} left ${period} (resets ${q.resets_at}, ${timeUntil(Date.parse(q.resets_at), now)})`,
    `Callbacks: ${limits.callbacks ? 'yes' : apiKey === null ? 'need an API key' : 'not on this tier'}`,
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
}
