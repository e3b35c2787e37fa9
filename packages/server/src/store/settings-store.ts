// Settings: small values made once per store and kept for its life (first writer wins), such as
// the installation secret and the server key's fingerprint.
import { randomBytes } from 'node:crypto';

export interface SettingsStore {
  /**
   * Stores `value` under `key` unless a value is already there (first writer wins, across
   * processes); returns the stored value.
   */
  claim(key: string, value: string): Promise<string>;
}

/** A random 32-byte value made once per store and kept forever (used to hash client IPs). */
export async function installationSecret(settings: SettingsStore): Promise<Uint8Array> {
  const stored = await settings.claim('installation_secret', randomBytes(32).toString('hex'));
  return new Uint8Array(Buffer.from(stored, 'hex'));
}
