// The WebAuthn ceremonies, through @simplewebauthn/server: options out, a browser's answer in,
// verified against a one-time challenge the store hands back at most once. Who the relying party
// is (origin and RP ID) comes from the request or ZEPHR_PUBLIC_URL; the domain only passes it on.
import type * as WebAuthn from '@simplewebauthn/server';
import type {
  AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { ChallengeRecord, PasskeyRecord, PasskeyStore } from '../store/store.js';
import { DomainError } from './domain-error.js';

export type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON };

export interface RelyingParty {
  /** The page's origin, e.g. https://zephr.example.com (what the browser signs). */
  origin: string;
  /** Its host name (WebAuthn refuses IP addresses). */
  rpId: string;
}

const CHALLENGE_MS = 5 * 60_000;
const RP_NAME = 'Zephr';

const rejected = () => new DomainError('INVALID_PASSKEY_RESPONSE');

// Loaded at the first ceremony: the library and its ASN.1 and CBOR parsers hold ~25 MB resident,
// which a server that nobody signs in to need not carry.
let library: Promise<typeof WebAuthn> | null = null;
const webauthn = () => (library ??= import('@simplewebauthn/server'));

/** The challenge a browser's answer signed, read from its clientDataJSON; null when unreadable. */
function answeredChallenge(response: { response?: { clientDataJSON?: unknown } }): string | null {
  const raw = response?.response?.clientDataJSON;
  if (typeof raw !== 'string' || raw.length > 4096) return null;
  try {
    const challenge = (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { challenge?: unknown }).challenge;
    return typeof challenge === 'string' && challenge.length <= 128 ? challenge : null;
  } catch {
    return null;
  }
}

export class Passkeys {
  constructor(private readonly store: PasskeyStore, private readonly clock: () => number) {}

  /** Options to make a passkey for `user`; `data` rides with the challenge to `verifyRegistration`. */
  async registrationOptions(rp: RelyingParty, user: { id: string; name: string }, purpose: ChallengeRecord['purpose'], data: object, exclude: PasskeyRecord[] = []): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const options = await (await webauthn()).generateRegistrationOptions({
      rpName: RP_NAME, rpID: rp.rpId, userName: user.name, userID: new TextEncoder().encode(user.id),
      attestationType: 'none',
      // A discoverable credential: signing in needs no name typed first.
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
      excludeCredentials: exclude.map((p) => ({ id: p.id, transports: p.transports })),
      timeout: CHALLENGE_MS,
    });
    await this.store.putChallenge({ challenge: options.challenge, purpose, data: JSON.stringify(data), expiresAt: this.clock() + CHALLENGE_MS });
    return options;
  }

  /** Verifies a new passkey; returns its record (not stored yet) and the challenge's data. */
  async verifyRegistration<T>(rp: RelyingParty, response: RegistrationResponseJSON, purpose: ChallengeRecord['purpose'], owner: (data: T) => string, name: string): Promise<{ passkey: PasskeyRecord; data: T }> {
    const now = this.clock();
    const challenge = await this.take(response, purpose, now);
    const data = JSON.parse(challenge.data) as T;
    let verified;
    try {
      verified = await (await webauthn()).verifyRegistrationResponse({ response, expectedChallenge: challenge.challenge, expectedOrigin: rp.origin, expectedRPID: rp.rpId, requireUserVerification: false });
    } catch {
      throw rejected();
    }
    if (!verified.verified) throw rejected();
    const { credential } = verified.registrationInfo;
    return {
      data,
      passkey: {
        id: credential.id, userId: owner(data), publicKey: Buffer.from(credential.publicKey).toString('base64url'), counter: credential.counter,
        transports: credential.transports ?? response.response.transports ?? [], name, createdAt: now, lastUsedAt: null,
      },
    };
  }

  /** Options to sign in with any passkey of this site (discoverable credentials). */
  async authenticationOptions(rp: RelyingParty): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const options = await (await webauthn()).generateAuthenticationOptions({ rpID: rp.rpId, userVerification: 'preferred', timeout: CHALLENGE_MS });
    await this.store.putChallenge({ challenge: options.challenge, purpose: 'signin', data: '{}', expiresAt: this.clock() + CHALLENGE_MS });
    return options;
  }

  /** Verifies a sign-in; returns the passkey used, its counter and last use updated. */
  async verifyAuthentication(rp: RelyingParty, response: AuthenticationResponseJSON): Promise<PasskeyRecord> {
    const now = this.clock();
    const challenge = await this.take(response, 'signin', now);
    const passkey = typeof response?.id === 'string' && response.id.length <= 1024 ? await this.store.get(response.id) : null;
    if (passkey === null) throw rejected();
    let verified;
    try {
      verified = await (await webauthn()).verifyAuthenticationResponse({
        response, expectedChallenge: challenge.challenge, expectedOrigin: rp.origin, expectedRPID: rp.rpId, requireUserVerification: false,
        credential: { id: passkey.id, publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')), counter: passkey.counter, transports: passkey.transports },
      });
    } catch {
      throw rejected();
    }
    if (!verified.verified) throw rejected();
    await this.store.recordUse(passkey.id, verified.authenticationInfo.newCounter, now);
    return { ...passkey, counter: verified.authenticationInfo.newCounter, lastUsedAt: now };
  }

  private async take(response: { response?: { clientDataJSON?: unknown } }, purpose: ChallengeRecord['purpose'], now: number): Promise<ChallengeRecord> {
    const answered = answeredChallenge(response);
    const challenge = answered === null ? null : await this.store.takeChallenge(answered, now);
    if (challenge === null || challenge.purpose !== purpose) throw rejected();
    return challenge;
  }
}
