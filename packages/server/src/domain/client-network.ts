// Which network a client's quota is counted for: the IPv4 address, or the IPv6 /64 prefix
// (one IPv6 host usually controls a whole /64, so counting single addresses would be no limit).
import { isIPv4, isIPv6 } from 'node:net';

function expandIPv6(ip: string): number[] {
  let text = ip.split('%')[0]!;
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -v4[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') as [string, string] : [text, null];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === null ? [] : new Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((h) => parseInt(h, 16));
}

/** A stable key for the client's quota network: "4:a.b.c.d" or "6:xxxx:xxxx:xxxx:xxxx::/64". */
export function quotaNetwork(ip: string): string {
  if (isIPv4(ip)) return `4:${ip}`;
  if (isIPv6(ip)) {
    const h = expandIPv6(ip);
    // IPv4-mapped addresses (::ffff:a.b.c.d) are IPv4 clients.
    if (h.slice(0, 5).every((x) => x === 0) && h[5] === 0xffff) {
      return `4:${h[6]! >> 8}.${h[6]! & 255}.${h[7]! >> 8}.${h[7]! & 255}`;
    }
    return `6:${h.slice(0, 4).map((x) => x.toString(16)).join(':')}::/64`;
  }
  return `?:${ip}`;
}
