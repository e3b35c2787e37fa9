// `zephr-server healthcheck`: asks the local server's /readyz (200 only while its store answers),
// for container HEALTHCHECKs and service monitors. Reads the same ZEPHR_HOST/ZEPHR_PORT it serves on.
import type { Config } from '../config.js';

export async function healthcheck(config: Pick<Config, 'host' | 'port'>): Promise<boolean> {
  // A wildcard listen address is reached on loopback.
  const host = config.host === '0.0.0.0' || config.host === '' ? '127.0.0.1' : config.host === '::' ? '[::1]' : config.host.includes(':') ? `[${config.host}]` : config.host;
  try {
    const response = await fetch(`http://${host}:${config.port}/readyz`, { signal: AbortSignal.timeout(4000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}
