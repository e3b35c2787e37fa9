// Share links: `<origin>/secret/<id>#v1.<key>` and, in split mode, `<origin>/secret/<id>` plus
// the key on its own (spec P-LINK-1..7). The key travels only in the fragment, which never
// reaches a server (RFC 3986 §3.5).
import { ValidationError } from '../errors.js';
import { parseKey } from './key.js';
import { isSecretId } from './secret-id.js';

export interface ParsedLink {
  /** `scheme://host[:port]`, where the secret lives and where retrieval goes. */
  origin: string;
  id: string;
  /** The key string `v1.…`. */
  key: string;
}

const PATH = /^\/secret\/([^/]*)\/?$/;

function invalid(message: string): ValidationError {
  return new ValidationError('INVALID_LINK', message);
}

/** Normalises an origin or base URL to `scheme://host[:port]`; throws INVALID_LINK. */
export function normalizeOrigin(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw invalid(`Not an absolute URL: ${JSON.stringify(base)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(`Unsupported scheme "${url.protocol}" (use https or http)`);
  return url.origin;
}

export function buildSecretUrl(origin: string, id: string): string {
  if (!isSecretId(id)) throw invalid('Secret id must be 22 base64url characters');
  return `${normalizeOrigin(origin)}/secret/${id}`;
}

export function buildLink(origin: string, id: string, key: string): string {
  parseKey(key).fill(0);
  return `${buildSecretUrl(origin, id)}#${key}`;
}

/** Parses the URL part (standard or split). Returns the raw fragment without '#'. */
export function parseSecretUrl(link: string): { origin: string; id: string; fragment: string } {
  if (typeof link !== 'string') throw invalid('Link must be a string');
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw invalid('Link is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(`Unsupported link scheme "${url.protocol}"`);
  if (url.username !== '' || url.password !== '') throw invalid('Link must not contain credentials');
  const match = PATH.exec(url.pathname);
  if (match === null) throw invalid('Link path must be /secret/<id>');
  const id = match[1]!;
  if (!isSecretId(id)) throw invalid('Secret id in link must be 22 base64url characters');
  return { origin: url.origin, id, fragment: url.hash.replace(/^#/, '') };
}

/** Parses a standard-mode link; the key must be in the fragment. Throws INVALID_LINK or INVALID_KEY. */
export function parseLink(link: string): ParsedLink {
  const { origin, id, fragment } = parseSecretUrl(link);
  if (fragment === '') throw invalid('Link has no key after "#"; for split mode pass the URL and the key separately');
  parseKey(fragment).fill(0);
  return { origin, id, key: fragment };
}

/** Parses split-mode parts: a URL without a key fragment, and the key string. */
export function parseSplitLink(parts: { url: string; key: string }): ParsedLink {
  const { origin, id, fragment } = parseSecretUrl(parts.url);
  if (fragment !== '') throw invalid('Split-mode URL must not carry a key fragment');
  parseKey(parts.key).fill(0);
  return { origin, id, key: parts.key };
}
