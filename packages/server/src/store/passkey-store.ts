// Passkeys (WebAuthn credentials) and the one-time challenges of the ceremonies that make and use
// them. A credential's public key is stored; nothing that could sign in is.
export interface PasskeyRecord {
  /** The credential id, base64url. */
  id: string;
  userId: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  /** The authenticator's signature counter (0 for authenticators that keep none). */
  counter: number;
  transports: string[];
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

/** A challenge handed to a browser, with what the ceremony needs when the answer comes back. */
export interface ChallengeRecord {
  challenge: string;
  purpose: 'signup' | 'signin' | 'add-passkey';
  /** JSON the ceremony carries (the new user's id and name, the invite, the signed-in user). */
  data: string;
  expiresAt: number;
}

export interface PasskeyStore {
  /** Rejects when the credential id exists already. */
  insert(passkey: PasskeyRecord): Promise<void>;
  get(id: string): Promise<PasskeyRecord | null>;
  /** A user's passkeys, oldest first. */
  listForUser(userId: string): Promise<PasskeyRecord[]>;
  /** Records a sign-in: the new counter and the time. */
  recordUse(id: string, counter: number, now: number): Promise<void>;
  /** Deletes one of the user's passkeys unless it is their last; false when not deleted. */
  removeUnlessLast(userId: string, id: string): Promise<boolean>;

  putChallenge(challenge: ChallengeRecord): Promise<void>;
  /** Deletes and returns a live challenge (each is answered at most once); null when unknown or expired. */
  takeChallenge(challenge: string, now: number): Promise<ChallengeRecord | null>;
}
