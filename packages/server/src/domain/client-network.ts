// Which network a client's quota is counted for: the IPv4 address, or the IPv6 /64 prefix
// (one IPv6 host usually controls a whole /64, so counting single addresses would be no limit).
// Parsing is ipaddr.js's, the same library the webhook guard uses.
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** A stable key for the client's quota network: "4:a.b.c.d" or "6:xxxx:xxxx:xxxx:xxxx::/64". */
export function quotaNetwork(ip: string): string {
  // Only canonical forms count: ipaddr.js would also read "01.2.3.4" or "0x7f.1" as addresses.
  const family = isIP(ip);
  if (family === 0) return `?:${ip}`;
  // Node accepts only dotted-decimal IPv4 without leading zeros: already the canonical form.
  if (family === 4) return `4:${ip}`;
  let parsed = ipaddr.parse(ip.split('%')[0]!);
  // IPv4-mapped addresses (::ffff:a.b.c.d) are IPv4 clients.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (parsed.kind() === 'ipv4') return `4:${parsed.toString()}`;
  const parts = (parsed as ipaddr.IPv6).parts;
  return `6:${parts.slice(0, 4).map((x) => x.toString(16)).join(':')}::/64`;
}
