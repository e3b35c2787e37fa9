// Web sessions: a random token in a cookie, stored only as its hash. A session ends at its
// absolute expiry, after idling too long, or when revoked.
export interface SessionRecord {
  id: string;
  /** SHA-256 of the cookie's token, hex. */
  hash: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  /** Absolute end, whatever the activity. */
  expiresAt: number;
  /** A short description of the browser, for the user's session list. */
  label: string | null;
}

export interface SessionStore {
  insert(session: SessionRecord): Promise<void>;
  /** The session with this hash if it has not ended: now < expiresAt and now < lastSeenAt + idleMs. */
  findLive(hash: string, now: number, idleMs: number): Promise<SessionRecord | null>;
  /** Moves lastSeenAt to `now`. */
  touch(id: string, now: number): Promise<void>;
  /** A user's live sessions, most recently seen first. */
  listForUser(userId: string, now: number, idleMs: number): Promise<SessionRecord[]>;
  /** Ends one of the user's sessions; false when there is none with this id. */
  revoke(userId: string, id: string): Promise<boolean>;
  /** Ends all of the user's sessions; returns how many. */
  revokeAll(userId: string): Promise<number>;
  /** Deletes ended sessions, expired challenges and device codes; returns how many rows. */
  sweep(now: number, idleMs: number): Promise<number>;
}
