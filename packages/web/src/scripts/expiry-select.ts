// The expiry <select> of the create and request pages: every expiry of the protocol, those the
// caller's tier (GET /api/limits) does not allow shown disabled with the tier that would.
import { DEFAULT_EXPIRY, getLimits, type Limits } from 'zephr';
import { expiryName } from './format.js';

export function fillExpiries(expiry: HTMLSelectElement, help: HTMLElement, limits: Limits | null): void {
  const options = limits?.expiry.options ?? [{ minutes: DEFAULT_EXPIRY, allowed: true, min_tier: 'anonymous' }];
  expiry.replaceChildren(...options.map((o) => {
    const option = new Option(o.allowed ? expiryName(o.minutes) : `${expiryName(o.minutes)} (needs ${o.min_tier === 'free' ? 'an API key' : `the ${o.min_tier} tier`})`, String(o.minutes));
    option.disabled = !o.allowed;
    option.selected = o.minutes === (limits?.expiry.default ?? DEFAULT_EXPIRY);
    return option;
  }));
  help.textContent = limits === null ? ''
    : limits.tier === 'anonymous' ? 'Greyed-out choices need an account: sign in for your tier\'s expiries (see Plans).' : `Your ${limits.tier} tier's expiries.`;
}

/** The caller's limits from this server (null when they cannot be read), with the select filled from them. */
export async function loadExpiries(expiry: HTMLSelectElement, help: HTMLElement): Promise<Limits | null> {
  let limits: Limits | null = null;
  try {
    limits = await getLimits({ baseUrl: location.origin });
  } catch {
    // Without limits the page still works: the server says no if a choice is not allowed.
    limits = null;
  }
  fillExpiries(expiry, help, limits);
  return limits;
}
