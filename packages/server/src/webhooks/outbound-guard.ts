// SSRF guard for webhook delivery. A callback URL is chosen by an API-key holder, so the server
// must not become a way to reach its own network: https only; the host is resolved once, every
// address it resolves to must be ordinary public unicast (IPv4, IPv6, IPv4-mapped IPv6 judged as
// IPv4), and the connection goes to that checked address, so a second DNS answer (rebinding)
// never gets a say. The allow flags exist for tests and closed networks.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Resolves a host name to all its addresses. Injectable for tests; the default asks the system resolver. */
export type Lookup = (hostname: string) => Promise<{ address: string; family: number }[]>;
export const systemLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface GuardOptions {
  allowPrivate: boolean;
  allowHttp: boolean;
  lookup: Lookup;
}

/** Where to connect: the checked address, and the name for TLS (SNI, certificate) and the Host header. */
export interface Target {
  url: URL;
  address: string;
  family: 4 | 6;
  /** The host name for TLS; undefined when the URL names an IP address. */
  servername: string | undefined;
}

export class TargetRefused extends Error {
  override name = 'TargetRefused';
}

/** Why an address may not be contacted (its special range), or null for public unicast. */
export function addressProblem(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return 'not an IP address';
  }
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  return range === 'unicast' ? null : range;
}

export async function resolveTarget(raw: string, options: GuardOptions): Promise<Target> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('not an absolute URL');
  }
  if (url.protocol !== 'https:' && !(options.allowHttp && url.protocol === 'http:')) throw new TargetRefused(`${url.protocol} is not allowed (https only)`);
  if (url.username !== '' || url.password !== '') throw new TargetRefused('credentials in the URL are not allowed');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(host) !== 0;
  let addresses: { address: string; family: number }[];
  if (literal) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await options.lookup(host);
    } catch (error) {
      throw new TargetRefused(`cannot resolve ${host} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (addresses.length === 0) throw new TargetRefused(`${host} has no addresses`);
  }
  if (!options.allowPrivate) {
    for (const { address } of addresses) {
      const problem = addressProblem(address);
      if (problem !== null) throw new TargetRefused(`${host} resolves to ${address} (${problem}), which is not a public address`);
    }
  }
  const chosen = addresses[0]!;
  return { url, address: chosen.address, family: chosen.family === 6 ? 6 : 4, servername: literal ? undefined : host };
}
